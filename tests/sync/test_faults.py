"""Sync under faults, through real HTTP (issue 3, item 4).

A real hub (uvicorn on 127.0.0.1, tests/hub/conftest.py) and desk PCs with data dirs of their
own, enrolled through `fydesk enroll`; every byte between them passes through
tests/sync/faultproxy.py, which breaks the link exactly where a test asks. Each test checks
the one promise of DESIGN §4 that its fault threatens, against the hub's own store: nothing
lost, nothing applied twice, the outbox and the pull cursor consistent with what the hub holds.

Tests whose subject is the hub's handling (retries, replays, interleaving, commit order) run
on SQLite and PostgreSQL (`hub_url`, tests/pgserver.py); the others, whose subject is the PC,
on SQLite only, to keep the file fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import keyring
import pytest
from sqlalchemy import func, select

from fydesk.cli import main
from fydesk.domain.hlc import hlc_ms
from fydesk.hub.admin import revoke_device
from fydesk.hub.models import (
    Batch,
    ChangeEntry,
    ChangeScope,
    Device,
    History,
    Lease,
    Record,
)
from fydesk.hub.store import HubStore
from fydesk.models import NumberLease, OutboxOp, new_id, utcnow
from fydesk.services import journal, records
from fydesk.services.context import load_actor
from fydesk.services.entities import ENTITIES
from fydesk.store.open import open_store
from fydesk.sync import engine, inbound, leases, outbox
from fydesk.sync import protocol as p
from fydesk.sync.client import HubClient, HubError, RetryPolicy
from fydesk.sync.credentials import CredentialStore

from ..hub.conftest import LiveHub
from .faultproxy import FaultProxy
from .filekeyring import ENV as KEYRING_FILE_ENV
from .filekeyring import FileKeyring

HERE = Path(__file__).resolve().parent
# Retries without waiting: the backoff itself is not under test here, the outcome is.
NO_WAIT = RetryPolicy(attempts=4, base=0.0, cap=0.0)


# --- fixtures ------------------------------------------------------------------------------

def start_hub(url: str) -> LiveHub:
    hub = LiveHub(HubStore(url)).start()
    return hub


def stop_hub(hub: LiveHub) -> None:
    hub.stop()
    hub.store.close()


def with_offices(hub: LiveHub) -> LiveHub:
    hub.office("T01", "溪口人民法庭", "人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    return hub


@pytest.fixture
def hub(hub_url):
    """A live hub on SQLite and, in a second run, on PostgreSQL."""
    live = with_offices(start_hub(hub_url))
    yield live
    stop_hub(live)


@pytest.fixture
def sqlite_hub(tmp_path):
    live = with_offices(start_hub(f"sqlite:///{tmp_path / 'hub.db'}"))
    yield live
    stop_hub(live)


@pytest.fixture
def proxies():
    """Fault proxies in front of hubs; each is stopped (threads joined) at the end."""
    made: list[FaultProxy] = []

    def make(hub: LiveHub) -> FaultProxy:
        proxy = FaultProxy(hub.port).start()
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.stop()
    assert not [e for proxy in made for e in proxy.errors], "a fault's `then` or the proxy failed"


@pytest.fixture
def ring(tmp_path):
    """Tokens in a test-only file keyring, so a `fydesk` subprocess can read them too."""
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_backoff(monkeypatch):
    """`fydesk sync` run in-process retries at once instead of sleeping 1 s, 2 s, 4 s …"""
    monkeypatch.setattr(RetryPolicy, "delay", lambda self, attempt, rng: 0.0)


class PC:
    """One desk PC: a data dir of its own, enrolled with `fydesk enroll`, driven by `fydesk`."""

    def __init__(self, root: Path, capsys) -> None:
        self.root = root
        self.capsys = capsys
        self.device_id = ""
        self._store = None

    def cli(self, *argv: str) -> tuple[int, str, str]:
        self.close()  # the command opens the database itself
        code = main(["--data-dir", str(self.root), *argv])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *argv: str):
        code, out, err = self.cli(*argv, "--json")
        assert code == 0, err
        return json.loads(out)

    def enroll(self, hub: LiveHub, url: str, office: str = "T01", name: str = "PC") -> PC:
        answer = self.json("enroll", "--hub", url, "--code", hub.code(office), "--device-name", name)
        self.device_id = answer["device_id"]
        return self

    @property
    def store(self):
        if self._store is None:
            self._store = open_store(self.root, daily_backup=False)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def create(self, n: int, *, per_txn: int = 1, prefix: str = "企业") -> list[str]:
        """`n` enterprises, `per_txn` to a local transaction; their ids."""
        ids: list[str] = []
        while len(ids) < n:
            with self.store.write() as s:
                actor = load_actor(s, "书记员")
                for _ in range(min(per_txn, n - len(ids))):
                    ids.append(records.create(s, actor, "enterprise",
                                              {"name": f"{prefix}{len(ids) + 1}有限公司"}).id)
        return ids

    def edit(self, entity: str, record_id: str, **fields) -> None:
        with self.store.write() as s:
            records.update(s, load_actor(s, "书记员"), entity, record_id, fields)

    def get(self, entity: str, record_id: str):
        with self.store.read() as s:
            return s.get(ENTITIES[entity].model, record_id)

    def outbox(self) -> list[tuple[int, str, str, str, str, str | None]]:
        """(op_seq, txn, op, record id, fields as JSON, batch id) of every pending op."""
        with self.store.read() as s:
            return [(r.op_seq, r.txn_id, r.op, r.record_id, json.dumps(r.fields, sort_keys=True), r.batch_id)
                    for r in s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq))]

    def cursor(self) -> int:
        with self.store.read() as s:
            return inbound.cursor(s)

    def client(self, **kw) -> HubClient:
        kw.setdefault("retry", NO_WAIT)
        return engine.connect(self.store, CredentialStore(self.root / "credentials"), **kw)


@pytest.fixture
def pcs(tmp_path, capsys, ring):
    made: list[PC] = []

    def make(name: str) -> PC:
        pc = PC(tmp_path / name, capsys)
        made.append(pc)
        return pc

    yield make
    for pc in made:
        pc.close()


# --- what the hub holds --------------------------------------------------------------------

def hub_log(hub: LiveHub, device_id: str) -> list[tuple[int, str, str, dict]]:
    """(seq, op, record id, fields) of every change-log entry a device caused."""
    with hub.store.session() as s:
        return [(e.seq, e.op, e.record_id, e.fields) for e in s.scalars(
            select(ChangeEntry).where(ChangeEntry.device_id == device_id).order_by(ChangeEntry.seq))]


def hub_inserts(hub: LiveHub, device_id: str) -> Counter:
    return Counter(rid for _, op, rid, _ in hub_log(hub, device_id) if op == "insert")


def hub_batches(hub: LiveHub, device_id: str) -> set[str]:
    with hub.store.session() as s:
        return set(s.scalars(select(Batch.batch_id).where(Batch.device_id == device_id)))


def hub_data(hub: LiveHub, record_id: str) -> dict | None:
    with hub.store.session() as s:
        row = s.get(Record, record_id)
        return None if row is None else dict(row.data)


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def one_sentence(err: str) -> bool:
    """The CLI's error: one line, `错误：` and one Chinese sentence ending in 。"""
    text = err.strip()
    return "\n" not in text and text.startswith("错误：") and text.endswith("。") and text.count("。") == 1


