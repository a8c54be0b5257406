"""司法建议: the list with overdue marking, and one form to register, serve, answer and close."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.states import MACHINES
from fydesk.services.entities import entity
from fydesk.services.lists import SuggestionRow
from fydesk.services.records import RecordDTO

from .. import jobs
from ..attachments import AttachmentPanel
from ..forms import ErrorLabel, FieldForm, display
from ..language import domain
from ..moves import MoveDialog, ask_correction, ask_move, correct_button, no_correction
from ..lazymodel import LazyTableModel
from ..preview import DocumentButton, preview_document
from ..tasks import Tasks, error_message
from .base import (
    Page,
    PageContext,
    filter_on_pause,
    list_beside_detail,
    list_table,
    show_total,
)

FIELDS = ("kind", "source_case_number", "addressee", "cc", "problem", "suggestion", "issued_date",
          "served_date", "reply_days", "reply_date", "adoption", "measures")
COLUMNS = (("number", QT_TRANSLATE_NOOP("Domain", "文号")), ("kind", QT_TRANSLATE_NOOP("Domain", "类型")),
           ("addressee", QT_TRANSLATE_NOOP("Domain", "主送单位")),
           ("issued_date", QT_TRANSLATE_NOOP("Domain", "签发日期")),
           ("served_date", QT_TRANSLATE_NOOP("Domain", "送达日期")),
           ("reply_due", QT_TRANSLATE_NOOP("Domain", "答复截止日")),
           ("reply_date", QT_TRANSLATE_NOOP("Domain", "答复日期")),
           ("status", QT_TRANSLATE_NOOP("Domain", "状态")), ("overdue", QT_TRANSLATE_NOOP("Domain", "逾期")))
OVERDUE = "#c62828"


class SuggestionListModel(LazyTableModel):
    def __init__(self, tasks: Tasks, ctx: PageContext, parent: QObject | None = None) -> None:
        def fetch(filters: dict[str, Any], after: str | None, limit: int, count: bool):
            return jobs.suggestion_page, (ctx.store, ctx.today(), filters.get("status"),
                                          bool(filters.get("overdue_only")), filters.get("text"),
                                          after, limit, count)

        super().__init__(tasks, fetch, COLUMNS, parent)

    def cell(self, row: SuggestionRow, name: str) -> str:
        if name == "overdue":
            return self.tr("逾期未复") if row.overdue else ""
        if name == "number":
            return row.number or self.tr("（未编号）")
        value = display(getattr(row, name))
        return domain(value) if name in ("status", "kind") else value

    def colour(self, row: SuggestionRow, name: str) -> str | None:
        return OVERDUE if row.overdue else None


class SuggestionForm(QWidget):
    """A new suggestion (record None) or an existing one, with its status buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: RecordDTO | None = None
        v = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("suggestion_header")
        self.header.setWordWrap(True)
        v.addWidget(self.header)
        row = QHBoxLayout()
        self.status_label = QLabel(self.tr("状态变更："), self)
        row.addWidget(self.status_label)
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons)
        row.addStretch(1)
        self.document_button = DocumentButton("suggestion", self.tr("司法建议书"), self)
        row.addWidget(self.document_button)
        v.addLayout(row)
        self.form = FieldForm(entity("suggestion"), FIELDS, long_text=("problem", "suggestion", "measures"),
                              parent=self)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(self.form)
        v.addWidget(area, 1)
        self.error = ErrorLabel("suggestion", self)
        v.addWidget(self.error)
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"), self)
        v.addWidget(self.save_button)

    def show_record(self, record: RecordDTO | None, today) -> None:
        self.record = record
        self.form.clear()
        self.error.show_message("")
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().setObjectName("")  # status_button() finds only the buttons shown now
                item.widget().deleteLater()
        self.document_button.set_targets(
            [] if record is None else [(record.id, self.tr("司法建议书 {name}").format(name=record["number"] or record["addressee"] or ""))])
        if record is None:
            self.header.setText(self.tr("<h3>登记司法建议</h3>签发时自动编号；送达后按答复期限计算答复截止日。"))
            self.status_label.hide()
            return
        self.status_label.show()
        self.form.set_values(record.values)
        due = record["reply_due"]
        overdue = (record["status"] in ("签发", "送达") and record["reply_date"] is None
                   and due is not None and due < today)
        lines = ["<h3>{}　{}</h3>".format(record["number"] or self.tr("（未编号）"), domain(record["status"])),
                 self.tr("答复截止日 {due}").format(due=display(due) or "—")
                 + (f"　<span style='color:{OVERDUE}'>"
                    + self.tr("已逾期 %n 天未答复", "", (today - due).days) + "</span>"
                    if overdue else "")]
        if record["status_reason"]:
            lines.append(self.tr("状态变更理由：{reason}").format(reason=record["status_reason"]))
        self.header.setText("<br>".join(lines))
        for target in MACHINES["suggestion"].allowed(record["status"]):
            button = QPushButton(domain(target), self)
            button.setObjectName(f"status_{target}")
            self.status_buttons.addWidget(button)
        if not MACHINES["suggestion"].allowed(record["status"]):
            self.status_buttons.addWidget(QLabel(self.tr("（已办结）"), self))
        if MACHINES["suggestion"].corrections(record["status"]):
            self.status_buttons.addWidget(correct_button(self, "status_correct"))

    def status_button(self, target: str) -> QPushButton | None:
        return self.findChild(QPushButton, f"status_{target}")

    def edited_values(self) -> dict[str, Any]:
        """Every field as typed; for an existing record an emptied field is cleared."""
        if self.record is None:
            return self.form.values()
        return {name: self.form.value(name) for name in FIELDS}


