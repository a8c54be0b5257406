"""全市概览: a month's figures for the city, or for one office, counted in the hub's database.

The definitions, shared with the monthly bulletin (hub/bulletin.py, which counts through the
functions here) and agreeing with the desk's (services/stats.py):

- Cases by acceptance date (accepted_date in the month); registered by registration date;
  mediated = status 调解中 or a result recorded; succeeded = result 达成协议; failed = result
  调解不成. The success rate divides by the denominator chosen (domain/stats.py).
- 万人起诉率 from the area data (area_stat) of the period; 合计 sums the rows' figures.
- 联动案件: opened (opened_date in the month) and concluded (closed_date in the month), by
  mode; by status: the status now of those opened in the month.
- 企业走访: visits dated in the month; risks found on those visits, by level; open risks: found
  on a visit dated before `as_of` and not rectified before it, by level.
- 司法建议: issued (issued_date in the month), answered (reply_date in the month), overdue:
  reply due before `as_of` and no reply before it.
- 涉诉信访: received (received_date in the month); 已化解, 终结移交 and 依法终结 by the closing
  date (closed_date in the month) and status; 化解率 = 已化解 ÷ (已化解 + 终结移交 + 依法终结)
  of those closed in the month (domain/stats.py petition_resolution_rate). An office's
  petitions are those it handles (office_id).
- `as_of` is the first day after the month, or today in a month not yet over: what was open or
  overdue is counted as things stood at the start of that day (截至该日零时), so that a later
  reply or rectification does not rewrite an ended month's figure.

An office's records: the cases it handles and the suggestions it issues (their office_id),
the visits it recorded and their risks, the area data it keeps, and the joint cases it leads
(lead_office_id) or takes part in (a live joint_office record naming it). So a joint case
counts once for the city and once for every office in it.

Every figure is a count or sum in SQL, grouped in the database; no record's JSON is loaded
into Python. Fields inside a record's JSON are written as the h0011 indexes are (see Sql), so
that a month's records are found by index; the year's trend is twenty-four counts answered
from the case index, which read no record, rather than a grouping of the year's cases, which
reads every one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from fydesk.domain import codes
from fydesk.domain.errors import FydeskError
from fydesk.domain.states import MACHINES
from fydesk.domain.stats import (
    PETITION_RATE_NOTE,
    SUCCESS_DENOMINATORS,
    format_period,
    litigation_rate_per_10k,
    period_bounds,
    petition_resolution_rate,
    success_rate,
)

from .models import HubOffice, Record

__all__ = [
    "CITY", "Month", "Sql", "Tally", "accepted_cases", "area_rows", "case_tallies", "check_denominator", "city_figures",
    "count_if", "figures_xlsx", "joint_tallies", "month", "office_by_code", "petition_counts", "petition_part", "risk_counts", "succeeded",
    "suggestion_counts", "trend", "visit_counts",
]

CITY = "全市"
SUCCEEDED, FAILED, MEDIATING, RECTIFIED = "达成协议", "调解不成", "调解中", "已整改"


# --- the month -------------------------------------------------------------------------------

def shift(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Month:
    """The period counted, as the ISO text the records' dates are compared with."""

    period: str
    start: str
    end: str  # the first day of the next month: [start, end)
    as_of: str  # overdue and open as of the start of this day: the month's end, or today if sooner

    @property
    def trend(self) -> tuple[str, ...]:
        """The twelve months ending with this one, oldest first."""
        return tuple(shift(self.period, -k) for k in range(11, -1, -1))


def month(period: str, today: date | None = None) -> Month:
    """The month of a "YYYY-MM" period, or one sentence saying what is wrong with it."""
    start, end = period_bounds(period)
    today = today or date.today()
    return Month(format_period(start), start.isoformat(), end.isoformat(), min(today, end).isoformat())


def check_denominator(denominator: str) -> None:
    if denominator not in SUCCESS_DENOMINATORS:
        raise FydeskError(f"成功率口径须为 {'、'.join(SUCCESS_DENOMINATORS)} 之一。")


# --- SQL over the records' JSON --------------------------------------------------------------

