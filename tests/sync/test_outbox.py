"""The outbox's op numbers: the hub counts a device's ops by them, so they never go back."""

from __future__ import annotations

import functools
import gc
import json
from datetime import datetime
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import String, event, func, select, type_coerce

from fydesk.models import OutboxOp, SentBatch, SentOp
from fydesk.services import records
from fydesk.sync import engine, outbox
from fydesk.sync import protocol as p
from fydesk.sync.client import HubClient, _encoded


def _staff(store, actor, name):
    with store.write() as s:
        records.create(s, actor, "staff", {"office_id": actor.office_id, "name": name, "role": "专职调解员"})


def _ack_all(store) -> p.PushResponse:
    with store.write() as s:
        request = outbox.next_batch(s)
        response = p.PushResponse(batch_id=request.batch_id, hub_time=datetime(2026, 11, 20),
                                  results=[p.OpResult(op_seq=op.op_seq, status="applied", rev=100 + i)
                                           for i, op in enumerate(request.ops)])
        outbox.settle(s, response)
    return response


def test_op_numbers_keep_rising_after_the_outbox_empties(office_store, actor):
    _staff(office_store, actor, "王强")
    sent = _ack_all(office_store)
    with office_store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == 0
    _staff(office_store, actor, "赵敏")
    with office_store.read() as s:
        [next_op] = s.scalars(select(OutboxOp.op_seq)).all()
    assert next_op > max(r.op_seq for r in sent.results)


def test_acknowledged_ops_are_kept_and_go_back_when_the_hub_lost_them(office_store, actor):
    first = _ack_all(office_store)  # the set-up's own ops
    _staff(office_store, actor, "王强")
    second = _ack_all(office_store)
    kept_before = max(r.op_seq for r in first.results)
    with office_store.write() as s:
        assert outbox.acked_op_seq(s) == max(r.op_seq for r in second.results)
        assert outbox.requeue_lost(s, outbox.acked_op_seq(s)) is None  # nothing lost
        back = outbox.requeue_lost(s, kept_before)
        assert back is not None and back.ops == len(second.results)
        assert back.known_rev == max(r.rev for r in first.results)
        requeued = s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq)).all()
        assert [o.op_seq for o in requeued] == [r.op_seq for r in second.results]
        assert all(o.base_rev <= back.known_rev and o.batch_id is None for o in requeued)
        assert s.scalar(select(func.count()).select_from(SentOp).where(SentOp.op_seq > kept_before)) == 0
        assert s.scalar(select(func.max(SentBatch.max_op_seq))) == kept_before


def test_transactions_stay_whole_unless_one_alone_is_larger_than_a_batch(office_store, actor):
    _ack_all(office_store)
    with office_store.write() as s:  # one transaction of seven ops, like an import
        for i in range(7):
            records.create(s, actor, "staff", {"office_id": actor.office_id, "name": f"调解员{i}", "role": "专职调解员"})
    _staff(office_store, actor, "王强")
    _staff(office_store, actor, "赵敏")
    sizes = []
    while True:
        with office_store.write() as s:
            request = outbox.next_batch(s, max_ops=3)
            if request is None:
                break
            sizes.append(len(request.ops))
            outbox.settle(s, p.PushResponse(batch_id=request.batch_id, hub_time=datetime(2026, 11, 20),
                                            results=[p.OpResult(op_seq=o.op_seq, status="applied", rev=1)
                                                     for o in request.ops]))
    assert sizes == [3, 3, 3]  # the big one in parts, its last op with the two small ones


# --- the batch as it goes over the wire ------------------------------------------------------

def _raw_op(store, fields_json: str, record_id: str = "r-odd") -> None:
    """An op whose stored fields are exactly this JSON text (as the JSON type stores it)."""
    with store.write() as s:
        s.execute(OutboxOp.__table__.insert().values(
            txn_id="t-odd", entity="case", record_id=record_id, op="update", fields=None, base_rev=3,
            hlc=7, user="书记员甲", schema_version="0001"))
        s.execute(OutboxOp.__table__.update().where(OutboxOp.record_id == record_id)
                  .values(fields=type_coerce(fields_json, String)))


