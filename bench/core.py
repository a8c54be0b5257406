"""Foundation benchmarks: search against a LIKE scan, demo generation, command start-up."""

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
from fydesk.services.search import _run, search
from fydesk.store.open import open_store

DATA = Path(__file__).parent / ".data"
# Common, middling and absent words of three or more characters, then short ones.
LONG_QUERIES = ("调解协议", "宅基地", "物业费", "拖欠工资", "分家析产")
SHORT_QUERIES = ("宅基", "漏水", "鱼塘", "滑坡", "调解", "王")
# The baseline: what search costs without an index, a LIKE scan of the content tables.
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


def scan_only(session, q: str, limit: int) -> list:
    """search() without the index: every word matched by instr(), newest rows first."""
    hits: list = []
    _run(session, q.split(), [], q.split(), limit, hits, set(), floor=0)
    return hits


def bench_search(root: Path) -> list[Row]:
    store = open_store(root, daily_backup=False)
    rows = []
    with store.read() as session:
        groups: dict[str, tuple[list[float], list[float], list[float]]] = {}
        for q in LONG_QUERIES + SHORT_QUERIES:
            search(session, q)  # warm the page cache for both sides alike
            fts = _time(lambda: search(session, q, limit=20), 21)
            like = _time(lambda: session.execute(LIKE_SQL, {"p": f"%{q}%"}).scalar(), 3)
            # Like for like: the same newest-20-cases walk, by plain scan and no index.
            early = _time(lambda: scan_only(session, q, 20), 5)
            group = "3+ characters" if len(q) >= 3 else "1-2 characters"
            for key in (group, "all words"):
                groups.setdefault(key, ([], [], []))
                groups[key][0].extend(fts)
                groups[key][1].extend(like)
                groups[key][2].extend(early)
            rows.append(Row(f"search “{q}” p50 / p95 (ms)",
                            f"{_pct(fts, .5):.2f} / {_pct(fts, .95):.2f}",
                            f"LIKE scan {statistics.median(like):.0f}; "
                            f"scan to 20 {statistics.median(early):.1f}",
                            f"{len(search(session, q))} cases shown"))
        for key, (fts, like, early) in groups.items():
            rows.append(Row(f"search, {key}: p50 / p95 (ms)",
                            f"{_pct(fts, .5):.2f} / {_pct(fts, .95):.2f}",
                            f"LIKE scan {_pct(like, .5):.0f} / {_pct(like, .95):.0f}; "
                            f"scan to 20 {_pct(early, .5):.0f} / {_pct(early, .95):.0f}",
                            f"×{_pct(like, .95) / _pct(fts, .95):.0f} at p95, "
                            f"×{statistics.median(like) / statistics.median(fts):.0f} at p50"))
    store.close()
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
