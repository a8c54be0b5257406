"""Monthly figures: counts, success rate, amounts, breakdowns, 万人起诉率 by area and 涉诉信访."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from fydesk.domain import stats as formulas
from fydesk.domain.errors import ValidationError
from fydesk.domain.fields import format_money
from fydesk.models import (
    Agreement,
    AgreementTerm,
    AreaStat,
    JointCase,
    JointCaseOffice,
    JudicialSuggestion,
    Office,
    Risk,
    Visit,
)
from fydesk.models import MediationCase as C

from .petitions import PetitionFigures
from .petitions import figures as petition_figures


@dataclass(frozen=True)
class AreaFigure:
    area_code: str
    area_name: str
    population: int
    filings: int
    rate_per_10k: float | None


@dataclass(frozen=True)
class Breakdown:
    key: str
    accepted: int
    succeeded: int


@dataclass(frozen=True)
class JointFigure:
    mode: str
    opened: int
    concluded: int


@dataclass(frozen=True)
class StatsDTO:
    period: str
    denominator: str
    denominator_label: str
    registered: int
    accepted: int
    mediated: int
    succeeded: int
    failed: int
    withdrawn: int
    concluded: int
    success_rate: float | None
    amount_involved: str
    amount_agreed: str
    areas: tuple[AreaFigure, ...]
    area_total: AreaFigure
    by_dispute_type: tuple[Breakdown, ...]
    by_source: tuple[Breakdown, ...]
    by_category: tuple[Breakdown, ...]
    by_office: tuple[Breakdown, ...]
    trend: tuple[tuple[str, int, int], ...]  # (period, accepted, succeeded) for 12 months
    visits: int
    risks_by_level: tuple[tuple[str, int], ...]
    suggestions_issued: int
    suggestions_replied: int
    suggestions_overdue: int
    office_id: str | None = None  # whose figures: one office's, or None for every office in the store
    office_name: str | None = None
    joint_opened: int = 0  # 联动案件 opened in the month (led by the office or joined by it)
    joint_concluded: int = 0
    joint_by_mode: tuple[JointFigure, ...] = ()
    petitions: PetitionFigures = field(default_factory=PetitionFigures)  # 涉诉信访 (services/petitions.py)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "petitions": self.petitions.to_json()}


_live = C.deleted_at.is_(None)
_succeeded = case((C.result == "达成协议", 1), else_=0)


def _breakdown(session: Session, column: Any, start, end, mine: Any = None) -> tuple[Breakdown, ...]:
    rows = session.execute(
        select(column, func.count(), func.sum(_succeeded))
        .where(_live, true() if mine is None else mine, C.accepted_date >= start, C.accepted_date < end)
        .group_by(column).order_by(func.count().desc(), column)
    )
    return tuple(Breakdown(k or "未填", n, s or 0) for k, n, s in rows)


def _shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _joint(session: Session, start, end, office_id: str | None) -> tuple[int, int, tuple[JointFigure, ...]]:
    """联动案件 opened and concluded in the month, by mode: an office's are those it leads or joins."""
    J = JointCase
    live = J.deleted_at.is_(None)
    if office_id is not None:
        joined = select(JointCaseOffice.joint_case_id).where(JointCaseOffice.office_id == office_id,
                                                             JointCaseOffice.deleted_at.is_(None))
        live = and_(live, or_(J.lead_office_id == office_id, J.id.in_(joined)))
    opened = dict(session.execute(select(J.mode, func.count()).where(
        live, J.opened_date >= start, J.opened_date < end).group_by(J.mode)).all())
    concluded = dict(session.execute(select(J.mode, func.count()).where(
        live, J.closed_date >= start, J.closed_date < end).group_by(J.mode)).all())
    modes = sorted(set(opened) | set(concluded), key=lambda k: (-opened.get(k, 0), -concluded.get(k, 0), k))
    by_mode = tuple(JointFigure(k, opened.get(k, 0), concluded.get(k, 0)) for k in modes)
    return sum(opened.values()), sum(concluded.values()), by_mode


