"""Pushes of different offices commit at once on PostgreSQL, in several hub processes, and
still no pull skips a change and no record's changes come out of order (writer.py says how:
seqs from transaction ids, pulls below the oldest transaction still running, one advisory
lock per office and one for the joint cases' families, taken before the transaction's id)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict

import pytest
from sqlalchemy import insert, select, text

from fydesk.hub.apply import Pusher, apply_batch, lock_push
from fydesk.hub.models import ChangeEntry, ChangeScope, HubOffice, Record
from fydesk.hub.models import Device as DeviceRow
from fydesk.hub.store import HubStore
from fydesk.hub.writer import SEQ_BITS
from fydesk.sync import protocol as p

from .conftest import Device, ServedHub


@pytest.fixture
def pg_url(pg_server, hub_pg_template):
    name = pg_server.create_database(template=hub_pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


def _case(device: Device, record_id: str, **fields) -> dict:
    return device.op("case", record_id, "insert", office_id=device.office_id, **fields)


def _joint_case(lead: Device, joint_id: str, others: list[str]) -> None:
    ops = [lead.op("joint_case", joint_id, "insert", title="联合调处", lead_office_id=lead.office_id)]
    ops += [lead.op("joint_office", str(uuid.uuid4()), "insert", joint_case_id=joint_id, office_id=o) for o in others]
    assert {r.status for r in lead.results(*ops)} == {"applied"}


def _handoff(device: Device, joint_id: str, to: str) -> dict:
    return device.op("handoff", str(uuid.uuid4()), "insert", joint_case_id=joint_id, from_office_id=device.office_id,
                     to_office_id=to)


def test_a_pull_stops_below_a_push_still_running_and_takes_it_once_committed(pg_url):
    """A's push holds its transaction open (its changes logged, not committed) while B's push
    on the joint case they share commits after it. A second PC of A pulling then must get
    neither, so far, and both, in seq order, once A's commits; a pull that passed B's change
    would have skipped A's for ever."""
    store = HubStore(pg_url)
    hub = ServedHub(store).start()
    try:
        a, b = hub.office("A01", "第A01单位", "司法所"), hub.office("B01", "第B01单位", "司法所")
        pusher_a, reader_a, pusher_b = hub.device("A01", "PC-A"), hub.device("A01", "PC-A2"), hub.device("B01")
        _joint_case(pusher_a, "joint-1", [b])
        assert reader_a.pull()  # up to now

        held = store.session()
        s = held.__enter__()
        lock_push(s, a, joint=False)
        request = p.PushRequest.model_validate({"batch_id": "held", "ops": [_case(pusher_a, "case-held")]})
        answer = apply_batch(s, Pusher(s.get(DeviceRow, pusher_a.id), s.get(HubOffice, a)), request)
        assert [r.status for r in answer.results] == ["applied"]
        held_seq = answer.results[0].rev

        handoff = _handoff(pusher_b, "joint-1", a)
        committed = pusher_b.results(handoff)
        assert [r.status for r in committed] == ["applied"] and committed[0].rev > held_seq
        assert reader_a.pull() == []  # B's change is committed, but a push below it still runs

        held.__exit__(None, None, None)  # A's push commits
        after = reader_a.pull()
        assert [(c.record_id, c.seq) for c in after] == [("case-held", held_seq),
                                                          (handoff["record_id"], committed[0].rev)]
    finally:
        hub.stop()
        store.close()


def test_a_record_id_two_offices_make_at_once_stays_the_first_ones(pg_url):
    """Office B pushes a new record under an id office A's push, still running, makes too. The
    two hold different locks, so B's write waits on the table's key, then fails, and its push
    runs again, meeting A's record: refused, and A's record is as A made it (an upsert
    would have written B's values over it)."""
    store = HubStore(pg_url)
    hub = ServedHub(store).start()
    try:
        a, _ = hub.office("A01", "第A01单位", "司法所"), hub.office("B01", "第B01单位", "司法所")
        pusher_a, pusher_b = hub.device("A01", "PC-A"), hub.device("B01", "PC-B")
        held = store.session()
        s = held.__enter__()
        lock_push(s, a, joint=False)
        request = p.PushRequest.model_validate({"batch_id": "held", "ops": [_case(pusher_a, "same-id", summary="甲")]})
        apply_batch(s, Pusher(s.get(DeviceRow, pusher_a.id), s.get(HubOffice, a)), request)
        answers = []
        racing = threading.Thread(target=lambda: answers.append(
            pusher_b.results(_case(pusher_b, "same-id", summary="乙"))))
        racing.start()
        time.sleep(1.0)  # B's push is waiting on A's transaction
        assert racing.is_alive()
        held.__exit__(None, None, None)
        racing.join(30)
        assert [(r.status, r.code) for r in answers[0]] == [("rejected", "forbidden")]
        with store.session() as s:
            record = s.get(Record, "same-id")
            assert (record.owner_office_id, record.data["summary"]) == (a, "甲")
    finally:
        hub.stop()
        store.close()


OFFICES, ROUNDS, CASES = 4, 8, 30


