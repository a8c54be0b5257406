"""One case: its particulars, the status changes its state allows, parties, sessions, agreement."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.codes import COMMITTEE_KINDS
from fydesk.domain.ids import mask_birth_date, mask_id
from fydesk.domain.states import MACHINES
from fydesk.services.entities import entity
from fydesk.services.records import RecordDTO

from ..forms import ErrorLabel, FieldForm, display
from ..jobs import CaseDetail
from ..language import domain
from ..moves import MoveDialog, ask_correction, ask_move, correct_button
from ..preview import DocumentButton
from ..tables import fill_table, read_only_table
from .case_forms import SESSION_FIELDS, AgreementForm

PERFORMANCE_FIELDS = ("term_id", "due_date", "done_date", "amount_cents", "status", "note")
CONFIRMATION_FIELDS = ("agreement_id", "court", "court_case_number")


class CaseDetailView(QWidget):
    """Shows a CaseDetail; asks the page to write through signals, never writes itself."""

    status_requested = Signal(str, str)  # target status, its reason ("" when none is due)
    correction_requested = Signal(str, str)  # 更正: the status to return to, and why
    session_submitted = Signal(dict)
    agreement_submitted = Signal(dict, list)
    agreement_revised = Signal(str, dict, list)  # agreement id, changes, [(term id or None, values)]
    performance_submitted = Signal(dict)
    confirmation_submitted = Signal(dict)
    confirmation_status_requested = Signal(str, str, dict, str)  # confirmation id, target, typed values, reason
    confirmation_correction_requested = Signal(str, str, str)  # confirmation id, target, reason
    document_requested = Signal(str, str, str)  # kind, record id, title
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CaseDetail | None = None
        v = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("case_header")
        self.header.setWordWrap(True)
        # The case's own actions sit beside its particulars; the status moves get a row of their
        # own, which a long English label or a third move cannot push past the window's edge.
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        actions = QVBoxLayout()
        self.edit_button = QPushButton(self.tr("修改…"), self)
        self.edit_button.setObjectName("edit_case")
        self.edit_button.setToolTip(self.tr("修改案件信息和当事人信息"))
        self.edit_button.clicked.connect(self.edit_requested)
        actions.addWidget(self.edit_button)
        # Each document sits beside the record it is made from (preview, then print or save).
        self.document_buttons: dict[str, DocumentButton] = {}
        actions.addWidget(self._document_button("cover", self.tr("卷宗封面/目录")))
        actions.addStretch(1)
        top.addLayout(actions)
        v.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("状态变更："), self))
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons)
        self.correct_button = correct_button(self, "correct_status")
        self.correct_button.clicked.connect(self._ask_correction)
        row.addWidget(self.correct_button)
        self.move_dialog: MoveDialog | None = None  # the question open now, if any
        row.addStretch(1)
        v.addLayout(row)
        self.error = ErrorLabel("case", self)
        v.addWidget(self.error)

        self.tabs = QTabWidget(self)
        v.addWidget(self.tabs, 1)
        self.parties = read_only_table(self)
        self.tabs.addTab(self.parties, self.tr("当事人"))

        sessions = QWidget(self)
        sv = QVBoxLayout(sessions)
        self.sessions = read_only_table(sessions)
        sv.addWidget(self.sessions, 1)
        sv.addLayout(_right_aligned(self._document_button("session", self.tr("调解笔录"))))
        sv.addWidget(QLabel(self.tr("<b>添加调解记录（笔录）</b>"), sessions))
        self.session_form = FieldForm(entity("session"), SESSION_FIELDS, long_text=("attendees", "record"),
                                      refs={"recorder_id": ()}, parent=sessions)
        sv.addWidget(self.session_form)
        self.session_button = QPushButton(self.tr("保存调解记录"), sessions)
        self.session_button.clicked.connect(self._submit_session)
        sv.addWidget(self.session_button)
        self.tabs.addTab(_scrolled(sessions, self), self.tr("调解记录"))

        agreement = QWidget(self)
        av = QVBoxLayout(agreement)
        av.addLayout(_right_aligned(self._document_button("agreement", self.tr("调解协议书"))))
        self.agreements = QLabel(agreement)
        self.agreements.setObjectName("agreement_text")
        self.agreements.setWordWrap(True)
        av.addWidget(self.agreements)
        row = QHBoxLayout()
        self.new_agreement_button = QPushButton(self.tr("记录调解协议…"), agreement)
        self.new_agreement_button.setObjectName("new_agreement")
        row.addWidget(self.new_agreement_button)
        row.addStretch(1)
        # An agreement saved and not yet signed can be opened and corrected; a signed one cannot.
        self.unsigned = QComboBox(agreement)
        self.unsigned.setObjectName("unsigned_agreements")
        row.addWidget(self.unsigned)
        self.edit_agreement_button = QPushButton(self.tr("修改未签订的协议…"), agreement)
        self.edit_agreement_button.setObjectName("edit_agreement")
        row.addWidget(self.edit_agreement_button)
        av.addLayout(row)
        self.agreement_form = AgreementForm(agreement)
        self.agreement_form.submitted.connect(self.agreement_submitted)
        self.agreement_form.revised.connect(self.agreement_revised)
        self.new_agreement_button.clicked.connect(self.agreement_form.open_new)
        self.edit_agreement_button.clicked.connect(self._open_unsigned)
        av.addWidget(self.agreement_form)
        av.addStretch(1)
        self.tabs.addTab(_scrolled(agreement, self), self.tr("调解协议"))

        follow = QWidget(self)
        fv = QVBoxLayout(follow)
        fv.addWidget(QLabel(self.tr("<b>履行情况</b>"), follow))
        self.performances = read_only_table(follow)
        self.performances.setObjectName("performance_table")
        self.performances.setMaximumHeight(150)
        fv.addWidget(self.performances)
        self.performance_form = FieldForm(entity("performance"), PERFORMANCE_FIELDS, refs={"term_id": ()},
                                          parent=follow)
        fv.addWidget(self.performance_form)
        self.performance_button = QPushButton(self.tr("登记履行情况"), follow)
        self.performance_button.clicked.connect(self._submit_performance)
        fv.addWidget(self.performance_button)

        fv.addWidget(QLabel(self.tr("<b>司法确认</b>"), follow))
        self.confirmations = read_only_table(follow)
        self.confirmations.setObjectName("confirmation_table")
        self.confirmations.setMaximumHeight(120)
        fv.addWidget(self.confirmations)
        fv.addLayout(_right_aligned(self._document_button("confirmation", self.tr("司法确认申请书"))))
        row = QHBoxLayout()
        self.confirmation_status_label = QLabel(self.tr("最近一件司法确认的状态变更："), follow)
        row.addWidget(self.confirmation_status_label)
        self.confirmation_buttons = QHBoxLayout()
        row.addLayout(self.confirmation_buttons)
        row.addStretch(1)
        fv.addLayout(row)
        self.confirmation_form = FieldForm(entity("confirmation"), CONFIRMATION_FIELDS,
                                           refs={"agreement_id": ()}, parent=follow)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("可受理的法院："), follow))
        # 民诉法 art. 205: each competent court with why; choosing one fills the court field.
        self.court_choices = QComboBox(follow)
        self.court_choices.setObjectName("court_choices")
        self.court_choices.activated.connect(self._court_chosen)
        row.addWidget(self.court_choices, 1)
        fv.addLayout(row)
        fv.addWidget(self.confirmation_form)
        self.confirmation_button = QPushButton(self.tr("新建司法确认（拟申请）"), follow)
        self.confirmation_button.clicked.connect(self._submit_confirmation)
        fv.addWidget(self.confirmation_button)
        fv.addStretch(1)
        self.tabs.addTab(_scrolled(follow, self), self.tr("履行与司法确认"))

    def _court_label(self, choice) -> str:
        if not choice.reasons:
            return choice.name
        why = {"delegated": self.tr("委派调解的人民法院"), "entrusted": self.tr("委托调解的人民法院"),
               "stationed": self.tr("调解组织所在法院"), "body": self.tr("调解组织所在地"),
               "party": self.tr("申请人{who}住所地"), "subject": self.tr("标的物所在地")}
        reasons = self.tr("、").join(why[kind].format(who=who) for kind, who in choice.reasons)
        return self.tr("{court}（{reasons}）").format(court=choice.name, reasons=reasons)

    def _court_chosen(self, index: int) -> None:
        name = self.court_choices.itemData(index)
        if name:
            self.confirmation_form.inputs["court"].setText(name)

    def _open_unsigned(self) -> None:
        agreement_id = self.unsigned.currentData()
        if self.detail is None or agreement_id is None:
            return
        agreement = next(a for a in self.detail.agreements if a.id == agreement_id)
        terms = sorted((t for t in self.detail.terms if t["agreement_id"] == agreement_id), key=lambda t: t["seq"])
        self.agreement_form.open_saved(agreement, terms)

    def _document_button(self, kind: str, text: str) -> DocumentButton:
        button = DocumentButton(kind, text, self)
        button.requested.connect(self.document_requested)
        self.document_buttons[kind] = button
        return button

    # --- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        c = detail.case
        self.error.show_message("")
        lines = [
            "<h3>{}　<span>{}</span>".format(c["case_number"] or self.tr("（未编号）"), domain(c["status"]))
            + (f"　<span style='color:#c62828'>{domain('需协调')}</span>" if c["needs_coordination"] else "")
            + "</h3>",
            "　".join(domain(c[name]) for name in ("category", "source", "dispute_type") if c[name]),
            self.tr("主持调解：{body}").format(body=detail.body or "—"),
            self.tr("登记 {registered}　受理 {accepted}　调解期限 {term_end}　主办调解员 {mediator}").format(
                registered=display(c["registered_date"]), accepted=display(c["accepted_date"]) or "—",
                term_end=display(c["term_end"]) or "—", mediator=detail.lead_mediator or "—"),
            self.tr("涉及金额 {amount} 元").format(amount=display(c["amount_cents"], "money") or "—"),
            self.tr("案情：{summary}").format(summary=c["summary"]),
        ]
        if c["status_reason"]:
            lines.insert(1, self.tr("状态变更理由：{reason}").format(reason=c["status_reason"]))
        for label, note in detail.coordination_notes:
            lines.append("<span style='color:#c62828'>{}</span>".format(html.escape(
                self.tr("市级协调意见（{field}）：{note}").format(field=domain(label), note=note))))
        self.header.setText("<br>".join(lines))
        self._status_buttons(c["status"])
        fill_table(self.parties, (self.tr("诉讼地位"), self.tr("姓名/名称"), self.tr("性别"), self.tr("出生日期"),
                                  self.tr("证件号码"), self.tr("联系电话")), [
            # Beside a masked number the birth date keeps its year: the date is the masked part.
            (domain(p["role"]), p["name"], domain(display(p["sex"])), mask_birth_date(p["birth_date"]) or "",
             mask_id(p["id_number"]) if p["id_number"] else display(p["uscc"]), display(p["phone"]))
            for p in detail.parties
        ])
        fill_table(self.sessions, (self.tr("时间"), self.tr("地点"), self.tr("方式"), self.tr("参加人员"),
                                   self.tr("笔录")), [
            (display(s["held_at"]), s["place"], domain(display(s["mode"])), s["attendees"], _short(s["record"]))
            for s in detail.sessions
        ])
        self.agreements.setText(self._agreement_text(detail.agreements, detail.terms) or self.tr("尚无调解协议。"))
        self.unsigned.clear()
        for i, a in enumerate(detail.agreements, start=1):
            if a["signed_date"] is None:
                self.unsigned.addItem(self.tr("第 {n} 份协议（未签订）").format(n=i), a.id)
        self.unsigned.setVisible(self.unsigned.count() > 0)
        self.edit_agreement_button.setVisible(self.unsigned.count() > 0)
        if self.agreement_form.agreement_id is not None and \
                self.agreement_form.agreement_id not in {a.id for a in detail.agreements}:
            self.agreement_form.close_form()  # another case, or the agreement is gone
        self._show_follow_up(detail)
        self._document_targets(detail)

    def _document_targets(self, detail: CaseDetail) -> None:
        c = detail.case
        number = c["case_number"] or self.tr("（未编号）")
        agreements = {a.id: a["number"] or self.tr("{case} 第 {n} 份协议").format(case=number, n=i)
                      for i, a in enumerate(detail.agreements, start=1)}
        buttons = self.document_buttons
        # Only a 人民调解委员会 issues a 人民调解协议书; an invited body's agreement is a 调解协议书.
        people = detail.body_kind is None or detail.body_kind in COMMITTEE_KINDS
        title = self.tr("人民调解协议书 {agreement}") if people else self.tr("调解协议书 {agreement}")
        buttons["agreement"].set_targets([(a_id, title.format(agreement=label))
                                          for a_id, label in agreements.items()])
        buttons["session"].set_targets([
            (s.id, self.tr("调解笔录 {case} {held_at}").format(case=number, held_at=display(s["held_at"])))
            for s in sorted(detail.sessions, key=lambda s: s["held_at"])])
        buttons["confirmation"].set_targets([
            (f.id, self.tr("司法确认申请书 {agreement} {status}").format(
                agreement=agreements.get(f["agreement_id"], ""), status=domain(f["status"])).replace("  ", " "))
            for f in detail.confirmations])
        buttons["cover"].set_targets([(c.id, self.tr("卷宗封面及卷内目录 {case}").format(case=number))])

    def _status_buttons(self, current: str) -> None:
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()  # at once: deletion waits for the event loop
                item.widget().setObjectName("")  # found by name: only the buttons shown now
                item.widget().deleteLater()
        for target in MACHINES["case"].allowed(current):
            button = QPushButton(domain(target), self)
            button.setObjectName(f"status_{target}")
            button.clicked.connect(lambda _=False, t=target: self._ask_move(t))
            self.status_buttons.addWidget(button)
        if not MACHINES["case"].allowed(current):
            self.status_buttons.addWidget(QLabel(self.tr("（已是最终状态）"), self))
        self.correct_button.setVisible(bool(self.detail and self.detail.corrections))

    def _ask_move(self, target: str) -> None:
        if self.detail is not None:
            self.move_dialog = ask_move(self, "case", self.detail.case["status"], target, self.status_requested.emit)

    def _ask_correction(self) -> None:
        if self.detail is not None:
            self.move_dialog = ask_correction(self, "case", self.detail.case["status"], self.detail.corrections,
                                              self.correction_requested.emit)

    def _agreement_text(self, agreements: Sequence[RecordDTO], terms: Sequence[RecordDTO]) -> str:
        parts = []
        for a in agreements:
            parts.append(self.tr("<b>调解协议 {number}</b>（{form}，签订 {signed}，生效 {effective}，{copies} 份）"
                                 "<br>事实：{facts}").format(
                number=a["number"] or "", form=domain(a["form"]), signed=display(a["signed_date"]) or "—",
                effective=display(a["effective_date"]) or "—", copies=a["copies"], facts=a["facts"]))
            for t in (t for t in terms if t["agreement_id"] == a.id):
                amount = display(t["amount_cents"], "money")
                parts.append(f"　{t['seq']}. {t['obligor']}：{t['content']}"
                             + (self.tr("，{amount} 元").format(amount=amount) if amount else "")
                             + (self.tr("，于 {due} 前").format(due=display(t["due_date"])) if t["due_date"] else ""))
        return "<br>".join(parts)

    def _show_follow_up(self, detail: CaseDetail) -> None:
        terms = {t.id: t for t in detail.terms}
        fill_table(self.performances, (self.tr("条款"), self.tr("应履行日期"), self.tr("实际履行日期"), self.tr("金额"),
                                       self.tr("状态"), self.tr("备注")), [
            (_term_label(terms.get(p["term_id"])), display(p["due_date"]), display(p["done_date"]),
             display(p["amount_cents"], "money"), domain(display(p["status"])), display(p["note"]))
            for p in detail.performances
        ])
        self.performance_form.set_ref_choices("term_id", [(t.id, _term_label(t)) for t in detail.terms])
        numbers = {a.id: a["number"] or self.tr("协议 {n}").format(n=i)
                   for i, a in enumerate(detail.agreements, start=1)}
        fill_table(self.confirmations, (self.tr("调解协议"), self.tr("状态"), self.tr("申请日期"), self.tr("受理法院"),
                                        self.tr("法院案号"), self.tr("法院受理日期"), self.tr("裁定日期")), [
            (numbers.get(c["agreement_id"], ""), domain(c["status"]), display(c["applied_date"]), display(c["court"]),
             display(c["court_case_number"]), display(c["court_accepted_date"]), display(c["ruling_date"]))
            for c in detail.confirmations
        ])
        self.confirmation_form.set_ref_choices("agreement_id", list(numbers.items()))
        court = self.confirmation_form.inputs["court"]
        offered = [c for c in detail.courts if not c.name.startswith("＿")]
        court.setCompleter(QCompleter([c.name for c in offered], court))  # the parties may name another
        self.court_choices.clear()
        for c in offered:
            self.court_choices.addItem(self._court_label(c), c.name)
        self.court_choices.setEnabled(bool(offered))
        if not court.text() and offered:
            court.setText(offered[0].name)  # the court for the presiding body's area
        if len(numbers) == 1:
            self.confirmation_form.set_value("agreement_id", next(iter(numbers)))
        while self.confirmation_buttons.count():
            item = self.confirmation_buttons.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().setObjectName("")  # found by name: only the buttons shown now
                item.widget().deleteLater()
        latest = detail.confirmations[-1] if detail.confirmations else None
        self.confirmation_status_label.setVisible(latest is not None)
        if latest is not None:
            for target in MACHINES["confirmation"].allowed(latest["status"]):
                button = QPushButton(domain(target), self)
                button.setObjectName(f"confirmation_{target}")
                button.clicked.connect(lambda _=False, t=target, c=latest: self._ask_confirmation_move(c, t))
                self.confirmation_buttons.addWidget(button)
            if detail.confirmation_corrections:
                button = correct_button(self, "correct_confirmation")
                button.clicked.connect(lambda _=False, c=latest: self._ask_confirmation_correction(c))
                self.confirmation_buttons.addWidget(button)

    def _ask_confirmation_move(self, confirmation: RecordDTO, target: str) -> None:
        typed = self._confirmation_values()  # read when clicked: the dialog may stay open a while
        self.move_dialog = ask_move(
            self, "confirmation", confirmation["status"], target,
            lambda t, reason: self.confirmation_status_requested.emit(confirmation.id, t, typed, reason))

    def _ask_confirmation_correction(self, confirmation: RecordDTO) -> None:
        fixes = self.detail.confirmation_corrections if self.detail else ()
        self.move_dialog = ask_correction(
            self, "confirmation", confirmation["status"], fixes,
            lambda t, reason: self.confirmation_correction_requested.emit(confirmation.id, t, reason))

    def _confirmation_values(self) -> dict:
        # What was typed (the court, its case number) goes with a status change.
        return {k: v for k, v in self.confirmation_form.values().items() if k != "agreement_id"}

    def _submit_performance(self) -> None:
        self.performance_form.clear_errors()
        if self.performance_form.precheck():
            self.performance_submitted.emit(self.performance_form.values())

    def _submit_confirmation(self) -> None:
        self.confirmation_form.clear_errors()
        self.confirmation_submitted.emit(self.confirmation_form.values())

    def _submit_session(self) -> None:
        self.session_form.clear_errors()
        if self.session_form.precheck():
            self.session_submitted.emit(self.session_form.values())


def _term_label(term: RecordDTO | None) -> str:
    if term is None:
        return ""
    return f"{term['seq']}. {term['obligor']}：{_short(term['content'], 16)}"


def _short(text: str | None, n: int = 40) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def _right_aligned(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    return row


def _scrolled(inner: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area
