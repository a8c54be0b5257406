"""The wire protocol between a desk PC and the city hub: the only code the two share.

Every request carries the protocol, schema and app versions as headers; the hub answers an
out-of-range client with 426 and an `upgrade_required` error. Record ids are UUIDv7 strings
made on the client; `rev` is the hub's change-log sequence of the last change to a record.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
)
from typing_extensions import TypeAliasType

# 2: answers carry the log head and change tags, a pull and a push name the cursor's tag,
# body pieces state the body's size, times are zoned. A desk speaking 1 would misread these
# answers; the hub tells it to upgrade instead.
PROTOCOL_VERSION = 2
MIN_PROTOCOL_VERSION = 2
HEADER_PROTOCOL = "X-Fydesk-Protocol"
HEADER_SCHEMA = "X-Fydesk-Schema"
HEADER_APP = "X-Fydesk-App"
# What a desk says of itself on every request, for IT's list of devices: the ops waiting in
# its outbox and its own clock (ISO 8601 with its zone, e.g. 2026-12-06T22:05:15.250Z). Both
# optional: a desk from before them syncs as ever, and the hub drops a value it cannot read
# rather than refuse the request (it is a report, not part of the exchange).
HEADER_OPS_WAITING = "X-Fydesk-Ops-Waiting"
HEADER_CLIENT_TIME = "X-Fydesk-Client-Time"
# What the hub keeps of X-Fydesk-App: a version such as 0.1.0 or 1.2.0rc1+win.
APP_VERSION_PATTERN = r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}"

# A local transaction is never split, so one large import may exceed the usual batch size.
MAX_BATCH_OPS = 10_000
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_PULL_PAGE = 2000
SKEW_WARNING_SECONDS = 300
# One op: a desk's widest record has 33 columns, its longest column name 20 letters.
MAX_OP_FIELDS = 100
MAX_FIELD_NAME = 64
MAX_VALUE_DEPTH = 16  # a list of objects (a checklist) is three deep

# Which synced entity each wire name is, which fields are legally significant (concurrent
# changes escalate to 需协调 instead of last-arrival-wins), and which entities only grow.
# A test keeps this table equal to the client's field table.
LEGAL_FIELDS: dict[str, frozenset[str]] = {
    "office": frozenset(), "staff": frozenset(), "mediation_body": frozenset(), "area_stat": frozenset(),
    "case": frozenset({"amount_cents", "status", "result", "close_method", "close_date", "body_id"}),
    "party": frozenset({"role", "kind", "name", "id_number", "uscc"}),
    "extension": frozenset(), "session": frozenset(),
    "agreement": frozenset({"form", "facts", "disputes", "responsibility", "signed_date",
                            "effective_date"}),
    "term": frozenset({"obligor", "obligee", "content", "amount_cents", "manner", "due_date"}),
    "performance": frozenset({"amount_cents", "status"}),
    "confirmation": frozenset({"status", "applied_date", "ruling_date", "result"}),
    "joint_case": frozenset({"lead_office_id", "closed_date", "status"}),
    "joint_office": frozenset(), "handoff": frozenset(),
    "enterprise": frozenset(), "visit": frozenset(), "risk": frozenset(), "suggestion": frozenset(),
    "petition": frozenset({"status", "closed_date"}), "petition_step": frozenset(),
    "attachment": frozenset(), "task": frozenset(), "task_report": frozenset(),
}
APPEND_ONLY: frozenset[str] = frozenset({"extension", "session", "handoff", "petition_step", "task_report"})
# Written by the hub alone (its 任务清单), scoped to the responsible offices; a PC's op on
# one is refused.
HUB_ENTITIES: frozenset[str] = frozenset({"task"})
# Records of these entities are seen by every office taking part in the joint case.
JOINT_ENTITIES: dict[str, str | None] = {"joint_case": None, "joint_office": "joint_case_id",
                                         "handoff": "joint_case_id"}
# Fields the hub itself keeps; a client op never sets them.
HUB_FIELDS = frozenset({"needs_coordination"})

# A note the city's coordinator leaves on an open conflict (需协调), for the offices concerned:
# the hub logs it as a change of this entity (op "insert", `fields` as NoteFields), scoped as
# the conflicted record, and keeps it in a table of its own; it names the conflict by the seq,
# record and field every PC received it with. A desk that does not know the entity leaves the
# change aside and goes on (it applies only entities it holds): the wire stays additive.
NOTE_ENTITY = "coordination_note"
MAX_NOTE_LENGTH = 500

# Attachment bodies travel apart from record batches, by hash, so that a large file never holds
# up record sync: HEAD /v1/blobs/{sha256} tells how much the hub holds (headers below),
# PUT /v1/blobs/{sha256}?offset=N appends one piece (answering BlobStatus), and
# GET /v1/blobs/{sha256} with a Range header reads a complete body back.
BLOB_CHUNK = 4 * 1024 * 1024  # what a client sends or asks for at a time
MAX_BLOB_PIECE = 8 * 1024 * 1024  # the most one PUT may carry or one GET returns
HEADER_BLOB_SIZE = "X-Fydesk-Blob-Size"
HEADER_BLOB_RECEIVED = "X-Fydesk-Blob-Received"
HEADER_BLOB_COMPLETE = "X-Fydesk-Blob-Complete"
# Each office stages its own upload: a PUT carries the body's whole size in HEADER_BLOB_SIZE,
# HEAD's received count is this office's, and the hash is checked at the last byte. A body
# counts as this office's (HEADER_BLOB_UPLOADED "1") only once it sent every byte itself:
# naming a hash in a record proves nothing, so an office re-sends a body the hub already
# has before others may read it through that office's records.
HEADER_BLOB_UPLOADED = "X-Fydesk-Blob-Uploaded"
MAX_BLOB_SIZE = 4 * 1024 * 1024 * 1024  # far above any scan (the desk's default limit is 200 MB)


# --- what a request may carry ---------------------------------------------------------------
# Every number must fit the hub's 64-bit columns (and SQLite's, and orjson's), every text must be
# storable: PostgreSQL refuses NUL in text, and a lone surrogate is no UTF-8 at all (pydantic's
# str refuses that one itself). A request breaking this is refused whole with 422: a desk never
# makes one, while a value the hub could not store would fail the batch on every retry.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Lease numbers are kept in 32-bit columns.
MAX_LEASE_NUMBER = 2**31 - 1
MAX_LEASE_COUNT = 1000
NO_NUL = r"^[^\x00]*$"


def _whole(value: Any) -> Any:
    """JSON has numbers, not integers: 5.0 is the integer 5 (as JSON Schema says); but true is
    not 1, nor "5" 5, in the strict reading of requests (_Request)."""
    return int(value) if type(value) is float and value.is_integer() else value


def Whole(ge: int, le: int) -> Any:  # a type, as conint() is: named like one
    """An integer in [ge, le]; the bounds come before the validator, or pydantic neither puts
    them in the schema as minimum and maximum nor, given again on a field, applies them."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole)]


