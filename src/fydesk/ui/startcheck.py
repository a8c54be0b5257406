"""`fydesk --start-check`: the real start, ended as soon as the first window is on screen.

An installed copy proves it can start (Qt plugins found, data dir opened and migrated, the
first-run screen or the main window drawn) without anyone clicking, and says how long the
start took. The window shown is the one a clerk would see: the first-run screen on a new
data dir, the main window on a set-up one.
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from . import language
from .app import Launcher, make_application, user_settings
from .tasks import Tasks

GIVE_UP_S = 120  # a start that has shown nothing by then is a failure, not a slow machine


def process_age() -> float | None:
    """Seconds since this process was created, where the OS says so cheaply (Linux); else None."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rpartition(")")[2].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, after boot
        return round(time.clock_gettime(time.CLOCK_BOOTTIME) - started, 3)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class _CheckingLauncher(Launcher):
    """Also reports the first-run screen, which the plain launcher does not announce."""

    def _opened(self, opened) -> None:
        super()._opened(opened)
        if self.first_run is not None and self.window is self.first_run:
            self.main_shown.emit(self.first_run)


def run_check(data_dir: str | None = None, user: str | None = None, lang: str | None = None) -> int:
    """Start as usual; when the first window shows, print one JSON line and quit (0), else 1."""
    settings = user_settings()
    app = make_application(lang=language.chosen(lang, settings))
    tasks = Tasks(app)
    launcher = _CheckingLauncher(tasks, data_dir, user, settings)
    result: dict = {}

    def shown(window) -> None:
        if result:
            return
        # Let the window be drawn once before calling it shown.
        def report() -> None:
            result.update(ok=True, window="first_run" if window is launcher.first_run else "main",
                          title=window.windowTitle(), seconds=process_age(), shown_at=time.time())
            QApplication.exit(0)
        QTimer.singleShot(0, report)

    def failed(message: str) -> None:
        result.setdefault("ok", False)
        result.setdefault("error", message)
        # Launcher shows a modal message box next; leaving from inside its loop ends both.
        QTimer.singleShot(0, lambda: QApplication.exit(1))

    def give_up() -> None:
        result.setdefault("ok", False)
        result.setdefault("error", f"{GIVE_UP_S} 秒内没有显示任何窗口")
        QApplication.exit(1)

    launcher.main_shown.connect(shown)
    launcher.failed.connect(failed)
    QTimer.singleShot(GIVE_UP_S * 1000, give_up)
    launcher.start()
    try:
        app.exec()
    finally:
        tasks.shutdown(wait=True)
    # ASCII-only, so any console or pipe encoding (a Windows code page too) carries it intact.
    print(json.dumps(result), flush=True)
    if not result.get("ok"):
        print(f"错误：启动检查未通过：{result.get('error', '窗口未显示')}", file=sys.stderr)
        return 1
    return 0
