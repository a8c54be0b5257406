"""The forms of a mediation case: registration with its parties, and an agreement with its terms."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.codes import body_kinds_for
from fydesk.domain.errors import ValidationError
from fydesk.domain.ids import check_id_card
from fydesk.services.entities import entity

from ..forms import ErrorLabel, FieldForm
from ..language import domain, translate

CASE_FIELDS = ("category", "body_id", "source", "dispute_type", "summary", "claims", "subject_location",
               "registered_date", "external_case_number", "amount_cents", "people_involved", "group_dispute",
               "risk_level", "lead_mediator_id")
PARTY_FIELDS = ("role", "kind", "name", "id_type", "id_number", "birth_date", "sex", "ethnicity", "phone",
                "address", "uscc", "uscc_override_reason", "legal_representative")
AGREEMENT_FIELDS = ("number", "form", "facts", "disputes", "responsibility", "signed_date",
                    "effective_date")
TERM_FIELDS = ("obligor", "obligee", "content", "amount_cents", "manner", "due_date")
SESSION_FIELDS = ("held_at", "place", "mode", "attendees", "recorder_id", "record", "signed")

_NTH = re.compile(r"^第 (\d+) (?:名当事人|项条款)：")


def nth_of(exc: ValidationError) -> int | None:
    """Which party or term (1-based) a service error is about, from its sentence."""
    found = _NTH.match(exc.message)
    return int(found[1]) if found else None


class PartyForm(FieldForm):
    """One party; the ID number is checked as it is typed and fills birth date and sex."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(entity("party"), PARTY_FIELDS, parent=parent)
        self.index = index
        self._derived: dict[str, Any] = {}
        line = self.inputs["id_number"]
        line.textChanged.connect(lambda text: self._check_id(text, finished=False))
        line.editingFinished.connect(lambda: self._check_id(line.text(), finished=True))

    def _check_id(self, text: str, *, finished: bool) -> None:
        """Check at 18 characters as typed, and any length once the clerk leaves the field."""
        text = text.strip()
        self.errors["id_number"].show_message("")
        if not text or (len(text) < 18 and not finished):
            return  # still typing: a 15-character prefix of a new number is no old number
        if self.value("kind") not in (None, "自然人") or self.value("id_type") not in (None, "居民身份证"):
            return
        check = check_id_card(text)
        if not check.valid:
            self.errors["id_number"].show_message(self.tr("身份证号不正确：{reason}").format(reason=check.reason))
            return
        # Fill what the number says, unless the clerk typed something else by hand.
        for name, value in (("birth_date", check.birth_date), ("sex", check.sex)):
            current = self.value(name)
            if current is None or current == self._derived.get(name):
                self.set_value(name, value)
                self._derived[name] = self.value(name)


class TermForm(FieldForm):
    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(entity("term"), TERM_FIELDS, parent=parent)
        self.index = index
        self.term_id: str | None = None  # the saved term shown, when an agreement is revised


class _Repeated(QWidget):
    """A column of numbered sub-forms (parties, terms) with a button to add one more;
    `title` names the nth sub-form, like "第 {n} 名当事人"."""

    def __init__(self, add_text: str, title: str, make: Callable[[int], FieldForm], initial: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title, self._make = title, make
        self.forms: list[FieldForm] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text, self)
        self.add_button.clicked.connect(self.add)
        self._layout.addWidget(self.add_button)
        for _ in range(initial):
            self.add()

    def add(self) -> FieldForm:
        n = len(self.forms) + 1
        box = QGroupBox(self._title.format(n=n), self)
        v = QVBoxLayout(box)
        form = self._make(n)
        v.addWidget(form)
        self._layout.insertWidget(self._layout.count() - 1, box)
        self.forms.append(form)
        return form

    def reset(self, n: int) -> None:
        """Back to `n` empty sub-forms."""
        for form in self.forms:
            box = form.parentWidget()
            self._layout.removeWidget(box)
            box.deleteLater()
        self.forms = []
        for _ in range(n):
            self.add()

    def values(self) -> list[dict[str, Any]]:
        # A sub-form where nothing was typed is not meant as a record, even if its pick lists
        # hold their preset choices (the second party's 被申请人, say).
        return [f.values() for f in self.forms if _typed(f)]

    def clear_errors(self) -> None:
        for f in self.forms:
            f.clear_errors()


