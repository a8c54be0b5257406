"""Sync benchmarks: push end to end, pull apply on the desk, 200 devices pushing at once.

Every hub here is the real one: `fydesk-hub serve` (uvicorn, one worker) in a subprocess on
127.0.0.1, over a throwaway PostgreSQL (fsync on) or an SQLite file. Desks are real data dirs
enrolled through the enroll endpoint; pushes go through `HubClient.push` with batches read
from the outbox by `fydesk.sync.outbox`, exactly as `fydesk sync` does. Each figure sits
beside a baseline measured in the same run.
"""

from __future__ import annotations

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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import httpx
import keyring
from keyring.backends import fail
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fydesk.hub import admin, auth
from fydesk.hub.store import HubStore
from fydesk.models import Office, OutboxOp, new_id, utcnow
from fydesk.services import records, setup
from fydesk.services.context import load_actor
from fydesk.services.entities import ENTITIES
from fydesk.store.engine import Store
from fydesk.store.migrate import SCHEMA_HEAD
from fydesk.store.open import open_store
from fydesk.sync import engine, inbound, outbox
from fydesk.sync import protocol as p
from fydesk.sync.client import HubClient, RetryPolicy
from fydesk.sync.credentials import CredentialStore

from .core import DATA, Row, _pct
from .pg import free_port, temp_postgres

RECORDS = 5_000          # × 2 ops (insert, then an edit) = 10,000 pushed ops
BATCH = outbox.BATCH_OPS  # what `fydesk sync` sends
BASELINE_OPS = 1_000     # the one-request-per-op baseline is timed on this many ops
DEVICES = 200
DEVICE_OPS = 100
ALONE_BATCHES = 10       # the single-device baseline of the burst
# Bounds, so that a slow hub still gives a figure in about three minutes.
PUSH_CAP_S = 90.0
BASELINE_CAP_S = 8.0
PULL_CAP_S = 8.0
DEVICE_TIMEOUT_S = 35.0
USER = "书记员"
# No retries inside a measurement: a failed request is counted, not hidden behind a backoff.
NO_RETRY = RetryPolicy(attempts=1)

GOAL_PUSH, GOAL_RATIO, GOAL_PULL, GOAL_P99_MS = 5_000, 20, 10_000, 1_000


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

class HubProcess:
    """`python -m fydesk.hub.cli serve` on 127.0.0.1: one uvicorn worker, its own process."""

    def __init__(self, db_url: str, profile: Path | None = None) -> None:
        self.db_url = db_url
        self.profile = profile
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        hub = ["--db", self.db_url, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.profile is None:
            argv = [sys.executable, "-m", "fydesk.hub.cli", *hub]
        else:
            argv = [sys.executable, "-m", "bench.sync", "--profiled-hub", str(self.profile), *hub]
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log, cwd=Path(__file__).parent.parent)
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/v1/time", timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"hub did not start: {self.output()}") from None
                time.sleep(0.05)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # uvicorn shuts down; cProfile writes its file
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Hub:
    """The hub's database (for IT's admin steps, done in-process) and its serving process."""

    store: HubStore
    served: HubProcess

    def office(self, code: str, name: str) -> str:
        with self.store.session() as s:
            return admin.add_office(s, code, name, "人民法庭").id

    def code(self, office_code: str) -> str:
        return self.codes(office_code, 1)[0]

    def codes(self, office_code: str, n: int) -> list[str]:
        with self.store.session() as s:
            return [auth.new_enroll_code(s, office_code) for _ in range(n)]


@contextmanager
def serve(db_url: str, profile: Path | None) -> Iterator[Hub]:
    store = HubStore(db_url)  # schema first, so the served process finds it at head
    served = HubProcess(db_url, profile)
    try:
        with served:
            yield Hub(store, served)
        if served.proc is not None and served.proc.returncode not in (0, -signal.SIGINT):
            last = served.output().strip().splitlines()[-1:] or [""]
            print(f"sync bench: the hub exited with {served.proc.returncode}: {last[0][:300]}", file=sys.stderr)
    finally:
        served.log.close()
        store.close()