def require(condition: bool, what: str) -> None:
    """A precondition of the scenario (pytest.fail, so it cannot pass for the expected xfail)."""
    if not condition:
        pytest.fail(f"scenario broken: {what}")


# --- the answer is lost after the hub committed --------------------------------------------

@pytest.mark.parametrize("heard", ["nothing", "half the answer"])
def test_answer_lost_after_the_hub_committed_the_retry_gets_the_stored_answer(hub, proxies, pcs, heard):
    proxy = proxies(hub)
    pc = pcs("pc").enroll(hub, proxy.url)
    ids = pc.create(3)
    pc.edit("enterprise", ids[0], address="溪口镇一号")
    fault = proxy.drop_response(send_head=heard != "nothing")

    committed_before_retry: list[bool] = []

    def before_retry(_delay: float) -> None:
        # The client saw the line die and is about to resend: the hub must already hold the
        # batch it never heard about (the commit may trail the reply by a hair: wait a little).
        committed_before_retry.append(wait_for(lambda: len(hub_batches(hub, pc.device_id)) == 1))

    answers: list[p.PushResponse] = []
    with pc.client(sleep=before_retry) as client:
        real_push = client.push
        client.push = lambda request: answers.append(real_push(request)) or answers[-1]
        summary = engine.sync(pc.store, client)

    assert fault.fired == 1 and committed_before_retry == [True]
    assert [s.fault for s in proxy.requests("POST", "/v1/push")] == ["drop_response", None]
    [answer] = answers
    assert answer.replayed and [r.status for r in answer.results] == ["applied"] * 4
    assert (summary.pushed, summary.pending) == (4, 0) and pc.outbox() == []
    # Exactly once: one insert per record, the one edit once, one stored batch.
    log = hub_log(hub, pc.device_id)
    assert Counter((op, rid) for _, op, rid, _ in log) == Counter(
        [("insert", i) for i in ids] + [("update", ids[0])])
    assert len(hub_batches(hub, pc.device_id)) == 1


# --- dropped part-way through the request body ---------------------------------------------

def test_dropped_mid_body_commits_nothing_and_the_retry_succeeds(hub, proxies, pcs):
    proxy = proxies(hub)
    pc = pcs("pc").enroll(hub, proxy.url)
    ids = pc.create(40, per_txn=10)
    fault = proxy.drop_mid_body(after_bytes=3000)  # the batch is ~20 kB: well inside it

    hub_before_retry: list[tuple[int, int]] = []

    def before_retry(_delay: float) -> None:
        hub_before_retry.append((len(hub_batches(hub, pc.device_id)), len(hub_log(hub, pc.device_id))))

    with pc.client(sleep=before_retry) as client:
        summary = engine.sync(pc.store, client)

    assert fault.fired == 1
    assert hub_before_retry == [(0, 0)]  # half a body committed nothing
    assert (summary.pushed, summary.pending) == (40, 0)
    assert hub_inserts(hub, pc.device_id) == Counter(ids)
    assert len(hub_batches(hub, pc.device_id)) == 1


# --- the hub must not answer before it has committed ---------------------------------------

