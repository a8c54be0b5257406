"""Reading the outbox into batches, and settling them once the hub has answered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from pydantic import Field, PrivateAttr, ValidationError
from sqlalchemy import (
    DateTime,
    String,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from fydesk.models import OutboxOp, QuarantinedOp, SentBatch, SentOp, new_id, utcnow

from . import protocol as p

BATCH_OPS = 1000
BATCH_BYTES = 2 * 1024 * 1024


_OUTBOX = OutboxOp.__table__
_SENT = SentOp.__table__
_NAMES = tuple(p.Op.model_fields)
# `fields` as the JSON text it is stored as: read by orjson below, not by the JSON type.
_WIRE = [type_coerce(_OUTBOX.c.fields, String) if name == "fields" else _OUTBOX.c[name] for name in _NAMES]
_SEQ, _TXN, _FIELDS = (_NAMES.index(name) for name in ("op_seq", "txn_id", "fields"))


class Batch(p.PushRequest):
    """A batch read from the outbox, carrying its ops' JSON, made from the rows as they were
    read: the client sends that (`wire`) rather than serialise a thousand ops again.

    Ops replaced after reading (a new list) are serialised afresh; what goes over the wire
    is the same JSON either way.
    """

    _ops_json: bytes = PrivateAttr(b"[]")
    _ops_read: list[p.Op] | None = PrivateAttr(None)

    def wire(self) -> bytes:
        if self._ops_read is not self.ops:
            return self.model_dump_json().encode()
        head = self.model_dump_json(exclude={"ops"}).encode()
        return head[:-1] + b',"ops":' + self._ops_json + b"}"


def _read(text: str) -> tuple[Any, bool]:
    """An op's stored fields as json.loads reads them, and whether they surely pass the
    protocol's check of field values (p.FieldValue), which need not then be made again.

    orjson reads an integer past 64 bits as a float, which the check of the op would let
    pass: fields holding any float are read again by the standard parser, as are NaN and
    Infinity (json.dumps writes them; orjson refuses them) and lone surrogates. What orjson
    reads alone has text keys, no lone surrogate (its strings are UTF-8) and now no float:
    the check could refuse only an integer past int64 or a value nested too deep, and the
    walk for floats looks for those too. Anything in doubt is read again, and checked whole.
    """
    try:
        fields = orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text), False
    if type(fields) is dict and _sound(fields, 0):
        return fields, True
    return json.loads(text), False


def _sound(value: Any, depth: int) -> bool:
    """No float in this dict or list, no integer past int64, nothing nested deeper than the
    protocol takes (its items are at `depth`, as p._field_value counts)."""
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is int:
            if item > p.INT64_MAX:  # orjson reads one below INT64_MIN as a float
                return False
        elif kind is dict or kind is list:
            if depth >= p.MAX_VALUE_DEPTH or not _sound(item, depth + 1):
                return False
        elif kind is float:
            return False
    return True


class _SoundOp(p.Op):
    """p.Op for fields `_read` found sound: the same check, less that of each value's own (a
    call of Python per value, half the check of a batch of new records). A test keeps every
    other part of it equal to p.Op."""

    fields: dict[p.FieldName, Any] = Field(max_length=p.MAX_OP_FIELDS)


class _SoundBatch(Batch):
    ops: list[_SoundOp] = Field(max_length=p.MAX_BATCH_OPS)


def _wire(batch_id: str, rows) -> Batch:
    """The batch's ops checked as the protocol says, all in one call; their JSON from the same dicts."""
    ops: list[dict[str, Any]] = []
    sound = True
    for row in rows:
        op = dict(zip(_NAMES, row))
        op["fields"], fields_sound = _read(op["fields"])
        sound = sound and fields_sound
        ops.append(op)
    body = {"batch_id": batch_id, "ops": ops}
    batch: Batch | None = None
    if sound:
        try:
            batch = _SoundBatch.model_validate(body)
        except ValidationError:
            pass  # told by the whole check below, in its own words
    if batch is None:
        batch = Batch.model_validate(body)
    batch._ops_json = orjson.dumps(ops)
    batch._ops_read = batch.ops
    return batch


def pending(session: Session) -> int:
    """The ops waiting to be acknowledged by the hub (those of a batch in flight included)."""
    return session.scalar(select(func.count()).select_from(_OUTBOX)) or 0


# The batch in flight, if any: through the batch index, which holds few ids. Ordered by op_seq
# itself, SQLite walks the whole outbox in op_seq order to find that no row has a batch (2 ms
# for 10,000 ops, on every batch); "+op_seq" is not the rowid to it, so it takes the index.
_IN_FLIGHT = (select(_OUTBOX.c.batch_id).where(_OUTBOX.c.batch_id.is_not(None))
              .order_by(literal_column("+outbox.op_seq")).limit(1))


