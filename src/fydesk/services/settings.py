"""The settings a user sees on the 设置 page, each with where its value comes from and whether
the machine-wide policy (fydesk/policy.py) locks it.

Which value wins: a locked policy value; else what the user set on this PC; else what
enrollment recorded; else the policy's value as a default; else the built-in default.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from fydesk.domain.errors import ValidationError
from fydesk.models import LocalSetting, Office
from fydesk.policy import SETTINGS, Policy

from .context import get_setting, set_setting

DEFAULT_SYNC_MINUTES = 5
USER_KEY = "setting:"  # + name: the value the user chose on this PC
# What enrollment recorded: the address the token belongs to, and the CA file given then.
ENROLLED_KEY = {"hub_url": "hub_url", "ca_file": "hub_ca"}
EDITABLE = ("hub_url", "ca_file", "sync_interval_minutes")  # the office code is set once, at setup

SOURCE_LABELS = {"policy": "信息管理员策略", "user": "本机设置", "enrolled": "登记时填写",
                 "office": "本机单位", "default": "默认"}


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    value: object | None
    source: str  # a key of SOURCE_LABELS, or "" when there is no value
    locked: bool  # by the policy: shown, never changed here
    editable: bool  # a user may change it on this PC now

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, "")


def _resolve(session: Session, policy: Policy, name: str) -> tuple[object | None, str]:
    if policy.is_locked(name) and policy.value(name) is not None:
        return policy.value(name), "policy"
    if name == "office_code":
        office_id = get_setting(session, "office_id")
        office = session.get(Office, office_id) if office_id else None
        if office is not None:
            return office.code, "office"
    if not policy.is_locked(name):
        chosen = get_setting(session, USER_KEY + name)
        if chosen is not None:
            return SETTINGS[name].parse(chosen), "user"
    if name in ENROLLED_KEY and (enrolled := get_setting(session, ENROLLED_KEY[name])):
        return enrolled, "enrolled"
    if policy.value(name) is not None:
        return policy.value(name), "policy"
    if name == "sync_interval_minutes":
        return DEFAULT_SYNC_MINUTES, "default"
    return None, ""


def get(session: Session, policy: Policy, name: str) -> Setting:
    value, source = _resolve(session, policy, name)
    locked = policy.is_locked(name)
    return Setting(name, SETTINGS[name].label, value, source, locked,
                   editable=name in EDITABLE and not locked)


def value(session: Session, policy: Policy, name: str) -> object | None:
    return _resolve(session, policy, name)[0]


def read_all(session: Session, policy: Policy) -> list[Setting]:
    return [get(session, policy, name) for name in SETTINGS]


def change(session: Session, policy: Policy, name: str, raw: str | None) -> Setting:
    """Set what the user chose for `name`; empty text goes back to the enrolled or policy value."""
    if name not in SETTINGS:
        raise ValidationError(name, name, f"没有名为“{name}”的设置项；可设置的有：{'、'.join(EDITABLE)}。")
    label = SETTINGS[name].label
    if policy.is_locked(name):
        raise ValidationError(name, label, f"“{label}”由信息管理员统一设置（{policy.path}），不能在本机修改。")
    if name not in EDITABLE:
        raise ValidationError(name, label, f"“{label}”在设置本机单位时确定，之后不能修改。")
    text = (raw or "").strip()
    if not text:
        session.execute(delete(LocalSetting).where(LocalSetting.key == USER_KEY + name))
        return get(session, policy, name)
    try:
        parsed = SETTINGS[name].parse(text)
    except ValueError as exc:
        raise ValidationError(name, label, f"“{label}”{exc}。") from None
    if name == "ca_file" and not Path(str(parsed)).is_file():
        raise ValidationError(name, label, f"找不到证书文件 {parsed}。")
    set_setting(session, USER_KEY + name, str(parsed))
    return get(session, policy, name)


def forget_user_choice(session: Session, *names: str) -> None:
    """Enrolling anew records the address and CA it used; an older choice would only mislead."""
    session.execute(delete(LocalSetting).where(LocalSetting.key.in_([USER_KEY + n for n in names])))