def _typed(form: FieldForm) -> bool:
    return any(form.value(name) is not None for name, f in form.fields.items()
               if f.kind not in ("choice", "ref", "bool"))


def set_body_choices(form: FieldForm, bodies: Sequence[tuple[str, str, str]]) -> None:
    """The presiding-body pick list: each body by name, with its kind."""
    form.set_ref_choices("body_id", [(i, f"{name}（{domain(kind)}）") for i, name, kind in bodies])


def scrolled_form(form: QWidget, inner: QWidget, name: str, save_text: str) -> QVBoxLayout:
    """A form's frame: its fields scrolled, a message line, then 取消 and the save button —
    set on `form` as scroll, error, cancel_button and save_button."""
    area = QScrollArea(form)
    area.setWidgetResizable(True)
    area.setWidget(inner)
    form.scroll = area
    outer = QVBoxLayout(form)
    outer.addWidget(area, 1)
    form.error = ErrorLabel(name, form)
    outer.addWidget(form.error)
    buttons = QHBoxLayout()
    form.cancel_button = QPushButton(translate("CaseForms", "取消（Esc）"), form)
    form.save_button = QPushButton(save_text, form)
    buttons.addStretch(1)
    buttons.addWidget(form.cancel_button)
    buttons.addWidget(form.save_button)
    outer.addLayout(buttons)
    return outer


class RegisterCaseForm(QWidget):
    """登记案件: the case and at least one party, saved together or not at all."""

    submitted = Signal(dict, list)  # case values, party values
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QWidget(self)
        v = QVBoxLayout(inner)
        title = QLabel("<h3>{}</h3>".format(self.tr("登记调解案件")), inner)
        v.addWidget(title)
        self.case_form = FieldForm(entity("case"), CASE_FIELDS, long_text=("summary", "claims"),
                                   refs={"lead_mediator_id": (), "body_id": ()}, parent=inner)
        v.addWidget(self.case_form)
        self._body_kinds: dict[str, str] = {}
        self._body_default: Any = None
        self.case_form.inputs["category"].currentIndexChanged.connect(lambda _i: self._default_body())
        self.parties = _Repeated(self.tr("添加当事人"), self.tr("第 {n} 名当事人"),
                                 lambda n: PartyForm(n), 2, inner)
        self.parties.forms[0].set_value("role", "申请人")
        self.parties.forms[1].set_value("role", "被申请人")
        v.addWidget(self.parties)
        v.addStretch(1)
        scrolled_form(self, inner, "register", self.tr("保存（Ctrl+S）"))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled)

    def set_staff(self, staff: Sequence[tuple[str, str]]) -> None:
        self.case_form.set_ref_choices("lead_mediator_id", staff)

    def set_bodies(self, bodies: Sequence[tuple[str, str, str]]) -> None:
        """The office's bodies in use, (id, name, kind); the category picks the default."""
        set_body_choices(self.case_form, bodies)
        self._body_kinds = {b[0]: b[2] for b in bodies}
        self._default_body()

    def _default_body(self) -> None:
        """The category's usual body (domain/codes.body_kinds_for), unless the clerk chose one."""
        current = self.case_form.value("body_id")
        if current is not None and current != self._body_default:
            return
        kinds = body_kinds_for(self.case_form.value("category"))
        ranked = sorted(self._body_kinds, key=lambda i: kinds.index(self._body_kinds[i])
                        if self._body_kinds[i] in kinds else len(kinds))
        self._body_default = ranked[0] if ranked else None
        self.case_form.set_value("body_id", self._body_default)

    def submit(self) -> None:
        self.clear_errors()
        # every field's own problem at once, beside it; the services judge the rest
        typed = [f for f in self.parties.forms if _typed(f)]
        checked = [form.precheck() for form in (self.case_form, *typed)]
        if not all(checked):
            self.error.show_message(self.tr("请改正标红的各项后再保存。"))
            return
        self.save_button.setEnabled(False)
        self.submitted.emit(self.case_form.values(), self.parties.values())

    def reset(self, today: date) -> None:
        """An empty form for the next case, dated today, scrolled to its top."""
        self.case_form.clear()
        for form in self.parties.forms:
            form.clear()
        self.parties.forms[0].set_value("role", "申请人")
        self.parties.forms[1].set_value("role", "被申请人")
        self.case_form.set_value("registered_date", today)
        self._body_default = None
        self._default_body()
        self.scroll.verticalScrollBar().setValue(0)

    def clear_errors(self) -> None:
        self.error.show_message("")
        self.case_form.clear_errors()
        self.parties.clear_errors()

    def done(self) -> None:
        self.save_button.setEnabled(True)

    def refuse(self, exc: ValidationError | None, message: str) -> None:
        """Show a refused save next to the field it is about."""
        self.save_button.setEnabled(True)
        if exc is not None:
            n = nth_of(exc)
            if exc.field != "parties" and n is not None and n <= len(self.parties.forms):
                if self.parties.forms[n - 1].show_error(exc.field, message):
                    return
            elif n is None and self.case_form.show_error(exc.field, message):
                return
        self.error.show_message(message)


