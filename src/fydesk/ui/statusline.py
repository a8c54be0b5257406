"""The status bar's sync line: online or not, pending changes, last sync, conflicts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from . import hubjobs
from .language import translate
from .tasks import Tasks, error_message

REFRESH_MS = 30_000


class SyncStatusLine:
    """Four labels in the status bar, refreshed after each write and on a timer."""

    def __init__(self, bar: QStatusBar, tasks: Tasks, store,
                 on_state: Callable[[hubjobs.SyncState], None] | None = None) -> None:
        self._tasks = tasks
        self._on_state = on_state
        self._store = store
        self._bar = bar
        self._asked = self._again = False
        self.online = QLabel(bar)
        self.pending = QLabel(bar)
        self.last_sync = QLabel(bar)
        self.conflicts = QLabel(bar)
        for name, label in (("status_online", self.online), ("status_pending", self.pending),
                            ("status_last_sync", self.last_sync), ("status_conflicts", self.conflicts)):
            label.setObjectName(name)
            bar.addPermanentWidget(label)
        self.timer = QTimer(bar)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.state: hubjobs.SyncState | None = None

    def refresh(self) -> None:
        if self._asked:
            # One question at a time; ask again once it is answered, since the answer in
            # flight may predate the write that prompted this call.
            self._again = True
            return
        self._asked, self._again = True, False
        self._tasks.run_db(hubjobs.sync_state, self._store, on_done=self._show, on_error=self._failed,
                           owner=self._bar)

    def _show(self, state: hubjobs.SyncState) -> None:
        self._asked = False
        if self._again:
            self.refresh()
        self.state = state
        if self._on_state is not None:
            self._on_state(state)
        if not state.enrolled:
            self.online.setText(translate("SyncStatusLine", "离线（未登记市级平台）"))
        elif state.online is None:
            self.online.setText(translate("SyncStatusLine", "尚未连接市级平台"))
        else:
            self.online.setText(translate("SyncStatusLine", "在线") if state.online
                                else translate("SyncStatusLine", "离线"))
        if state.last_error:
            self.online.setToolTip(translate("SyncStatusLine", "最近错误：{error}").format(error=state.last_error))
        self.pending.setText(translate("SyncStatusLine", "待同步 {n} 条").format(n=state.pending))
        self.last_sync.setText(translate("SyncStatusLine", "上次同步：{when}").format(
            when=state.last_sync_at or translate("SyncStatusLine", "从未")))
        self.conflicts.setText(translate("SyncStatusLine", "需协调 {n} 处").format(n=state.conflicts))
        self.conflicts.setStyleSheet("color: #c62828;" if state.conflicts else "")

    def _failed(self, exc: BaseException) -> None:
        self._asked = False
        self._bar.showMessage(error_message(exc), 10_000)
