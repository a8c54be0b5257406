"""企业走访: firms (USCC checked, a failed check needs a reason), visits and their risk lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.codes import RISK_LEVEL_COLOURS
from fydesk.domain.errors import ValidationError
from fydesk.domain.ids import check_uscc
from fydesk.domain.states import MACHINES
from fydesk.services.entities import entity
from fydesk.services.lists import EnterpriseRow
from fydesk.services.records import RecordDTO

from .. import jobs
from ..attachments import AttachmentPanel
from ..forms import ErrorLabel, FieldForm, display
from ..language import domain
from ..moves import MoveDialog, ask_correction, ask_move, correct_button, no_correction
from ..lazymodel import LazyTableModel
from ..preview import DocumentButton, preview_document
from ..tables import fill_table, read_only_table
from ..tasks import Tasks, error_message
from .base import (
    Page,
    PageContext,
    filter_on_pause,
    list_beside_detail,
    list_table,
    show_total,
)

FIRM_FIELDS = ("name", "uscc", "uscc_override_reason", "industry", "size", "address", "contact_name",
               "contact_phone")
VISIT_FIELDS = ("visit_date", "kind", "people", "findings", "report_number")
RISK_FIELDS = ("category", "description", "level", "suggestion", "rectification_due")
COLUMNS = (("name", QT_TRANSLATE_NOOP("Domain", "企业名称")), ("uscc", QT_TRANSLATE_NOOP("Domain", "统一社会信用代码")),
           ("industry", QT_TRANSLATE_NOOP("Domain", "行业")), ("size", QT_TRANSLATE_NOOP("Domain", "规模")),
           ("contact_name", QT_TRANSLATE_NOOP("Domain", "联系人")),
           ("visits", QT_TRANSLATE_NOOP("Domain", "走访次数")), ("open_risks", QT_TRANSLATE_NOOP("Domain", "未整改风险")))
# The 法治体检 report's four colours, as the screen draws them (text colour, background).
LEVEL_PAINT = {"red": ("#ffffff", "#d32f2f"), "orange": ("#000000", "#fb8c00"),
               "yellow": ("#000000", "#fdd835"), "blue": ("#ffffff", "#1e88e5")}
WARNING_STYLE = "color: #e65100;"


def level_paint(level: str) -> tuple[str, str] | None:
    return LEVEL_PAINT.get(RISK_LEVEL_COLOURS.get(level, ""))


class FirmListModel(LazyTableModel):
    def __init__(self, tasks: Tasks, ctx: PageContext, parent: QObject | None = None) -> None:
        def fetch(filters: dict[str, Any], after: str | None, limit: int, count: bool):
            return jobs.enterprise_page, (ctx.store, filters.get("text"), after, limit, count)

        super().__init__(tasks, fetch, COLUMNS, parent)

    def cell(self, row: EnterpriseRow, name: str) -> str:
        value = display(getattr(row, name))
        return domain(value) if name in ("industry", "size") else value

    def colour(self, row: EnterpriseRow, name: str) -> str | None:
        return "#c62828" if name == "open_risks" and row.open_risks else None


class FirmForm(FieldForm):
    """The firm's particulars; the USCC is checked as typed, a wrong check character warns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(entity("enterprise"), FIRM_FIELDS, parent=parent)
        self.inputs["uscc"].textChanged.connect(self._check_uscc)

    def _check_uscc(self, text: str) -> None:
        label = self.errors["uscc"]
        text = text.strip()
        if len(text) < 18:
            label.show_message("")
            return
        check = check_uscc(text)
        if check.valid:
            label.show_message("")
        elif check.overridable:
            label.setStyleSheet(WARNING_STYLE)
            label.show_message(self.tr("校验位不符（按标准应为 {expected}）。如确认代码无误，"
                                       "请在“校验不符原因”中说明原因后保存。").format(expected=check.expected_check))
            return
        else:
            label.show_message(check.reason or self.tr("统一社会信用代码不正确。"))
        label.setStyleSheet("color: #c62828;")


