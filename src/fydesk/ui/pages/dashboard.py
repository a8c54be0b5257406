"""工作台: what is due and overdue, today's sessions, this month's counts and the bulletin's trend and
万人起诉率 charts; a row opens its record."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.stats import format_rate

from .. import jobs
from ..charts import chart_box, draw_figures
from ..forms import display
from ..language import domain
from ..tables import fill_table, read_only_table
from ..tasks import error_message
from .base import Page, PageContext

STATE_LABELS = {"overdue": QT_TRANSLATE_NOOP("DashboardPage", "已逾期"),
                "due_soon": QT_TRANSLATE_NOOP("DashboardPage", "即将到期"),
                "ok": QT_TRANSLATE_NOOP("DashboardPage", "未到期")}
STATE_COLOURS = {"overdue": "#c62828", "due_soon": "#ef6c00"}


class DashboardPage(Page):
    title = "工作台"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: jobs.Dashboard | None = None
        self._stale = True
        v = QVBoxLayout(self)
        self.counts = QLabel(self)
        self.counts.setObjectName("month_counts")
        self.counts.setWordWrap(True)  # the month's figures run long in English
        v.addWidget(self.counts)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        v.addWidget(self.error)

        row = QHBoxLayout()
        v.addLayout(row, 1)
        lists = QVBoxLayout()
        row.addLayout(lists, 11)
        self.due_box = due_box = QGroupBox(self.tr("到期提醒（30 天内到期及已逾期）"), self)
        dv = QVBoxLayout(due_box)
        self.due = read_only_table(due_box)
        self.due.setObjectName("due_table")
        dv.addWidget(self.due)
        lists.addWidget(due_box, 3)

        self.today_box = today_box = QGroupBox(self.tr("今日调解"), self)
        tv = QVBoxLayout(today_box)
        self.today = read_only_table(today_box)
        self.today.setObjectName("today_table")
        tv.addWidget(self.today)
        lists.addWidget(today_box, 1)

        figures = QVBoxLayout()
        row.addLayout(figures, 9)
        self.trend_box, self.trend_chart = chart_box(ctx.tasks, self, self.tr("近 12 个月受理及调解成功"))
        self.area_box, self.area_chart = chart_box(ctx.tasks, self, self.tr("本月万人起诉率（按辖区）"))
        figures.addWidget(self.trend_box, 1)
        figures.addWidget(self.area_box, 1)
        # Double-click or Enter on a row opens what it is about.
        self.due.activated.connect(self._open_due)
        self.today.activated.connect(self._open_session)
        ctx.events.wrote.connect(self._mark_stale)
        self.refresh()

    def shown(self) -> None:
        if self._stale:
            self.refresh()

    def _mark_stale(self, _entity: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.ctx.tasks.run_db(jobs.dashboard, self.ctx.store, self.ctx.today(), on_done=self._show,
                              on_error=lambda exc: self.error.setText(error_message(exc)), owner=self)

    def _show(self, data: jobs.Dashboard) -> None:
        self.data = data
        self.error.setText("")
        rate = format_rate(data.success_rate)
        self.counts.setText(self.tr(
            "<b>{period} 本月</b>：登记 {registered} 件，受理 {accepted} 件，"
            "调解成功 {succeeded} 件，成功率 {rate}；司法建议逾期未复 {overdue} 件；"
            "涉诉信访在办 {petitions} 件，本月化解 {resolved} 件").format(
            period=data.period, registered=data.registered, accepted=data.accepted, succeeded=data.succeeded,
            rate=rate, overdue=data.suggestions_overdue, petitions=data.petitions_open,
            resolved=data.petitions_resolved))
        shown = ("" if len(data.deadlines) == data.due_total
                 else self.tr("，显示最紧急的 {n} 项").format(n=len(data.deadlines)))
        self.due_box.setTitle(self.tr("到期提醒（30 天内到期及已逾期）：已逾期 {overdue} 项，"
                                      "即将到期 {due_soon} 项，共 {total} 项").format(
            overdue=data.overdue, due_soon=data.due_soon, total=data.due_total) + shown)
        self.today_box.setTitle(self.tr("今日调解 {n} 场").format(n=data.sessions_total)
                                + ("" if len(data.sessions) == data.sessions_total
                                   else self.tr("（显示前 {n} 场）").format(n=len(data.sessions))))
        fill_table(self.due, (self.tr("状态"), self.tr("事项"), self.tr("内容"), self.tr("到期日"), self.tr("剩余")), [
            (self.tr(STATE_LABELS[d.state]), domain(d.label), d.title, display(d.due), self.days_text(d.days_left))
            for d in data.deadlines
        ])
        # The content takes what room is left (cut short with …), so the due date and the days
        # left stay in sight beside the charts.
        header = self.due.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, d in enumerate(data.deadlines):
            colour = STATE_COLOURS.get(d.state)
            if colour:
                for c in (0, 4):
                    self.due.item(r, c).setForeground(QBrush(QColor(colour)))
        fill_table(self.today, (self.tr("时间"), self.tr("案号"), self.tr("地点"), self.tr("方式")), [
            (s.held_at.strftime("%H:%M"), s.case_number or "", s.place, domain(s.mode)) for s in data.sessions
        ])
        draw_figures(self.ctx.tasks, self.trend_chart, self.area_chart, data.trend, data.areas, data.chart_font)

    def _open_due(self, index: QModelIndex) -> None:
        if self.data is None or not 0 <= index.row() < len(self.data.deadlines):
            return
        home = self.data.deadlines[index.row()].home
        if home is not None:
            self.ctx.events.open_record.emit(home.entity, home.id, home.visit_id or "")

    def _open_session(self, index: QModelIndex) -> None:
        if self.data is not None and 0 <= index.row() < len(self.data.sessions):
            self.ctx.events.open_record.emit("case", self.data.sessions[index.row()].case_id, "")

    def days_text(self, days_left: int) -> str:
        """As a clerk says it; a method so the count reaches the translation ("1 day", "3 days")."""
        if days_left < 0:
            return self.tr("逾期 %n 天", "", -days_left)
        if days_left == 0:
            return self.tr("今天到期")
        return self.tr("还剩 %n 天", "", days_left)

    def due_rows(self) -> list[tuple[str, ...]]:
        """The due list as shown, row by row (for tests and screen readers alike)."""
        return _rows(self.due)


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]
