"""A malformed request is a 4xx with one Chinese sentence, never a 500: the client retries a
5xx, so a batch that makes the hub fail would be sent again and again and never pass.

Raw JSON over real HTTP, on SQLite and on PostgreSQL (which refuses NUL in text and numbers
past its columns' widths): what a broken or hostile client could send, not what pydantic on
this side would let out.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from sqlalchemy import func, select

from fydesk.hub.models import Batch, ChangeEntry
from fydesk.sync import protocol as p

CASE = "01a20000-0000-7000-8000-00000000c001"
INT64_MAX = 2**63 - 1


def _refused(r: httpx.Response, status: int | tuple[int, ...] = 422) -> p.ErrorBody:
    assert r.status_code in (status if isinstance(status, tuple) else (status,)), (r.status_code, r.text[:300])
    body = p.ErrorBody.model_validate(r.json())
    assert re.search(r"[\u4e00-\u9fff]", body.message) and body.message.endswith("。"), body.message
    return body


@pytest.fixture
def pc(hub):
    hub.office("T01", "溪口人民法庭")
    return hub.device("T01", "法庭书记员电脑")


def _op(pc, **changes) -> dict:
    """A valid insert of a case, with `changes` made to it."""
    op = pc.op("case", CASE, "insert", summary="借款纠纷")
    op.update(changes)
    return op


def _push_raw(pc, text: str) -> httpx.Response:
    return httpx.post(f"{pc.hub.url}/v1/push", headers={**pc.headers(), "Content-Type": "application/json"},
                      content=text.encode("utf-8", "surrogatepass"))


def _push(pc, *ops: dict, **envelope) -> httpx.Response:
    body = {"batch_id": "b-1", "ops": list(ops), **envelope}
    # ensure_ascii: a lone surrogate leaves as the escape "\ud800", as a JSON text may carry it
    return _push_raw(pc, json.dumps(body))


def _nothing_stored(hub) -> None:
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Batch)) == 0
        assert s.scalar(select(func.count()).select_from(ChangeEntry).where(ChangeEntry.entity == "case")) == 0


def test_a_good_batch_passes_after_refused_ones(hub, pc):
    _refused(_push(pc, _op(pc, op_seq=2**63)))
    _nothing_stored(hub)
    r = _push(pc, _op(pc))
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"


@pytest.mark.parametrize("cursor", [2**63, 2**64 + 5, -1])
def test_a_pull_cursor_past_64_bits_is_refused(pc, cursor):
    r = httpx.get(f"{pc.hub.url}/v1/pull", headers=pc.headers(), params={"cursor": cursor})
    assert _refused(r).code == "bad_request"


def test_a_pull_tag_with_nul_is_refused(pc):
    r = httpx.get(f"{pc.hub.url}/v1/pull", headers=pc.headers(), params={"cursor": 1, "tag": "ab\x00cd"})
    _refused(r)


def test_a_push_naming_a_cursor_past_64_bits_or_a_tag_with_nul_is_refused(hub, pc):
    _refused(_push(pc, _op(pc), cursor=2**63))
    _refused(_push(pc, _op(pc), cursor=1, cursor_tag="ab\x00cd"))
    _nothing_stored(hub)


def test_the_largest_64_bit_cursor_is_an_empty_page(pc):
    r = httpx.get(f"{pc.hub.url}/v1/pull", headers=pc.headers(), params={"cursor": INT64_MAX})
    assert r.status_code == 200 and r.json()["changes"] == []


@pytest.mark.parametrize("name,value", [
    ("op_seq", 2**63), ("base_rev", 2**63), ("hlc", 2**63), ("hlc", -(2**63) - 1), ("base_rev", 2**70),
])
def test_op_numbers_past_64_bits_are_refused(hub, pc, name, value):
    _refused(_push(pc, _op(pc, **{name: value})))
    _nothing_stored(hub)


def test_acked_before_past_64_bits_is_refused(hub, pc):
    _refused(_push(pc, _op(pc), acked_before=2**63))
    _nothing_stored(hub)


@pytest.mark.parametrize("value", [2**80, -(2**80), [1, 2**64], {"nested": {"deeper": 2**63}}, 1e300])
def test_a_number_in_fields_past_64_bits_is_refused(hub, pc, value):
    _refused(_push(pc, _op(pc, fields={"amount_cents": value})))
    _nothing_stored(hub)


def test_the_largest_64_bit_numbers_pass_the_envelope(pc):
    huge = _op(pc, record_id="01a20000-0000-7000-8000-00000000c002", op_seq=INT64_MAX - 1)
    huge["fields"]["amount_cents"] = INT64_MAX
    r = _push(pc, huge, _op(pc, op_seq=INT64_MAX, base_rev=0, hlc=INT64_MAX))
    results = r.json()["results"]
    # the amount is past what the desk's rules allow: that op alone is refused, with a reason
    assert r.status_code == 200 and [x["status"] for x in results] == ["rejected", "applied"]
    assert r.json()["device_acked"] == INT64_MAX


@pytest.mark.parametrize("where", ["value", "user", "field name", "record id", "nested value", "entity"])
def test_a_lone_surrogate_is_refused(hub, pc, where):
    bad = "坏\ud800字"
    op = {
        "value": _op(pc, fields={"summary": bad}),
        "user": _op(pc, user=bad),
        "field name": _op(pc, fields={bad: "x"}),
        "record id": _op(pc, record_id=bad),
        "nested value": _op(pc, fields={"checklist": [{"item": bad}]}),
        "entity": _op(pc, entity=bad),
    }[where]
    _refused(_push(pc, op))
    _nothing_stored(hub)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(hub, pc, literal):
    text = json.dumps({"batch_id": "b-1", "ops": [_op(pc)], "acked_before": 0}).replace(
        '"acked_before": 0', f'"acked_before": {literal}')
    _refused(_push_raw(pc, text))
    text = json.dumps({"batch_id": "b-1", "ops": [_op(pc, fields={"amount_cents": 0})]}).replace(
        '"amount_cents": 0', f'"amount_cents": {literal}')
    _refused(_push_raw(pc, text))
    _nothing_stored(hub)


@pytest.mark.parametrize("where", ["user", "record_id", "batch_id", "txn_id", "entity", "schema_version",
                                   "field name"])
def test_a_nul_character_in_the_envelope_is_refused(hub, pc, where):
    if where == "batch_id":
        r = _push(pc, _op(pc), batch_id="b\x00-1")
    elif where == "field name":
        r = _push(pc, _op(pc, fields={"sum\x00mary": "x"}))
    else:
        r = _push(pc, _op(pc, **{where: "a\x00b"}))
    _refused(r)
    _nothing_stored(hub)


def _lease(pc, **body) -> httpx.Response:
    return httpx.post(f"{pc.hub.url}/v1/leases", headers=pc.headers(),
                      json={"series": "case", "year": 2026, "count": 10, **body})


def test_a_lease_request_id_with_nul_is_refused(pc):
    _refused(_lease(pc, request_id="req-0001\x00"))


@pytest.mark.parametrize("min_start", [2**31, 2**31 - 5, 2**40])
def test_a_lease_past_the_32_bit_number_column_is_refused(pc, min_start):
    _refused(_lease(pc, min_start=min_start))


def test_the_highest_lease_start_the_column_holds_is_granted(pc):
    r = _lease(pc, min_start=p.MAX_LEASE_NUMBER - 999, count=1000)
    assert r.status_code == 200 and r.json()["grant"]["end"] == p.MAX_LEASE_NUMBER
    # the numbers are used up: a clear answer, not a failed insert
    _refused(_lease(pc, count=1), 409)


@pytest.mark.parametrize("body", [{"min_start": True}, {"count": "10"}, {"year": 2026.5}, {"count": None}])
def test_a_boolean_a_string_or_a_fraction_is_no_number(pc, body):
    _refused(_lease(pc, **body))


def test_a_whole_number_written_with_a_point_is_a_number(pc):
    """JSON has only numbers: 10.0 is 10, as JSON Schema's "integer" says."""
    r = _lease(pc, count=10.0, year=2026.0)
    assert r.status_code == 200 and r.json()["grant"]["end"] == 10


