"""Audit entries written in bulk chain and verify exactly like those written one at a time."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text

from fydesk.models import AuditEntry
from fydesk.services.journal import GENESIS_HASH, audit, audit_many, verify_chain, wire

# JSON-like values as pulled changes carry them, with dates as the services hand them over.
_scalars = (st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(max_size=12)
            | st.floats(allow_nan=False, allow_infinity=False) | st.dates().map(lambda d: d))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
_entry = st.fixed_dictionaries({
    "action": st.sampled_from(["sync-insert", "sync-update", "sync-flag"]),
    "entity": st.sampled_from(["case", "party", "joint_case"]),
    "record_id": st.uuids().map(str),
    "before": st.none() | st.dictionaries(st.text(min_size=1, max_size=8), _values, max_size=4),
    "after": st.none() | st.dictionaries(st.text(min_size=1, max_size=8), _values, max_size=4),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_entry, min_size=1, max_size=6))
def test_bulk_entries_verify_like_single_ones(office_store, actor, entries):
    with office_store.write() as s:
        s.execute(delete(AuditEntry))  # each example starts a chain of its own
        audit(s, actor, "update", "case", "x", {"summary": "甲"}, {"summary": "乙", "on": date(2026, 11, 2)})
        audit_many(s, actor, entries)
        audit(s, actor, "update", "case", "y", None, {"at": datetime(2026, 11, 2, 9, 30)})
    with office_store.read() as s:
        assert verify_chain(s) == []


# What a bulk entry stores, written out from the chain's rule with the standard encoder alone:
# its before/after as their canonical text, its hash over the previous hash and the canonical
# text of the whole entry. The bulk writer's shortcuts must leave exactly these bytes.
_STANDARD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=wire)


def _stored_as_the_rule_says(session, entries):
    rows = session.execute(text('SELECT "at", "user", office_id, action, entity, record_id, "before", "after", '
                                "prev_hash, hash FROM audit_log ORDER BY seq")).all()
    assert len(rows) == len(entries)
    prev = GENESIS_HASH
    for row, entry in zip(rows, entries, strict=True):
        at = datetime.fromisoformat(row.at)
        payload = {"at": wire(at), "user": row.user, "office_id": row.office_id, "action": entry["action"],
                   "entity": entry["entity"], "record_id": entry["record_id"], "before": entry["before"],
                   "after": entry["after"]}
        assert (row.action, row.entity, row.record_id) == (entry["action"], entry["entity"], entry["record_id"])
        for column in ("before", "after"):
            stored = getattr(row, column)
            assert stored == (None if entry[column] is None else _STANDARD.encode(entry[column]))
        assert row.prev_hash == prev
        assert row.hash == hashlib.sha256((prev + _STANDARD.encode(payload)).encode("utf-8")).hexdigest()
        prev = row.hash


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_entry, min_size=1, max_size=6))
def test_bulk_entries_store_the_texts_and_hashes_the_chain_rule_gives(office_store, actor, entries):
    with office_store.write() as s:
        s.execute(delete(AuditEntry))
        audit_many(s, actor, entries)
    with office_store.read() as s:
        _stored_as_the_rule_says(s, entries)


def test_a_pulled_page_stores_the_texts_and_hashes_the_chain_rule_gives(office_store, actor):
    fields = {"summary": "王某与李某\n\"借款\"\u2028纠纷", "amount_cents": 2**63 - 1, "rate": 1e-07, "ok": True,
              "none": None, "checklist": [{"item": "身份证", "done": False}], "on": date(2026, 11, 2),
              "big": 2**64, "assistant_ids": []}
    entries = [{"action": f"sync-{op}", "entity": "case", "record_id": f"r{i}",
                "after": {"hub_seq": 100 + i, "hub_author": "书记员乙", "fields": dict(list(fields.items())[:i + 1])}}
               for i, op in enumerate(["insert", "update", "flag"] * 3)]
    with office_store.write() as s:
        s.execute(delete(AuditEntry))
        audit_many(s, actor, entries)
    with office_store.read() as s:
        _stored_as_the_rule_says(s, [{"before": None, **e} for e in entries])
