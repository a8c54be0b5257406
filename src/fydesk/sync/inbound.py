"""Applying pulled changes to the local store: one page and its cursor in one transaction."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError
from fydesk.domain.fields import Field
from fydesk.models import (
    Base,
    CoordinationNote,
    LocalSetting,
    MissedRecord,
    OutboxOp,
    SyncConflict,
    SyncLogEntry,
    utcnow,
)
from fydesk.services.context import Actor, get_setting, set_setting
from fydesk.services.entities import ENTITIES
from fydesk.services.journal import audit_many
from fydesk.store.bulk import Writer, chars_kept_in_bulk

from . import protocol as p

CURSOR_KEY = "sync_cursor"
# The tag of the change the cursor stands at, and earlier (seq, tag) points of the pull, fewer
# the further back: where a hub restored from a backup still holds what this PC pulled.
CURSOR_TAG_KEY = "sync_cursor_tag"
CHECKPOINTS_KEY = "sync_checkpoints"
MAX_CHECKPOINTS = 40


@dataclass
class PageResult:
    applied: int = 0
    failed: int = 0
    conflicts: int = 0
    skipped_fields: int = 0
    # changes whose record this copy does not hold after the page, each with why
    missed: list[tuple[p.Change, str]] = field(default_factory=list)
    notes: int = 0  # the coordinator's notes on 需协调 items received


def cursor(session: Session) -> int:
    return int(get_setting(session, CURSOR_KEY) or 0)


def position(session: Session) -> tuple[int, str | None]:
    """The cursor, and the tag of the change pulled there (None: not known)."""
    return cursor(session), get_setting(session, CURSOR_TAG_KEY) or None


def checkpoints(session: Session) -> list[tuple[int, str | None]]:
    """Points the pull has stood at, oldest first, the cursor's own last."""
    raw = get_setting(session, CHECKPOINTS_KEY)
    return [(seq, tag) for seq, tag in orjson.loads(raw)] if raw else []


def thin(points: list[tuple[int, str | None]], keep: int = MAX_CHECKPOINTS) -> list[tuple[int, str | None]]:
    """The oldest point at each power-of-two distance back from the last one (the cursor).

    The oldest, so that points live on to grow old (keeping the newest would leave none far
    back). Were the hub to go back to any seq, the kept point just below it is a few times
    (six at most, measured) as far back as the best of every point the pull ever stood at:
    what is pulled again stays in proportion to what the hub lost, and the list stays a few
    dozen points long whatever the size of the log.
    """
    if not points:
        return []
    last = points[-1][0]
    kept: dict[int, tuple[int, str | None]] = {}
    for seq, tag in points:
        kept.setdefault((last - seq).bit_length(), (seq, tag))
    return sorted(kept.values())[-keep:]


def _stand(session: Session, seq: int, tag: str | None, points: list[tuple[int, str | None]]) -> None:
    # The three rows in one query: set_setting then finds each in the session, without one
    # query apiece (after every page of a pull). Held here: the session keeps them weakly.
    held = session.scalars(select(LocalSetting).where(
        LocalSetting.key.in_((CURSOR_KEY, CURSOR_TAG_KEY, CHECKPOINTS_KEY)))).all()
    set_setting(session, CURSOR_KEY, str(seq))
    set_setting(session, CURSOR_TAG_KEY, tag or "")
    set_setting(session, CHECKPOINTS_KEY, orjson.dumps(thin(points)).decode())
    del held


def rewind(session: Session, seq: int, tag: str | None) -> int:
    """The hub went back: pull again from `seq`, a point it still holds as this PC pulled it.

    No record may go on claiming to have seen a revision past it (`rev` is the base of the
    next edit, and the hub hands those seqs out again for other changes), nor may an op
    waiting to be pushed; the records that did are fetched whole at the end of the sync, so
    that even a change the hub lost and nobody sends again leaves no trace here. Returns how
    many records that is.
    """
    _stand(session, seq, tag, [pt for pt in checkpoints(session) if pt[0] < seq] + ([(seq, tag)] if seq else []))
    ahead = 0
    for spec in ENTITIES.values():
        table = spec.model.__table__
        for record_id, rev in session.execute(select(table.c.id, table.c.rev).where(table.c.rev > seq)).all():
            _note_missed(session, p.RecordRef(entity=spec.name, record_id=record_id), rev,
                         "市级平台已从备份恢复，需向其补取这条记录的现状")
            ahead += 1
        session.execute(update(table).where(table.c.rev > seq).values(rev=seq))
    session.execute(update(OutboxOp).where(OutboxOp.base_rev > seq).values(base_rev=seq))
    return ahead