def test_a_batch_is_acknowledged_only_once_the_hub_has_committed_it(hub, proxies, pcs):
    """If the hub sent its answer before its commit, a commit that then failed (disk full, a
    lost connection to PostgreSQL, the process killed) would leave the PC believing the hub
    had ops it never stored: the PC deletes them from its outbox and they are lost for good."""
    proxy = proxies(hub)
    pc = pcs("pc").enroll(hub, proxy.url)
    ids = pc.create(3)
    real_session = hub.store.session
    failed: list[str] = []

    @contextlib.contextmanager
    def commit_fails_once():
        with real_session() as s:
            yield s
            batches = s.scalars(select(Batch.batch_id)).all() if not failed else []
            if batches:
                failed.append(batches[0])
                raise RuntimeError("simulated commit failure")  # rolls the whole batch back

    hub.store.session = commit_fails_once
    try:
        with pc.client() as client:
            summary = engine.sync(pc.store, client)
    finally:
        hub.store.session = real_session

    assert len(failed) == 1 and len(proxy.requests("POST", "/v1/push")) == 2
    assert summary.pushed == 3 and pc.outbox() == []
    assert hub_inserts(hub, pc.device_id) == Counter(ids)
    assert hub_batches(hub, pc.device_id) == {failed[0]}  # the retry applied it, once


# --- the link is down -----------------------------------------------------------------------

def test_link_down_fails_with_one_sentence_keeps_the_outbox_and_the_next_sync_sends_all(
        sqlite_hub, proxies, pcs, no_backoff):
    proxy = proxies(sqlite_hub)
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    ids = pc.create(6, per_txn=2)
    before = pc.outbox()
    proxy.link_down()

    code, out, err = pc.cli("sync")
    assert code != 0 and out == ""
    assert one_sentence(err) and "无法连接市级平台" in err, err
    after = pc.outbox()
    # Intact: the same ops, fields and order; only the batch id, written before sending.
    assert [row[:5] for row in after] == [row[:5] for row in before]
    [batch_id] = {row[5] for row in after}
    assert batch_id is not None
    status = pc.json("sync", "status")
    assert status["pending"] == 6 and status["last_error"]["code"] == "unreachable"
    assert hub_log(sqlite_hub, pc.device_id) == []

    proxy.link_up()
    summary = pc.json("sync")
    assert (summary["pushed"], summary["pending"]) == (6, 0)
    assert hub_inserts(sqlite_hub, pc.device_id) == Counter(ids)
    assert hub_batches(sqlite_hub, pc.device_id) == {batch_id}  # the very batch that could not go


# --- replayed and reordered batches (the hub's side) ----------------------------------------

def test_replayed_and_interleaved_batches_of_two_devices_apply_once(hub):
    a, b = hub.device("T01", "法庭PC"), hub.device("S01", "司法所PC")
    joint, link = new_id(), new_id()

    def send(dev, batch_id, *ops):
        r = dev.push(*ops, batch_id=batch_id)
        assert r.status_code == 200, r.text
        return p.PushResponse.model_validate(r.json())

    sent = {}  # batch id -> (device, ops, first answer)

    def batch(dev, batch_id, *ops):
        sent[batch_id] = (dev, ops, send(dev, batch_id, *ops))
        return sent[batch_id][2]

    a1 = batch(a, "a1", a.op("joint_case", joint, "insert", title="征地补偿", summary="初稿",
                             lead_office_id=a.office_id, status="办理中"),
               a.op("joint_office", link, "insert", joint_case_id=joint, office_id=b.office_id))
    rev = a1.results[0].rev
    b1 = batch(b, "b1", b.op("joint_case", joint, base_rev=rev, summary="司法所补充"))
    a2 = batch(a, "a2", a.op("joint_case", joint, base_rev=rev, title="征地补偿款纠纷"))
    # b2 was made before B saw a2: a concurrent edit of an ordinary field, the later arrival wins.
    b2 = batch(b, "b2", b.op("joint_case", joint, base_rev=b1.results[0].rev, title="征地补偿（司法所）"))
    # a2 and b2 each meet a change the other office made since their base: clean merges.
    assert [r.status for r in a1.results + b1.results + a2.results + b2.results] == [
        "applied", "applied", "applied", "merged", "merged"]
    state = hub_data(hub, joint)
    with hub.store.session() as s:
        log_size = s.scalar(select(func.count()).select_from(ChangeEntry))

    # Every batch again, oldest last, as a retry after a lost answer would send them.
    for batch_id in ["b2", "a2", "b1", "a1"]:
        dev, ops, first = sent[batch_id]
        again = send(dev, batch_id, *ops)
        assert again.replayed and again.results == first.results
    # Nothing applied twice, nothing older won over newer: the replay of a2 left b2's title.
    assert hub_data(hub, joint) == state and state["title"] == "征地补偿（司法所）"
    assert state["summary"] == "司法所补充"
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeEntry)) == log_size
        [overwritten] = s.scalars(select(History).where(History.record_id == joint)).all()
        assert overwritten.old_value == "征地补偿款纠纷"

    # A batch id is the device's own: B reusing A's id is a new batch, not A's stored answer.
    c = send(b, "a1", b.op("joint_case", joint, base_rev=b2.results[0].rev, summary="再补充"))
    assert not c.replayed and c.results[0].op_seq == b.seq and c.results[0].status == "applied"

    # Both offices pull the one history, each change once, in sequence order.
    for dev in (a, b):
        changes = dev.pull()
        seqs = [ch.seq for ch in changes]
        assert seqs == sorted(set(seqs))
        assert dev.pull() == []


