"""The audit chain's canonical text: the quick writer must give the standard encoder's text."""

from __future__ import annotations

import json
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from fydesk.services.journal import canonical, wire

_STANDARD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=wire)

_scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text()
            | st.floats() | st.dates() | st.datetimes())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(_values)
def test_canonical_text_is_the_standard_encoders(value):
    assert canonical(value) == _STANDARD.encode(value)


def test_what_the_quick_writer_would_write_otherwise_goes_to_the_standard_encoder():
    for value in [{"x": 1e-07}, {"x": float("nan")}, [2**64], {"on": date(2026, 11, 2)},
                  {"at": datetime(2026, 11, 2, 9, 30)}, {"lone": "\ud800"}, {"t": (1, 2)}, {1: "a"},
                  {"fields": {"summary": "王某与李某\n\"借款\"\u2028纠纷", "amount_cents": 2**63 - 1, "ok": True}}]:
        assert canonical(value) == _STANDARD.encode(value)
