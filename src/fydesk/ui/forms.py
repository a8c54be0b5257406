"""Forms built from the services' field descriptions, with an error line under every field.

The services own the rules: a form only collects what was typed and, when a save is refused,
puts the ValidationError's Chinese sentence under the field it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.fields import Field, format_money
from fydesk.domain.phones import check_phone
from fydesk.services.entities import Entity

from .language import domain, translate

ERROR_STYLE = "color: #c62828;"
_PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM",
    "money": QT_TRANSLATE_NOOP("FieldForm", "元，如 1200.50"),
    "int": QT_TRANSLATE_NOOP("FieldForm", "整数"),
}


def display(value: Any, kind: str = "text") -> str:
    """A value as a form or table shows it."""
    if value is None:
        return ""
    if kind == "money":
        return format_money(value) or ""
    if isinstance(value, bool):
        return translate("FieldForm", "是") if value else translate("FieldForm", "否")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ErrorLabel(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"error_{name}")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class ChoiceBox(QComboBox):
    """A pick list that the mouse wheel changes only once it has the focus: over a form, the
    wheel scrolls the form instead of silently changing the choice under the pointer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the scroll area around the form


class DatePicker(QToolButton):
    """The calendar beside a date input: a click opens it, a day picked is written into the
    input as the services read it (YYYY-MM-DD); typing stays possible, and empty stays empty."""

    def __init__(self, line: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setText(translate("FieldForm", "日历"))
        self.setToolTip(translate("FieldForm", "从日历中选择日期"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._show_typed)
        self.calendar.clicked.connect(self.pick)
        self.calendar.activated.connect(self.pick)
        self.setMenu(menu)

    def _show_typed(self) -> None:
        typed = QDate.fromString(self.line.text().strip()[:10], "yyyy-MM-dd")
        self.calendar.setSelectedDate(typed if typed.isValid() else QDate.currentDate())

    def pick(self, day: QDate) -> None:
        self.line.setText(day.toString("yyyy-MM-dd"))
        self.menu().hide()
        self.line.setFocus()


def prefill_setting(widget: QLineEdit, value: str, locked: bool) -> None:
    """An input the settings (设置, or the IT policy) can fill: a locked value is shown read-only."""
    if value and not widget.text():
        widget.setText(value)
    fixed = locked and bool(value)
    widget.setReadOnly(fixed)
    # Read-only alone looks editable: a fixed value sits on the window's colour instead.
    widget.setStyleSheet("QLineEdit { background: palette(window); }" if fixed else "")
    widget.setToolTip(translate("Forms", "已由信息管理员锁定") if fixed else "")


def pick_certificate(parent: QWidget, into: QLineEdit) -> None:
    """Choose the CA certificate file of a private certificate authority into `into`."""
    path, _ = QFileDialog.getOpenFileName(parent, translate("Forms", "选择证书文件"), "",
                                          translate("Forms", "证书 (*.pem *.crt *.cer);;所有文件 (*)"))
    if path:
        into.setText(path)


class FieldForm(QWidget):
    """Inputs for some fields of one entity; `values()` gives raw input for the services."""

    edited = Signal()

    def __init__(self, spec: Entity, names: Sequence[str], *, long_text: Iterable[str] = (),
                 refs: Mapping[str, Sequence[tuple[str, str]]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.fields: dict[str, Field] = {n: spec.field(n) for n in names}
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        long_text = set(long_text)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, f in self.fields.items():
            widget = self._make_input(f, name in long_text, (refs or {}).get(name, ()))
            widget.setObjectName(f"input_{name}")
            error = ErrorLabel(name, self)
            box = QWidget(self)
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            if f.kind == "date":
                row = QHBoxLayout()
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(widget, 1)
                picker = DatePicker(widget, box)
                picker.setObjectName(f"calendar_{name}")
                row.addWidget(picker)
                v.addLayout(row)
            else:
                v.addWidget(widget)
            v.addWidget(error)
            # an error stands until its field is changed, then goes with it
            self._on_change(widget, error.show_message)
            label = domain(f.label) + ("＊" if f.required else "")
            layout.addRow(label, box)
            self.inputs[name] = widget
            self.errors[name] = error
        self.form_error = ErrorLabel("form", self)
        layout.addRow(self.form_error)

    # --- building --------------------------------------------------------------------------

    def _make_input(self, f: Field, long: bool, ref_choices: Sequence[tuple[str, str]]) -> QWidget:
        if f.kind == "bool":
            box = QCheckBox(self)
            box.toggled.connect(self.edited)
            return box
        if f.kind in ("choice", "ref"):
            combo = ChoiceBox(self)
            # a required choice starts empty too: no choice is made for the clerk unseen
            combo.addItem("", None)
            if f.kind == "choice":
                for choice in f.choices:
                    combo.addItem(domain(choice), choice)
            else:
                for ref_id, label in ref_choices:
                    combo.addItem(label, ref_id)
            combo.currentIndexChanged.connect(self.edited)
            return combo
        if long:
            text = QPlainTextEdit(self)
            text.setFixedHeight(72)
            text.setTabChangesFocus(True)
            text.textChanged.connect(self.edited)
            return text
        line = QLineEdit(self)
        line.setPlaceholderText(translate("FieldForm", _PLACEHOLDERS.get(f.kind, "")))
        line.textChanged.connect(self.edited)
        return line

    @staticmethod
    def _on_change(widget: QWidget, clear) -> None:
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on: clear(""))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: clear(""))
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda: clear(""))
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: clear(""))

    def set_ref_choices(self, name: str, choices: Sequence[tuple[str, str]]) -> None:
        combo = self.inputs[name]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for ref_id, label in choices:
            combo.addItem(label, ref_id)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- reading and writing -------------------------------------------------------------

    def value(self, name: str) -> Any:
        widget = self.inputs[name]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip() or None
        assert isinstance(widget, QLineEdit)
        return widget.text().strip() or None

    def values(self) -> dict[str, Any]:
        """What was typed, raw; empty inputs are left out so column defaults apply."""
        out = {}
        for name in self.fields:
            value = self.value(name)
            if value is not None:
                out[name] = value
        return out

    def set_value(self, name: str, value: Any) -> None:
        widget = self.inputs[name]
        f = self.fields[name]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(display(value, f.kind))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(display(value, f.kind))

    def set_values(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if name in self.inputs:
                self.set_value(name, value)

    def load(self, values: Mapping[str, Any]) -> None:
        """Show a saved record's values; `changes()` then tells what the clerk altered."""
        self.clear()
        self.set_values(values)
        self._loaded = {name: self.value(name) for name in self.fields}

    def changes(self) -> dict[str, Any]:
        """The fields edited since `load`, raw; a field emptied is None, so it is cleared.

        Raw input against raw input: a value the form cannot show (a code no longer in a pick
        list) reads the same before and after, so it is never cleared by accident."""
        loaded = getattr(self, "_loaded", {})
        return {name: value for name in self.fields
                if (value := self.value(name)) != loaded.get(name)}

    def clear(self) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QCheckBox):
                widget.setChecked(False)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.clear()
        self.clear_errors()

    # --- errors --------------------------------------------------------------------------

    def problems(self, *, creating: bool = True) -> dict[str, str]:
        """What the services would refuse in each field on its own, all at once: a value they
        cannot read, a required field left empty (on creation), a telephone number that is
        none. Rules between fields and against the record stay with the services."""
        found: dict[str, str] = {}
        for name, f in self.fields.items():
            value = self.value(name)
            if value is None:
                if creating and f.required and not isinstance(self.inputs[name], QCheckBox):
                    found[name] = translate("FieldForm", "请填写“{label}”。").format(label=domain(f.label))
                continue
            try:
                f.parse(value)
            except ValidationError as exc:
                found[name] = exc.message
                continue
            if name.endswith("phone") and isinstance(value, str) and (reason := check_phone(value)):
                found[name] = reason
        return found

    def precheck(self, *, creating: bool = True) -> bool:
        """Show every field's problem beside it at once; True when there is none."""
        found = self.problems(creating=creating)
        for name, message in found.items():
            self.errors[name].show_message(message)
        if found:
            self.inputs[next(iter(found))].setFocus()
        return not found

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.form_error):
            label.show_message("")

    def show_error(self, field: str | None, message: str) -> bool:
        """Put `message` under `field`; a field this form lacks gets the form's own line.

        Returns True when the message landed next to a field.
        """
        label = self.errors.get(field or "")
        if label is None:
            self.form_error.show_message(message)
            return False
        label.show_message(message)
        self.inputs[field].setFocus()
        return True

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""
