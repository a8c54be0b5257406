"""Reading the outbox into batches, and settling them once the hub has answered."""

from __future__ import annotations

import json

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fydesk.models import OutboxOp, QuarantinedOp, new_id

from . import protocol as p

BATCH_OPS = 500
BATCH_BYTES = 2 * 1024 * 1024


def to_wire(op: OutboxOp) -> p.Op:
    return p.Op(op_seq=op.op_seq, txn_id=op.txn_id, entity=op.entity, record_id=op.record_id, op=op.op,
                fields=op.fields, base_rev=op.base_rev, hlc=op.hlc, user=op.user,
                schema_version=op.schema_version)


def next_batch(session: Session, max_ops: int = BATCH_OPS, max_bytes: int = BATCH_BYTES) -> p.PushRequest | None:
    """The batch to send next, its id written to its rows before anything leaves the PC.

    A batch that was sent but never answered is sent again exactly as it was, under the same
    id, so the hub can recognise it. Local transactions are never split.
    """
    pending = session.scalar(select(OutboxOp.batch_id).where(OutboxOp.batch_id.is_not(None))
                             .order_by(OutboxOp.op_seq).limit(1))
    if pending is not None:
        rows = session.scalars(select(OutboxOp).where(OutboxOp.batch_id == pending)
                               .order_by(OutboxOp.op_seq)).all()
        return p.PushRequest(batch_id=pending, ops=[to_wire(r) for r in rows])
    chosen: list[OutboxOp] = []
    size = 0
    txn: list[OutboxOp] = []
    for row in session.scalars(select(OutboxOp).order_by(OutboxOp.op_seq).limit(max_ops + p.MAX_BATCH_OPS)):
        if txn and row.txn_id != txn[0].txn_id:
            if chosen and (len(chosen) + len(txn) > max_ops or size > max_bytes):
                break
            chosen += txn
            txn = []
        txn.append(row)
        size += len(json.dumps(row.fields, ensure_ascii=False, default=str)) + 200
    if txn and (not chosen or (len(chosen) + len(txn) <= max_ops and size <= max_bytes)):
        chosen += txn
    if not chosen:
        return None
    batch_id = new_id()
    session.execute(update(OutboxOp).where(OutboxOp.op_seq.in_([r.op_seq for r in chosen]))
                    .values(batch_id=batch_id))
    return p.PushRequest(batch_id=batch_id, ops=[to_wire(r) for r in chosen])


def forget_batch(session: Session, batch_id: str) -> None:
    """The hub refused the batch as a whole (too large): its ops are batched afresh."""
    session.execute(update(OutboxOp).where(OutboxOp.batch_id == batch_id).values(batch_id=None))


def settle(session: Session, response: p.PushResponse) -> tuple[int, int]:
    """Acknowledged ops leave the outbox; rejected ones go to quarantine with the reason."""
    rows = {r.op_seq: r for r in session.scalars(select(OutboxOp).where(OutboxOp.batch_id == response.batch_id))}
    quarantined = 0
    for result in response.results:
        row = rows.get(result.op_seq)
        if row is None:
            continue
        if result.status == "rejected":
            quarantined += 1
            session.add(QuarantinedOp(op_seq=row.op_seq, txn_id=row.txn_id, entity=row.entity,
                                      record_id=row.record_id, op=row.op, fields=row.fields,
                                      base_rev=row.base_rev, user=row.user, code=result.code or "rejected",
                                      reason=result.reason or "", batch_id=response.batch_id))
    session.execute(delete(OutboxOp).where(OutboxOp.batch_id == response.batch_id))
    return len(rows) - quarantined, quarantined