def test_concurrent_duplicate_batches_of_two_devices_apply_once(hub):
    """Two devices push at once, and every batch is sent twice at the same moment (a retry
    racing the original): each op lands once, and a puller misses nothing."""
    a, b = hub.device("T01", "法庭PC"), hub.device("T01", "法庭PC2")
    plans = {dev.id: [(f"{dev.id[-6:]}-{k}", [dev.op("enterprise", new_id(), "insert", name=f"企业{k}.{i}")
                                             for i in range(15)]) for k in range(4)] for dev in (a, b)}
    errors: list[BaseException] = []
    answers: dict[tuple[str, str], list] = {}
    lock = threading.Lock()

    def pusher(dev, batch_id, ops):
        try:
            r = dev.push(*ops, batch_id=batch_id)
            with lock:
                answers.setdefault((dev.id, batch_id), []).append((r.status_code, r.text))
        except BaseException as exc:  # surfaced below; a thread must not swallow it
            errors.append(exc)

    def device_run(dev):
        for batch_id, ops in plans[dev.id]:
            twins = [threading.Thread(target=pusher, args=(dev, batch_id, ops)) for _ in range(2)]
            for t in twins:
                t.start()
            for t in twins:
                t.join(timeout=30)

    runners = [threading.Thread(target=device_run, args=(dev,)) for dev in (a, b)]
    for t in runners:
        t.start()
    for t in runners:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in runners)

    assert len(answers) == 8
    for pair in answers.values():
        # Both twins answered, alike: the one that waited got the stored answer (a 5xx here
        # would be survivable, the client retries, but it would mean the two raced inside the hub).
        assert [status for status, _ in pair] == [200, 200], pair
        first, second = (p.PushResponse.model_validate_json(body) for _, body in pair)
        assert first.results == second.results and sorted([first.replayed, second.replayed]) == [False, True]
    for dev in (a, b):
        expected = Counter(op["record_id"] for _, ops in plans[dev.id] for op in ops)
        assert hub_inserts(hub, dev.id) == expected
    # A third device of the office sees each of the 120 inserts once, in sequence order.
    watcher = hub.device("T01", "watcher")
    changes = [ch for ch in watcher.pull() if ch.entity == "enterprise"]
    assert [ch.seq for ch in changes] == sorted({ch.seq for ch in changes})
    assert Counter(ch.record_id for ch in changes) == Counter(
        op["record_id"] for d in plans.values() for _, ops in d for op in ops)


# --- a PC clock days off --------------------------------------------------------------------

@pytest.mark.parametrize("days", [0, 3, -3])  # 0: the outcome a right clock gives
def test_a_pc_clock_days_off_syncs_the_same_and_warns(sqlite_hub, proxies, pcs, monkeypatch, days):
    proxy = proxies(sqlite_hub)
    skewed, right = pcs("skewed").enroll(sqlite_hub, proxy.url), pcs("right").enroll(sqlite_hub, proxy.url)
    offset = {"seconds": 0.0}
    # The PC's wall clock as fydesk reads it for sync: the skew check (engine.sync's `now`)
    # and the HLC stamped on each outbox op (journal's time.time).
    monkeypatch.setitem(engine.sync.__kwdefaults__, "now",
                        lambda: utcnow() + timedelta(seconds=offset["seconds"]))
    real_time = time.time
    monkeypatch.setattr(journal, "time", SimpleNamespace(time=lambda: real_time() + offset["seconds"]))

    def on(pc, *argv):
        offset["seconds"] = days * 86400 if pc is skewed else 0.0
        return pc.json(*argv)

    offset["seconds"] = days * 86400
    [e] = skewed.create(1)
    first = on(skewed, "sync")
    assert first["pushed"] == 1
    assert abs(first["skew_seconds"] + days * 86400) < 600
    if days:
        [warning] = first["warnings"]
        assert "时钟" in warning and "同步不受影响" in warning
    else:
        assert first["warnings"] == []
    on(right, "sync")
    # Both edit the same ordinary field from the same revision; the skewed PC's op carries an
    # HLC days away from the other's, but the hub orders by arrival: the later one wins.
    offset["seconds"] = days * 86400
    skewed.edit("enterprise", e, address="东街一号")
    offset["seconds"] = 0.0
    right.edit("enterprise", e, address="西街二号")
    hlcs = []
    for pc in (skewed, right):
        with pc.store.read() as s:
            hlcs.append(hlc_ms(s.scalar(select(OutboxOp.hlc))))
    assert abs((hlcs[0] - hlcs[1]) / 1000 - days * 86400) < 600  # the skew is in the ops' HLCs
    assert bool(on(skewed, "sync")["warnings"]) == bool(days)
    assert on(right, "sync")["warnings"] == []
    on(skewed, "sync")
    assert hub_data(sqlite_hub, e)["address"] == "西街二号"
    for pc in (skewed, right):
        assert pc.get("enterprise", e).address == "西街二号"
        assert pc.outbox() == []
    with sqlite_hub.store.session() as s:
        [kept] = s.scalars(select(History).where(History.record_id == e)).all()
        assert (kept.old_value, kept.new_value) == ("东街一号", "西街二号")


# --- an op rejected for validation ----------------------------------------------------------

def _add_unknown_office(pc: PC) -> str:
    """The desk adds an office the hub does not know and edits it at once: the hub refuses the
    insert (offices are IT's to register) and then the edit (it never saw the record)."""
    with pc.store.write() as s:
        office = records.create(s, load_actor(s, "书记员"), "office",
                                {"code": "W09", "name": "溪口调委会", "kind": "调委会"}).id
    pc.edit("office", office, phone="0571-1234567")
    return office


