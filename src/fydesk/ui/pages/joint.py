"""联动案件: cases several offices handle together — participants, handoff timeline, 需协调 conflicts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.states import MACHINES
from fydesk.services.entities import entity
from fydesk.services.lists import JointRow
from fydesk.services.records import RecordDTO

from .. import jobs
from ..attachments import AttachmentPanel
from ..collate import pinyin_sorted
from ..forms import ErrorLabel, FieldForm, display
from ..hubjobs import note_lines
from ..language import domain
from ..moves import MoveDialog, ask_correction, ask_move, correct_button
from ..lazymodel import LazyTableModel
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

JOINT_FIELDS = ("title", "mode", "lead_office_id", "summary", "opened_date", "closed_date", "outcome_report")
HANDOFF_FIELDS = ("at", "from_office_id", "to_office_id", "materials", "handler")
COLUMNS = (("title", QT_TRANSLATE_NOOP("Domain", "案件名称")), ("mode", QT_TRANSLATE_NOOP("Domain", "联动模式")),
           ("lead_office", QT_TRANSLATE_NOOP("Domain", "牵头单位")),
           ("opened_date", QT_TRANSLATE_NOOP("Domain", "立案日期")),
           ("status", QT_TRANSLATE_NOOP("Domain", "办理状态")),
           ("needs_coordination", QT_TRANSLATE_NOOP("Domain", "需协调")))
CONFLICT_RED = "#c62828"


class JointListModel(LazyTableModel):
    def __init__(self, tasks: Tasks, ctx: PageContext, parent: QObject | None = None) -> None:
        def fetch(filters: dict[str, Any], after: str | None, limit: int, count: bool):
            return jobs.joint_page, (ctx.store, filters.get("status"), filters.get("text"), after, limit, count)

        super().__init__(tasks, fetch, COLUMNS, parent)

    def cell(self, row: JointRow, name: str) -> str:
        if name == "needs_coordination":
            return domain("需协调") if row.needs_coordination else ""
        value = display(getattr(row, name))
        return domain(value) if name in ("status", "mode") else value

    def colour(self, row: JointRow, name: str) -> str | None:
        return CONFLICT_RED if row.needs_coordination else None


class JointPage(Page):
    title = "联动案件"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.detail: jobs.JointDetail | None = None
        self._joint_id: str | None = None
        self._offices: tuple[tuple[str, str], ...] = ()

        top = QHBoxLayout()
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("全部状态"), None)
        for s in MACHINES["joint"].states:
            self.status_filter.addItem(domain(s), s)
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText(self.tr("按案件名称或案情筛选"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("新建联动案件（Ctrl+N）"), self)
        top.addWidget(QLabel(self.tr("状态："), self))
        top.addWidget(self.status_filter)
        top.addWidget(self.text_filter, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)

        self.model = JointListModel(ctx.tasks, ctx, self)
        self.table = list_table(self, self.model, (220, 110, 150, 90, 70))

        right = QWidget(self)
        rv = QVBoxLayout(right)
        self.header = QLabel(right)
        self.header.setWordWrap(True)
        rv.addWidget(self.header)
        row = QHBoxLayout()
        self.status_label = QLabel(self.tr("状态变更："), right)
        row.addWidget(self.status_label)
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons)
        self.move_dialog: MoveDialog | None = None  # the question open now, if any
        row.addStretch(1)
        rv.addLayout(row)
        self.form = FieldForm(entity("joint_case"), JOINT_FIELDS, long_text=("summary", "outcome_report"),
                              refs={"lead_office_id": ()}, parent=right)
        rv.addWidget(self.form)
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"), right)
        rv.addWidget(self.save_button)

        self.conflict_box = QGroupBox(self.tr("需协调：两个单位同时修改了以下字段"), right)
        cv = QVBoxLayout(self.conflict_box)
        self.conflicts = read_only_table(self.conflict_box)
        self.conflicts.setObjectName("conflict_table")
        cv.addWidget(self.conflicts)
        self.conflict_notes = QLabel(self.conflict_box)  # the city coordinator's notes, if any
        self.conflict_notes.setObjectName("conflict_notes")
        self.conflict_notes.setWordWrap(True)
        self.conflict_notes.setTextFormat(Qt.TextFormat.PlainText)
        cv.addWidget(self.conflict_notes)
        buttons = QHBoxLayout()
        self.take_hub = QPushButton(self.tr("采用市级平台的值"), self.conflict_box)
        self.take_other = QPushButton(self.tr("采用另一方的值"), self.conflict_box)
        buttons.addWidget(self.take_hub)
        buttons.addWidget(self.take_other)
        buttons.addStretch(1)
        cv.addLayout(buttons)
        cv.addWidget(QLabel(self.tr("所选的值作为本单位的一次普通修改保存，同步后各单位一致。"), self.conflict_box))
        self.conflict_error = ErrorLabel("conflict", self.conflict_box)
        cv.addWidget(self.conflict_error)
        rv.addWidget(self.conflict_box)

        self.people_box = QGroupBox(self.tr("参与单位"), right)
        pv = QVBoxLayout(self.people_box)
        self.participants = read_only_table(self.people_box)
        self.participants.setMaximumHeight(130)
        pv.addWidget(self.participants)
        prow = QHBoxLayout()
        self.add_office = QComboBox(self.people_box)
        self.add_office_button = QPushButton(self.tr("添加参与单位"), self.people_box)
        prow.addWidget(self.add_office, 1)
        prow.addWidget(self.add_office_button)
        pv.addLayout(prow)
        self.people_error = ErrorLabel("participant", self.people_box)
        pv.addWidget(self.people_error)
        rv.addWidget(self.people_box)

        self.handoff_box = QGroupBox(self.tr("移交记录（按时间先后）"), right)
        hv = QVBoxLayout(self.handoff_box)
        self.handoffs = read_only_table(self.handoff_box)
        self.handoffs.setObjectName("handoff_table")
        self.handoffs.setMaximumHeight(160)
        hv.addWidget(self.handoffs)
        self.handoff_form = FieldForm(entity("handoff"), HANDOFF_FIELDS, long_text=("materials",),
                                      refs={"from_office_id": (), "to_office_id": ()}, parent=self.handoff_box)
        hv.addWidget(self.handoff_form)
        self.handoff_button = QPushButton(self.tr("保存移交记录"), self.handoff_box)
        hv.addWidget(self.handoff_button)
        rv.addWidget(self.handoff_box)
        self.attach_box = QGroupBox(self.tr("附件"), right)
        av = QVBoxLayout(self.attach_box)
        self.attachments = AttachmentPanel(ctx, self.attach_box)
        self.attachments.setObjectName("joint_attachments")
        self.attachments.table.setMinimumHeight(120)
        av.addWidget(self.attachments)
        rv.addWidget(self.attach_box)
        rv.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(right)

        list_beside_detail(self, top, self.table, area, (1, 1))

        filter_on_pause(self, self.text_filter, self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        show_total(self.model, self.count_label, self.tr("共 {n} 件"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_item)
        self.save_button.clicked.connect(self.save)
        self.add_office_button.clicked.connect(self._add_participant)
        self.handoff_button.clicked.connect(self._add_handoff)
        self.take_hub.clicked.connect(lambda: self._resolve("hub_value"))
        self.take_other.clicked.connect(lambda: self._resolve("op_value"))
        ctx.events.wrote.connect(self._wrote_elsewhere)
        self._show_joint(None)
        ctx.tasks.run_db(jobs.office_choices, ctx.store, owner=self, on_done=self._got_offices,
                         on_error=lambda exc: self.form.form_error.show_message(error_message(exc)))
        self._apply_filter()

    # --- shortcuts ------------------------------------------------------------------------------

    def new_item(self) -> None:
        self.table.clearSelection()
        self._show_joint(None)
        self.form.inputs["title"].setFocus()

    def save(self) -> None:
        self.form.clear_errors()
        if not self.form.precheck(creating=self._joint_id is None):
            return
        if self._joint_id is None:
            self.ctx.tasks.run_db(jobs.create_joint_case, self.ctx.store, self.ctx.user, self.form.values(),
                                  self.ctx.rare,
                                  owner=self, on_done=self._saved, on_error=lambda exc: self._refused(self.form, exc))
        else:
            values = {name: self.form.value(name) for name in JOINT_FIELDS}
            self._update(values, self.form)

    def cancel(self) -> None:
        if self.detail is not None and self._joint_id is not None:
            self._show_detail(self.detail)
        else:
            self._show_joint(None)

    # --- showing --------------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(status=self.status_filter.currentData(), text=self.text_filter.text().strip() or None)

    def _got_offices(self, offices: tuple[tuple[str, str], ...]) -> None:
        self._offices = offices
        offices = tuple(pinyin_sorted(offices, key=lambda o: o[1]))
        for form, names in ((self.form, ("lead_office_id",)), (self.handoff_form, ("from_office_id", "to_office_id"))):
            for name in names:
                form.set_ref_choices(name, offices)
        if self._joint_id is None and self.ctx.office_id:
            self.form.set_value("lead_office_id", self.ctx.office_id)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open(self.model.row_at(current.row()).id)

    def open(self, joint_id: str) -> None:
        self._joint_id = joint_id
        self.ctx.tasks.run_db(jobs.joint_detail, self.ctx.store, joint_id, owner=self, on_done=self._show_detail,
                              on_error=lambda exc: self.form.form_error.show_message(error_message(exc)))

    def _wrote_elsewhere(self, entity_name: str) -> None:
        if entity_name == "sync" and self._joint_id is not None:
            self.model.reload()
            self.open(self._joint_id)

    def _show_joint(self, joint: RecordDTO | None) -> None:
        self.form.clear()
        for box in (self.conflict_box, self.people_box, self.handoff_box, self.status_label, self.attach_box):
            box.setVisible(joint is not None)
        self._clear_status_buttons()
        if joint is None:
            self._joint_id, self.detail = None, None
            self.attachments.set_owner(None)
            self.header.setText(self.tr("<h3>新建联动案件</h3>牵头单位自动列为参与单位。"))
            if self.ctx.office_id:
                self.form.set_value("lead_office_id", self.ctx.office_id)
            return
        self.form.set_values(joint.values)

    def _show_detail(self, detail: jobs.JointDetail) -> None:
        if detail.joint.id != self._joint_id:
            return
        self.detail = detail
        if detail.offices != self._offices:
            self._got_offices(detail.offices)
        j = detail.joint
        self._show_joint(j)
        if self.attachments.owner != ("joint_case", j.id):
            self.attachments.set_owner("joint_case", j.id)
        names = dict(detail.offices)
        flag = f"　<span style='color:{CONFLICT_RED}'>{domain('需协调')}</span>" if j["needs_coordination"] else ""
        self.header.setText(f"<h3>{j['title']}　{domain(j['status'])}{flag}</h3>" + self.tr(
            "{mode}，牵头单位 {lead}，立案 {opened}").format(
            mode=domain(j["mode"]), lead=names.get(j["lead_office_id"], "—"), opened=display(j["opened_date"])))
        if j["status_reason"]:
            self.header.setText(self.header.text() + "<br>" + self.tr("状态变更理由：{reason}").format(
                reason=j["status_reason"]))
        for target in MACHINES["joint"].allowed(j["status"]):
            button = QPushButton(domain(target), self)
            button.setObjectName(f"joint_{target}")
            button.clicked.connect(lambda _=False, t=target, now=j["status"]: self._ask_move(now, t))
            self.status_buttons.addWidget(button)
        if detail.corrections:
            button = correct_button(self, "joint_correct")
            button.clicked.connect(lambda _=False, now=j["status"], fixes=detail.corrections:
                                   self._ask_correction(now, fixes))
            self.status_buttons.addWidget(button)
        fill_table(self.participants, (self.tr("单位"), self.tr("角色")),
                   [(names.get(p["office_id"], p["office_id"]), domain(display(p["role"]))) for p in detail.participants])
        taken = {p["office_id"] for p in detail.participants}
        self.add_office.clear()
        for office_id, name in pinyin_sorted(detail.offices, key=lambda o: o[1]):
            if office_id not in taken:
                self.add_office.addItem(name, office_id)
        fill_table(self.handoffs, (self.tr("时间"), self.tr("移交单位"), self.tr("接收单位"), self.tr("移交材料"),
                                   self.tr("经办人")), [
            (display(h["at"]), names.get(h["from_office_id"], ""), names.get(h["to_office_id"], ""),
             h["materials"], h["handler"]) for h in detail.handoffs
        ])
        labels = {f.name: domain(f.label) for f in entity("joint_case").fields}
        fill_table(self.conflicts, (self.tr("字段"), self.tr("市级平台的值"), self.tr("修改人"), self.tr("另一方的值"),
                                    self.tr("修改人")), [
            (labels.get(c["field"], c["field"]), self._shown(c["field"], c["hub_value"], names), display(c["hub_author"]),
             self._shown(c["field"], c["op_value"], names), display(c["op_author"])) for c in detail.conflicts
        ])
        notes = [self.tr("{field}：{note}").format(field=labels.get(c["field"], c["field"]), note=line)
                 for c in detail.conflicts for line in note_lines(c.get("notes") or []).splitlines()]
        self.conflict_notes.setText(self.tr("市级协调意见：") + "\n" + "\n".join(notes) if notes else "")
        self.conflict_notes.setVisible(bool(notes))
        self.conflict_box.setVisible(bool(detail.conflicts))
        if detail.conflicts:
            self.conflicts.selectRow(0)

    @staticmethod
    def _shown(field: str, value: Any, names: dict[str, str]) -> str:
        return names.get(value, display(value)) if field.endswith("_office_id") else display(value)

    def _clear_status_buttons(self) -> None:
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().setObjectName("")  # found by name: only the buttons shown now
                item.widget().deleteLater()

    # --- writes ---------------------------------------------------------------------------------

    def _ask_move(self, current: str, target: str) -> None:
        self.move_dialog = ask_move(self, "joint", current, target,
                                    lambda t, reason: self._update({"status": t}, self.form, reason=reason))

    def _ask_correction(self, current: str, fixes: tuple[str, ...]) -> None:
        self.move_dialog = ask_correction(self, "joint", current, fixes, self._correct)

    def _correct(self, target: str, reason: str) -> None:
        if self._joint_id is None:
            return
        self.ctx.tasks.run_db(jobs.correct_record, self.ctx.store, self.ctx.user, "joint_case", self._joint_id,
                              target, reason, owner=self, on_done=self._saved,
                              on_error=lambda exc: self._refused(self.form, exc))

    def _update(self, values: dict[str, Any], form: FieldForm, error: ErrorLabel | None = None,
                reason: str = "") -> None:
        if self._joint_id is None:
            return
        self.ctx.tasks.run_db(jobs.update_record, self.ctx.store, self.ctx.user, "joint_case", self._joint_id,
                              values, self.ctx.rare, reason, owner=self, on_done=self._saved,
                              on_error=lambda exc: (error.show_message(error_message(exc)) if error
                                                    else self._refused(form, exc)))

    def _saved(self, joint: RecordDTO) -> None:
        self.ctx.events.wrote.emit("joint_case")
        self.model.reload()
        self.open(joint.id)

    def _resolve(self, side: str) -> None:
        if self.detail is None or not self.detail.conflicts:
            return
        self.conflict_error.show_message("")
        row = max(self.conflicts.currentRow(), 0)
        conflict = self.detail.conflicts[row]
        # The decision is an edit of the field made with the conflict in view: the hub settles
        # the conflict and clears the flag in every office (even when the value stays).
        joint_id = self._joint_id
        self.ctx.tasks.run_db(jobs.decide_conflict, self.ctx.store, self.ctx.user, conflict["id"],
                              "hub" if side == "hub_value" else "office", owner=self,
                              on_done=lambda _d: self._decided(joint_id),
                              on_error=lambda exc: self.conflict_error.show_message(error_message(exc)))

    def _decided(self, joint_id: str | None) -> None:
        self.ctx.events.wrote.emit("joint_case")
        self.model.reload()
        if joint_id is not None:
            self.open(joint_id)

    def _add_participant(self) -> None:
        office_id = self.add_office.currentData()
        if self._joint_id is None or office_id is None:
            return
        self.people_error.show_message("")
        joint_id = self._joint_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "joint_office",
                              {"joint_case_id": joint_id, "office_id": office_id, "role": "参与"}, self.ctx.rare,
                              owner=self,
                              on_done=lambda _r: self._child_added(joint_id, "joint_office"),
                              on_error=lambda exc: self.people_error.show_message(error_message(exc)))

    def _add_handoff(self) -> None:
        if self._joint_id is None:
            return
        self.handoff_form.clear_errors()
        if not self.handoff_form.precheck():
            return
        joint_id = self._joint_id
        self.ctx.tasks.run_db(jobs.add_record, self.ctx.store, self.ctx.user, "handoff",
                              {**self.handoff_form.values(), "joint_case_id": joint_id}, self.ctx.rare,
                              owner=self,
                              on_done=lambda _r: self._child_added(joint_id, "handoff", clear=True),
                              on_error=lambda exc: self._refused(self.handoff_form, exc))

    def _child_added(self, joint_id: str, entity_name: str, clear: bool = False) -> None:
        if clear:
            self.handoff_form.clear()
        self.ctx.events.wrote.emit(entity_name)
        self.open(joint_id)

    @staticmethod
    def _refused(form: FieldForm, exc: BaseException) -> None:
        form.show_error(exc.field if isinstance(exc, ValidationError) else None, error_message(exc))
