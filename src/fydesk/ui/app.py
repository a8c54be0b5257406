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
        self.store = None  # the opened data dir, once there is one
        self.damage_box: QMessageBox | None = None
        self.events = DeskEvents(self)
        self.splash = QLabel(self.tr("正在打开数据…"))
        self.splash.setWindowTitle(language.translate("App", "府院联动工作台"))
        self.splash.setMargin(24)

    def start(self) -> None:
        self.splash.show()
        self.tasks.run_db(jobs.open_desk, self.data_dir, on_done=self._opened, on_error=self._failed)

    def _opened(self, opened: jobs.Opened) -> None:
        self.splash.hide()
        self.store = opened.store
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

        self.store = opened.store
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
        from fydesk.store.open import DamagedDatabase  # loaded already: the worker raised it

        if isinstance(exc, DamagedDatabase) and exc.good_backup is not None:
            self._offer_restore(exc)
            return
        QMessageBox.critical(None, self.tr("无法打开数据"), message)
        QApplication.quit()

    def _offer_restore(self, exc) -> None:
        """A database SQLite cannot read: the newest sound backup is offered, in so many words."""
        from fydesk.store.backup import taken_at

        when = taken_at(exc.good_backup)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("数据库已损坏"),
                          self.tr("本机的数据库文件已损坏，无法打开。"))
        box.setObjectName("damaged_database")
        box.setInformativeText(self.tr(
            "最近一份完好的备份是 {when} 的 {name}。用它恢复后，这份备份之后所做的修改将会丢失；"
            "损坏的文件会另存一份，供信息管理员查看。是否现在恢复？").format(
                when=when.strftime("%Y-%m-%d %H:%M") if when else "", name=exc.good_backup.name))
        box.setDetailedText(exc.message)
        restore = box.addButton(self.tr("用这份备份恢复"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.finished.connect(lambda _result: self._restore_answered(box.clickedButton() is restore, exc))
        self.damage_box = box
        box.open()

    def _restore_answered(self, restore: bool, exc) -> None:
        self.damage_box = None
        if not restore:
            QApplication.quit()
            return
        self.splash.setText(self.tr("正在从备份恢复…"))
        self.splash.show()
        self.tasks.run_db(jobs.restore_and_open, self.data_dir, exc.good_backup,
                          on_done=self._opened, on_error=self._failed)

    def discard_copies(self) -> None:
        """Copies handed to other programs to open attachments go when the desk closes."""
        if self.store is not None:
            from fydesk.store.bodies import discard_copies

            discard_copies(self.store.data_dir.opened_dir)


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
        launcher.discard_copies()
