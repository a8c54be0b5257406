"""The preview dialog on its own: pages drawn off the GUI thread, zoom, print to a PDF file, save."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen import canvas

from fydesk.ui.preview import PreviewDialog


def two_pages() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for text in ("one", "two"):
        c.drawString(100, 700, text)
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def dialog(qtbot, tasks):
    d = PreviewDialog(tasks, "测试文书")
    qtbot.addWidget(d)
    d.show()
    return d


def load(qtbot, dialog, source) -> None:
    with qtbot.waitSignal(dialog.drawn, timeout=10000):
        dialog.set_pdf(source)


def print_to_file(qtbot, dialog, path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    with qtbot.waitSignal(dialog.printed, timeout=20000) as finished:
        dialog.print_to(printer)
    assert finished.args == [True]


def test_pages_are_shown_counted_and_zoomed(qtbot, dialog):
    load(qtbot, dialog, two_pages())
    assert dialog.page_count == 2 and dialog.page_label.text() == "共 2 页"
    assert len(dialog.page_labels) == 2
    width = dialog.page_labels[0].pixmap().width()
    with qtbot.waitSignal(dialog.drawn, timeout=10000):
        dialog.zoom_in.click()
    assert dialog.zoom_label.text() == "125%"
    assert dialog.page_labels[0].pixmap().width() > width


def test_a_pdf_file_prints_every_page_to_a_pdf_printer_and_saves_as(qtbot, dialog, tmp_path):
    source = tmp_path / "in.pdf"
    source.write_bytes(two_pages())
    load(qtbot, dialog, source)
    print_to_file(qtbot, dialog, tmp_path / "printed.pdf")
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == 2
    assert round(float(printed.pages[0].mediabox.width)) == 595  # A4, the sheet the page was made for
    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        dialog.save_to(tmp_path / "copy")
    assert saved.args == [str(tmp_path / "copy.pdf")]
    assert (tmp_path / "copy.pdf").read_bytes() == source.read_bytes()


def test_something_that_is_no_pdf_is_refused_in_one_sentence(qtbot, dialog):
    load(qtbot, dialog, b"not a pdf at all")
    assert dialog.message.isVisible()
    text = dialog.message.text()
    assert text.startswith("无法打开这个 PDF 文件") and "\n" not in text and "Traceback" not in text
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_esc_closes_the_preview(qtbot, dialog):
    load(qtbot, dialog, two_pages())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closing_while_printing_cancels_the_print_job(qtbot, dialog, tmp_path):
    load(qtbot, dialog, two_pages())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cut.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=5000) as finished:
        dialog.print_to(printer)
        dialog.reject()  # before the first page comes back from the document worker
    assert finished.args == [False]
    assert not dialog.isVisible()
    # The page drawn meanwhile comes back to a cancelled job and is dropped without an error.
    qtbot.waitUntil(lambda: not dialog.tasks.busy, timeout=5000)
