"""The outbox's op numbers: the hub counts a device's ops by them, so they never go back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from fydesk.models import OutboxOp, SentBatch, SentOp
from fydesk.services import records
from fydesk.sync import outbox
from fydesk.sync import protocol as p


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
