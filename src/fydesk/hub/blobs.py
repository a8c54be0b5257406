"""Attachment bodies on the hub: who may send or read one, each office's resumable upload, hash checks.

A hash names a body; it is no key to it. A device may send a body one of its office's
attachment records names. Each office's upload is staged apart (blob_uploads) with the size
the device declares, so no other office's record or bytes can block or spoil it, and its hash
is checked when the last byte is in: the first upload that checks makes the body, and every
office whose upload checks holds it (blob_holders). An office reads a body through an
attachment record it sees (its own, or a joint case's it takes part in) whose owner office
holds the body, or when it holds the body itself. Anything else is answered as if the body
did not exist.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from fydesk.sync import protocol as p

from .apply import Pusher
from .models import (
    Blob,
    BlobChunk,
    BlobHolder,
    BlobUpload,
    BlobUploadChunk,
    Record,
    utcnow,
)

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Numbers from a request at most 20 digits long: enough for any size, and int() of a very long
# digit string raises (Python caps the conversion) instead of answering.
_NUMBER = re.compile(r"[0-9]{1,20}")
_RANGE = re.compile(r"bytes=([0-9]{1,20})-([0-9]{0,20})")


class BlobError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class _Access:
    """What one office may do with one body."""

    blob: Blob | None  # the body, once some office's upload of it checked
    may_send: bool  # one of its records names the hash
    sees: bool  # a record naming the hash is its own or in its scope
    holds: bool  # it sent the body whole itself
    may_read: bool


def _access(s: Session, sha256: str, office_id: str) -> _Access:
    _check_hash(sha256)
    # The attachment records naming this body; few, so the JSON path needs no index of its own.
    rows = s.execute(select(Record.owner_office_id, Record.scope).where(
        Record.entity == "attachment", Record.data["sha256"].as_string() == sha256)).all()
    seen = [r.owner_office_id for r in rows
            if r.owner_office_id == office_id or office_id in (r.scope or []) or "*" in (r.scope or [])]
    blob = s.get(Blob, sha256)
    holders = set(s.scalars(select(BlobHolder.office_id).where(BlobHolder.sha256 == sha256))) if blob else set()
    # Through a record only when its owner sent the bytes: whoever could make that record (it
    # sees the case the record hangs on) may have named a hash of someone else's file, even
    # of a file of another office that sees the same joint case.
    may_read = blob is not None and (office_id in holders or any(owner in holders for owner in seen))
    return _Access(blob=blob, may_send=any(r.owner_office_id == office_id for r in rows), sees=bool(seen),
                   holds=office_id in holders, may_read=may_read)


def _check_hash(sha256: str) -> None:
    if not _SHA256.fullmatch(sha256):
        raise BlobError(400, "bad_request", "附件校验值应为 64 位小写十六进制的 SHA-256。")


def _not_found() -> BlobError:
    return BlobError(404, "not_found", "市级平台上没有本单位可见的这个附件。")


def _lock(s: Session, sha256: str) -> None:
    """One writer per body at a time (two PCs may send the same scan); other bodies and
    record batches are not held up. SQLite serialises writers by itself."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(7243002, hashtext(:sha))"), {"sha": sha256})


def _status(sha256: str, access: _Access, staged: BlobUpload | None) -> p.BlobStatus:
    """The body as this office finds it: the body's size only once it may read it, else
    nothing but its own upload (the same answer whether or not anyone else sent the body)."""
    if access.may_read:
        size = access.blob.size
    else:
        size = staged.size if staged is not None else 0
    if access.holds:
        received = access.blob.size
    else:
        received = staged.received if staged is not None else 0
    return p.BlobStatus(sha256=sha256, size=size, received=received, complete=access.may_read,
                        uploaded=access.holds)


def status(s: Session, who: Pusher, sha256: str) -> p.BlobStatus:
    access = _access(s, sha256, who.office.id)
    if not (access.may_send or access.sees):
        raise _not_found()
    return _status(sha256, access, s.get(BlobUpload, (sha256, who.office.id)))


def number(value: str | None) -> int | None:
    """A non-negative whole number a request carried as text; None if it is not one."""
    found = _NUMBER.fullmatch(value.strip()) if value is not None else None
    return int(found[0]) if found else None


def piece_params(offset: str | None, total: str | None) -> tuple[int, int]:
    """(offset, declared size) of a PUT, from the text the request carried."""
    size = number(total)
    if size is None:
        raise BlobError(400, "bad_request", f"上传附件须在 {p.HEADER_BLOB_SIZE} 头中写明文件的字节数"
                        "（旧版 fydesk 不写，请升级）。")
    if size > p.MAX_BLOB_SIZE:
        raise BlobError(413, "payload_too_large", f"附件最大 {p.MAX_BLOB_SIZE // (1024 ** 3)} GB。")
    at = number(offset)
    if at is None:
        raise BlobError(400, "bad_request", "上传附件须以 offset 参数写明这一段的起始字节（非负整数）。")
    return at, size


