"""Console accounts: users and their roles, argon2 passwords, sessions, the sign-in throttle, the audit trail.

Nothing here knows about HTTP; the pages (console/web.py) and `fydesk-hub user …` call it.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError

from ..models import (
    ConsoleAudit,
    ConsoleSession,
    ConsoleUser,
    HubOffice,
    LoginFailure,
    utcnow,
)

# The four kinds of people the console serves, with what each may open (DESIGN §5).
COORDINATOR, GROUP, IT, VIEWER = "coordinator", "group", "it", "viewer"
ROLES = {
    COORDINATOR: "联席会议办公室",  # the city's figures, 需协调, the audit trail: everything but IT
    GROUP: "专项工作组成员",  # the city's figures (their group's tasks once tasks exist)
    IT: "信息管理员",  # offices, enrollment codes, devices, users
    VIEWER: "单位查看",  # one office's own figures
}
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # argon2 takes any length; a megabyte "password" is only a way to burn CPU
# Idle sessions end; a session also ends when its user is disabled or the password changes.
SESSION_IDLE = timedelta(hours=2)
SESSION_LONGEST = timedelta(hours=12)
# Sign-in failures counted over this window: past the first limit for one account, or the
# second from one address (a script trying many accounts), further tries are refused unchecked.
FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_PER_LOGIN = 5
FAILURES_PER_ADDRESS = 20

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class Throttled(FydeskError):
    """Too many failed sign-ins for this account or from this address: wait, or ask IT."""


@dataclass(frozen=True)
class Viewer:
    """The signed-in person of one request."""

    user_id: int
    login: str
    name: str
    role: str
    office_id: str | None
    office_code: str | None
    office_name: str | None
    csrf: str
    session_hash: str

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise FydeskError(f"密码至少 {MIN_PASSWORD} 个字符。")
    if len(password) > MAX_PASSWORD:
        raise FydeskError(f"密码最长 {MAX_PASSWORD} 个字符。")
    if password.strip() != password or "\x00" in password:
        raise FydeskError("密码首尾不能是空白，也不能含控制字符。")


def _office(session: Session, code: str | None) -> HubOffice | None:
    if not code:
        return None
    office = session.scalar(select(HubOffice).where(HubOffice.code == code.strip()))
    if office is None:
        raise FydeskError(f"市级平台上没有代码为 {code} 的单位。")
    return office


def add_user(session: Session, login: str, name: str, role: str, password: str,
             office_code: str | None = None) -> ConsoleUser:
    login, name = login.strip(), name.strip()
    if role not in ROLES:
        raise FydeskError(f"角色须为以下之一：{'、'.join(f'{k}（{v}）' for k, v in ROLES.items())}。")
    if not login or len(login) > 64 or any(ch.isspace() for ch in login):
        raise FydeskError("登录名不能为空、不能含空白，最长 64 个字符。")
    if not name or len(name) > 100:
        raise FydeskError("姓名不能为空，最长 100 个字符。")
    office = _office(session, office_code)
    if role == VIEWER and office is None:
        raise FydeskError("单位查看账号须指定所属单位（--office 单位代码）。")
    if role != VIEWER and office is not None:
        raise FydeskError(f"只有单位查看账号属于某个单位；{ROLES[role]}账号不指定单位。")
    check_password(password)
    if session.scalar(select(ConsoleUser).where(func.lower(ConsoleUser.login) == login.lower())) is not None:
        raise FydeskError(f"登录名 {login} 已被使用。")
    user = ConsoleUser(login=login, name=name, role=role, office_id=office.id if office else None,
                       password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def has_users(session: Session) -> bool:
    return session.scalar(select(ConsoleUser.id).limit(1)) is not None


def find_user(session: Session, login: str) -> ConsoleUser:
    user = session.scalar(select(ConsoleUser).where(func.lower(ConsoleUser.login) == login.strip().lower()))
    if user is None:
        raise FydeskError(f"没有登录名为 {login} 的账号。")
    return user


def set_password(session: Session, user: ConsoleUser, password: str) -> None:
    """A new password; every session of the user ends, so a stolen cookie dies with the old one."""
    check_password(password)
    user.password_hash = _hasher.hash(password)
    user.password_changed_at = utcnow()
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))


def set_disabled(session: Session, user: ConsoleUser, disabled: bool) -> None:
    user.disabled_at = (user.disabled_at or utcnow()) if disabled else None
    if disabled:
        session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))


def list_users(session: Session) -> list[tuple[ConsoleUser, HubOffice | None]]:
    offices = {o.id: o for o in session.scalars(select(HubOffice))}
    return [(u, offices.get(u.office_id)) for u in session.scalars(select(ConsoleUser).order_by(ConsoleUser.id))]


def login_wait(session: Session, login: str, address: str) -> int | None:
    """Seconds until this account, or this address, may try again; None when it may now."""
    now = utcnow()
    waits = []
    for column, value, most in ((LoginFailure.login, login.strip().lower()[:64], FAILURES_PER_LOGIN),
                                (LoginFailure.address, address[:64], FAILURES_PER_ADDRESS)):
        recent = session.scalars(select(LoginFailure.at).where(column == value, LoginFailure.at > now - FAILURE_WINDOW)
                                 .order_by(LoginFailure.at.desc()).limit(most)).all()
        if len(recent) >= most:  # free again once the oldest of these leaves the window
            waits.append(max(1, math.ceil((recent[-1] + FAILURE_WINDOW - now).total_seconds())))
    return max(waits) if waits else None


def wait_message(seconds: int) -> str:
    return f"登录失败次数过多，已暂停登录；请 {math.ceil(seconds / 60)} 分钟后再试，或请信息管理员重设密码。"


def authenticate(session: Session, login: str, password: str, address: str) -> ConsoleUser:
    """The user whose password this is, or one Chinese sentence; every failure counts towards
    the throttle, which is asked first so that a locked account learns nothing from a guess."""
    wait = login_wait(session, login, address)
    if wait is not None:
        raise Throttled(wait_message(wait))
    user = session.scalar(select(ConsoleUser).where(func.lower(ConsoleUser.login) == login.strip().lower()))
    ok = False
    if user is not None and len(password) <= MAX_PASSWORD:
        try:
            ok = _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    elif len(password) <= MAX_PASSWORD:
        _hasher.hash(password)  # as long as a real check, so timing tells no account names
    if not ok or user is None:
        now = utcnow()
        session.execute(delete(LoginFailure).where(LoginFailure.at <= now - FAILURE_WINDOW))
        session.add(LoginFailure(login=login.strip().lower()[:64], address=address[:64], at=now))
        raise FydeskError("登录名或密码不对。")
    if user.disabled_at is not None:
        raise FydeskError("此账号已停用；请联系信息管理员。")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def start_session(session: Session, user: ConsoleUser) -> str:
    """A new session for the user; returns the cookie's token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(ConsoleSession).where(ConsoleSession.last_seen_at < now - SESSION_IDLE))
    session.add(ConsoleSession(token_hash=_digest(token), user_id=user.id, csrf=secrets.token_urlsafe(32),
                               created_at=now, last_seen_at=now))
    return token


