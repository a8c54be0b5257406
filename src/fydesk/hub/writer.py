"""The hub's change log as one transaction writes it: records read in one query, merged in
memory by the rules of apply.py, then written back in a few bulk statements — on PostgreSQL
records, the log and its scopes by COPY, a changed record's old row deleted first; elsewhere
by executemany. Per-record queries are what made the hub slow.

Sequence numbers, and why a pull "since cursor" never skips an entry:

- SQLite has one writer at a time (BEGIN IMMEDIATE): the next seq is one past the highest in
  the log, so seq order is commit order.
- PostgreSQL runs pushes of different offices at once, and their commits land in any order.
  A transaction's seqs are its transaction id, shifted into the high bits, plus a count
  (`begin`), and a pull serves only seqs below the id of the oldest transaction still running
  (`HORIZON`): every transaction under it has ended, and none can start under it again. What
  a PC has pulled up to its cursor is therefore all there will ever be up to it.
- Seq order must also be each record's order of changes. Two pushes that may touch the same
  record take the same advisory lock (`lock_push`: the pushing office's, and one for every
  joint case's family) *before* the transaction is given its id, so the later writer of a
  record always holds the higher id. Row locks could not give that: SELECT … FOR UPDATE gives
  the transaction its id on the spot, before it waits.
- The hub's own appends (`lock_log`: offices, tasks, notes) hold the log's lock alone, no
  push running, and number on from the log's highest seq as SQLite does.

Nothing else may insert into the change log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    String,
    and_,
    any_,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from fydesk.sync import protocol as p

from .models import (
    ChangeEntry,
    ChangeScope,
    Conflict,
    History,
    HubOffice,
    Record,
    utcnow,
)

_RECORDS = Record.__table__
_COLUMNS = [c.name for c in _RECORDS.columns]


# Advisory lock keys (two int4s): the log as a whole, one per office, the joint cases' families.
_LOG_LOCK = "7243, 0"
_OFFICE_LOCKS = 7244
_JOINT_LOCK = "7245, 1"
_LEASE_LOCKS = 7246
# Seqs one transaction may log: its id is shifted past them.
SEQ_BITS = 24
# Where a pull stops on PostgreSQL: the first seq a running transaction could still log.
HORIZON = ("((pg_snapshot_xmin(pg_current_snapshot())::text::bigint + coalesce((SELECT shift FROM log_clock), 0)) "
           f"<< {SEQ_BITS})")


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _unnumbered(session: Session, then: str, **params: Any) -> None:
    """Take the locks of `then` (SQL), refusing if this transaction already has an id: a lock
    waited for after it would let a later writer of a record log it under a lower seq."""
    held = session.execute(text(f"SELECT pg_current_xact_id_if_assigned()::text, {then}"), params).first()
    if held[0] is not None:
        raise RuntimeError("push lock taken after the transaction wrote: its seqs could misorder a record's changes")


def lock_log(session: Session) -> None:
    """The hub's own appends (offices, tasks, notes, the demo): the whole log, no push running.
    With nothing else logging, the next seq is one past the log's highest, as on SQLite, whatever
    this transaction wrote before (its id may be older than pushes that committed since).
    SQLite needs nothing: its writers are already serialised by BEGIN IMMEDIATE."""
    if _postgresql(session):
        session.execute(text(f"SELECT pg_advisory_xact_lock({_LOG_LOCK})"))
        session.info[_ALONE] = True


_ALONE = "fydesk.log_alone"


def lock_push(session: Session, office_id: str, joint: bool) -> None:
    """A push of `office_id`'s: its office's lock (only that office's PCs write its own records)
    and, when it writes a joint case's family, the joint cases' lock (several offices write
    those); the log's lock shared, so that the hub's own appends wait for it and it for them.
    Call before the transaction writes anything."""
    if _postgresql(session):
        joint_lock = f", pg_advisory_xact_lock({_JOINT_LOCK})" if joint else ""
        _unnumbered(session, f"pg_advisory_xact_lock_shared({_LOG_LOCK}), "
                    f"pg_advisory_xact_lock({_OFFICE_LOCKS}, hashtext(:office)){joint_lock}", office=office_id)


def lock_leases(session: Session, office_id: str) -> None:
    """Number blocks of one office are handed out one at a time (two PCs never get one block)."""
    if _postgresql(session):
        session.execute(text(f"SELECT pg_advisory_xact_lock({_LEASE_LOCKS}, hashtext(:office))"),
                        {"office": office_id})


def settle_clock(session: Session) -> None:
    """Raise the clock's shift if the log holds seqs past what this server's transaction ids
    give (a log copied into a fresh cluster): every later transaction's seqs stay above them.
    Run when a hub starts; never lowers the shift."""
    if not _postgresql(session):
        return
    lock_log(session)
    # An upsert: a clock row someone deleted is made again (without it no push could number).
    session.execute(text(
        "INSERT INTO log_clock (id, shift) SELECT 1, greatest(0, ((SELECT coalesce(max(seq), 0) FROM change_log) "
        f">> {SEQ_BITS}) + 1 - pg_current_xact_id()::text::bigint) "
        # Written only when the shift must grow: every start, CLI commands included, runs this.
        "ON CONFLICT (id) DO UPDATE SET shift = excluded.shift WHERE log_clock.shift < excluded.shift"))


def log_position(session: Session, cursor: int = 0, tag: str | None = None) -> tuple[int, bool]:
    """The log's head (its highest seq), and whether the entry at `cursor` is not the one a PC
    pulled there: missing, or tagged otherwise than `tag`. Either way the hub went back
    (restored from a backup) and numbers other changes as the PC's. A tag missing on either
    side (an entry logged before tags) cannot tell; only a missing entry counts then.

    One statement, probing the log's primary key: cheap enough for every pull and push.
    """
    log = ChangeEntry.__table__
    at = select(log.c.tag).where(log.c.seq == cursor)
    head, held, present = session.execute(select(
        select(func.max(log.c.seq)).scalar_subquery(), at.scalar_subquery(), at.exists())).one()
    moved = cursor > 0 and (not present or (tag is not None and held is not None and held != tag))
    return head or 0, moved


@dataclass
class Rec:
    """One hub record as plain data while a batch is merged; `state` says what to write."""

    record_id: str
    entity: str
    owner_office_id: str
    data: dict[str, Any]
    field_revs: dict[str, int]
    field_authors: dict[str, list[Any]]
    rev: int
    scope: list[str]
    deleted_at: datetime | None = None
    deleted_by: str | None = None
    needs_coordination: bool = False
    state: str = "clean"  # "new" | "dirty" | "clean"

    def row(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in _COLUMNS}


# LogWriter.load makes a Rec of a row's values as they come, in the table's column order.
if [f.name for f in fields(Rec)][:len(_COLUMNS)] != _COLUMNS:
    raise RuntimeError("Rec's fields must follow the columns of the records table, in order")


@dataclass
class LogWriter:
    """What one transaction appends to the log, kept in memory and written in bulk."""

    session: Session
    device_id: str | None
    next_seq: int
    now: datetime = field(default_factory=utcnow)
    records: dict[str, Rec] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    log: list[dict[str, Any]] = field(default_factory=list)
    scopes: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    offices: dict[str, bool] = field(default_factory=dict)
    # Open conflicts of flagged records, by record and field: (conflict id, seq).
    open_conflicts: dict[str, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)
    resolved: list[int] = field(default_factory=list)
    # Joint cases whose stored participants, handoffs and attachments are among `records`.
    families: set[str] = field(default_factory=set)
    head_before: int = 0
    # The highest seq this transaction may give (PostgreSQL: its id's range).
    last_seq: int = 2 ** 63 - 1
    first_seq: int = 0

    def __post_init__(self) -> None:
        self.first_seq = self.next_seq

    @classmethod
    def begin(cls, session: Session, device_id: str | None, head: int | None = None) -> LogWriter:
        """Call with the log's locks held (lock_log or lock_push); `head`, the log's highest
        seq, if already read. On PostgreSQL a push's writer gives the transaction its id."""
        if _postgresql(session) and not session.info.get(_ALONE):
            # Past any seq this transaction logged already (the demo appends many batches).
            first, taken = session.execute(text(
                f"WITH t AS (SELECT (pg_current_xact_id()::text::bigint + (SELECT shift FROM log_clock)) << {SEQ_BITS}"
                " AS base) SELECT base, (SELECT max(seq) FROM change_log WHERE seq >= base AND seq < base + "
                f"{1 << SEQ_BITS}) FROM t")).one()
            if head is None:
                head = session.scalar(select(func.max(ChangeEntry.seq)))
            writer = cls(session, device_id, max(first, (taken or 0) + 1), head_before=head or 0)
            writer.last_seq = first + (1 << SEQ_BITS) - 1
            return writer
        last = session.scalar(select(func.max(ChangeEntry.seq))) if head is None else head
        return cls(session, device_id, (last or 0) + 1, head_before=last or 0)

    @property
    def head(self) -> int:
        """The log's highest seq as this transaction sees it, its own entries included."""
        return max(self.head_before, self.next_seq - 1) if self.next_seq > self.first_seq else self.head_before

    # --- reading ---------------------------------------------------------------------------

    def load(self, ids: set[str]) -> None:
        wanted = [i for i in ids if isinstance(i, str) and i not in self.records and i not in self.missing]
        postgresql = _postgresql(self.session)
        for chunk in (wanted[i:i + 1000] for i in range(0, len(wanted), 1000)):
            if postgresql:
                # One array parameter: an IN list of a thousand placeholders is a statement
                # psycopg parses afresh every time (too long for its cache).
                match = _RECORDS.c.record_id == any_(bindparam("ids", chunk, type_=ARRAY(String)))
            else:
                match = _RECORDS.c.record_id.in_(chunk)
            # Fetched at once, not row by row: a batch's edits read a thousand records.
            for row in self.session.execute(select(*_RECORDS.c).where(match)).all():
                self.records[row[0]] = Rec(*row)
            self.missing.update(i for i in chunk if i not in self.records)

    def get(self, record_id: Any) -> Rec | None:
        if not isinstance(record_id, str):
            return None
        if record_id not in self.records and record_id not in self.missing:
            self.load({record_id})
        return self.records.get(record_id)

    def add(self, rec: Rec) -> None:
        rec.state = "new"
        self.records[rec.record_id] = rec
        self.missing.discard(rec.record_id)

    def conflicts_of(self, rec: Rec) -> dict[str, list[tuple[int, int]]]:
        """The record's conflicts nobody has settled yet (only flagged records have any)."""
        if rec.record_id not in self.open_conflicts:
            found: dict[str, list[tuple[int, int]]] = {}
            if rec.needs_coordination:
                for cid, name, seq in self.session.execute(
                        select(Conflict.id, Conflict.field, Conflict.seq).where(
                            Conflict.record_id == rec.record_id, Conflict.resolved_at.is_(None))):
                    found.setdefault(name, []).append((cid, seq))
            self.open_conflicts[rec.record_id] = found
        return self.open_conflicts[rec.record_id]

    def raised_on(self, rec: Rec) -> bool:
        """Whether this transaction raised a conflict on the record: not yet written, so not
        among `conflicts_of`, and open (only a written conflict can be settled)."""
        return any(c["record_id"] == rec.record_id for c in self.conflicts)

    def is_office(self, office_id: str) -> bool:
        if office_id not in self.offices:
            self.offices[office_id] = self.session.get(HubOffice, office_id) is not None
        return self.offices[office_id]

    def joint_family(self, joint_id: str) -> list[Rec]:
        """Every participant link, handoff and attachment of a joint case, this batch's new
        ones included."""
        kinds = ("joint_office", "handoff")
        joint = self.records.get(joint_id) if isinstance(joint_id, str) else None
        # Read once per batch (a scan of the records); a joint case new in this batch has none
        # stored yet, and what the batch adds to a family is among `records` already.
        if joint_id not in self.families and (joint is None or joint.state != "new"):
            rows = self.session.execute(select(_RECORDS).where(or_(
                and_(_RECORDS.c.entity.in_(kinds), _RECORDS.c.data["joint_case_id"].as_string() == joint_id),
                and_(_RECORDS.c.entity == "attachment", _RECORDS.c.data["owner_id"].as_string() == joint_id),
            ))).mappings()
            for row in rows:
                if row["record_id"] not in self.records:
                    self.records[row["record_id"]] = Rec(**row)
            if isinstance(joint_id, str):
                self.families.add(joint_id)
        return [r for r in self.records.values()
                if (r.entity in kinds and r.data.get("joint_case_id") == joint_id)
                or (r.entity == "attachment" and r.data.get("owner_id") == joint_id)]

    def area_stat_taken(self, owner: str, area_code: Any, period: Any, other_than: str | None) -> bool:
        """Whether the office already has figures for this area and period (a PC holds one)."""
        def same(r: Rec) -> bool:
            return (r.entity == "area_stat" and r.owner_office_id == owner and r.record_id != other_than
                    and r.data.get("area_code") == area_code and r.data.get("period") == period)

        if any(same(r) for r in self.records.values()):
            return True
        rows = self.session.execute(select(_RECORDS).where(
            _RECORDS.c.entity == "area_stat", _RECORDS.c.owner_office_id == owner,
            _RECORDS.c.data["area_code"].as_string() == str(area_code),
            _RECORDS.c.data["period"].as_string() == str(period))).mappings()
        for row in rows:
            if row["record_id"] not in self.records:
                self.records[row["record_id"]] = Rec(**row)
        return any(same(r) for r in self.records.values())

    def body_prefix_taken(self, office: str, prefix: Any, other_than: str | None) -> bool:
        """Whether another body of the office has this 代字 (their agreement numbers would read alike)."""
        def same(r: Rec) -> bool:
            return (r.entity == "mediation_body" and r.record_id != other_than and r.deleted_at is None
                    and r.data.get("office_id") == office and r.data.get("number_prefix") == prefix)

        rows = self.session.execute(select(_RECORDS).where(
            _RECORDS.c.entity == "mediation_body", _RECORDS.c.owner_office_id == office,
            _RECORDS.c.data["number_prefix"].as_string() == str(prefix))).mappings()
        for row in rows:
            if row["record_id"] not in self.records:
                self.records[row["record_id"]] = Rec(**row)
        return any(same(r) for r in self.records.values())

    # --- writing ---------------------------------------------------------------------------

    def append(self, rec: Rec, op: str, fields: dict[str, Any], author: str,
               conflicts: list[p.FieldConflict] = (), scope: list[str] | None = None) -> int:
        """One log entry showing the record as it is now; returns its seq. The conflicts it
        raises are named by that seq, in the entry as in the conflicts table: every PC keeps
        and decides a conflict by it (and tells a new one from an old one on the same field)."""
        seq = self.next_seq
        if seq > self.last_seq:
            raise RuntimeError(f"one transaction may log at most {1 << SEQ_BITS:,} changes")
        self.next_seq += 1
        for c in conflicts:
            c.seq = seq
        self.log.append({
            "seq": seq, "entity": rec.entity, "record_id": rec.record_id,
            "owner_office_id": rec.owner_office_id, "op": op, "fields": fields,
            "deleted": rec.deleted_at is not None, "needs_coordination": rec.needs_coordination,
            "conflicts": [c.model_dump(mode="json") for c in conflicts], "author": author,
            "device_id": self.device_id, "at": self.now, "tag": None,
        })
        self.scopes.extend({"office_id": o, "seq": seq} for o in (scope or rec.scope))
        if rec.state == "clean":
            rec.state = "dirty"
        return seq

    def conflict(self, c: p.FieldConflict) -> None:
        self.conflicts.append({"entity": c.entity, "record_id": c.record_id, "field": c.field,
                               "hub_value": c.hub_value, "hub_author": c.hub_author,
                               "op_value": c.op_value, "op_author": c.op_author, "seq": c.seq})

    def flush(self) -> None:
        rows = [r.row() for r in self.records.values() if r.state != "clean"]
        tags = os.urandom(8 * len(self.log)).hex()  # one random read for the batch, not one per entry
        for n, entry in enumerate(self.log):
            entry["tag"] = tags[16 * n:16 * n + 16]
        if _postgresql(self.session):
            self._flush_postgresql(rows)
        else:
            self._flush_generic(rows)
        self._flush_resolved()
        for rec in self.records.values():
            rec.state = "clean"
        self.log, self.scopes, self.conflicts, self.history, self.resolved = [], [], [], [], []

    def _flush_generic(self, rows: list[dict[str, Any]]) -> None:
        s = self.session
        new = [row for row in rows if self.records[row["record_id"]].state == "new"]
        dirty = [row for row in rows if self.records[row["record_id"]].state == "dirty"]
        if new:
            s.execute(insert(_RECORDS), new)
        if dirty:
            # bindparam names must differ from column names in an executemany UPDATE.
            s.execute(update(_RECORDS).where(_RECORDS.c.record_id == bindparam("b_record_id"))
                      .values({c: bindparam(f"b_{c}") for c in _COLUMNS if c != "record_id"}),
                      [{f"b_{k}": v for k, v in row.items()} for row in dirty])
        for model, many in ((ChangeEntry, self.log), (ChangeScope, self.scopes),
                            (Conflict, self.conflicts), (History, self.history)):
            if many:  # Core, not the ORM's bulk insert: it costs a third more per row
                s.execute(insert(model.__table__), many)

    def _flush_postgresql(self, rows: list[dict[str, Any]]) -> None:
        """The same writes by COPY: records, the log and its scopes straight into their tables.
        A changed record's row is deleted and copied in anew, which is what an UPDATE does to
        it (a record's JSON is indexed, so no update of one stays on its page); the pushes
        writing a record hold its lock (lock_push), so no other transaction waits on the row.
        Per-row statements, even pipelined, cost twice this; an UPDATE from a temporary table
        costs a third more.

        A new record goes in by a plain COPY, never an upsert: if another office's push made a
        record of the same id meanwhile (the two held different locks), this one fails on the
        key, and push_batch tries again, finding that record there."""
        s = self.session
        dirty = [row["record_id"] for row in rows if self.records[row["record_id"]].state == "dirty"]
        if dirty:
            s.execute(_PG_DROP, {"ids": dirty})
        from psycopg.errors import UniqueViolation

        cursor = s.connection().connection.driver_connection.cursor()
        _json_by_orjson(cursor)
        with cursor, _taken_as(UniqueViolation):
            for table, many, cols in (("records", rows, _COLUMNS), ("change_log", self.log, _LOG_COLUMNS),
                                      ("change_scope", self.scopes, _SCOPE_COLUMNS)):
                if not many:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in many:
                        copy.write_row([row[c] for c in cols])
        for model, many in ((Conflict, self.conflicts), (History, self.history)):
            if many:
                s.execute(insert(model.__table__), many)

    def _flush_resolved(self) -> None:
        if self.resolved:
            self.session.execute(update(Conflict.__table__).where(Conflict.__table__.c.id.in_(self.resolved))
                                 .values(resolved_at=self.now))


_LOG_COLUMNS = [c.name for c in ChangeEntry.__table__.columns]
_SCOPE_COLUMNS = ["office_id", "seq"]
_PG_DROP = text("DELETE FROM records WHERE record_id = ANY(:ids)").bindparams(bindparam("ids", type_=ARRAY(String)))


class RecordTaken(Exception):
    """A record this transaction made new was made meanwhile by another office's push."""


@contextmanager
def _taken_as(error: type[Exception]) -> Iterator[None]:
    try:
        yield
    except error as exc:
        raise RecordTaken(str(exc)) from exc


def _json_by_orjson(cursor: Any) -> None:
    """The cursor's COPY writes a dict or list (the JSON columns' values, and nothing else in
    the rows copied) as orjson's bytes, not psycopg's default of json.dumps' text."""
    cursor.adapters.register_dumper(dict, _orjson_dumper())
    cursor.adapters.register_dumper(list, _orjson_dumper())


@cache
def _orjson_dumper() -> type:
    # The hub's PostgreSQL driver, which a desk does not have.
    from psycopg.types.json import JsonDumper

    class OrjsonDumper(JsonDumper):
        _dumps = orjson.dumps

    return OrjsonDumper
