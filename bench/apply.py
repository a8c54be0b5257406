"""The desk applying a whole pull: `inbound.apply_page` on the pages of bench/sync.py's
`pull_all` (5,000 new cases, then an edit of each, in pages of 1,000), without the hub or HTTP.

The pages are built as the hub sends them and each parsed from its bytes before its clock
starts; each page is applied in its own write transaction, as `engine.sync` does, into a fresh desk
store per run. The figure is CPU time (time.process_time) per change over the whole pull, the
median of RUNS runs. `python -m bench.apply --profile FILE` writes a cProfile of one more run.
"""

from __future__ import annotations

import argparse
import cProfile
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from fydesk.models import new_id, utcnow
from fydesk.services.context import load_actor
from fydesk.store.engine import Store
from fydesk.sync import inbound
from fydesk.sync import protocol as p

from .core import DATA, Row
from .desk import _desk
from .sync import USER, case_ops, shapes

RUNS = 3
RECORDS = 5_000  # × 2: the inserts, then an edit of each
PAGE = 1_000


def pages(form, office: str, rng: random.Random) -> list[bytes]:
    """The office's changes as the bodies of the hub's pull pages."""
    ops = case_ops(form, office, RECORDS, rng, "A1")
    changes = [{"seq": 100 + i, "entity": "case", "record_id": o["record_id"], "owner_office_id": office,
                "op": o["op"], "fields": o["fields"], "deleted": False, "needs_coordination": False,
                "author": USER, "tag": new_id()[-12:]} for i, o in enumerate(ops)]
    head = changes[-1]["seq"]
    out = []
    for start in range(0, len(changes), PAGE):
        part = changes[start:start + PAGE]
        out.append(p.PullResponse(changes=part, cursor=part[-1]["seq"], more=start + PAGE < len(changes),
                                  hub_time=utcnow(), head=head).model_dump_json().encode())
    return out


def pull(store: Store, todo: list[bytes], profile: cProfile.Profile | None = None) -> tuple[float, float]:
    """CPU seconds per change applying every page, and per change of the edit pages alone.
    Each page is parsed as `HubClient.pull` does just before it is applied, off the clock:
    one page at a time in memory, as in a pull (the garbage collector's work depends on it)."""
    spent: list[float] = []
    sizes: list[int] = []
    for raw in todo:
        page = p.PullResponse.model_validate_json(raw)
        sizes.append(len(page.changes))
        start = time.process_time()
        if profile is not None:
            profile.enable()
        with store.write() as s:
            result = inbound.apply_page(s, load_actor(s, "sync"), page)
        if profile is not None:
            profile.disable()
        spent.append(time.process_time() - start)
        if result.applied != len(page.changes) or result.failed:
            raise RuntimeError(f"applied {result.applied}, failed {result.failed} of {len(page.changes)}")
    half = len(todo) // 2
    return sum(spent) / sum(sizes), sum(spent[half:]) / sum(sizes[half:])


def measure(runs: int = RUNS, seed: int = 7, profile_to: Path | None = None) -> list[tuple[float, float]]:
    DATA.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="apply-", dir=DATA))
    rng = random.Random(seed)
    form = shapes()
    samples = []
    try:
        for n in range(runs + (profile_to is not None)):
            store, office, _sql = _desk(work / f"pull-{n}")
            todo = pages(form, office, rng)
            profile = cProfile.Profile() if profile_to is not None and n == runs else None
            try:
                result = pull(store, todo, profile)
            finally:
                store.close()
            if profile is None:
                samples.append(result)
            else:
                profile.dump_stats(profile_to)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return samples


def run(seed: int = 7, runs: int = RUNS) -> list[Row]:
    samples = measure(runs=runs, seed=seed)
    every = [a * 1e6 for a, _ in samples]
    edits = [b * 1e6 for _, b in samples]
    note = f"median of {len(samples)} pulls into fresh stores, min–max {min(every):.1f}–{max(every):.1f}"
    return [Row(f"desk: a pull of {RECORDS:,} new cases then an edit of each applied, "
                f"inbound.apply_page, CPU (µs/change)", f"{statistics.median(every):.1f}",
                f"edit pages alone {statistics.median(edits):.1f}", note)]


if __name__ == "__main__":
    from .core import print_table

    parser = argparse.ArgumentParser(prog="bench.apply")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="also write a cProfile of one more pull")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    if args.profile is not None:
        measure(runs=0, profile_to=args.profile)
    else:
        print_table(run(runs=args.runs))