def viewer_for(session: Session, token: str | None, now: datetime | None = None) -> Viewer | None:
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    row = session.get(ConsoleSession, _digest(token))
    if row is None:
        return None
    user = session.get(ConsoleUser, row.user_id)
    if (user is None or user.disabled_at is not None or row.last_seen_at < now - SESSION_IDLE
            or row.created_at < now - SESSION_LONGEST):
        session.delete(row)
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # not a write on every page
        row.last_seen_at = now
    office = session.get(HubOffice, user.office_id) if user.office_id else None
    return Viewer(user.id, user.login, user.name, user.role, user.office_id,
                  office.code if office else None, office.name if office else None, row.csrf, row.token_hash)


def end_session(session: Session, viewer: Viewer) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == viewer.session_hash))


def audit(session: Session, viewer: Viewer | None, address: str, action: str, detail: str = "",
          login: str | None = None) -> None:
    session.add(ConsoleAudit(user_id=viewer.user_id if viewer else None,
                             login=(login if login is not None else viewer.login if viewer else "")[:64],
                             address=address[:64], action=action, detail=detail))


def audit_rows(session: Session, limit: int = 200, offset: int = 0) -> list[ConsoleAudit]:
    return list(session.scalars(select(ConsoleAudit).order_by(ConsoleAudit.id.desc()).limit(limit).offset(offset)))
