"""Audit entries written in bulk chain and verify exactly like those written one at a time."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from fydesk.models import AuditEntry
from fydesk.services.journal import audit, audit_many, verify_chain

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