class SuggestionsPage(Page):
    title = "司法建议"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("全部状态"), None)
        for s in MACHINES["suggestion"].states:
            self.status_filter.addItem(domain(s), s)
        self.overdue_only = QCheckBox(self.tr("只看逾期未复"), self)
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("按文号、主送单位或问题筛选"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("登记司法建议（Ctrl+N）"), self)
        for w in (QLabel(self.tr("状态："), self), self.status_filter, self.overdue_only):
            top.addWidget(w)
        top.addWidget(self.text_filter, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)

        self.model = SuggestionListModel(ctx.tasks, ctx, self)
        self.table = list_table(self, self.model, (190, 80, 170, 90, 90, 90, 90, 60))
        self.form = SuggestionForm(self)
        self.form.setEnabled(False)
        self.move_dialog: MoveDialog | None = None  # the question open now, if any
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.form)
        self.attach_box = QGroupBox(self.tr("附件"), right)
        av = QVBoxLayout(self.attach_box)
        self.attachments = AttachmentPanel(ctx, self.attach_box)
        self.attachments.setObjectName("suggestion_attachments")
        av.addWidget(self.attachments)
        right.addWidget(self.attach_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        list_beside_detail(self, top, self.table, right, (3, 2))

        filter_on_pause(self, self.text_filter, self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.overdue_only.toggled.connect(self._apply_filter)
        show_total(self.model, self.count_label, self.tr("共 {n} 件"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_item)
        self.form.save_button.clicked.connect(self.save)
        self.form.document_button.requested.connect(
            lambda kind, key, title: preview_document(self, ctx.tasks, ctx.store, kind, key, title))
        self._apply_filter()

    # --- shortcuts ---------------------------------------------------------------------------

    def new_item(self) -> None:
        self.table.clearSelection()
        self.form.setEnabled(True)
        self.form.show_record(None, self.ctx.today())
        self.attachments.set_owner(None)
        self.form.form.inputs["kind"].setFocus()

    def save(self) -> None:
        if not self.form.isEnabled():
            return
        values = self.form.edited_values()
        self.form.form.clear_errors()
        self.form.error.show_message("")
        record = self.form.record
        if record is None:
            self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "suggestion",
                                  {**values, "office_id": self.ctx.office_id}, self.ctx.rare, owner=self,
                                  on_done=self._saved, on_error=self._refused)
        else:
            self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "suggestion",
                                  record.id, values, self.ctx.rare,
                                  owner=self, on_done=self._saved, on_error=self._refused)

    def cancel(self) -> None:
        if self.form.record is None:
            self.form.form.clear()
            self.form.setEnabled(False)
        else:
            self.form.show_record(self.form.record, self.ctx.today())

    # --- list and form --------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(status=self.status_filter.currentData(), overdue_only=self.overdue_only.isChecked(),
                              text=self.text_filter.text().strip() or None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open(self.model.row_at(current.row()).id)

    def open(self, record_id: str) -> None:
        self.ctx.tasks.run_db(jobs.get_record, self.ctx.store, "suggestion", record_id, owner=self,
                              on_done=self._show, on_error=lambda exc: self.form.error.show_message(
                                  error_message(exc)))

    def _show(self, record: RecordDTO) -> None:
        self.form.setEnabled(True)
        self.form.show_record(record, self.ctx.today())
        if self.attachments.owner != ("suggestion", record.id):
            self.attachments.set_owner("suggestion", record.id)
        for target in MACHINES["suggestion"].allowed(record["status"]):
            button = self.form.status_button(target)
            if button is not None:
                button.clicked.connect(lambda _=False, t=target: self._ask_move(t))
        button = self.form.status_button("correct")
        if button is not None:
            button.clicked.connect(self._ask_correction)

    def _ask_move(self, target: str) -> None:
        record = self.form.record
        if record is not None:
            # What was typed is read now, when the button is pressed.
            typed = self.form.edited_values()
            self.move_dialog = ask_move(self, "suggestion", record["status"], target,
                                        lambda t, reason: self._change_status(t, reason, typed))

    def _ask_correction(self) -> None:
        record = self.form.record
        if record is not None:
            self.ctx.tasks.run_db(jobs.corrections, self.ctx.store, "suggestion", record.id, owner=self,
                                  on_done=lambda fixes: self._offer_correction(record, fixes), on_error=self._refused)

    def _offer_correction(self, record: RecordDTO, fixes: tuple[str, ...]) -> None:
        if not fixes:
            self.form.form.show_error(None, no_correction("suggestion", record["status"]))
            return
        self.move_dialog = ask_correction(self, "suggestion", record["status"], fixes, self._correct)

    def _correct(self, target: str, reason: str) -> None:
        record = self.form.record
        if record is None:
            return
        self.ctx.tasks.run_db(jobs.correct_record, self.ctx.store, self.ctx.user, "suggestion", record.id,
                              target, reason, owner=self, on_done=self._saved, on_error=self._refused)

    def _change_status(self, target: str, reason: str = "", typed: dict[str, Any] | None = None) -> None:
        record = self.form.record
        if record is None:
            return
        # What was typed goes with the status, so a served date entered first is kept.
        values = {**(typed if typed is not None else self.form.edited_values()), "status": target}
        self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "suggestion", record.id,
                              values, self.ctx.rare, reason, owner=self, on_done=self._saved,
                              on_error=self._refused)

    def _saved(self, record: RecordDTO) -> None:
        self.ctx.events.wrote.emit("suggestion")
        self.model.reload()
        self._show(record)

    def _refused(self, exc: BaseException) -> None:
        # A field the form lacks gets the form's own line under the fields.
        self.form.form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))
