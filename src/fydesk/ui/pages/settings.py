"""设置: this PC's hub address, CA file, office and sync interval (what the IT policy locks is
shown with the lock and cannot be changed here), and 本单位 (pages/office.py) beside them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError

from .. import hubjobs
from ..forms import ErrorLabel, pick_certificate
from ..language import domain
from ..tasks import error_message
from .base import Page, PageContext

LOCKED_STYLE = "color: #8a5a00; font-weight: bold;"


class SettingsPage(Page):
    title = "设置"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: hubjobs.SettingsView | None = None
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings_tabs")
        outer.addWidget(self.tabs)
        mine = QWidget(self.tabs)
        v = QVBoxLayout(mine)
        self.policy_note = QLabel(self)
        self.policy_note.setObjectName("policy_note")
        self.policy_note.setWordWrap(True)
        v.addWidget(self.policy_note)

        box = QGroupBox(self.tr("本机设置"), self)
        box.setMaximumWidth(760)
        form = QFormLayout(box)
        self.inputs: dict[str, QWidget] = {}
        self.notes: dict[str, QLabel] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.hub = QLineEdit(box)
        self.hub.setPlaceholderText(self.tr("如 https://hub.example.gov.cn"))
        self.ca = QLineEdit(box)
        self.ca.setPlaceholderText(self.tr("自建证书颁发机构的证书文件（可不填）"))
        self.browse = QPushButton(self.tr("选择…"), box)
        self.browse.clicked.connect(lambda: pick_certificate(self, self.ca))
        self.office = QLineEdit(box)
        self.office.setReadOnly(True)
        self.interval = QSpinBox(box)
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(self.tr(" 分钟"))
        self.interval.setMaximumWidth(160)
        rows = (("hub_url", self.tr("市级平台地址"), self.hub), ("ca_file", self.tr("证书文件"), self.ca),
                ("office_code", self.tr("单位代码"), self.office),
                ("sync_interval_minutes", self.tr("自动同步间隔"), self.interval))
        for name, label, widget in rows:
            cell = QWidget(box)
            cv = QVBoxLayout(cell)
            cv.setContentsMargins(0, 0, 0, 0)
            line = QHBoxLayout()
            line.addWidget(widget, 0 if widget is self.interval else 1)
            if widget is self.ca:
                line.addWidget(self.browse)
            if widget is self.interval:
                line.addStretch(1)
            cv.addLayout(line)
            note = QLabel(cell)
            note.setObjectName(f"note_{name}")
            cv.addWidget(note)
            self.errors[name] = ErrorLabel(name, cell)
            cv.addWidget(self.errors[name])
            form.addRow(label, cell)
            self.inputs[name], self.notes[name] = widget, note
        self.save_button = QPushButton(self.tr("保存"), box)
        self.save_button.setObjectName("save_settings")
        self.message = QLabel(box)
        self.message.setObjectName("settings_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        form.addRow(buttons)
        v.addWidget(box)
        v.addStretch(1)
        self.tabs.addTab(mine, self.tr("本机设置"))
        from .office import OfficePage

        self.office_page = OfficePage(ctx, self.tabs)
        self.tabs.addTab(self.office_page, self.tr("本单位"))
        self.save_button.clicked.connect(self.save)
        self.refresh()

    def shown(self) -> None:
        self.refresh()
        self.office_page.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run_db(hubjobs.read_settings, self.ctx.store, owner=self, on_done=self._show,
                              on_error=lambda exc: self.message.setText(error_message(exc)))

    def _show(self, view: hubjobs.SettingsView) -> None:
        self.view = view
        if view.policy_file and any(r.locked for r in view.rows):
            self.policy_note.setText(self.tr("信息管理员的策略文件：{path}。标为“已由信息管理员锁定”的设置"
                                             "由信息管理员统一设置，不能在本机修改。").format(path=view.policy_file))
        elif view.policy_file:
            self.policy_note.setText(self.tr("信息管理员的策略文件：{path}，未锁定任何设置。").format(
                path=view.policy_file))
        else:
            self.policy_note.setText(self.tr("本机没有信息管理员的策略文件，各项设置均可在此修改。"))
        for row in view.rows:
            widget = self.inputs[row.name]
            if isinstance(widget, QSpinBox):
                widget.setValue(int(row.value or 5))
            else:
                widget.setText(row.value)  # type: ignore[attr-defined]
            widget.setEnabled(row.editable)
            if row.name == "ca_file":
                self.browse.setEnabled(row.editable)
            if row.locked:
                note = self.tr("已由信息管理员锁定")
            elif row.name == "office_code":
                note = self.tr("设置本机单位时确定，之后不能修改")
            else:
                note = self.tr("来自：{source}").format(source=domain(row.source)) if row.source else ""
            self.notes[row.name].setText(note)
            self.notes[row.name].setStyleSheet(LOCKED_STYLE if row.locked else "color: #555;")
            self.notes[row.name].setVisible(bool(note))
        self.save_button.setEnabled(any(r.editable for r in view.rows))

    def _entered(self, name: str) -> str:
        widget = self.inputs[name]
        return str(widget.value()) if isinstance(widget, QSpinBox) else widget.text().strip()  # type: ignore[attr-defined]

    def save(self) -> None:  # also Ctrl+S
        if self.view is None:
            return
        for label in self.errors.values():
            label.show_message("")
        changes = {r.name: self._entered(r.name) for r in self.view.rows
                   if r.editable and self._entered(r.name) != r.value}
        if not changes:
            self.message.setText(self.tr("没有改动。"))
            return
        self.save_button.setEnabled(False)
        self.ctx.tasks.run_db(hubjobs.save_settings, self.ctx.store, changes, owner=self, on_done=self._saved,
                              on_error=self._failed)

    def _saved(self, view: hubjobs.SettingsView) -> None:
        self.message.setText(self.tr("已保存。"))
        self._show(view)
        self.ctx.events.wrote.emit("settings")  # the status bar and the sync timer read them again

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        label = self.errors.get(exc.field) if isinstance(exc, ValidationError) else None
        if label is not None:
            label.show_message(error_message(exc))
        else:
            self.message.setText(error_message(exc))
