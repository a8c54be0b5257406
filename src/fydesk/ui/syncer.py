"""Syncing in the background: on a timer, sooner again after a failed attempt, and on request."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from . import hubjobs
from .tasks import Tasks, error_message

EVERY_MS = 5 * 60_000  # until the status reading brings the setting (设置, or the IT policy)
# After a failure the link is tried again sooner, so that syncing resumes soon after it returns.
RETRY_MS = 60_000


class Syncer(QObject):
    """Runs one sync at a time on the network pool; pages and the status bar listen.

    It holds this run's device tokens: one saved under a passphrase (no keyring on this PC)
    is opened once and then kept in memory until the app closes."""

    started = Signal()
    finished = Signal(object)  # hubjobs.Synced
    failed = Signal(str)
    passphrase_needed = Signal()  # the token is locked: the 同步 page asks for the passphrase

    def __init__(self, tasks: Tasks, store, parent: QObject | None = None, *, automatic: bool = True) -> None:
        super().__init__(parent)
        self._tasks, self._store = tasks, store
        self.credentials = hubjobs.credentials(store)
        self.running = False
        self.enrolled = False
        self.locked = False  # syncing waits for the passphrase
        self.asked = False  # the passphrase was asked for in this run (asked once unless the user asks)
        self._checked = False
        self.every_ms = EVERY_MS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)
        if automatic:
            self.timer.start(EVERY_MS)
            self.check_lock()

    def check_lock(self) -> None:
        """Once per run: is the token behind a passphrase? Then say so before the first sync."""
        if self._checked:
            return
        self._checked = True
        self._tasks.run_net(hubjobs.token_locked, self._store, self.credentials, owner=self,
                            on_done=self._lock_known)

    def _lock_known(self, locked: bool) -> None:
        self.locked = locked
        if locked:
            self.passphrase_needed.emit()

    def unlock(self, passphrase: str) -> None:
        """Open the token with the passphrase, then sync; a wrong one fails in one sentence."""
        self._tasks.run_net(hubjobs.unlock, self._store, self.credentials, passphrase, owner=self,
                            on_done=self._unlocked, on_error=lambda exc: self.failed.emit(error_message(exc)))

    def _unlocked(self, _result: object) -> None:
        self.locked = False
        self.sync_now()

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
        if self.enrolled and not self.locked:
            self.sync_now()
        else:
            self.timer.start(self.every_ms)

    def sync_now(self) -> bool:
        if self.running:
            return False
        if self.locked:
            self.failed.emit(self.tr("设备令牌已用口令加密保存，输入口令后才能同步。"))
            return False
        self.running = True
        self.timer.stop()
        self.started.emit()
        self._tasks.run_net(hubjobs.sync_now, self._store, self.credentials, owner=self, on_done=self._done,
                            on_error=self._failed)
        return True

    def _done(self, result: hubjobs.Synced) -> None:
        self.running = False
        self.timer.start(self.every_ms)
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from fydesk.sync.credentials import PassphraseRequired

        self.running = False
        self.timer.start(RETRY_MS)
        self.failed.emit(error_message(exc))
        if isinstance(exc, PassphraseRequired):  # saved under a passphrase since the start check
            self._lock_known(True)
