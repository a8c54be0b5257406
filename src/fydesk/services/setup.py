"""First-run set-up of a PC: its office, its device identity and its case-number lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain.errors import ConfigError, ValidationError
from fydesk.models import NumberLease, Office, new_id
from fydesk.policy import NO_POLICY, Policy

from . import records
from .context import Actor, current_user, get_setting, set_setting


@dataclass(frozen=True)
class SetupDTO:
    office_id: str
    office_code: str
    office_name: str
    office_kind: str
    device_id: str


DEMO_KEY = "demo_data"  # set once, by the demo generator, on the data dir it set up
DEMO_MARK = "演示数据"  # in the window title and on every printed page of a demo data dir


def is_initialised(session: Session) -> bool:
    return get_setting(session, "office_id") is not None


def is_demo(session: Session) -> bool:
    """True for a data dir the demo generator set up: its records are made up, never real work."""
    return get_setting(session, DEMO_KEY) is not None


def mark_demo(session: Session) -> None:
    set_setting(session, DEMO_KEY, "1")


def status(session: Session) -> SetupDTO | None:
    office_id = get_setting(session, "office_id")
    if office_id is None:
        return None
    office = session.get(Office, office_id)
    assert office is not None
    return SetupDTO(office.id, office.code, office.name, office.kind, get_setting(session, "device_id") or "")


def initialise(
    session: Session,
    *,
    office_code: str,
    office_name: str,
    kind: str,
    area_code: str | None = None,
    case_prefix: str | None = None,
    user: str | None = None,
    today: date | None = None,
    policy: Policy = NO_POLICY,
) -> SetupDTO:
    """Make this PC the desk of one office, standalone (no hub yet).

    A standalone office is its own numbering authority: it holds one unbounded local lease
    per series. Enrolling with the hub later replaces these with leased blocks.
    """
    if is_demo(session):
        raise ConfigError("这是演示数据目录，不能设置为正式单位：请换一个数据目录（--data-dir）再设置。")
    if is_initialised(session):
        current = status(session)
        raise ConfigError(f"本机已设置为“{current.office_name}”（{current.office_code}），不能重复设置。")
    required = policy.value("office_code")
    if policy.is_locked("office_code") and required and office_code.strip() != required:
        raise ValidationError("office_code", "单位代码", f"单位代码已由信息管理员统一设置为 {required}。")
    device_id = new_id()
    office_id = new_id()
    actor = Actor(user=user or current_user(), office_id=office_id, device_id=device_id)
    existing = session.scalar(select(Office).where(Office.code == office_code.strip()))
    if existing is not None:
        office_id = existing.id
        actor = Actor(actor.user, office_id, device_id)
        dto = records.get(session, "office", office_id)
    else:
        dto = records.create(
            session, actor, "office",
            {"code": office_code, "name": office_name, "kind": kind, "area_code": area_code,
             "case_prefix": case_prefix},
            record_id=office_id,
        )
    set_setting(session, "office_id", office_id)
    set_setting(session, "device_id", device_id)
    year = (today or date.today()).year
    for series in ("case", "suggestion"):
        session.add(NumberLease(id=new_id(), office_id=office_id, series=series, year=year,
                                start=1, end=None, next=1, source="local"))
    return SetupDTO(office_id, dto["code"], dto["name"], dto["kind"], device_id)
