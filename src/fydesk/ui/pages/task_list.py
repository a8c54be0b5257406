"""任务清单: the tasks the 联席会议 sent this office, by deadline (overdue in red); a task's detail
with every report this office can see, and a form to report its own progress."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import taskjobs
from ..forms import ErrorLabel
from ..language import domain
from ..tables import fill_table, read_only_table
from ..tasks import error_message
from .base import Page, PageContext

OVERDUE = "#c62828"
DONE = "#2e7d32"


class TaskListPage(Page):
    title = "任务清单"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: tuple = ()
        self.current = None
        self._stale = True
        v = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("task_summary")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        splitter = QSplitter(self)
        v.addWidget(splitter, 1)
        self.table = read_only_table(splitter)
        self.table.setObjectName("task_table")
        splitter.addWidget(self.table)

        right = QWidget(splitter)
        rv = QVBoxLayout(right)
        self.detail = QLabel(right)
        self.detail.setObjectName("task_detail")
        self.detail.setWordWrap(True)
        rv.addWidget(self.detail)
        self.reports = read_only_table(right)
        self.reports.setObjectName("task_reports")
        rv.addWidget(self.reports, 1)
        self.form_box = QGroupBox(self.tr("报告本单位进展"), right)
        form = QFormLayout(self.form_box)
        self.report_date = QDateEdit(self.form_box)
        self.report_date.setObjectName("report_date")
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        self.report_date.setDate(QDate(self.ctx.today()))  # not Qt's 2000-01-01 before a task is chosen
        form.addRow(self.tr("报告日期"), self.report_date)
        self.report_text = QPlainTextEdit(self.form_box)
        self.report_text.setObjectName("report_text")
        self.report_text.setPlaceholderText(self.tr("进展情况：做了什么、还要做什么"))
        form.addRow(self.tr("进展情况"), self.report_text)
        files = QHBoxLayout()
        self.attach = QLineEdit(self.form_box)
        self.attach.setObjectName("report_attach")
        self.attach.setPlaceholderText(self.tr("可选：扫描的反馈函等"))
        files.addWidget(self.attach, 1)
        browse = QPushButton(self.tr("选择文件…"), self.form_box)
        browse.clicked.connect(self._browse)
        files.addWidget(browse)
        form.addRow(self.tr("附件"), files)
        self.done_box = QCheckBox(self.tr("本单位已完成"), self.form_box)
        self.done_box.setObjectName("report_done")
        form.addRow("", self.done_box)
        self.error = ErrorLabel("task_report", self.form_box)
        form.addRow(self.error)
        self.submit = QPushButton(self.tr("报告进展（Ctrl+S）"), self.form_box)
        self.submit.setObjectName("report_submit")
        self.submit.clicked.connect(self.save)
        form.addRow(self.submit)
        rv.addWidget(self.form_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.table.itemSelectionChanged.connect(self._selected)
        ctx.events.wrote.connect(self._mark_stale)
        self._show_task(None)
        self.refresh()

    # --- the list ------------------------------------------------------------------------

    def shown(self) -> None:
        if self._stale:
            self.refresh()

    def _mark_stale(self, _entity: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self._stale = False
        keep = select or (self.current.id if self.current else None)
        self.ctx.tasks.run_db(taskjobs.task_list, self.ctx.store, self.ctx.today(),
                              on_done=lambda rows: self._fill(rows, keep),
                              on_error=lambda exc: self.summary.setText(error_message(exc)), owner=self)

    def _fill(self, rows: tuple, keep: str | None) -> None:
        self.rows = rows
        overdue = sum(r.my_state == "逾期" for r in rows)
        self.summary.setText(self.tr("共 %n 项任务", "", len(rows))
                             + self.tr("，本单位逾期 {overdue} 项。任务由市级平台下达，同步后出现在这里。").format(overdue=overdue))
        fill_table(self.table, (self.tr("完成时限"), self.tr("本单位"), self.tr("任务内容"), self.tr("牵头单位"),
                                self.tr("专项工作组")),
                   [(r.deadline.isoformat(), domain(r.my_state), r.content.replace("\n", " "), r.lead_office,
                     r.work_group) for r in rows])
        for i, r in enumerate(rows):
            colour = OVERDUE if r.my_state == "逾期" else DONE if r.my_state == "已完成" else None
            if colour:
                for c in range(self.table.columnCount()):
                    self.table.item(i, c).setForeground(QBrush(QColor(colour)))
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if index is not None:
            self.table.selectRow(index)
            self._show_task(rows[index])
        else:
            self._show_task(None)

    def _selected(self) -> None:
        picked = self.table.selectionModel().selectedRows()
        if picked and 0 <= picked[0].row() < len(self.rows):
            self._show_task(self.rows[picked[0].row()])

    def open(self, task_id: str) -> None:
        """Show the task (from the dashboard)."""
        self.refresh(task_id)

    # --- one task ------------------------------------------------------------------------

    def _show_task(self, task) -> None:
        self.current = task
        self.form_box.setEnabled(task is not None)
        self.error.show_message("")
        if task is None:
            self.detail.setText(self.tr("在左侧选择一项任务。"))
            fill_table(self.reports, (), [])
            return
        e = html.escape
        colour = OVERDUE if task.my_state == "逾期" else "inherit"
        lines = [f"<h3>{e(task.content)}</h3>",
                 self.tr("完成时限 {deadline}　本单位：<span style='color:{colour}'>{mine}</span>　整体：{state}").format(
                     deadline=task.deadline.isoformat(), colour=colour, mine=domain(task.my_state),
                     state=domain(task.state)),
                 self.tr("牵头单位：{lead}　配合单位：{partners}").format(
                     lead=e(task.lead_office), partners=e("、".join(task.partner_offices)) or "—"),
                 self.tr("来源：{source}　专项工作组：{group}　下达日期：{issued}").format(
                     source=e(task.source_label or domain(task.source)), group=e(task.work_group) or "—",
                     issued=task.issued_date.isoformat())]
        if task.milestones:
            lines.append(self.tr("进度节点：{m}").format(m=e(task.milestones)))
        self.detail.setText("<br>".join(lines))
        fill_table(self.reports, (self.tr("报告日期"), self.tr("单位"), self.tr("进展情况"), self.tr("完成"),
                                  self.tr("附件")),
                   [(r.report_date.isoformat(), r.office, r.text, self.tr("已完成") if r.done else "",
                     "、".join(r.files)) for r in reversed(task.reports)])
        self.report_date.setDate(QDate(self.ctx.today()))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择附件"))
        if path:
            self.attach.setText(path)

    def save(self) -> None:  # Ctrl+S
        task = self.current
        if task is None:
            return
        text = self.report_text.toPlainText().strip()
        if not text:
            self.error.show_message(self.tr("请填写进展情况。"))
            return
        when: date = self.report_date.date().toPython()
        self.submit.setEnabled(False)
        self.ctx.tasks.run_db(taskjobs.report_task, self.ctx.store, self.ctx.user, task.id, text, when,
                              self.done_box.isChecked(), self.attach.text().strip() or None,
                              on_done=self._reported, on_error=self._failed, owner=self)

    def _reported(self, _report_id: str) -> None:
        self.submit.setEnabled(True)
        self.report_text.clear()
        self.attach.clear()
        self.done_box.setChecked(False)
        self.ctx.events.wrote.emit("task_report")
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        self.error.show_message(error_message(exc))

    def table_rows(self) -> list[tuple[str, ...]]:
        t = self.table
        return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]

    def report_rows(self) -> list[tuple[str, ...]]:
        t = self.reports
        return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]