Int64 = Whole(INT64_MIN, INT64_MAX)
Seq = Whole(0, INT64_MAX)
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_FIELD_NAME, pattern=NO_NUL)]

# What the schema says a field value is; checked by _field_value, far quicker than this union.
_Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
_Float64 = Annotated[float, Field(ge=float(INT64_MIN), le=float(2**63))]
_JsonValue = TypeAliasType(
    "FieldValue", "str | _Int64 | _Float64 | bool | None | list[_JsonValue] | dict[str, _JsonValue]")


def _field_value(value: Any, depth: int = 0) -> Any:
    """A JSON value every store and every PC can hold (see above), at most MAX_VALUE_DEPTH deep."""
    kind = type(value)
    if kind is str:
        _utf8(value)
    elif kind is int:
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError("整数超出 64 位范围")
    elif kind is float:
        if not -(2.0**63) <= value <= 2.0**63:  # NaN fails this too
            raise ValueError("数值超出 64 位范围或不是有限数")
    elif kind is list or kind is dict:
        if depth >= MAX_VALUE_DEPTH:
            raise ValueError(f"嵌套超过 {MAX_VALUE_DEPTH} 层")
        if kind is dict:
            for key in value:
                if type(key) is not str:
                    raise ValueError("键必须是文字")
                _utf8(key)
        for item in value.values() if kind is dict else value:
            _field_value(item, depth + 1)
    elif value is not None and kind is not bool:
        raise ValueError("不是 JSON 值")
    return value