def desk(root: Path, hub: Hub, office_code: str, name: str) -> tuple[Store, HubClient]:
    """A desk data dir enrolled like `fydesk enroll`; its client sends with no retries."""
    store = open_store(root, daily_backup=False)
    credentials = CredentialStore()
    engine.enroll(store, credentials, hub.served.url, hub.code(office_code), device_name=name)
    return store, engine.connect(store, credentials, timeout=120, retry=NO_RETRY)


# --- push -------------------------------------------------------------------------------------

@dataclass
class PushRun:
    ops: int = 0
    seconds: float = 0.0
    in_push: float = 0.0  # inside HubClient.push: serialise, HTTP, the hub's work, parse the answer
    batch_ms: list[float] = field(default_factory=list)
    cut: bool = False  # stopped at the time cap with ops still pending

    @property
    def rate(self) -> float:
        return self.ops / self.seconds

    @property
    def local_share(self) -> float:
        return 1 - self.in_push / self.seconds


def push_outbox(store: Store, client: HubClient, max_ops: int, cap_s: float) -> PushRun:
    """The push half of `engine.sync`: next batch (its id stored first), push, settle — until
    the outbox is empty or `cap_s` has passed."""
    run = PushRun()
    started = time.perf_counter()
    while True:
        if time.perf_counter() - started > cap_s:
            run.cut = True
            break
        with store.write() as s:
            request = outbox.next_batch(s, max_ops=max_ops)
        if request is None:
            break
        t = time.perf_counter()
        response = client.push(request)
        dt = time.perf_counter() - t
        with store.write() as s:
            done, bad = outbox.settle(s, response)
        if bad:
            raise RuntimeError(f"the hub rejected {bad} bench ops: {response.results[:3]}")
        run.ops += done
        run.in_push += dt
        run.batch_ms.append(dt * 1000)
    run.seconds = time.perf_counter() - started
    return run


