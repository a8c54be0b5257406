"""A chart on a page: drawn to fit its room, copied to the clipboard or saved as PNG."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from . import chartjobs
from .language import translate
from .tasks import Tasks, error_message

EXPORT_SCALE = 3.0  # pixels per point for a copy or a file: 216 dpi, sharp in a report or a slide


def to_image(page) -> QImage:
    """A chartjobs/printjobs PageImage as an image owning its pixels. (As the preview's; not
    imported from there, which would load the print support with the first page shown.)"""
    return QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888).copy()


class _Canvas(QWidget):
    """The chart's pixels, centred and kept in proportion."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 90)  # a small window shrinks the charts before it grows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is not None:
            ratio = self.image.devicePixelRatio()
            w, h = self.image.width() / ratio, self.image.height() / ratio
            k = min(self.width() / w, self.height() / h, 1.0) if w and h else 1.0
            target = QRectF((self.width() - w * k) / 2, (self.height() - h * k) / 2, w * k, h * k)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        painter.end()


class ChartView(QWidget):
    """Shows a chartjobs.Chart; 复制图表 and 另存为 PNG… below it and on its context menu."""

    drawn = Signal()  # the chart on screen matches the chart and the room it has
    copied = Signal()
    saved = Signal(str)  # the path written

    def __init__(self, tasks: Tasks, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.title = title  # the file's name when saved
        self.chart: chartjobs.Chart | None = None
        self._scale = 0.0
        self._generation = 0
        self.canvas = _Canvas(self)
        self.copy_action = QAction(self.tr("复制图表"), self)
        self.save_action = QAction(self.tr("另存为 PNG…"), self)
        self.copy_action.triggered.connect(self.copy)
        self.save_action.triggered.connect(lambda: self.ask_save())
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.canvas.addActions([self.copy_action, self.save_action])
        self.note = QLabel(self)
        self.note.setObjectName("chart_note")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        for action in (self.copy_action, self.save_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            row.addWidget(button)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.canvas, 1)
        v.addLayout(row)
        self._enable(False)
        # Drawn again once a resize has settled, not at every step of a dragged window edge.
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(120)
        self._resized.timeout.connect(self._draw)

    def sizeHint(self) -> QSize:
        return QSize(480, 280)

    def image(self) -> QImage | None:
        """What is on screen."""
        return self.canvas.image

    def set_chart(self, chart: chartjobs.Chart | None) -> None:
        self.chart = chart
        self._scale = 0.0
        self._enable(chart is not None)
        if chart is None:
            self.canvas.image = None
            self.canvas.update()
            return
        self._draw()

    def _enable(self, on: bool) -> None:
        self.copy_action.setEnabled(on)
        self.save_action.setEnabled(on)

    def _fit_scale(self) -> float:
        assert self.chart is not None
        k = min(self.canvas.width() / self.chart.width, self.canvas.height() / self.chart.height)
        return max(k, 0.5) * self.devicePixelRatioF()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.chart is not None:
            self._resized.start()

    def _draw(self) -> None:
        if self.chart is None:
            return
        scale = self._fit_scale()
        if self.canvas.image is not None and abs(scale - self._scale) < 0.02:
            self.drawn.emit()
            return
        self._scale = scale
        self._generation += 1
        generation = self._generation
        self.tasks.run_render(chartjobs.draw_chart, self.chart, scale, owner=self,
                              on_done=lambda page: self._show(page, generation),
                              on_error=lambda exc: self.note.setText(error_message(exc)))

    def _show(self, page, generation: int) -> None:
        if generation != self._generation:
            return  # a newer size or chart is on its way
        image = to_image(page)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.canvas.image = image
        self.canvas.update()
        self.drawn.emit()

    # --- out of the window ----------------------------------------------------------------

    def copy(self) -> None:
        """The chart onto the clipboard as an image, sharper than on screen."""
        if self.chart is None:
            return
        self.tasks.run_render(chartjobs.draw_chart, self.chart, EXPORT_SCALE, owner=self,
                              on_done=self._copied, on_error=lambda exc: self.note.setText(error_message(exc)))

    def _copied(self, page) -> None:
        QGuiApplication.clipboard().setImage(to_image(page))
        self.note.setText(self.tr("已复制图表，可粘贴到文档中。"))
        self.copied.emit()

    def ask_save(self) -> None:
        if self.chart is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存图表"), chartjobs.png_name(self.title),
                                              self.tr("PNG 图片 (*.png)"))
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        if self.chart is None:
            return
        self.tasks.run_render(chartjobs.save_png, self.chart, EXPORT_SCALE, path, owner=self,
                              on_done=self._saved, on_error=lambda exc: self.note.setText(error_message(exc)))

    def _saved(self, path: str) -> None:
        self.note.setText(self.tr("已保存到 {path}").format(path=path))
        self.saved.emit(path)


def chart_box(tasks: Tasks, parent: QWidget, title: str) -> tuple[QGroupBox, ChartView]:
    box = QGroupBox(title, parent)
    chart = ChartView(tasks, title, box)
    QVBoxLayout(box).addWidget(chart)
    return box, chart


def draw_figures(tasks: Tasks, trend: ChartView, areas: ChartView, months: Sequence[tuple[str, int, int]],
                 rates: Sequence[tuple[str, float | None]], font: str | None) -> None:
    """The 月度通报's trend and 万人起诉率 charts, made on the document worker.

    months: (YYYY-MM, accepted, succeeded); rates: (area, 万人起诉率); font: the documents' font setting.
    """
    locale = QLocale()  # 3月 in Chinese, Mar in English
    points = tuple((locale.standaloneMonthName(int(p[5:7]), QLocale.FormatType.ShortFormat), a, s)
                   for p, a, s in months)
    series = (translate("ChartView", "受理"), translate("ChartView", "调解成功"))
    tasks.run_render(chartjobs.trend_chart, points, series, font, owner=trend, on_done=trend.set_chart,
                     on_error=lambda exc: trend.note.setText(error_message(exc)))
    tasks.run_render(chartjobs.area_chart, tuple(rates), translate("ChartView", "本月未录入辖区人口及收案数据"),
                     font, owner=areas, on_done=areas.set_chart,
                     on_error=lambda exc: areas.note.setText(error_message(exc)))
