"""本单位: the office's staff, its mediation bodies and its areas (population per year, first-
instance filings per month); shown under 设置 and on the first-run screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.services.entities import entity

from .. import officejobs
from ..forms import ErrorLabel, FieldForm
from ..language import domain
from ..tasks import error_message
from .base import Page, PageContext

STAFF_FIELDS = ("name", "role", "phone", "active")
BODY_FIELDS = ("name", "kind", "number_prefix", "seal_name", "area_code", "active")


class _RecordBox(QGroupBox):
    """A short list of one entity's records of this office over a form: pick a row to change
    it, or 新增 to add one."""

    def __init__(self, title: str, entity_name: str, fields: tuple[str, ...], page: OfficePage) -> None:
        super().__init__(title, page)
        self.page, self.entity_name, self.names = page, entity_name, fields
        self.rows: tuple[Any, ...] = ()
        self.editing: str | None = None
        v = QVBoxLayout(self)
        spec = entity(entity_name)
        self.table = QTableWidget(0, len(fields), self)
        self.table.setObjectName(f"{entity_name}_table")
        self.table.setHorizontalHeaderLabels([domain(spec.field(n).label) for n in fields])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(170)
        v.addWidget(self.table)
        self.form = FieldForm(spec, fields, parent=self)
        self.form.setObjectName(f"{entity_name}_form")
        v.addWidget(self.form)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新增"), self)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setObjectName(f"save_{entity_name}")
        self.message = QLabel(self)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        v.addLayout(buttons)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.table.itemSelectionChanged.connect(self._picked)
        self.start_new()

    def show_rows(self, rows: tuple[Any, ...]) -> None:
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, rec in enumerate(rows):
            for c, name in enumerate(self.names):
                value = rec[name]
                text = (self.tr("是") if value else self.tr("否")) if isinstance(value, bool) else domain(value or "")
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.clearSelection()
        self.table.blockSignals(False)

    def start_new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.form.clear()
        self.form.set_value("active", True)
        self.save_button.setText(self.tr("添加"))

    def _picked(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        rec = self.rows[selected[0].row()]
        self.editing = rec.id
        self.form.load(rec.values)
        self.save_button.setText(self.tr("保存修改"))

    def save(self) -> None:
        self.form.clear_errors()
        self.message.setText("")
        values = self.form.values() if self.editing is None else self.form.changes()
        if self.editing is None:
            values.setdefault("active", self.form.value("active"))
        elif not values:
            self.message.setText(self.tr("没有改动。"))
            return
        self.save_button.setEnabled(False)
        self.page.run(officejobs.save_record, self.entity_name, self.editing, values, box=self)

    def saved(self) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("已保存。"))
        self.start_new()

    def refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        field = exc.field if isinstance(exc, ValidationError) else None
        if not self.form.show_error(field, error_message(exc)):
            self.message.setText(error_message(exc))


class OfficePage(Page):
    title = "本单位"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view = None
        v = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("office_header")
        self.header.setWordWrap(True)
        v.addWidget(self.header)
        columns = QHBoxLayout()
        self.staff = _RecordBox(self.tr("人员"), "staff", STAFF_FIELDS, self)
        self.bodies = _RecordBox(self.tr("调解组织"), "mediation_body", BODY_FIELDS, self)
        columns.addWidget(self.staff)
        columns.addWidget(self.bodies)
        v.addLayout(columns)
        v.addWidget(self._area_box())
        self.refresh()

    def _area_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("辖区（行政区划至镇街）：人口按年，一审收案数按月"), self)
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        self.sheet_note = QLabel(self.tr("可逐项登记，也可从 Excel 表导入（先下载模板）。"), box)
        self.sheet_note.setObjectName("area_sheet_note")
        self.sheet_note.setWordWrap(True)
        row.addWidget(self.sheet_note, 1)
        self.template_button = QPushButton(self.tr("下载模板"), box)
        self.template_button.setObjectName("area_template")
        self.import_button = QPushButton(self.tr("导入…"), box)
        self.import_button.setObjectName("import_areas")
        row.addWidget(self.template_button)
        row.addWidget(self.import_button)
        v.addLayout(row)
        self.area_table = QTableWidget(0, 6, box)
        self.area_table.setObjectName("area_table")
        self.area_table.setHorizontalHeaderLabels([
            self.tr("区划代码"), self.tr("名称"), self.tr("年份"), self.tr("户籍人口"), self.tr("登记流动人口"),
            self.tr("最近收案")])
        self.area_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.area_table.verticalHeader().setVisible(False)
        self.area_table.horizontalHeader().setStretchLastSection(True)
        self.area_table.setMaximumHeight(140)
        v.addWidget(self.area_table)
        year = self.ctx.today().year
        row = QHBoxLayout()
        self.area_code = QLineEdit(box)
        self.area_code.setObjectName("area_code")
        self.area_code.setPlaceholderText(self.tr("区划代码，镇街 9 位"))
        self.area_name = QLineEdit(box)
        self.area_name.setObjectName("area_name")
        self.area_name.setPlaceholderText(self.tr("名称，如 溪口镇"))
        self.year = self._spin(1949, 9998, year, "area_year")
        self.population = self._spin(0, 100_000_000, 0, "area_population")
        self.floating = self._spin(0, 100_000_000, 0, "area_floating")
        self.area_button = QPushButton(self.tr("登记人口"), box)
        self.area_button.setObjectName("save_area")
        for label, widget in ((None, self.area_code), (None, self.area_name), (self.tr("年份"), self.year),
                              (self.tr("户籍人口"), self.population), (self.tr("登记流动人口"), self.floating)):
            if label:
                row.addWidget(QLabel(label, box))
            row.addWidget(widget)
        row.addWidget(self.area_button)
        v.addLayout(row)
        row = QHBoxLayout()
        self.period = QLineEdit(f"{year:04d}-{self.ctx.today().month:02d}", box)
        self.period.setObjectName("filings_period")
        self.period.setMaximumWidth(100)
        self.filings = self._spin(0, 10_000_000, 0, "filings_count")
        self.filings_button = QPushButton(self.tr("登记收案数"), box)
        self.filings_button.setObjectName("save_filings")
        row.addWidget(QLabel(self.tr("上述区划在"), box))
        row.addWidget(self.period)
        row.addWidget(QLabel(self.tr("月的一审民事收案数"), box))
        row.addWidget(self.filings)
        row.addWidget(self.filings_button)
        row.addStretch(1)
        v.addLayout(row)
        self.area_error = ErrorLabel("area", box)
        v.addWidget(self.area_error)
        self.area_button.clicked.connect(self.save_area)
        self.filings_button.clicked.connect(self.save_filings)
        self.import_button.clicked.connect(self.import_areas)
        self.template_button.clicked.connect(self.save_template)
        return box

    def _spin(self, low: int, high: int, value: int, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setGroupSeparatorShown(True)
        return spin

    # --- reading and writing ----------------------------------------------------------------

    def shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run_db(officejobs.read_office, self.ctx.store, owner=self, on_done=self._show,
                              on_error=lambda exc: self.header.setText(error_message(exc)))

    def _show(self, view) -> None:
        self.view = view
        o = view.office
        self.header.setText(self.tr("<h3>{name}</h3>{kind}，单位代码 {code}。此处登记的人员和调解组织可在案件中选用，"
                                    "并随同步送到本单位的其他电脑。").format(
            name=o["name"], kind=domain(o["kind"]), code=o["code"]))
        self.staff.show_rows(view.staff)
        self.bodies.show_rows(view.bodies)
        self.area_table.setRowCount(len(view.areas))
        for r, a in enumerate(view.areas):
            last = a.filings[-1] if a.filings else None
            cells = (a.area_code, a.area_name, str(a.year or ""), str(a.resident_population),
                     str(a.floating_population), f"{last[0]}：{last[1]}" if last else "—")
            for c, text in enumerate(cells):
                self.area_table.setItem(r, c, QTableWidgetItem(text))

    def run(self, fn, *args: Any, box: _RecordBox | None = None) -> None:
        """Write on the DB worker; the page shows the office anew and the other pages hear of it."""
        def done(view) -> None:
            self._show(view)
            if box is not None:
                box.saved()
            else:
                self.area_error.show_message("")
                self.area_button.setEnabled(True)
                self.filings_button.setEnabled(True)
            self.ctx.events.wrote.emit(box.entity_name if box is not None else "area_stat")

        def failed(exc: BaseException) -> None:
            if box is not None:
                box.refused(exc)
            else:
                self.area_button.setEnabled(True)
                self.filings_button.setEnabled(True)
                self.area_error.show_message(error_message(exc))

        self.ctx.tasks.run_db(fn, self.ctx.store, self.ctx.user, *args, owner=self, on_done=done, on_error=failed)

    def save_area(self) -> None:
        self.area_button.setEnabled(False)
        self.run(officejobs.set_area, self.area_code.text().strip(), self.area_name.text().strip(),
                 self.year.value(), self.population.value(), self.floating.value())

    def save_filings(self) -> None:
        self.filings_button.setEnabled(False)
        self.run(officejobs.set_filings, self.area_code.text().strip(), self.period.text().strip(),
                 self.filings.value())

    # --- the areas from a sheet -----------------------------------------------------------------

    def import_areas(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("导入辖区数据"), "",
                                                    self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        self.import_button.setEnabled(False)
        self.area_error.show_message("")

        def done(result) -> None:
            view, came = result
            self.import_button.setEnabled(True)
            self._show(view)
            self.sheet_note.setText(self.tr("已导入 {areas} 个区划：人口 {years} 行，收案 {months} 行。").format(
                areas=came.areas, years=came.years, months=came.months))
            self.ctx.events.wrote.emit("area_stat")

        def failed(exc: BaseException) -> None:
            from fydesk.services.transfer import ImportFailed

            self.import_button.setEnabled(True)
            if isinstance(exc, ImportFailed):  # every bad row on its own line, then how many
                more = exc.total - len(exc.errors)
                lines = [*exc.errors, self.tr("共 {n} 处错误，未写入任何记录。").format(n=exc.total)
                         + (self.tr("（另有 {n} 处未列出）").format(n=more) if more else "")]
                self.area_error.show_message("\n".join(lines))
            else:
                self.area_error.show_message(error_message(exc))

        self.ctx.tasks.run_db(officejobs.import_areas, self.ctx.store, self.ctx.user, path, owner=self,
                              on_done=done, on_error=failed)

    def save_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("保存辖区数据模板"), self.tr("辖区数据模板.xlsx"),
                                                    self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.ctx.tasks.run_db(
            officejobs.write_area_template, path, owner=self,
            on_done=lambda saved: self.sheet_note.setText(self.tr("模板已保存到 {path}。").format(path=saved)),
            on_error=lambda exc: self.area_error.show_message(error_message(exc)))