def apply_page(session: Session, actor: Actor, page: p.PullResponse) -> PageResult:
    """Apply every change of the page and move the cursor, in the caller's transaction.

    Pulled changes never enter the outbox; each leaves an audit entry, so the local record
    of who changed what stays complete. The page is applied in bulk; should the bulk write
    fail (a change this copy cannot hold, such as a link to a record it never received), it
    is undone and the page applied change by change, so that one bad change is logged and
    skipped and every other one still lands. The record of a change that did not land is
    noted (missed_records): the next sync asks the hub for it whole (`apply_missed`).
    """
    # Only what this copy holds: a change of an entity it does not know (a newer hub's) is
    # left aside, and the cursor moves past it all the same.
    with collector_paused():
        result = _apply(session, actor, [c for c in page.changes if c.entity in ENTITIES])
    result.notes = keep_notes(session, [c for c in page.changes if c.entity == p.NOTE_ENTITY])
    for change, reason in result.missed:
        _note_missed(session, change, change.seq, reason)
    if page.changes and page.changes[-1].seq == page.cursor:
        # Each page leaves a point to come back to, should the hub go back past this one.
        point = (page.cursor, page.changes[-1].tag)
        _stand(session, *point, [pt for pt in checkpoints(session) if pt[0] < page.cursor] + [point])
    else:
        set_setting(session, CURSOR_KEY, str(page.cursor))
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a page is applied. A page of 1,000 changes allocates a few
    hundred thousand dicts, lists and tuples, freed by reference counting as it goes; at
    Python's default threshold the collector walked the live ones dozens of times a page, now
    and then with every object of the program, for a tenth of the page's CPU time. It runs
    again afterwards, and frees then any cycle made meanwhile. Turned back on only if it was
    on: a part of the program that turned it off keeps it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def keep_notes(session: Session, changes: list[p.Change]) -> int:
    """The coordinator's notes on 需协调 items, kept beside the conflicts they name; a note
    already here (pulled again after a hub restore) stays as it is. One this copy cannot
    read is logged and left: a note is no record, and nothing else depends on it."""
    if not changes:
        return 0
    held = set(session.scalars(select(CoordinationNote.id).where(
        _among(CoordinationNote.id, {c.record_id for c in changes}))))
    kept = 0
    for change in changes:
        if change.record_id in held:
            continue
        try:
            note = p.NoteFields.model_validate(change.fields)
            with session.begin_nested():
                session.add(CoordinationNote(
                    id=change.record_id, hub_seq=change.seq, conflict_seq=note.conflict_seq, entity=note.entity,
                    record_id=note.record_id, field=note.field, author=note.author, text=note.text, at=note.at))
        except Exception as exc:  # noqa: BLE001 - one unreadable note must not stop the page
            session.add(SyncLogEntry(kind="error", code="apply", batch_id=None,
                                     detail=f"未能接收第 {change.seq} 号变更中的协调意见：{_reason(exc)}"[:2000]))
            continue
        held.add(change.record_id)
        kept += 1
    return kept


def missed(session: Session, limit: int = p.MAX_FETCH) -> list[p.RecordRef]:
    """The records to ask the hub for again, oldest miss first."""
    rows = session.scalars(select(MissedRecord).order_by(MissedRecord.seq).limit(limit))
    return [p.RecordRef(entity=m.entity, record_id=m.record_id) for m in rows]


def apply_missed(session: Session, actor: Actor, asked: list[p.RecordRef], fetched: list[p.Change]) -> PageResult:
    """The records asked for again, as the hub has them now: applied like a page (the cursor
    stays). One the hub left out is not this office's to hold: it is forgotten. One that
    still does not land stays noted, with its reason, for the next sync."""
    with collector_paused():
        result = _apply(session, actor, [c for c in fetched if c.entity in ENTITIES])
    still = {change.record_id: reason for change, reason in result.missed}
    for ref in asked:
        row = session.get(MissedRecord, ref.record_id)
        if row is None:
            continue
        if ref.record_id in still:
            row.attempts += 1
            row.reason = still[ref.record_id][:2000]
        else:
            session.delete(row)
    return result


