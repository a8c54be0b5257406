"""Device-local tables: audit chain, outbox, settings, number leases, deadline rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AuditEntry(Base):
    """审计: every write, hash-chained so that an edited or removed entry shows."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[str] = mapped_column(String(50))
    office_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxOp(Base):
    """One field-level change waiting for the hub; the row leaves only once acknowledged."""

    __tablename__ = "outbox"
    # AUTOINCREMENT: op_seq never goes back, even once every row has left (SQLite would
    # otherwise reuse 1 after an emptied table); the hub counts a device's ops by it.
    __table_args__ = (Index("ix_outbox_batch_id", "batch_id"), Index("ix_outbox_record_id", "record_id"),
                      {"sqlite_autoincrement": True})

    op_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    txn_id: Mapped[str] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    fields: Mapped[dict[str, Any]]
    base_rev: Mapped[int] = mapped_column(default=0)
    hlc: Mapped[int]
    user: Mapped[str] = mapped_column(String(50))
    schema_version: Mapped[str] = mapped_column(String(20))
    batch_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SentOp(Base):
    """An op the hub acknowledged, kept for a while: were the hub restored from a backup
    older than the op, the PC sends it again."""

    __tablename__ = "sent_ops"

    op_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    txn_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict[str, Any]]
    base_rev: Mapped[int]
    hlc: Mapped[int]
    user: Mapped[str] = mapped_column(String(50))
    schema_version: Mapped[str] = mapped_column(String(20))
    batch_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    acked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SentBatch(Base):
    """One acknowledged batch: its last op and the highest hub revision it was given."""

    __tablename__ = "sent_batches"

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    max_op_seq: Mapped[int] = mapped_column(index=True)
    max_rev: Mapped[int]
    acked_at: Mapped[datetime] = mapped_column(default=utcnow)


class LocalSetting(Base):
    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class NumberLease(Base):
    """A block of numbers this device may hand out (end NULL: unbounded, standalone): of the
    office's cases or suggestions, or of one mediation body's agreements (body_id)."""

    __tablename__ = "number_leases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))
    series: Mapped[str] = mapped_column(String(20))  # "case" | "suggestion" | "agreement"
    body_id: Mapped[str | None] = mapped_column(String(36))  # the agreement series' body
    year: Mapped[int]
    start: Mapped[int]
    end: Mapped[int | None]
    next: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))  # "local" | "hub"


class DeadlineRuleRow(Base):
    """Configured length of each statutory period; defaults come from domain.deadlines."""

    __tablename__ = "deadline_rules"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    days: Mapped[int]


class SyncConflict(Base):
    """需协调: a legal field two offices changed at once, with both values and authors."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    hub_seq: Mapped[int] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    hub_value: Mapped[Any] = mapped_column(JSON)
    hub_author: Mapped[str] = mapped_column(String(100))
    op_value: Mapped[Any] = mapped_column(JSON)
    op_author: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class CoordinationNote(Base):
    """A note the city's coordinator left on a 需协调 item, as the hub sent it. It names the
    conflict as the hub did (its seq, record and field: a SyncConflict's hub_seq, record_id,
    field); kept even before or after that conflict is here, never edited."""

    __tablename__ = "coordination_notes"
    __table_args__ = (Index("ix_coordination_notes_record", "record_id", "field"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the hub's id of the note
    hub_seq: Mapped[int]  # the change that brought it
    conflict_seq: Mapped[int]
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    author: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]  # when the coordinator wrote it (UTC)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuarantinedOp(Base):
    """An op the hub rejected: kept with the reason and shown, never dropped silently."""

    __tablename__ = "quarantine"

    # Its own key: outbox op_seq values come back once the outbox has emptied (SQLite reuses
    # the largest rowid + 1), so two quarantined ops may carry the same op_seq.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    op_seq: Mapped[int]
    txn_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict[str, Any]]
    base_rev: Mapped[int]
    user: Mapped[str] = mapped_column(String(50))
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    batch_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MissedRecord(Base):
    """A record whose pulled change this PC could not apply (a link to a record it did not
    have yet, say). The page moved on; the next sync asks the hub for the record whole."""

    __tablename__ = "missed_records"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int]  # the newest change of it that did not land
    attempts: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncLogEntry(Base):
    __tablename__ = "sync_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(10))  # push | pull | enroll | error
    batch_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(40))  # ok | http status | error code
    detail: Mapped[str] = mapped_column(Text)