def bench_push(hub: Hub, label: str, work: Path, shapes: Shapes, rng: random.Random) -> list[Row]:
    office = hub.office("B01", "基准人民法庭")
    store, client = desk(work / f"push-{label}", hub, "B01", "基准PC")
    with client:
        load_outbox(store, case_ops(shapes, office, RECORDS, rng, "B01"))
        _say(f"push {2 * RECORDS:,} ops to the hub on {label}, batches of {BATCH}")
        batched = push_outbox(store, client, BATCH, PUSH_CAP_S)
        load_outbox(store, case_ops(shapes, office, BASELINE_OPS // 2, rng, "B01X"))
        _say(f"push up to {BASELINE_OPS:,} ops to the hub on {label}, one per request")
        single = push_outbox(store, client, 1, BASELINE_CAP_S)
    store.close()
    ratio = batched.rate / single.rate
    http_only = single.ops / single.in_push
    note = (f"×{ratio:.1f} (×{batched.rate / http_only:.1f} against the requests alone); "
            f"batch p50 / max {_pct(batched.batch_ms, .5):,.0f} / {max(batched.batch_ms):,.0f} ms; "
            f"desk's outbox work {batched.local_share:.0%} of the time")
    if batched.cut:
        note += f"; cut at {PUSH_CAP_S:.0f} s"
    if label == "PostgreSQL":
        met = batched.rate >= GOAL_PUSH and ratio >= GOAL_RATIO
        note += f"; goal ≥{GOAL_PUSH:,} and ≥×{GOAL_RATIO}: {'met' if met else 'MISSED'}"
    return [Row(f"push {batched.ops:,} ops → hub on {label}, batches of {BATCH} (ops/s)",
                f"{batched.rate:,.0f}",
                f"1 op per request {single.rate:,.0f} ({single.ops:,} ops"
                f"{' in ' + format(BASELINE_CAP_S, '.0f') + ' s' if single.cut else ''}; "
                f"requests alone {http_only:,.0f})",
                note)]


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


# --- pull apply -------------------------------------------------------------------------------

def fetch_pages(client: HubClient) -> tuple[list[p.PullResponse], float]:
    pages, cursor = [], 0
    started = time.perf_counter()
    while True:
        page = client.pull(cursor, limit=1000)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            return pages, time.perf_counter() - started


def apply_pages(store: Store, pages: list[p.PullResponse], cap_s: float = float("inf")) -> tuple[int, int, float]:
    """What `engine.sync` does with each page: apply it and move the cursor in one transaction.
    Returns (changes applied, pages applied, seconds); stops after the page that passes cap_s."""
    applied = done = 0
    started = time.perf_counter()
    for page in pages:
        with store.write() as s:
            applied += inbound.apply_page(s, load_actor(s, "sync"), page).applied
        done += 1
        if time.perf_counter() - started > cap_s:
            break
    return applied, done, time.perf_counter() - started


def _columns(spec, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in spec.fields:
        if f.name in values:
            v = values[f.name]
            out[f.name] = f.parse(v) if v is not None and f.kind in ("date", "datetime") else v
    return out


def floor_pages(store: Store, pages: list[p.PullResponse]) -> tuple[int, float]:
    """The floor: the same pages as executemany upserts per entity and field set, one
    transaction per page — no audit entry, no pending-field or reference checks."""
    applied = 0
    started = time.perf_counter()
    for page in pages:
        groups: dict[tuple, list[dict[str, Any]]] = {}
        for ch in page.changes:
            spec = ENTITIES.get(ch.entity)
            if spec is None:
                continue
            values = _columns(spec, ch.fields)
            now = utcnow()
            kind = "insert" if ch.op == "insert" else "update"
            row = {**values, "_id": ch.record_id, "rev": ch.seq, "updated_at": now}
            if kind == "insert":
                row.update(owner_office_id=ch.owner_office_id, created_at=now)
            groups.setdefault((spec.name, kind, tuple(sorted(row))), []).append(row)
            applied += 1
        with store.write() as s:
            for (name, kind, cols), rows in groups.items():
                table = ENTITIES[name].model.__table__
                if kind == "insert":
                    stmt = sqlite_insert(table).values({c if c != "_id" else "id": bindparam(c) for c in cols})
                    stmt = stmt.on_conflict_do_update(index_elements=["id"], set_={
                        c: stmt.excluded[c] for c in cols if c not in ("_id", "created_at")})
                else:
                    stmt = update(table).where(table.c.id == bindparam("_id")).values(
                        {c: bindparam(c) for c in cols if c != "_id"})
                s.connection().execute(stmt, rows)
    return applied, time.perf_counter() - started


def bench_pull(hub: Hub, work: Path) -> list[Row]:
    """A second PC of the office pulls all the office's changes: the ops pushed above."""
    store, client = desk(work / "pull", hub, "B01", "基准PC-2")
    with client:
        pages, fetch_s = fetch_pages(client)
    fetched = sum(len(page.changes) for page in pages)
    _say(f"apply {fetched:,} pulled changes ({len(pages)} pages) to a desk store")
    applied, done, apply_s = apply_pages(store, pages, PULL_CAP_S)
    with store.read() as s:
        office = s.get(Office, load_actor(s).office_id)
        cases = s.scalar(select(func.count()).select_from(ENTITIES["case"].model))
    store.close()
    if not cases:
        raise RuntimeError("the pull applied no case")
    floor_store = open_store(work / "pull-floor", daily_backup=False)
    with floor_store.write() as s:
        s.add(Office(id=office.id, owner_office_id=office.id, code=office.code, name=office.name,
                     kind=office.kind))
    floored, floor_s = floor_pages(floor_store, pages)
    floor_store.close()
    rate = applied / apply_s
    cut = f" (first {done} of {len(pages)} pages, {PULL_CAP_S:.0f} s cap)" if done < len(pages) else ""
    return [Row("pull apply, pages of 1,000 → desk SQLite, inbound.apply_page (ops/s)", f"{rate:,.0f}",
                f"same pages as executemany upserts {floored / floor_s:,.0f}",
                f"{applied:,} changes{cut}; fetch+parse alone {fetched / fetch_s:,.0f}/s; "
                f"goal ≥{GOAL_PULL:,}: {'met' if rate >= GOAL_PULL else 'MISSED'}")]


# --- 200 devices at once --------------------------------------------------------------------

def _device_request(shapes: Shapes, office_id: str, rng: random.Random, prefix: str) -> p.PushRequest:
    rows = case_ops(shapes, office_id, DEVICE_OPS // 2, rng, prefix)
    ops = [p.Op(op_seq=i + 1, **{k: r[k] for k in ("txn_id", "entity", "record_id", "op", "fields", "base_rev",
                                                    "hlc", "user", "schema_version")})
           for i, r in enumerate(rows)]
    return p.PushRequest(batch_id=new_id(), ops=ops)


def _enroll(hub: Hub, code: str, name: str, timeout: float = 60.0) -> HubClient:
    client = HubClient(hub.served.url, schema_version=SCHEMA_HEAD, timeout=timeout, retry=NO_RETRY)
    client.token = client.enroll(code, name).token
    return client


def _connect(client: HubClient) -> None:
    """A fresh connection for the burst. Set-up, not measured: a connection left idle since
    enrolling may be closed by the hub (uvicorn's 5 s keep-alive) just as it is reused, and
    httpx does not resend a request the server dropped so; once more on a new one."""
    try:
        client._http.get("/v1/time")
    except httpx.TransportError:
        client._http.get("/v1/time")


def bench_devices(hub: Hub, shapes: Shapes, rng: random.Random) -> list[Row]:
    _say(f"enroll {DEVICES + 1} devices")
    offices = [(f"D{i:02d}", hub.office(f"D{i:02d}", f"第{i}人民调解委员会")) for i in range(DEVICES // 10)]
    codes = [(code, office, one) for code, office in offices for one in hub.codes(code, 10)]
    with ThreadPoolExecutor(8) as pool:  # enrolling is set-up, not measured
        clients = list(pool.map(lambda c: (_enroll(hub, c[2], f"PC-{c[0]}-{c[2][-4:]}", DEVICE_TIMEOUT_S), c[1]),
                                codes))
    # The baseline: one more device pushing the same kind of batch with the hub to itself.
    _say(f"one device pushes {ALONE_BATCHES} batches of {DEVICE_OPS} ops alone")
    alone: list[float] = []
    with _enroll(hub, hub.code(offices[0][0]), "PC-alone") as client:
        for n in range(ALONE_BATCHES):
            request = _device_request(shapes, offices[0][1], rng, f"A{n}")
            t = time.perf_counter()
            client.push(request)
            alone.append((time.perf_counter() - t) * 1000)
    alone_rate = DEVICE_OPS * ALONE_BATCHES / (sum(alone) / 1000)

    requests = [_device_request(shapes, office, rng, f"X{n}") for n, (_, office) in enumerate(clients)]
    with ThreadPoolExecutor(16) as pool:  # connected first: the burst times pushes, not handshakes
        list(pool.map(lambda c: _connect(c[0]), clients))
    gate = threading.Barrier(len(clients) + 1)
    latencies: list[float] = []
    errors: list[str] = []
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()

    def device(client: HubClient, request: p.PushRequest) -> None:
        gate.wait()
        t = time.perf_counter()
        error = None
        try:
            client.push(request)
        except Exception as exc:  # noqa: BLE001 - counted and shown, never hidden
            error = f"{type(exc).__name__}: {exc}"
        end = time.perf_counter()
        with lock:
            spans.append((t, end))
            if error is None:
                latencies.append((end - t) * 1000)
            else:
                errors.append(error)

    _say(f"{DEVICES} devices push {DEVICE_OPS} ops each at once")
    threads = [threading.Thread(target=device, args=(c, r), daemon=True) for (c, _), r in zip(clients, requests)]
    for th in threads:
        th.start()
    gate.wait()
    for th in threads:
        th.join(timeout=DEVICE_TIMEOUT_S + 30)
    for client, _ in clients:
        client.close()
    wall = max(e for _, e in spans) - min(s for s, _ in spans)
    ok = len(latencies)
    # A failed push counts as slower than any that succeeded: p99 is shown as "> timeout".
    ranked = sorted(latencies) + [float("inf")] * len(errors)
    p50, p99 = _pct(ranked, .5), _pct(ranked, .99)
    met = ok == DEVICES and p99 <= GOAL_P99_MS

    def ms(v: float) -> str:
        return f"> {DEVICE_TIMEOUT_S * 1000:,.0f}" if v == float("inf") else f"{v:,.0f}"

    failed = ""
    if errors:
        kinds = sorted({e.split(":")[0] for e in errors})
        failed = f", {len(errors)} FAILED ({', '.join(kinds)}; {DEVICE_TIMEOUT_S:.0f} s timeout, no retry)"
    return [
        Row(f"{DEVICES} devices × {DEVICE_OPS}-op batch at once → hub on PostgreSQL, p50 / p99 (ms)",
            f"{ms(p50)} / {ms(p99)}",
            f"one device alone {_pct(alone, .5):,.0f} / {_pct(alone, .99):,.0f}",
            f"{ok} ok{failed}; goal p99 ≤{GOAL_P99_MS:,}: {'met' if met else 'MISSED'}"),
        Row(f"{DEVICES} devices at once, ops acknowledged (ops/s)", f"{DEVICE_OPS * ok / wall:,.0f}",
            f"one device alone {alone_rate:,.0f}",
            f"{DEVICE_OPS * ok:,} ops in {wall:.1f} s; behind one log lock a burst of "
            f"{DEVICES * DEVICE_OPS:,} ops needs ≥{DEVICES * DEVICE_OPS * 1000 // GOAL_P99_MS:,} ops/s for p99 ≤1 s"),
    ]


# --- the whole sync bench -------------------------------------------------------------------

_T0 = time.perf_counter()


def _say(what: str) -> None:
    print(f"sync bench [{time.perf_counter() - _T0:5.0f} s]: {what} …", file=sys.stderr, flush=True)


def _machine() -> str:
    load = os.getloadavg()[0]
    try:
        root = Path(__file__).resolve().parent.parent
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=False, cwd=root).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True,
                               check=False, cwd=root).stdout.strip()
    except OSError:
        head, dirty = "?", ""
    return f"load {load:.1f} on {os.cpu_count()} cores; code {head}{' + uncommitted src changes' if dirty else ''}"


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
    started = time.perf_counter()
    try:
        form = shapes()
        _say("the hub's field rules: batches applied in-process with and without the checks")
        checks = bench_checks(form, work, rng)
        _say("start a throwaway PostgreSQL")
        with temp_postgres() as pg_url, serve(pg_url, prof("postgresql")) as hub:
            push_pg = bench_push(hub, "PostgreSQL", work, form, rng)
            pull = bench_pull(hub, work)
            devices = bench_devices(hub, form, rng)
        with serve(f"sqlite:///{work / 'hub.db'}", prof("sqlite")) as hub:
            push_sqlite = bench_push(hub, "SQLite", work, form, rng)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = push_pg + push_sqlite + checks + pull + devices
    rows.append(Row("sync bench, machine at start / end", "", "", f"{before} / {_machine()}; "
                    f"{time.perf_counter() - started:.0f} s"))
    if profile_dir is not None:
        rows.append(Row("(hubs ran under cProfile: their figures are slowed)", "", "", str(profile_dir)))
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
    else:
        from .core import print_table

        print_table(run())