def test_rejected_ops_are_quarantined_and_independent_ops_go_on(sqlite_hub, proxies, pcs):
    proxy = proxies(sqlite_hub)
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    [firm] = pc.create(1)
    office = _add_unknown_office(pc)
    pc.edit("enterprise", firm, address="溪口镇")  # after the refused ops, in the same batch
    summary = pc.json("sync")
    assert (summary["pushed"], summary["quarantined"], summary["pending"]) == (2, 2, 0)

    quarantined = pc.json("sync", "status")["quarantined"]
    assert [(q["op"], q["record_id"], q["code"]) for q in quarantined] == [
        ("insert", office, "forbidden"), ("update", office, "unknown_record")]
    assert all(q["reason"].endswith("。") for q in quarantined)
    assert hub_data(sqlite_hub, firm)["address"] == "溪口镇" and hub_data(sqlite_hub, office) is None
    assert hub_inserts(sqlite_hub, pc.device_id) == Counter([firm])


def test_a_later_rejection_is_quarantined_too(sqlite_hub, proxies, pcs):
    """Once the outbox has emptied, SQLite hands out op_seq 1, 2, … again (the outbox's key is
    a plain rowid), so a later refused op can carry the op_seq of one already in quarantine.
    Keyed by op_seq, the quarantine refused the second (IntegrityError), the batch the hub had
    applied could never be settled, and every later sync failed the same way."""
    proxy = proxies(sqlite_hub)
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    office = _add_unknown_office(pc)
    first = pc.json("sync")
    assert (first["quarantined"], first["pending"]) == (2, 0)

    [firm] = pc.create(1)  # the outbox was empty: these ops get op_seqs used before
    pc.edit("office", office, phone="0571-7654321")
    second = pc.json("sync")
    assert (second["pushed"], second["quarantined"], second["pending"]) == (1, 1, 0)
    quarantined = pc.json("sync", "status")["quarantined"]
    assert [(q["op"], q["code"]) for q in quarantined] == [
        ("insert", "forbidden"), ("update", "unknown_record"), ("update", "unknown_record")]
    assert hub_inserts(sqlite_hub, pc.device_id) == Counter([firm])


# --- a record edited while its batch is in flight -------------------------------------------

def test_a_record_edited_while_its_batch_is_in_flight_syncs_the_second_edit_next(sqlite_hub, proxies, pcs):
    proxy = proxies(sqlite_hub)
    pc, other = pcs("pc").enroll(sqlite_hub, proxy.url), pcs("other").enroll(sqlite_hub, proxy.url)
    [e] = pc.create(1)
    pc.json("sync")
    other.json("sync")

    # The sync's own steps, with a second edit made once the batch is formed and before it is
    # settled, and the hub's echo of the first edit pulled before the second has gone up.
    pc.edit("enterprise", e, address="第一次填写")
    with pc.store.write() as s:
        request = outbox.next_batch(s)
    pc.edit("enterprise", e, address="第二次更正")
    with pc.client() as client:
        response = client.push(request)
        with pc.store.write() as s:
            assert outbox.settle(s, response) == (1, 0)
        # The hub's copy of the first edit comes back before the second has gone up: it must
        # not overwrite what the user typed since.
        page = client.pull(pc.cursor())
        with pc.store.write() as s:
            assert inbound.apply_page(s, load_actor(s, "sync"), page).skipped_fields == 1
    assert pc.get("enterprise", e).address == "第二次更正"
    [(_, _, op, rid, fields, batch_id)] = pc.outbox()
    assert (op, rid, json.loads(fields), batch_id) == ("update", e, {"address": "第二次更正"}, None)
    assert hub_data(sqlite_hub, e)["address"] == "第一次填写"

    assert pc.json("sync")["pushed"] == 1
    other.json("sync")
    assert hub_data(sqlite_hub, e)["address"] == "第二次更正"
    for who in (pc, other):
        assert who.get("enterprise", e).address == "第二次更正" and who.outbox() == []


def test_an_edit_made_while_the_hub_answers_goes_up_in_the_same_sync(sqlite_hub, proxies, pcs):
    """The same through `engine.sync` itself: the edit lands while the hub's answer to the
    first edit is on its way back (committed there, not yet settled here)."""
    proxy = proxies(sqlite_hub)
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    [e] = pc.create(1)
    pc.json("sync")
    pc.edit("enterprise", e, address="第一次填写")
    hook = proxy.on_answer(then=lambda: pc.edit("enterprise", e, address="第二次更正"))
    with pc.client() as client:
        summary = engine.sync(pc.store, client)
    assert hook.fired == 1 and (summary.pushed, summary.pending) == (2, 0)
    assert hub_data(sqlite_hub, e)["address"] == "第二次更正" == pc.get("enterprise", e).address
    updates = [f["address"] for _, op, rid, f in hub_log(sqlite_hub, pc.device_id) if op == "update"]
    assert updates == ["第一次填写", "第二次更正"]


# --- the token is revoked mid-sync ----------------------------------------------------------