@pytest.mark.parametrize("body", [
    {"code": "ABCD-EFGH\x00", "device_name": "PC"},
    {"code": "ABCD-EFGH-JKLM", "device_name": "P\x00C"},
    {"code": "ABCD-EFGH-JKLM", "device_name": "P\ud800C"},
    {"code": "ABCD-EFGH-JKLM", "device_name": "PC", "attempt_id": "attempt\x00-1"},
    {"code": "ABCD-EFGH-JKLM", "device_name": "PC", "office_code": "T\x0001"},
])
def test_enrollment_text_with_nul_or_a_lone_surrogate_is_refused(hub, body):
    from .conftest import HEADERS

    r = httpx.post(f"{hub.url}/v1/enroll", headers={**HEADERS, "Content-Type": "application/json"},
                   content=json.dumps(body).encode())
    _refused(r)


def test_a_record_fetch_with_nul_is_refused(pc):
    r = httpx.post(f"{pc.hub.url}/v1/records", headers=pc.headers(),
                   json={"records": [{"entity": "case", "record_id": "a\x00b"}]})
    _refused(r)


@pytest.mark.parametrize("text", ["{", "[]", "null", '{"batch_id": "b", "ops": "x"}', "[" * 5000 + "]" * 5000,
                                  "\udcff\udcfe"])
def test_a_body_that_is_no_push_is_one_sentence(pc, text):
    assert _refused(_push_raw(pc, text)).code == "bad_request"


def test_the_default_validation_answer_is_replaced_in_the_schema(hub):
    schema = httpx.get(f"{hub.url}/openapi.json").json()
    answer = schema["paths"]["/v1/push"]["post"]["responses"]["422"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]
