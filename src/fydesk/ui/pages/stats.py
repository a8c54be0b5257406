"""统计报表: a period picker and the figures of `fydesk stats`, the 月度通报's trend and 万人起诉率
charts, and the breakdown tables."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fydesk.domain.errors import ValidationError
from fydesk.domain.stats import SUCCESS_DENOMINATORS, format_per10k, format_rate

from .. import jobs
from ..charts import chart_box, draw_figures
from ..forms import ErrorLabel
from ..language import domain
from ..preview import DocumentButton, preview_document
from ..tables import fill_table, read_only_table
from ..tasks import error_message
from .base import Page, PageContext


def _rate(value: float | None) -> str:
    return format_rate(value)  # as `fydesk stats` and the 月度通报 print it


class StatsPage(Page):
    title = "统计报表"

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.figures = None
        top = QHBoxLayout()
        self.period = QLineEdit(self)
        self.period.setObjectName("input_period")
        self.period.setPlaceholderText("YYYY-MM")
        self.period.setMaximumWidth(110)
        today = ctx.today()
        self.period.setText(f"{today.year:04d}-{today.month:02d}")
        self.denominator = QComboBox(self)
        for key, label in SUCCESS_DENOMINATORS.items():
            self.denominator.addItem(self.tr("成功率分母：{label}").format(label=domain(label)), key)
        self.show_button = QPushButton(self.tr("统计"), self)
        for w in (QLabel(self.tr("统计期间："), self), self.period, self.denominator, self.show_button):
            top.addWidget(w)
        top.addStretch(1)
        # The bulletin of the month on screen, not of whatever is half-typed in the box.
        self.bulletin_button = DocumentButton("bulletin", self.tr("月度通报…"), self)
        self.bulletin_button.requested.connect(
            lambda kind, key, title: preview_document(self, ctx.tasks, ctx.store, kind, key, title))
        top.addWidget(self.bulletin_button)
        self.period_error = ErrorLabel("period", self)

        inner = QWidget(self)
        grid = QGridLayout(inner)
        self.summary = QLabel(inner)
        self.summary.setObjectName("stats_summary")
        self.summary.setWordWrap(True)
        grid.addWidget(self.summary, 0, 0, 1, 2)
        self.trend_box, self.trend_chart = chart_box(ctx.tasks, inner, self.tr("近 12 个月受理及调解成功"))
        self.area_box, self.area_chart = chart_box(ctx.tasks, inner, self.tr("万人起诉率（按辖区）"))
        for column, box in enumerate((self.trend_box, self.area_box)):
            box.setMinimumHeight(300)
            grid.addWidget(box, 1, column)
        self.tables = {}
        for i, (key, title) in enumerate((("areas", QT_TRANSLATE_NOOP("StatsPage", "万人起诉率（按辖区）")),
                                          ("dispute", QT_TRANSLATE_NOOP("StatsPage", "按纠纷类型")),
                                          ("source", QT_TRANSLATE_NOOP("StatsPage", "按案件来源")),
                                          ("category", QT_TRANSLATE_NOOP("StatsPage", "按调解类别")),
                                          ("office", QT_TRANSLATE_NOOP("StatsPage", "按承办单位")),
                                          ("trend", QT_TRANSLATE_NOOP("StatsPage", "近 12 个月")))):
            box = QGroupBox(self.tr(title), inner)
            v = QVBoxLayout(box)
            table = read_only_table(box)
            table.setMinimumHeight(180)
            v.addWidget(table)
            self.tables[key] = table
            grid.addWidget(box, 2 + i // 2, i % 2)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.period_error)
        layout.addWidget(area, 1)

        self.show_button.clicked.connect(self.refresh)
        self.period.returnPressed.connect(self.refresh)
        self.denominator.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def save(self) -> None:  # Ctrl+S: nothing to save; count again
        self.refresh()

    def refresh(self) -> None:
        self.period_error.show_message("")
        self.ctx.tasks.run_db(jobs.monthly_stats, self.ctx.store, self.period.text(),
                              self.denominator.currentData(), self.ctx.today(), owner=self,
                              on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.period_error.show_message(error_message(exc))
        if isinstance(exc, ValidationError) and exc.field == "period":
            self.period.setFocus()

    def _show(self, monthly: jobs.Monthly) -> None:
        self.figures = f = monthly.figures
        self.bulletin_button.set_targets([(f.period, self.tr("月度通报 {period}").format(period=f.period))])
        self.summary.setText(self.tr(
            "<h3>{period} 调解工作统计</h3>"
            "登记 {registered} 件，受理 {accepted} 件，进入调解 {mediated} 件；调解成功 {succeeded} 件，"
            "调解不成 {failed} 件，撤回 {withdrawn} 件；结案 {concluded} 件。"
            "调解成功率 {rate}（分母：{denominator}）。<br>"
            "涉及金额 {involved} 元，协议金额 {agreed} 元。"
            "企业走访 {visits} 次；司法建议签发 {issued} 件、答复 {replied} 件、"
            "逾期未复 {overdue} 件。").format(
            period=f.period, registered=f.registered, accepted=f.accepted, mediated=f.mediated,
            succeeded=f.succeeded, failed=f.failed, withdrawn=f.withdrawn, concluded=f.concluded,
            rate=_rate(f.success_rate), denominator=domain(f.denominator_label), involved=f.amount_involved,
            agreed=f.amount_agreed, visits=f.visits, issued=f.suggestions_issued, replied=f.suggestions_replied,
            overdue=f.suggestions_overdue) + "<br>" + self.tr(
            "涉诉信访：收到 {received} 件，已化解 {resolved} 件，终结移交 {transferred} 件，依法终结 {ended} 件；"
            "化解率 {rate}（已化解 ÷ 当月办结）。").format(
            received=f.petitions.received, resolved=f.petitions.resolved, transferred=f.petitions.transferred,
            ended=f.petitions.ended, rate=_rate(f.petitions.rate)))
        fill_table(self.tables["areas"], (self.tr("辖区"), self.tr("区划代码"), self.tr("人口"),
                                          self.tr("一审民事行政收案"), self.tr("万人起诉率")), [
            (a.area_name, a.area_code, str(a.population), str(a.filings),
             format_per10k(a.rate_per_10k))
            for a in (*f.areas, f.area_total)
        ])
        for key, rows in (("dispute", f.by_dispute_type), ("source", f.by_source),
                          ("category", f.by_category), ("office", f.by_office)):
            fill_table(self.tables[key], (self.tr("项目"), self.tr("受理"), self.tr("成功")),
                       [(domain(b.key), str(b.accepted), str(b.succeeded)) for b in rows])
        fill_table(self.tables["trend"], (self.tr("月份"), self.tr("受理"), self.tr("成功")),
                   [(p, str(a), str(s)) for p, a, s in f.trend])
        draw_figures(self.ctx.tasks, self.trend_chart, self.area_chart, f.trend,
                     [(a.area_name, a.rate_per_10k) for a in f.areas], monthly.chart_font)
