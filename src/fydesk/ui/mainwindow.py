"""The main window: a thin shell of navigation, a stack of pages made on first use, a status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from . import language
from .pages.base import Page, PageContext
from .screenfit import fit_to_screen
from .statusline import SyncStatusLine
from .syncer import Syncer

# The pages' names are their keys (in settings and code); the navigation shows them translated.
PAGES = (QT_TRANSLATE_NOOP("MainWindow", "工作台"), QT_TRANSLATE_NOOP("MainWindow", "调解案件"),
         QT_TRANSLATE_NOOP("MainWindow", "联动案件"), QT_TRANSLATE_NOOP("MainWindow", "企业走访"),
         QT_TRANSLATE_NOOP("MainWindow", "司法建议"), QT_TRANSLATE_NOOP("MainWindow", "涉诉信访"),
         QT_TRANSLATE_NOOP("MainWindow", "任务清单"),
         QT_TRANSLATE_NOOP("MainWindow", "统计报表"),
         QT_TRANSLATE_NOOP("MainWindow", "同步"),
         QT_TRANSLATE_NOOP("MainWindow", "设置"))


def _factories(syncer: Syncer) -> dict[str, Callable[[PageContext], Page]]:
    # Imported when the page is first shown: a clerk who never opens a page never pays for it.
    def dashboard(ctx: PageContext) -> Page:
        from .pages.dashboard import DashboardPage

        return DashboardPage(ctx)

    def cases(ctx: PageContext) -> Page:
        from .pages.cases import CasesPage

        return CasesPage(ctx)

    def firms(ctx: PageContext) -> Page:
        from .pages.firms import FirmsPage

        return FirmsPage(ctx)

    def suggestions(ctx: PageContext) -> Page:
        from .pages.suggestions import SuggestionsPage

        return SuggestionsPage(ctx)

    def petitions(ctx: PageContext) -> Page:
        from .pages.petitions import PetitionsPage

        return PetitionsPage(ctx)
    def task_list(ctx: PageContext) -> Page:
        from .pages.task_list import TaskListPage

        return TaskListPage(ctx)

    def stats(ctx: PageContext) -> Page:
        from .pages.stats import StatsPage

        return StatsPage(ctx)

    def sync(ctx: PageContext) -> Page:
        from .pages.sync import SyncPage

        return SyncPage(ctx, syncer)

    def joint(ctx: PageContext) -> Page:
        from .pages.joint import JointPage

        return JointPage(ctx)

    def settings(ctx: PageContext) -> Page:
        from .pages.settings import SettingsPage

        return SettingsPage(ctx)

    return {
        "工作台": dashboard,
        "调解案件": cases,
        "联动案件": joint,
        "企业走访": firms,
        "司法建议": suggestions,
        "涉诉信访": petitions,
        "任务清单": task_list,
        "统计报表": stats,
        "同步": sync,
        "设置": settings,
    }


class MainWindow(QMainWindow):
    leave_demo = Signal()  # 演示数据 → 回到正式工作: the launcher opens the real data dir

    def __init__(self, ctx: PageContext, office_name: str, settings: QSettings,
                 parent: QWidget | None = None, *, demo: bool = False, real_dir: str | None = None,
                 credentials=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.demo = demo
        if demo:
            self.setWindowTitle(self.tr("府院联动工作台 — {office} — 演示数据").format(office=office_name))
        else:
            self.setWindowTitle(self.tr("府院联动工作台 — {office}").format(office=office_name))
        fit_to_screen(self, 1280, 800)
        self.syncer = Syncer(ctx.tasks, ctx.store, self, credentials=credentials)
        self._factories = _factories(self.syncer)
        self.pages: dict[str, Page] = {}

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.addItems([self.tr(name) for name in PAGES])
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        # As wide as the longest page name in the chosen language (English names run longer).
        self.nav.setFixedWidth(max(120, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8))
        self.stack = QStackedWidget(self)
        # A page fills the window when there is room and scrolls, never clips, on a small or
        # scaled screen (1366×768 at 150 % leaves about 910×485).
        self.page_area = QScrollArea(self)
        self.page_area.setObjectName("page_area")
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_area.setWidget(self.stack)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 0)
        row.addWidget(self.nav)
        row.addWidget(self.page_area, 1)
        self.setCentralWidget(central)

        self._language_menu()
        if demo:
            self._demo_menu(real_dir)
        self.status = SyncStatusLine(self.statusBar(), ctx.tasks, ctx.store, on_state=self.syncer.note_state)
        ctx.events.wrote.connect(lambda _entity: self.status.refresh())
        # What a sync brings in is news to every page, like a write made here.
        self.syncer.finished.connect(lambda _r: ctx.events.wrote.emit("sync"))
        self.syncer.failed.connect(lambda _m: self.status.refresh())
        # A token behind a passphrase: 同步 asks for it at start, so scheduled syncs can run.
        self.syncer.passphrase_needed.connect(lambda: "同步" in self.pages or self.show_page("同步"))
        ctx.events.open_record.connect(self.open_record)
        self.nav.currentRowChanged.connect(lambda row: self.show_page(PAGES[row]))

        for keys, action in ((QKeySequence.StandardKey.New, "new_item"),
                             (QKeySequence.StandardKey.Save, "save"),
                             (QKeySequence(Qt.Key.Key_Escape), "cancel")):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(lambda a=action: self._to_page(a))
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.open_search)

        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        start = settings.value("main/page", PAGES[0])
        self.nav.setCurrentRow(PAGES.index(start) if start in PAGES else 0)
        self.status.refresh()

    # --- language -----------------------------------------------------------------------------

    def _language_menu(self) -> None:
        """语言 / Language: the choice is saved and takes effect when the app next starts."""
        menu = self.menuBar().addMenu("语言 / Language")
        menu.setObjectName("language_menu")
        group = QActionGroup(self)
        saved = language.normalise(self.settings.value(language.SETTING)) or language.current_language()
        self.language_actions = {}
        # Named each in itself, so a clerk who cannot read the current language finds theirs.
        for lang, name in language.NAMES:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(lang == saved)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, lang=lang: self.choose_language(lang))
            self.language_actions[lang] = action
        menu.addSeparator()
        note = menu.addAction(self.tr("重新启动后生效"))
        note.setEnabled(False)

    def choose_language(self, lang: str) -> None:
        self.settings.setValue(language.SETTING, lang)
        self.settings.sync()
        self.statusBar().showMessage(self.tr("界面语言已保存，重新启动后生效。"), 10000)

    # --- demo data ----------------------------------------------------------------------------

    def _demo_menu(self, real_dir: str | None) -> None:
        """A demo data dir says so in the status bar too, and its menu leads back to real work."""
        badge = QLabel(self.tr("演示数据：记录均为虚构，不会同步"), self)
        badge.setObjectName("demo_badge")
        badge.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; padding: 0 6px; }")
        self.statusBar().addPermanentWidget(badge)
        menu = self.menuBar().addMenu(self.tr("演示数据"))
        menu.setObjectName("demo_menu")
        self.leave_demo_action = menu.addAction(self.tr("回到正式工作"))
        self.leave_demo_action.setObjectName("leave_demo")
        if real_dir:
            self.leave_demo_action.setToolTip(real_dir)
            self.leave_demo_action.triggered.connect(self.leave_demo.emit)
        else:
            # Opened straight from a data dir of its own: nothing to go back to from here.
            self.leave_demo_action.setEnabled(False)
            note = menu.addAction(self.tr("正式工作请以 --data-dir 指定正式数据目录启动"))
            note.setEnabled(False)

    # --- pages ------------------------------------------------------------------------------

    def show_page(self, name: str) -> Page:
        page = self.pages.get(name)
        if page is None:
            page = self._factories[name](self.ctx)
            self.pages[name] = page
            self.stack.addWidget(page)
        # A stack is as large as its largest page: the hidden pages are left out of its size, so
        # a wide page seen once does not make every other page scroll sideways.
        for other in self.pages.values():
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        row = PAGES.index(name)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        page.shown()
        return page

    def open_record(self, entity: str, record_id: str, visit_id: str = "") -> None:
        """The page that shows the record, showing it (made now if it was never shown, so the
        page is called here rather than left to hear the request itself)."""
        if entity == "case":
            self.show_page("调解案件").open_case(record_id)  # type: ignore[attr-defined]
        elif entity == "suggestion":
            self.show_page("司法建议").open(record_id)  # type: ignore[attr-defined]
        elif entity == "petition":
            self.show_page("涉诉信访").open(record_id)  # type: ignore[attr-defined]
        elif entity == "enterprise":
            self.show_page("企业走访").open(record_id, visit_id or None)  # type: ignore[attr-defined]
        elif entity == "task":
            self.show_page("任务清单").open(record_id)  # type: ignore[attr-defined]

    @property
    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _to_page(self, action: str) -> None:
        getattr(self.current_page, action)()

    def open_search(self) -> None:
        from .search import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        dialog.show()

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/page", PAGES[self.nav.currentRow()])
        self.settings.sync()
        super().closeEvent(event)
