"""The city's monthly bulletin from every office's synced records, printed by the shared document code.

The figures follow the same definitions as the desktop's (services/stats.py): cases counted by
acceptance date, success = result 达成协议, agreed amounts by the agreement's signing date,
万人起诉率 from the area data of the period, suggestions overdue as the period ended.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.documents.model import AreaRow, BulletinDoc, CountRow
from fydesk.domain.errors import FydeskError
from fydesk.domain.stats import (
    SUCCESS_DENOMINATORS,
    format_period,
    litigation_rate_per_10k,
    period_bounds,
    success_rate,
)

from .models import HubOffice, Record

ISSUER = "府院联动联席会议办公室"


def _records(session: Session, entity: str) -> list[dict]:
    return [r.data | {"_owner": r.owner_office_id} for r in session.scalars(
        select(Record).where(Record.entity == entity, Record.deleted_at.is_(None)))]


def _in(value: str | None, start: date, end: date) -> bool:
    return bool(value) and start.isoformat() <= value[:10] < end.isoformat()


def _yuan(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def _shift(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _rows(counts: dict[str, list[int]]) -> tuple[CountRow, ...]:
    return tuple(CountRow(k, v[0], v[1]) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])))


def city_bulletin(session: Session, period: str, denominator: str = "accepted", *,
                  issuer: str = ISSUER, today: date | None = None) -> BulletinDoc:
    start, end = period_bounds(period)
    period = format_period(start)
    if denominator not in SUCCESS_DENOMINATORS:
        raise FydeskError(f"成功率口径须为 {'、'.join(SUCCESS_DENOMINATORS)} 之一。")
    offices = {o.id: o.name for o in session.scalars(select(HubOffice))}
    cases = _records(session, "case")
    first = period_bounds(_shift(period, -11))[0]

    registered = accepted = mediated = succeeded = failed = involved = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_office: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    trend: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in cases:
        if _in(c.get("registered_date"), start, end):
            registered += 1
        when = c.get("accepted_date")
        ok = c.get("result") == "达成协议"
        if _in(when, first, end):
            t = trend[when[:7]]
            t[0] += 1
            t[1] += ok
        if not _in(when, start, end):
            continue
        accepted += 1
        mediated += c.get("status") == "调解中" or c.get("result") is not None
        succeeded += ok
        failed += c.get("result") == "调解不成"
        involved += int(c.get("amount_cents") or 0)
        office = offices.get(c.get("office_id") or c["_owner"], offices.get(c["_owner"], "未知单位"))
        for table, key in ((by_type, c.get("dispute_type")), (by_source, c.get("source")), (by_office, office)):
            table[key or "未填"][0] += 1
            table[key or "未填"][1] += ok

    agreements = session.execute(select(Record.record_id, Record.data).where(
        Record.entity == "agreement", Record.deleted_at.is_(None))).all()
    signed = {rid for rid, data in agreements if _in(data.get("signed_date"), start, end)}
    agreed = sum(int(t.get("amount_cents") or 0) for t in _records(session, "term") if t.get("agreement_id") in signed)

    areas, totals = [], [0, 0, 0, 0]
    for a in sorted(_records(session, "area_stat"), key=lambda a: a.get("area_code") or ""):
        if a.get("period") != period:
            continue
        n = [int(a.get(k) or 0) for k in ("civil_filings", "admin_filings", "resident_population",
                                           "floating_population")]
        totals = [x + y for x, y in zip(totals, n)]
        areas.append(AreaRow(a.get("area_code") or "", a.get("area_name") or "", n[2] + n[3], n[0] + n[1],
                             litigation_rate_per_10k(*n)))

    visits = sum(_in(v.get("visit_date"), start, end) for v in _records(session, "visit"))
    suggestions = _records(session, "suggestion")
    as_of = min(today or date.today(), end).isoformat()
    overdue = sum(1 for s in suggestions if s.get("reply_due") and s["reply_due"] < as_of
                  and not (s.get("reply_date") and s["reply_date"] < as_of))

    return BulletinDoc(
        issuer=issuer, scope="全市", period=period, registered=registered, accepted=accepted,
        mediated=mediated, succeeded=succeeded, failed=failed,
        success_rate=success_rate(succeeded, accepted, mediated, denominator),
        denominator_label=SUCCESS_DENOMINATORS[denominator], amount_involved=_yuan(involved),
        amount_agreed=_yuan(agreed), areas=tuple(areas),
        area_total=AreaRow("", "合计", totals[2] + totals[3], totals[0] + totals[1],
                           litigation_rate_per_10k(*totals)) if areas else None,
        by_dispute_type=_rows(by_type), by_source=_rows(by_source), by_office=_rows(by_office),
        trend=tuple((p, *trend.get(p, (0, 0))) for p in (_shift(period, -k) for k in range(11, -1, -1))),
        visits=visits,
        suggestions_issued=sum(_in(s.get("issued_date"), start, end) for s in suggestions),
        suggestions_replied=sum(_in(s.get("reply_date"), start, end) for s in suggestions),
        suggestions_overdue=overdue,
    )