@pytest.mark.parametrize("when", ["between two batches", "while its answer was lost"])
def test_a_token_revoked_mid_sync_gives_a_clear_error_and_loses_nothing(sqlite_hub, proxies, pcs, monkeypatch,
                                                                        no_backoff, when):
    proxy = proxies(sqlite_hub)
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    ids = pc.create(10)  # ten local transactions
    before = pc.outbox()
    first_device = pc.device_id

    def revoke() -> None:
        with sqlite_hub.store.session() as s:
            revoke_device(s, first_device, "电脑报废")

    with monkeypatch.context() as m:
        m.setattr(outbox, "BATCH_OPS", 4)  # batches of 4, 4 and 2
        if when == "between two batches":
            real_push = HubClient.push
            calls = []

            def push_then_revoke(self, request):
                answer = real_push(self, request)
                calls.append(request.batch_id)
                if len(calls) == 1:
                    revoke()  # IT revokes the PC while its sync is under way
                return answer

            m.setattr(HubClient, "push", push_then_revoke)
            acknowledged = 4
        else:
            proxy.drop_response(then=revoke)  # the hub commits batch 1, the PC never hears
            acknowledged = 0
        code, _, err = pc.cli("sync")

    assert code == 1 and one_sentence(err) and "停用" in err, err
    status = pc.json("sync", "status")
    assert status["pending"] == 10 - acknowledged and status["last_error"]["code"] == "revoked"
    # Intact: exactly the ops not acknowledged, unchanged.
    assert [row[:5] for row in pc.outbox()] == [row[:5] for row in before[acknowledged:]]
    assert hub_inserts(sqlite_hub, first_device) == Counter(ids[:4])  # batch 1 reached the hub

    # IT enrolls the PC again; what was pending goes up, and nothing lands twice.
    pc.enroll(sqlite_hub, proxy.url)
    assert pc.device_id != first_device
    summary = pc.json("sync")
    assert summary["pending"] == 0 and summary["quarantined"] == 0
    together = hub_inserts(sqlite_hub, first_device) + hub_inserts(sqlite_hub, pc.device_id)
    assert together == Counter(ids)
    assert all(hub_data(sqlite_hub, i)["name"] for i in ids)


# --- a hub restored from an older backup ----------------------------------------------------

def test_a_hub_restored_from_an_older_backup_gets_back_what_it_lost(tmp_path, proxies, pcs):
    db = tmp_path / "hub.db"
    hub = with_offices(start_hub(f"sqlite:///{db}"))
    try:
        proxy = proxies(hub)
        pc = pcs("pc").enroll(hub, proxy.url)
        colleague = hub.device("T01", "同事PC")  # keeps working against whatever hub runs
        early = pc.create(2)
        pc.json("sync")
        backup = tmp_path / "hub-backup.db"
        with contextlib.closing(sqlite3.connect(db)) as src, contextlib.closing(sqlite3.connect(backup)) as dst:
            src.backup(dst)  # a consistent copy of the live WAL database

        late = pc.create(2)
        pc.edit("enterprise", early[0], address="备份之后修改")
        require(pc.json("sync")["pushed"] == 3 and pc.outbox() == [], "the late ops were acknowledged")
        cursor_before = pc.cursor()

        # The hub's disk dies; IT restores last night's copy and starts the hub again.
        stop_hub(hub)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        backup.rename(db)
        hub = start_hub(f"sqlite:///{db}")
        proxy.retarget(hub.port)
        colleague.hub = hub  # its token is in the backup: it was enrolled before
        require(hub_data(hub, late[0]) is None, "the restored hub lacks the late ops")
        fresh = new_id()
        require(colleague.results(colleague.op("enterprise", fresh, "insert", name="恢复后新建企业"))[0].status
                == "applied", "the colleague's insert after the restore")
        with hub.store.session() as s:
            head = s.scalar(select(func.max(ChangeEntry.seq)))
        require(head <= cursor_before, "the restored hub reuses seqs the PC has already passed")

        summary = pc.json("sync")
        # What DESIGN §4 promises: the PC resends what the hub lost, and still sees what others
        # do after the restore.
        problems = []
        if any(hub_data(hub, i) is None for i in late):
            problems.append(f"the {len(late)} inserts acknowledged after the backup are not on the hub "
                            f"(pushed {summary['pushed']}, pending {summary['pending']})")
        if (hub_data(hub, early[0]) or {}).get("address") != "备份之后修改":
            problems.append("the edit made after the backup is not on the hub")
        if pc.get("enterprise", fresh) is None:
            problems.append(f"the colleague's insert (seq {head}) never reached the PC: its cursor "
                            f"stayed at {pc.cursor()}, past the restored hub's head")
        assert not problems, "; ".join(problems)
        assert any("备份" in w for w in summary["warnings"]) and summary["pending"] == 0
        again = pc.json("sync")  # recovered once; the next sync is an ordinary one
        assert (again["pushed"], again["warnings"]) == (0, [])
    finally:
        stop_hub(hub)


# --- the client killed at random moments ----------------------------------------------------

# `fydesk sync` as a user runs it, with small push batches and pull pages so that a kill has
# many commit points to fall between (the defaults, 500 ops and 1000 changes, would put the
# whole run of this test in one batch and one page).
KILL_DRIVER = (
    "import sys\n"
    "from fydesk.sync import outbox\n"
    "from fydesk.sync.client import HubClient\n"
    "outbox.BATCH_OPS = int(sys.argv[2])\n"
    "HubClient.pull.__defaults__ = (int(sys.argv[3]),)\n"
    "from fydesk.cli import main\n"
    "sys.exit(main(['--data-dir', sys.argv[1], 'sync', '--json']))\n"
)
KILL_SEED = 20261120
KILL_BUDGET = 7.0  # seconds of kill loop (at least 6 runs): the whole file stays near 30 s


