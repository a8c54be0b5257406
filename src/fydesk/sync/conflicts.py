"""需协调: the conflicts this PC has received, and a person's decision on one.

A decision is an ordinary edit of the field (DESIGN §4) made with the conflict in view: the
hub sees that its base is at or past the conflict, marks the conflict settled, and clears the
record's flag in every office once none of its conflicts is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain.errors import ValidationError
from fydesk.models import CoordinationNote, SyncConflict, utcnow
from fydesk.services import records
from fydesk.services.context import Actor
from fydesk.services.entities import ENTITIES

Take = Literal["hub", "office"]


@dataclass(frozen=True)
class ConflictDTO:
    id: int
    entity: str
    record_id: str
    field: str
    label: str
    hub_value: Any
    hub_author: str
    op_value: Any
    op_author: str
    hub_seq: int
    decidable: bool  # a void-versus-edit conflict is settled by voiding or editing the record


def _dto(c: SyncConflict) -> ConflictDTO:
    spec = ENTITIES.get(c.entity)
    known = spec is not None and any(f.name == c.field for f in spec.fields)
    label = spec.field(c.field).label if known else ("作废" if c.field == "deleted_at" else c.field)
    return ConflictDTO(c.id, c.entity, c.record_id, c.field, label, c.hub_value, c.hub_author, c.op_value,
                       c.op_author, c.hub_seq, known)


def open_conflicts(session: Session, record_id: str | None = None) -> list[ConflictDTO]:
    query = select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
    if record_id is not None:
        query = query.where(SyncConflict.record_id == record_id)
    return [_dto(c) for c in session.scalars(query)]


def notes_of(session: Session, conflicts: list[SyncConflict]) -> dict[tuple[int, str, str], list[dict[str, Any]]]:
    """The city coordinator's notes on these conflicts, oldest first, by (hub seq, record,
    field): the names the hub gave the conflict. A conflict kept under seq 0 (as hubs before
    the fix logged every one) is named by its record and field alone."""
    if not conflicts:
        return {}
    keys = {(c.hub_seq, c.record_id, c.field) for c in conflicts}
    unnumbered = {(c.record_id, c.field) for c in conflicts if c.hub_seq == 0}
    out: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    ids = sorted({c.record_id for c in conflicts})
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for n in session.scalars(select(CoordinationNote).where(CoordinationNote.record_id.in_(chunk))
                                 .order_by(CoordinationNote.hub_seq)):
            key = (n.conflict_seq, n.record_id, n.field)
            if key not in keys and (n.record_id, n.field) in unnumbered:
                key = (0, n.record_id, n.field)
            if key in keys:
                out.setdefault(key, []).append({"author": n.author, "text": n.text,
                                                "at": n.at.isoformat(sep=" ", timespec="seconds")})
    return out


def notes_on(session: Session, record_ids: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """The city coordinator's notes on the open conflicts of these records (a case and its
    parties, agreements…), oldest conflict first: (the field's label, the note)."""
    if not record_ids:
        return []
    rows = list(session.scalars(select(SyncConflict).where(
        SyncConflict.resolved_at.is_(None), SyncConflict.record_id.in_(sorted(record_ids))).order_by(SyncConflict.id)))
    notes = notes_of(session, rows)
    return [(_dto(c).label, n) for c in rows for n in notes.get((c.hub_seq, c.record_id, c.field), [])]


def decide(session: Session, actor: Actor, conflict_id: int, take: Take) -> ConflictDTO:
    """Keep the value the hub holds ("hub") or the one the other office wrote ("office")."""
    row = session.get(SyncConflict, conflict_id)
    if row is None or row.resolved_at is not None:
        raise ValidationError("conflict", "需协调事项", f"没有待协调的第 {conflict_id} 号事项（可能已处理）。")
    dto = _dto(row)
    if not dto.decidable:
        raise ValidationError("conflict", "需协调事项",
                              "一方作废、另一方修改的记录，请在记录上直接作废或继续修改，以此作出决定。")
    if take not in ("hub", "office"):
        raise ValidationError("take", "采用哪一方", "请选择采用市级平台现有的值（hub）或另一方的值（office）。")
    value = row.hub_value if take == "hub" else row.op_value
    records.decide(session, actor, row.entity, row.record_id, row.field, value, seen_rev=row.hub_seq)
    now = utcnow()
    for same in session.scalars(select(SyncConflict).where(
            SyncConflict.record_id == row.record_id, SyncConflict.field == row.field,
            SyncConflict.resolved_at.is_(None))):
        same.resolved_at = now
    model = ENTITIES[row.entity].model
    record = session.get(model, row.record_id)
    if hasattr(record, "needs_coordination") and not open_conflicts(session, row.record_id):
        # Shown as settled here at once; the hub confirms it for every office on the next sync.
        record.needs_coordination = False
    return dto
