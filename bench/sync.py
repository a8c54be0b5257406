"""Sync benchmarks that tell the truth: every figure the median of several runs, beside its
baseline from the same run, against the goals of the hub's concurrency issue.

Every hub here is the real one: `python -m fydesk.hub.cli serve` (uvicorn, 1 or 2 worker
processes) on 127.0.0.1, over a throwaway PostgreSQL with its durable defaults (fsync on), or
an SQLite file. Desks are real data dirs enrolled through the enroll endpoint; a push is
`engine.sync`'s push half (outbox batch, HubClient.push, settle), a pull its pull half (fetch
a page, apply it with inbound.apply_page, move the cursor). The desks of the fleet and the
load generator of the burst run in processes of their own, as separate PCs would, so that
the bench's interpreter is never the bottleneck it measures. CPU is read from /proc: the hub
process and its workers, the postmaster and every backend (an exited backend's time is in
the postmaster's reaped-children counters).

The machine has few cores and is shared: the load average is printed at the start and the
end, and each section notes the load when it began.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

import httpx
import keyring
from keyring.backends import fail
from sqlalchemy import insert, select

from fydesk.hub import admin, auth
from fydesk.hub.app import push_batch
from fydesk.hub.serving import tune_gc
from fydesk.hub.store import HubStore
from fydesk.models import OutboxOp, new_id
from fydesk.services import records, setup
from fydesk.services.context import load_actor
from fydesk.store.engine import Store
from fydesk.store.migrate import SCHEMA_HEAD
from fydesk.store.open import open_store
from fydesk.sync import engine, inbound, outbox
from fydesk.sync import protocol as p
from fydesk.sync.client import HubClient, RetryPolicy
from fydesk.sync.credentials import CredentialStore

from .core import DATA, Row, _pct
from .pg import free_port, temp_postgres_server

RUNS = 3                  # every figure: the median of this many runs, with min–max
RECORDS = 5_000           # × 2 ops (insert, then an edit) = 10,000 pushed ops per run
BATCH = outbox.BATCH_OPS  # what `fydesk sync` sends: 1,000
FLEET = 4                 # desks pushing at once, each in its own process and office
FLEET_RECORDS = 2_500     # × 2 = 5,000 ops each
DEVICES = 200
DEVICE_OPS = 100
LOADERS = 4               # processes of the burst's load generator, DEVICES / LOADERS each
ALONE_BATCHES = 10        # the single-device baseline of the burst
BASELINE_OPS = 1_000      # the one-request-per-op lower bound is timed on this many ops
# Bounds, so that a slow hub still gives every figure in a few minutes.
PUSH_CAP_S = 60.0
PULL_CAP_S = 60.0
BASELINE_CAP_S = 8.0
DEVICE_TIMEOUT_S = 35.0
CHILD_TIMEOUT_S = 300.0
USER = "书记员"
# No retries inside a measurement: a failed request is counted, not hidden behind a backoff.
NO_RETRY = RetryPolicy(attempts=1)

GOAL_PUSH, GOAL_RATIO, GOAL_PULL, GOAL_FLEET = 10_000, 0.6, 15_000, 12_000
GOAL_P99_MS, GOAL_BURST, GOAL_CPU_US = 1_500, 13_000, 70


# --- the workload: case records as the desk's own services journal them ----------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红"
_SUMMARIES = (
    "{a}与{b}系邻居。{b}翻建房屋时占用{a}家院墙外通道约{n}平方米，双方多次协商未果，矛盾有激化苗头。",
    "{a}与{b}系朋友。{b}以装修房屋为由先后三次向{a}借款共计{m}元，部分款项未写借条。双方对借款金额和已还款项说法不一。",
    "{a}在{b}承包的工地务工，{b}拖欠其{n}个月工资共计{m}元，经多次催要仍未支付，{a}遂申请调解。",
    "{a}驾驶电动车在村道上与{b}的摩托车相撞，致{b}腿部受伤，花去医疗费{m}元，双方对责任划分有争议。",
)
_CLAIMS = ("请求{b}归还借款{m}元。", "请求{b}支付拖欠工资{m}元。", "请求{b}恢复通道原状并赔礼道歉。",
           "请求{b}赔偿医疗费、误工费等共计{m}元。")


@dataclass(frozen=True)
class Shapes:
    """One case insert and one edit exactly as `records.create`/`records.update` journal them."""

    insert: dict[str, Any]
    update: dict[str, Any]


def shapes() -> Shapes:
    root = Path(tempfile.mkdtemp(prefix="shapes-", dir=DATA))
    try:
        store = open_store(root, daily_backup=False)
        with store.write() as s:
            setup.initialise(s, office_code="B00", office_name="基准人民法庭", kind="人民法庭", user=USER)
        with store.write() as s:
            actor = load_actor(s, USER)
            case = records.create(s, actor, "case", {
                "office_id": actor.office_id, "category": "人民调解", "source": "当事人申请",
                "dispute_type": "邻里纠纷", "summary": _SUMMARIES[1], "claims": _CLAIMS[0],
                "registered_date": "2026-03-02", "amount_cents": "54000", "people_involved": 2,
                "area_code": "330102001"}, system_values={"case_number": "(2026)B00民调1号"})
        with store.write() as s:
            records.update(s, actor, "case", case.id, {"claims": _CLAIMS[3], "people_involved": 3,
                                                       "risk_level": "中"})
        with store.read() as s:
            ops = s.scalars(select(OutboxOp).where(OutboxOp.entity == "case").order_by(OutboxOp.op_seq)).all()
        store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ins, upd = ops
    return Shapes(dict(ins.fields), dict(upd.fields))


def case_ops(shapes: Shapes, office_id: str, n: int, rng: random.Random, prefix: str) -> list[dict[str, Any]]:
    """n records × (insert, edit), each op its own local transaction, inserts first."""
    inserts, edits = [], []
    for i in range(n):
        a = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        b = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        slots = {"a": a, "b": b, "n": rng.randint(2, 30), "m": rng.randint(20, 900) * 100}
        k = rng.randrange(len(_SUMMARIES))
        record_id = new_id()
        fields = {**shapes.insert, "office_id": office_id, "case_number": f"(2026){prefix}民调{i + 1}号",
                  "summary": _SUMMARIES[k].format_map(slots), "claims": _CLAIMS[k].format_map(slots),
                  "amount_cents": slots["m"] * 100, "people_involved": rng.randint(2, 9)}
        inserts.append((record_id, "insert", fields))
        edit = {**shapes.update, "claims": _CLAIMS[rng.randrange(len(_CLAIMS))].format_map(slots),
                "people_involved": fields["people_involved"] + 1}
        edits.append((record_id, "update", edit))
    hlc = time.time_ns() // 1_000_000 << 16
    return [{"txn_id": new_id(), "entity": "case", "record_id": rid, "op": op, "fields": f, "base_rev": 0,
             "hlc": hlc + i, "user": USER, "schema_version": SCHEMA_HEAD}
            for i, (rid, op, f) in enumerate(inserts + edits)]


def load_outbox(store: Store, rows: list[dict[str, Any]]) -> None:
    with store.write() as s:
        s.execute(insert(OutboxOp), rows)


# --- the hub, served like `fydesk-hub serve` ------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


class HubProcess:
    """`python -m fydesk.hub.cli serve --workers N` on 127.0.0.1, in a process of its own."""

    def __init__(self, db_url: str, workers: int = 1, profile: Path | None = None) -> None:
        self.db_url = db_url
        self.workers = workers
        self.profile = profile
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        hub = ["--db", self.db_url, "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--workers", str(self.workers)]
        if self.profile is None:
            argv = [sys.executable, "-m", "fydesk.hub.cli", *hub]
        else:
            argv = [sys.executable, "-m", "bench.sync", "--profiled-hub", str(self.profile), *hub]
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log, cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/v1/time", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"hub did not start: {self.output()}") from None
                time.sleep(0.05)
        # The first worker up answers; the others may still be importing. Wait for their CPU to
        # settle, so that start-up is neither timed nor counted as a run's CPU.
        if self.workers > 1:
            settled(self.proc.pid)
        return self

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # uvicorn shuts down; cProfile writes its file
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Hub:
    """The hub's database (for IT's admin steps, done in-process) and its serving process."""

    store: HubStore
    served: HubProcess
    pg_pid: int | None  # the postmaster; None for an SQLite hub

    def office(self, code: str, name: str) -> str:
        with self.store.session() as s:
            return admin.add_office(s, code, name, "人民法庭").id

    def code(self, office_code: str) -> str:
        return self.codes(office_code, 1)[0]

    def codes(self, office_code: str, n: int) -> list[str]:
        with self.store.session() as s:
            return [auth.new_enroll_code(s, office_code) for _ in range(n)]

    def token(self, office_code: str, name: str) -> str:
        """A device enrolled in-process, for pushes that skip HTTP: its bearer token."""
        code = self.code(office_code)
        with self.store.session() as s:
            return auth.redeem(s, code, name)[2]

    def cpu(self) -> Cpu:
        return cpu_now(self.served.proc.pid, self.pg_pid)


@contextmanager
def serve(db_url: str, pg_pid: int | None, workers: int = 1, profile: Path | None = None) -> Iterator[Hub]:
    store = HubStore(db_url)  # schema first, so the served process finds it at head
    served = HubProcess(db_url, workers, profile)
    try:
        with served:
            yield Hub(store, served, pg_pid)
        if served.proc is not None and served.proc.returncode not in (0, -signal.SIGINT):
            last = served.output().strip().splitlines()[-1:] or [""]
            print(f"sync bench: the hub exited with {served.proc.returncode}: {last[0][:300]}", file=sys.stderr)
    finally:
        served.log.close()
        store.close()


def desk(root: Path, url: str, code: str, name: str) -> tuple[Store, HubClient]:
    """A desk data dir enrolled like `fydesk enroll`; its client sends with no retries."""
    store = open_store(root, daily_backup=False)
    credentials = CredentialStore()
    engine.enroll(store, credentials, url, code, device_name=name)
    return store, engine.connect(store, credentials, timeout=120, retry=NO_RETRY)


# --- CPU from /proc -------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds of the process and of its children it has reaped)."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            cols = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        table[int(stat.parent.name)] = (int(cols[1]), sum(int(c) for c in cols[11:15]) / _TICK)
    return table


def tree_cpu(table: dict[int, tuple[int, float]], root: int) -> float:
    """CPU seconds of a process and all its descendants, living or reaped: a backend that
    exited was reaped by the postmaster, whose cutime/cstime took its time."""
    children = defaultdict(list)
    for pid, (ppid, _) in table.items():
        children[ppid].append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += table.get(pid, (0, 0.0))[1]
        todo += children[pid]
    return total


def settled(root: int, quiet_s: float = 0.3, cap_s: float = 30.0) -> None:
    """Wait until a process tree uses less than a tenth of a core."""
    deadline = time.monotonic() + cap_s
    last = tree_cpu(_processes(), root)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = tree_cpu(_processes(), root)
        if now - last < quiet_s / 10:
            return
        last = now


@dataclass(frozen=True)
class Cpu:
    hub: float   # the serving process and its workers
    pg: float    # the postmaster and its backends
    here: float  # this process: the desk of a push or pull, or the hub's code run in-process

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(self.hub - other.hub, self.pg - other.pg, self.here - other.here)

    def per(self, n: int) -> Cpu:
        return Cpu(self.hub * 1e6 / n, self.pg * 1e6 / n, self.here * 1e6 / n)


def cpu_now(hub_pid: int | None, pg_pid: int | None) -> Cpu:
    table = _processes()
    return Cpu(tree_cpu(table, hub_pid) if hub_pid else 0.0, tree_cpu(table, pg_pid) if pg_pid else 0.0,
               time.process_time())


# --- figures --------------------------------------------------------------------------------

def spread(values: list[float], fmt: str = ",.0f") -> str:
    """median (min–max)"""
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


# --- push -------------------------------------------------------------------------------------

@dataclass
class PushRun:
    ops: int = 0
    seconds: float = 0.0
    in_push: float = 0.0  # inside HubClient.push: serialise, HTTP, the hub's work, parse the answer
    batch_ms: list[float] = field(default_factory=list)
    cut: bool = False  # stopped at the time cap with ops still pending
    started: float = 0.0  # wall clock (time.time), for runs in several processes
    ended: float = 0.0

    @property
    def rate(self) -> float:
        return self.ops / self.seconds

    @property
    def local_share(self) -> float:
        return 1 - self.in_push / self.seconds


def push_outbox(store: Store, client: HubClient, max_ops: int, cap_s: float) -> PushRun:
    """The push half of `engine.sync`: next batch (its id stored first) with what the desk holds
    as acknowledged and where its pull stands, push, settle — until the outbox is empty or
    `cap_s` has passed."""
    run = PushRun(started=time.time())
    started = time.perf_counter()
    while True:
        if time.perf_counter() - started > cap_s:
            run.cut = True
            break
        with store.write() as s:
            request = outbox.next_batch(s, max_ops=max_ops)
            acked = outbox.acked_op_seq(s)
            position = inbound.position(s)
        if request is None:
            break
        request.acked_before = acked
        request.cursor, request.cursor_tag = position
        t = time.perf_counter()
        response = client.push(request)
        dt = time.perf_counter() - t
        with store.write() as s:
            done, bad = outbox.settle(s, response)
        if bad or done < len(request.ops):
            raise RuntimeError(f"the hub took {done} of {len(request.ops)} bench ops: {response.results[:3]}")
        run.ops += done
        run.in_push += dt
        run.batch_ms.append(dt * 1000)
    run.seconds = time.perf_counter() - started
    run.ended = time.time()
    return run


def twin_batches(rows: list[dict[str, Any]], office_id: str, prefix: str, twin_prefix: str) -> list[p.PushRequest]:
    """The batches the desk sends for `rows`, for another office: the same ops, fields and
    sizes, under fresh record and transaction ids, so that applying them is the same work."""
    ids: dict[str, str] = {}
    ops = []
    for n, row in enumerate(rows):
        fields = {**row["fields"], "office_id": office_id} if "office_id" in row["fields"] else row["fields"]
        if "case_number" in fields:
            fields["case_number"] = fields["case_number"].replace(prefix, twin_prefix)
        ops.append(p.Op(op_seq=n + 1, txn_id=new_id(), entity=row["entity"],
                        record_id=ids.setdefault(row["record_id"], new_id()), op=row["op"], fields=fields,
                        base_rev=row["base_rev"], hlc=row["hlc"], user=row["user"],
                        schema_version=row["schema_version"]))
    return [p.PushRequest(batch_id=new_id(), ops=ops[k:k + BATCH], acked_before=k) for k in range(0, len(ops), BATCH)]


@contextmanager
def served_gc() -> Iterator[None]:
    """The garbage collector as a serving hub runs it (fewer, cheaper collections), for the
    hub's code run in this process; the desk's settings after."""
    threshold = gc.get_threshold()
    tune_gc()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def push_in_process(store: HubStore, token: str, batches: list[p.PushRequest]) -> float:
    """The hub's whole push path without HTTP: push_batch (authenticate, lock, log position,
    replay check, apply, commit), one transaction per batch. Returns seconds. The request is
    already parsed: what HTTP adds, reading and validating the body included, is left out."""
    started = time.perf_counter()
    for batch in batches:
        answer = push_batch(store, f"Bearer {token}", batch)
        if len(answer.results) != len(batch.ops) or any(r.status != "applied" for r in answer.results):
            raise RuntimeError(f"in-process push not applied: {answer.results[:3]}")
    return time.perf_counter() - started


@dataclass
class PushPair:
    """One run: a desk's push end to end, and the same batches applied in-process."""

    e2e: PushRun
    e2e_cpu: Cpu  # per op
    inproc_s: float
    inproc_cpu: Cpu  # per op; `here` is the hub's code, run in this process
    office_code: str

    @property
    def ratio(self) -> float:
        return self.e2e.rate / (self.e2e.ops / self.inproc_s)