class Sql:
    """Fields of a record's JSON as text, written as the h0011 indexes write them.

    Not SQLAlchemy's `data["name"]`: that binds the path as a parameter, and a planner
    matches an index on an expression only against the same expression, literal path and
    all. The entity of a partial index's records is written out for the same reason.
    """

    def __init__(self, session: Session) -> None:
        self.postgresql = session.get_bind().dialect.name == "postgresql"

    def f(self, rec: Any, name: str) -> ColumnElement[str]:
        assert name.replace("_", "").isalnum(), name  # our own field names, written into the SQL
        if self.postgresql:
            return rec.data.op("->>", return_type=String)(literal_column(f"'{name}'"))
        return func.json_extract(rec.data, literal_column(f"'$.{name}'"), type_=String)

    def n(self, rec: Any, name: str) -> ColumnElement[int]:
        """A whole-number field (counts, money in fen), 0 when empty."""
        return func.coalesce(cast(self.f(rec, name), BigInteger), 0)

    @staticmethod
    def live(rec: Any, entity: str) -> ColumnElement[bool]:
        assert entity.replace("_", "").isalnum(), entity
        return and_(rec.entity == literal_column(f"'{entity}'"), rec.deleted_at.is_(None))

    def within(self, rec: Any, name: str, start: str, end: str) -> ColumnElement[bool]:
        value = self.f(rec, name)
        return and_(value >= start, value < end)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# --- cases -----------------------------------------------------------------------------------

