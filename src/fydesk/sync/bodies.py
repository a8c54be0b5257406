"""Attachment bodies between this PC and the hub, apart from record batches and resumable.

Uploads go after the record push (the hub takes a body only once it holds a record naming
it) and continue from however much of this office's upload the hub already holds; a body the
hub has from another office is sent all the same, since others read it through this office's
records only once this office has sent the bytes. Downloads continue from however much has
arrived here, and take the body's size from the hub, never from a record. A body is kept
only when its SHA-256 matches. A failure leaves the body for the next sync; it never fails
the record sync that ran before it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exists, select

from fydesk.domain.errors import FydeskError
from fydesk.models import Attachment, AttachmentBody, OutboxOp, SyncLogEntry, utcnow
from fydesk.services.attachments import bodies_of, mark_held
from fydesk.services.context import get_setting
from fydesk.store.engine import Store

from . import protocol as p
from .client import HubClient, HubError

# Attachments of these records are fetched in the background: several offices work on them.
JOINT_OWNERS = ("joint_case", "handoff")
MAX_RESTARTS = 5


@dataclass
class BodySummary:
    sent: int = 0
    fetched: int = 0
    waiting: int = 0  # named by a record, not (yet) complete on the hub
    errors: list[str] = field(default_factory=list)


def upload(store: Store, client: HubClient, sha256: str) -> bool:
    """Send one body, from where the hub's copy of this office's upload ends. True once the
    hub holds it from this office."""
    bodies = bodies_of(store)
    if bodies.problem(sha256) is not None:  # sending it would only be refused at the last byte
        raise FydeskError(f"本机的附件文件 {bodies.relative(sha256)} 缺失或已被改动，未上传；"
                          "请运行 fydesk db check 查看。")
    status = client.blob_status(sha256)
    if status is None:
        return False  # the hub has no record of ours naming it yet
    restarts = 0
    with open(bodies.path(sha256), "rb") as f:
        total = os.fstat(f.fileno()).st_size
        while not status.uploaded:
            f.seek(status.received)
            piece = f.read(p.BLOB_CHUNK)
            before = status.received
            try:
                status = client.put_blob(sha256, status.received, piece, total)
                if not status.uploaded and status.received <= before:  # never loop on an answer
                    raise HubError("市级平台没有收下上传的内容，可能版本不一致。", "bad_answer")
            except HubError as exc:
                # "conflict": a piece whose answer was lost did arrive; "hash_mismatch": the hub
                # threw the upload away. Either way ask where the hub stands and go on from there.
                if exc.code not in ("conflict", "hash_mismatch") or restarts >= MAX_RESTARTS:
                    raise
                restarts += 1
                status = client.blob_status(sha256)
                if status is None:
                    return False
    with store.write() as s:
        held = s.get(AttachmentBody, sha256)
        if held is not None and held.uploaded_at is None:
            held.uploaded_at = utcnow()
    return True


def fetch(store: Store, client: HubClient, sha256: str, size: int | None = None) -> Path:
    """Bring one body here (on demand or in the background), continuing a partial download.

    `size`: the body's as the hub just reported it; asked for when not given. A record's size
    is only what its maker claimed."""
    bodies = bodies_of(store)
    if bodies.has(sha256) and bodies.problem(sha256) is None:
        _held(store, sha256, bodies.path(sha256).stat().st_size)
        return bodies.path(sha256)
    if size is None:
        status = client.blob_status(sha256)
        if status is None or not status.complete:
            raise FydeskError("市级平台上还没有本单位可以取回的这个附件文件（上传它的单位尚未传完，"
                              "或它不在本单位可见的范围内）。")
        size = status.size
    offset = bodies.partial_size(sha256)
    if offset > size:
        offset = 0
    while offset < size:
        piece = client.get_blob(sha256, offset, min(offset + p.BLOB_CHUNK, size) - 1)
        if not piece:
            raise HubError("市级平台返回了空的附件片段。", "bad_answer")
        offset = bodies.append_partial(sha256, offset, piece)
    if size == 0:
        bodies.append_partial(sha256, 0, b"")
    if not bodies.finish_partial(sha256):
        raise FydeskError("下载的附件内容与其 SHA-256 校验值不符，已丢弃，下次同步时重新下载。")
    _held(store, sha256, size)
    return bodies.path(sha256)


def _held(store: Store, sha256: str, size: int) -> None:
    with store.write() as s:
        mark_held(s, sha256, size, uploaded=True)


def pending_uploads(store: Store) -> list[str]:
    """Bodies held here, named by this office's attachment records the hub already has."""
    with store.read() as s:
        office = get_setting(s, "office_id")
        unsent = exists().where(OutboxOp.record_id == Attachment.id, OutboxOp.op == "insert")
        return list(s.scalars(select(AttachmentBody.sha256).join(
            Attachment, Attachment.sha256 == AttachmentBody.sha256).where(
            AttachmentBody.uploaded_at.is_(None), Attachment.owner_office_id == office, ~unsent,
        ).distinct().order_by(AttachmentBody.sha256)))


def wanted_downloads(store: Store) -> list[str]:
    """Bodies of joint cases' attachments not here yet: fetched in the background."""
    with store.read() as s:
        held = exists().where(AttachmentBody.sha256 == Attachment.sha256)
        return list(s.scalars(select(Attachment.sha256).where(
            Attachment.owner_entity.in_(JOINT_OWNERS), Attachment.deleted_at.is_(None), ~held,
        ).distinct().order_by(Attachment.sha256)))


def transfer(store: Store, client: HubClient) -> BodySummary:
    """The body step of a sync: send what the hub lacks, fetch joint cases' bodies."""
    summary = BodySummary()
    for sha in pending_uploads(store):
        try:
            if upload(store, client, sha):
                summary.sent += 1
        except (HubError, FydeskError, OSError) as exc:
            summary.errors.append(_note(store, "upload", sha, exc))
    for sha in wanted_downloads(store):
        try:
            status = client.blob_status(sha)
            if status is None or not status.complete:
                summary.waiting += 1
                continue
            fetch(store, client, sha, status.size)
            summary.fetched += 1
        except (HubError, FydeskError, OSError) as exc:
            summary.errors.append(_note(store, "download", sha, exc))
    return summary


def _note(store: Store, kind: str, sha256: str, exc: Exception) -> str:
    what = "上传" if kind == "upload" else "下载"
    message = f"附件 {sha256[:12]}… {what}未完成，下次同步时继续：{getattr(exc, 'message', None) or exc}"
    with store.write() as s:
        s.add(SyncLogEntry(kind="error", code=f"blob_{kind}", detail=message[:2000]))
    return message