def _check_pc_against_hub(pc: PC, hub: LiveHub, made: Counter, office_id: str) -> str:
    """The invariants after any kill; returns where the kill landed, for the tally."""
    on_hub = Counter()
    for _, op, rid, fields in hub_log(hub, pc.device_id):
        on_hub[(op, rid, fields.get("address"))] += 1
    assert max(on_hub.values(), default=1) == 1, "an op was applied twice"
    assert set(on_hub) <= set(made), "the hub holds an op the PC never made"

    rows = pc.outbox()
    pending = Counter()
    for _, _, op, rid, fields, _ in rows:
        pending[(op, rid, json.loads(fields).get("address") if op == "update" else None)] += 1
    assert set(made) <= set(on_hub) | set(pending), "an op is neither on the hub nor in the outbox"
    # Consistent: at most one batch in flight, a local transaction never split across batches,
    # and an op both pending and on the hub only if its batch is the one the hub committed
    # and the PC was killed before settling.
    in_flight = {r[5] for r in rows if r[5] is not None}
    assert len(in_flight) <= 1
    assert all(len({r[5] for r in rows if r[1] == txn}) == 1 for txn in {r[1] for r in rows})
    both = set(pending) & set(on_hub)
    committed = hub_batches(hub, pc.device_id)
    if both:
        assert in_flight and in_flight <= committed
        assert {(r[2], r[3]) for r in rows if r[5] in in_flight} == {(k[0], k[1]) for k in both}

    # The pull cursor never ahead of applied data: every change of this office's scope up to
    # the cursor is in the local copy, and nothing applied is beyond the cursor.
    cursor = pc.cursor()
    with hub.store.session() as s:
        scoped = s.execute(select(ChangeEntry.seq, ChangeEntry.entity, ChangeEntry.record_id).join(
            ChangeScope, ChangeScope.seq == ChangeEntry.seq).where(
            ChangeScope.office_id.in_((office_id, "*")), ChangeEntry.seq <= cursor)).all()
    with pc.store.read() as s:
        for seq, entity, rid in scoped:
            row = s.get(ENTITIES[entity].model, rid)
            assert row is not None and row.rev >= seq, f"cursor {cursor} past unapplied change {seq}"
        top = max((s.scalar(select(func.max(ENTITIES[name].model.rev))) or 0) for name in ("enterprise", "office"))
    assert top <= cursor, "data applied beyond the cursor"

    # Where the kill fell, as far as the state shows it.
    if in_flight and in_flight <= committed:
        return "after the hub committed a batch, before the PC settled it"
    if in_flight:
        return "with a batch marked for sending, not committed by the hub"
    with hub.store.session() as s:
        head = s.scalar(select(func.max(ChangeScope.seq)).where(ChangeScope.office_id.in_((office_id, "*"))))
    return "before the pull caught up (start-up, push or pull)" if cursor < head else "after the sync"


