"""考核: a per-office scoreboard for a period, from the records the offices synced.

Each measure is a rate with its numerator and denominator shown; an office's score is the
weighted mean of the measures it has a denominator for:

    总分 = sum of (weight × rate) ÷ sum of the weights, over the measures with a denominator for that office

so an office that had no 司法建议 falling due is neither helped nor hurt by that measure. The
coordinator sets the weights (0–100; 0 leaves a measure out). The measures, over a period of
whole months [start, end]:

- 任务按期完成率: tasks of the 任务清单 whose deadline fell in the period and has passed, for
  each office responsible (lead or co-operating): its part reported done on or before the
  deadline (its latest report marks it done, dated by the deadline) ÷ those tasks. Tasks are
  read through hub/tasks.py, as the 任务清单 page reads them.
- 调解成功率: cases accepted in the period (accepted_date) that reached 达成协议 ÷ those
  accepted — the same counting as 全市概览 (figures.py) with the 受理案件数 denominator.
- 司法建议按期回复率: suggestions the office issued whose reply fell due in the period,
  answered on or before the due date ÷ those falling due.
- 信访化解率: petitions the office closed in the period (closed_date) as 已化解 ÷ all it closed
  (已化解 + 终结移交 + 依法终结) — the 化解率 of the figures (domain/stats.py) over the period.
- 同步及时率: working days (Monday to Friday, Beijing dates) in the period on which at least
  one of the office's PCs synced ÷ the working days of the period up to today.

Every count is made in the database, like the figures'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from fydesk.documents.xlsx import Sheet
from fydesk.domain.errors import FydeskError
from fydesk.domain.stats import period_bounds

from .figures import SUCCEEDED, Sql, count_if
from .models import AssessmentWeight, HubOffice, Record, SyncDay, utcnow
from .telemetry import beijing_day


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    formula: str
    default_weight: int


MEASURES: tuple[Measure, ...] = (
    Measure("tasks", "任务按期完成率",
            "完成时限在期内且已过的任务中，本单位在时限当天或之前报告完成其所负部分的件数 ÷ 这些任务件数", 25),
    Measure("mediation", "调解成功率", "期内受理案件中达成协议的件数 ÷ 期内受理件数", 25),
    Measure("suggestions", "司法建议按期回复率", "期内到期的司法建议中，到期日当天或之前已回复的件数 ÷ 期内到期件数", 15),
    Measure("petitions", "信访化解率",
            "期内办结的涉诉信访件中已化解的件数 ÷ 期内办结件数（已化解 + 终结移交 + 依法终结，按办结日期）", 20),
    Measure("sync", "同步及时率", "期内有电脑同步的工作日数 ÷ 期内工作日数（周一至周五，北京时间，算到今天）", 15),
)
SCORE_FORMULA = "总分 = 各指标（权重 × 比率）之和 ÷ 这些指标的权重之和，只计该单位有分母的指标"


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return None if not self.denominator else round(100 * self.numerator / self.denominator, 1)


@dataclass(frozen=True)
class OfficeScore:
    office_id: str
    office_code: str
    office: str
    rates: dict[str, Rate]
    score: float | None
    rank: int | None = None


@dataclass(frozen=True)
class Board:
    start: str  # first month, YYYY-MM
    end: str  # last month, YYYY-MM
    weights: dict[str, int]
    offices: list[OfficeScore]

    @property
    def title(self) -> str:
        return f"{self.start} 至 {self.end}" if self.start != self.end else self.start


def weights(session: Session) -> dict[str, int]:
    stored = dict(session.execute(select(AssessmentWeight.key, AssessmentWeight.weight)).all())
    return {m.key: stored.get(m.key, m.default_weight) for m in MEASURES}


def set_weights(session: Session, values: dict[str, str | int], who: str) -> dict[str, int]:
    """New weights, all checked before any is kept; at least one above zero."""
    parsed: dict[str, int] = {}
    for m in MEASURES:
        raw = str(values.get(m.key, "")).strip()
        if not raw.isdigit() or not 0 <= int(raw) <= 100:
            raise FydeskError(f"“{m.label}”的权重须为 0 至 100 之间的整数。")
        parsed[m.key] = int(raw)
    if not any(parsed.values()):
        raise FydeskError("至少要有一项指标的权重大于 0。")
    for key, weight in parsed.items():
        row = session.get(AssessmentWeight, key)
        if row is None:
            session.add(AssessmentWeight(key=key, weight=weight, updated_by=who[:64]))
        else:
            row.weight, row.updated_at, row.updated_by = weight, utcnow(), who[:64]
    return parsed


def period(start: str, end: str | None = None) -> tuple[date, date, str, str]:
    """[first day, day after the last) of the months start..end, and the two months as written."""
    first, _ = period_bounds(start)
    _, after = period_bounds(end or start)
    if after <= first:
        raise FydeskError("考核期的结束月份不能早于开始月份。")
    if (after.year - first.year) * 12 + after.month - first.month > 36:
        raise FydeskError("考核期最长三年。")
    return first, after, f"{first:%Y-%m}", f"{after - timedelta(days=1):%Y-%m}"


def working_days(first: date, after: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((after - first).days)
            if (first + timedelta(days=i)).weekday() < 5]


def _mediation(session: Session, first: date, after: date) -> dict[str, Rate]:
    q, R = Sql(session), Record
    office = q.f(R, "office_id")
    return {o: Rate(ok, n) for o, n, ok in session.execute(
        select(office, func.count(), count_if(q.f(R, "result") == SUCCEEDED))
        .where(q.live(R, "case"), q.within(R, "accepted_date", first.isoformat(), after.isoformat()))
        .group_by(office))}


def _suggestions(session: Session, first: date, after: date) -> dict[str, Rate]:
    q, S = Sql(session), Record
    office, due, replied = q.f(S, "office_id"), q.f(S, "reply_due"), q.f(S, "reply_date")
    return {o: Rate(ok, n) for o, n, ok in session.execute(
        select(office, func.count(), count_if(and_(replied.is_not(None), replied <= due)))
        .where(q.live(S, "suggestion"), q.within(S, "reply_due", first.isoformat(), after.isoformat()))
        .group_by(office))}


def _petitions(session: Session, first: date, after: date) -> dict[str, Rate]:
    q, P = Sql(session), Record
    office, status = q.f(P, "office_id"), q.f(P, "status")
    return {o: Rate(ok, n) for o, n, ok in session.execute(
        select(office, func.count(), count_if(status == RESOLVED))
        .where(q.live(P, "petition"), q.within(P, "closed_date", first.isoformat(), after.isoformat()),
               status.in_(CLOSED))
        .group_by(office))}


def _tasks(session: Session, first: date, after: date, today: date) -> dict[str, Rate]:
    from fydesk.domain.tasks import DONE

    from .tasks import task_rows

    counts: dict[str, list[int]] = {}
    for t in task_rows(session, as_of=today):
        if not (first <= t.deadline < after and t.deadline < today):
            continue
        for part in t.parts:
            c = counts.setdefault(part.office_id, [0, 0])
            c[1] += 1
            c[0] += part.state == DONE and part.latest_date is not None and part.latest_date <= t.deadline
    return {o: Rate(a, b) for o, (a, b) in counts.items()}


def _sync(session: Session, first: date, after: date, today: date) -> dict[str, Rate]:
    days = set(working_days(first, min(after, today + timedelta(days=1))))
    if not days:
        return {}
    synced: dict[str, set[date]] = {}
    for office, day in session.execute(select(SyncDay.office_id, SyncDay.day).distinct()
                                       .where(SyncDay.day >= first, SyncDay.day < after)):
        if day in days:
            synced.setdefault(office, set()).add(day)
    return {o: Rate(len(synced.get(o, ())), len(days)) for o in session.scalars(select(HubOffice.id))}


_COUNTERS: dict[str, Callable[..., dict[str, Rate]]] = {
    "mediation": _mediation, "suggestions": _suggestions, "petitions": _petitions,
}
RESOLVED, CLOSED = "已化解", ("已化解", "终结移交", "依法终结")


def score(rates: dict[str, Rate], weights: dict[str, int]) -> float | None:
    """The weighted mean of the rates that have a denominator; None when none has."""
    # From the exact rates, rounded once at the end (not from the rounded percentages shown).
    counted = [(weights[k], 100 * r.numerator / r.denominator) for k, r in rates.items()
               if weights.get(k) and r.denominator]
    total = sum(w for w, _ in counted)
    return None if not total else round(sum(w * p for w, p in counted) / total, 1)


def board(session: Session, start: str, end: str | None = None, *, today: date | None = None) -> Board:
    first, after, start, end = period(start, end)
    today = today or beijing_day(utcnow())
    w = weights(session)
    found = {key: fn(session, first, after) for key, fn in _COUNTERS.items()}
    found["sync"] = _sync(session, first, after, today)
    found["tasks"] = _tasks(session, first, after, today)
    rows = []
    for o in session.execute(select(HubOffice.id, HubOffice.code, HubOffice.name).order_by(HubOffice.code)):
        rates = {m.key: found[m.key].get(o.id, Rate(0, 0)) for m in MEASURES}
        rows.append(OfficeScore(o.id, o.code, o.name, rates, score(rates, w)))
    ranked = sorted((r for r in rows if r.score is not None), key=lambda r: -r.score)
    places = {}
    for i, r in enumerate(ranked):
        places[r.office_id] = places.get(ranked[i - 1].office_id) if i and ranked[i - 1].score == r.score else i + 1
    rows = [OfficeScore(r.office_id, r.office_code, r.office, r.rates, r.score, places.get(r.office_id))
            for r in rows]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.office_code))
    return Board(start, end, w, rows)


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:g}%"


def board_sheets(b: Board) -> list[Sheet]:
    headers = ["名次", "单位代码", "单位", "总分"]
    for m in MEASURES:
        headers += [f"{m.label}（%）", f"{m.label}分子", f"{m.label}分母"]
    rows = [[r.rank, r.office_code, r.office, r.score,
             *(v for m in MEASURES for v in (r.rates[m.key].percent, r.rates[m.key].numerator,
                                             r.rates[m.key].denominator))] for r in b.offices]
    how = [[m.label, b.weights[m.key], m.formula] for m in MEASURES] + [["总分", "", SCORE_FORMULA]]
    return [Sheet("考核", headers, rows), Sheet("指标与权重", ("指标", "权重", "计算方法"), how, (24, 8, 80))]


def board_xlsx(b: Board) -> bytes:
    from fydesk.documents.xlsx import workbook_bytes

    return workbook_bytes(board_sheets(b))


def board_pdf(b: Board, issuer: str = "府院联动联席会议办公室") -> bytes:
    """The scoreboard on A4 landscape: the table, then each measure with its weight and formula."""
    from io import BytesIO

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from fydesk.documents.fonts import check, font_set

    fonts = font_set()
    body = fonts.body
    title = f"{issuer}各单位考核情况（{b.title}）"
    head = ["名次", "单位", "总分", *(f"{m.label}\n（权重 {b.weights[m.key]}）" for m in MEASURES)]
    data = [head] + [[str(r.rank or "—"), r.office, _pct(r.score),
                      *(f"{_pct(r.rates[m.key].percent)}\n{r.rates[m.key].numerator}/{r.rates[m.key].denominator}"
                        for m in MEASURES)] for r in b.offices]
    notes = [f"{m.label}（权重 {b.weights[m.key]}）：{m.formula}。" for m in MEASURES] + [SCORE_FORMULA + "。"]
    check(fonts, [("考核表", t) for row in data for t in row] + [("说明", n) for n in notes + [title]])
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=title)
    h = ParagraphStyle("h", fontName=body, fontSize=16, leading=22, alignment=1, spaceAfter=8)
    p = ParagraphStyle("p", fontName=body, fontSize=10, leading=15)
    table = Table(data, repeatRows=1, colWidths=[14 * mm, 70 * mm, 20 * mm] + [52 * mm] * len(MEASURES))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), body), ("FONTSIZE", (0, 0), (-1, -1), 10), ("LEADING", (0, 0), (-1, -1), 13),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    doc.build([Paragraph(title, h), table, Spacer(1, 6 * mm), *(Paragraph(n, p) for n in notes)])
    return out.getvalue()