def _note_missed(session: Session, record: p.Change | p.RecordRef, seq: int, reason: str) -> None:
    row = session.get(MissedRecord, record.record_id)
    if row is None:
        session.add(MissedRecord(record_id=record.record_id, entity=record.entity, seq=seq, attempts=0,
                                 reason=reason[:2000]))
    else:
        row.seq, row.reason = max(row.seq, seq), reason[:2000]


def _apply(session: Session, actor: Actor, changes: list[p.Change]) -> PageResult:
    # Any failure, not only the database's: a value this copy cannot hold (a date that is no
    # date, a link to a record it lacks) must cost that one change, never the page and its
    # cursor — a cursor that cannot move stops every later change for good.
    try:
        with session.begin_nested():
            return _apply_bulk(session, actor, changes)
    except Exception:  # noqa: BLE001 - see above; each change is tried again on its own
        pass
    result = PageResult()
    for change in changes:
        try:
            with session.begin_nested():
                one = _apply_bulk(session, actor, [change])
            result.applied += one.applied
            result.conflicts += one.conflicts
            result.skipped_fields += one.skipped_fields
            result.missed += one.missed
        except Exception as exc:  # noqa: BLE001 - noted, shown in `sync status`, asked for again
            reason = _reason(exc)
            session.add(SyncLogEntry(kind="error", code="apply", batch_id=None,
                                     detail=f"未能接收 {change.entity} {change.record_id}（第 {change.seq} 号变更）："
                                            f"{reason}；下次同步时将向市级平台补取。"[:2000]))
            result.failed += 1
            result.missed.append((change, reason))
    return result


def _reason(exc: Exception) -> str:
    if isinstance(exc, DBAPIError):
        return str(exc.orig).splitlines()[0]
    if isinstance(exc, FydeskError):
        return exc.message
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:500]


@dataclass
class _Target:
    """One local record as the page leaves it: what to write, folded over its changes."""

    entity: str
    exists: bool
    deleted_at: datetime | None
    owner_office_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # rev, needs_coordination, deleted_at
    rev: int | None = None
    needs_coordination: bool | None = None
    present: bool = True


def _among(column, ids) -> Any:
    """`column IN ids` with the ids as one JSON array parameter: a statement of the same shape
    for any number of ids (SQLAlchemy's IN list coerces and renders each one — for a page it
    cost more than the queries themselves), and no limit on bound parameters."""
    each = func.json_each(orjson.dumps(list(ids)).decode()).table_valued("value")
    return column.in_(select(each.c.value))


