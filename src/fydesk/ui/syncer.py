"""Syncing in the background: on a timer, sooner again after a failed attempt, and on request."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from . import hubjobs
from .tasks import Tasks, error_message

EVERY_MS = 5 * 60_000  # until the status reading brings the setting (设置, or the IT policy)
# After a failure the link is tried again sooner, so that syncing resumes soon after it returns.
RETRY_MS = 60_000


class Syncer(QObject):
    """Runs one sync at a time on the network pool; pages and the status bar listen."""

    started = Signal()
    finished = Signal(object)  # hubjobs.Synced
    failed = Signal(str)

    def __init__(self, tasks: Tasks, store, parent: QObject | None = None, *, automatic: bool = True) -> None:
        super().__init__(parent)
        self._tasks, self._store = tasks, store
        self.running = False
        self.enrolled = False
        self.every_ms = EVERY_MS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)
        if automatic:
            self.timer.start(EVERY_MS)

    def note_state(self, state: hubjobs.SyncState) -> None:
        """The status bar's latest reading: automatic syncs wait until the PC is enrolled, and
        come as often as the settings say (a shorter interval takes effect at once)."""
        self.enrolled = state.enrolled
        every = state.interval_minutes * 60_000
        if every != self.every_ms:
            self.every_ms = every
            if self.timer.isActive() and self.timer.remainingTime() > every:
                self.timer.start(every)

    def _tick(self) -> None:
        if self.enrolled:
            self.sync_now()
        else:
            self.timer.start(self.every_ms)

    def sync_now(self) -> bool:
        if self.running:
            return False
        self.running = True
        self.timer.stop()
        self.started.emit()
        self._tasks.run_net(hubjobs.sync_now, self._store, owner=self, on_done=self._done, on_error=self._failed)
        return True

    def _done(self, result: hubjobs.Synced) -> None:
        self.running = False
        self.timer.start(self.every_ms)
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.timer.start(RETRY_MS)
        self.failed.emit(error_message(exc))
