"""工作台: what is due and overdue, today's sessions, and this month's counts."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from .. import jobs
from ..forms import display
from ..tables import fill_table, read_only_table
from ..tasks import error_message
from .base import Page, PageContext

STATE_LABELS = {"overdue": "已逾期", "due_soon": "即将到期", "ok": "未到期"}
STATE_COLOURS = {"overdue": "#c62828", "due_soon": "#ef6c00"}


def days_text(days_left: int) -> str:
    if days_left < 0:
        return f"逾期 {-days_left} 天"
    return "今天到期" if days_left == 0 else f"还剩 {days_left} 天"


class DashboardPage(Page):
    title = "工作台"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: jobs.Dashboard | None = None
        self._stale = True
        v = QVBoxLayout(self)
        self.counts = QLabel(self)
        self.counts.setObjectName("month_counts")
        v.addWidget(self.counts)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        v.addWidget(self.error)

        self.due_box = due_box = QGroupBox("到期提醒（30 天内到期及已逾期）", self)
        dv = QVBoxLayout(due_box)
        self.due = read_only_table(due_box)
        self.due.setObjectName("due_table")
        dv.addWidget(self.due)
        v.addWidget(due_box, 3)

        row = QHBoxLayout()
        self.today_box = today_box = QGroupBox("今日调解", self)
        tv = QVBoxLayout(today_box)
        self.today = read_only_table(today_box)
        self.today.setObjectName("today_table")
        tv.addWidget(self.today)
        row.addWidget(today_box)
        v.addLayout(row, 1)
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
        rate = "—" if data.success_rate is None else f"{data.success_rate}%"
        self.counts.setText(
            f"<b>{data.period} 本月</b>：登记 {data.registered} 件，受理 {data.accepted} 件，"
            f"调解成功 {data.succeeded} 件，成功率 {rate}；司法建议逾期未复 {data.suggestions_overdue} 件"
        )
        shown = "" if len(data.deadlines) == data.due_total else f"，显示最紧急的 {len(data.deadlines)} 项"
        self.due_box.setTitle(f"到期提醒（30 天内到期及已逾期）：已逾期 {data.overdue} 项，"
                              f"即将到期 {data.due_soon} 项，共 {data.due_total} 项{shown}")
        self.today_box.setTitle(f"今日调解 {data.sessions_total} 场"
                                + ("" if len(data.sessions) == data.sessions_total
                                   else f"（显示前 {len(data.sessions)} 场）"))
        fill_table(self.due, ("状态", "事项", "内容", "到期日", "剩余"), [
            (STATE_LABELS[d.state], d.label, d.title, display(d.due), days_text(d.days_left))
            for d in data.deadlines
        ])
        for r, d in enumerate(data.deadlines):
            colour = STATE_COLOURS.get(d.state)
            if colour:
                for c in (0, 4):
                    self.due.item(r, c).setForeground(QBrush(QColor(colour)))
        fill_table(self.today, ("时间", "案号", "地点", "方式"), [
            (s.held_at.strftime("%H:%M"), s.case_number or "", s.place, s.mode) for s in data.sessions
        ])

    def due_rows(self) -> list[tuple[str, ...]]:
        """The due list as shown, row by row (for tests and screen readers alike)."""
        return _rows(self.due)


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]