class FirmsPage(Page):
    title = "企业走访"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.detail: jobs.FirmDetail | None = None
        self._firm_id: str | None = None
        self._visit_id: str | None = None
        self._risk: RecordDTO | None = None

        top = QHBoxLayout()
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("按企业名称或统一社会信用代码筛选"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("新建企业（Ctrl+N）"), self)
        top.addWidget(self.text_filter, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)

        self.model = FirmListModel(ctx.tasks, ctx, self)
        self.table = list_table(self, self.model, (200, 170, 110, 50, 70, 70))

        right = QWidget(self)
        rv = QVBoxLayout(right)
        self.header = QLabel(right)
        self.header.setWordWrap(True)
        rv.addWidget(self.header)
        self.firm_form = FirmForm(right)
        rv.addWidget(self.firm_form)
        self.save_button = QPushButton(self.tr("保存企业信息（Ctrl+S）"), right)
        rv.addWidget(self.save_button)

        self.visit_box = QGroupBox(self.tr("走访 / 法治体检"), right)
        vv = QVBoxLayout(self.visit_box)
        self.visits = read_only_table(self.visit_box)
        self.visits.setObjectName("visit_table")
        self.visits.setMaximumHeight(160)
        vv.addWidget(self.visits)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("所选走访的文书："), self.visit_box))
        self.report_button = DocumentButton("healthcheck", self.tr("法治体检报告"), self.visit_box)
        self.report_button.requested.connect(
            lambda kind, key, title: preview_document(self, ctx.tasks, ctx.store, kind, key, title))
        row.addWidget(self.report_button)
        row.addStretch(1)
        vv.addLayout(row)
        self.visit_form = FieldForm(entity("visit"), VISIT_FIELDS, long_text=("findings",), parent=self.visit_box)
        vv.addWidget(self.visit_form)
        self.visit_button = QPushButton(self.tr("保存走访记录"), self.visit_box)
        vv.addWidget(self.visit_button)
        rv.addWidget(self.visit_box)

        self.attach_box = QGroupBox(self.tr("所选走访的附件"), right)
        av = QVBoxLayout(self.attach_box)
        self.attachments = AttachmentPanel(ctx, self.attach_box)
        self.attachments.setObjectName("visit_attachments")
        self.attachments.table.setMinimumHeight(120)
        av.addWidget(self.attachments)
        rv.addWidget(self.attach_box)

        self.risk_box = QGroupBox(self.tr("风险点（按等级着色）"), right)
        kv = QVBoxLayout(self.risk_box)
        self.risks = read_only_table(self.risk_box)
        self.risks.setObjectName("risk_table")
        self.risks.setMaximumHeight(160)
        kv.addWidget(self.risks)
        row = QHBoxLayout()
        self.risk_status_label = QLabel(self.tr("所选风险点状态变更："), self.risk_box)
        row.addWidget(self.risk_status_label)
        self.risk_buttons = QHBoxLayout()
        row.addLayout(self.risk_buttons)
        self.move_dialog: MoveDialog | None = None  # the question open now, if any
        row.addStretch(1)
        kv.addLayout(row)
        self.risk_error = ErrorLabel("risk_status", self.risk_box)
        kv.addWidget(self.risk_error)
        self.risk_form = FieldForm(entity("risk"), RISK_FIELDS, long_text=("description", "suggestion"),
                                   parent=self.risk_box)
        kv.addWidget(self.risk_form)
        self.risk_button = QPushButton(self.tr("添加风险点"), self.risk_box)
        kv.addWidget(self.risk_button)
        rv.addWidget(self.risk_box)
        rv.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(right)

        list_beside_detail(self, top, self.table, area, (1, 1))

        filter_on_pause(self, self.text_filter, self._apply_filter)
        show_total(self.model, self.count_label, self.tr("共 {n} 家"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.visits.currentCellChanged.connect(lambda r, *_: self._visit_chosen(r))
        self.risks.currentCellChanged.connect(lambda r, *_: self._risk_chosen(r))
        self.new_button.clicked.connect(self.new_item)
        self.save_button.clicked.connect(self.save)
        self.visit_button.clicked.connect(self._add_visit)
        self.risk_button.clicked.connect(self._add_risk)
        self._show_firm(None)
        self._apply_filter()

    # --- shortcuts ------------------------------------------------------------------------------

    def new_item(self) -> None:
        self.table.clearSelection()
        self._show_firm(None)
        self.firm_form.inputs["name"].setFocus()

    def save(self) -> None:
        self.firm_form.clear_errors()
        if not self.firm_form.precheck(creating=self._firm_id is None):
            return
        if self._firm_id is None:
            self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "enterprise",
                                  self.firm_form.values(), self.ctx.rare, owner=self, on_done=self._firm_saved,
                                  on_error=lambda exc: self._refused(self.firm_form, exc))
        else:
            values = {name: self.firm_form.value(name) for name in FIRM_FIELDS}
            self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "enterprise",
                                  self._firm_id, values, self.ctx.rare, owner=self, on_done=self._firm_saved,
                                  on_error=lambda exc: self._refused(self.firm_form, exc))

    def cancel(self) -> None:
        if self.detail is not None and self._firm_id is not None:
            self._show_detail(self.detail)
        else:
            self._show_firm(None)

    # --- showing --------------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(text=self.text_filter.text().strip() or None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open(self.model.row_at(current.row()).id)

    def open(self, enterprise_id: str, visit_id: str | None = None) -> None:
        self._firm_id = enterprise_id
        self.ctx.tasks.run_db(jobs.firm_detail, self.ctx.store, enterprise_id, owner=self,
                              on_done=lambda d: self._show_detail(d, visit_id),
                              on_error=lambda exc: self.firm_form.form_error.show_message(error_message(exc)))

    def _show_firm(self, firm: RecordDTO | None) -> None:
        self.firm_form.clear()
        self.report_button.set_targets([])
        self.visit_box.setVisible(firm is not None)
        self.risk_box.setVisible(False)
        self.attach_box.setVisible(False)
        if firm is None:
            self.attachments.set_owner(None)
            self._firm_id, self.detail = None, None
            self.header.setText(self.tr("<h3>新建企业</h3>统一社会信用代码按 GB 32100-2015 校验；"
                                        "校验位不符的早期代码须写明原因。"))
            return
        self.firm_form.set_values(firm.values)
        self.header.setText(f"<h3>{firm['name']}</h3>")

    def _show_detail(self, detail: jobs.FirmDetail, visit_id: str | None = None) -> None:
        if detail.enterprise.id != self._firm_id:
            return
        self.detail = detail
        self._show_firm(detail.enterprise)
        fill_table(self.visits, (self.tr("日期"), self.tr("类型"), self.tr("参加人员"), self.tr("报告编号"),
                                 self.tr("风险点")), [
            (display(v["visit_date"]), domain(v["kind"]), v["people"], display(v["report_number"]),
             str(len(detail.risks.get(v.id, ()))))
            for v in detail.visits
        ])
        ids = [v.id for v in detail.visits]
        if visit_id in ids:
            self.visits.selectRow(ids.index(visit_id))
            self._visit_chosen(ids.index(visit_id))
        elif ids:
            self.visits.selectRow(0)
            self._visit_chosen(0)

    def _visit_chosen(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.visits):
            return
        visit = self.detail.visits[row]
        self._visit_id = visit.id
        firm = self.detail.enterprise["name"]
        self.report_button.set_targets(
            [(visit.id, self.tr("法治体检报告 {firm} {date}").format(firm=firm, date=display(visit["visit_date"])))]
            if visit["kind"] == "法治体检" else [])
        self.attach_box.setTitle(self.tr("{date} {kind} 的附件").format(
            date=display(visit["visit_date"]), kind=domain(visit["kind"])))
        self.attach_box.setVisible(True)
        if self.attachments.owner != ("visit", visit.id):
            self.attachments.set_owner("visit", visit.id)
        risks = self.detail.risks.get(visit.id, ())
        self.risk_box.setTitle(self.tr("{date} {kind} 的风险点（按等级着色）").format(
            date=display(visit["visit_date"]), kind=domain(visit["kind"])))
        self.risk_box.setVisible(True)
        fill_table(self.risks, (self.tr("等级"), self.tr("类别"), self.tr("风险描述"), self.tr("整改期限"),
                                self.tr("状态")), [
            (domain(r["level"]), domain(r["category"]), r["description"], display(r["rectification_due"]),
             domain(r["status"]))
            for r in risks
        ])
        for i, r in enumerate(risks):
            paint = level_paint(r["level"])
            if paint:
                self.risks.item(i, 0).setForeground(QBrush(QColor(paint[0])))
                self.risks.item(i, 0).setBackground(QBrush(QColor(paint[1])))
        self._risk = None
        self._risk_buttons(None)

    def _risk_chosen(self, row: int) -> None:
        if self.detail is None or self._visit_id is None:
            return
        risks = self.detail.risks.get(self._visit_id, ())
        self._risk = risks[row] if 0 <= row < len(risks) else None
        self._risk_buttons(self._risk)

    def _risk_buttons(self, risk: RecordDTO | None) -> None:
        self.risk_error.show_message("")
        while self.risk_buttons.count():
            item = self.risk_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().setObjectName("")  # found by name: only the buttons shown now
                item.widget().deleteLater()
        self.risk_status_label.setVisible(risk is not None)
        if risk is None:
            return
        for target in MACHINES["risk"].allowed(risk["status"]):
            button = QPushButton(domain(target), self.risk_box)
            button.setObjectName(f"risk_{target}")
            button.clicked.connect(lambda _=False, t=target, now=risk["status"]: self._ask_risk_move(now, t))
            self.risk_buttons.addWidget(button)
        if MACHINES["risk"].corrections(risk["status"]):
            button = correct_button(self.risk_box, "risk_correct")
            button.clicked.connect(lambda _=False, now=risk["status"]: self._ask_risk_correction(now))
            self.risk_buttons.addWidget(button)
        if risk["status_reason"]:
            self.risk_buttons.addWidget(QLabel(self.tr("状态变更理由：{reason}").format(
                reason=risk["status_reason"]), self.risk_box))

    # --- writes ---------------------------------------------------------------------------------

    def _firm_saved(self, firm: RecordDTO) -> None:
        self.ctx.events.wrote.emit("enterprise")
        self.model.reload()
        self.open(firm.id)

    def _add_visit(self) -> None:
        if self._firm_id is None:
            return
        self.visit_form.clear_errors()
        if not self.visit_form.precheck():
            return
        values = {**self.visit_form.values(), "enterprise_id": self._firm_id}
        if self.ctx.office_id:
            values.setdefault("office_ids", [self.ctx.office_id])
        firm_id = self._firm_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "visit", values, self.ctx.rare,
                              owner=self,
                              on_done=lambda v: self._visit_added(firm_id, v),
                              on_error=lambda exc: self._refused(self.visit_form, exc))

    def _visit_added(self, firm_id: str, visit: RecordDTO) -> None:
        self.visit_form.clear()
        self.ctx.events.wrote.emit("visit")
        self.model.reload()
        self.open(firm_id, visit.id)

    def _add_risk(self) -> None:
        if self._firm_id is None or self._visit_id is None:
            return
        self.risk_form.clear_errors()
        if not self.risk_form.precheck():
            return
        firm_id, visit_id = self._firm_id, self._visit_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "risk",
                              {**self.risk_form.values(), "visit_id": visit_id}, self.ctx.rare, owner=self,
                              on_done=lambda _r: self._risk_written(firm_id, visit_id, clear=True),
                              on_error=lambda exc: self._refused(self.risk_form, exc))

    def _ask_risk_move(self, current: str, target: str) -> None:
        self.move_dialog = ask_move(self, "risk", current, target, self._change_risk)

    def _ask_risk_correction(self, current: str) -> None:
        if self._risk is None:
            return
        self.ctx.tasks.run_db(jobs.corrections, self.ctx.store, "risk", self._risk.id, owner=self,
                              on_done=lambda fixes: self._offer_risk_correction(current, fixes),
                              on_error=lambda exc: self.risk_error.show_message(error_message(exc)))

    def _offer_risk_correction(self, current: str, fixes: tuple[str, ...]) -> None:
        if not fixes:
            self.risk_error.show_message(no_correction("risk", current))
            return
        self.move_dialog = ask_correction(self, "risk", current, fixes, self._correct_risk)

    def _correct_risk(self, target: str, reason: str) -> None:
        if self._risk is None or self._firm_id is None or self._visit_id is None:
            return
        firm_id, visit_id = self._firm_id, self._visit_id
        self.ctx.tasks.run_db(jobs.correct_record, self.ctx.store, self.ctx.user, "risk", self._risk.id,
                              target, reason, owner=self,
                              on_done=lambda _r: self._risk_written(firm_id, visit_id),
                              on_error=lambda exc: self.risk_error.show_message(error_message(exc)))

    def _change_risk(self, target: str, reason: str = "") -> None:
        if self._risk is None or self._firm_id is None or self._visit_id is None:
            return
        firm_id, visit_id = self._firm_id, self._visit_id
        self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "risk", self._risk.id,
                              {"status": target}, self.ctx.rare, reason, owner=self,
                              on_done=lambda _r: self._risk_written(firm_id, visit_id),
                              on_error=lambda exc: self.risk_error.show_message(error_message(exc)))

    def _risk_written(self, firm_id: str, visit_id: str, clear: bool = False) -> None:
        if clear:
            self.risk_form.clear()
        self.ctx.events.wrote.emit("risk")
        self.model.reload()
        self.open(firm_id, visit_id)

    @staticmethod
    def _refused(form: FieldForm, exc: BaseException) -> None:
        label = form.errors.get(exc.field) if isinstance(exc, ValidationError) else None
        if label is not None:
            label.setStyleSheet("color: #c62828;")
        form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))
