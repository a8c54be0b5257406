"""The one bridge for background work: a serial DB worker, a small network pool, results by signal.

SQLite has one writer, so every database job runs on a single worker thread, one after the
other; network jobs run on a small pool of their own; documents are drawn on a third, serial
worker (PDFium may not be entered from two threads at once, and a long print must not hold
up the clerk's writes). A job is a plain function called with
the arguments it needs (and, if it asks for it, a `JobState` for progress and cancel), so it
is testable without Qt. Its return value — a frozen DTO — and any error come back to the GUI
thread through a queued signal; callbacks run there and nowhere else.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from fydesk.domain.errors import FydeskError

from .language import translate

Callback = Callable[[Any], None]


class JobState:
    """Handed to long jobs: they report progress and look at `cancelled` between steps."""

    def __init__(self, job_id: int, emit: Callable[[int, int, int], None]) -> None:
        self._job_id = job_id
        self._emit = emit
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._emit(self._job_id, done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class Cancelled(FydeskError):
    def __init__(self) -> None:
        super().__init__(translate("Tasks", "操作已取消。"))


def error_message(exc: BaseException) -> str:
    """One sentence for the user, whatever went wrong."""
    if isinstance(exc, FydeskError):
        return exc.message
    if isinstance(exc, OSError):
        return translate("Tasks", "无法读写文件（{error}）：{file}").format(
            error=exc.strerror or exc, file=exc.filename or "")
    first = (str(exc).splitlines() or [""])[0]
    if type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "alembic"):
        return translate("Tasks", "数据库操作失败（{kind}）：{first}。可运行 fydesk db check 检查数据库。").format(
            kind=type(exc).__name__, first=first)
    return translate("Tasks", "操作失败（{kind}）：{first}").format(kind=type(exc).__name__, first=first)


@dataclass
class _Pending:
    on_done: Callback | None
    on_error: Callback | None
    on_progress: Callable[[int, int], None] | None
    owner: QObject | None
    state: JobState = field(repr=False, default=None)  # type: ignore[assignment]


class Tasks(QObject):
    """Submit work with `run_db` / `run_net`; callbacks come back on the GUI thread."""

    # (job id, ok, result or exception); emitted from worker threads, delivered queued.
    _finished = Signal(int, bool, object)
    _progressed = Signal(int, int, int)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, net_workers: int = 3) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fydesk-db")
        self._net = ThreadPoolExecutor(max_workers=net_workers, thread_name_prefix="fydesk-net")
        self._render = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fydesk-render")
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._report, Qt.ConnectionType.QueuedConnection)
        self._closed = False

    # --- public ------------------------------------------------------------------------

    def run_db(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
               on_error: Callback | None = None, on_progress: Callable[[int, int], None] | None = None,
               owner: QObject | None = None, with_state: bool = False) -> JobState:
        """Queue `fn(*args)` on the database worker (after every job queued before it)."""
        return self._submit(self._db, fn, args, on_done, on_error, on_progress, owner, with_state)

    def run_net(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
                on_error: Callback | None = None, on_progress: Callable[[int, int], None] | None = None,
                owner: QObject | None = None, with_state: bool = False) -> JobState:
        """Run `fn(*args)` on the network pool; network jobs may run side by side."""
        return self._submit(self._net, fn, args, on_done, on_error, on_progress, owner, with_state)

    def run_render(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
                   on_error: Callback | None = None, owner: QObject | None = None,
                   with_state: bool = False) -> JobState:
        """Run `fn(*args)` on the document worker: PDF building and drawing, one job at a time."""
        return self._submit(self._render, fn, args, on_done, on_error, None, owner, with_state)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs (later ones are dropped); with `wait`, let queued ones finish, so a
        write is never cut off."""
        self._closed = True
        for pending in self._pending.values():
            pending.state.cancel()
        self._db.shutdown(wait=wait, cancel_futures=False)
        self._net.shutdown(wait=wait, cancel_futures=True)
        self._render.shutdown(wait=wait, cancel_futures=True)

    # --- inside --------------------------------------------------------------------------

    def _submit(self, pool, fn, args, on_done, on_error, on_progress, owner, with_state) -> JobState:
        job_id = next(self._ids)
        state = JobState(job_id, self._progressed.emit)
        if self._closed:
            # The app is closing: a timer firing late has nothing left to show its answer to.
            state.cancel()
            return state
        was_idle = not self._pending
        self._pending[job_id] = _Pending(on_done, on_error, on_progress, owner, state)

        def work() -> None:
            try:
                if state.cancelled:
                    raise Cancelled()
                result = fn(*args, state=state) if with_state else fn(*args)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
                self._emit_finished(job_id, False, exc)
            else:
                self._emit_finished(job_id, True, result)

        pool.submit(work)
        if was_idle:
            self.busy_changed.emit(True)
        return state

    def _emit_finished(self, job_id: int, ok: bool, payload: object) -> None:
        if shiboken6.isValid(self):
            self._finished.emit(job_id, ok, payload)

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(job_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if pending is None or (pending.owner is not None and not shiboken6.isValid(pending.owner)):
            return  # the page that asked is gone; nothing to show
        if ok:
            if pending.on_done is not None:
                pending.on_done(payload)
        elif pending.on_error is not None:
            pending.on_error(payload)
        elif not isinstance(payload, Cancelled):
            raise payload  # a job without an error handler must not fail silently

    @Slot(int, int, int)
    def _report(self, job_id: int, done: int, total: int) -> None:
        pending = self._pending.get(job_id)
        if pending is None or pending.on_progress is None:
            return
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return
        pending.on_progress(done, total)
