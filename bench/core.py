"""Foundation benchmarks: search against a like-for-like scan, demo generation, command start-up."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from fydesk.services import demo
from fydesk.services.search import Plan, search
from fydesk.services.search import run as run_plan
from fydesk.store.open import open_store

DATA = Path(__file__).parent / ".data"
# Common, middling and absent words of three or more characters, then short ones.
LONG_QUERIES = ("调解协议", "宅基地", "物业费", "拖欠工资", "分家析产")
SHORT_QUERIES = ("宅基", "漏水", "鱼塘", "滑坡", "调解", "王")
# Runs of the whole word list, and timings of each side per word and run: the same number on
# both sides, so that neither p95 sees more of the machine's hiccups than the other.
ROUNDS, SAMPLES = 5, 11
# Not the baseline (it counts every match instead of stopping at the newest 20 cases): what a
# LIKE over the content tables costs, for scale.
LIKE_SQL = text(
    "SELECT count(*) FROM ("
    "SELECT id FROM mediation_cases WHERE summary LIKE :p OR claims LIKE :p "
    "UNION ALL SELECT id FROM mediation_sessions WHERE record LIKE :p "
    "UNION ALL SELECT id FROM agreements WHERE facts LIKE :p OR disputes LIKE :p "
    "OR responsibility LIKE :p "
    "UNION ALL SELECT id FROM parties WHERE name LIKE :p OR address LIKE :p)"
)


@dataclass(frozen=True)
class Row:
    what: str
    figure: str
    baseline: str
    note: str = ""


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _dataset(records: int, seed: int, fresh: bool) -> tuple[Path, float | None]:
    root = DATA / f"cases-{records}-seed-{seed}"
    if fresh and root.exists():
        shutil.rmtree(root)
    if (root / "fydesk.db").exists():
        return root, None
    root.mkdir(parents=True, exist_ok=True)
    store = open_store(root, daily_backup=False)
    started = time.perf_counter()
    demo.generate(store, records=records, seed=seed)
    seconds = time.perf_counter() - started
    store.close()
    return root, seconds


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _alternate(first, second, repeat: int) -> tuple[list[float], list[float]]:
    """Timings of two ways of doing the same thing, taken in turns after one untimed go of
    each: timed one after the other, the first timing of whichever came first after another
    word paid for the caches alone."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a += _time(first, 1)
        b += _time(second, 1)
    return a, b


def scan_only(session, q: str, limit: int) -> list:
    """The like-for-like baseline: search() with no index at all. The same newest-first walk,
    one hit per case, stopping at the `limit`-th case, with every word checked by instr()."""
    terms = q.split()
    return run_plan(session, Plan("scan", None, tuple(terms)), terms, limit)


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    return _pct(samples, .5), _pct(samples, .95)