def next_batch(session: Session, max_ops: int = BATCH_OPS, max_bytes: int = BATCH_BYTES) -> p.PushRequest | None:
    """The batch to send next, its id written to its rows before anything leaves the PC.

    A batch that was sent but never answered is sent again exactly as it was, under the same
    id, so the hub can recognise it. Local transactions are not split, unless one alone is
    larger than a batch. The rows are read once, in op_seq order, as far as the batch goes.
    """
    pending = session.scalar(_IN_FLIGHT)
    if pending is not None:
        return _wire(pending, session.execute(
            select(*_WIRE).where(_OUTBOX.c.batch_id == pending).order_by(_OUTBOX.c.op_seq)))
    chosen: list[tuple] = []
    size = 0
    txn: list[tuple] = []
    txn_id = None
    window = select(*_WIRE).order_by(_OUTBOX.c.op_seq).limit(max_ops + p.MAX_BATCH_OPS)
    # Read in slices (row by row costs more than SQLite's work); the loop stops within one.
    for row in (r for part in session.execute(window).partitions(256) for r in part):
        row_txn = row[_TXN]
        if txn and row_txn != txn_id:
            if chosen and (len(chosen) + len(txn) > max_ops or size > max_bytes):
                break
            if not chosen and len(txn) > max_ops:
                break
            chosen += txn
            txn = []
        txn_id = row_txn
        txn.append(row)
        size += len(row[_FIELDS] or "") + 200
    if not chosen:
        # One local transaction larger than a batch (an import): it goes in parts, or it
        # would never go at all (the hub refuses it whole, and halving would not help).
        chosen = txn[:max_ops]
    elif txn and len(chosen) + len(txn) <= max_ops and size <= max_bytes:
        chosen += txn
    if not chosen:
        return None
    batch_id = new_id()
    # The window is read in op_seq order and a batch is a prefix of it: a range names it.
    session.execute(update(_OUTBOX).where(_OUTBOX.c.op_seq.between(chosen[0][_SEQ], chosen[-1][_SEQ]))
                    .values(batch_id=batch_id))
    return _wire(batch_id, chosen)


def quarantine_batch(session: Session, batch_id: str, code: str, reason: str) -> int:
    """The hub cannot take these ops at all (one op alone past its size limit): they leave the
    outbox for quarantine with the reason, as a rejection would, so that the rest goes on."""
    rows = session.scalars(select(OutboxOp).where(OutboxOp.batch_id == batch_id)).all()
    for row in rows:
        session.add(QuarantinedOp(op_seq=row.op_seq, txn_id=row.txn_id, entity=row.entity,
                                  record_id=row.record_id, op=row.op, fields=row.fields,
                                  base_rev=row.base_rev, user=row.user, code=code, reason=reason,
                                  batch_id=batch_id))
    session.flush()
    session.execute(delete(_OUTBOX).where(_OUTBOX.c.batch_id == batch_id))
    return len(rows)


def forget_batch(session: Session, batch_id: str) -> None:
    """The hub refused the batch as a whole (too large): its ops are batched afresh."""
    session.execute(update(OutboxOp).where(OutboxOp.batch_id == batch_id).values(batch_id=None))


def settle(session: Session, response: p.PushResponse) -> tuple[int, int]:
    """Acknowledged ops leave the outbox; rejected ones go to quarantine with the reason."""
    rejected = {r.op_seq: r for r in response.results if r.status == "rejected"}
    quarantined = 0
    if rejected:
        for row in session.scalars(select(OutboxOp).where(OutboxOp.batch_id == response.batch_id,
                                                          OutboxOp.op_seq.in_(rejected))):
            result = rejected[row.op_seq]
            quarantined += 1
            session.add(QuarantinedOp(op_seq=row.op_seq, txn_id=row.txn_id, entity=row.entity,
                                      record_id=row.record_id, op=row.op, fields=row.fields,
                                      base_rev=row.base_rev, user=row.user, code=result.code or "rejected",
                                      reason=result.reason or "", batch_id=response.batch_id))
        session.flush()
    mine = _OUTBOX.c.batch_id == response.batch_id
    kept = [c.name for c in _SENT.columns if c.name != "acked_at"]
    session.execute(insert(_SENT).from_select([*kept, "acked_at"], select(
        *(_OUTBOX.c[c] for c in kept), literal(utcnow(), DateTime())).where(mine, _OUTBOX.c.op_seq.not_in(rejected))))
    max_op_seq = session.scalar(select(func.max(_OUTBOX.c.op_seq)).where(mine))
    gone = session.execute(delete(_OUTBOX).where(mine)).rowcount
    if max_op_seq is not None:
        session.add(SentBatch(batch_id=response.batch_id, max_op_seq=max_op_seq,
                              max_rev=max((r.rev or 0 for r in response.results), default=0)))
    return gone - quarantined, quarantined


# --- a hub restored from a backup -------------------------------------------------------------

SENT_KEEP_DAYS = 90


def acked_op_seq(session: Session) -> int:
    """The highest op_seq this PC knows the hub acknowledged."""
    return session.scalar(select(func.max(SentBatch.max_op_seq))) or 0


@dataclass(frozen=True)
class Requeued:
    ops: int
    known_rev: int


def requeue_lost(session: Session, device_acked: int) -> Requeued | None:
    """The hub holds this device's ops only up to `device_acked`, fewer than it acknowledged:
    it was restored from a backup. The ops it lost go back into the outbox, ahead of newer
    ones, with bases no later than the last revision the restored hub is known to have.
    Returns None when nothing was lost."""
    if device_acked >= acked_op_seq(session):
        return None
    known = session.scalar(select(func.max(SentBatch.max_rev)).where(SentBatch.max_op_seq <= device_acked)) or 0
    lost = _SENT.c.op_seq > device_acked
    cols = [c.name for c in _OUTBOX.columns if c.name not in ("batch_id", "base_rev")]
    session.execute(insert(_OUTBOX).from_select(
        [*cols, "base_rev"], select(*(_SENT.c[c] for c in cols), func.min(_SENT.c.base_rev, known)).where(lost)))
    count = session.execute(delete(_SENT).where(lost)).rowcount
    session.execute(delete(SentBatch).where(SentBatch.max_op_seq > device_acked))
    return Requeued(count, known)


def prune_sent(session: Session, now: datetime) -> None:
    session.execute(delete(_SENT).where(_SENT.c.acked_at < now - timedelta(days=SENT_KEEP_DAYS)))
