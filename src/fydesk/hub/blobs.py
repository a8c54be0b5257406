"""Attachment bodies on the hub: who may send or read one, resumable appends, hash checks.

A device may send a body that one of its office's attachment records names, and read a body
named by an attachment record its office sees (its own, or a joint case's it takes part in).
Anything else is answered as if the body did not exist. The expected size is the one the
attachment record states; the hash is checked once the last byte is in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from fydesk.sync import protocol as p

from .apply import Pusher
from .models import Blob, BlobChunk, Record, utcnow

_SHA256 = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"bytes=(\d+)-(\d*)")


class BlobError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class _Refs:
    """What the hub's attachment records say about one hash, for one office."""

    size: int | None
    may_send: bool
    may_read: bool


def _refs(s: Session, sha256: str, office_id: str) -> _Refs:
    if not _SHA256.fullmatch(sha256):
        raise BlobError(400, "bad_request", "附件校验值应为 64 位小写十六进制的 SHA-256。")
    # The attachment records naming this body; few, so the JSON path needs no index of its own.
    rows = s.execute(select(Record.owner_office_id, Record.scope, Record.data).where(
        Record.entity == "attachment", Record.data["sha256"].as_string() == sha256)).all()
    mine = [r for r in rows if r.owner_office_id == office_id]
    seen = [r for r in rows if r.owner_office_id == office_id or office_id in (r.scope or [])]
    sizes = [r.data.get("size") for r in (mine or seen) if isinstance(r.data.get("size"), int)]
    return _Refs(size=sizes[0] if sizes else None, may_send=bool(mine), may_read=bool(seen))


def _not_found() -> BlobError:
    return BlobError(404, "not_found", "市级平台上没有本单位可见的这个附件。")


def _lock(s: Session, sha256: str) -> None:
    """One writer per body at a time (two PCs may send the same scan); other bodies and
    record batches are not held up. SQLite serialises writers by itself."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(7243002, hashtext(:sha))"), {"sha": sha256})


def _status(sha256: str, blob: Blob | None, size: int) -> p.BlobStatus:
    if blob is None:
        return p.BlobStatus(sha256=sha256, size=size, received=0, complete=False)
    return p.BlobStatus(sha256=sha256, size=blob.size, received=blob.received, complete=blob.complete)


def status(s: Session, who: Pusher, sha256: str) -> p.BlobStatus:
    refs = _refs(s, sha256, who.office.id)
    if not (refs.may_send or refs.may_read) or refs.size is None:
        raise _not_found()
    return _status(sha256, s.get(Blob, sha256), refs.size)


def may_send(s: Session, who: Pusher, sha256: str) -> None:
    """Asked before a piece is read off the wire: a stranger's upload is refused unread."""
    refs = _refs(s, sha256, who.office.id)
    if not refs.may_send or refs.size is None:
        raise _not_found()


def append(s: Session, who: Pusher, sha256: str, offset: int, data: bytes) -> tuple[p.BlobStatus, bool]:
    """Store one piece at `offset`; (status, hash_failed). A body whose hash fails on
    completion is thrown away (received back to 0) in this same, committed, transaction."""
    refs = _refs(s, sha256, who.office.id)
    if not refs.may_send or refs.size is None:
        raise _not_found()
    if len(data) > p.MAX_BLOB_PIECE:
        raise BlobError(413, "payload_too_large", f"每次最多上传 {p.MAX_BLOB_PIECE // (1024 * 1024)} MB。")
    _lock(s, sha256)
    blob = s.get(Blob, sha256)
    if blob is None:
        blob = Blob(sha256=sha256, size=refs.size, received=0, complete=False, created_at=utcnow())
        s.add(blob)
        s.flush()
    if blob.complete:
        return _status(sha256, blob, blob.size), False  # sent again after a lost answer: nothing to do
    if offset != blob.received:
        raise BlobError(409, "conflict", f"市级平台已有该附件的前 {blob.received} 字节，应从那里续传。")
    if offset + len(data) > blob.size:
        raise BlobError(400, "bad_request", f"附件只有 {blob.size} 字节，上传的内容超出了它的大小。")
    if data:
        s.add(BlobChunk(sha256=sha256, offset=offset, data=data))
        blob.received = offset + len(data)
        s.flush()
    if blob.received < blob.size:
        return _status(sha256, blob, blob.size), False
    if _digest(s, sha256) != sha256:
        s.execute(delete(BlobChunk).where(BlobChunk.sha256 == sha256))
        blob.received = 0
        return _status(sha256, blob, blob.size), True
    blob.complete = True
    blob.completed_at = utcnow()
    return _status(sha256, blob, blob.size), False


def _digest(s: Session, sha256: str) -> str:
    h = hashlib.sha256()
    offsets = s.scalars(select(BlobChunk.offset).where(BlobChunk.sha256 == sha256).order_by(BlobChunk.offset)).all()
    for offset in offsets:  # one piece in memory at a time
        h.update(s.scalar(select(BlobChunk.data).where(BlobChunk.sha256 == sha256, BlobChunk.offset == offset)))
    return h.hexdigest()


def read(s: Session, who: Pusher, sha256: str, range_header: str | None) -> tuple[bytes, int, int]:
    """(bytes, first byte, total size) of a complete body: the range asked for, at most
    MAX_BLOB_PIECE of it (the answer's Content-Range says what was sent)."""
    refs = _refs(s, sha256, who.office.id)
    blob = s.get(Blob, sha256)
    if not refs.may_read or blob is None:
        raise _not_found()
    if not blob.complete:
        raise BlobError(404, "not_found", "市级平台尚未收齐这个附件，请稍后再取。")
    start, end = 0, blob.size  # end exclusive
    if range_header:
        found = _RANGE.fullmatch(range_header.strip())
        if found is None:
            raise BlobError(416, "bad_request", "只支持 bytes=起-止 形式的单个范围。")
        start = int(found[1])
        end = min(blob.size, int(found[2]) + 1) if found[2] else blob.size
        if start >= blob.size and blob.size > 0 or start > end:
            raise BlobError(416, "bad_request", f"范围超出附件大小（{blob.size} 字节）。")
    end = min(end, start + p.MAX_BLOB_PIECE)
    first = s.scalar(select(func.max(BlobChunk.offset)).where(BlobChunk.sha256 == sha256,
                                                              BlobChunk.offset <= start)) or 0
    pieces = s.execute(select(BlobChunk.offset, BlobChunk.data).where(
        BlobChunk.sha256 == sha256, BlobChunk.offset >= first, BlobChunk.offset < end)
        .order_by(BlobChunk.offset)).all()
    out = bytearray()
    for offset, data in pieces:
        out += data[max(0, start - offset):max(0, end - offset)]
    return bytes(out), start, blob.size
