"""The desk's own share of a sync, in-process and without HTTP: what `fydesk sync` does on the
PC around each request, on the workload of bench/sync.py (case inserts, then an edit of each).

(a) the next 1,000-op batch read from the outbox (its id stored, committed) and serialised as
the client sends it; (b) the hub's answer to it settled (committed); (c) a 1,000-change pull
page parsed from its bytes, as `HubClient.pull` does; (d) such a page applied with
`inbound.apply_page` in its own transaction, a page of inserts into a fresh desk store and
then a page of edits of the same records. Beside each figure: the time spent inside SQLite
statements (commit aside), the part no Python change can take away. (e) and (f): the desk's
CPU time (time.process_time) over a whole push of that outbox and a whole pull of that workload
through `engine` as `fydesk sync` runs them, to a stub hub in-process (httpx.MockTransport;
the stub's own time is left out). Then bench/apply.py: the CPU time of applying a whole pull
of that workload, page after page.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import event

from fydesk.models import new_id, utcnow
from fydesk.services import setup
from fydesk.services.context import load_actor
from fydesk.store.engine import Store
from fydesk.store.open import open_store
from fydesk.sync import client, engine, inbound, outbox
from fydesk.sync import protocol as p

from .core import DATA, Row
from .sync import USER, case_ops, load_outbox, shapes

BATCH = outbox.BATCH_OPS
RECORDS = 5_000  # the outbox of bench/sync.py: 10,000 ops, ten batches
PAGES = 5        # fresh stores, each pulling a page of inserts and a page of edits


class _SqlClock:
    """Seconds spent inside SQLite statements on a store, from the engine's cursor events."""

    def __init__(self, store: Store) -> None:
        self.seconds = 0.0
        event.listen(store.engine, "before_cursor_execute", self._before)
        event.listen(store.engine, "after_cursor_execute", self._after)

    def _before(self, conn, *_: Any) -> None:
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, *_: Any) -> None:
        self.seconds += time.perf_counter() - conn.info.pop("bench_t0")


def _desk(root: Path) -> tuple[Store, str, _SqlClock]:
    store = open_store(root, daily_backup=False)
    with store.write() as s:
        setup.initialise(s, office_code="B01", office_name="基准人民法庭", kind="人民法庭", user=USER)
    with store.read() as s:
        office = load_actor(s, USER).office_id
    return store, office, _SqlClock(store)


def _timed(fn: Callable[[], Any], sql: _SqlClock) -> tuple[Any, float, float]:
    sql.seconds = 0.0
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start, sql.seconds


def push_side(work: Path, form, rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    store, office, sql = _desk(work / "push")
    load_outbox(store, case_ops(form, office, RECORDS, rng, "B01"))
    with store.write() as s:  # the set-up's own ops would make the first batch a short one
        s.execute(outbox._OUTBOX.delete().where(outbox._OUTBOX.c.entity != "case"))
    out: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}
    rev = 0

    def read() -> tuple[p.PushRequest | None, bytes]:
        with store.write() as s:
            request = outbox.next_batch(s)
        return request, client._encoded(request) if request is not None else b""

    while True:
        (request, _body), seconds, in_sql = _timed(read, sql)
        if request is None:
            break
        out["a"].append((seconds / len(request.ops), in_sql / len(request.ops)))
        results = []
        for op in request.ops:
            rev += 1
            results.append({"op_seq": op.op_seq, "status": "applied", "rev": rev})
        answer = p.PushResponse(batch_id=request.batch_id, results=results, hub_time=utcnow())

        def settle(answer: p.PushResponse = answer) -> tuple[int, int]:
            with store.write() as s:
                return outbox.settle(s, answer)

        (done, bad), seconds, in_sql = _timed(settle, sql)
        if (done, bad) != (len(request.ops), 0):
            raise RuntimeError(f"settled {done}, quarantined {bad} of {len(request.ops)}")
        out["b"].append((seconds / done, in_sql / done))
    store.close()
    return out


