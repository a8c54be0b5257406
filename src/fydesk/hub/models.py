"""The hub's own tables: offices, devices, the record store, the change log, conflicts, bodies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {datetime: DateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


# SQLite makes an INTEGER PRIMARY KEY its rowid; PostgreSQL gets a 64-bit identity.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class JsonText(TypeDecorator):
    """JSON the hub writes and reads back whole, kept as text: PostgreSQL's `json` type parses
    every value it is given only to check it, a tenth of the server's work on a push (h0016).
    An ad hoc query reads one with a cast (`fields::json ->> 'summary'`)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else orjson.dumps(value).decode()

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else orjson.loads(value)


# Written by the hub and read whole, never looked into by SQL: text on PostgreSQL (JsonText),
# SQLite's JSON elsewhere (which is text too).
LogJSON = JSON().with_variant(JsonText(), "postgresql")


JSON_INDEX_PREFIX = "ix_records_json_"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """For Alembic's comparisons of the database with the models: the indexes on fields inside
    records.data (h0011) are written per dialect in their migration, not declared here."""
    return not (type_ == "index" and (name or "").startswith(JSON_INDEX_PREFIX))


class HubOffice(HubBase):
    __tablename__ = "hub_offices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Device(HubBase):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("hub_offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    # The highest op_seq of this device's ops the hub has taken (applied or rejected).
    acked_op_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    revoked_reason: Mapped[str | None] = mapped_column(String(200))
    # What the device said of itself on its latest request (hub/telemetry.py); None until it
    # says so. Skew: its clock minus the hub's, in seconds (a PC's clock may be years off).
    app_version: Mapped[str | None] = mapped_column(String(40))
    clock_skew_seconds: Mapped[int | None] = mapped_column(BigInteger)
    ops_waiting: Mapped[int | None]
    # The latest push or pull the hub answered; last_seen_at is any request at all.
    last_sync_at: Mapped[datetime | None]


class EnrollCode(HubBase):
    """A one-time code IT hands to an office PC; only its hash is kept."""

    __tablename__ = "enroll_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("hub_offices.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(36))
    attempt_id: Mapped[str | None] = mapped_column(String(36))


class EnrollFailure(HubBase):
    """A refused enrollment, kept for a while: too many from one address, or naming one
    office, and further attempts are turned away unchecked (auth.enroll_wait). In the
    database, so that every hub process serving one PostgreSQL counts the same failures."""

    __tablename__ = "enroll_failures"
    __table_args__ = (Index("ix_enroll_failures_address_at", "address", "at"),
                      Index("ix_enroll_failures_office_code_at", "office_code", "at"))

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    address: Mapped[str] = mapped_column(String(64))
    office_code: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Record(HubBase):
    """The hub's current state of one synced record, with per-field revisions and authors.

    `data` is JSONB on PostgreSQL: the city's figures (hub/figures.py) read fields out of it
    in SQL, which costs a parse of the whole text per field and row from a `json` column and
    a lookup from a `jsonb` one. Besides the indexes declared here, h0011 indexes some of those
    fields of some entities, as ix_records_json_*.
    """

    __tablename__ = "records"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    owner_office_id: Mapped[str] = mapped_column(String(36), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))
    field_revs: Mapped[dict[str, Any]] = mapped_column(LogJSON)
    field_authors: Mapped[dict[str, Any]] = mapped_column(LogJSON)
    rev: Mapped[int] = mapped_column(SeqType)
    scope: Mapped[list[Any]] = mapped_column(LogJSON)  # office ids that see this record; ["*"] for everyone
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(String(36))
    needs_coordination: Mapped[bool] = mapped_column(default=False)


class ChangeEntry(HubBase):
    """The change log: `seq` orders everything. On SQLite appends are serialised, so seq order
    is commit order; on PostgreSQL a seq's high part is its transaction's id (writer.py), and a
    pull serves only seqs below every transaction still running."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    owner_office_id: Mapped[str | None] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict[str, Any]] = mapped_column(LogJSON)
    deleted: Mapped[bool] = mapped_column(default=False)
    needs_coordination: Mapped[bool] = mapped_column(default=False)
    conflicts: Mapped[list[Any]] = mapped_column(LogJSON, default=list)
    # Authors ("office·user") and, below, field names come from the PC, unbounded: Text, not a
    # String(n), which PostgreSQL enforces (SQLite never does) by failing the whole batch.
    author: Mapped[str] = mapped_column(Text)
    device_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Random, made when the entry is appended: a hub restored from a backup numbers new changes
    # as it numbered the lost ones, so a PC tells the entry it pulled at a seq from another by
    # this. NULL for entries logged before tags existed.
    tag: Mapped[str | None] = mapped_column(String(16))


class LogClock(HubBase):
    """One row: what is added to a PostgreSQL transaction id to make the high part of the seqs
    that transaction logs (writer.py); 0 unless the log was copied into a fresh cluster."""

    __tablename__ = "log_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift: Mapped[int] = mapped_column(BigInteger)


class ChangeScope(HubBase):
    """Which office may pull which log entry ("*": every office); a pull reads it in key order."""

    __tablename__ = "change_scope"

    office_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=False)


class Batch(HubBase):
    """(device, batch id) → the stored response: a replayed batch changes nothing."""

    __tablename__ = "batches"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    response: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conflict(HubBase):
    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(Text)
    hub_value: Mapped[Any] = mapped_column(JSON)
    hub_author: Mapped[str] = mapped_column(Text)
    op_value: Mapped[Any] = mapped_column(JSON)
    op_author: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(SeqType)
    # Indexed for the 需协调 list, which asks only for the open ones (IS NULL) among many settled.
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)


class CoordinationNote(HubBase):
    """A note the city's coordinator left on an open conflict; the decision stays with the
    offices. Each note is logged too (entity "coordination_note", its id the log's record id),
    scoped as the conflicted record, so that both offices' PCs receive it."""

    __tablename__ = "coordination_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflicts.id"), index=True)
    author: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    seq: Mapped[int] = mapped_column(SeqType)  # its entry in the change log