def may_send(s: Session, who: Pusher, sha256: str) -> None:
    """Asked before a piece is read off the wire: a stranger's upload is refused unread."""
    if not _access(s, sha256, who.office.id).may_send:
        raise _not_found()


def append(s: Session, who: Pusher, sha256: str, offset: int, total: int,
           data: bytes) -> tuple[p.BlobStatus, BlobError | None]:
    """Store one piece of this office's upload at `offset`, of a body `total` bytes long.

    Returns the status and a refusal to answer with once this transaction has committed: a
    conflict (the office's upload is elsewhere, or was of another size and is thrown away) or
    a hash that failed at the last byte (the office's upload is thrown away).
    """
    office = who.office.id
    _check_hash(sha256)
    if len(data) > p.MAX_BLOB_PIECE:
        raise BlobError(413, "payload_too_large", f"每次最多上传 {p.MAX_BLOB_PIECE // (1024 * 1024)} MB。")
    if offset + len(data) > total:
        raise BlobError(400, "bad_request", f"附件共 {total} 字节，上传的这一段超出了它的大小。")
    _lock(s, sha256)
    access = _access(s, sha256, office)
    if not access.may_send:
        raise _not_found()
    staged = s.get(BlobUpload, (sha256, office))
    if access.holds:
        return _status(sha256, access, staged), None  # sent again after a lost answer: nothing to do
    if staged is not None and staged.size != total:
        _discard(s, staged)  # pieces of a file of another size: not this one
        staged = None
    if offset != (staged.received if staged is not None else 0):
        received = staged.received if staged is not None else 0
        return _status(sha256, access, staged), BlobError(
            409, "conflict", f"市级平台已收到本单位该附件的前 {received} 字节，应从那里续传。")
    if staged is None:
        staged = BlobUpload(sha256=sha256, office_id=office, size=total, received=0, created_at=utcnow())
        s.add(staged)
    if data:
        s.add(BlobUploadChunk(sha256=sha256, office_id=office, offset=offset, data=data))
        staged.received = offset + len(data)
    s.flush()
    if staged.received < staged.size:
        return _status(sha256, access, staged), None
    if _digest(s, sha256, office) != sha256:
        _discard(s, staged)
        return _status(sha256, access, None), BlobError(
            422, "hash_mismatch", "收到的附件内容与其 SHA-256 校验值不符，已丢弃，请重新上传。")
    _keep(s, staged)
    return _status(sha256, _access(s, sha256, office), None), None


def _keep(s: Session, staged: BlobUpload) -> None:
    """The office's upload checked: the body exists (its pieces become the body's if it is
    the first), and the office holds it."""
    now = utcnow()
    if s.get(Blob, staged.sha256) is None:
        s.add(Blob(sha256=staged.sha256, size=staged.size, received=staged.size, complete=True,
                   created_at=now, completed_at=now))
        s.flush()
        pieces = select(BlobUploadChunk.sha256, BlobUploadChunk.offset, BlobUploadChunk.data).where(
            BlobUploadChunk.sha256 == staged.sha256, BlobUploadChunk.office_id == staged.office_id)
        s.execute(insert(BlobChunk).from_select(["sha256", "offset", "data"], pieces))
    s.add(BlobHolder(sha256=staged.sha256, office_id=staged.office_id, since=now))
    _discard(s, staged)


def _discard(s: Session, staged: BlobUpload) -> None:
    s.execute(delete(BlobUploadChunk).where(BlobUploadChunk.sha256 == staged.sha256,
                                            BlobUploadChunk.office_id == staged.office_id))
    s.delete(staged)
    s.flush()


def _digest(s: Session, sha256: str, office_id: str) -> str:
    h = hashlib.sha256()
    mine = (BlobUploadChunk.sha256 == sha256, BlobUploadChunk.office_id == office_id)
    offsets = s.scalars(select(BlobUploadChunk.offset).where(*mine).order_by(BlobUploadChunk.offset)).all()
    for offset in offsets:  # one piece in memory at a time
        h.update(s.scalar(select(BlobUploadChunk.data).where(*mine, BlobUploadChunk.offset == offset)))
    return h.hexdigest()


def read(s: Session, who: Pusher, sha256: str, range_header: str | None) -> tuple[bytes, int, int]:
    """(bytes, first byte, total size) of a complete body: the range asked for, at most
    MAX_BLOB_PIECE of it (the answer's Content-Range says what was sent)."""
    access = _access(s, sha256, who.office.id)
    if not access.may_read:
        if access.sees:  # said alike whether or not an office it cannot read through sent it
            raise BlobError(404, "not_found", "市级平台尚未收齐这个附件，请稍后再取。")
        raise _not_found()
    blob = access.blob
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
