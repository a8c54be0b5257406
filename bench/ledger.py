"""Excel 台账 import at office scale: a 50,000-row ledger, and one whose every second row has a
bad ID number (25,000 errors), each imported into a fresh office in a process of its own, for
its time and peak memory (the process's ru_maxrss: start-up, the sheet, the checks, the writes).

Beside them, today's figures: the import as it was before rows were checked first and written
many at a time (every record through the unit of work in savepoints), measured on this machine
once — at 50,000 rows it takes minutes, too long to repeat in every bench run. In the same run,
that previous way (kept below as `previous_import`) and the present one on 2,000 rows, so the
ratio is measured like for like each time.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .core import DATA, Row
from .ledger_data import write_ledger

ROWS = 50_000
SMALL = 1_000
# Before the change, measured once on this machine (2 cores) with other work beside it (load
# average about 8): wall time, which that load stretches about fourfold, the process's CPU time
# (read off the process list for the first), and peak memory. The figures from the office that
# reported it, on a quiet PC: 4 min 24 s for the first; 10 min 36 s and 930 MB for the second.
TODAY = {
    "clean": "today 2,100 s (≈480 s CPU), 306 MB",
    "errors": "today 3,264 s (1,406 s CPU), 1,072 MB",
}


def _files() -> dict[str, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    files = {"clean": DATA / f"ledger-{ROWS}.xlsx", "errors": DATA / f"ledger-{ROWS}-errors.xlsx",
             "small": DATA / f"ledger-{SMALL}.xlsx"}
    for kind, path in files.items():
        if not path.exists():
            write_ledger(path, SMALL if kind == "small" else ROWS, bad_every=2 if kind == "errors" else 0)
    return files


def previous_import(session, actor, header, rows):
    """The import as it was: a case number looked up for each row as it is read, then every
    record created through the unit of work in a savepoint of its own (transfer.create_all)."""
    from sqlalchemy import select

    from fydesk.models import Staff
    from fydesk.services import cases, ledger, transfer

    columns = ledger._header_map(header)
    staff = {name: sid for sid, name in session.execute(
        select(Staff.id, Staff.name).where(Staff.office_id == actor.office_id, Staff.deleted_at.is_(None)))}
    errors = transfer.Errors()
    pending = []
    for number, cells in rows:
        pending += ledger._row_records(lambda year: cases.allocate_case_number(session, actor, actor.office_id, year),
                                       actor, columns, staff, errors, number, cells)
    errors.raise_if_any()
    return transfer.create_all(session, actor, pending)


def _child(path: str, way: str) -> None:
    """In a fresh process: set up an office, import the file, print time, CPU and peak memory."""
    from datetime import date

    from fydesk.documents.xlsx import read_ledger
    from fydesk.services import ledger, records, setup, transfer
    from fydesk.services.context import load_actor
    from fydesk.store.open import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "data", daily_backup=False)
        with store.write() as session:
            info = setup.initialise(session, office_code="440104001", office_name="越秀区人民法庭", kind="人民法庭",
                                    case_prefix="越秀人", user="书记员甲", today=date(2026, 11, 20))
            records.create(session, load_actor(session, "书记员甲"), "staff",
                           {"office_id": info.office_id, "name": "李明", "role": "专职调解员"})
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu0, started = usage.ru_utime + usage.ru_stime, time.perf_counter()
        sheet = read_ledger(path, ledger.choose_sheet)
        errors = 0
        try:
            with store.write() as session:
                actor = load_actor(session, "书记员甲")
                if way == "previous":
                    previous_import(session, actor, sheet.header, sheet.rows)
                else:
                    ledger.import_ledger(session, actor, sheet.header, sheet.rows, total=sheet.total)
        except transfer.ImportFailed as exc:
            errors = exc.total
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        store.close()
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime - cpu0,
                      "peak_mb": usage.ru_maxrss / 1024, "errors": errors}))


def _measure(path: Path, way: str, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-m", "bench.ledger", str(path), way], check=True,
                              capture_output=True, text=True, cwd=Path(__file__).parent.parent,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def run(repeat: int = 3) -> list[Row]:
    files = _files()
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    rows = []
    for kind, label in (("clean", f"{ROWS:,}-row 台账"), ("errors", f"{ROWS:,}-row 台账, every 2nd ID bad")):
        m = _measure(files[kind], "present", repeat)
        # Judged by CPU time, what a quiet PC's wall time comes to: other work stretches wall time.
        goal = m["cpu"] < 60 and m["peak_mb"] < 300
        rows.append(Row(f"import {label}: s (CPU s) / peak MB, median of {repeat}",
                        f"{m['wall']:.1f} ({m['cpu']:.1f}) / {m['peak_mb']:.0f}", TODAY[kind],
                        (f"{m['errors']:,.0f} errors, 200 listed; " if m["errors"] else "")
                        + f"goal <60 s CPU and <300 MB: {'met' if goal else 'MISSED'}; {load}"))
    now = _measure(files["small"], "present", repeat)
    before = _measure(files["small"], "previous", repeat)
    rows.append(Row(f"import {SMALL:,}-row 台账: s (CPU s) / peak MB",
                    f"{now['wall']:.2f} ({now['cpu']:.2f}) / {now['peak_mb']:.0f}",
                    f"previous way {before['wall']:.2f} ({before['cpu']:.2f}) / {before['peak_mb']:.0f}",
                    f"×{before['cpu'] / now['cpu']:.0f} less CPU"))
    return rows


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