def test_a_batch_goes_as_the_same_json_pydantic_would_write_and_again_under_its_id(office_store, actor):
    _ack_all(office_store)
    _staff(office_store, actor, "王强")
    _raw_op(office_store, json.dumps({"summary": "甲乙\n\"借款\"纠纷", "amount_cents": 2**63 - 1, "rate": 0.1,
                                      "tiny": 1e-07, "checklist": [{"item": "身份证", "done": True}],
                                      "none": None}))
    with office_store.write() as s:
        request = outbox.next_batch(s)
        request.acked_before, request.cursor, request.cursor_tag = 5, 9, "tag-9"
        again = outbox.next_batch(s)  # the batch in flight, read again: same id, same ops
    assert again.batch_id == request.batch_id and again.ops == request.ops
    sent = json.loads(_encoded(request))
    assert sent == json.loads(request.model_dump_json())
    assert sent["cursor_tag"] == "tag-9" and sent["ops"][-1]["fields"]["tiny"] == 1e-07
    request.ops = request.ops[:1]  # ops replaced after reading are serialised afresh
    assert json.loads(_encoded(request)) == json.loads(request.model_dump_json())


@pytest.mark.parametrize("stored", ['{"amount_cents": 18446744073709551616}', '{"amount_cents": -9223372036854775809}',
                                    '{"rate": NaN}', '{"rate": [1, {"deep": Infinity}]}'])
def test_a_stored_value_the_protocol_refuses_stops_the_batch_as_before(office_store, actor, stored):
    """orjson reads these otherwise than json.loads (a float, or not at all): they are read
    by the standard parser, and the op's check refuses them as it always did."""
    _ack_all(office_store)
    _raw_op(office_store, stored)
    with office_store.write() as s, pytest.raises(ValidationError):
        outbox.next_batch(s)


def test_fields_are_read_as_the_json_type_reads_them():
    for text in ['{"a": 1.5, "b": [1, 2.0, {"c": 3}]}', '{"a": 12345678901234567890}', '{"s": "\\ud800x"}',
                 '{"n": null, "t": true, "u": "\\u738b"}', '[1, 2]', '3.5']:
        value, _sound = outbox._read(text)
        assert value == json.loads(text) and type(value) is type(json.loads(text))
    assert type(outbox._read('{"a": 12345678901234567890}')[0]["a"]) is int


def test_the_batch_in_flight_is_looked_for_through_the_batch_index(office_store, actor):
    """Not by walking the whole outbox in op_seq order: that took 2 ms a batch at 10,000 ops."""
    for i in range(3):
        _staff(office_store, actor, f"调解员{i}")
    seen: list[tuple[str, tuple]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(office_store.engine, "before_cursor_execute", record)
    try:
        with office_store.write() as s:
            assert outbox.next_batch(s) is not None
    finally:
        event.remove(office_store.engine, "before_cursor_execute", record)
    [(statement, parameters)] = [(q, v) for q, v in seen if "batch_id IS NOT NULL" in q]
    with office_store.read() as s:
        plan = " ".join(row[-1] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                          parameters))
    assert "USING COVERING INDEX ix_outbox_batch_id" in plan, plan


# --- the check of a batch before it leaves ----------------------------------------------------

def _deep(levels: int) -> str:
    return json.dumps({"checklist": functools.reduce(lambda inner, _: [inner], range(levels - 1), [1])})


_STORED = [
    '{"amount_cents": 9223372036854775807, "floor": -9223372036854775808, "ok": true, "none": null}',
    '{"amount_cents": 9223372036854775808}',  # an integer orjson reads, past int64
    '{"amount_cents": 18446744073709551616}', '{"rate": 0.5, "n": 1.0}', '{"rate": NaN}',
    '{"summary": "\\u738b\\u67d0 \\"\\u501f\\u6b3e\\"", "checklist": [{"item": "\\u8eab\\u4efd\\u8bc1", "done": false}]}',
    '{"s": "\\ud800x"}', '{"": 1}', '{"a\\u0000": 1}', json.dumps({f"f{i}": i for i in range(p.MAX_OP_FIELDS + 1)}),
    json.dumps({"x" * (p.MAX_FIELD_NAME + 1): 1}), _deep(p.MAX_VALUE_DEPTH), _deep(p.MAX_VALUE_DEPTH + 1),
    '[1, 2]', '{"nested": {"a": [1, {"b": {"c": 9223372036854775808}}]}}', "{}",
]