def monthly(
    session: Session, period: str, denominator: str = "accepted", *, today: date | None = None,
    office_id: str | None = None,
) -> StatsDTO:
    """The month's figures; office_id limits them to that office's own records (the bulletin's
    本单位), None counts every office the store holds."""
    start, end = formulas.period_bounds(period)
    period = formulas.format_period(start)
    if denominator not in formulas.SUCCESS_DENOMINATORS:
        choices = "、".join(formulas.SUCCESS_DENOMINATORS)
        raise ValidationError("denominator", "成功率口径", f"成功率口径须为 {choices} 之一。")
    mine = C.office_id == office_id if office_id is not None else true()
    in_period = and_(_live, mine, C.accepted_date >= start, C.accepted_date < end)
    registered = session.scalar(
        select(func.count()).where(_live, mine, C.registered_date >= start, C.registered_date < end)
    )
    accepted, mediated, succeeded, failed, withdrawn, involved = session.execute(
        select(
            func.count(),
            func.sum(case((or_(C.status == "调解中", C.result.is_not(None)), 1), else_=0)),
            func.sum(_succeeded),
            func.sum(case((C.result == "调解不成", 1), else_=0)),
            func.sum(case((C.result == "撤回", 1), else_=0)),
            func.sum(C.amount_cents),
        ).where(in_period)
    ).one()
    accepted, mediated, succeeded = accepted or 0, mediated or 0, succeeded or 0
    concluded = session.scalar(
        select(func.count()).where(_live, mine, C.close_date >= start, C.close_date < end)
    )
    agreed = session.scalar(
        select(func.sum(AgreementTerm.amount_cents))
        .join(Agreement, Agreement.id == AgreementTerm.agreement_id)
        .join(C, C.id == Agreement.case_id)
        .where(Agreement.deleted_at.is_(None), AgreementTerm.deleted_at.is_(None), mine,
               Agreement.signed_date >= start, Agreement.signed_date < end)
    )

    areas = []
    totals = [0, 0, 0, 0]
    for a in session.scalars(
        select(AreaStat).where(AreaStat.period == period, AreaStat.deleted_at.is_(None),
                               AreaStat.owner_office_id == office_id if office_id is not None else true())
        .order_by(AreaStat.area_code)
    ):
        numbers = (a.civil_filings, a.admin_filings, a.resident_population, a.floating_population)
        totals = [t + n for t, n in zip(totals, numbers)]
        areas.append(AreaFigure(a.area_code, a.area_name, numbers[2] + numbers[3],
                                numbers[0] + numbers[1], formulas.litigation_rate_per_10k(*numbers)))
    area_total = AreaFigure("", "合计", totals[2] + totals[3], totals[0] + totals[1],
                            formulas.litigation_rate_per_10k(*totals))

    first = formulas.period_bounds(_shift(period, -11))[0]
    month = func.strftime("%Y-%m", C.accepted_date)
    trend_rows = dict(
        (p, (n, s or 0)) for p, n, s in session.execute(
            select(month, func.count(), func.sum(_succeeded))
            .where(_live, mine, C.accepted_date >= first, C.accepted_date < end).group_by(month)
        )
    )
    trend = tuple((p, *trend_rows.get(p, (0, 0))) for p in (_shift(period, -k) for k in range(11, -1, -1)))

    office_names = dict(session.execute(select(Office.id, Office.name)).all())
    by_office = tuple(
        Breakdown(office_names.get(b.key, b.key), b.accepted, b.succeeded)
        for b in _breakdown(session, C.office_id, start, end, mine)
    ) if office_id is None else ()  # one office's bulletin has no table of offices
    my_visits = Visit.owner_office_id == office_id if office_id is not None else true()
    visits = session.scalar(
        select(func.count()).select_from(Visit)
        .where(Visit.deleted_at.is_(None), my_visits, Visit.visit_date >= start, Visit.visit_date < end)
    )
    risks = tuple(tuple(r) for r in session.execute(
        select(Risk.level, func.count()).join(Visit, Visit.id == Risk.visit_id)
        .where(Risk.deleted_at.is_(None), my_visits, Visit.visit_date >= start, Visit.visit_date < end)
        .group_by(Risk.level).order_by(Risk.level)
    ))
    S = JudicialSuggestion
    live_s = and_(S.deleted_at.is_(None), S.office_id == office_id if office_id is not None else true())
    issued = session.scalar(select(func.count()).where(live_s, S.issued_date >= start, S.issued_date < end))
    replied = session.scalar(select(func.count()).where(live_s, S.reply_date >= start, S.reply_date < end))
    as_of = min(today or date.today(), end)
    # Unanswered as the period ended: a later reply does not rewrite an old month's figure.
    overdue = session.scalar(select(func.count()).where(
        live_s, S.reply_due < as_of, or_(S.reply_date.is_(None), S.reply_date >= as_of)))

    joint = _joint(session, start, end, office_id)
    return StatsDTO(
        period=period,
        denominator=denominator,
        denominator_label=formulas.SUCCESS_DENOMINATORS[denominator],
        registered=registered or 0,
        accepted=accepted,
        mediated=mediated,
        succeeded=succeeded,
        failed=failed or 0,
        withdrawn=withdrawn or 0,
        concluded=concluded or 0,
        success_rate=formulas.success_rate(succeeded, accepted, mediated, denominator),
        amount_involved=format_money(involved or 0),
        amount_agreed=format_money(agreed or 0),
        areas=tuple(areas),
        area_total=area_total,
        by_dispute_type=_breakdown(session, C.dispute_type, start, end, mine),
        by_source=_breakdown(session, C.source, start, end, mine),
        by_category=_breakdown(session, C.category, start, end, mine),
        by_office=by_office,
        trend=trend,
        visits=visits or 0,
        risks_by_level=risks,
        suggestions_issued=issued or 0,
        suggestions_replied=replied or 0,
        suggestions_overdue=overdue or 0,
        office_id=office_id,
        office_name=office_names.get(office_id) if office_id is not None else None,
        joint_opened=joint[0],
        joint_concluded=joint[1],
        joint_by_mode=joint[2],
        petitions=petition_figures(session, start, end, office_id),
    )