def push_pair(hub: Hub, work: Path, shapes: Shapes, rng: random.Random, label: str, run: int) -> PushPair:
    code, twin = f"{label[0]}P{run}", f"{label[0]}T{run}"
    office = hub.office(code, f"推送基准法庭{run}")
    twin_office = hub.office(twin, f"推送基准法庭{run}乙")
    store, client = desk(work / f"push-{label}-{run}", hub.served.url, hub.code(code), f"基准PC-{run}")
    rows = case_ops(shapes, office, RECORDS, rng, code)
    batches = twin_batches(rows, twin_office, code, twin)
    token = hub.token(twin, f"进程内-{run}")
    with client:
        load_outbox(store, rows)

        def e2e() -> tuple[PushRun, Cpu]:
            before = hub.cpu()
            done = push_outbox(store, client, BATCH, PUSH_CAP_S)
            return done, (hub.cpu() - before).per(max(done.ops, 1))

        def inproc() -> tuple[float, Cpu]:
            with served_gc():  # its collection and freeze neither timed nor counted
                before = hub.cpu()
                seconds = push_in_process(hub.store, token, batches)
                return seconds, (hub.cpu() - before).per(len(rows))

        # Which goes first alternates from run to run: the log grows as the runs go on.
        if run % 2 == 0:
            (done, cpu), (seconds, icpu) = e2e(), inproc()
        else:
            (seconds, icpu), (done, cpu) = inproc(), e2e()
    store.close()
    return PushPair(done, cpu, seconds, icpu, code)


