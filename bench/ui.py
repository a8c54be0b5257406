"""Desktop benchmarks: the first window on the 100,000-case data set beside a bare PySide6
window, the case list opening, lazy fetching while scrolling, and resident memory.

Each figure comes from a fresh interpreter (a cold start is what a clerk waits for), drawn
offscreen, timed from the moment the process is spawned; medians of several starts.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fydesk.store.open import open_store

from .core import Row, _dataset

STARTS = 5
GOAL_FIRST_WINDOW_S, GOAL_LIST_MS = 1.0, 300

# Run in the child. The bare baseline: a QApplication and an empty main window of the same
# size, shown. fydesk: the app's own start (Chinese, font, data dir opened off the GUI thread),
# then the case list, then scrolling to the bottom a few times.
_CHILD = r"""
import json, os, sys, time
t0 = float(os.environ["BENCH_T0"])
out = {}
from PySide6.QtCore import QTimer
if sys.argv[1] == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    def shown():
        out["first_window_s"] = time.time() - t0
        app.quit()
    QTimer.singleShot(0, shown)
    app.exec()
else:
    from PySide6.QtCore import QSettings
    from fydesk.ui.app import Launcher, make_application
    from fydesk.ui.tasks import Tasks
    app = make_application()
    tasks = Tasks(app)
    settings = QSettings(os.path.join(sys.argv[3], "desktop.ini"), QSettings.Format.IniFormat)
    launcher = Launcher(tasks, sys.argv[2], None, settings)

    def rss_mb():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024

    def on_main(window):
        def first():
            out["first_window_s"] = time.time() - t0
            started = time.perf_counter()
            page = window.show_page("调解案件")
            model = page.model

            def loaded():
                if "list_ms" in out:
                    return
                out["list_ms"] = (time.perf_counter() - started) * 1000
                out["rows_after_open"] = model.rowCount()
                QTimer.singleShot(0, scroll)

            def scroll(step=[0]):
                page.table.scrollToBottom()
                step[0] += 1
                if step[0] < 5:
                    QTimer.singleShot(300, scroll)
                else:
                    out["rows_after_scrolls"] = model.rowCount()
                    out["total"] = getattr(model, "total", None)
                    out["rss_mb"] = rss_mb()
                    app.quit()

            if model.rowCount() > 0:
                loaded()
            else:
                model.loaded.connect(loaded)
        QTimer.singleShot(0, first)

    launcher.main_shown.connect(on_main)
    launcher.failed.connect(lambda message: (out.setdefault("error", message), app.quit()))
    launcher.start()
    app.exec()
    tasks.shutdown(wait=True)
print(json.dumps(out))
"""


def _start(kind: str, data_dir: Path, scratch: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_T0": repr(time.time()),
           "XDG_CONFIG_HOME": str(scratch), "HOME": str(scratch)}
    done = subprocess.run([sys.executable, "-c", _CHILD, kind, str(data_dir), str(scratch)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the {kind} start failed ({done.returncode}): {done.stderr[-1500:]}")
    result = json.loads(lines[-1])
    if "error" in result:
        raise RuntimeError(f"fydesk did not open the data set: {result['error']}")
    return result


def run(records: int = 100_000, seed: int = 7) -> list[Row]:
    root, _ = _dataset(records, seed, fresh=False)
    open_store(root, daily_backup=False).close()  # any migration happens here, not in a start
    bare, desk = [], []
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as scratch:
        for _ in range(STARTS):  # interleaved, so drift of the machine hits both alike
            bare.append(_start("bare", root, Path(scratch)))
            desk.append(_start("fydesk", root, Path(scratch)))
    first = statistics.median(r["first_window_s"] for r in desk)
    first_bare = statistics.median(r["first_window_s"] for r in bare)
    listed = statistics.median(r["list_ms"] for r in desk)
    last = desk[-1]
    return [
        Row(f"first window, {records:,}-case data dir, median of {STARTS} cold starts (s)", f"{first:.2f}",
            f"bare PySide6 window {first_bare:.2f}",
            f"goal ≤{GOAL_FIRST_WINDOW_S:.1f} s: {'met' if first <= GOAL_FIRST_WINDOW_S else 'MISSED'}"),
        Row("case list opened to its first rows (ms)", f"{listed:.0f}", "",
            f"{last['rows_after_open']:,} rows fetched of {last.get('total') or records:,}; "
            f"goal ≤{GOAL_LIST_MS} ms: {'met' if listed <= GOAL_LIST_MS else 'MISSED'}"),
        Row("after scrolling to the bottom 5 times (rows held)", f"{last['rows_after_scrolls']:,}", "",
            "rows are fetched a page at a time as the view nears the end"),
        Row("resident memory with the case list open (MB)", f"{last['rss_mb']:.0f}", "", ""),
    ]
