"""What a desk says of itself in its request headers, read leniently and kept on its Device.

The app version, the ops waiting in its outbox and its clock are a report for IT's list of
devices, not part of the exchange: a value the hub cannot read is dropped (the one before it
stays), never refused and never stored as it came.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from fydesk.sync import protocol as p

from .models import Device, SyncDay, utcnow

_VERSION = re.compile(p.APP_VERSION_PATTERN)
_COUNT = re.compile(r"[0-9]{1,10}")
MAX_OPS_WAITING = 2**31 - 1  # the column's width
_TIME_LENGTH = 40  # "2026-12-06T22:05:15.250000+08:00" and room to spare


@dataclass(frozen=True)
class DeviceReport:
    app_version: str | None = None
    ops_waiting: int | None = None
    skew_seconds: int | None = None  # the device's clock minus the hub's


def read(app: str | None, waiting: str | None, client_time: str | None,
         received: datetime | None = None) -> DeviceReport:
    """The report in these header values; `received` (naive UTC): when the request arrived,
    read before it waits for a worker so that the wait does not count as skew."""
    return DeviceReport(_version(app), _count(waiting), _skew(client_time, received or utcnow()))


def _version(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if _VERSION.fullmatch(value) else None


def _count(value: str | None) -> int | None:
    value = (value or "").strip()
    # ASCII digits only: int() would also take "+5", "1_000" and other scripts' digits.
    if not _COUNT.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_OPS_WAITING else None


def _skew(value: str | None, received: datetime) -> int | None:
    value = (value or "").strip()
    if not value or len(value) > _TIME_LENGTH:
        return None
    try:
        sent = datetime.fromisoformat(value)
        if sent.tzinfo is None:  # a time without its zone says nothing about the clock
            return None
        sent = sent.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01T00:00+08:00 is before year 1 in UTC
        return None
    return round((sent - received).total_seconds())


def note(device: Device, report: DeviceReport | None) -> None:
    """Keep on the device (loaded already, written with its last_seen_at) what it reported."""
    if report is None:
        return
    if report.app_version is not None:
        device.app_version = report.app_version
    if report.ops_waiting is not None:
        device.ops_waiting = report.ops_waiting
    if report.skew_seconds is not None:
        device.clock_skew_seconds = report.skew_seconds


# China keeps one zone and no summer time: the working day a sync belongs to is Beijing's.
BEIJING = timedelta(hours=8)


def beijing_day(moment: datetime) -> date:
    """The Beijing date of a naive UTC time."""
    return (moment + BEIJING).date()


def synced(session: Session, device: Device, now: datetime) -> None:
    """A push or pull answered: the device's last sync, and the day noted for 考核 (同步及时率)
    on its first sync of that day — one small insert a day per device, none after."""
    day = beijing_day(now)
    if device.last_sync_at is None or beijing_day(device.last_sync_at) != day:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(SyncDay).values(device_id=device.id, day=day, office_id=device.office_id)
                        .on_conflict_do_nothing())
    device.last_sync_at = now
