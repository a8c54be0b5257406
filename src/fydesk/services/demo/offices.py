"""The demo district's offices and staff, the local set-up, numbering and area figures."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fydesk import models as m
from fydesk.domain.casenumbers import body_prefix
from fydesk.models import new_id

from .. import journal, setup
from . import text as T
from .writer import Writer

OFFICES = (
    ("tribunal", "440120-FT01", "云溪区人民法院溪口人民法庭", "人民法庭", "440120100", "溪口法", (2, 3, 4, 5), 35),
    ("jo", "440120-SF01", "云溪区溪口司法所", "司法所", "440120100", "溪口司", (2, 4), 20),
    ("jo", "440120-SF02", "云溪区石岭司法所", "司法所", "440120101", "石岭司", (3, 5), 18),
    ("committee", "440120-TW01", "云溪区云城街道人民调解委员会", "调委会", "440120001", "云城人", (0, 1), 17),
    ("centre", "440120-ZZ01", "云溪区社会治安综合治理中心", "综治中心", "440120", "云溪综", (0, 1, 2, 3, 4, 5), 10),
)  # fmt: skip
ROSTERS = {
    "tribunal": (("法官", 3), ("法官助理", 2), ("书记员", 3), ("特邀调解员", 4)),
    "jo": (("司法所长", 1), ("司法助理员", 2), ("专职调解员", 2), ("兼职调解员", 3)),
    "committee": (("专职调解员", 3), ("兼职调解员", 6)),
    "centre": (("专职调解员", 2), ("兼职调解员", 2), ("特邀调解员", 2)),
}

@dataclass
class Office:
    id: str
    role: str
    name: str
    prefix: str
    towns: tuple[int, ...]
    weight: int
    staff: list[tuple[str, str, str]]  # (id, name, role)
    bodies: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, kind)
    body_prefixes: dict[str, str] = field(default_factory=dict)  # body id -> 代字 of its agreements

    def bodies_of(self, *kinds: str) -> list[tuple[str, str, str]]:
        return [b for b in self.bodies if b[2] in kinds]

    @property
    def mediators(self) -> list[tuple[str, str, str]]:
        return [s for s in self.staff if s[2] != "书记员"] or self.staff



def ensure_setup(session: Session, today: date) -> tuple[str, bool]:
    """The local office's id, and whether this run set the PC up as the demo tribunal."""
    if setup.is_initialised(session):
        return setup.status(session).office_id, False
    _, code, name, kind, area, prefix, _, _ = OFFICES[0]
    dto = setup.initialise(session, office_code=code, office_name=name, kind=kind,
                           area_code=area, case_prefix=prefix, today=today)
    # Set-up queued the new office for the hub; a demo office must not reach it either.
    session.flush()
    session.execute(delete(m.OutboxOp).where(m.OutboxOp.txn_id == journal.txn_id(session)))
    return dto.office_id, True


def make_offices(session: Session, w: Writer, rng: random.Random, local_id: str, today: date) -> list[Office]:
    """The local office in the tribunal's place, then the others, reusing those of an earlier run."""
    stamp = datetime.combine(today, datetime.min.time()) - timedelta(days=760)
    result, new_offices, new_staff = [], [], []
    for role, code, name, kind, area, prefix, towns, weight in OFFICES:
        row = session.get(m.Office, local_id) if role == "tribunal" else session.scalar(
            select(m.Office).where(m.Office.code == code))
        if row is None:
            oid = new_id()
            new_offices.append(dict(id=oid, owner_office_id=oid, created_at=stamp, updated_at=stamp, code=code,
                                    name=name, kind=kind, area_code=area, case_prefix=prefix,
                                    address=f"{T.ADDRESS_PREFIX}{name[3:7]}公共服务中心",
                                    phone=f"020-8{rng.randrange(10**6, 10**7)}"))
        else:
            oid, name, prefix = row.id, row.name, row.case_prefix or row.code
        staff = [(s.id, s.name, s.role) for s in session.scalars(
            select(m.Staff).where(m.Staff.office_id == oid, m.Staff.active.is_(True)).order_by(m.Staff.id))]
        if not staff:
            for staff_role, count in ROSTERS[role]:
                for _ in range(count):
                    staff.append((new_id(), T.full_name(rng, rng.random() < 0.55), staff_role))
                    new_staff.append(dict(id=staff[-1][0], owner_office_id=oid, created_at=stamp, updated_at=stamp,
                                          office_id=oid, name=staff[-1][1], role=staff_role, phone=T.mobile(rng)))
        result.append(Office(oid, role, name, prefix, towns, weight, staff))
    w.insert(m.Office, new_offices)
    w.insert(m.Staff, new_staff)
    make_bodies(session, w, result, stamp)
    return result


