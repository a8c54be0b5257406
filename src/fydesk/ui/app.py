"""Starting the desktop app: Qt set up in Chinese with a CJK font, the store opened off the GUI thread."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from . import jobs, language
from .fonts import install_cjk_font
from .pages.base import DeskEvents, PageContext
from .screenfit import fit_to_screen
from .tasks import Tasks, error_message

APP_NAME = "fydesk"


def make_application(argv: Sequence[str] | None = None, lang: str = language.CHINESE) -> QApplication:
    """The QApplication in `lang` (zh_CN by default, with Qt's own Chinese strings) and a font
    that has Chinese, which English pages still show in names and records."""
    app = QApplication.instance() or QApplication(list(argv or [sys.argv[0]]))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    language.set_language(lang)
    app.setApplicationDisplayName(language.translate("App", "府院联动工作台"))
    install_cjk_font()
    return app


def user_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, "desktop")


class Launcher(QObject):
    """Opens the data dir on the DB worker, then shows the first-run screen or the main window."""

    main_shown = Signal(object)  # the MainWindow
    failed = Signal(str)

    def __init__(self, tasks: Tasks, data_dir: str | Path | None, user: str | None,
                 settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.data_dir, self.user, self.settings = tasks, data_dir, user, settings
        self.window: QWidget | None = None
        self.first_run = None
        self.events = DeskEvents(self)
        self.splash = QLabel(self.tr("正在打开数据…"))
        self.splash.setWindowTitle(language.translate("App", "府院联动工作台"))
        self.splash.setMargin(24)

    def start(self) -> None:
        self.splash.show()
        self.tasks.run_db(jobs.open_desk, self.data_dir, on_done=self._opened, on_error=self._failed)

    def _opened(self, opened: jobs.Opened) -> None:
        self.splash.hide()
        if opened.office_name is None:
            self._show_first_run(opened.store)
            return
        self._show_main(opened)

    def _show_first_run(self, store) -> None:
        from .firstrun import FirstRunWindow

        self.first_run = FirstRunWindow(self.tasks, store, self.user)
        self.first_run.ready.connect(self._show_main)
        self.first_run.language_chosen.connect(self._switch_language)
        fit_to_screen(self.first_run, 720, 560)
        self.first_run.show()
        self.window = self.first_run

    def _switch_language(self, lang: str) -> None:
        """On the first-run screen a new language applies at once: nothing typed there is lost
        that matters, so the screen is simply drawn again. The choice is saved as the menu's is."""
        self.settings.setValue(language.SETTING, lang)
        self.settings.sync()
        language.set_language(lang)
        QApplication.setApplicationDisplayName(language.translate("App", "府院联动工作台"))
        old = self.first_run
        self._show_first_run(old.store)
        old.close()
        old.deleteLater()

    def _show_main(self, opened: jobs.Opened) -> None:
        from .mainwindow import MainWindow

        ctx = PageContext(self.tasks, opened.store, self.user, opened.office_id, self.events)
        real = opened.store.data_dir.demo_owner if opened.demo else None
        window = MainWindow(ctx, opened.office_name or "", self.settings, demo=opened.demo,
                            real_dir=str(real.root) if real else None)
        if real is not None:
            window.leave_demo.connect(lambda: self._leave_demo(window, opened.store, real.root))
        window.show()
        if self.first_run is not None:
            self.first_run.close()
            self.first_run.deleteLater()
            self.first_run = None
        self.window = window
        self.main_shown.emit(window)

    def _leave_demo(self, window: QWidget, demo_store, real_root: Path) -> None:
        """From demo data back to the real data dir: its main window, or the first-run screen."""
        window.close()
        window.deleteLater()
        self.window = None
        self.splash.show()
        self.tasks.run_db(jobs.open_desk, real_root, on_done=self._opened, on_error=self._failed)
        self.tasks.run_db(demo_store.close)

    def _failed(self, exc: BaseException) -> None:
        self.splash.hide()
        message = error_message(exc)
        self.failed.emit(message)
        QMessageBox.critical(None, self.tr("无法打开数据"), message)
        QApplication.quit()


def run(data_dir: str | None = None, user: str | None = None, lang: str | None = None) -> int:
    """The desktop app; `lang` (--lang) outranks FYDESK_LANG and the language chosen in the app."""
    settings = user_settings()
    app = make_application(lang=language.chosen(lang, settings))
    tasks = Tasks(app)
    launcher = Launcher(tasks, data_dir, user, settings)
    launcher.start()
    try:
        return app.exec()
    finally:
        tasks.shutdown(wait=True)
