"""The background bridge: DB work off the GUI thread, one job at a time, results and errors back."""

from __future__ import annotations

import itertools
import threading
import time

from PySide6.QtCore import QTimer

from fydesk.domain.errors import ValidationError
from fydesk.ui.tasks import error_message


def test_a_slow_db_job_leaves_the_gui_thread_processing_events(qtbot, tasks):
    ticks = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    results = []

    def slow():
        time.sleep(1.0)
        return threading.get_ident()

    started = time.monotonic()
    tasks.run_db(slow, on_done=results.append)
    with qtbot.waitSignal(tasks.busy_changed, timeout=5000):
        pass  # busy went True synchronously; this waits for it to go False
    timer.stop()
    assert results and results[0] != threading.get_ident()
    during = [t for t in ticks if t < started + 1.0]
    # A blocked GUI thread would show at most one late tick; 20 ms ticks over 1 s give ~50.
    assert len(during) >= 25
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert max(gaps) < 0.3


def test_db_jobs_run_one_after_another_in_the_order_given(qtbot, tasks):
    log = []
    lock = threading.Lock()

    def job(n):
        with lock:
            log.append(("start", n))
        time.sleep(0.02)
        with lock:
            log.append(("end", n))
        return n

    done = []
    for n in range(5):
        tasks.run_db(job, n, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 5, timeout=5000)
    assert done == [0, 1, 2, 3, 4]
    assert log == [(kind, n) for n in range(5) for kind in ("start", "end")]


def test_an_error_comes_back_to_the_gui_thread_as_one_chinese_sentence(qtbot, tasks):
    def bad():
        raise ValidationError("name", "姓名", "请填写“姓名”。")

    def crash():
        raise ZeroDivisionError("division by zero")

    errors = []
    where = []
    tasks.run_db(bad, on_error=lambda exc: (errors.append(exc), where.append(threading.get_ident())))
    tasks.run_db(crash, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert isinstance(errors[0], ValidationError) and errors[0].field == "name"
    assert where == [threading.get_ident()]
    assert error_message(errors[0]) == "请填写“姓名”。"
    assert error_message(errors[1]).startswith("操作失败（ZeroDivisionError）")


def test_progress_reaches_the_gui_thread_and_cancel_reaches_the_job(qtbot, tasks):
    seen = []
    gate = threading.Event()

    def long_job(*, state):
        for i in range(1, 4):
            state.progress(i, 3)
        gate.wait(5)
        return "cancelled" if state.cancelled else "finished"

    results = []
    state = tasks.run_db(long_job, with_state=True, on_progress=lambda d, t: seen.append((d, t)),
                         on_done=results.append)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    state.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert seen == [(1, 3), (2, 3), (3, 3)] and results == ["cancelled"]


def test_network_jobs_may_run_beside_a_db_job(qtbot, tasks):
    db_running = threading.Event()
    release = threading.Event()
    order = []

    def db_job():
        db_running.set()
        release.wait(5)
        order.append("db")

    def net_job():
        db_running.wait(5)
        order.append("net")
        release.set()

    tasks.run_db(db_job, on_done=lambda _: None)
    tasks.run_net(net_job, on_done=lambda _: None)
    qtbot.waitUntil(lambda: len(order) == 2 and not tasks.busy, timeout=5000)
    assert order == ["net", "db"]


def test_jobs_submitted_after_shutdown_are_dropped_not_raised(qtbot, tasks):
    tasks.shutdown(wait=True)
    ran = []
    state = tasks.run_db(lambda: ran.append(1), on_done=ran.append)
    qtbot.wait(50)
    assert ran == [] and state.cancelled


def test_signals_leave_the_reference_count_of_true_alone():
    """PySide6 6.12.0 decremented True on each emit; on Python 3.11 the app then aborts.

    Measured in a fresh interpreter: in this one, widgets of earlier tests being collected
    release references to True too.
    """
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from fydesk.ui.tasks import Tasks\n"
        "app = QCoreApplication([])\n"
        "tasks = Tasks()\n"
        "done = []\n"
        "before = sys.getrefcount(True)\n"
        "for n in range(2000):\n"
        "    tasks.run_db(int, n, on_done=done.append)\n"
        "while len(done) < 2000:\n"
        "    app.processEvents()\n"
        "tasks.shutdown()\n"
        "print(sys.getrefcount(True) - before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100