def _apply_bulk(session: Session, actor: Actor, changes: list[p.Change]) -> PageResult:
    result = PageResult()
    ids_by_entity: dict[str, set[str]] = {}
    for c in changes:
        ids_by_entity.setdefault(c.entity, set()).add(c.record_id)
    targets: dict[str, _Target] = {}
    for name, ids in ids_by_entity.items():
        table = ENTITIES[name].model.__table__
        for rid, deleted_at in session.execute(select(table.c.id, table.c.deleted_at)
                                               .where(_among(table.c.id, ids))):
            targets[rid] = _Target(name, True, deleted_at)
    pending = _pending_many(session, [rid for rid in targets])
    known_refs = _known_refs(session, changes)
    now = utcnow()
    audit_rows: list[dict[str, Any]] = []
    conflicts: list[p.FieldConflict] = []
    settled: set[str] = set()  # records whose 需协调 flag the hub cleared in this page
    for change in changes:
        target = targets.get(change.record_id)
        names, voided_here, unpushed = pending.get(change.record_id, _NOTHING) if target else _NOTHING
        values = _convert_known(change.entity, change.fields, known_refs)
        if names:
            skipped = [k for k in values if k in names]
            result.skipped_fields += len(skipped)
            for k in skipped:
                del values[k]
        if target is None:
            if change.op != "insert":
                # A change to a record this office never received whole: fetched whole later,
                # unless it is a void (nothing to hold) or only the 需协调 flag.
                if change.op == "update" and not change.deleted:
                    result.missed.append((change, "本机没有这条记录"))
                continue
            target = targets[change.record_id] = _Target(change.entity, False, None,
                                                         owner_office_id=change.owner_office_id)
            known_refs.setdefault(change.entity, set()).add(change.record_id)
        target.values.update(values)
        if not unpushed:
            # `rev` is the base of this PC's next edit: it tells the hub "I have seen every
            # change up to here". With edits of the record still unpushed (made during this
            # sync), fields of this change may have been skipped above; claiming its seq would
            # let a later edit of such a field overwrite the other office's value as if seen —
            # for a legal field, with no conflict at all. So the base stays where this PC's
            # copy really is until they go.
            target.rev = change.seq
        if _flaggable(change.entity):
            target.needs_coordination = change.needs_coordination
        if change.deleted and target.deleted_at is None:
            target.deleted_at = now
            target.touched.add("deleted_at")
        elif not change.deleted and target.deleted_at is not None and not voided_here:
            # The hub refused this PC's void (another office had edited first: a conflict,
            # 需协调): the record is still in force there, so it is here too, until a person decides.
            target.deleted_at = None
            target.touched.add("deleted_at")
        if not change.needs_coordination:
            # Settled at the hub by this change: what the page carried of it before is settled too.
            conflicts = [c for c in conflicts if c.record_id != change.record_id]
            settled.add(change.record_id)
        conflicts.extend(change.conflicts)
        audit_rows.append({"action": f"sync-{change.op}", "entity": change.entity,
                           "record_id": change.record_id,
                           "after": {"hub_seq": change.seq, "hub_author": change.author,
                                     "fields": change.fields}})
        result.applied += 1
    _write_targets(session, targets)
    # The hub clears a record's flag only once none of its conflicts is open: what this PC
    # still shows as open for such a record was settled, here or in another office. Settled
    # first, then the page's conflicts raised after that are added, open. Only the records
    # with an open conflict here are named: a few, where the page settles a thousand.
    settled &= set(session.scalars(select(SyncConflict.record_id).where(SyncConflict.resolved_at.is_(None))))
    if settled:
        session.execute(update(SyncConflict).where(_among(SyncConflict.record_id, sorted(settled)),
                                                   SyncConflict.resolved_at.is_(None)).values(resolved_at=now))
    result.conflicts = _add_conflicts(session, conflicts)
    audit_many(session, actor, audit_rows)
    return result


_NOTHING: tuple[set[str], bool, bool] = (set(), False, False)


def _pending_many(session: Session, record_ids: list[str]) -> dict[str, tuple[set[str], bool, bool]]:
    """This PC's changes of these records the hub has not yet acknowledged: per record, the
    fields (its own value stays shown), whether it voided the record, and that it has some."""
    out: dict[str, tuple[set[str], bool, bool]] = {}
    if not record_ids:
        return out
    for rid, op, fields in session.execute(select(OutboxOp.record_id, OutboxOp.op, OutboxOp.fields)
                                           .where(_among(OutboxOp.record_id, record_ids))):
        names, voided, _ = out.get(rid, (set(), False, True))
        out[rid] = (names | set(fields), voided or op == "delete", True)
    return out


@cache
def _flaggable(entity: str) -> bool:
    return "needs_coordination" in ENTITIES[entity].model.__table__.c


@cache
def _optional_refs(entity: str) -> list[Field]:
    return [f for f in ENTITIES[entity].fields if f.ref and f.kind == "ref" and not f.required]


@cache
def _columns(entity: str) -> tuple[frozenset[str], dict[str, tuple[Field, bool, str | None]]]:
    """The entity's wire field names, and those needing more than a copy: per name the field,
    whether it is a date, and the entity an optional link points at."""
    optional = {f.name for f in _optional_refs(entity)}
    fields = ENTITIES[entity].fields
    special = {f.name: (f, f.kind in ("date", "datetime"), f.ref if f.name in optional else None)
               for f in fields if f.kind in ("date", "datetime") or f.name in optional}
    return frozenset(f.name for f in fields), special


