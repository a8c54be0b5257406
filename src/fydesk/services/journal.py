"""The two trails every write leaves in its own transaction: the audit chain and the outbox."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from datetime import date, datetime
from json.encoder import encode_basestring
from typing import Any

import orjson
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from fydesk.domain.hlc import next_hlc
from fydesk.models import AuditEntry, OutboxOp, new_id, utcnow
from fydesk.store.bulk import RawJSON, Writer
from fydesk.store.migrate import SCHEMA_HEAD

from .context import Actor, get_setting, set_setting

GENESIS_HASH = "0" * 64
_TXN_KEYS = ("txn_id", "audit_head", "hlc_last")


def wire(value: Any) -> Any:
    """A value as it travels in JSON: dates and times as ISO text, the rest unchanged."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def wire_dict(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: wire(v) for k, v in values.items()}


# One encoder for every call: json.dumps with these options builds a new one each time, which
# cost as much as the encoding of a pulled change's audit entry. The text is the same.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=wire)


def canonical(data: Any) -> str:
    """The text an audit entry is hashed over, and stored as (the chain is checked against it).

    Data of text, whole numbers, booleans and nulls alone is written by orjson, about four
    times quicker (a pulled page writes a thousand entries): its text is the same, character
    for character, as the standard encoder's (tests/services/test_journal.py). Anything
    else goes to the standard encoder: a float (orjson writes 1e-07 as 1e-7, NaN as null), a
    date or time (`wire` writes those), a number past 64 bits, a lone surrogate.
    """
    if type(data) is str:  # what JSONEncoder.encode itself does with a string, minus the call
        return encode_basestring(data)
    quick = _by_orjson(data)
    return quick.decode() if quick is not None else _CANONICAL.encode(data)


def _by_orjson(data: Any) -> bytes | None:
    """orjson's canonical bytes of plain data (see canonical); None for anything else."""
    if _plain(data):
        try:
            return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass
    return None