@dataclass
class Tally:
    """A month's cases of one office (or of all): the counts every table of figures shows."""

    registered: int = 0
    accepted: int = 0
    mediated: int = 0
    succeeded: int = 0
    failed: int = 0

    def add(self, other: Tally) -> None:
        for k in ("registered", "accepted", "mediated", "succeeded", "failed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def rate(self, denominator: str) -> float | None:
        return success_rate(self.succeeded, self.accepted, self.mediated, denominator)


def accepted_cases(q: Sql, m: Month, office_id: str | None = None) -> ColumnElement[bool]:
    """The month's cases: live, accepted in the month (and handled by the office, if one)."""
    R = Record
    return and_(q.live(R, "case"), q.within(R, "accepted_date", m.start, m.end),
                q.f(R, "office_id") == office_id if office_id is not None else true())


def succeeded(q: Sql, rec: Any = Record) -> ColumnElement[bool]:
    return q.f(rec, "result") == SUCCEEDED


def case_tallies(session: Session, m: Month, office_id: str | None = None) -> dict[str | None, Tally]:
    """Each office's month of cases (by the office named on the case)."""
    q, R = Sql(session), Record
    office, status, result = q.f(R, "office_id"), q.f(R, "status"), q.f(R, "result")
    out: dict[str | None, Tally] = defaultdict(Tally)
    for key, n, mediated, ok, failed in session.execute(
        select(office, func.count(), count_if(or_(status == MEDIATING, result.is_not(None))),
               count_if(result == SUCCEEDED), count_if(result == FAILED))
        .where(accepted_cases(q, m, office_id)).group_by(office)
    ):
        out[key].accepted, out[key].mediated, out[key].succeeded, out[key].failed = n, mediated, ok, failed
    mine = q.f(R, "office_id") == office_id if office_id is not None else true()
    for key, n in session.execute(
        select(office, func.count())
        .where(q.live(R, "case"), q.within(R, "registered_date", m.start, m.end), mine).group_by(office)
    ):
        out[key].registered = n
    return out


def trend(session: Session, m: Month, office_id: str | None = None) -> list[tuple[str, int, int]]:
    """(month, accepted, succeeded) for the twelve months ending with m, oldest first.

    Twenty-four counts in one statement, each answered from ix_records_json_case_accepted
    (acceptance date, result, office) without reading a case: grouping the year's cases by
    month would read every one of them.
    """
    q, R = Sql(session), Record
    parts = []
    for p in m.trend:
        start, end = (d.isoformat() for d in period_bounds(p))
        base = [q.live(R, "case"), q.within(R, "accepted_date", start, end)]
        if office_id is not None:
            base.append(q.f(R, "office_id") == office_id)
        parts.append(select(literal(p).label("month"), literal(0).label("ok"), func.count().label("n")).where(*base))
        parts.append(select(literal(p), literal(1), func.count()).where(*base, succeeded(q)))
    counts = {(p, ok): n for p, ok, n in session.execute(union_all(*parts))}
    return [(p, counts.get((p, 0), 0), counts.get((p, 1), 0)) for p in m.trend]


# --- 万人起诉率 ------------------------------------------------------------------------------

def area_rows(session: Session, period: str, office_id: str | None = None) -> tuple[list[dict], dict]:
    """The period's area rows, by area code, and their 合计."""
    q, R = Sql(session), Record
    fields = ("civil_filings", "admin_filings", "resident_population", "floating_population")
    rows, totals = [], [0, 0, 0, 0]
    for code, name, *numbers in session.execute(
        select(q.f(R, "area_code"), q.f(R, "area_name"), *(q.n(R, k) for k in fields))
        .where(q.live(R, "area_stat"), q.f(R, "period") == period,
               R.owner_office_id == office_id if office_id is not None else true())
        .order_by(q.f(R, "area_code"), R.record_id)
    ):
        numbers = [int(n) for n in numbers]
        totals = [t + n for t, n in zip(totals, numbers)]
        rows.append(_area(code or "", name or "", numbers))
    return rows, _area("", "合计", totals)


def _area(code: str, name: str, n: list[int]) -> dict:
    return {"area_code": code, "area_name": name, "population": n[2] + n[3], "filings": n[0] + n[1],
            "rate_per_10k": litigation_rate_per_10k(*n)}


# --- 联动案件 --------------------------------------------------------------------------------

@dataclass
class JointTally:
    opened: int = 0
    concluded: int = 0
    by_mode: dict[str, list[int]] = field(default_factory=dict)  # mode → [opened, concluded]
    by_status: dict[str, int] = field(default_factory=dict)  # status now of those opened in the month


def joint_tallies(session: Session, m: Month, office_id: str | None = None) -> tuple[JointTally, dict[str, JointTally]]:
    """The month's joint cases in all (or the office's), and for each office taking part."""
    q = Sql(session)
    J, O, M = aliased(Record, name="j"), aliased(Record, name="jo"), aliased(Record, name="jm")
    opened = q.within(J, "opened_date", m.start, m.end)
    closed = q.within(J, "closed_date", m.start, m.end)
    lead = q.f(J, "lead_office_id")
    where = [q.live(J, "joint_case"), or_(opened, closed)]
    if office_id is not None:
        where.append(or_(lead == office_id, exists().where(
            q.live(M, "joint_office"), q.f(M, "joint_case_id") == J.record_id, q.f(M, "office_id") == office_id)))
    o_flag, c_flag = case((opened, 1), else_=0), case((closed, 1), else_=0)

    total = JointTally()
    for mode, status, is_opened, is_closed, n in session.execute(
        select(q.f(J, "mode"), q.f(J, "status"), o_flag, c_flag, func.count()).where(*where)
        .group_by(q.f(J, "mode"), q.f(J, "status"), o_flag, c_flag)
    ):
        row = total.by_mode.setdefault(mode or "未填", [0, 0])
        if is_opened:
            total.opened += n
            row[0] += n
            total.by_status[status or "未填"] = total.by_status.get(status or "未填", 0) + n
        if is_closed:
            total.concluded += n
            row[1] += n

    per: dict[str, JointTally] = defaultdict(JointTally)
    member = q.f(O, "office_id")
    leads = select(lead, o_flag, c_flag, func.count()).where(*where).group_by(lead, o_flag, c_flag)
    # Those taking part besides the lead (who may be listed among them as 牵头).
    joined = (select(member, o_flag, c_flag, func.count(J.record_id.distinct()))
              .select_from(J).join(O, and_(q.live(O, "joint_office"), q.f(O, "joint_case_id") == J.record_id,
                                           member != lead))
              .where(*where).group_by(member, o_flag, c_flag))
    for statement in (leads, joined):
        for office, is_opened, is_closed, n in session.execute(statement):
            if office_id is not None and office != office_id:
                continue
            per[office].opened += n if is_opened else 0
            per[office].concluded += n if is_closed else 0
    return total, per


# --- 企业走访 --------------------------------------------------------------------------------

def visit_counts(session: Session, m: Month, office_id: str | None = None) -> dict[str, int]:
    q, V = Sql(session), Record
    return dict(session.execute(
        select(V.owner_office_id, func.count())
        .where(q.live(V, "visit"), q.within(V, "visit_date", m.start, m.end),
               V.owner_office_id == office_id if office_id is not None else true())
        .group_by(V.owner_office_id)).all())


def risk_counts(session: Session, m: Month, office_id: str | None = None, *,
                open_only: bool) -> dict[tuple[str, str], int]:
    """(office, level) → risks: found on the month's visits, or open as of m.as_of."""
    q = Sql(session)
    R, V = aliased(Record, name="r"), aliased(Record, name="v")
    if open_only:
        rectified = q.f(R, "rectified_date")
        status = func.coalesce(q.f(R, "status"), "")
        when = [q.f(V, "visit_date") < m.as_of,
                or_(and_(rectified.is_(None), status != RECTIFIED), rectified >= m.as_of)]
    else:
        when = [q.within(V, "visit_date", m.start, m.end)]
    level = q.f(R, "level")
    return {(office, lvl or "未填"): n for office, lvl, n in session.execute(
        select(V.owner_office_id, level, func.count()).select_from(R)
        .join(V, and_(V.record_id == q.f(R, "visit_id"), q.live(V, "visit")))
        .where(q.live(R, "risk"), *when, V.owner_office_id == office_id if office_id is not None else true())
        .group_by(V.owner_office_id, level))}


# --- 司法建议 --------------------------------------------------------------------------------

def suggestion_counts(session: Session, m: Month, office_id: str | None = None) -> dict[str, tuple[int, int, int]]:
    """office → (issued, answered, overdue) in the month."""
    q, S = Sql(session), Record
    office, due, replied = q.f(S, "office_id"), q.f(S, "reply_due"), q.f(S, "reply_date")
    # Unanswered as the month ended: a later reply does not rewrite an old month's figure.
    overdue = and_(due < m.as_of, or_(replied.is_(None), replied >= m.as_of))
    return {k: (a, b, c) for k, a, b, c in session.execute(
        select(office, count_if(q.within(S, "issued_date", m.start, m.end)),
               count_if(q.within(S, "reply_date", m.start, m.end)), count_if(overdue))
        .where(q.live(S, "suggestion"), office == office_id if office_id is not None else true())
        .group_by(office))}


# --- 涉诉信访 --------------------------------------------------------------------------------

PETITION_PARTS = ("received", "resolved", "transferred", "ended")


def petition_counts(session: Session, m: Month, office_id: str | None = None) -> dict[str, tuple[int, int, int, int]]:
    """office → (received, 已化解, 终结移交, 依法终结) in the month."""
    q, P = Sql(session), Record
    office, status = q.f(P, "office_id"), q.f(P, "status")
    closed = q.within(P, "closed_date", m.start, m.end)
    return {k: (a, b, c, d) for k, a, b, c, d in session.execute(
        select(office, count_if(q.within(P, "received_date", m.start, m.end)),
               count_if(and_(closed, status == "已化解")), count_if(and_(closed, status == "终结移交")),
               count_if(and_(closed, status == "依法终结")))
        .where(q.live(P, "petition"), office == office_id if office_id is not None else true())
        .group_by(office))}


def petition_part(counts: tuple[int, int, int, int]) -> dict[str, Any]:
    """One row of 涉诉信访 figures with its 化解率."""
    row: dict[str, Any] = dict(zip(PETITION_PARTS, counts))
    row["closed"] = counts[1] + counts[2] + counts[3]
    row["rate"] = petition_resolution_rate(*counts[1:])
    return row


# --- the page's figures ----------------------------------------------------------------------

def office_by_code(session: Session, code: str) -> HubOffice:
    office = session.scalar(select(HubOffice).where(HubOffice.code == code.strip()))
    if office is None:
        raise FydeskError(f"市级平台上没有代码为 {code.strip()} 的单位。")
    return office


def city_figures(session: Session, period: str, denominator: str = "accepted", *,
                 office_id: str | None = None, today: date | None = None) -> dict:
    """The month's figures as plain JSON data: the city's, or with office_id that office's own
    (see the module's note for what an office's records are). Numbers are ints, rates floats
    or None where there is nothing to divide by."""
    m = month(period, today)
    check_denominator(denominator)
    offices = session.execute(select(HubOffice.id, HubOffice.code, HubOffice.name).order_by(HubOffice.code)).all()
    if office_id is not None:
        offices = [o for o in offices if o.id == office_id]
        if not offices:
            raise FydeskError("市级平台上没有这个单位。")

    tallies = case_tallies(session, m, office_id)
    joint, joint_per = joint_tallies(session, m, office_id)
    visits = visit_counts(session, m, office_id)
    found = risk_counts(session, m, office_id, open_only=False)
    open_ = risk_counts(session, m, office_id, open_only=True)
    suggestions = suggestion_counts(session, m, office_id)
    petitions = petition_counts(session, m, office_id)
    areas, area_total = area_rows(session, m.period, office_id)

    city = Tally()
    for t in tallies.values():
        city.add(t)
    by_office = []
    for o in offices:
        t, j = tallies.get(o.id, Tally()), joint_per.get(o.id, JointTally())
        s = suggestions.get(o.id, (0, 0, 0))
        by_office.append({
            "office_id": o.id, "office_code": o.code, "office": o.name,
            "registered": t.registered, "accepted": t.accepted, "mediated": t.mediated, "succeeded": t.succeeded,
            "failed": t.failed, "success_rate": t.rate(denominator),
            "joint_opened": j.opened, "joint_concluded": j.concluded,
            "visits": visits.get(o.id, 0),
            "open_risks": sum(n for (office, _), n in open_.items() if office == o.id),
            "suggestions_issued": s[0], "suggestions_answered": s[1], "suggestions_overdue": s[2],
            **{f"petitions_{k}": v for k, v in petition_part(petitions.get(o.id, (0, 0, 0, 0))).items()},
        })

    def by_level(counts: dict[tuple[str, str], int]) -> list[dict]:
        levels: dict[str, int] = dict.fromkeys(codes.RISK_LEVELS, 0)
        for (_, level), n in counts.items():
            levels[level] = levels.get(level, 0) + n
        return [{"level": k, "count": n} for k, n in levels.items()]

    modes = list(codes.JOINT_MODES) + sorted(set(joint.by_mode) - set(codes.JOINT_MODES))
    statuses = list(MACHINES["joint"].states) + sorted(set(joint.by_status) - set(MACHINES["joint"].states))
    scope = offices[0] if office_id is not None else None
    return {
        "period": m.period,
        "scope": scope.name if scope else CITY,
        "office": {"id": scope.id, "code": scope.code, "name": scope.name} if scope else None,
        "as_of": m.as_of,
        "denominator": denominator,
        "denominator_label": SUCCESS_DENOMINATORS[denominator],
        "registered": city.registered,
        "accepted": city.accepted,
        "mediated": city.mediated,
        "succeeded": city.succeeded,
        "failed": city.failed,
        "success_rate": city.rate(denominator),
        "areas": areas,
        "area_total": area_total,
        "trend": [{"month": p, "accepted": a, "succeeded": s} for p, a, s in trend(session, m, office_id)],
        "joint": {
            "opened": joint.opened, "concluded": joint.concluded,
            "by_mode": [{"mode": k, "opened": joint.by_mode.get(k, [0, 0])[0],
                         "concluded": joint.by_mode.get(k, [0, 0])[1]} for k in modes],
            "by_status": [{"status": k, "count": joint.by_status.get(k, 0)} for k in statuses],
        },
        "visits": sum(visits.values()),
        "risks_found_by_level": by_level(found),
        "open_risks": sum(open_.values()),
        "open_risks_by_level": by_level(open_),
        "suggestions": {k: sum(v[i] for v in suggestions.values())
                        for i, k in enumerate(("issued", "answered", "overdue"))},
        "petitions": {**petition_part(tuple(sum(v[i] for v in petitions.values()) for i in range(4))),
                      "rate_note": PETITION_RATE_NOTE},
        "by_office": by_office,
    }


# --- the page's download ---------------------------------------------------------------------

def figures_xlsx(fig: dict) -> bytes:
    """city_figures' dict as an .xlsx workbook: one sheet per part of the page, Chinese headers,
    every count and rate a number (an unknown rate an empty cell), the denominator stated."""
    from fydesk.documents.xlsx import Sheet, workbook_bytes

    rate = f"调解成功率（%，分母：{fig['denominator_label']}）"
    suggestions, joint = fig["suggestions"], fig["joint"]
    overview = [
        ["统计期间", fig["period"]], ["统计范围", fig["scope"]],
        ["登记纠纷（件）", fig["registered"]], ["受理案件（件）", fig["accepted"]],
        ["进入调解（件）", fig["mediated"]], ["调解成功（件）", fig["succeeded"]],
        ["调解不成（件）", fig["failed"]], [rate, fig["success_rate"]],
        ["成功率分母", fig["denominator_label"]],
        ["新立联动案件（件）", joint["opened"]], ["办结联动案件（件）", joint["concluded"]],
        ["企业走访及法治体检（次）", fig["visits"]], ["未整改风险点（个）", fig["open_risks"]],
        ["发出司法建议（件）", suggestions["issued"]], ["收到答复（件）", suggestions["answered"]],
        ["逾期未答复（件）", suggestions["overdue"]],
        ["收到涉诉信访（件）", fig["petitions"]["received"]], ["信访已化解（件）", fig["petitions"]["resolved"]],
        ["信访终结移交（件）", fig["petitions"]["transferred"]], ["信访依法终结（件）", fig["petitions"]["ended"]],
        ["信访化解率（%）", fig["petitions"]["rate"]], ["信访化解率口径", fig["petitions"]["rate_note"]],
        ["逾期及未整改统计截至", f"{fig['as_of']} 0时"],
    ]
    areas = [[a["area_code"] or None, a["area_name"], a["population"], a["filings"], a["rate_per_10k"]]
             for a in (*fig["areas"], fig["area_total"])]
    offices = [[o["office_code"], o["office"], o["registered"], o["accepted"], o["mediated"], o["succeeded"],
                o["success_rate"], o["joint_opened"], o["joint_concluded"], o["visits"], o["open_risks"],
                o["suggestions_issued"], o["suggestions_answered"], o["suggestions_overdue"],
                o["petitions_received"], o["petitions_resolved"], o["petitions_transferred"], o["petitions_ended"],
                o["petitions_rate"]]
               for o in fig["by_office"]]
    joint_rows = [[j["mode"], j["opened"], j["concluded"]] for j in joint["by_mode"]]
    joint_rows += [["合计", joint["opened"], joint["concluded"]], [None, None, None],
                   ["办理状态（本月新立案件）", "件数", None]]
    joint_rows += [[s["status"], s["count"], None] for s in joint["by_status"]]
    open_ = {r["level"]: r["count"] for r in fig["open_risks_by_level"]}
    risks = [[r["level"], r["count"], open_.get(r["level"], 0)] for r in fig["risks_found_by_level"]]
    risks += [["合计", sum(r["count"] for r in fig["risks_found_by_level"]), fig["open_risks"]],
              [None, None, None], ["本月企业走访及法治体检（次）", fig["visits"], None]]
    return workbook_bytes([
        Sheet("概览", ("指标", "数值"), overview, (34, 16)),
        Sheet("万人起诉率", ("区划代码", "辖区", "人口", "起诉数", "万人起诉率"), areas),
        Sheet("趋势", ("月份", "受理", "调解成功"), [[t["month"], t["accepted"], t["succeeded"]] for t in fig["trend"]]),
        Sheet("各单位", ("单位代码", "单位", "登记", "受理", "进入调解", "调解成功", rate, "联动案件新立",
                        "联动案件办结", "企业走访", "未整改风险点", "发出司法建议", "收到答复", "逾期未答复",
                        "收到信访", "信访已化解", "信访终结移交", "信访依法终结", "信访化解率（%）"), offices),
        Sheet("联动案件", ("联动模式", "新立", "办结"), joint_rows, (26, 10, 10)),
        Sheet("企业走访", ("风险等级", "本月走访发现", f"未整改（截至 {fig['as_of']} 0时）"), risks, (28, 14, 24)),
        Sheet("司法建议", ("项目", "件数"), [["发出", suggestions["issued"]], ["收到答复", suggestions["answered"]],
                                          [f"逾期未答复（截至 {fig['as_of']} 0时）", suggestions["overdue"]]], (30, 10)),
    ])
