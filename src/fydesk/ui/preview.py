"""The preview dialog: a document's pages with zoom, 打印… and 另存为…, and the call that opens it.

PDFium (pypdfium2) draws the pages on the document worker; this window only turns their pixels
into images. Printing draws each page again at the printer's resolution, one page at a time,
so a long document never holds every page in memory at print quality.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from . import printjobs
from .forms import ERROR_STYLE
from .screenfit import fit_to_screen
from .tasks import Tasks, error_message

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
PRINT_DPI_CAP = 300  # enough for 16 pt type; a 1200 dpi A4 page would be 140 MB of pixels


def to_image(page: printjobs.PageImage) -> QImage:
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888)
    return image.copy()  # own the pixels: the bytes object may go before the image does


class PreviewDialog(QDialog):
    """Shows a PDF's pages; `set_pdf` with bytes or a path, `show_error` for a refusal."""

    drawn = Signal()  # the pages on screen match the current zoom
    printed = Signal(bool)  # the print job finished (True) or failed (False)
    saved = Signal(str)  # the path written

    def __init__(self, tasks: Tasks, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.title = title
        self.pdf: printjobs.Pdf | None = None
        self.zoom = 1.0
        self._generation = 0  # a zoom asked for while drawing makes the earlier answer stale
        self._printing: tuple[QPrinter, QPainter, float, int] | None = None
        self.setWindowTitle(self.tr("预览 — {title}").format(title=title))
        fit_to_screen(self, 860, 980)

        top = QHBoxLayout()
        self.page_label = QLabel(self.tr("正在生成…"), self)
        self.page_label.setObjectName("page_count")
        self.zoom_out = QPushButton(self.tr("缩小"), self)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoom")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("300%") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = QPushButton(self.tr("放大"), self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.setObjectName("print")
        self.save_button = QPushButton(self.tr("另存为…"), self)
        self.save_button.setObjectName("save_as")
        close = QPushButton(self.tr("关闭"), self)
        self.status = QLabel(self)
        self.status.setObjectName("preview_status")
        for w in (self.page_label, self.zoom_out, self.zoom_label, self.zoom_in):
            top.addWidget(w)
        top.addWidget(self.status, 1)
        for w in (self.print_button, self.save_button, close):
            top.addWidget(w)

        self.message = QLabel(self)
        self.message.setObjectName("preview_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()

        self.pages = QWidget(self)
        self.pages.setObjectName("pages")
        self.pages.setStyleSheet("#pages { background: #808080; }")
        self._pages_layout = QVBoxLayout(self.pages)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._pages_layout.setSpacing(12)
        self.page_labels: list[QLabel] = []
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)

        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save)
        close.clicked.connect(self.reject)  # Esc does the same
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, +1), (QKeySequence.StandardKey.ZoomOut, -1)):
            QShortcut(keys, self, lambda s=step: self.step_zoom(s))
        QShortcut(QKeySequence.StandardKey.Print, self, self.ask_print)
        self._enable(False)

    # --- loading ---------------------------------------------------------------------------

    def confirm_late(self, warning: str) -> bool:
        """Ask before writing a document whose legal window has passed; the answer is the user's."""
        answer = QMessageBox.question(
            self, self.windowTitle(), warning + "\n\n" + self.tr("仍要生成并打印吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def set_pdf(self, source: printjobs.Pdf | bytes | str | os.PathLike) -> None:
        """Show a PDF: the document's Pdf, its bytes, or a file."""
        self.message.hide()
        self.page_label.setText(self.tr("正在生成…"))
        self._draw(source)

    def show_error(self, exc_or_message: BaseException | str) -> None:
        """A refusal in one sentence where the pages would be; nothing to print or save."""
        text = exc_or_message if isinstance(exc_or_message, str) else error_message(exc_or_message)
        self.message.setText(text)
        self.message.show()
        self.page_label.setText(self.tr("未能生成"))
        self._enable(False)
        self.drawn.emit()

    def _draw(self, source) -> None:
        self._generation += 1
        generation = self._generation
        scale = self.zoom * self.logicalDpiX() / printjobs.POINTS_PER_INCH * self.devicePixelRatioF()
        self.tasks.run_render(printjobs.draw_pages, source if source is not None else self.pdf, scale,
                              on_done=lambda drawn: self._show(drawn, generation),
                              on_error=self.show_error, owner=self)

    def _show(self, drawn: printjobs.Drawn, generation: int) -> None:
        if generation != self._generation:
            return
        self.pdf = drawn.pdf
        ratio = self.devicePixelRatioF()
        while len(self.page_labels) > len(drawn.images):
            self.page_labels.pop().deleteLater()
        while len(self.page_labels) < len(drawn.images):
            label = QLabel(self.pages)
            label.setObjectName(f"page_{len(self.page_labels) + 1}")
            label.setStyleSheet("background: white;")
            self._pages_layout.addWidget(label)
            self.page_labels.append(label)
        for label, page in zip(self.page_labels, drawn.images):
            pixmap = QPixmap.fromImage(to_image(page))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
        self.page_label.setText(self.tr("共 %n 页", "", drawn.pdf.pages))
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self._enable(True)
        self.drawn.emit()

    def _enable(self, on: bool) -> None:
        for w in (self.print_button, self.save_button, self.zoom_in, self.zoom_out):
            w.setEnabled(on)
        if on:
            self.zoom_out.setEnabled(self.zoom > ZOOMS[0])
            self.zoom_in.setEnabled(self.zoom < ZOOMS[-1])

    @property
    def page_count(self) -> int:
        return self.pdf.pages if self.pdf is not None else 0

    # --- zoom --------------------------------------------------------------------------------

    def step_zoom(self, step: int) -> None:
        if self.pdf is None:
            return
        nearest = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.zoom))
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, nearest + step))])

    def set_zoom(self, zoom: float) -> None:
        if self.pdf is None or zoom == self.zoom:
            return
        self.zoom = zoom
        self.zoom_label.setText(f"{round(zoom * 100)}%")
        self._draw(self.pdf)

    # --- printing ----------------------------------------------------------------------------

    def ask_print(self) -> None:
        if self.pdf is None or self._printing is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.title)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the pages to `printer` (a real one, or a PDF file); emits `printed` at the end."""
        if self.pdf is None or self._printing is not None:
            return
        # The documents carry their own GB/T 9704 margins: draw on the whole sheet.
        printer.setFullPage(True)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, self.page_count
        last = min(last, self.page_count)
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        painter = QPainter()
        if not painter.begin(printer):
            self.message.setText(self.tr("无法开始打印：打印机或输出文件不可用。"))
            self.message.show()
            self.printed.emit(False)
            return
        self._printing = (printer, painter, dpi / printjobs.POINTS_PER_INCH, last - 1)
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在打印…"))
        self._print_page(first - 1)

    def _print_page(self, index: int) -> None:
        assert self._printing is not None
        _printer, _painter, scale, _last = self._printing
        self.tasks.run_render(printjobs.draw_pages, self.pdf, scale, range(index, index + 1),
                              on_done=self._page_drawn, on_error=self._print_failed, owner=self)

    def _page_drawn(self, drawn: printjobs.Drawn) -> None:
        if self._printing is None:
            return  # cancelled while the page was being drawn
        printer, painter, _scale, last = self._printing
        page = drawn.images[0]
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        image = to_image(page)
        # Keep the page's proportions on a sheet of another size (Letter, say).
        factor = min(sheet.width() / image.width(), sheet.height() / image.height())
        w, h = image.width() * factor, image.height() * factor
        painter.drawImage(QRectF(sheet.x() + (sheet.width() - w) / 2, sheet.y(), w, h), image)
        if page.index < last:
            printer.newPage()
            self._print_page(page.index + 1)
            return
        painter.end()
        self._printing = None
        self._finish_print(True)

    def _print_failed(self, exc: BaseException) -> None:
        if self._printing is None:
            return  # cancelled already
        self._printing[0].abort()
        self._printing[1].end()
        self._printing = None
        self.show_error(exc)
        self._finish_print(False)

    def _finish_print(self, ok: bool) -> None:
        if ok:
            self.status.setText(self.tr("已送出打印。"))
            self.print_button.setEnabled(True)
        self.printed.emit(ok)

    def done(self, result: int) -> None:
        """Closing while printing cancels the job, so no half-written output is left open."""
        if self._printing is not None:
            printer, painter, _scale, _last = self._printing
            self._printing = None
            printer.abort()
            painter.end()
            self.printed.emit(False)
        super().done(result)

    # --- saving ------------------------------------------------------------------------------

    def ask_save(self) -> None:
        if self.pdf is None:
            return
        start = str(Path.home() / printjobs.file_name(self.title))
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("另存为"), start, self.tr("PDF 文件 (*.pdf)"))
        if path:
            self.save_to(path)

    def save_to(self, path: str | os.PathLike) -> None:
        if self.pdf is None:
            return
        self.tasks.run_render(printjobs.save_pdf, self.pdf, path, owner=self,
                              on_done=self._saved, on_error=self.show_error)

    def _saved(self, path: str) -> None:
        self.status.setText(self.tr("已保存到 {path}").format(path=path))
        self.saved.emit(path)


class DocumentButton(QToolButton):
    """A document of some record on the page: one record opens it, several offer a menu."""

    requested = Signal(str, str, str)  # kind, key, title

    def __init__(self, kind: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setText(text)
        self.setObjectName(f"document_{kind}")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.targets: list[tuple[str, str]] = []
        self.clicked.connect(lambda: self.request(0) if len(self.targets) == 1 else None)
        self.set_targets([])

    def set_targets(self, targets: list[tuple[str, str]]) -> None:
        """(key, title) of each record that has this document, newest last."""
        self.targets = list(targets)
        self.setEnabled(bool(self.targets))
        self.setToolTip("" if self.targets else self.tr("尚无可生成此文书的记录"))
        if len(self.targets) > 1:
            menu = QMenu(self)
            for i, (_key, title) in enumerate(self.targets):
                menu.addAction(title, lambda i=i: self.request(i))
            self.setMenu(menu)
            self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        else:
            self.setMenu(None)
            self.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)

    def request(self, index: int = 0) -> None:
        key, title = self.targets[index]
        self.requested.emit(self.kind, key, title)


def preview_document(parent: QWidget, tasks: Tasks, store, kind: str, key: str,
                     title: str | None = None) -> PreviewDialog:
    """Open the preview of one document (key: a record id, or YYYY-MM for the bulletin): the
    DB worker gathers its values, the document worker writes and draws it."""
    title = title or printjobs.label(kind)
    dialog = PreviewDialog(tasks, title, parent)
    dialog.setObjectName(f"preview_{kind}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()

    def gathered(values: printjobs.Gathered) -> None:
        if values.warning and not dialog.confirm_late(values.warning):
            dialog.close()
            return
        tasks.run_render(printjobs.write_document, values, on_done=dialog.set_pdf,
                         on_error=dialog.show_error, owner=dialog)

    tasks.run_db(printjobs.gather_document, store, kind, key, on_done=gathered,
                 on_error=dialog.show_error, owner=dialog)
    return dialog