class History(HubBase):
    """A value overwritten by a later arrival (ordinary fields): kept, never lost."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(SeqType)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(Text)
    old_value: Mapped[Any] = mapped_column(JSON)
    old_author: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[Any] = mapped_column(JSON)
    new_author: Mapped[str] = mapped_column(Text)


class Lease(HubBase):
    __tablename__ = "leases"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    series: Mapped[str] = mapped_column(String(20))  # "case" | "suggestion" | "agreement"
    body_id: Mapped[str | None] = mapped_column(String(36))  # whose agreements (series "agreement")
    year: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    request_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Blob(HubBase):
    """An attachment body the hub holds whole, its hash checked; its bytes are in blob_chunks.

    Bodies live in the database, not in files beside it: hub processes stay stateless (several
    may serve one PostgreSQL), one backup holds records and bodies together, and a piece and
    the count of bytes received commit in one transaction, so nothing is ever half-recorded.
    A body comes to exist when one office's upload (blob_uploads) completes with a matching
    hash; `size` is that upload's byte count. (`received` and `complete` date from h0003,
    when bodies were assembled here: now always `size` and true.)
    """

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class BlobChunk(HubBase):
    """One piece of a body, at its byte offset."""

    __tablename__ = "blob_chunks"

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BlobHolder(HubBase):
    """An office that sent the hub a body's bytes whole, hash checked: it holds the file.

    Others read the body only through attachment records of an office holding it, so a hash
    named in a record is no key to anyone else's file.
    """

    __tablename__ = "blob_holders"

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("hub_offices.id"), primary_key=True)
    since: Mapped[datetime] = mapped_column(default=utcnow)


class BlobUpload(HubBase):
    """One office's upload of a body in progress: the size it declared, how much arrived.

    Each office stages its own, so no other office's record or bytes can block or spoil it;
    the pieces move into blob_chunks when the last byte is in and the hash matches.
    """

    __tablename__ = "blob_uploads"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("hub_offices.id"), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BlobUploadChunk(HubBase):
    """One piece of an office's upload in progress, at its byte offset."""

    __tablename__ = "blob_upload_chunks"
    __table_args__ = (ForeignKeyConstraint(["sha256", "office_id"], ["blob_uploads.sha256", "blob_uploads.office_id"]),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ConsoleUser(HubBase):
    """A person who signs in to the web console; only an argon2 hash of the password is kept."""

    __tablename__ = "console_users"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # console.accounts.ROLES
    office_id: Mapped[str | None] = mapped_column(ForeignKey("hub_offices.id"))  # an office viewer's office
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class ConsoleSession(HubBase):
    """A signed-in browser: the cookie holds a random token, the table its hash and the form token.

    In the database, not in the process, so that every hub process serving one PostgreSQL
    knows every session, and signing out or disabling a user ends it everywhere at once.
    """

    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginFailure(HubBase):
    """A refused sign-in, kept for the throttle's window (per account and per address)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_login_at", "login", "at"),
                      Index("ix_login_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsoleAudit(HubBase):
    """Who did what in the console, and when; read by the coordinator, never edited."""

    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_at", "at"),)

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    login: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class SyncDay(HubBase):
    """A day (Beijing date) on which a device synced: what 考核's 同步及时率 counts."""

    __tablename__ = "sync_days"
    __table_args__ = (Index("ix_sync_days_office_day", "office_id", "day"),)

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))


class AssessmentWeight(HubBase):
    """The weight the coordinator gives one 考核 measure (0–100; 0 leaves it out)."""

    __tablename__ = "assessment_weights"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    weight: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
class WorkGroup(HubBase):
    """A 专项工作组 of the 联席会议: its convener office and member offices (hub-side only)."""

    __tablename__ = "work_groups"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    convener_office_id: Mapped[str | None] = mapped_column(ForeignKey("hub_offices.id"))
    member_office_ids: Mapped[list[Any]] = mapped_column(default=list)
    # The console accounts of its members (role 专项工作组成员): they read this group's tasks.
    account_ids: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(HubBase):
    """A 联席会议 or 协调会议 as the coordinator records it; each 议定事项 may become a task."""

    __tablename__ = "meetings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    convener: Mapped[str] = mapped_column(String(100))
    attending_office_ids: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[list[Any]] = mapped_column(default=list)  # the 议定事项, in order
    work_group_id: Mapped[str | None] = mapped_column(ForeignKey("work_groups.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
