"""Who is writing: the user, their office and this device, read from local settings."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain.errors import ConfigError
from fydesk.models import LocalSetting


@dataclass(frozen=True)
class Actor:
    user: str
    office_id: str | None
    device_id: str


def get_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(LocalSetting.value).where(LocalSetting.key == key))


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "unknown"


MAX_USER_NAME = 100


def load_actor(session: Session, user: str | None = None, *, require_office: bool = True) -> Actor:
    office_id = get_setting(session, "office_id")
    device_id = get_setting(session, "device_id")
    if require_office and (office_id is None or device_id is None):
        raise ConfigError("本机尚未设置所属单位：请先运行 fydesk init 或在首次启动时完成设置。")
    # The name travels with every change (the hub takes at most 200 characters of it) and is
    # printed as 记录人: an OS login longer than any person's name is cut, never refused.
    name = (user or current_user())[:MAX_USER_NAME]
    return Actor(user=name, office_id=office_id, device_id=device_id or "")