def _bodies_for(o: Office) -> list[tuple[str, str]]:
    """(name, kind) of the bodies that preside over an office's cases: the township's 调委会
    housed at a 司法所, the committee itself, a 驻庭 committee, a lawyers' mediation room and
    the invited mediators at the tribunal; never the tribunal, 司法所 or 综治中心 itself."""
    if o.role == "tribunal":
        return [("云溪区溪口镇驻庭人民调解委员会", "驻庭人民调解委员会"),
                ("云溪区律师调解工作室", "特邀调解组织"),
                *((s[1], "特邀调解员") for s in o.staff if s[2] == "特邀调解员")]
    if o.role == "jo":
        return [(o.name.replace("司法所", "镇人民调解委员会"), "乡镇(街道)人民调解委员会")]
    if o.role == "committee":
        return [(o.name, "乡镇(街道)人民调解委员会")]
    return [("云溪区社会矛盾纠纷联合人民调解委员会", "行业性专业性人民调解委员会")]


def make_bodies(session: Session, w: Writer, offices: list[Office], stamp: datetime) -> None:
    """Each office's mediation bodies, reusing those of an earlier run."""
    new = []
    codes = dict(session.execute(select(m.Office.id, m.Office.area_code)).all())
    for o in offices:
        found = session.scalars(
            select(m.MediationBody).where(m.MediationBody.office_id == o.id, m.MediationBody.active.is_(True),
                                          m.MediationBody.deleted_at.is_(None)).order_by(m.MediationBody.id)).all()
        o.bodies = [(b.id, b.name, b.kind) for b in found]
        o.body_prefixes = {b.id: b.number_prefix or body_prefix(b.name, b.kind) for b in found}
        if o.bodies:
            continue
        for name, kind in _bodies_for(o):
            bid = new_id()
            o.bodies.append((bid, name, kind))
            o.body_prefixes[bid] = body_prefix(name, kind, set(o.body_prefixes.values()))
            new.append(dict(id=bid, owner_office_id=o.id, created_at=stamp, updated_at=stamp, office_id=o.id,
                            name=name, kind=kind, area_code=codes.get(o.id), active=True,
                            number_prefix=o.body_prefixes[bid]))
    w.insert(m.MediationBody, new)


_NUMBER = {"case": re.compile(r"（(\d{4})）.*第(\d+)号$"), "suggestion": re.compile(r"〔(\d{4})〕(\d+)号$")}


_AGREEMENT = re.compile(r"（(\d{4})）(.+)协字第(\d+)号$")


def first_agreement_numbers(session: Session, offices: list[Office], years) -> dict[tuple[str, int], int]:
    """First free agreement number per (body, year): past every number the body has printed
    or leased out, so a second demo run goes on with each body's series."""
    prefixes = {bid: prefix for o in offices for bid, prefix in o.body_prefixes.items()}
    first = {(bid, year): 1 for bid in prefixes for year in years}
    rows = session.execute(select(m.MediationCase.body_id, m.Agreement.number)
                           .join(m.MediationCase, m.MediationCase.id == m.Agreement.case_id)
                           .where(m.MediationCase.body_id.in_(list(prefixes)), m.Agreement.number.is_not(None)))
    for bid, text in rows:
        found = _AGREEMENT.search(text)
        key = (bid, int(found[1])) if found else None
        if key in first and found[2] == prefixes[bid]:
            first[key] = max(first[key], int(found[3]) + 1)
    for lease in session.scalars(select(m.NumberLease).where(
            m.NumberLease.series == "agreement", m.NumberLease.body_id.in_(list(prefixes)))):
        key = (lease.body_id, lease.year)
        if key in first:
            first[key] = max(first[key], lease.next)
    return first