def _utf8(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("含有无效的 Unicode 字符（孤立代理项）") from None


FieldValue = Annotated[Any, PlainValidator(_field_value, json_schema_input_type=_JsonValue)]


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def _zoned(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# A moment in UTC: naive inside either program (their rule for timestamps, models.utcnow),
# sent with its zone ("…Z"), as the schema's date-time format asks.
UtcTime = Annotated[datetime, AfterValidator(_naive_utc),
                    PlainSerializer(_zoned, return_type=datetime, when_used="json")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Request(_Model):
    """What a client sends: read strictly, so that `true` is no 1 and "5" no 5."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorBody(_Model):
    """Every non-2xx answer: a stable code for programs, a Chinese sentence for people."""

    code: Literal["upgrade_required", "unauthorized", "revoked", "forbidden", "bad_request",
                  "payload_too_large", "not_found", "conflict", "hash_mismatch", "too_many_requests",
                  "server_error"]
    message: str


class OfficeInfo(_Model):
    id: str
    code: str
    name: str
    kind: str


# Numbered series: an office's cases and suggestions, and each of its mediation bodies'
# agreements (a 人民调解协议书 is the body's document; its number is the body's).
LeaseSeries = Literal["case", "suggestion", "agreement"]


class LeaseGrant(_Model):
    """A block of case, suggestion or (one body's) agreement numbers only this device may hand out."""

    series: LeaseSeries
    year: int
    start: int
    end: int
    # The body whose agreements these are; left out of the answer otherwise (clients from
    # before agreement leases read a grant strictly and know no such field).
    body_id: str | None = None


class EnrollRequest(_Request):
    code: Text = Field(min_length=4, max_length=64)
    device_name: Text = Field(min_length=1, max_length=100)
    # Made by the PC once per attempt and sent again with a retry: were the answer lost, the
    # same code and id enroll the same device again (with a new token) instead of failing.
    attempt_id: Text | None = Field(None, min_length=8, max_length=36)
    # The office this PC must belong to (set up already, or named by the IT policy): a code of
    # another office is refused and stays unused, instead of enrolling a device nobody wants.
    office_code: Text | None = Field(None, min_length=1, max_length=40)


class EnrollResponse(_Model):
    device_id: str
    token: str
    office: OfficeInfo
    hub_time: UtcTime


class Op(_Request):
    """One record change from a device's outbox; `fields` holds the changed values."""

    op_seq: Whole(1, INT64_MAX)
    txn_id: Text = Field(min_length=1, max_length=36)
    entity: Text = Field(min_length=1, max_length=40)
    record_id: Text = Field(min_length=1, max_length=36)
    op: Literal["insert", "update", "delete"]
    fields: dict[FieldName, FieldValue] = Field(max_length=MAX_OP_FIELDS)
    base_rev: Seq
    hlc: Int64
    user: Text = Field(max_length=200)
    schema_version: Text = Field(max_length=20)


class PushRequest(_Request):
    batch_id: Text = Field(min_length=1, max_length=36)
    ops: list[Op] = Field(max_length=MAX_BATCH_OPS)
    # The highest op_seq the hub has acknowledged to this device. A hub holding less was
    # restored from a backup: it applies nothing and answers with what it holds.
    acked_before: Seq = 0
    # Where this PC's pull stands: the seq of the last change it pulled, and that change's tag.
    # A hub whose entry there is missing or tagged otherwise went back: it applies nothing
    # (the ops' base revs would claim changes the PC never saw) and says `cursor_unknown`.
    cursor: Seq = 0
    cursor_tag: Text | None = Field(None, max_length=32)


class FieldConflict(_Model):
    """A legally significant field two offices changed at once: both values, both authors."""

    entity: str
    record_id: str
    field: str
    hub_value: Any
    hub_author: str
    op_value: Any
    op_author: str
    seq: int


class OpResult(_Model):
    op_seq: int
    status: Literal["applied", "merged", "conflict", "rejected"]
    rev: int | None = None
    code: str | None = None  # rejected: forbidden | invalid | unknown_record | ...
    reason: str | None = None  # rejected: one Chinese sentence
    conflicts: list[FieldConflict] = []


class PushResponse(_Model):
    batch_id: str
    results: list[OpResult]
    hub_time: UtcTime
    replayed: bool = False
    # The highest op_seq of this device the hub holds. Lower than what the PC knows the hub
    # acknowledged: the hub was restored from a backup, and the PC sends the rest again.
    device_acked: int = 0
    # The highest seq of the hub's change log (every answer carries it; None from older hubs).
    head: int | None = None
    # The request's cursor is not a change the hub holds as the PC pulled it (PullResponse too).
    cursor_unknown: bool = False


class Change(_Model):
    """One entry of the hub's change log as an office sees it; `fields` are the values set."""

    seq: int
    entity: str
    record_id: str
    owner_office_id: str | None
    op: Literal["insert", "update", "delete", "flag"]
    fields: dict[str, Any]
    deleted: bool
    needs_coordination: bool
    conflicts: list[FieldConflict] = []
    author: str
    # Random, made when the hub logged the change: with `seq` it names the change, so a PC can
    # tell a hub restored from a backup, which hands the lost seqs out again, from the one it
    # pulled from. None for changes logged before tags existed, and for records fetched whole.
    tag: str | None = None


class NoteFields(BaseModel):
    """The fields of a NOTE_ENTITY change. Fields a later hub adds are ignored, not refused."""

    model_config = ConfigDict(extra="ignore")

    conflict_seq: int  # the conflict's seq: with record_id and field, as FieldConflict names it
    entity: str
    record_id: str
    field: str
    author: str
    text: str = Field(min_length=1, max_length=MAX_NOTE_LENGTH)
    at: UtcTime


class RecordRef(_Request):
    entity: Text = Field(min_length=1, max_length=40)
    record_id: Text = Field(min_length=1, max_length=36)


MAX_FETCH = 1000


class FetchRequest(_Request):
    """Records a PC could not apply when they were pulled, asked for again whole."""

    records: list[RecordRef] = Field(min_length=1, max_length=MAX_FETCH)


class FetchResponse(_Model):
    """The hub's current state of each record asked for that the office may see, as an insert
    carrying every field at the record's latest revision (`seq`); the others are left out."""

    changes: list[Change]
    hub_time: UtcTime
    head: int | None = None


class PullResponse(_Model):
    changes: list[Change]
    cursor: int
    more: bool
    hub_time: UtcTime
    device_acked: int = 0
    head: int | None = None
    # The change at the asked cursor is missing or tagged otherwise than the PC said: the hub
    # went back (restored from a backup). No changes come with it; the PC asks again from an
    # earlier point of its pull that the hub still holds as it was.
    cursor_unknown: bool = False


class LeaseRequest(_Request):
    series: LeaseSeries
    # With series "agreement" only, and then required: a body of the device's own office.
    body_id: Text | None = Field(None, min_length=1, max_length=36)
    year: Whole(2000, 2999)
    count: Whole(1, MAX_LEASE_COUNT)
    # A PC that numbered cases on its own before enrolling asks to start past them.
    min_start: Whole(1, MAX_LEASE_NUMBER - MAX_LEASE_COUNT + 1) = 1
    # Kept by the PC until the grant is stored: asked again, the hub gives the same block
    # rather than a second one, so no numbers are skipped when an answer is lost.
    request_id: Text | None = Field(None, min_length=8, max_length=36)


class LeaseResponse(_Model):
    grant: LeaseGrant
    hub_time: UtcTime


class BlobStatus(_Model):
    """A body as the asking office finds it on the hub.

    `size`: the body's, as its bytes showed, once this office may read it; before that the
    size this office declared for its own upload (0 when it has sent nothing). `received`:
    how much of its own upload the hub holds. `complete`: the body is whole and this office
    may read it. `uploaded`: this office sent it whole itself and the hash matched.
    """

    sha256: str
    size: int
    received: int
    complete: bool
    uploaded: bool = False


class TimeResponse(_Model):
    hub_time: UtcTime
    protocol: int