@pytest.mark.slow
def test_killing_the_client_at_random_moments_loses_and_duplicates_nothing(sqlite_hub, proxies, pcs, ring):
    proxy = proxies(sqlite_hub)
    proxy.response_delay = 0.03  # hub committed, PC not yet told: a window a kill can hit
    pc = pcs("pc").enroll(sqlite_hub, proxy.url)
    colleague = sqlite_hub.device("T01", "同事PC")  # gives every sync something to pull
    with pc.store.read() as s:
        office_id = load_actor(s, "书记员").office_id
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "filekeyring.FileKeyring",
           KEYRING_FILE_ENV: str(ring.path),
           "PYTHONPATH": os.pathsep.join([str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])])}
    argv = [sys.executable, "-c", KILL_DRIVER, str(pc.root), "6", "40"]

    rng = random.Random(KILL_SEED)
    made: Counter = Counter()  # every op the PC made: (op, record id, address for updates)
    own: list[str] = []

    def new_work() -> None:
        for rid in pc.create(rng.randint(8, 30), per_txn=rng.randint(1, 4)):
            own.append(rid)
            made[("insert", rid, None)] += 1
        for rid in rng.sample(own, k=min(len(own), 3)):
            address = f"地址{len(made)}"
            pc.edit("enterprise", rid, address=address)
            made[("update", rid, address)] += 1
        colleague.results(*[colleague.op("enterprise", new_id(), "insert", name=f"同事企业{i}")
                            for i in range(rng.randint(20, 150))])
        pc.close()

    # One run left to finish measures how long a sync takes here, start-up included; the kills
    # then fall at random within that span, whatever the speed of the machine.
    new_work()
    started = time.monotonic()
    calibration = subprocess.run(argv, check=False, env=env, capture_output=True, timeout=60)
    span = time.monotonic() - started
    assert calibration.returncode == 0, calibration.stderr.decode()

    tally: Counter = Counter()
    deadline = time.monotonic() + KILL_BUDGET
    while sum(tally.values()) < 6 or (time.monotonic() < deadline and sum(tally.values()) < 40):
        new_work()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            _, err = proc.communicate(timeout=rng.uniform(0.35, 1.0) * span)
            assert proc.returncode == 0, err.decode()
            outcome = "finished"
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)  # no atexit, no rollback, no flush: a pulled plug
            proc.communicate()
            outcome = None
        finally:
            if proc.poll() is None:  # never leave a sync running behind a failed assertion
                proc.kill()
                proc.wait()
        landed = _check_pc_against_hub(pc, sqlite_hub, made, office_id)
        tally[outcome or f"killed {landed}"] += 1

    # A last sync that is left to finish: everything once on the hub, the outbox empty, the
    # cursor at the head of this office's log.
    done = subprocess.run(argv, check=False, env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    _check_pc_against_hub(pc, sqlite_hub, made, office_id)
    assert pc.outbox() == []
    with sqlite_hub.store.session() as s:
        head = s.scalar(select(func.max(ChangeScope.seq)).where(ChangeScope.office_id.in_((office_id, "*"))))
    assert pc.cursor() == head
    on_hub = Counter((op, rid, f.get("address")) for _, op, rid, f in hub_log(sqlite_hub, pc.device_id))
    assert on_hub == made
    kills = sum(n for k, n in tally.items() if k.startswith("killed"))
    print(f"kill test: a sync takes {span:.2f} s; {sum(tally.values())} runs, {kills} killed: {dict(tally)}")
    assert kills >= 4, tally


# --- answers lost on the way back from enrollment and number leases --------------------------

def test_a_lost_enrollment_answer_is_asked_again_and_enrolls_one_device(hub, proxies, pcs, no_backoff):
    """The code is spent by the first request; without the attempt id the retry would be told
    the code was used, and IT would have to issue another."""
    proxy = proxies(hub)
    fault = proxy.drop_response(path="/v1/enroll")
    pc = pcs("pc").enroll(hub, proxy.url)
    assert fault.fired == 1 and len(proxy.requests("POST", "/v1/enroll")) == 2
    with hub.store.session() as s:
        assert s.scalars(select(Device.id)).all() == [pc.device_id]
    pc.create(1)
    assert pc.json("sync")["pushed"] == 1  # the token of the second answer is the one that works


def test_a_lost_lease_answer_gets_the_same_block_again(hub, proxies, pcs, no_backoff):
    """A second block for the same request would leave 200 case numbers never used."""
    proxy = proxies(hub)
    fault = proxy.drop_response(path="/v1/leases")
    pc = pcs("pc").enroll(hub, proxy.url)
    assert fault.fired == 1
    with hub.store.session() as s:
        given = sorted((row.series, row.start, row.end) for row in s.scalars(select(Lease)))
    assert given == [("case", 1, leases.LEASE_BLOCK), ("suggestion", 1, leases.LEASE_BLOCK)]
    with pc.store.read() as s:
        held = sorted((row.series, row.start, row.end) for row in s.scalars(select(NumberLease))
                      if row.source == "hub")
    assert held == given


# --- a refused token ---------------------------------------------------------------------------

def test_a_refused_token_is_read_again_from_the_keyring_once(hub, pcs):
    """A long-running app keeps its client while `fydesk enroll` in another window gives the
    PC a new token: the hub's 401 sends the client back to the keyring, once."""
    pc = pcs("pc").enroll(hub, hub.url)
    pc.create(1)
    with pc.client() as client:
        client.token = "a-token-from-before"
        assert engine.sync(pc.store, client).pushed == 1
    url, device, _ = engine.hub_settings(pc.store)
    with pc.client() as client:
        CredentialStore(pc.root / "credentials").delete(url, device)
        client.token = "a-token-from-before"
        with pytest.raises(HubError) as refused:
            engine.sync(pc.store, client)
    assert refused.value.code == "unauthorized" and "重新登记" in refused.value.message


# --- many pages, each asked for while the one before is applied ----------------------------

def test_pages_pulled_ahead_land_whole_and_each_is_asked_for_once(sqlite_hub, proxies, pcs, monkeypatch):
    monkeypatch.setattr(engine, "PULL_PAGE", 4)
    proxy = proxies(sqlite_hub)
    pc, other = pcs("pc").enroll(sqlite_hub, proxy.url), pcs("other").enroll(sqlite_hub, proxy.url)
    made = pc.create(23)
    pc.json("sync")
    asked = len(proxy.requests("GET", "/v1/pull"))
    pulled = other.json("sync")["pulled"]
    assert len(proxy.requests("GET", "/v1/pull")) - asked == pulled // 4 + 1
    assert all(other.get("enterprise", e) is not None for e in made)
    with sqlite_hub.store.session() as s:
        head = s.scalar(select(func.max(ChangeEntry.seq)))
    assert other.cursor() == head
    with other.store.read() as s:
        assert journal.verify_chain(s) == []
        assert s.scalar(select(func.count()).select_from(journal.AuditEntry)
                        .where(journal.AuditEntry.action == "sync-insert",
                               journal.AuditEntry.record_id.in_(made))) == len(made)


def test_a_page_lost_while_the_one_before_is_applied_fails_the_sync_and_the_next_goes_on(
        sqlite_hub, proxies, pcs, monkeypatch, no_backoff):
    monkeypatch.setattr(engine, "PULL_PAGE", 4)
    proxy = proxies(sqlite_hub)
    pc, other = pcs("pc").enroll(sqlite_hub, proxy.url), pcs("other").enroll(sqlite_hub, proxy.url)
    other.json("sync")
    made = pc.create(10)
    pc.json("sync")
    start = other.cursor()
    proxy.on_answer(lambda: None, method="GET", path="/v1/pull")  # the first page goes through
    proxy.drop_response(method="GET", path="/v1/pull", times=RetryPolicy().attempts + 1)  # page 2, every try
    code, _, err = other.cli("sync")
    assert code != 0 and one_sentence(err)
    stood = other.cursor()
    assert start < stood  # the first page landed, with its cursor
    assert other.json("sync")["pulled"] >= 6
    assert all(other.get("enterprise", e) is not None for e in made)
    with other.store.read() as s:
        assert journal.verify_chain(s) == []
        assert s.scalar(select(func.count()).select_from(journal.AuditEntry)
                        .where(journal.AuditEntry.record_id.in_(made))) == len(made)
