"""The city's monthly bulletin from every office's synced records, printed by the shared document code.

Its figures are counted by figures.py, whose note gives their definitions (those of the
desktop's services/stats.py); here only what the bulletin adds: cases by dispute type and by
source, the amounts involved (the month's cases) and agreed (agreements signed in the month).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from fydesk.documents.model import AreaRow, BulletinDoc, CountRow, PetitionCounts
from fydesk.domain import codes
from fydesk.domain.stats import SUCCESS_DENOMINATORS

from . import figures as f
from .models import HubOffice, Record

ISSUER = "府院联动联席会议办公室"


def _yuan(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def _rows(counts: dict[str, tuple[int, int]]) -> tuple[CountRow, ...]:
    return tuple(CountRow(k, a, b) for k, (a, b) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])))


def _breakdown(session: Session, m: f.Month, field: str) -> tuple[CountRow, ...]:
    """The month's cases by one of their fields: accepted and succeeded."""
    q = f.Sql(session)
    key = q.f(Record, field)
    return _rows({k or "未填": (n, ok) for k, n, ok in session.execute(
        select(key, func.count(), f.count_if(f.succeeded(q))).where(f.accepted_cases(q, m)).group_by(key))})


def _amounts(session: Session, m: f.Month) -> tuple[int, int]:
    """Amounts involved in the month's cases, and agreed in the agreements signed in the month."""
    q = f.Sql(session)
    involved = session.scalar(select(func.coalesce(func.sum(q.n(Record, "amount_cents")), 0))
                              .where(f.accepted_cases(q, m)))
    T, A = aliased(Record, name="t"), aliased(Record, name="a")
    agreed = session.scalar(
        select(func.coalesce(func.sum(q.n(T, "amount_cents")), 0)).select_from(T)
        .join(A, and_(A.record_id == q.f(T, "agreement_id"), q.live(A, "agreement")))
        .where(q.live(T, "term"), q.within(A, "signed_date", m.start, m.end)))
    return int(involved or 0), int(agreed or 0)


def city_bulletin(session: Session, period: str, denominator: str = "accepted", *,
                  issuer: str = ISSUER, today: date | None = None) -> BulletinDoc:
    m = f.month(period, today)
    f.check_denominator(denominator)
    offices = dict(session.execute(select(HubOffice.id, HubOffice.name)).all())
    tallies = f.case_tallies(session, m)
    city = f.Tally()
    for t in tallies.values():
        city.add(t)
    by_office: dict[str, tuple[int, int]] = {}
    for office_id, t in tallies.items():
        if t.accepted:
            name = offices.get(office_id, "未知单位")
            a, b = by_office.get(name, (0, 0))
            by_office[name] = (a + t.accepted, b + t.succeeded)
    involved, agreed = _amounts(session, m)
    areas, total = f.area_rows(session, m.period)
    joint, _ = f.joint_tallies(session, m)
    found: dict[str, int] = {}
    for (_, level), n in f.risk_counts(session, m, open_only=False).items():
        found[level] = found.get(level, 0) + n
    suggestions = f.suggestion_counts(session, m).values()
    petitions = f.petition_part(tuple(sum(v[i] for v in f.petition_counts(session, m).values()) for i in range(4)))

    def area(a: dict) -> AreaRow:
        return AreaRow(a["area_code"], a["area_name"], a["population"], a["filings"], a["rate_per_10k"])

    return BulletinDoc(
        issuer=issuer, scope=f.CITY, period=m.period, registered=city.registered, accepted=city.accepted,
        mediated=city.mediated, succeeded=city.succeeded, failed=city.failed,
        success_rate=city.rate(denominator), denominator_label=SUCCESS_DENOMINATORS[denominator],
        amount_involved=_yuan(involved), amount_agreed=_yuan(agreed),
        areas=tuple(area(a) for a in areas), area_total=area(total) if areas else None,
        by_dispute_type=_breakdown(session, m, "dispute_type"), by_source=_breakdown(session, m, "source"),
        by_office=_rows(by_office),
        trend=tuple(f.trend(session, m)),
        visits=sum(f.visit_counts(session, m).values()),
        risks_by_level=tuple((k, found[k]) for k in (*codes.RISK_LEVELS, *sorted(set(found) - set(codes.RISK_LEVELS)))
                             if found.get(k)),
        suggestions_issued=sum(s[0] for s in suggestions),
        suggestions_replied=sum(s[1] for s in suggestions),
        suggestions_overdue=sum(s[2] for s in suggestions),
        joint_opened=joint.opened, joint_concluded=joint.concluded,
        joint_by_mode=tuple((k, a, b) for k, (a, b) in sorted(
            joint.by_mode.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))),
        petitions=PetitionCounts(petitions["received"], petitions["resolved"], petitions["transferred"],
                                 petitions["ended"], petitions["rate"]),
    )


def bulletin_pdf(session: Session, period: str, denominator: str = "accepted", *, issuer: str = ISSUER) -> bytes:
    """The bulletin `fydesk-hub report bulletin` writes, as PDF bytes (the console's download)."""
    from io import BytesIO

    from fydesk.documents import kinds
    from fydesk.documents.fonts import font_set

    out = BytesIO()
    kinds.render("bulletin", city_bulletin(session, period, denominator, issuer=issuer), out, font_set())
    return out.getvalue()