def push_rows(pairs: list[PushPair], label: str, goals: bool) -> list[Row]:
    rates = [x.e2e.rate for x in pairs]
    inproc = [x.e2e.ops / x.inproc_s for x in pairs]
    ratios = [x.ratio for x in pairs]
    batches = [ms for x in pairs for ms in x.e2e.batch_ms]
    note = (f"e2e / in-process {spread(ratios, '.2f')}; batch p50 / max {_pct(batches, .5):,.0f} / "
            f"{max(batches):,.0f} ms; the desk's outbox work {statistics.median(x.e2e.local_share for x in pairs):.0%} "
            f"of the time")
    if any(x.e2e.cut for x in pairs):
        note += f"; CUT at {PUSH_CAP_S:.0f} s"
    if goals:
        ok = statistics.median(rates) >= GOAL_PUSH and statistics.median(ratios) >= GOAL_RATIO
        note += f"; goal ≥{GOAL_PUSH:,} ops/s and ≥{GOAL_RATIO} of in-process: {verdict(ok)}"
    return [Row(f"push {2 * RECORDS:,} ops, 1 desk → HTTP → hub (1 worker) → {label}, batches of {BATCH:,} (ops/s)",
                spread(rates), f"same batches in-process, push_batch without HTTP {spread(inproc)}", note)]