def first_numbers(session: Session, office: Office, years, series: str = "case") -> dict[int, int]:
    """First free number per year: past every number the office has used or leased out."""
    if series == "case":
        numbers = session.scalars(select(m.MediationCase.case_number).where(
            m.MediationCase.office_id == office.id, m.MediationCase.number_provisional.is_(False)))
    else:
        numbers = session.scalars(select(m.JudicialSuggestion.number).where(
            m.JudicialSuggestion.office_id == office.id))
    first = {year: 1 for year in years}
    for text in numbers:
        found = _NUMBER[series].search(text or "")
        if found and int(found[1]) in first:
            first[int(found[1])] = max(first[int(found[1])], int(found[2]) + 1)
    for lease in session.scalars(select(m.NumberLease).where(
            m.NumberLease.office_id == office.id, m.NumberLease.series == series)):
        if lease.year in first:
            first[lease.year] = max(first[lease.year], lease.next)
    return first


def advance_leases(session: Session, office_id: str, series: str, last: Mapping[int, int],
                   body_id: str | None = None) -> None:
    """Mark the demo's numbers as handed out, so the next real case (or, with `body_id`, the
    next agreement of that body) cannot repeat one."""
    leases = session.scalars(select(m.NumberLease).where(
        m.NumberLease.office_id == office_id, m.NumberLease.series == series,
        m.NumberLease.body_id.is_(None) if body_id is None else m.NumberLease.body_id == body_id)).all()
    standalone = session.scalar(select(m.NumberLease.id).where(
        m.NumberLease.office_id == office_id, m.NumberLease.source == "local",
        m.NumberLease.series.in_(("case", "suggestion")), m.NumberLease.end.is_(None)).limit(1)) is not None
    for year, n in sorted(last.items()):
        mine = [lease for lease in leases if lease.year == year]
        for lease in mine:
            if lease.start <= n:
                lease.next = max(lease.next, n + 1 if lease.end is None else min(n + 1, lease.end + 1))
        if not mine and standalone:
            # numbering.next_number would open this year's local lease at 1 and repeat them.
            session.add(m.NumberLease(id=new_id(), office_id=office_id, series=series, body_id=body_id,
                                      year=year, start=1, end=None, next=n + 1, source="local"))


def area_stats(session: Session, rng: random.Random, w: Writer, owner: str, today: date, start: date) -> None:
    """辖区数据 for every 镇街 and month, so that 万人起诉率 reads a few to ~15 per 10,000."""
    have = {(code, period) for code, period in session.execute(select(m.AreaStat.area_code, m.AreaStat.period))}
    rows, month, k = [], start, 0
    while month <= today:
        nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        elapsed = min(1.0, ((today - month).days + 1) / (nxt - month).days)
        # Filings dip around the Spring Festival and rise before the year-end closing.
        season = {1: 0.85, 2: 0.6, 12: 1.2}.get(month.month, 1.0)
        stamp = datetime.combine(min(nxt, today), datetime.min.time())
        for town in T.TOWNS:
            resident = int(town.resident * (1 + 0.004 * k)) + rng.randrange(-300, 300)
            floating = int(town.floating * (0.8 if month.month == 2 else 1.0)) + rng.randrange(-500, 500)
            civil = round(town.rate * season * rng.uniform(0.75, 1.25) * (resident + floating) / 10000 * elapsed)
            if (town.code, f"{month:%Y-%m}") not in have:
                rows.append(dict(id=new_id(), owner_office_id=owner, created_at=stamp, updated_at=stamp,
                                 area_code=town.code, area_name=f"{T.DISTRICT}{town.name}", period=f"{month:%Y-%m}",
                                 resident_population=resident, floating_population=floating,
                                 civil_filings=civil, admin_filings=round(civil * rng.uniform(0, 0.04))))
        month, k = nxt, k + 1
    w.insert(m.AreaStat, rows)
