"""A clerk's day through the real widgets, on a 1366×768 screen: register a case with two
parties, accept it, record a session, record and sign an agreement, print it, mark its
performance. Every control is reached as a clerk reaches it: scrolled into view inside the
window, never outside it. The walk runs here on Qt's small offscreen screen, and again in
processes of its own on a 1366×768 screen less its taskbar, at 100 % and 150 % scaling (Qt
reads QT_SCALE_FACTOR and the screen once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from fydesk.models import Agreement, MediationCase, MediationSession, Party, Performance
from fydesk.ui.mainwindow import MainWindow

from .test_cases_page import choose, type_into

SCREEN = {"screens": [{"name": "stock", "x": 0, "y": 0, "width": 1366, "height": 728,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def reach(qtbot, window: QWidget, widget: QWidget) -> None:
    """Bring `widget` into view as a clerk would: its tab chosen, each scroll area around it
    scrolled; then it must lie inside the window, on the screen, shown by every scroll area."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QTabWidget):
            for i in range(parent.count()):
                if parent.widget(i).isAncestorOf(widget):
                    parent.setCurrentIndex(i)
        parent = parent.parentWidget()
    areas = []
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            areas.append(parent)
        parent = parent.parentWidget()

    def shown() -> bool:
        # its first line at least: a text box scrolls to its cursor, not to its whole height
        spot = QPoint(widget.width() // 2, min(widget.height() // 2, 12))
        return all(a.viewport().rect().contains(widget.mapTo(a.viewport(), spot)) for a in areas)

    for _ in range(5):  # a tab just chosen or a form just opened settles its layout first
        QApplication.processEvents()
        for area in areas:
            if isinstance(area, QScrollArea):
                area.ensureWidgetVisible(widget, 10, 10)
        QApplication.processEvents()
        if shown():
            break
    qtbot.waitUntil(widget.isVisible, timeout=5000)
    name = widget.objectName() or widget
    assert shown(), f"{name} stays scrolled out of view"
    spot = widget.mapTo(window, QPoint(widget.width() // 2, min(widget.height() // 2, 12)))
    assert window.rect().contains(spot), f"{name} cannot be reached inside the window"
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= screen.width() and window.height() <= screen.height()


def click(qtbot, window, button: QPushButton) -> None:
    reach(qtbot, window, button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def typed(qtbot, window, widget, text: str) -> None:
    reach(qtbot, window, widget)
    type_into(qtbot, widget, text)


def test_a_clerks_day_from_registration_to_performance(qtbot, ctx, settings, tmp_path):
    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.status.state is not None, timeout=5000)
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= screen.width() and window.frameGeometry().height() <= screen.height()

    # Register: Ctrl+N, the form at its top, dated today; two parties.
    page = window.show_page("调解案件")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.register.case_form
    assert form.value("registered_date") == date.today().isoformat()
    for name, value in (("category", "人民调解"), ("source", "当事人申请"), ("dispute_type", "邻里纠纷")):
        reach(qtbot, window, form.inputs[name])
        choose(form.inputs[name], value)
    typed(qtbot, window, form.inputs["summary"], "两家因院墙排水发生争执")
    applicant, respondent = page.register.parties.forms
    typed(qtbot, window, applicant.inputs["name"], "王秀英")
    typed(qtbot, window, applicant.inputs["id_number"], "11010519491231002X")
    typed(qtbot, window, applicant.inputs["phone"], "13612345678")
    typed(qtbot, window, respondent.inputs["name"], "李建国")
    typed(qtbot, window, respondent.inputs["phone"], "020-83123456")
    click(qtbot, window, page.register.save_button)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=10_000)
    d = page.detail
    case_id = d.detail.case.id

    # Accept, then mediate.
    for target in ("受理", "调解中"):
        qtbot.waitUntil(lambda t=target: d.findChild(QPushButton, f"status_{t}") is not None, timeout=5000)
        click(qtbot, window, d.findChild(QPushButton, f"status_{target}"))
        qtbot.waitUntil(lambda t=target: d.detail.case["status"] == t, timeout=5000)

    # A session with its record.
    s = d.session_form
    typed(qtbot, window, s.inputs["held_at"], f"{date.today().isoformat()} 09:30")
    typed(qtbot, window, s.inputs["place"], "法庭调解室")
    reach(qtbot, window, s.inputs["mode"])
    choose(s.inputs["mode"], s.inputs["mode"].itemText(1))
    typed(qtbot, window, s.inputs["record"], "双方同意院墙排水沟由李建国疏通。")
    typed(qtbot, window, s.inputs["attendees"], "王秀英、李建国")
    click(qtbot, window, d.session_button)
    qtbot.waitUntil(lambda: len(d.detail.sessions) == 1, timeout=5000)

    # The agreement, recorded, then opened again and signed.
    click(qtbot, window, d.new_agreement_button)
    a = d.agreement_form
    typed(qtbot, window, a.form.inputs["facts"], "两家院墙之间排水沟堵塞，雨水倒灌王秀英家。")
    term = a.terms.forms[0]
    typed(qtbot, window, term.inputs["obligor"], "李建国")
    typed(qtbot, window, term.inputs["obligee"], "王秀英")
    typed(qtbot, window, term.inputs["content"], "疏通排水沟并赔偿损失")
    typed(qtbot, window, term.inputs["amount_cents"], "800")
    typed(qtbot, window, term.inputs["due_date"], date.today().isoformat())
    click(qtbot, window, a.save_button)
    qtbot.waitUntil(lambda: d.detail.case["status"] == "达成协议" and a.isHidden(), timeout=5000)
    click(qtbot, window, d.edit_agreement_button)
    typed(qtbot, window, a.form.inputs["signed_date"], date.today().isoformat())
    typed(qtbot, window, a.form.inputs["effective_date"], date.today().isoformat())
    click(qtbot, window, a.save_button)
    qtbot.waitUntil(lambda: a.isHidden() and d.edit_agreement_button.isHidden(), timeout=5000)
    agreement = d.detail.agreements[0]
    assert agreement["number"] and "临" not in agreement["number"]

    # Print it: the document button beside the agreement opens the preview, which prints.
    button = d.document_buttons["agreement"]
    reach(qtbot, window, button)
    with qtbot.waitSignal(button.requested, timeout=5000):
        button.request(0)
    preview = window.findChild(QWidget, "preview_agreement")
    qtbot.waitUntil(lambda: preview is not None and preview.page_count > 0, timeout=30_000)
    available = preview.screen().availableGeometry()
    assert preview.frameGeometry().width() <= available.width()
    assert preview.frameGeometry().height() <= available.height()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(preview.printed, timeout=30_000) as printed:
        preview.print_to(printer)
    assert printed.args == [True]
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == preview.page_count
    preview.close()

    # Performance of the term: done in full.
    p = d.performance_form
    reach(qtbot, window, p.inputs["term_id"])
    p.inputs["term_id"].setCurrentIndex(1)
    typed(qtbot, window, p.inputs["done_date"], date.today().isoformat())
    typed(qtbot, window, p.inputs["amount_cents"], "800")
    reach(qtbot, window, p.inputs["status"])
    choose(p.inputs["status"], "履行完毕")
    click(qtbot, window, d.performance_button)
    qtbot.waitUntil(lambda: len(d.detail.performances) == 1, timeout=5000)

    with ctx.store.read() as session:
        case = session.get(MediationCase, case_id)
        assert case.status in ("达成协议", "履行完毕")
        assert len(session.scalars(select(Party).where(Party.case_id == case_id)).all()) == 2
        assert session.scalar(select(MediationSession.place)) == "法庭调解室"
        assert session.scalar(select(Agreement.signed_date)) == date.today()
        assert session.scalar(select(Performance.status)) == "履行完毕"


@pytest.mark.parametrize("scale", ["1", "1.5"], ids=["100%", "150%"])
def test_the_same_day_on_a_1366_by_768_screen(tmp_path, scale):
    if os.environ.get("FYDESK_CLERK_DAY_CHILD"):
        pytest.skip("this is the child run itself")
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTEST_XDIST_WORKER")}
    env.update(QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM=f"offscreen:configfile={screen}", FYDESK_CLERK_DAY_CHILD="1")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           f"{Path(__file__).resolve()}::test_a_clerks_day_from_registration_to_performance"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "1 passed" in done.stdout