def _known_refs(session: Session, changes: list[p.Change]) -> dict[str, set[str]]:
    """Which of the records that the page's optional links point at this copy holds."""
    wanted: dict[str, set[str]] = {}
    for c in changes:
        for f in _optional_refs(c.entity):
            value = c.fields.get(f.name)
            if isinstance(value, str):
                wanted.setdefault(f.ref, set()).add(value)
    known: dict[str, set[str]] = {}
    for name, ids in wanted.items():
        table = ENTITIES[name].model.__table__
        known[name] = set(session.scalars(select(table.c.id).where(_among(table.c.id, ids))))
    return known


def _convert_known(entity: str, fields: dict[str, Any], known: dict[str, set[str]]) -> dict[str, Any]:
    """Wire values as columns: dates parsed, fields of a newer schema left out (the hub keeps
    them), and an optional link to a record this copy lacks (another office's case) dropped
    rather than left dangling."""
    names, special = _columns(entity)
    # Usually every name is known: the dict is then copied whole, not name by name.
    out = dict(fields) if fields.keys() <= names else {k: v for k, v in fields.items() if k in names}
    for name in special.keys() & out.keys():
        value = out[name]
        if value is not None:
            f, is_date, link = special[name]
            if is_date:
                out[name] = _parse(f, value)
            elif link is not None and value not in known.get(link, ()):
                out[name] = None
    return out


def _parse(f: Field, value: Any) -> Any:
    """A wire date or time as its column value; a page holds the same few days many times."""
    if not isinstance(value, str):
        return f.from_wire(value)
    key = (f.kind, value)
    parsed = _PARSED.get(key)
    if parsed is None:
        if len(_PARSED) > 10_000:
            _PARSED.clear()
        parsed = _PARSED[key] = f.from_wire(value)
    return parsed


_PARSED: dict[tuple[str, str], Any] = {}


def _write_targets(session: Session, targets: dict[str, _Target]) -> None:
    """Inserts, then updates, grouped by entity and columns; parents before children.

    Each group is written by statements carrying many rows, not by executemany: on a table
    with search-index triggers that is about ten times faster (see `fydesk.store.bulk`); and
    the 1-2 character index is brought up to date for the page as a whole.
    """
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    now = utcnow()
    inserts: dict[tuple, list[dict[str, Any]]] = {}
    updates: dict[tuple, list[dict[str, Any]]] = {}
    for rid, t in targets.items():
        row = dict(t.values)
        if t.rev is not None:
            row["rev"] = t.rev
        if t.needs_coordination is not None:
            row["needs_coordination"] = t.needs_coordination
        if "deleted_at" in t.touched:
            row["deleted_at"] = t.deleted_at
        if not t.exists:
            row.update(id=rid, owner_office_id=t.owner_office_id, deleted_at=t.deleted_at, created_at=now,
                       updated_at=now)
            inserts.setdefault((t.entity, frozenset(row)), []).append(row)
        elif row:
            row.update(id=rid, updated_at=now)
            updates.setdefault((t.entity, frozenset(row)), []).append(row)
    writer = Writer(session)
    written = [row["id"] for rows in (*inserts.values(), *updates.values()) for row in rows]
    with chars_kept_in_bulk(writer.conn, written, {rid for rid, t in targets.items() if not t.exists}):
        for (name, _cols), rows in sorted(inserts.items(),
                                          key=lambda kv: order[ENTITIES[kv[0][0]].model.__tablename__]):
            writer.insert(ENTITIES[name].model, rows)
        for (name, cols), rows in updates.items():
            writer.update(ENTITIES[name].model, rows, sorted(cols))


def _add_conflicts(session: Session, conflicts: list[p.FieldConflict]) -> int:
    if not conflicts:
        return 0
    seen = set(session.execute(select(SyncConflict.hub_seq, SyncConflict.field, SyncConflict.record_id)
                               .where(SyncConflict.hub_seq.in_({c.seq for c in conflicts}))))
    added = 0
    for c in conflicts:
        if (c.seq, c.field, c.record_id) in seen:
            continue
        seen.add((c.seq, c.field, c.record_id))
        session.add(SyncConflict(hub_seq=c.seq, entity=c.entity, record_id=c.record_id, field=c.field,
                                 hub_value=c.hub_value, hub_author=c.hub_author, op_value=c.op_value,
                                 op_author=c.op_author))
        added += 1
    return added
