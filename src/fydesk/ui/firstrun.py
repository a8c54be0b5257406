"""First run: an empty data dir greets the clerk with three paths — set up the office (then enter
its staff, bodies and areas on 本单位), enrol with the hub, or try demo data."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain import codes
from fydesk.domain.errors import ValidationError
from fydesk.store.engine import Store

from . import hubjobs, jobs, language
from .forms import ErrorLabel, prefill_setting
from .language import domain
from .screenfit import fit_to_screen
from .tasks import Tasks, error_message


class FirstRunWindow(QWidget):
    """Emits `ready` with the opened desk once the office is set up or demo data is in."""

    ready = Signal(object)  # jobs.Opened
    language_chosen = Signal(str)  # "zh_CN" or "en": the launcher redraws this window in it

    def __init__(self, tasks: Tasks, store: Store, user: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.store, self.user = tasks, store, user
        self.setWindowTitle(self.tr("府院联动工作台 — 首次使用"))
        # The steps scroll, rather than run off the bottom, on a small or scaled screen.
        self.content = QWidget(self)
        v = QVBoxLayout(self.content)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        top = QHBoxLayout()
        # The long texts wrap: on a narrow (scaled) screen the language choice stays in view.
        welcome = QLabel(self.tr("<h2>欢迎使用府院联动工作台</h2><p>本机尚未设置。请选择：</p>"), self)
        welcome.setWordWrap(True)
        top.addWidget(welcome, 1)
        # Each language named in itself, so a clerk who cannot read the current one finds theirs.
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for lang, name in language.NAMES:
            self.language.addItem(name, lang)
        self.language.setCurrentIndex(max(self.language.findData(language.current_language()), 0))
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        top.addWidget(QLabel("语言 / Language", self))
        top.addWidget(self.language)
        v.addLayout(top)

        setup = QGroupBox(self.tr("一、设置本单位"), self)
        form = QFormLayout(setup)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.code = QLineEdit(setup)
        self.code.setPlaceholderText(self.tr("如 440104001"))
        self.name = QLineEdit(setup)
        self.name.setPlaceholderText(self.tr("如 越秀区人民法庭"))
        self.kind = QComboBox(setup)
        self.kind.addItem("", "")
        for k in codes.OFFICE_KINDS:
            self.kind.addItem(domain(k), k)
        self.prefix = QLineEdit(setup)
        self.prefix.setPlaceholderText(self.tr("案号代字，如 越秀人（可不填）"))
        for name, label, widget in (("office_code", self.tr("单位代码＊"), self.code),
                                    ("office_name", self.tr("单位名称＊"), self.name),
                                    ("kind", self.tr("单位类型＊"), self.kind), ("case_prefix", self.tr("案号代字"), self.prefix)):
            widget.setObjectName(f"input_{name}")
            box = QWidget(setup)
            bv = QVBoxLayout(box)
            bv.setContentsMargins(0, 0, 0, 0)
            bv.addWidget(widget)
            self.errors[name] = ErrorLabel(name, box)
            bv.addWidget(self.errors[name])
            form.addRow(label, box)
        self.setup_error = ErrorLabel("setup", setup)
        form.addRow(self.setup_error)
        self.setup_button = QPushButton(self.tr("保存并开始"), setup)
        self.setup_button.setObjectName("setup_button")
        form.addRow(self.setup_button)
        v.addWidget(setup)

        hub = QGroupBox(self.tr("二、或登记到市级平台（信息管理员已给出登记码时）"), self)
        hform = QFormLayout(hub)
        self.hub_url = QLineEdit(hub)
        self.hub_url.setPlaceholderText(self.tr("如 https://hub.example.gov.cn"))
        self.hub_code = QLineEdit(hub)
        self.hub_code.setPlaceholderText(self.tr("一次性登记码"))
        self.hub_ca = QLineEdit(hub)
        self.hub_ca.setPlaceholderText(self.tr("自建证书颁发机构的证书文件（可不填）"))
        for name, label, widget in (("hub", self.tr("市级平台地址＊"), self.hub_url),
                                    ("code", self.tr("登记码＊"), self.hub_code)):
            box = QWidget(hub)
            bv = QVBoxLayout(box)
            bv.setContentsMargins(0, 0, 0, 0)
            bv.addWidget(widget)
            self.errors[name] = ErrorLabel(name, box)
            bv.addWidget(self.errors[name])
            hform.addRow(label, box)
        hform.addRow(self.tr("证书文件"), self.hub_ca)
        self.enroll_error = ErrorLabel("enroll", hub)
        hform.addRow(self.enroll_error)
        self.enroll_button = QPushButton(self.tr("登记并开始"), hub)
        self.enroll_button.setObjectName("enroll_button")
        hform.addRow(self.enroll_button)
        v.addWidget(hub)

        demo = QGroupBox(self.tr("三、先试用演示数据"), self)
        dv = QVBoxLayout(demo)
        note = QLabel(self.tr("生成一个区的法庭、司法所和调委会两年来的模拟记录，便于熟悉软件。"
                              "演示数据另存在单独的数据目录，不会混入本单位的正式数据，也不会同步到市级平台；"
                              "已生成过的演示数据再次选择时直接打开。"), demo)
        note.setWordWrap(True)
        dv.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("调解案件数："), demo))
        self.records = QSpinBox(demo)
        self.records.setObjectName("demo_records")
        self.records.setRange(10, 200_000)
        self.records.setValue(2000)
        row.addWidget(self.records)
        self.demo_button = QPushButton(self.tr("生成演示数据"), demo)
        self.demo_button.setObjectName("demo_button")
        row.addWidget(self.demo_button)
        self.cancel_button = QPushButton(self.tr("取消"), demo)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        dv.addLayout(row)
        self.progress = QProgressBar(demo)
        self.progress.hide()
        dv.addWidget(self.progress)
        self.demo_error = ErrorLabel("demo", demo)
        dv.addWidget(self.demo_error)
        v.addWidget(demo)
        v.addStretch(1)

        self.demo_job = None
        self.setup_button.clicked.connect(self.set_up)
        self.cancel_button.clicked.connect(self.cancel_demo)
        self.enroll_button.clicked.connect(self.enroll)
        self.demo_button.clicked.connect(self.make_demo)
        # The IT policy may name the office and the hub: filled in, and locked where it says so.
        self.tasks.run_db(hubjobs.read_settings, self.store, owner=self, on_done=self._prefill)

    def _prefill(self, view: hubjobs.SettingsView) -> None:
        inputs = {"office_code": self.code, "hub_url": self.hub_url, "ca_file": self.hub_ca}
        for row in view.rows:
            if row.name in inputs:
                prefill_setting(inputs[row.name], row.value, row.locked)

    def _busy(self, busy: bool) -> None:
        for button in (self.setup_button, self.enroll_button, self.demo_button):
            button.setEnabled(not busy)

    def set_up(self) -> None:
        for label in (*self.errors.values(), self.setup_error):
            label.show_message("")
        self._busy(True)
        self.tasks.run_db(jobs.set_up_office, self.store, self.user, self.code.text(), self.name.text(),
                          self.kind.currentData(), self.prefix.text(), owner=self,
                          on_done=self._office_set_up, on_error=self._setup_failed)

    def _office_set_up(self, opened: jobs.Opened) -> None:
        """Next: the office's staff, bodies and areas, on the same 本单位 page as under 设置."""
        from .pages.base import DeskEvents, PageContext
        from .pages.office import OfficePage

        self.opened = opened
        for box in self.findChildren(QGroupBox):
            box.hide()
        self.events = DeskEvents(self)
        self.office_page = OfficePage(PageContext(self.tasks, self.store, self.user, opened.office_id, self.events),
                                      self)
        self.step_note = QLabel(self.tr("<h3>二、本单位的人员、调解组织和辖区</h3>"
                                        "<p>调解员和主持调解的调解组织（调委会、特邀调解组织或特邀调解员）在登记案件时选用；"
                                        "辖区人口用于计算万人起诉率。以后可在“设置 → 本单位”中修改。</p>"), self)
        self.step_note.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("完成，开始使用"), self)
        self.finish_button.setObjectName("finish_button")
        self.finish_button.clicked.connect(lambda: self.ready.emit(self.opened))
        layout = self.content.layout()
        layout.insertWidget(1, self.step_note)
        layout.insertWidget(2, self.office_page, 1)
        layout.insertWidget(3, self.finish_button)
        fit_to_screen(self, max(self.width(), 1000), max(self.height(), 760))

    def _setup_failed(self, exc: BaseException) -> None:
        self._busy(False)
        label = self.errors.get(exc.field) if isinstance(exc, ValidationError) else None
        (label or self.setup_error).show_message(error_message(exc))

    def enroll(self) -> None:
        """The office comes from the hub with the code; the network part runs on the pool."""
        import platform

        for name in ("hub", "code"):
            self.errors[name].show_message("")
        self.enroll_error.show_message("")
        self._busy(True)
        self.tasks.run_net(hubjobs.enroll, self.store, self.hub_url.text(), self.hub_code.text(), self.hub_ca.text(),
                           platform.node() or "fydesk", owner=self, on_done=self._enrolled,
                           on_error=self._enroll_failed)

    def _enrolled(self, _result: hubjobs.Enrolled) -> None:
        self.tasks.run_db(jobs.desk_status, self.store, owner=self, on_done=self.ready.emit,
                          on_error=self._enroll_failed)

    def _enroll_failed(self, exc: BaseException) -> None:
        self._busy(False)
        label = self.errors.get(exc.field) if isinstance(exc, ValidationError) else None
        (label or self.enroll_error).show_message(error_message(exc))

    def make_demo(self) -> None:
        self.demo_error.show_message("")
        self._busy(True)
        self.progress.setRange(0, self.records.value())
        self.progress.setValue(0)
        self.progress.show()
        self.demo_job = self.tasks.run_db(jobs.make_demo, self.store, self.records.value(), with_state=True,
                                          owner=self, on_progress=self._progressed, on_done=self.ready.emit,
                                          on_error=self._demo_failed)
        self.cancel_button.show()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel_demo(self) -> None:
        if self.demo_job is not None:
            self.demo_job.cancel()
            self.cancel_button.setEnabled(False)

    def _demo_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self.demo_error.show_message(error_message(exc))
