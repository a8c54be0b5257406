"""Deliberate status moves: a move that ends something is confirmed, with its reason where one
is needed, and a move made in error is corrected (更正) with a reason — the same dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.states import MACHINES, Machine

from .forms import ErrorLabel
from .language import domain, translate

# What the page does once the clerk has confirmed: the target status and the reason ("" if none).
OnMove = Callable[[str, str], None]


class MoveDialog(QDialog):
    """Names the consequence of a move and, where needed, takes its reason; `targets`: the
    statuses to choose from (a correction), or one (a move)."""

    chosen = Signal(str, str)

    def __init__(self, title: str, consequence: str, targets: Sequence[str], *, needs_reason: bool,
                 reason_label: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("move_dialog")
        self.setWindowTitle(title)
        self.needs_reason = needs_reason
        v = QVBoxLayout(self)
        self.consequence = QLabel(consequence, self)
        self.consequence.setObjectName("move_consequence")
        self.consequence.setWordWrap(True)
        v.addWidget(self.consequence)
        form = QFormLayout()
        self.target = QComboBox(self)
        self.target.setObjectName("move_target")
        for t in targets:
            self.target.addItem(domain(t), t)
        if len(targets) > 1:
            form.addRow(self.tr("更正为："), self.target)
        else:
            self.target.hide()
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("move_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        if needs_reason:
            form.addRow(reason_label, self.reason)
        else:
            self.reason.hide()
        v.addLayout(form)
        self.error = ErrorLabel("move", self)
        v.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("move_ok")
        # A closing move is never the default answer: Enter does not end a case.
        self.ok_button.setAutoDefault(False)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        self.cancel_button.setObjectName("move_cancel")
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.needs_reason and not reason:
            self.error.show_message(self.tr("请写明理由。"))
            self.reason.setFocus()
            return
        super().accept()
        self.chosen.emit(self.target.currentData(), reason)


def _consequence(parent: QWidget, m: Machine, current: str, target: str) -> str:
    lines = [translate("Moves", "将{record}从“{current}”变为“{target}”。").format(
        record=domain(m.label), current=domain(current), target=domain(target))]
    after = m.allowed(target)
    if not after:
        lines.append(translate("Moves", "这是最终状态，此后不能再变更。"))
    else:
        lines.append(translate("Moves", "此后只能变为：{statuses}。").format(statuses="、".join(domain(s) for s in after)))
    lines.append(translate("Moves", "如属误操作，可用“更正”写明理由改回。"))
    return "\n".join(lines)


def ask_move(parent: QWidget, machine: str, current: str, target: str, on_move: OnMove) -> MoveDialog | None:
    """Move at once when nothing ends and no reason is due; otherwise ask first (the dialog is
    returned, open, and calls `on_move` only if the clerk confirms)."""
    m = MACHINES[machine]
    if not (m.ends(target) or m.needs_reason(target)):
        on_move(target, "")
        return None
    dialog = MoveDialog(
        translate("Moves", "确认变更为“{target}”").format(target=domain(target)), _consequence(parent, m, current, target),
        (target,), needs_reason=m.needs_reason(target),
        reason_label=translate("Moves", "{target}理由：").format(target=domain(target)),
        ok_text=translate("Moves", "确定{target}").format(target=domain(target)), parent=parent)
    return _open(dialog, on_move)


def ask_correction(parent: QWidget, machine: str, current: str, targets: Sequence[str],
                   on_correct: OnMove) -> MoveDialog | None:
    """更正: choose among `targets` (services' records.corrections) the status the erroneous
    move should be undone to, and say why."""
    if not targets:
        return None
    consequence = translate("Moves", "“{current}”是误操作时，可更正为原来的状态或当时应有的状态。"
                            "更正和理由记入审计记录，并同步给市级平台。").format(current=domain(current))
    label = MACHINES[machine].label
    dialog = MoveDialog(translate("Moves", "更正{record}状态").format(record=domain(label)), consequence, targets,
                        needs_reason=True, reason_label=translate("Moves", "更正理由："),
                        ok_text=translate("Moves", "确定更正"), parent=parent)
    return _open(dialog, on_correct)


def no_correction(machine: str, current: str) -> str:
    """Said when the 更正 button finds no move to correct: the record was made in this status."""
    return translate("Moves", "{record}一直是“{current}”状态，没有可更正的状态变更。").format(
        record=domain(MACHINES[machine].label), current=domain(current))


def correct_button(parent: QWidget, name: str) -> QPushButton:
    button = QPushButton(translate("Moves", "更正…"), parent)
    button.setObjectName(name)
    button.setToolTip(translate("Moves", "上一次状态变更是误操作时，改回原状态或应有的状态（须写明理由）"))
    return button


def _open(dialog: MoveDialog, then: OnMove) -> MoveDialog:
    # The last question stays readable (the page keeps it) until the next one is asked.
    parent = dialog.parentWidget()
    for old in parent.findChildren(MoveDialog) if parent is not None else ():
        if old is not dialog and not old.isVisible():
            old.deleteLater()
    dialog.chosen.connect(then)
    dialog.open()  # window-modal, without a nested event loop: the page stays responsive
    return dialog