def pull_side(work: Path, form, rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {"c": [], "d_insert": [], "d_edit": []}
    for n in range(PAGES):
        store, office, sql = _desk(work / f"pull-{n}")
        ops = case_ops(form, office, BATCH, rng, f"P{n}")
        changes = [{"seq": 100 + i, "entity": "case", "record_id": o["record_id"], "owner_office_id": office,
                    "op": o["op"], "fields": o["fields"], "deleted": False, "needs_coordination": False,
                    "author": USER, "tag": new_id()[-12:]} for i, o in enumerate(ops)]
        for key, part in (("d_insert", changes[:BATCH]), ("d_edit", changes[BATCH:])):
            raw = p.PullResponse(changes=part, cursor=part[-1]["seq"], more=False, hub_time=utcnow(),
                                 head=changes[-1]["seq"]).model_dump_json().encode()
            start = time.perf_counter()
            page = p.PullResponse.model_validate_json(raw)
            out["c"].append(((time.perf_counter() - start) / len(part), 0.0))

            def apply(page: p.PullResponse = page, store: Store = store) -> inbound.PageResult:
                with store.write() as s:
                    return inbound.apply_page(s, load_actor(s, "sync"), page)

            result, seconds, in_sql = _timed(apply, sql)
            if result.applied != len(part) or result.failed:
                raise RuntimeError(f"applied {result.applied}, failed {result.failed} of {len(part)}")
            out[key].append((seconds / len(part), in_sql / len(part)))
        store.close()
    return out


def _stub_push_hub(rev: list[int], spent: list[float]) -> httpx.MockTransport:
    """A hub that applies every op, as cheaply as it can; `spent` counts its own CPU time."""

    def answer(request: httpx.Request) -> httpx.Response:
        start = time.process_time()
        body = orjson.loads(request.content)
        results = []
        for op in body["ops"]:
            rev[0] += 1
            results.append({"op_seq": op["op_seq"], "status": "applied", "rev": rev[0]})
        content = orjson.dumps({"batch_id": body["batch_id"], "results": results, "hub_time": utcnow().isoformat() + "Z",
                                "device_acked": body["ops"][-1]["op_seq"], "head": rev[0]})
        spent[0] += time.process_time() - start
        return httpx.Response(200, content=content)

    return httpx.MockTransport(answer)


def whole_sync(work: Path, form, rng: random.Random, runs: int = 3) -> dict[str, list[float]]:
    """(e) and (f): CPU seconds per op of `engine`'s push, and per change of its pull."""
    from .apply import pages  # it builds on this module's desk

    out: dict[str, list[float]] = {"e": [], "f": []}
    for n in range(runs):
        store, office, _sql = _desk(work / f"whole-{n}")
        load_outbox(store, case_ops(form, office, RECORDS, rng, "B01"))
        with store.write() as s:
            s.execute(outbox._OUTBOX.delete().where(outbox._OUTBOX.c.entity != "case"))
        spent = [0.0]
        hub = client.HubClient("http://hub.test", token="t", transport=_stub_push_hub([0], spent),
                               retry=client.RetryPolicy(attempts=1))
        summary = engine.SyncSummary()
        start = time.process_time()
        engine._push_all(store, hub, summary, utcnow)
        out["e"].append((time.process_time() - start - spent[0]) / summary.pushed)
        store.close()
        store, office, _sql = _desk(work / f"whole-pull-{n}")
        served = iter(pages(form, office, rng))
        hub = client.HubClient("http://hub.test", token="t", retry=client.RetryPolicy(attempts=1),
                               transport=httpx.MockTransport(lambda _request, served=served: httpx.Response(
                                   200, content=next(served))))
        summary = engine.SyncSummary()
        start = time.process_time()
        engine._pull_all(store, hub, summary, utcnow)
        out["f"].append((time.process_time() - start) / summary.pulled)
        store.close()
    return out


def _cpu_row(what: str, samples: list[float]) -> Row:
    per = [s * 1e6 for s in samples]
    return Row(what, f"{statistics.median(per):.1f}", "", f"median of {len(per)}, min–max {min(per):.1f}–{max(per):.1f}")


def _row(what: str, samples: list[tuple[float, float]], sql_note: bool = True) -> Row:
    per = [s * 1e6 for s, _ in samples]
    in_sql = statistics.median(q * 1e6 for _, q in samples)
    return Row(what, f"{statistics.median(per):.1f}", f"in SQLite statements {in_sql:.1f}" if sql_note else "",
               f"median of {len(per)}, min–max {min(per):.1f}–{max(per):.1f}")


def run(seed: int = 7) -> list[Row]:
    DATA.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="desk-", dir=DATA))
    rng = random.Random(seed)
    load = os.getloadavg()[0]
    try:
        form = shapes()
        push = push_side(work, form, rng)
        pull = pull_side(work, form, rng)
        whole = whole_sync(work, form, rng)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from . import apply  # it builds on this module's desk

    apply_rows = apply.run(seed=seed)
    return [
        _row(f"desk: next batch of {BATCH:,} ops read, stored and serialised (µs/op)", push["a"]),
        _row(f"desk: the hub's answer to a {BATCH:,}-op batch settled (µs/op)", push["b"]),
        _row(f"desk: a {BATCH:,}-change pull page parsed from bytes (µs/change)", pull["c"], sql_note=False),
        _row(f"desk: a page of {BATCH:,} inserts applied, inbound.apply_page (µs/change)", pull["d_insert"]),
        _row(f"desk: a page of {BATCH:,} edits applied, inbound.apply_page (µs/change)", pull["d_edit"]),
        _cpu_row(f"desk: a push of {2 * RECORDS:,} ops through engine to a stub hub, CPU (µs/op)", whole["e"]),
        _cpu_row(f"desk: a pull of {2 * RECORDS:,} changes through engine from a stub hub, CPU (µs/change)", whole["f"]),
        *apply_rows,
        Row("desk bench, machine", "", "", f"load {load:.1f} at start, {os.getloadavg()[0]:.1f} at end, "
            f"{os.cpu_count()} cores"),
    ]


if __name__ == "__main__":
    from .core import print_table

    print_table(run())
