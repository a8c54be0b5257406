"""Attachments: adding a file to a record, listing a record's files, reading a body back."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain import codes
from fydesk.domain.errors import NotFoundError, ValidationError
from fydesk.models import Attachment, AttachmentBody, utcnow
from fydesk.store.bodies import MB, Bodies, BodyTooLarge  # noqa: F401  (callers catch it here)
from fydesk.store.engine import Store

from . import records
from .context import Actor, get_setting, load_actor, set_setting
from .entities import ENTITIES, entity

DEFAULT_LIMIT = 200 * MB
LIMIT_KEY = "attach_max_bytes"

HERE, UPLOADING, ON_HUB = "本机", "待上传", "在市级平台"


@dataclass(frozen=True)
class AttachmentDTO:
    id: str
    owner_entity: str
    owner_id: str
    kind: str
    name: str
    media_type: str | None
    size: int
    sha256: str
    added_at: datetime | None
    added_by: str | None
    owner_office_id: str | None
    deleted: bool
    body: str  # HERE | UPLOADING | ON_HUB

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["added_at"] = self.added_at.isoformat(sep=" ", timespec="seconds") if self.added_at else None
        return out


def bodies_of(store: Store) -> Bodies:
    return Bodies(store.data_dir.files_dir)


def size_limit(session: Session) -> int:
    raw = get_setting(session, LIMIT_KEY)
    return int(raw) if raw else DEFAULT_LIMIT


def set_size_limit(session: Session, limit: int) -> None:
    if limit < 1:
        raise ValidationError(LIMIT_KEY, "附件大小上限", "附件大小上限须为正数。")
    set_setting(session, LIMIT_KEY, str(limit))


def _check_owner(session: Session, owner_entity: str, owner_id: str, kind: str) -> None:
    """What `records.create` would refuse, asked before a large file is copied."""
    spec = entity("attachment")
    spec.field("owner_entity").parse(owner_entity)
    spec.field("kind").parse(kind)
    owner = ENTITIES[owner_entity]
    row = session.get(owner.model, owner_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(f"找不到要添加附件的{owner.label} {owner_id}。")


def add_file(store: Store, user: str | None, owner_entity: str, owner_id: str, path: Path, kind: str,
             *, name: str | None = None, when: datetime | None = None) -> AttachmentDTO:
    """Copy the file into the data dir by its hash, then record it in one transaction.

    The copy runs outside any transaction (a large file must not hold the write lock); a
    crash between the two leaves at most a body nobody names, never a record without one.
    """
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"找不到文件 {path}。")
    with store.read() as s:
        _check_owner(s, owner_entity, owner_id, kind)
        limit = size_limit(s)
    sha, size = bodies_of(store).put_file(path, limit)
    with store.write() as s:
        actor = load_actor(s, user)
        return add(s, actor, owner_entity, owner_id, kind, name or path.name, sha, size, when=when)


def add(session: Session, actor: Actor, owner_entity: str, owner_id: str, kind: str, name: str,
        sha256: str, size: int, *, when: datetime | None = None) -> AttachmentDTO:
    """The metadata record of a body already stored (Bodies.put_file), with its audit entry
    and outbox op; the body is marked as held here, to be uploaded (or its upload confirmed)."""
    _check_owner(session, owner_entity, owner_id, kind)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    dto = records.create(session, actor, "attachment", {
        "owner_entity": owner_entity, "owner_id": owner_id, "kind": kind, "name": name,
    }, system_values={"media_type": media_type, "size": size, "sha256": sha256,
                      "added_at": (when or utcnow()).replace(microsecond=0), "added_by": actor.user})
    held = session.get(AttachmentBody, sha256)
    if held is None:
        session.add(AttachmentBody(sha256=sha256, size=size))
    else:
        # Held here already (perhaps fetched from another office): the hub lets others read
        # it through this record only once this office has sent the bytes itself, so the next
        # sync asks the hub and sends them if it must.
        held.uploaded_at = None
    return get(session, dto.id)


def _dto(row: Attachment, held: AttachmentBody | None) -> AttachmentDTO:
    if held is None:
        body = ON_HUB
    else:
        body = HERE if held.uploaded_at is not None else UPLOADING
    return AttachmentDTO(id=row.id, owner_entity=row.owner_entity, owner_id=row.owner_id, kind=row.kind,
                         name=row.name, media_type=row.media_type, size=row.size, sha256=row.sha256,
                         added_at=row.added_at, added_by=row.added_by, owner_office_id=row.owner_office_id,
                         deleted=row.deleted_at is not None, body=body)


def get(session: Session, attachment_id: str) -> AttachmentDTO:
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFoundError(f"找不到附件 {attachment_id}。")
    return _dto(row, session.get(AttachmentBody, row.sha256))


def list_for(session: Session, owner_entity: str, owner_id: str) -> list[AttachmentDTO]:
    if owner_entity not in codes.ATTACHABLE:
        entity("attachment").field("owner_entity").parse(owner_entity)
    rows = session.scalars(select(Attachment).where(
        Attachment.owner_entity == owner_entity, Attachment.owner_id == owner_id,
        Attachment.deleted_at.is_(None)).order_by(Attachment.id)).all()
    held = {b.sha256: b for b in session.scalars(
        select(AttachmentBody).where(AttachmentBody.sha256.in_({r.sha256 for r in rows})))}
    return [_dto(r, held.get(r.sha256)) for r in rows]


def mark_held(session: Session, sha256: str, size: int, *, uploaded: bool) -> None:
    """A body now stored here (fetched from the hub, so the hub has it too)."""
    row = session.get(AttachmentBody, sha256)
    if row is None:
        row = AttachmentBody(sha256=sha256, size=size)
        session.add(row)
    if uploaded and row.uploaded_at is None:
        row.uploaded_at = utcnow()


def body_problems(session: Session, bodies: Bodies) -> list[str]:
    """Every body this PC holds, checked against its hash: missing or altered ones named."""
    problems = []
    for held in session.scalars(select(AttachmentBody).order_by(AttachmentBody.sha256)):
        problem = bodies.problem(held.sha256)
        if problem is None:
            continue
        names = session.scalars(select(Attachment.name).where(Attachment.sha256 == held.sha256)
                                .order_by(Attachment.id)).all()
        named = f"（{'、'.join(dict.fromkeys(names))}）" if names else ""
        what = "缺失" if problem == "missing" else "内容已被改动，与其 SHA-256 校验值不符"
        problems.append(f"附件文件 {bodies.relative(held.sha256)}{named}{what}。")
    return problems