def _median_pair(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def _ms(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def _ratio(x: float) -> str:
    return f"×{x:.1f}" if x < 10 else f"×{x:.0f}"


def _group(q: str) -> str:
    return "1-2 characters" if len(q) < 3 else "3+ characters"


def bench_search(root: Path, rounds: int = ROUNDS) -> list[Row]:
    """Every figure is the median over `rounds` runs of that run's p50 / p95; the words take
    turns within a run, so a burst of load on the machine falls on all of them alike."""
    store = open_store(root, daily_backup=False)
    words = LONG_QUERIES + SHORT_QUERIES
    per_word: dict[str, tuple[list, list]] = {q: ([], []) for q in words}
    per_group: dict[str, tuple[list, list]] = {}
    like: dict[str, float] = {}
    shown: dict[str, int] = {}
    with store.read() as session:
        for q in words:
            hits = [(h.entity, h.record_id) for h in search(session, q)]
            assert hits == [(h.entity, h.record_id) for h in scan_only(session, q, 20)], q
            shown[q] = len(hits)
            like[q] = statistics.median(
                _time(lambda q=q: session.execute(LIKE_SQL, {"p": f"%{q}%"}).scalar(), 3))
        for _ in range(rounds):
            pooled: dict[str, tuple[list, list]] = {}
            for q in words:
                fts, scan = _alternate(lambda q=q: search(session, q, limit=20),
                                       lambda q=q: scan_only(session, q, 20), SAMPLES)
                per_word[q][0].append(_p50_p95(fts))
                per_word[q][1].append(_p50_p95(scan))
                for key in (_group(q), "all words"):
                    pooled.setdefault(key, ([], []))
                    pooled[key][0].extend(fts)
                    pooled[key][1].extend(scan)
            for key, (fts, scan) in pooled.items():
                per_group.setdefault(key, ([], []))
                per_group[key][0].append(_p50_p95(fts))
                per_group[key][1].append(_p50_p95(scan))
    store.close()
    rows = []
    for key in ("1-2 characters", "3+ characters", "all words"):
        fts, scan = _median_pair(per_group[key][0]), _median_pair(per_group[key][1])
        rows.append(Row(f"search, {key}: p50 / p95 (ms), median of {rounds}",
                        f"{fts[0]:.2f} / {fts[1]:.2f}",
                        f"scan to 20 cases {_ms(scan[0])} / {_ms(scan[1])}",
                        f"{_ratio(scan[1] / fts[1])} at p95, {_ratio(scan[0] / fts[0])} at p50"))
    for q in words:
        fts, scan = _median_pair(per_word[q][0]), _median_pair(per_word[q][1])
        rows.append(Row(f"search “{q}” p50 / p95 (ms)", f"{fts[0]:.2f} / {fts[1]:.2f}",
                        f"scan to 20 cases {_ms(scan[0])} / {_ms(scan[1])}",
                        f"{_ratio(scan[0] / fts[0])} at p50; {shown[q]} cases shown; "
                        f"full LIKE scan {like[q]:.0f}"))
    slowest = min(words, key=lambda q: _median_pair(per_word[q][1])[0] / _median_pair(per_word[q][0])[0])
    ratio = _median_pair(per_word[slowest][1])[0] / _median_pair(per_word[slowest][0])[0]
    rows.append(Row("search, the word closest to its scan", f"“{slowest}” {_ratio(ratio)} at p50", "", ""))
    return rows


def bench_demo(seed: int, records: int = 20_000) -> Row:
    tmp = DATA / "demo-rate"
    shutil.rmtree(tmp, ignore_errors=True)
    store = open_store(tmp, daily_backup=False)
    started = time.perf_counter()
    demo.generate(store, records=records, seed=seed)
    seconds = time.perf_counter() - started
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return Row(f"demo generation, {records:,} cases", f"{records / seconds:,.0f} cases/s",
               "", f"{seconds:.1f} s")


def _run_cmd(argv: list[str], env: dict[str, str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_cli(root: Path) -> list[Row]:
    env = {**os.environ, "FYDESK_DATA_DIR": str(root)}
    exe = str(Path(sys.executable).with_name("fydesk"))
    bare = _run_cmd([sys.executable, "-c", "pass"], env, 7)
    base = f"python -c pass {statistics.median(bare):.0f}"
    rows = []
    for label, argv in (
        ("fydesk --version", [exe, "--version"]),
        ("fydesk validate id", [exe, "validate", "id", "11010519491231002X"]),
        ("fydesk search 宅基地 (opens 100k DB)", [exe, "search", "宅基地", "--json"]),
        ("fydesk stats --period", [exe, "stats", "--period", "2026-10", "--json"]),
    ):
        samples = _run_cmd(argv, env, 7)
        rows.append(Row(f"{label}, median (ms)", f"{statistics.median(samples):.0f}", base))
    return rows


def run(records: int, seed: int, fresh: bool) -> list[Row]:
    root, seconds = _dataset(records, seed, fresh)
    rows = []
    if seconds is not None:
        rows.append(Row(f"demo generation, {records:,} cases", f"{records / seconds:,.0f} cases/s",
                        "", f"{seconds:.1f} s"))
    else:
        rows.append(bench_demo(seed))
    rows += bench_search(root)
    rows += bench_cli(root)
    return rows


def print_table(rows: list[Row]) -> None:
    headers = ("benchmark", "figure", "baseline (same run)", "note")
    table = [headers] + [(r.what, r.figure, r.baseline, r.note) for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(4)]
    for n, row in enumerate(table):
        print(" | ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
