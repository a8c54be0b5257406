"""What IT does on the hub: offices, enrollment codes and devices (the city's figures: figures.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain import codes
from fydesk.domain.errors import FydeskError

from .apply import add_office_record, lock_log
from .models import Device, HubOffice, utcnow


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
