"""The wire protocol between a desk PC and the city hub: the only code the two share.

Every request carries the protocol, schema and app versions as headers; the hub answers an
out-of-range client with 426 and an `upgrade_required` error. Record ids are UUIDv7 strings
made on the client; `rev` is the hub's change-log sequence of the last change to a record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
HEADER_PROTOCOL = "X-Fydesk-Protocol"
HEADER_SCHEMA = "X-Fydesk-Schema"
HEADER_APP = "X-Fydesk-App"

# A local transaction is never split, so one large import may exceed the usual batch size.
MAX_BATCH_OPS = 10_000
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_PULL_PAGE = 2000
SKEW_WARNING_SECONDS = 300

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
    "attachment": frozenset(),
}
APPEND_ONLY: frozenset[str] = frozenset({"extension", "session", "handoff"})
# Records of these entities are seen by every office taking part in the joint case.
JOINT_ENTITIES: dict[str, str | None] = {"joint_case": None, "joint_office": "joint_case_id",
                                         "handoff": "joint_case_id"}
# Fields the hub itself keeps; a client op never sets them.
HUB_FIELDS = frozenset({"needs_coordination"})

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Model):
    """Every non-2xx answer: a stable code for programs, a Chinese sentence for people."""

    code: Literal["upgrade_required", "unauthorized", "revoked", "forbidden", "bad_request",
                  "payload_too_large", "not_found", "conflict", "hash_mismatch", "server_error"]
    message: str


class OfficeInfo(_Model):
    id: str
    code: str
    name: str
    kind: str


class LeaseGrant(_Model):
    """A block of case or suggestion numbers only this device may hand out."""

    series: Literal["case", "suggestion"]
    year: int
    start: int
    end: int


class EnrollRequest(_Model):
    code: str = Field(min_length=4, max_length=64)
    device_name: str = Field(min_length=1, max_length=100)
    # Made by the PC once per attempt and sent again with a retry: were the answer lost, the
    # same code and id enroll the same device again (with a new token) instead of failing.
    attempt_id: str | None = Field(None, min_length=8, max_length=36)
    # The office this PC must belong to (set up already, or named by the IT policy): a code of
    # another office is refused and stays unused, instead of enrolling a device nobody wants.
    office_code: str | None = Field(None, min_length=1, max_length=40)


class EnrollResponse(_Model):
    device_id: str
    token: str
    office: OfficeInfo
    hub_time: datetime


class Op(_Model):
    """One record change from a device's outbox; `fields` holds the changed values."""

    op_seq: int = Field(ge=1)
    txn_id: str
    entity: str
    record_id: str = Field(min_length=1, max_length=36)
    op: Literal["insert", "update", "delete"]
    fields: dict[str, Any]
    base_rev: int = Field(ge=0)
    hlc: int
    user: str
    schema_version: str


class PushRequest(_Model):
    batch_id: str = Field(min_length=1, max_length=36)
    ops: list[Op] = Field(max_length=MAX_BATCH_OPS)
    # The highest op_seq the hub has acknowledged to this device. A hub holding less was
    # restored from a backup: it applies nothing and answers with what it holds.
    acked_before: int = Field(0, ge=0)
    # Where this PC's pull stands: the seq of the last change it pulled, and that change's tag.
    # A hub whose entry there is missing or tagged otherwise went back: it applies nothing
    # (the ops' base revs would claim changes the PC never saw) and says `cursor_unknown`.
    cursor: int = Field(0, ge=0)
    cursor_tag: str | None = Field(None, max_length=32)


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
    hub_time: datetime
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


class RecordRef(_Model):
    entity: str = Field(min_length=1, max_length=40)
    record_id: str = Field(min_length=1, max_length=36)


MAX_FETCH = 1000


class FetchRequest(_Model):
    """Records a PC could not apply when they were pulled, asked for again whole."""

    records: list[RecordRef] = Field(min_length=1, max_length=MAX_FETCH)


class FetchResponse(_Model):
    """The hub's current state of each record asked for that the office may see, as an insert
    carrying every field at the record's latest revision (`seq`); the others are left out."""

    changes: list[Change]
    hub_time: datetime
    head: int | None = None


class PullResponse(_Model):
    changes: list[Change]
    cursor: int
    more: bool
    hub_time: datetime
    device_acked: int = 0
    head: int | None = None
    # The change at the asked cursor is missing or tagged otherwise than the PC said: the hub
    # went back (restored from a backup). No changes come with it; the PC asks again from an
    # earlier point of its pull that the hub still holds as it was.
    cursor_unknown: bool = False


class LeaseRequest(_Model):
    series: Literal["case", "suggestion"]
    year: int = Field(ge=2000, le=2999)
    count: int = Field(ge=1, le=1000)
    # A PC that numbered cases on its own before enrolling asks to start past them.
    min_start: int = Field(1, ge=1)
    # Kept by the PC until the grant is stored: asked again, the hub gives the same block
    # rather than a second one, so no numbers are skipped when an answer is lost.
    request_id: str | None = Field(None, min_length=8, max_length=36)


class LeaseResponse(_Model):
    grant: LeaseGrant
    hub_time: datetime


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