_SCALARS = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> bool:
    """True when `value` is made of dicts with text keys, lists and _SCALARS alone."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _SCALARS and not _plain(item)):
                return False
        return True
    if kind is list:
        for item in value:
            if type(item) not in _SCALARS and not _plain(item):
                return False
        return True
    return kind in _SCALARS


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def audit_payload(e: AuditEntry) -> dict[str, Any]:
    return {
        "at": wire(e.at),
        "user": e.user,
        "office_id": e.office_id,
        "action": e.action,
        "entity": e.entity,
        "record_id": e.record_id,
        "before": e.before,
        "after": e.after,
    }


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction(session: Session, transaction: Any) -> None:
    # Only the outermost transaction ends a local transaction; savepoints live inside it.
    # A savepoint may have rolled back the entry the cached chain head points at, so the
    # head (and the clock) are read again after any savepoint.
    keys = _TXN_KEYS if transaction.parent is None else ("audit_head", "hlc_last")
    for key in keys:
        session.info.pop(key, None)


def txn_id(session: Session) -> str:
    """One id per local transaction: the push never splits the ops that share it."""
    return session.info.setdefault("txn_id", new_id())


def _audit_head(session: Session) -> str:
    head = session.info.get("audit_head")
    if head is None:
        head = session.scalar(
            select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ) or GENESIS_HASH
    return head


def _next_hlc(session: Session) -> int:
    last = session.info.get("hlc_last")
    if last is None:
        last = int(get_setting(session, "hlc_last") or 0)
    value = next_hlc(last, int(time.time() * 1000))
    session.info["hlc_last"] = value
    set_setting(session, "hlc_last", str(value))
    return value


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    record_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEntry:
    prev = _audit_head(session)
    entry = AuditEntry(
        at=utcnow().replace(microsecond=0),
        user=actor.user,
        office_id=actor.office_id,
        action=action,
        entity=entity,
        record_id=record_id,
        before=wire_dict(before) if before is not None else None,
        after=wire_dict(after) if after is not None else None,
        prev_hash=prev,
    )
    entry.hash = entry_hash(prev, audit_payload(entry))
    session.add(entry)
    session.info["audit_head"] = entry.hash
    return entry


def _wired(values: Mapping[str, Any]) -> Any:
    # A plain dict needs no copy: `canonical` writes its dates and times as `wire` does.
    return values if type(values) is dict else wire_dict(values)


def _canonical_utf8(data: Any) -> bytes:
    """`canonical(data)` encoded as UTF-8: orjson's own bytes, where it writes the text,
    rather than those decoded and encoded again on the way to the hash."""
    quick = _by_orjson(data)
    return quick if quick is not None else _CANONICAL.encode(data).encode("utf-8")


def audit_many(session: Session, actor: Actor, entries: list[Mapping[str, Any]]) -> None:
    """`audit` for many entries at once (action, entity, record_id, before?, after?), chained
    in order and written in one statement: what a pulled page of a thousand changes needs."""
    if not entries:
        return
    prev = _audit_head(session)
    at = utcnow().replace(microsecond=0)
    # The canonical text of an entry is that of its payload with sorted keys: the parts common
    # to all the entries made once, each before/after once — stored as that same text, and
    # hashed inside the whole. The hash is taken over UTF-8 bytes put together as bytes: a
    # page's texts are a kilobyte each, and encoding every one again cost more than its hash.
    at_part = f',"at":{canonical(wire(at))},"before":'.encode()
    office_part = f',"office_id":{canonical(actor.office_id)},"record_id":'.encode()
    user_part = f',"user":{canonical(actor.user)}}}'.encode()
    sha256 = hashlib.sha256
    rows = []
    for e in entries:
        before, after, action, entity, record_id = (e.get("before"), e.get("after"), e["action"], e["entity"],
                                                    e["record_id"])
        b_before = _canonical_utf8(_wired(before)) if before is not None else b"null"
        b_after = _canonical_utf8(_wired(after)) if after is not None else b"null"
        text = b'%s{"action":%s,"after":%s%s%s,"entity":%s%s%s%s' % (
            prev.encode(), canonical(action).encode(), b_after, at_part, b_before, canonical(entity).encode(),
            office_part, canonical(record_id).encode(), user_part)
        digest = sha256(text).hexdigest()
        rows.append({"at": at, "user": actor.user, "office_id": actor.office_id, "action": action,
                     "entity": entity, "record_id": record_id,
                     "before": RawJSON(b_before.decode()) if before is not None else None,
                     "after": RawJSON(b_after.decode()) if after is not None else None,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    Writer(session).insert(AuditEntry, rows)
    session.info["audit_head"] = prev


def journal(
    session: Session,
    actor: Actor,
    *,
    op: str,
    entity: str,
    record_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    base_rev: int,
    sync: bool = True,
    action: str | None = None,
) -> None:
    """Audit entry and, for synced data, one outbox op carrying the changed fields.

    `action`: what the audit trail calls the write when it says more than the op
    (a "correct" travels as an ordinary update)."""
    audit(session, actor, action or op, entity, record_id, before, after)
    if not sync:
        return
    fields = wire_dict(after) if after is not None else {}
    session.add(
        OutboxOp(
            txn_id=txn_id(session),
            entity=entity,
            record_id=record_id,
            op=op,
            fields=fields,
            base_rev=base_rev,
            hlc=_next_hlc(session),
            user=actor.user,
            schema_version=SCHEMA_HEAD,
        )
    )


def journal_inserts(session: Session, actor: Actor, inserts: list[tuple[str, str, Mapping[str, Any]]]) -> None:
    """`journal` for many new records (entity, record id, values) at once: their audit
    entries chained in order and their outbox ops, each in statements of many rows."""
    if not inserts:
        return
    audit_many(session, actor, [{"action": "insert", "entity": e, "record_id": r, "before": None, "after": a}
                                for e, r, a in inserts])
    txn = txn_id(session)
    last = session.info.get("hlc_last")
    if last is None:
        last = int(get_setting(session, "hlc_last") or 0)
    now = int(time.time() * 1000)
    ops = []
    for entity, record_id, after in inserts:
        last = next_hlc(last, now)
        ops.append({"txn_id": txn, "entity": entity, "record_id": record_id, "op": "insert",
                    "fields": wire_dict(after), "base_rev": 0, "hlc": last, "user": actor.user,
                    "schema_version": SCHEMA_HEAD})
    Writer(session).insert(OutboxOp, ops)
    session.info["hlc_last"] = last
    set_setting(session, "hlc_last", str(last))


def verify_chain(session: Session, batch: int = 5000) -> list[str]:
    """Walk the audit chain; each problem is one sentence naming the entry."""
    problems: list[str] = []
    prev = GENESIS_HASH
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return problems
        for e in rows:
            if e.prev_hash != prev:
                problems.append(f"审计记录 #{e.seq} 的前序哈希与上一条不符（链条被删改）。")
            if entry_hash(e.prev_hash, audit_payload(e)) != e.hash:
                problems.append(f"审计记录 #{e.seq} 的内容与其哈希不符（记录被改动）。")
            prev = e.hash
            last_seq = e.seq
        session.expunge_all()