class AgreementForm(QWidget):
    """调解协议 with its terms: a new one (the case moves to 达成协议 when it is saved), or a
    saved one corrected until it is signed. Hidden until asked for; closed once saved."""

    submitted = Signal(dict, list)  # a new agreement: its values, its terms' values
    revised = Signal(str, dict, list)  # agreement id, its changes, [(term id or None, values)]
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreement_id: str | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        v.addWidget(self.title)
        self.form = FieldForm(entity("agreement"), AGREEMENT_FIELDS,
                              long_text=("facts", "disputes", "responsibility"), parent=self)
        v.addWidget(self.form)
        self.terms = _Repeated(self.tr("添加条款"), self.tr("第 {n} 项条款"), lambda n: TermForm(n), 1, self)
        v.addWidget(self.terms)
        self.hint = QLabel(self.tr("清空一项条款的全部内容即删去该项；填写“签订日期”保存后，协议即不能再修改。"), self)
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)
        self.error = ErrorLabel("agreement", self)
        v.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.close_form)
        buttons.addWidget(self.cancel_button)
        self.save_button = QPushButton(self.tr("保存调解协议"), self)
        self.save_button.clicked.connect(self.submit)
        buttons.addWidget(self.save_button)
        v.addLayout(buttons)
        self.hide()

    def open_new(self) -> None:
        """An empty form for the next agreement (what was typed and not saved stays)."""
        if self.agreement_id is not None:
            self._empty()
        self.agreement_id = None
        self.title.setText("<b>{}</b>".format(self.tr("记录调解协议")))
        self.show()
        self.form.inputs["facts"].setFocus()

    def open_saved(self, agreement: Any, terms: Sequence[Any]) -> None:
        """A saved, unsigned agreement and its terms, to correct."""
        self._empty()
        self.agreement_id = agreement.id
        self.title.setText("<b>{}</b>".format(self.tr("修改调解协议（尚未签订）")))
        self.form.load(agreement.values)
        self.terms.reset(max(len(terms), 1))
        for form, term in zip(self.terms.forms, terms):
            form.load(term.values)
            form.term_id = term.id
        self.show()
        self.form.inputs["facts"].setFocus()

    def _empty(self) -> None:
        self.form.clear()
        self.form._loaded = {}
        self.terms.reset(1)
        self.error.show_message("")

    def close_form(self) -> None:
        self._empty()
        self.agreement_id = None
        self.hide()
        self.closed.emit()

    def submit(self) -> None:
        self.error.show_message("")
        self.form.clear_errors()
        self.terms.clear_errors()
        typed = [f for f in self.terms.forms if _typed(f)]
        new = self.agreement_id is None
        checked = [self.form.precheck(creating=new), *(f.precheck(creating=f.term_id is None) for f in typed)]
        if not all(checked):
            return
        if new:
            self.submitted.emit(self.form.values(), self.terms.values())
        else:
            terms = [(f.term_id, f.changes() if f.term_id else f.values()) for f in typed]
            self.revised.emit(self.agreement_id, self.form.changes(), terms)

    def refuse(self, exc: ValidationError | None, message: str) -> None:
        if exc is not None:
            n = nth_of(exc)
            typed = [f for f in self.terms.forms if _typed(f)]
            if n is not None and n <= len(typed):
                if typed[n - 1].show_error(exc.field, message):
                    return
            elif n is None and self.form.show_error(exc.field, message):
                return
        self.error.show_message(message)