@pytest.mark.parametrize("stored", _STORED)
def test_a_batch_is_checked_as_the_protocol_checks_it_value_for_value(office_store, actor, stored):
    """The values orjson alone reads are not checked one by one again: the batch, or the error
    that stops it, is exactly what the whole check of the JSON type's reading gives."""
    _ack_all(office_store)
    _raw_op(office_store, stored)
    with office_store.read() as s:
        [row] = s.execute(select(*outbox._WIRE)).all()
    op = dict(zip(outbox._NAMES, row))
    op["fields"] = json.loads(op["fields"])
    try:
        with office_store.write() as s:
            request = outbox.next_batch(s)
    except ValidationError as exc:
        with pytest.raises(ValidationError) as whole:
            outbox.Batch.model_validate({"batch_id": "b", "ops": [op]})
        assert exc.errors(include_context=False) == whole.value.errors(include_context=False)
        assert str(exc) == str(whole.value)
    else:
        whole = outbox.Batch.model_validate({"batch_id": request.batch_id, "ops": [op]})
        assert request.model_dump() == whole.model_dump()
        assert _encoded(request) == whole.model_dump_json().encode() or \
            json.loads(_encoded(request)) == json.loads(whole.model_dump_json())


def _said(info) -> tuple:
    return info.annotation, info.metadata, info.default, info.is_required()


def test_the_lighter_check_of_sound_fields_is_the_protocols_but_for_the_values():
    """Every other part of an op and a batch is checked as p.Op and p.PushRequest say."""
    lighter, whole = outbox._SoundOp.model_fields, p.Op.model_fields
    assert lighter.keys() == whole.keys()
    assert whole["fields"].annotation == dict[p.FieldName, p.FieldValue]
    assert lighter["fields"].annotation == dict[p.FieldName, Any]
    assert lighter["fields"].metadata == whole["fields"].metadata
    assert all(_said(lighter[name]) == _said(whole[name]) for name in whole if name != "fields")
    assert outbox._SoundOp.model_config == p.Op.model_config
    lighter, whole = outbox._SoundBatch.model_fields, p.PushRequest.model_fields
    assert lighter.keys() == whole.keys() and lighter["ops"].metadata == whole["ops"].metadata
    assert all(_said(lighter[name]) == _said(whole[name]) for name in whole if name != "ops")
    assert outbox._SoundBatch.model_config == p.PushRequest.model_config


def test_the_garbage_collector_rests_while_a_batch_is_pushed_and_is_left_as_it_was(office_store, actor):
    seen = []

    def hub(request: httpx.Request) -> httpx.Response:
        seen.append(gc.isenabled())
        body = json.loads(request.content)
        return httpx.Response(200, json={"batch_id": body["batch_id"], "hub_time": "2026-11-20T09:00:00Z",
                                          "results": [{"op_seq": op["op_seq"], "status": "applied", "rev": 1}
                                                      for op in body["ops"]]})

    client = HubClient("http://hub.test", token="t", transport=httpx.MockTransport(hub))
    summary = engine.SyncSummary()
    assert gc.isenabled()
    engine._push_all(office_store, client, summary, lambda: datetime(2026, 11, 20, 9))
    assert summary.pushed > 0 and seen and not any(seen) and gc.isenabled()
    before = len(seen)
    _staff(office_store, actor, "王强")
    gc.disable()  # turned off elsewhere in the program: stays off
    try:
        engine._push_all(office_store, client, summary, lambda: datetime(2026, 11, 20, 9))
        assert len(seen) > before and not any(seen) and not gc.isenabled()
    finally:
        gc.enable()
