"""修改案件: a registered case's own fields and its parties' details, saved together or not at all."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.ids import mask_id
from fydesk.services.entities import entity
from fydesk.services.records import RecordDTO

from ..forms import FieldForm, display
from ..jobs import CaseDetail, PartyRefused
from ..language import domain
from .case_forms import CASE_FIELDS, PartyForm, scrolled_form, set_body_choices

# What registration asks for, plus the place. The case number, status and the dates the status
# changes set (受理, 结案) are kept by the system and the status buttons, not typed here.
CASE_EDIT_FIELDS = (*CASE_FIELDS, "area_code")


class PartyEditForm(PartyForm):
    """A saved party. Its ID number is not shown in full: the box stays empty unless the clerk
    types a new number, which is checked as typed and fills birth date and sex again. Nor is
    the birth date an identity card gave: it is the masked part of the number, so the box
    shows its year as a hint and stays empty unless changed (DESIGN §2)."""

    def __init__(self, record: RecordDTO, parent: QWidget | None = None) -> None:
        super().__init__(0, parent)
        self.record = record
        number = record["id_number"]
        hidden = {"id_number"}
        from_card = bool(number) and record["id_type"] in (None, "居民身份证") and record["birth_date"]
        if from_card:
            hidden.add("birth_date")
        self.load({k: v for k, v in record.values.items() if k not in hidden})
        if number:
            self.inputs["id_number"].setPlaceholderText(
                self.tr("现为 {masked}，不改请留空").format(masked=mask_id(number)))
            # Birth date and sex came from the saved number: a new number may replace them.
            self._derived = {"birth_date": self.value("birth_date"), "sex": self.value("sex")}
        if from_card:
            self.inputs["birth_date"].setPlaceholderText(
                self.tr("现为 {year} 年（由身份证号得出），不改请留空").format(year=record["birth_date"].year))


class CaseEditForm(QWidget):
    """Shows a case for editing; `submitted` carries only what was changed."""

    submitted = Signal(str, dict, dict)  # case id, case changes, {party id: changes}
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id: str | None = None
        inner = QWidget(self)
        v = QVBoxLayout(inner)
        self.header = QLabel(inner)
        self.header.setObjectName("edit_header")
        self.header.setWordWrap(True)
        v.addWidget(self.header)
        self.case_form = FieldForm(entity("case"), CASE_EDIT_FIELDS, long_text=("summary", "claims"),
                                   refs={"lead_mediator_id": (), "body_id": ()}, parent=inner)
        v.addWidget(self.case_form)
        self._party_box = QVBoxLayout()
        v.addLayout(self._party_box)
        v.addStretch(1)
        self.party_forms: list[PartyEditForm] = []
        scrolled_form(self, inner, "edit", self.tr("保存修改（Ctrl+S）"))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled)

    def show_case(self, detail: CaseDetail, staff: Sequence[tuple[str, str]],
                  bodies: Sequence[tuple[str, str, str]] = ()) -> None:
        c = detail.case
        self.case_id = c.id
        self.error.show_message("")
        self.save_button.setEnabled(True)
        self.header.setText(
            "<h3>{}</h3>".format(self.tr("修改案件 {number}").format(number=c["case_number"] or self.tr("（未编号）")))
            + self.tr("状态“{status}”；受理 {accepted}，调解期限 {term_end}。"
                      "案号、状态和这些日期由系统和状态变更维护，此处不能修改。").format(
                status=domain(c["status"]), accepted=display(c["accepted_date"]) or "—",
                term_end=display(c["term_end"]) or "—"))
        self.case_form.set_ref_choices("lead_mediator_id", staff)
        set_body_choices(self.case_form, bodies)
        self.case_form.load(c.values)
        for form in self.party_forms:
            form.parentWidget().hide()
            form.parentWidget().deleteLater()
        self.party_forms = []
        for party in detail.parties:
            box = QGroupBox(self.tr("当事人：{role} {name}").format(role=domain(party["role"]), name=party["name"]),
                            self.case_form.parentWidget())
            box_layout = QVBoxLayout(box)
            form = PartyEditForm(party, box)
            form.setObjectName(f"party_{party.id}")
            box_layout.addWidget(form)
            self._party_box.addWidget(box)
            self.party_forms.append(form)
        self.case_form.inputs["summary"].setFocus()

    def submit(self) -> None:
        if self.case_id is None:
            return
        self.clear_errors()
        parties = {f.record.id: changes for f in self.party_forms if (changes := f.changes())}
        case = self.case_form.changes()
        if not case and not parties:
            self.error.show_message(self.tr("没有需要保存的修改。"))
            return
        self.save_button.setEnabled(False)
        self.submitted.emit(self.case_id, case, parties)

    def clear_errors(self) -> None:
        self.error.show_message("")
        self.case_form.clear_errors()
        for form in self.party_forms:
            form.clear_errors()

    def done(self) -> None:
        self.save_button.setEnabled(True)

    def refuse(self, exc: BaseException, message: str) -> None:
        """Put a refused save's sentence next to the field it names, in the form it is about."""
        self.save_button.setEnabled(True)
        if isinstance(exc, PartyRefused):
            form = next((f for f in self.party_forms if f.record.id == exc.party_id), None)
            if form is not None and form.show_error(exc.field, message):
                return
        elif isinstance(exc, ValidationError) and self.case_form.show_error(exc.field, message):
            return
        self.error.show_message(message)

    def party_form(self, name: str) -> PartyEditForm | None:
        return next((f for f in self.party_forms if f.record["name"] == name), None)
