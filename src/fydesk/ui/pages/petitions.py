"""涉诉信访: the register with a status filter, one form to register and edit a petition, the
steps of handling it, and its 化解 / 终结移交 moves through the same confirm-and-reason dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.states import MACHINES
from fydesk.services.entities import entity

from .. import jobs
from ..forms import ErrorLabel, FieldForm, display
from ..language import domain
from ..lazymodel import LazyTableModel
from ..moves import MoveDialog, ask_correction, ask_move, correct_button, no_correction
from ..tasks import Tasks, error_message
from .base import (
    Page,
    PageContext,
    filter_on_pause,
    list_beside_detail,
    list_table,
    show_total,
)

MACHINE = "petition"
FIELDS = ("petitioner", "matter", "received_date", "channel", "case_numbers", "closed_date", "transfer_to",
          "close_document")
STEP_FIELDS = ("step_date", "action", "handler", "note")
COLUMNS = (("received_date", QT_TRANSLATE_NOOP("Domain", "收到日期")),
           ("petitioner", QT_TRANSLATE_NOOP("Domain", "信访人")),
           ("channel", QT_TRANSLATE_NOOP("Domain", "信访方式")),
           ("case_numbers", QT_TRANSLATE_NOOP("Domain", "关联案号")),
           ("status", QT_TRANSLATE_NOOP("Domain", "状态")),
           ("closed_date", QT_TRANSLATE_NOOP("Domain", "化解/终结日期")),
           ("steps", QT_TRANSLATE_NOOP("Domain", "办理记录")))
STEP_COLUMNS = ("step_date", "action", "handler", "note")


class PetitionListModel(LazyTableModel):
    def __init__(self, tasks: Tasks, ctx: PageContext, parent: QObject | None = None) -> None:
        def fetch(filters: dict[str, Any], after: str | None, limit: int, count: bool):
            return jobs.petition_page, (ctx.store, filters.get("status"), filters.get("text"), after, limit, count)

        super().__init__(tasks, fetch, COLUMNS, parent)

    def cell(self, row: Any, name: str) -> str:
        value = getattr(row, name)
        if name == "steps":
            return str(value)
        value = display(value)
        return domain(value) if name in ("status", "channel") else value


class PetitionForm(QWidget):
    """A new petition (detail None) or one on record: its fields, status buttons and steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: Any = None  # services.petitions.PetitionDetail
        v = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("petition_header")
        self.header.setWordWrap(True)
        v.addWidget(self.header)
        row = QHBoxLayout()
        self.status_label = QLabel(self.tr("状态变更："), self)
        row.addWidget(self.status_label)
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons)
        row.addStretch(1)
        v.addLayout(row)
        self.form = FieldForm(entity("petition"), FIELDS, long_text=("matter",), parent=self)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(self.form)
        v.addWidget(area, 1)
        self.error = ErrorLabel("petition", self)
        v.addWidget(self.error)
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"), self)
        self.save_button.setObjectName("petition_save")
        v.addWidget(self.save_button)

        self.steps_box = QGroupBox(self.tr("办理记录"))
        sv = QVBoxLayout(self.steps_box)
        self.steps = QTableWidget(0, len(STEP_COLUMNS), self.steps_box)
        self.steps.setObjectName("petition_steps")
        self.steps.setHorizontalHeaderLabels([domain(entity("petition_step").field(n).label) for n in STEP_COLUMNS])
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.verticalHeader().hide()
        self.steps.setMinimumHeight(120)  # a few steps in view above the entry form
        self.steps.horizontalHeader().setSectionResizeMode(len(STEP_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        sv.addWidget(self.steps, 1)
        self.step_form = FieldForm(entity("petition_step"), STEP_FIELDS, parent=self.steps_box)
        sv.addWidget(self.step_form)
        self.step_button = QPushButton(self.tr("追加办理记录"), self.steps_box)
        self.step_button.setObjectName("petition_add_step")
        self.step_button.setToolTip(self.tr("办理记录只能追加；登记状态的信访件随之转为化解中"))
        sv.addWidget(self.step_button)
        self.steps_box.hide()  # shown with a petition on record
        # The page puts the steps beside the form in a splitter of its own (see PetitionsPage).

    def show_detail(self, detail: Any) -> None:
        self.detail = detail
        self.form.clear()
        self.step_form.clear()
        self.error.show_message("")
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().setObjectName("")  # status_button() finds only the buttons shown now
                item.widget().deleteLater()
        if detail is None:
            self.header.setText(self.tr("<h3>登记涉诉信访</h3>收到日期默认今天；关联案号与本机调解案件相同的，自动关联。"))
            self.status_label.hide()
            self.steps_box.hide()
            return
        record = detail.petition
        self.status_label.show()
        self.steps_box.show()
        self.form.load(record.values)
        lines = ["<h3>{}　{}</h3>".format(record["petitioner"], domain(record["status"]))]
        if record["status_reason"]:
            lines.append(self.tr("状态变更理由：{reason}").format(reason=record["status_reason"]))
        self.header.setText("<br>".join(lines))
        machine = MACHINES[MACHINE]
        for target in machine.allowed(record["status"]):
            button = QPushButton(domain(target), self)
            button.setObjectName(f"status_{target}")
            self.status_buttons.addWidget(button)
        if not machine.allowed(record["status"]):
            self.status_buttons.addWidget(QLabel(self.tr("（已办结）"), self))
        if machine.corrections(record["status"]):
            self.status_buttons.addWidget(correct_button(self, "status_correct"))
        self.steps.setRowCount(len(detail.steps))
        for r, step in enumerate(detail.steps):
            for c, name in enumerate(STEP_COLUMNS):
                value = display(step[name])
                self.steps.setItem(r, c, QTableWidgetItem(domain(value) if name == "action" else value))

    def status_button(self, target: str) -> QPushButton | None:
        return self.findChild(QPushButton, f"status_{target}")


class PetitionsPage(Page):
    title = "涉诉信访"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("petition_status_filter")
        self.status_filter.addItem(self.tr("全部状态"), None)
        for s in MACHINES[MACHINE].states:
            self.status_filter.addItem(domain(s), s)
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("按信访人、事项或案号筛选"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("登记信访（Ctrl+N）"), self)
        self.new_button.setObjectName("petition_new")
        for w in (QLabel(self.tr("状态："), self), self.status_filter):
            top.addWidget(w)
        top.addWidget(self.text_filter, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)

        self.model = PetitionListModel(ctx.tasks, ctx, self)
        self.table = list_table(self, self.model, (90, 90, 80, 160, 70, 100, 60))
        self.form = PetitionForm(self)
        self.form.setEnabled(False)
        self.move_dialog: MoveDialog | None = None  # the question open now, if any
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.form)
        right.addWidget(self.form.steps_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        list_beside_detail(self, top, self.table, right, (3, 2))

        filter_on_pause(self, self.text_filter, self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        show_total(self.model, self.count_label, self.tr("共 {n} 件"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_item)
        self.form.save_button.clicked.connect(self.save)
        self.form.step_button.clicked.connect(self.add_step)
        self._apply_filter()

    # --- shortcuts ---------------------------------------------------------------------------

    def new_item(self) -> None:
        self.table.clearSelection()
        self.form.setEnabled(True)
        self.form.show_detail(None)
        self.form.form.inputs["petitioner"].setFocus()

    def save(self) -> None:
        if not self.form.isEnabled():
            return
        self._clear_errors()
        detail = self.form.detail
        if detail is None:
            values = {**self.form.form.values(), "office_id": self.ctx.office_id}
            self.ctx.tasks.run_db(jobs.register_petition, self.ctx.store, self.ctx.user, values, self.ctx.rare,
                                  owner=self, on_done=self._saved, on_error=self._refused)
        else:
            self.ctx.tasks.run_db(jobs.edit_petition, self.ctx.store, self.ctx.user, detail.petition.id,
                                  self.form.form.changes(), self.ctx.rare, owner=self, on_done=self._saved,
                                  on_error=self._refused)

    def cancel(self) -> None:
        if self.form.detail is None:
            self.form.form.clear()
            self.form.setEnabled(False)
        else:
            self.form.show_detail(self.form.detail)

    def add_step(self) -> None:
        detail = self.form.detail
        if detail is None:
            return
        self._clear_errors()
        self.ctx.tasks.run_db(jobs.add_petition_step, self.ctx.store, self.ctx.user, detail.petition.id,
                              self.form.step_form.values(), self.ctx.rare, owner=self, on_done=self._saved,
                              on_error=self._step_refused)

    # --- list and form --------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(status=self.status_filter.currentData(), text=self.text_filter.text().strip() or None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open(self.model.row_at(current.row()).id)

    def open(self, record_id: str) -> None:
        self.ctx.tasks.run_db(jobs.petition_detail, self.ctx.store, record_id, owner=self, on_done=self._show,
                              on_error=lambda exc: self.form.error.show_message(error_message(exc)))

    def _show(self, detail: Any) -> None:
        self.form.setEnabled(True)
        self.form.show_detail(detail)
        for target in MACHINES[MACHINE].allowed(detail.petition["status"]):
            button = self.form.status_button(target)
            if button is not None:
                button.clicked.connect(lambda _=False, t=target: self._ask_move(t))
        button = self.form.status_button("correct")
        if button is not None:
            button.clicked.connect(self._ask_correction)

    def _ask_move(self, target: str) -> None:
        detail = self.form.detail
        if detail is not None:
            # What was typed (the 移交单位, a closing date) is read now and goes with the move.
            typed = self.form.form.changes()
            self.move_dialog = ask_move(self, MACHINE, detail.petition["status"], target,
                                        lambda t, reason: self._change_status(t, reason, typed))

    def _change_status(self, target: str, reason: str, typed: dict[str, Any]) -> None:
        detail = self.form.detail
        if detail is None:
            return
        self.ctx.tasks.run_db(jobs.edit_petition, self.ctx.store, self.ctx.user, detail.petition.id,
                              {**typed, "status": target}, self.ctx.rare, reason, owner=self,
                              on_done=self._saved, on_error=self._refused)

    def _ask_correction(self) -> None:
        detail = self.form.detail
        if detail is not None:
            record = detail.petition
            self.ctx.tasks.run_db(jobs.corrections, self.ctx.store, MACHINE, record.id, owner=self,
                                  on_done=lambda fixes: self._offer_correction(record["status"], fixes),
                                  on_error=self._refused)

    def _offer_correction(self, current: str, fixes: tuple[str, ...]) -> None:
        if not fixes:
            self.form.form.show_error(None, no_correction(MACHINE, current))
            return
        self.move_dialog = ask_correction(self, MACHINE, current, fixes, self._correct)

    def _correct(self, target: str, reason: str) -> None:
        detail = self.form.detail
        if detail is not None:
            self.ctx.tasks.run_db(jobs.correct_petition, self.ctx.store, self.ctx.user, detail.petition.id,
                                  target, reason, owner=self, on_done=self._saved, on_error=self._refused)

    def _saved(self, detail: Any) -> None:
        self.ctx.events.wrote.emit("petition")
        self.model.reload()
        self._show(detail)

    def _clear_errors(self) -> None:
        for form in (self.form.form, self.form.step_form):
            form.clear_errors()
        self.form.error.show_message("")

    def _refused(self, exc: BaseException) -> None:
        self.form.form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))

    def _step_refused(self, exc: BaseException) -> None:
        self.form.step_form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))
