"""Enrollment codes and device tokens: only their hashes are stored."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain.errors import FydeskError

from .models import Device, EnrollCode, EnrollFailure, HubOffice, utcnow

# No 0/O, 1/I/L: the code is read aloud over the phone and typed by hand.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_DAYS = 7
# How long the PC that used a code may ask again with the same attempt id.
RETRY_WINDOW = timedelta(hours=1)
# Failed enrollments counted over this window: past the first limit from one address, or the
# second naming one office (several PCs of an office may be set up, and mistype, at once),
# further attempts are turned away without the code being looked at. With 31^12 codes,
# guessing was hopeless anyway; this keeps it so, and keeps a script from trying for ever.
FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_PER_ADDRESS = 5
FAILURES_PER_OFFICE = 20


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_enroll_code(session: Session, office_code: str) -> str:
    return new_enroll_codes(session, office_code, 1)[0]


def new_enroll_codes(session: Session, office_code: str, count: int,
                     expires_at: datetime | None = None) -> list[str]:
    """`count` one-time codes of the office, all expiring at `expires_at` (naive UTC; by
    default CODE_DAYS from now). Only their hashes are kept: the codes are shown once."""
    office = session.scalar(select(HubOffice).where(HubOffice.code == office_code))
    if office is None:
        raise FydeskError(f"市级平台上没有代码为 {office_code} 的单位；请先用 office add 登记。")
    expires_at = expires_at or utcnow() + timedelta(days=CODE_DAYS)
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
        session.add(EnrollCode(code_hash=digest(raw), office_id=office.id, expires_at=expires_at))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 12, 4)))
    return codes


def redeem(session: Session, code: str, device_name: str,
           attempt_id: str | None = None, office_code: str | None = None) -> tuple[Device, HubOffice, str]:
    """Turn a one-time code into a device and its token; the code cannot be used again,
    except by the same attempt asking again after losing the answer: it gets the same
    device with a new token (the first one was never seen, and only its hash is kept)."""
    row = session.get(EnrollCode, digest(normalise_code(code)), with_for_update=True)
    token = secrets.token_urlsafe(32)
    if (row is not None and row.used_at is not None and attempt_id and row.attempt_id == attempt_id
            and row.used_at > utcnow() - RETRY_WINDOW):
        device = session.get(Device, row.device_id)
        if device is not None and device.revoked_at is None:
            device.token_hash = digest(token)
            return device, session.get(HubOffice, row.office_id), token
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise FydeskError("登记码无效、已使用或已过期；请向信息管理员重新申请。")
    office = session.get(HubOffice, row.office_id)
    if office_code is not None and office.code != office_code:
        raise FydeskError(f"登记码属于“{office.name}”（{office.code}），而本机属于单位代码 {office_code}；"
                          "登记码未被使用，请向信息管理员申请本单位的登记码。")
    device = Device(id=str(uuid7()), office_id=row.office_id, name=device_name, token_hash=digest(token))
    session.add(device)
    row.used_at = utcnow()
    row.device_id = device.id
    row.attempt_id = attempt_id
    return device, office, token


def enroll_wait(session: Session, address: str, office_code: str | None) -> int | None:
    """Seconds until this address (or a request naming this office) may try a code again;
    None when it may now. Attempts turned away are not counted: waiting is enough."""
    now = utcnow()
    since = now - FAILURE_WINDOW
    waits = []
    for column, value, most in ((EnrollFailure.address, address, FAILURES_PER_ADDRESS),
                                (EnrollFailure.office_code, office_code, FAILURES_PER_OFFICE)):
        if value is None:
            continue
        recent = session.scalars(select(EnrollFailure.at).where(column == value, EnrollFailure.at > since)
                                 .order_by(EnrollFailure.at.desc()).limit(most)).all()
        if len(recent) >= most:  # free again once the oldest of these leaves the window
            waits.append(max(1, math.ceil((recent[-1] + FAILURE_WINDOW - now).total_seconds())))
    return max(waits) if waits else None


def note_failure(session: Session, address: str, office_code: str | None) -> None:
    now = utcnow()
    session.execute(delete(EnrollFailure).where(EnrollFailure.at <= now - FAILURE_WINDOW))
    session.add(EnrollFailure(address=address[:64], office_code=office_code, at=now))


def device_for_token(session: Session, token: str) -> tuple[Device, HubOffice] | None:
    """The device this token was given to, and its office: one query, asked on every request."""
    row = session.execute(select(Device, HubOffice).join(HubOffice, HubOffice.id == Device.office_id)
                          .where(Device.token_hash == digest(token))).first()
    return (row[0], row[1]) if row is not None else None
