"""What IT does on the hub: offices, enrollment codes, devices, and the city's figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain import codes
from fydesk.domain.errors import FydeskError
from fydesk.domain.stats import (
    SUCCESS_DENOMINATORS,
    litigation_rate_per_10k,
    period_bounds,
    success_rate,
)

from .apply import add_office_record, lock_log
from .models import Device, HubOffice, Record, utcnow


@dataclass(frozen=True)
class DeviceRow:
    id: str
    office_code: str
    office_name: str
    name: str
    created_at: str
    last_seen_at: str | None
    revoked: bool


def add_office(session: Session, code: str, name: str, kind: str) -> HubOffice:
    """The office, and its record in the change log so that every PC learns of it."""
    code, name = code.strip(), name.strip()
    if kind not in codes.OFFICE_KINDS:
        raise FydeskError(f"单位类型须为以下之一：{'、'.join(codes.OFFICE_KINDS)}。")
    if not code or not name:
        raise FydeskError("单位代码和名称都不能为空。")
    # The column widths (PostgreSQL enforces them; SQLite would not have said a word).
    if len(code) > 32 or len(name) > 100:
        raise FydeskError("单位代码最长 32 个字符，名称最长 100 个字符。")
    lock_log(session)  # the office's log entry is an append like any push's
    if session.scalar(select(HubOffice).where(HubOffice.code == code)) is not None:
        raise FydeskError(f"代码为 {code} 的单位已经登记。")
    office = HubOffice(id=str(uuid7()), code=code, name=name, kind=kind)
    session.add(office)
    session.flush()
    add_office_record(session, office.id, {"code": code, "name": name, "kind": kind})
    return office


def list_devices(session: Session) -> list[DeviceRow]:
    offices = {o.id: o for o in session.scalars(select(HubOffice))}
    return [
        DeviceRow(d.id, offices[d.office_id].code, offices[d.office_id].name, d.name,
                  d.created_at.isoformat(sep=" ", timespec="seconds"),
                  d.last_seen_at.isoformat(sep=" ", timespec="seconds") if d.last_seen_at else None,
                  d.revoked_at is not None)
        for d in session.scalars(select(Device).order_by(Device.created_at))
    ]


def revoke_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise FydeskError(f"没有编号为 {device_id} 的设备。")
    device.revoked_at = device.revoked_at or utcnow()
    return device


def city_stats(session: Session, period: str, denominator: str = "accepted") -> dict:
    """The city's monthly figures from every office's synced cases and area data."""
    start, end = period_bounds(period)
    if denominator not in SUCCESS_DENOMINATORS:
        raise FydeskError(f"成功率口径须为 {'、'.join(SUCCESS_DENOMINATORS)} 之一。")
    offices = {o.id: o.name for o in session.scalars(select(HubOffice))}
    per_office: dict[str, list[int]] = {}
    totals = [0, 0, 0]
    for r in session.scalars(select(Record).where(Record.entity == "case", Record.deleted_at.is_(None))):
        accepted = r.data.get("accepted_date")
        if not accepted or not (start.isoformat() <= accepted < end.isoformat()):
            continue
        mediated = r.data.get("status") == "调解中" or r.data.get("result") is not None
        succeeded = r.data.get("result") == "达成协议"
        row = per_office.setdefault(offices.get(r.owner_office_id, r.owner_office_id), [0, 0, 0])
        for i, flag in enumerate((True, mediated, succeeded)):
            row[i] += flag
            totals[i] += flag
    areas = []
    for r in session.scalars(select(Record).where(Record.entity == "area_stat", Record.deleted_at.is_(None))):
        d = r.data
        if d.get("period") != f"{start:%Y-%m}":
            continue
        numbers = [int(d.get(k) or 0) for k in ("civil_filings", "admin_filings", "resident_population",
                                                 "floating_population")]
        areas.append({"area_code": d.get("area_code"), "area_name": d.get("area_name"),
                      "rate_per_10k": litigation_rate_per_10k(*numbers)})
    return {
        "period": f"{start:%Y-%m}",
        "accepted": totals[0], "mediated": totals[1], "succeeded": totals[2],
        "success_rate": success_rate(totals[2], totals[0], totals[1], denominator),
        "denominator": denominator,
        "by_office": [{"office": k, "accepted": v[0], "succeeded": v[2]} for k, v in sorted(per_office.items())],
        "areas": sorted(areas, key=lambda a: a["area_code"] or ""),
    }
