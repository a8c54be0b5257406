"""调解案件: the lazy case list with filters, the case's detail, and registering a new case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.states import MACHINES

from .. import jobs, officejobs
from ..attachments import AttachmentPanel
from ..collate import pinyin_sorted
from ..language import domain
from ..preview import preview_document
from ..tasks import Cancelled, error_message
from .base import (
    Page,
    PageContext,
    filter_on_pause,
    list_beside_detail,
    set_column_widths,
    show_total,
)
from .case_detail import CaseDetailView
from .case_edit import CaseEditForm
from .case_forms import RegisterCaseForm
from .case_model import CaseListModel

ROW_HEIGHT = 24


class CasesPage(Page):
    title = "调解案件"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._staff: tuple[tuple[str, str], ...] = ()
        self._bodies: tuple[tuple[str, str, str], ...] = ()
        self._case_id: str | None = None

        top = QHBoxLayout()
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(self.tr("全部状态"), None)
        for s in MACHINES["case"].states:
            self.status_filter.addItem(domain(s), s)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("text_filter")
        self.text_filter.setPlaceholderText(self.tr("按案号或案情筛选"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("case_count")
        self.new_button = QPushButton(self.tr("登记案件（Ctrl+N）"), self)
        self.import_button = QPushButton(self.tr("导入台账…"), self)
        self.import_button.setObjectName("import_ledger")
        self.import_button.setToolTip(self.tr("从 Excel 台账（.xlsx）导入案件：全部成功或全部不写入"))
        self.import_progress: QProgressDialog | None = None
        top.addWidget(QLabel(self.tr("状态："), self))
        top.addWidget(self.status_filter)
        top.addWidget(self.text_filter, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)

        self.model = CaseListModel(ctx.tasks, ctx.store, self)
        self.table = QTableView(self)
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # Fixed row height: a big list must never measure every row's contents.
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.table, (205, 90, 110, 110, 150, 70, 90))

        self.right = QStackedWidget(self)
        self.hint = QLabel(self.tr("从左侧选择案件查看详情，或按 Ctrl+N 登记新案件。"), self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = CaseDetailView(self)
        self.attachments = AttachmentPanel(ctx, self.detail)
        self.attachments.setObjectName("case_attachments")
        self.detail.tabs.addTab(self.attachments, self.tr("附件"))
        # every tab in view: the detail is never narrower than its tab bar
        self.detail.tabs.setMinimumWidth(self.detail.tabs.tabBar().sizeHint().width() + 8)
        self.register = RegisterCaseForm(self)
        self.editor = CaseEditForm(self)
        for w in (self.hint, self.detail, self.register, self.editor):
            self.right.addWidget(w)

        list_beside_detail(self, top, self.table, self.right, (3, 2))

        filter_on_pause(self, self.text_filter, self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        show_total(self.model, self.count_label, self.tr("共 {n} 件"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_item)
        self.import_button.clicked.connect(self._choose_ledger)
        self.register.submitted.connect(self._register)
        self.register.cancelled.connect(self.cancel)
        self.detail.edit_requested.connect(self.edit_case)
        self.editor.submitted.connect(self._edit)
        self.editor.cancelled.connect(self.cancel)
        self.detail.status_requested.connect(self._change_status)
        self.detail.session_submitted.connect(self._add_session)
        self.detail.agreement_submitted.connect(self._record_agreement)
        self.detail.agreement_revised.connect(self._revise_agreement)
        self.detail.performance_submitted.connect(
            lambda values: self._add_child("performance", values, self.detail.performance_form))
        self.detail.confirmation_submitted.connect(
            lambda values: self._add_child("confirmation", values, self.detail.confirmation_form))
        self.detail.confirmation_status_requested.connect(self._confirmation_status)
        self.detail.correction_requested.connect(self._correct_status)
        self.detail.confirmation_correction_requested.connect(self._correct_confirmation)
        self.detail.document_requested.connect(
            lambda kind, key, title: preview_document(self, ctx.tasks, ctx.store, kind, key, title))

        self.model.set_filter()
        self._load_choices()
        # Staff and bodies added on 本单位 (or brought by a sync) are choosable at once.
        ctx.events.wrote.connect(lambda name: self._load_choices() if name in ("staff", "mediation_body", "sync")
                                 else None)

    # --- shortcuts --------------------------------------------------------------------------

    def new_item(self) -> None:
        self.register.clear_errors()
        self.register.set_staff(self._staff)
        self.register.set_bodies(self._bodies)
        if self.register.case_form.value("registered_date") is None:
            self.register.case_form.set_value("registered_date", self.ctx.today())
        self.right.setCurrentWidget(self.register)
        # at its top, whatever was scrolled to last time; what was typed and not saved stays
        self.register.scroll.verticalScrollBar().setValue(0)
        self.register.case_form.inputs["category"].setFocus()

    def save(self) -> None:
        if self.right.currentWidget() is self.register:
            self.register.submit()
        elif self.right.currentWidget() is self.editor:
            self.editor.submit()

    def cancel(self) -> None:
        if self.right.currentWidget() is self.register:
            self.right.setCurrentWidget(self.detail if self._case_id else self.hint)
        elif self.right.currentWidget() is self.editor:
            self.right.setCurrentWidget(self.detail)

    def edit_case(self) -> None:
        """修改: the shown case's own fields and its parties, in place of its detail."""
        detail = self.detail.detail
        if detail is None or detail.case.id != self._case_id:
            return
        self.editor.show_case(detail, self._staff, self._bodies)
        self.right.setCurrentWidget(self.editor)

    # --- list ---------------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.text_filter.text())

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_case(self.model.row_at(current.row()).id)

    def _load_choices(self) -> None:
        self.ctx.tasks.run_db(officejobs.case_choices, self.ctx.store, self.ctx.office_id,
                              on_done=self._got_choices, owner=self, on_error=lambda exc: None)

    def _got_choices(self, choices) -> None:
        staff, bodies = choices
        self._staff = staff = tuple(pinyin_sorted(staff, key=lambda s: s[1]))
        self._bodies = bodies
        self.register.set_staff(staff)
        self.register.set_bodies(bodies)
        self.detail.session_form.set_ref_choices("recorder_id", staff)  # 记录人

    # --- detail -------------------------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        self._case_id = case_id
        self.ctx.tasks.run_db(jobs.case_detail, self.ctx.store, case_id, on_done=self._show_detail,
                              on_error=self._detail_failed, owner=self)

    def _show_detail(self, detail: jobs.CaseDetail) -> None:
        if detail.case.id != self._case_id:
            return  # the clerk has moved on to another case
        self.detail.show_detail(detail)
        if self.attachments.owner != ("case", detail.case.id):
            self.attachments.set_owner("case", detail.case.id)
        current = self.right.currentWidget()
        # Another case chosen while editing leaves the edit; a new registration stays open.
        if current is not self.register and not (current is self.editor and self.editor.case_id == detail.case.id):
            self.right.setCurrentWidget(self.detail)

    def _detail_failed(self, exc: BaseException) -> None:
        self.detail.error.show_message(error_message(exc))
        self.right.setCurrentWidget(self.detail)

    def _after_write(self, entity: str, case_id: str) -> None:
        self.ctx.events.wrote.emit(entity)
        self.open_case(case_id)

    # --- the Excel 台账 ------------------------------------------------------------------------

    def _choose_ledger(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的台账"), "",
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.import_ledger(Path(path))

    def import_ledger(self, path: Path) -> None:
        """Import in the background, rows read shown in a progress dialog that can cancel it."""
        dialog = QProgressDialog(self.tr("正在导入台账 {name}…").format(name=path.name), self.tr("取消"), 0, 0, self)
        dialog.setObjectName("import_progress")
        dialog.setWindowTitle(self.tr("导入台账"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.import_progress = dialog
        self.import_button.setEnabled(False)
        state = self.ctx.tasks.run_db(jobs.import_ledger, self.ctx.store, self.ctx.user, path, self.ctx.rare,
                                      on_done=self._ledger_imported, on_error=self._ledger_refused,
                                      on_progress=self._ledger_progress, owner=self, with_state=True)
        dialog.canceled.connect(state.cancel)
        dialog.show()

    def _ledger_progress(self, done: int, total: int) -> None:
        dialog = self.import_progress
        if dialog is None:
            return
        dialog.setLabelText(self.tr("正在导入台账：已读取 {done} 行，共 {total} 行").format(done=done, total=total)
                            if total else self.tr("正在导入台账：已读取 {done} 行").format(done=done))
        if total:  # a sheet that does not record its size keeps a busy bar beside the count
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def _ledger_finished(self) -> None:
        self.import_button.setEnabled(True)
        if self.import_progress is not None:
            self.import_progress.close()
            self.import_progress.deleteLater()
            self.import_progress = None

    def _ledger_imported(self, done: jobs.LedgerImported) -> None:
        self._ledger_finished()
        self.model.reload()
        self.ctx.events.wrote.emit("case")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("导入台账"), self.tr(
            "已从工作表“{sheet}”导入调解案件 {cases} 件、当事人 {parties} 名。").format(
            sheet=done.sheet, cases=done.cases, parties=done.parties), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("import_done")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _ledger_refused(self, exc: BaseException) -> None:
        self._ledger_finished()
        if isinstance(exc, Cancelled):
            return  # the person stopped it; the transaction rolled back, nothing to explain
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("导入台账"), error_message(exc),
                          QMessageBox.StandardButton.Ok, self)
        listed = getattr(exc, "errors", None)
        if listed:
            unlisted = getattr(exc, "unlisted", 0)
            more = [self.tr("……另有 {n} 处错误未列出。").format(n=unlisted)] if unlisted else []
            box.setDetailedText("\n".join([*listed, *more]))
        box.setObjectName("import_refused")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- writes -------------------------------------------------------------------------------

    def _register(self, values: dict, parties: list) -> None:
        self.ctx.tasks.run_db(jobs.register_case, self.ctx.store, self.ctx.user, values, parties, self.ctx.rare,
                              on_done=self._registered, on_error=self._register_failed, owner=self)

    def _registered(self, made) -> None:
        self.register.done()
        self.register.reset(self.ctx.today())
        self.model.reload()
        self.right.setCurrentWidget(self.detail)
        self._after_write("case", made.case.id)

    def _register_failed(self, exc: BaseException) -> None:
        self.register.refuse(exc if isinstance(exc, ValidationError) else None, error_message(exc))

    def _edit(self, case_id: str, case_values: dict, party_values: dict) -> None:
        self.ctx.tasks.run_db(jobs.edit_case, self.ctx.store, self.ctx.user, case_id, case_values, party_values,
                              self.ctx.rare,
                              on_done=lambda _none: self._edited(case_id), owner=self,
                              on_error=lambda exc: self.editor.refuse(exc, error_message(exc)))

    def _edited(self, case_id: str) -> None:
        self.editor.done()
        self.model.reload()
        if self._case_id == case_id:
            self.right.setCurrentWidget(self.detail)
        self._after_write("case", case_id)

    def _change_status(self, target: str, reason: str = "") -> None:
        if self._case_id is None:
            return
        values: dict[str, Any] = {"status": target}
        if target == "归档":
            number, ok = QInputDialog.getText(self, self.tr("归档"), self.tr("归档号："))
            if not ok:
                return
            values["archive_number"] = number
        self._update_status(self._case_id, values, reason)

    def _update_status(self, case_id: str, values: dict[str, Any], reason: str = "") -> None:
        self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "case", case_id, values,
                              self.ctx.rare, reason,
                              on_done=lambda dto: self._status_changed(dto), owner=self,
                              on_error=lambda exc: self._status_refused(case_id, values, reason, exc))

    def _status_refused(self, case_id: str, values: dict[str, Any], reason: str, exc: BaseException) -> None:
        if getattr(exc, "field", None) == "archive_note" and "archive_note" not in values:
            # A file lacking a mandatory item is archived only with the reason written down.
            note, ok = QInputDialog.getMultiLineText(self, self.tr("归档说明"), error_message(exc))
            if ok and note.strip():
                self._update_status(case_id, {**values, "archive_note": note}, reason)
                return
        self.detail.error.show_message(error_message(exc))

    def _correct_status(self, target: str, reason: str) -> None:
        if self._case_id is None:
            return
        case_id = self._case_id
        self.ctx.tasks.run_db(jobs.correct_record, self.ctx.store, self.ctx.user, "case", case_id, target, reason,
                              on_done=self._status_changed, owner=self,
                              on_error=lambda exc: self.detail.error.show_message(error_message(exc)))

    def _status_changed(self, dto) -> None:
        self.model.reload()
        self._after_write("case", dto.id)

    def _add_session(self, values: dict) -> None:
        if self._case_id is None:
            return
        case_id = self._case_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "session",
                              {**values, "case_id": case_id}, self.ctx.rare,
                              on_done=lambda dto: self._session_added(case_id),
                              on_error=lambda exc: self._refused(self.detail.session_form, exc), owner=self)

    def _session_added(self, case_id: str) -> None:
        self.detail.session_form.clear()
        self._after_write("session", case_id)

    def _record_agreement(self, values: dict, terms: list) -> None:
        if self._case_id is not None:
            self._write_agreement(jobs.record_agreement, self._case_id, values, terms)

    def _revise_agreement(self, agreement_id: str, changes: dict, terms: list) -> None:
        if self._case_id is not None:
            self._write_agreement(jobs.revise_agreement, agreement_id, changes, terms)

    def _write_agreement(self, job, key: str, values: dict, terms: list) -> None:
        """A new agreement of the shown case (key: the case), or a correction (key: the agreement)."""
        case_id = self._case_id
        self.ctx.tasks.run_db(job, self.ctx.store, self.ctx.user, key, values, terms, self.ctx.rare,
                              on_done=lambda made: self._agreement_recorded(case_id), owner=self,
                              on_error=lambda exc: self.detail.agreement_form.refuse(
                                  exc if isinstance(exc, ValidationError) else None, error_message(exc)))

    def _agreement_recorded(self, case_id: str) -> None:
        self.detail.agreement_form.close_form()  # saved: the form closes, empty
        self.model.reload()
        self._after_write("agreement", case_id)

    def _add_child(self, entity_name: str, values: dict, form) -> None:
        """A performance or 司法确认 record under this case's agreement."""
        if self._case_id is None:
            return
        case_id = self._case_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, entity_name, values,
                              self.ctx.rare, owner=self,
                              on_done=lambda _r: (form.clear(), self._after_write(entity_name, case_id)),
                              on_error=lambda exc: self._refused(form, exc))

    def _confirmation_status(self, confirmation_id: str, target: str, typed: dict, reason: str = "") -> None:
        if self._case_id is None:
            return
        case_id = self._case_id
        form = self.detail.confirmation_form
        form.clear_errors()
        self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "confirmation", confirmation_id,
                              {**typed, "status": target}, self.ctx.rare, reason, owner=self,
                              on_done=lambda _r: (form.clear(), self._after_write("confirmation", case_id)),
                              on_error=lambda exc: self._refused(form, exc))

    def _correct_confirmation(self, confirmation_id: str, target: str, reason: str) -> None:
        if self._case_id is None:
            return
        case_id = self._case_id
        form = self.detail.confirmation_form
        form.clear_errors()
        self.ctx.tasks.run_db(jobs.correct_record, self.ctx.store, self.ctx.user, "confirmation", confirmation_id,
                              target, reason, owner=self,
                              on_done=lambda _r: self._after_write("confirmation", case_id),
                              on_error=lambda exc: self._refused(form, exc))

    @staticmethod
    def _refused(form, exc: BaseException) -> None:
        form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))