def test_many_pushers_in_two_hub_processes_lose_no_change_and_keep_each_records_order(pg_url):
    """Four offices, each with a PC on each of two hub processes, push at once: batches of new
    cases with an edit of the case both PCs edit, and single handoffs on a joint case every
    office shares (so every office's pull crosses the others' transactions). Meanwhile a third PC of each office pulls
    without pause. Every PC's pull gets each change of its office's exactly once, in seq
    order; and replaying each record's logged changes in seq order gives the record the hub
    holds (a later writer of a record never got the lower seq)."""
    store = HubStore(pg_url)
    hubs = [ServedHub(store).start(), ServedHub(store).start()]
    try:
        codes = [f"C{i:02d}" for i in range(OFFICES)]
        ids = [hubs[0].office(c, f"第{c}单位", "司法所") for c in codes]
        pushers = [[hubs[k].device(c, f"PC{k}") for k in range(2)] for c in codes]
        readers = [hubs[i % 2].device(c, "reader") for i, c in enumerate(codes)]
        _joint_case(pushers[0][0], "joint-all", ids[1:])
        for i, pair in enumerate(pushers):  # the case both PCs of the office edit
            assert [r.status for r in pair[0].results(_case(pair[0], f"shared-{i}"))] == ["applied"]

        failures: list[str] = []
        done = threading.Event()
        pulled: dict[int, list[int]] = defaultdict(list)

        def push(i: int, k: int) -> None:
            device = pushers[i][k]
            try:
                for n in range(ROUNDS):
                    # Long and short transactions mixed, under different locks: a short one
                    # (a handoff: the joint cases' lock) commits past a long one (cases: the office's).
                    if (n + i + k) % 2:
                        ops = [_case(device, f"c-{i}-{k}-{n}-{m}") for m in range(CASES)]
                        ops.append(device.op("case", f"shared-{i}", summary=f"PC{k} 第{n}次修改"))
                    else:
                        ops = [_handoff(device, "joint-all", ids[(i + 1) % OFFICES])]
                    r = device.push(*ops)
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:300]}")
                        return
                    bad = [x for x in p.PushResponse.model_validate(r.json()).results if x.status == "rejected"]
                    if bad:
                        failures.append(str(bad[:2]))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(repr(exc))

        def read(i: int) -> None:
            try:
                while not done.is_set():
                    pulled[i] += [c.seq for c in readers[i].pull()]
                    time.sleep(0.002)
                pulled[i] += [c.seq for c in readers[i].pull()]
            except Exception as exc:  # noqa: BLE001
                failures.append(repr(exc))

        pushing = [threading.Thread(target=push, args=(i, k)) for i in range(OFFICES) for k in range(2)]
        reading = [threading.Thread(target=read, args=(i,)) for i in range(OFFICES)]
        for t in reading + pushing:
            t.start()
        for t in pushing:
            t.join(120)
        done.set()
        for t in reading:
            t.join(60)
        assert not failures, failures[:3]

        with store.session() as s:
            for i, office in enumerate(ids):
                before = pulled[i]
                held = sorted(s.scalars(select(ChangeScope.seq).where(ChangeScope.office_id.in_((office, "*")))))
                # Each reader started after the set-up: what it pulled is the tail of its office's log.
                assert before == sorted(set(before)), "pulled out of order or twice"
                assert before == held[len(held) - len(before):], f"office {i}: a change was skipped"
                assert len(before) >= ROUNDS * (CASES + 1)
            entries = defaultdict(list)
            for e in s.execute(select(ChangeEntry.record_id, ChangeEntry.seq, ChangeEntry.fields)
                               .order_by(ChangeEntry.seq)):
                entries[e.record_id].append(e)
            for rec in s.scalars(select(Record).where(Record.entity.in_(("case", "joint_case")))):
                replayed: dict = {}
                for e in entries[rec.record_id]:
                    replayed.update(e.fields)
                assert replayed == rec.data, rec.record_id
                if rec.entity == "case":  # (a joint case shown to a newcomer keeps its rev)
                    assert rec.rev == entries[rec.record_id][-1].seq
    finally:
        for hub in hubs:
            hub.stop()
        store.close()


def test_a_log_copied_into_a_fresh_cluster_still_numbers_on_above_its_seqs(pg_url):
    """A log restored by pg_dump into a new server holds seqs made from that server's higher
    transaction ids. A hub starting on it raises its clock's shift, so that the next push's
    seqs come after them and a PC standing at the last of them pulls the new change."""
    store = HubStore(pg_url)
    hub = ServedHub(store).start()
    try:
        hub.office("A01", "第A01单位", "司法所")
        pusher, reader = hub.device("A01", "PC-A"), hub.device("A01", "PC-B")
        reader.pull()
        with store.session() as s:  # a change as the old server numbered it, far ahead of this one
            far = (s.scalar(text("SELECT pg_current_xact_id()::text::bigint")) + 5_000) << SEQ_BITS
            entry = s.execute(select(ChangeEntry).order_by(ChangeEntry.seq.desc()).limit(1)).scalar_one()
            s.execute(insert(ChangeEntry.__table__).values(
                seq=far, entity=entry.entity, record_id=entry.record_id, owner_office_id=entry.owner_office_id,
                op="update", fields={}, deleted=False, needs_coordination=False, conflicts=[], author="旧平台",
                device_id=None, at=entry.at, tag="0" * 16))
            s.execute(insert(ChangeScope.__table__).values(office_id="*", seq=far))
            s.execute(text("DELETE FROM log_clock"))  # lost in the copy as well: made again at start
    finally:
        hub.stop()
    store.close()

    store = HubStore(pg_url)  # the hub starting again on the restored log, where the PCs know it
    hub = ServedHub(store, port=hub.port).start()
    try:
        assert [c.seq for c in reader.pull()] == [far]
        rev = pusher.results(_case(pusher, "after-restore"))[0].rev
        assert rev > far
        assert [(c.record_id, c.seq) for c in reader.pull()] == [("after-restore", rev)]
    finally:
        hub.stop()
        store.close()