def cpu_row(what: str, per_op: list[Cpu], baseline: list[Cpu], baseline_name: str, goal: bool) -> Row:
    total = [c.hub + c.pg for c in per_op]
    note = (f"hub {statistics.median(c.hub for c in per_op):.0f} + PostgreSQL {statistics.median(c.pg for c in per_op):.0f}; "
            f"the desk (this process) {statistics.median(c.here for c in per_op):.0f}")
    if goal:
        note += f"; goal hub + PostgreSQL ≤{GOAL_CPU_US}: {verdict(statistics.median(total) <= GOAL_CPU_US)}"
    base = [c.here + c.pg for c in baseline]
    return Row(what, spread(total),
               f"{baseline_name} {spread(base)} (hub code {statistics.median(c.here for c in baseline):.0f} "
               f"+ PostgreSQL {statistics.median(c.pg for c in baseline):.0f})", note)


def per_request_row(hub: Hub, work: Path, shapes: Shapes, rng: random.Random, batched: float) -> Row:
    """One op per request: the protocol's own lower bound, not a peer to compare with."""
    office = hub.office("B1X", "逐条基准法庭")
    store, client = desk(work / "push-single", hub.served.url, hub.code("B1X"), "逐条PC")
    with client:
        load_outbox(store, case_ops(shapes, office, BASELINE_OPS // 2, rng, "B1X"))
        single = push_outbox(store, client, 1, BASELINE_CAP_S)
    store.close()
    cut = f" in {BASELINE_CAP_S:.0f} s" if single.cut else ""
    return Row("push 1 op per request → hub on PostgreSQL (ops/s)", f"{single.rate:,.0f}",
               f"batches of {BATCH:,}: {batched:,.0f} (row above)",
               f"{single.ops:,} ops{cut}; requests alone {single.ops / single.in_push:,.0f}/s. A lower bound "
               "(what batching saves), NOT a peer: no sync system sends one op per request")


# --- the hub's field rules --------------------------------------------------------------------

CHECK_BATCHES = 5  # 1,000-op batches per configuration, interleaved


def bench_checks(shapes: Shapes, work: Path, rng: random.Random) -> list[Row]:
    """What checking every pushed value costs the hub: the same 1,000-op batches applied
    in-process (apply_batch, one transaction each, committed, on an SQLite hub store) with the
    field rules, references and state moves checked, and with those checks switched off."""
    from fydesk.hub import apply as hub_apply

    store = HubStore(f"sqlite:///{work / 'checks.db'}")
    with store.session() as s:
        office = admin.add_office(s, "B09", "规则基准法庭", "人民法庭").id
        code = auth.new_enroll_code(s, "B09")
    with store.session() as s:
        device_id = auth.redeem(s, code, "基准PC")[0].id
    checked = (hub_apply._check_fields, hub_apply._check_move)
    seconds: dict[bool, list[float]] = {True: [], False: []}
    seq = 0
    try:
        with served_gc():  # as the serving hub runs it
            for i in range(CHECK_BATCHES * 2):
                on = i % 2 == 0
                rows = case_ops(shapes, office, BATCH // 2, rng, f"C{i}")
                ops = [{**row, "op_seq": seq + n + 1} for n, row in enumerate(rows)]
                seq += len(ops)
                request = p.PushRequest(batch_id=new_id(), ops=ops)
                if on:
                    hub_apply._check_fields, hub_apply._check_move = checked
                else:
                    hub_apply._check_fields = hub_apply._check_move = lambda *_a, **_k: None
                start = time.perf_counter()
                with store.session() as s:
                    from fydesk.hub.models import Device, HubOffice

                    device = s.get(Device, device_id)
                    result = hub_apply.apply_batch(s, hub_apply.Pusher(device, s.get(HubOffice, office)), request)
                seconds[on].append(time.perf_counter() - start)
                assert {r.status for r in result.results} == {"applied"}, result.results[:3]
    finally:
        hub_apply._check_fields, hub_apply._check_move = checked
        store.close()
    with_rules, without = (statistics.median(seconds[k]) * 1e6 / BATCH for k in (True, False))
    return [Row(f"hub applies a {BATCH:,}-op batch in-process, field rules checked (µs/op)", f"{with_rules:.0f}",
                f"checks off {without:.0f}",
                f"checking costs {with_rules - without:.0f} µs/op ({(with_rules - without) / without:+.0%}); "
                f"median of {CHECK_BATCHES}, min–max {min(seconds[True]) * 1e6 / BATCH:.0f}–"
                f"{max(seconds[True]) * 1e6 / BATCH:.0f}")]


# --- pull -------------------------------------------------------------------------------------

@dataclass
class PullRun:
    changes: int
    seconds: float   # end to end: every page fetched and applied
    fetch_s: float   # of which in HubClient.pull: the request, the hub's work, parsing the page
    apply_s: float   # of which in inbound.apply_page and its commit
    pages: int
    cut: bool
    cpu: Cpu         # per change; `here` is the desk


def pull_all(hub: Hub, work: Path, office_code: str, run: int, pushed: int) -> PullRun:
    """A second PC of the office pulls all the office's changes as `engine.sync` does: fetch a
    page from where its cursor stands, apply it and move the cursor in one transaction."""
    store, client = desk(work / f"pull-{run}", hub.served.url, hub.code(office_code), f"基准PC-{run}-2")
    changes = pages = 0
    fetch_s = apply_s = 0.0
    cut = False
    with client:
        before = hub.cpu()
        started = time.perf_counter()
        while True:
            with store.read() as s:
                cursor, tag = inbound.position(s)
            t = time.perf_counter()
            page = client.pull(cursor, tag=tag)
            t2 = time.perf_counter()
            with store.write() as s:
                changes += inbound.apply_page(s, load_actor(s, "sync"), page).applied
            apply_s += time.perf_counter() - t2
            fetch_s += t2 - t
            pages += 1
            if not page.more:
                break
            if time.perf_counter() - started > PULL_CAP_S:
                cut = True
                break
        seconds = time.perf_counter() - started
        cpu = (hub.cpu() - before).per(max(changes, 1))
    store.close()
    if changes < pushed and not cut:
        raise RuntimeError(f"the pull applied {changes} changes, fewer than the {pushed} pushed")
    return PullRun(changes, seconds, fetch_s, apply_s, pages, cut, cpu)


def pull_rows(pulls: list[PullRun]) -> list[Row]:
    rates = [x.changes / x.seconds for x in pulls]
    note = (f"{statistics.median(x.changes for x in pulls):,.0f} changes in {statistics.median(x.pages for x in pulls):.0f} "
            f"pages of 1,000; fetch alone {spread([x.changes / x.fetch_s for x in pulls])}/s; "
            f"goal ≥{GOAL_PULL:,}: {verdict(statistics.median(rates) >= GOAL_PULL)}")
    if any(x.cut for x in pulls):
        note += f"; CUT at {PULL_CAP_S:.0f} s"
    return [Row("pull END TO END: fetch every page over HTTP + inbound.apply_page → desk SQLite (changes/s)",
                spread(rates), f"apply alone {spread([x.changes / x.apply_s for x in pulls])}", note)]


# --- processes of their own: the fleet's desks, the burst's load generator ------------------

class Crew:
    """Child processes of this bench (`python -m bench.sync --ROLE SPEC`), stepped in lockstep
    by lines: each says a word when it reaches a step, and waits for the next line."""

    def __init__(self, role: str, specs: list[dict[str, Any]], work: Path) -> None:
        self.procs = []
        self.logs = []
        for n, spec in enumerate(specs):
            path = work / f"{role}-{n}-{new_id()}.json"
            path.write_text(json.dumps(spec, ensure_ascii=False))
            log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            self.logs.append(log)
            self.procs.append(subprocess.Popen([sys.executable, "-m", "bench.sync", f"--{role}", str(path)],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                               text=True, cwd=ROOT))
        self.guard = threading.Timer(CHILD_TIMEOUT_S, self.kill)
        self.guard.start()

    def expect(self, word: str) -> list[str]:
        said = []
        for n, proc in enumerate(self.procs):
            line = proc.stdout.readline()
            if not line.startswith(word):
                self.logs[n].seek(0)
                tail = self.logs[n].read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"bench child {n} said {line!r}, not {word!r}: {tail}")
            said.append(line[len(word):].strip())
        return said

    def say(self, line: str) -> None:
        for proc in self.procs:
            proc.stdin.write(line + "\n")
            proc.stdin.flush()

    def kill(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()

    def close(self) -> None:
        self.guard.cancel()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in self.logs:
            log.close()


def go_at(lead_s: float = 0.3) -> str:
    """The start line: everyone begins at the same wall-clock time, shortly after."""
    return f"go {time.time() + lead_s:.6f}"


def wait_for_go() -> None:
    line = sys.stdin.readline().split()
    if not line or line[0] != "go":
        sys.exit(1)
    time.sleep(max(0.0, float(line[1]) - time.time()))


# --- four desks at once ---------------------------------------------------------------------

def fleet_series(hub: Hub, work: Path, shapes: Shapes) -> list[tuple[float, Cpu, list[float]]]:
    """RUNS runs of FLEET desks, each in its own process and office, pushing at once."""
    specs = []
    for n in range(FLEET):
        code = f"F{n}"
        office = hub.office(code, f"并发基准法庭{n}")
        specs.append({"url": hub.served.url, "code": hub.code(code), "office": office, "prefix": code,
                      "root": str(work / f"fleet-{n}"), "seed": 100 + n, "shapes": asdict(shapes)})
    crew = Crew("fleet-desk", specs, work)
    runs = []
    try:
        crew.expect("enrolled")
        for n in range(RUNS):
            _say(f"run {n + 1}/{RUNS}: {FLEET} desks in processes of their own push at once, hub 2 workers")
            crew.say("fill")
            crew.expect("ready")
            before = hub.cpu()
            crew.say(go_at())
            done = [json.loads(x) for x in crew.expect("done")]
            cpu = hub.cpu() - before
            ops = sum(d["ops"] for d in done)
            if any(d["cut"] for d in done) or ops < FLEET * FLEET_RECORDS * 2:
                raise RuntimeError(f"a fleet desk did not push all its ops: {done}")
            wall = max(d["ended"] for d in done) - min(d["started"] for d in done)
            runs.append((ops / wall, cpu.per(ops), [d["ops"] / d["seconds"] for d in done]))
        crew.say("quit")
    finally:
        crew.close()
    return runs


def fleet_desk(spec: dict[str, Any]) -> None:
    """One desk of the fleet, in its own process: enroll; then for each run fill the outbox,
    wait for the go line, push it all."""
    keyring.set_keyring(fail.Keyring())
    store, client = desk(Path(spec["root"]), spec["url"], spec["code"], f"PC-{spec['prefix']}")
    shapes = Shapes(**spec["shapes"])
    rng = random.Random(spec["seed"])
    print("enrolled", flush=True)
    run = 0
    with client:
        while sys.stdin.readline().strip() == "fill":
            load_outbox(store, case_ops(shapes, spec["office"], FLEET_RECORDS, rng, f"{spec['prefix']}R{run}"))
            print("ready", flush=True)
            wait_for_go()
            done = push_outbox(store, client, BATCH, PUSH_CAP_S)
            print("done", json.dumps({"ops": done.ops, "seconds": done.seconds, "started": done.started,
                                      "ended": done.ended, "cut": done.cut}), flush=True)
            run += 1
    store.close()


def fleet_rows(runs: list[tuple[float, Cpu, list[float]]], alone: float) -> list[Row]:
    rates = [r for r, _, _ in runs]
    cpu = [c for _, c, _ in runs]
    each = [x for _, _, per in runs for x in per]
    return [Row(f"{FLEET} desks in {FLEET} processes × {2 * FLEET_RECORDS:,} ops at once → hub (2 workers) → "
                "PostgreSQL (ops/s together)", spread(rates), f"1 desk alone, 1 worker {alone:,.0f} (row above)",
                f"each desk {min(each):,.0f}–{max(each):,.0f}; CPU per op hub "
                f"{statistics.median(c.hub for c in cpu):.0f} + PostgreSQL {statistics.median(c.pg for c in cpu):.0f} µs; "
                f"goal ≥{GOAL_FLEET:,}: {verdict(statistics.median(rates) >= GOAL_FLEET)}")]


# --- 200 devices at once --------------------------------------------------------------------

def _device_request(shapes: Shapes, office_id: str, rng: random.Random, prefix: str,
                    sent: int = 0) -> p.PushRequest:
    """A device's next batch of DEVICE_OPS ops, after the `sent` it has had acknowledged."""
    rows = case_ops(shapes, office_id, DEVICE_OPS // 2, rng, prefix)
    ops = [p.Op(op_seq=sent + i + 1, **{k: r[k] for k in ("txn_id", "entity", "record_id", "op", "fields",
                                                           "base_rev", "hlc", "user", "schema_version")})
           for i, r in enumerate(rows)]
    return p.PushRequest(batch_id=new_id(), ops=ops, acked_before=sent)


def _connect(client: HubClient) -> None:
    """A fresh connection for the burst. Set-up, not measured: a connection left idle since
    enrolling may be closed by the hub (uvicorn's 5 s keep-alive) just as it is reused, and
    httpx does not resend a request the server dropped so; once more on a new one."""
    try:
        client._http.get("/v1/time")
    except httpx.TransportError:
        client._http.get("/v1/time")


def alone(hub: Hub, shapes: Shapes, rng: random.Random) -> list[float]:
    """The burst's baseline: one device pushing the same kind of batch with the hub to itself."""
    code = "DA0"
    office = hub.office(code, "单机基准调委会")
    ms = []
    with HubClient(hub.served.url, schema_version=SCHEMA_HEAD, timeout=DEVICE_TIMEOUT_S, retry=NO_RETRY) as client:
        client.token = client.enroll(hub.code(code), "PC-alone").token
        for n in range(ALONE_BATCHES):
            request = _device_request(shapes, office, rng, f"A{n}")
            t = time.perf_counter()
            client.push(request)
            ms.append((time.perf_counter() - t) * 1000)
    return ms


@dataclass
class Burst:
    latencies: list[float]  # ms, of the pushes that succeeded
    errors: list[str]
    wall: float             # first push sent to last answered, across the load generator's processes
    cpu: Cpu                # per op

    @property
    def ok(self) -> int:
        return len(self.latencies)


def burst_series(hub: Hub, work: Path, shapes: Shapes, tag: str) -> list[Burst]:
    """RUNS bursts: DEVICES devices, enrolled and connected first by LOADERS processes, push one
    batch each at the same moment; the same devices again in each run, with their next batch."""
    devices = []
    for i in range(DEVICES // 10):
        code = f"D{tag}{i:02d}"
        office = hub.office(code, f"第{tag}-{i}人民调解委员会")
        devices += [{"code": one, "office": office, "prefix": f"{code}X{k}"}
                    for k, one in enumerate(hub.codes(code, 10))]
    share = -(-DEVICES // LOADERS)
    specs = [{"url": hub.served.url, "devices": devices[k:k + share], "shapes": asdict(shapes),
              "seed": sum(map(ord, tag)) * 100 + k} for k in range(0, DEVICES, share)]
    crew = Crew("burst-loader", specs, work)
    bursts = []
    try:
        crew.expect("enrolled")
        for n in range(RUNS):
            _say(f"run {n + 1}/{RUNS}: {DEVICES} devices × {DEVICE_OPS} ops at once, hub {tag[0]} worker(s)")
            crew.say("connect")
            crew.expect("ready")
            before = hub.cpu()
            crew.say(go_at())
            said = [json.loads(x) for x in crew.expect("done")]
            cpu = hub.cpu() - before
            pushes = [one for part in said for one in part]
            latencies = [ms for _, _, ms, error in pushes if error is None]
            wall = max(e for _, e, _, _ in pushes) - min(s for s, _, _, _ in pushes)
            bursts.append(Burst(latencies, [e for _, _, _, e in pushes if e is not None], wall,
                                cpu.per(max(1, len(latencies) * DEVICE_OPS))))
        crew.say("quit")
    finally:
        crew.close()
    return bursts


def burst_loader(spec: dict[str, Any]) -> None:
    """A share of the burst's devices in one process: enroll each; then, for each burst, make
    its next batch (serialised before the burst: what is timed is the hub, not this process's
    JSON encoder), connect, and push all at once from a thread per device."""
    shapes = Shapes(**spec["shapes"])
    rng = random.Random(spec["seed"])

    def enroll(d: dict[str, Any]) -> HubClient:
        client = HubClient(spec["url"], schema_version=SCHEMA_HEAD, timeout=DEVICE_TIMEOUT_S, retry=NO_RETRY)
        client.token = client.enroll(d["code"], f"PC-{d['prefix']}").token
        return client

    with ThreadPoolExecutor(4) as pool:  # set-up, not measured
        clients = list(pool.map(enroll, spec["devices"]))
    print("enrolled", flush=True)
    sent = 0
    while sys.stdin.readline().strip() == "connect":
        bodies = [_device_request(shapes, d["office"], rng, f"{d['prefix']}R{sent}", sent).model_dump_json().encode()
                  for d in spec["devices"]]
        for client in clients:
            _connect(client)
        print("ready", flush=True)
        print("done", json.dumps(_burst(clients, bodies)), flush=True)
        sent += DEVICE_OPS
    for client in clients:
        client.close()


def _burst(clients: list[HubClient], bodies: list[bytes]) -> list[tuple[float, float, float, str | None]]:
    """Each client pushes its body from a thread of its own, all released at the go line."""
    gate = threading.Event()
    out: list[tuple[float, float, float, str | None]] = []
    lock = threading.Lock()

    def device(client: HubClient, body: bytes) -> None:
        gate.wait()
        started, t = time.time(), time.perf_counter()
        error = None
        try:
            answer = client._answer(client._send("POST", "/v1/push", content=body,
                                                 headers={"Content-Type": "application/json"}), p.PushResponse)
            if sum(r.status == "applied" for r in answer.results) != DEVICE_OPS:
                error = f"not applied: {answer.results[:2]}"
        except Exception as exc:  # noqa: BLE001 - counted and shown, never hidden
            error = f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - t) * 1000
        with lock:
            out.append((started, time.time(), ms, error))

    threads = [threading.Thread(target=device, args=pair, daemon=True) for pair in zip(clients, bodies)]
    for th in threads:
        th.start()
    wait_for_go()
    gate.set()
    for th in threads:
        th.join(DEVICE_TIMEOUT_S + 30)
    return out


def burst_rows(bursts: list[Burst], workers: int, alone_ms: list[float] | None) -> list[Row]:
    def ms(v: float) -> str:
        return f"> {DEVICE_TIMEOUT_S * 1000:,.0f}" if v == float("inf") else f"{v:,.0f}"

    # A failed push counts as slower than any that succeeded: p99 is shown as "> timeout".
    ranked = [sorted(b.latencies) + [float("inf")] * len(b.errors) for b in bursts]
    p50s, p99s = [_pct(r, .5) for r in ranked], [_pct(r, .99) for r in ranked]
    rates = [DEVICE_OPS * b.ok / b.wall for b in bursts]
    errors = sum(len(b.errors) for b in bursts)
    failed = ""
    if errors:
        kinds = sorted({e.split(":")[0] for b in bursts for e in b.errors})
        failed = f"; {errors} pushes FAILED ({', '.join(kinds)}; {DEVICE_TIMEOUT_S:.0f} s timeout, no retry)"
    p99 = statistics.median(p99s)
    rate = statistics.median(rates)
    finite = [v for v in p99s if v != float("inf")]
    p99_text = ms(p99) + (f" ({min(finite):,.0f}–{ms(max(p99s))})" if finite else "")
    alone = (f"one device alone p50 / p99 {_pct(alone_ms, .5):,.0f} / {_pct(alone_ms, .99):,.0f} ms"
             if alone_ms else "the 1-worker rows above")
    where = f"hub {workers} worker{'s' if workers > 1 else ''}"
    return [
        Row(f"{DEVICES} devices × {DEVICE_OPS} ops at once ({LOADERS} load processes) → {where}: p50 / p99 (ms)",
            f"{ms(statistics.median(p50s))} / {p99_text}", alone,
            f"{min(b.ok for b in bursts)}–{max(b.ok for b in bursts)} of {DEVICES} ok{failed}; "
            f"goal p99 ≤{GOAL_P99_MS:,}: {verdict(errors == 0 and p99 <= GOAL_P99_MS)}"),
        Row(f"{DEVICES} devices at once → {where}: ops absorbed (ops/s)", spread(rates),
            alone.split(" p50")[0] + (f" {DEVICE_OPS * len(alone_ms) / (sum(alone_ms) / 1000):,.0f}" if alone_ms else ""),
            f"wall {spread([b.wall for b in bursts], '.2f')} s; CPU per op hub "
            f"{statistics.median(b.cpu.hub for b in bursts):.0f} + PostgreSQL "
            f"{statistics.median(b.cpu.pg for b in bursts):.0f} µs; goal ≥{GOAL_BURST:,}: {verdict(rate >= GOAL_BURST)}"),
    ]


# --- the whole sync bench -------------------------------------------------------------------

_T0 = time.perf_counter()


def _say(what: str) -> None:
    print(f"sync bench [{time.perf_counter() - _T0:5.0f} s, load {load()}]: {what} …", file=sys.stderr, flush=True)


def _machine() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=False, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True,
                               check=False, cwd=ROOT).stdout.strip()
    except OSError:
        head, dirty = "?", ""
    return f"load {load()} on {os.cpu_count()} cores; code {head}{' + uncommitted src changes' if dirty else ''}"


def _section(name: str, fn: Callable[[], list[Row]], loads: dict[str, str]) -> list[Row]:
    loads[name] = load()
    _say(name)
    return fn()


def run(seed: int = 7, profile_dir: Path | None = None) -> list[Row]:
    # No keyring at all: each desk keeps its token in its CredentialStore for the run, as a
    # PC without a secure keyring does; nothing reaches the OS keyring of this machine.
    keyring.set_keyring(fail.Keyring())
    DATA.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sync-", dir=DATA))
    rng = random.Random(seed)
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)

    def prof(name: str) -> Path | None:
        return profile_dir / f"hub-{name}.prof" if profile_dir is not None else None

    before = _machine()
    print(f"sync bench: machine at start: {before}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    loads: dict[str, str] = {}
    rows: list[Row] = []
    try:
        form = shapes()
        rows += _section("the hub's field rules, in-process", lambda: bench_checks(form, work, rng), loads)
        _say("start a throwaway PostgreSQL")
        with temp_postgres_server() as pg:
            with serve(pg.url, pg.pid, 1, prof("postgresql")) as hub:
                pairs: list[PushPair] = []
                pulls: list[PullRun] = []
                loads["push, pull"] = load()
                for n in range(RUNS):
                    _say(f"run {n + 1}/{RUNS}: push {2 * RECORDS:,} ops end to end and in-process, then pull them")
                    pairs.append(push_pair(hub, work, form, rng, "PostgreSQL", n))
                    pulls.append(pull_all(hub, work, pairs[-1].office_code, n, pairs[-1].e2e.ops))
                rows += push_rows(pairs, "PostgreSQL", goals=True)
                rows += pull_rows(pulls)
                rows.append(cpu_row("CPU per pushed op, hub + PostgreSQL (µs)", [x.e2e_cpu for x in pairs],
                                    [x.inproc_cpu for x in pairs], "same batches in-process", goal=True))
                pull_cpu = [x.cpu for x in pulls]
                rows.append(Row("CPU per pulled change, hub + PostgreSQL (µs)",
                                spread([c.hub + c.pg for c in pull_cpu]),
                                f"the desk applying it {spread([c.here for c in pull_cpu])}",
                                f"hub {statistics.median(c.hub for c in pull_cpu):.0f} + PostgreSQL "
                                f"{statistics.median(c.pg for c in pull_cpu):.0f}"))
                alone_rate = statistics.median(x.e2e.rate for x in pairs)
                rows.append(_section("one op per request (lower bound)",
                                     lambda: [per_request_row(hub, work, form, rng, alone_rate)], loads)[0])
                alone_ms = _section("one device alone", lambda: alone(hub, form, rng), loads)
                loads["burst, 1 worker"] = load()
                burst_1 = burst_rows(burst_series(hub, work, form, "1"), 1, alone_ms)
            with serve(pg.url, pg.pid, 2) as hub:
                loads["fleet, 2 workers"] = load()
                rows += fleet_rows(fleet_series(hub, work, form), alone_rate)
                loads["burst, 2 workers"] = load()
                rows += burst_1 + burst_rows(burst_series(hub, work, form, "2"), 2, None)
        with serve(f"sqlite:///{work / 'hub.db'}", None, 1, prof("sqlite")) as hub:
            loads["SQLite push"] = load()
            sqlite = []
            for n in range(RUNS):
                _say(f"run {n + 1}/{RUNS}: push {2 * RECORDS:,} ops to a hub on SQLite")
                sqlite.append(push_pair(hub, work, form, rng, "SQLite", n))
            rows += push_rows(sqlite, "SQLite", goals=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows.append(Row(f"sync bench: each figure the median of {RUNS} runs (min–max)", "", "",
                    "load (1/5/15 min) as each section began: " + "; ".join(f"{k} {v}" for k, v in loads.items())))
    rows.append(Row("sync bench, machine at start / end", "", "", f"{before} / {_machine()}; "
                    f"{time.perf_counter() - started:.0f} s"))
    if profile_dir is not None:
        rows.append(Row("(the 1-worker hubs ran under cProfile: their figures are slowed)", "", "", str(profile_dir)))
    return rows


def profiled_hub(out: str, argv: list[str]) -> None:
    """`fydesk-hub` with every thread under cProfile (FastAPI runs sync endpoints in a thread
    pool, which `python -m cProfile` never sees); one merged profile written at shutdown."""
    import cProfile
    import pstats

    profilers: list[cProfile.Profile] = []

    def start(*_: object) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start)
    main = cProfile.Profile()
    profilers.append(main)
    main.enable()
    try:
        from fydesk.hub.cli import main as hub_main

        hub_main(argv)
    finally:
        main.disable()
        threading.setprofile(None)
        pstats.Stats(*profilers).dump_stats(out)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--profiled-hub"]:
        profiled_hub(sys.argv[2], sys.argv[3:])
    elif sys.argv[1:2] == ["--fleet-desk"]:
        fleet_desk(json.loads(Path(sys.argv[2]).read_text()))
    elif sys.argv[1:2] == ["--burst-loader"]:
        burst_loader(json.loads(Path(sys.argv[2]).read_text()))
    else:
        from .core import print_table

        print_table(run())
