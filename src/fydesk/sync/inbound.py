"""Applying pulled changes to the local store: one page and its cursor in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fydesk.models import OutboxOp, SyncConflict, SyncLogEntry, utcnow
from fydesk.services.context import Actor, get_setting, set_setting
from fydesk.services.entities import ENTITIES
from fydesk.services.journal import audit

from . import protocol as p

CURSOR_KEY = "sync_cursor"


@dataclass
class PageResult:
    applied: int = 0
    failed: int = 0
    conflicts: int = 0
    skipped_fields: int = 0


def cursor(session: Session) -> int:
    return int(get_setting(session, CURSOR_KEY) or 0)


def _pending(session: Session, record_id: str) -> tuple[set[str], bool, bool]:
    """This PC's changes of the record the hub has not yet acknowledged: the fields (its own
    value stays shown), whether it voided the record, and whether there are any at all."""
    names: set[str] = set()
    voided = False
    ops = session.execute(select(OutboxOp.op, OutboxOp.fields).where(OutboxOp.record_id == record_id)).all()
    for op, fields in ops:
        names.update(fields)
        voided = voided or op == "delete"
    return names, voided, bool(ops)


def _convert(session: Session, entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    spec = ENTITIES[entity]
    known = {f.name: f for f in spec.fields}
    out: dict[str, Any] = {}
    for name, value in fields.items():
        f = known.get(name)
        if f is None:
            continue  # a field of a newer schema: the hub keeps it, this version cannot show it
        if value is not None and f.kind in ("date", "datetime"):
            value = f.parse(value)
        if value is not None and f.ref and f.kind == "ref" and not f.required:
            target = ENTITIES[f.ref].model
            if session.get(target, value) is None:
                # A link to a record this office cannot see (another office's case): the hub
                # keeps it; this copy shows none rather than a dangling reference.
                value = None
        out[name] = value
    return out


def apply_page(session: Session, actor: Actor, page: p.PullResponse) -> PageResult:
    """Apply every change of the page and move the cursor, in the caller's transaction.

    Pulled changes never enter the outbox; each leaves an audit entry, so the local record
    of who changed what stays complete.
    """
    result = PageResult()
    for change in page.changes:
        if change.entity not in ENTITIES:
            continue
        try:
            with session.begin_nested():
                _apply_one(session, actor, change, result)
        except DBAPIError as exc:
            # One change this copy cannot hold (a link to a record it never received) must
            # not stop every later one: it is logged and shown, and the hub still has it.
            session.add(SyncLogEntry(kind="error", code="apply", batch_id=None,
                                     detail=f"未能接收 {change.entity} {change.record_id}（第 {change.seq} 号变更）："
                                            f"{str(exc.orig).splitlines()[0]}"))
            result.failed += 1
    set_setting(session, CURSOR_KEY, str(page.cursor))
    return result


def _apply_one(session: Session, actor: Actor, change: p.Change, result: PageResult) -> None:
    spec = ENTITIES[change.entity]
    row = session.get(spec.model, change.record_id)
    pending, voided_here, unpushed = (_pending(session, change.record_id) if row is not None
                                      else (set(), False, False))
    values = _convert(session, change.entity, change.fields)
    skipped = [k for k in values if k in pending]
    result.skipped_fields += len(skipped)
    for k in skipped:
        del values[k]
    if row is None:
        if change.op != "insert":
            return  # a change to a record this office never received whole
        row = spec.model(id=change.record_id, owner_office_id=change.owner_office_id)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    if not unpushed:
        # `rev` is the base of this PC's next edit: it tells the hub "I have seen every change
        # up to here". With edits of the record still unpushed (made during this sync), fields of
        # this change may have been skipped above; claiming its seq would let a later edit of
        # such a field overwrite the other office's value as if seen — for a legal field, with
        # no conflict at all. So the base stays where this PC's copy really is until they go.
        row.rev = change.seq
    if hasattr(row, "needs_coordination"):
        row.needs_coordination = change.needs_coordination
    if change.deleted and row.deleted_at is None:
        row.deleted_at = utcnow()
    elif not change.deleted and row.deleted_at is not None and not voided_here:
        # The hub refused this PC's void (another office had edited first: a conflict, 需协调):
        # the record is still in force there, so it is here too, until a person decides.
        row.deleted_at = None
    session.flush()
    for c in change.conflicts:
        exists = session.scalar(select(SyncConflict.id).where(
            SyncConflict.hub_seq == c.seq, SyncConflict.field == c.field, SyncConflict.record_id == c.record_id))
        if exists is None:
            session.add(SyncConflict(hub_seq=c.seq, entity=c.entity, record_id=c.record_id, field=c.field,
                                     hub_value=c.hub_value, hub_author=c.hub_author, op_value=c.op_value,
                                     op_author=c.op_author))
            result.conflicts += 1
    audit(session, actor, f"sync-{change.op}", change.entity, change.record_id, None,
          {"hub_seq": change.seq, "hub_author": change.author, "fields": change.fields})
    result.applied += 1
