"""Forms built from the services' field descriptions, with an error line under every field.

The services own the rules: a form only collects what was typed and, when a save is refused,
puts the ValidationError's Chinese sentence under the field it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fydesk.services.entities import Entity
from fydesk.domain.fields import Field, format_money

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
            v.addWidget(widget)
            v.addWidget(error)
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
            combo = QComboBox(self)
            if not f.required or f.kind == "ref":
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
