"""What IT does on the hub: offices, enrollment codes and devices (the city's figures: figures.py).

Plain functions over the caller's session (the caller commits), answering frozen rows whose
times are naive UTC as ISO text ("2026-12-06 22:05:15"); the CLI and the console both call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain import codes
from fydesk.domain.errors import FydeskError
from fydesk.sync import protocol as p

from . import auth
from .apply import add_office_record, lock_log, update_office_record
from .models import Device, EnrollCode, HubOffice, utcnow

# A PC not heard from for longer than this is flagged: switched off, broken, or cut off.
SILENT_DAYS = 7
MAX_REASON = 200  # Device.revoked_reason
MAX_CODES = 1000


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(sep=" ", timespec="seconds") if moment else None


def _naive(now: datetime | None) -> datetime:
    if now is None:
        return utcnow()
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now


def _silent(device: Device, now: datetime) -> bool:
    """Not revoked, and nothing heard for more than SILENT_DAYS (since enrolling, if never)."""
    heard = device.last_seen_at or device.created_at
    return device.revoked_at is None and now - heard > timedelta(days=SILENT_DAYS)


def _office(session: Session, office_id: str) -> HubOffice:
    office = session.get(HubOffice, office_id)
    if office is None:
        raise FydeskError(f"市级平台上没有编号为 {office_id} 的单位。")
    return office


# --- offices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeRow:
    id: str
    code: str
    name: str
    kind: str
    created_at: str
    devices: int  # enrolled and not revoked
    revoked: int
    silent: int  # of `devices`, not heard from for more than SILENT_DAYS


def _office_fields(name: str | None, kind: str | None) -> dict[str, str]:
    fields = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise FydeskError("单位名称不能为空。")
        if len(name) > 100:
            raise FydeskError("单位名称最长 100 个字符。")
        fields["name"] = name
    if kind is not None:
        if kind not in codes.OFFICE_KINDS:
            raise FydeskError(f"单位类型须为以下之一：{'、'.join(codes.OFFICE_KINDS)}。")
        fields["kind"] = kind
    return fields


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


def edit_office(session: Session, office_id: str, name: str | None = None, kind: str | None = None) -> HubOffice:
    """A new name or kind for the office, reaching every PC through the change log as an edit of
    its record. The code stays: PCs, enrollment codes and case numbers are tied to it."""
    fields = _office_fields(name, kind)
    if not fields:
        raise FydeskError("请给出新的单位名称或单位类型。")
    office = _office(session, office_id)
    lock_log(session)
    update_office_record(session, office.id, fields)
    for key, value in fields.items():
        setattr(office, key, value)
    return office


def office_by_code(session: Session, code: str) -> HubOffice:
    office = session.scalar(select(HubOffice).where(HubOffice.code == code.strip()))
    if office is None:
        raise FydeskError(f"市级平台上没有代码为 {code} 的单位。")
    return office


def list_offices(session: Session, now: datetime | None = None) -> list[OfficeRow]:
    """Every office by code, with how many PCs it has enrolled, revoked and gone silent."""
    now = _naive(now)
    counts: dict[str, list[int]] = {}
    for d in session.scalars(select(Device)):
        row = counts.setdefault(d.office_id, [0, 0, 0])
        row[0 if d.revoked_at is None else 1] += 1
        row[2] += _silent(d, now)
    return [OfficeRow(o.id, o.code, o.name, o.kind, _when(o.created_at), *counts.get(o.id, (0, 0, 0)))
            for o in session.scalars(select(HubOffice).order_by(HubOffice.code))]


# --- enrollment codes -------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeBatch:
    """Codes just made, shown this once (the hub keeps only their hashes)."""

    office_id: str
    office_code: str
    office_name: str
    codes: tuple[str, ...]
    expires_at: datetime  # naive UTC


@dataclass(frozen=True)
class CodeRow:
    office_code: str
    office_name: str
    created_at: str
    expires_at: str
    used_at: str | None
    device_name: str | None  # the PC it enrolled
    state: str  # 未使用 | 已使用 | 已过期


def make_codes(session: Session, office_code: str, count: int) -> CodeBatch:
    """`count` one-time enrollment codes of the office, one per PC, all expiring together;
    all of them or, on any error, none (nothing is written before the checks pass)."""
    if type(count) is not int or not 1 <= count <= MAX_CODES:
        raise FydeskError(f"登记码数量须为 1 至 {MAX_CODES} 之间的整数。")
    office = office_by_code(session, office_code)
    expires_at = utcnow().replace(microsecond=0) + timedelta(days=auth.CODE_DAYS)
    made = auth.new_enroll_codes(session, office.code, count, expires_at)
    return CodeBatch(office.id, office.code, office.name, tuple(made), expires_at)


def codes_to_print(session: Session, office_code: str, codes: list[str]) -> CodeBatch:
    """The codes of a batch just made, checked before they go on a sheet: each must be a
    code the hub made for this office, not used and not expired (only its hash is kept)."""
    office = office_by_code(session, office_code)
    if not codes or len(codes) > 1000:
        raise FydeskError("没有登记码可印。" if not codes else "一次最多印 1000 个登记码。")
    rows = []
    for code in codes:
        row = session.get(EnrollCode, auth.digest(auth.normalise_code(code)))
        if row is None or row.office_id != office.id:
            raise FydeskError(f"登记码 {code} 不是为“{office.name}”生成的，不能印在其登记码单上。")
        if row.used_at is not None or row.expires_at < utcnow():
            raise FydeskError(f"登记码 {code} 已使用或已过期，不再印出。")
        rows.append(row)
    return CodeBatch(office.id, office.code, office.name, tuple(codes), min(r.expires_at for r in rows))


def list_codes(session: Session, office_id: str | None = None, now: datetime | None = None) -> list[CodeRow]:
    """Enrollment codes, newest first: their office, dates and state, never the code (only
    its hash is kept, and it is no business of a page either)."""
    now = _naive(now)
    query = (select(EnrollCode, HubOffice.code, HubOffice.name, Device.name)
             .join(HubOffice, HubOffice.id == EnrollCode.office_id)
             .outerjoin(Device, Device.id == EnrollCode.device_id)
             .order_by(EnrollCode.created_at.desc(), HubOffice.code))
    if office_id is not None:
        query = query.where(EnrollCode.office_id == _office(session, office_id).id)
    return [
        CodeRow(office_code, office_name, _when(c.created_at), _when(c.expires_at), _when(c.used_at), device,
                "已使用" if c.used_at else ("已过期" if c.expires_at < now else "未使用"))
        for c, office_code, office_name, device in session.execute(query)
    ]


# --- devices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceRow:
    id: str
    office_id: str
    office_code: str
    office_name: str
    name: str
    app_version: str | None
    created_at: str  # enrolled
    last_seen_at: str | None  # any request
    last_sync_at: str | None  # a push or pull answered
    clock_skew_seconds: int | None  # its clock minus the hub's
    skew_warning: bool  # off by more than the protocol's warning threshold
    ops_waiting: int | None  # in its outbox, as it last said
    revoked: bool
    revoked_at: str | None
    revoked_reason: str | None
    silent: bool  # not revoked and not heard from for more than SILENT_DAYS


def list_devices(session: Session, office_id: str | None = None, now: datetime | None = None) -> list[DeviceRow]:
    """The enrolled PCs by office, oldest first; `now` (UTC) decides which have gone silent."""
    now = _naive(now)
    query = (select(Device, HubOffice).join(HubOffice, HubOffice.id == Device.office_id)
             .order_by(HubOffice.code, Device.created_at))
    if office_id is not None:
        query = query.where(Device.office_id == _office(session, office_id).id)
    rows = []
    for d, o in session.execute(query):
        skew = d.clock_skew_seconds
        rows.append(DeviceRow(
            d.id, o.id, o.code, o.name, d.name, d.app_version, _when(d.created_at), _when(d.last_seen_at),
            _when(d.last_sync_at), skew, skew is not None and abs(skew) > p.SKEW_WARNING_SECONDS, d.ops_waiting,
            d.revoked_at is not None, _when(d.revoked_at), d.revoked_reason, _silent(d, now)))
    return rows


def revoke_device(session: Session, device_id: str, reason: str) -> Device:
    """Stop the PC syncing, for the reason given (kept, shown to IT and to the PC's next sync).
    The records it synced stay; a PC to come back is enrolled anew with a new code."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise FydeskError("停用设备须写明原因。")
    if len(reason) > MAX_REASON or "\x00" in reason:
        raise FydeskError(f"停用原因须为不超过 {MAX_REASON} 个字的一句话。")
    device = session.get(Device, device_id)
    if device is None:
        raise FydeskError(f"没有编号为 {device_id} 的设备。")
    if device.revoked_at is not None:
        raise FydeskError(f"设备“{device.name}”已于 {_when(device.revoked_at)}（UTC）停用"
                          f"{f'（原因：{device.revoked_reason}）' if device.revoked_reason else ''}。")
    device.revoked_at = utcnow()
    device.revoked_reason = reason
    return device
