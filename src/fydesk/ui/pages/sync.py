"""同步: enroll with the city hub, sync now, and see what waits, what was refused, what conflicts."""

from __future__ import annotations

import platform

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError

from .. import hubjobs
from ..forms import ErrorLabel, pick_certificate, prefill_setting
from ..syncer import Syncer
from ..tables import fill_table, read_only_table
from ..tasks import error_message
from .base import Page, PageContext


class SyncPage(Page):
    title = "同步"

    def __init__(self, ctx: PageContext, syncer: Syncer, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.syncer = syncer
        self.details: hubjobs.SyncDetails | None = None
        inner = QWidget(self)
        v = QVBoxLayout(inner)
        self.summary = QLabel(inner)
        self.summary.setObjectName("sync_summary")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)

        self.enroll_box = QGroupBox(self.tr("登记到市级平台"), inner)
        form = QFormLayout(self.enroll_box)
        self.hub = QLineEdit(self.enroll_box)
        self.hub.setPlaceholderText(self.tr("如 https://hub.example.gov.cn"))
        self.code = QLineEdit(self.enroll_box)
        self.code.setPlaceholderText(self.tr("信息管理员给出的一次性登记码"))
        self.ca = QLineEdit(self.enroll_box)
        self.ca.setPlaceholderText(self.tr("自建证书颁发机构的证书文件（可不填）"))
        browse = QPushButton(self.tr("选择…"), self.enroll_box)
        browse.clicked.connect(lambda: pick_certificate(self, self.ca))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(browse)
        self.device = QLineEdit(platform.node() or "fydesk", self.enroll_box)
        self.errors: dict[str, ErrorLabel] = {}
        for name, label, widget in (("hub", self.tr("市级平台地址＊"), self.hub), ("code", self.tr("登记码＊"), self.code)):
            box = QWidget(self.enroll_box)
            bv = QVBoxLayout(box)
            bv.setContentsMargins(0, 0, 0, 0)
            bv.addWidget(widget)
            self.errors[name] = ErrorLabel(name, box)
            bv.addWidget(self.errors[name])
            form.addRow(label, box)
        form.addRow(self.tr("证书文件"), ca_row)
        form.addRow(self.tr("本机名称"), self.device)
        # Shown only where no keyring keeps the token: a passphrase keeps it encrypted instead.
        note = QLabel(self.tr("本机没有可用的系统密钥环。设置口令后，设备令牌加密保存在本机，"
                              "每次启动时输入一次口令即可同步；不设口令则只保存在本次运行中。"), self.enroll_box)
        note.setWordWrap(True)
        self.passphrase = QLineEdit(self.enroll_box)
        self.passphrase_again = QLineEdit(self.enroll_box)
        for field in (self.passphrase, self.passphrase_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        again = QWidget(self.enroll_box)  # the mismatch is said under the second field
        av = QVBoxLayout(again)
        av.setContentsMargins(0, 0, 0, 0)
        av.addWidget(self.passphrase_again)
        self.errors["passphrase"] = ErrorLabel("passphrase", again)
        av.addWidget(self.errors["passphrase"])
        form.addRow(note)
        form.addRow(self.tr("口令"), self.passphrase)
        form.addRow(self.tr("再次输入口令"), again)
        self._passphrase_rows = (note, self.passphrase, again)
        self._offer_passphrase(False)
        self.enroll_error = ErrorLabel("enroll", self.enroll_box)
        form.addRow(self.enroll_error)
        self.enroll_button = QPushButton(self.tr("登记"), self.enroll_box)
        form.addRow(self.enroll_button)
        v.addWidget(self.enroll_box)

        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("立即同步"), inner)
        self.progress = QProgressBar(inner)
        self.progress.setRange(0, 0)  # the engine reports no steps: a busy bar while it runs
        self.progress.hide()
        self.result = QLabel(inner)
        self.result.setObjectName("sync_result")
        self.result.setWordWrap(True)
        row.addWidget(self.sync_button)
        row.addWidget(self.progress)
        row.addWidget(self.result, 1)
        v.addLayout(row)

        self.tables = {}
        for key, title, headers in (
            ("conflicts", self.tr("需协调（两处同时修改了法律上重要的字段）"),
             (self.tr("记录类型"), self.tr("记录"), self.tr("字段"), self.tr("市级平台的值"), self.tr("修改人"),
              self.tr("另一方的值"), self.tr("修改人"), self.tr("市级协调意见"))),
            ("quarantined", self.tr("被市级平台拒收的变更"),
             (self.tr("序号"), self.tr("记录类型"), self.tr("记录"), self.tr("原因"))),
            ("log", self.tr("同步日志（最近 10 条）"), (self.tr("时间"), self.tr("类别"), self.tr("结果"), self.tr("说明"))),
        ):
            box = QGroupBox(title, inner)
            bv = QVBoxLayout(box)
            table = read_only_table(box)
            table.setMinimumHeight(120)
            fill_table(table, headers, [])
            bv.addWidget(table)
            v.addWidget(box)
            self.tables[key] = (table, headers)
        v.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(inner)
        QVBoxLayout(self).addWidget(area)

        self.enroll_button.clicked.connect(self.enroll)
        self.sync_button.clicked.connect(self.sync_now)
        syncer.started.connect(self._sync_started)
        syncer.finished.connect(self._synced)
        syncer.failed.connect(self._sync_failed)
        syncer.passphrase_needed.connect(self._ask_once)
        ctx.events.wrote.connect(lambda _e: self.refresh() if self.isVisible() else None)
        self.refresh()
        ctx.tasks.run_db(hubjobs.read_settings, ctx.store, owner=self, on_done=self._prefill)
        ctx.tasks.run_net(hubjobs.token_durable, syncer.credentials, owner=self,
                          on_done=lambda durable: self._offer_passphrase(not durable))
        syncer.check_lock()
        QTimer.singleShot(0, self, self._ask_once)  # the start check may have answered before this page

    def _offer_passphrase(self, offer: bool) -> None:
        form = self.enroll_box.layout()
        for widget in self._passphrase_rows:
            form.setRowVisible(widget, offer)
        # The wrapped note's height for the box's width is known only once laid out: lay the
        # box out again on the next turn, or its buttons stay a few pixels short.
        QTimer.singleShot(0, self, lambda: (form.invalidate(), self.enroll_box.updateGeometry()))

    def _prefill(self, view: hubjobs.SettingsView) -> None:
        """The hub address and CA file from the settings; the IT policy may lock them."""
        inputs = {"hub_url": self.hub, "ca_file": self.ca}
        for row in view.rows:
            if row.name in inputs:
                prefill_setting(inputs[row.name], row.value, row.locked)

    def shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run_db(hubjobs.sync_details, self.ctx.store, owner=self, on_done=self._show,
                              on_error=lambda exc: self.result.setText(error_message(exc)))

    def _show(self, d: hubjobs.SyncDetails) -> None:
        self.details = d
        s = d.state
        if d.hub_url:
            age = ("" if d.oldest_pending_seconds is None
                   else self.tr("（最早的已等待 %n 分钟）", "", d.oldest_pending_seconds // 60))
            self.summary.setText(
                self.tr("<h3>已登记到 {hub}</h3>上次同步：{when}；待同步 {pending} 条{age}；"
                        "需协调 {conflicts} 处；被拒 {quarantined} 条。").format(
                    hub=d.hub_url, when=s.last_sync_at or self.tr("从未"), pending=s.pending, age=age,
                    conflicts=s.conflicts, quarantined=s.quarantined)
                + (self.tr("<br>最近错误：{error}").format(error=s.last_error) if s.last_error else ""))
        else:
            self.summary.setText(self.tr("<h3>本机尚未登记到市级平台</h3>变更保存在本机，待同步 {pending} 条；"
                                         "登记后即可同步。").format(pending=s.pending))
        self.enroll_box.setVisible(not d.hub_url)
        self.sync_button.setEnabled(bool(d.hub_url) and not self.syncer.running)
        for key, rows in (("conflicts", d.conflicts), ("quarantined", d.quarantined), ("log", d.log)):
            table, headers = self.tables[key]
            fill_table(table, headers, rows)
        # A few rows at most, and a note may run to several lines: each row as tall as it needs.
        self.tables["conflicts"][0].resizeRowsToContents()

    # --- enroll ---------------------------------------------------------------------------------

    def enroll(self) -> None:
        for label in (*self.errors.values(), self.enroll_error):
            label.show_message("")
        self.enroll_button.setEnabled(False)
        self.ctx.tasks.run_net(hubjobs.enroll, self.ctx.store, self.hub.text(), self.code.text(), self.ca.text(),
                               self.device.text().strip(), self.passphrase.text(), self.passphrase_again.text(),
                               self.syncer.credentials, owner=self, on_done=self._enrolled,
                               on_error=self._enroll_failed)

    def _enrolled(self, result: hubjobs.Enrolled) -> None:
        self.enroll_button.setEnabled(True)
        self.code.clear()
        self.passphrase.clear()
        self.passphrase_again.clear()
        self.result.setText(self.tr("已登记：{office}。").format(office=result.office_name) + (result.warning or ""))
        self.ctx.events.wrote.emit("enroll")
        self.refresh()

    def _enroll_failed(self, exc: BaseException) -> None:
        self.enroll_button.setEnabled(True)
        label = self.errors.get(exc.field) if isinstance(exc, ValidationError) else None
        (label or self.enroll_error).show_message(error_message(exc))

    # --- sync -----------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.syncer.locked:
            self.ask_passphrase()  # the user asks: ask again, even after a cancel
        else:
            self.syncer.sync_now()

    def _ask_once(self) -> None:
        if self.syncer.locked and not self.syncer.asked:
            self.ask_passphrase()

    def ask_passphrase(self) -> None:
        """The passphrase the token was saved under; the token then stays in memory for this run."""
        self.syncer.asked = True
        text, ok = QInputDialog.getText(
            self, self.tr("输入口令"), self.tr("本机的设备令牌已用口令加密保存。请输入口令，本次运行即可同步："),
            QLineEdit.EchoMode.Password)
        if ok and text:
            self.result.setText(self.tr("正在解开设备令牌…"))
            self.syncer.unlock(text)
        else:
            self.result.setText(self.tr("未输入口令，本次运行不同步；点击“立即同步”可再输入口令。"))

    def _sync_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.show()
        self.result.setText(self.tr("正在同步…"))

    def _synced(self, r: hubjobs.Synced) -> None:
        self.progress.hide()
        self.result.setText(self.tr("同步完成：推送 {pushed} 条，接收 {pulled} 条，需协调 {conflicts} 处，"
                                    "被拒 {quarantined} 条，待同步 {pending} 条。").format(
            pushed=r.pushed, pulled=r.pulled, conflicts=r.conflicts, quarantined=r.quarantined, pending=r.pending)
            + " ".join(r.warnings))
        self.refresh()

    def _sync_failed(self, message: str) -> None:
        self.progress.hide()
        self.result.setText(self.tr("同步失败：{message}").format(message=message))
        self.refresh()
