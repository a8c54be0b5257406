"""Each record's page opens the preview of its documents, on generated demo data; printing works."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from fydesk import models as m
from fydesk.services import demo
from fydesk.store.open import open_store
from fydesk.ui.pages.base import DeskEvents, PageContext
from fydesk.ui.pages.cases import CasesPage
from fydesk.ui.pages.firms import FirmsPage
from fydesk.ui.pages.stats import StatsPage
from fydesk.ui.pages.suggestions import SuggestionsPage
from fydesk.ui.preview import PreviewDialog


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("ui-docs"), daily_backup=False)
    demo.generate(store, records=30, seed=5)
    yield store
    store.close()


@pytest.fixture
def demo_ctx(demo_store, tasks):
    events = DeskEvents()
    yield PageContext(tasks, demo_store, "书记员甲", None, events)
    events.deleteLater()


def first(store, query):
    with store.read() as session:
        found = session.scalar(query)
    assert found is not None, "the demo data has no such record"
    return found


def opened(qtbot, page, button) -> PreviewDialog:
    """Click a document button; the preview it opens, once its pages are drawn."""
    assert button.isEnabled(), button.objectName()
    button.request(0)
    dialog = page.findChild(PreviewDialog, f"preview_{button.kind}")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.page_count > 0 or dialog.message.isVisible(), timeout=20000)
    assert not dialog.message.isVisible(), dialog.message.text()
    return dialog


def close(qtbot, dialog) -> None:
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def print_to_file(qtbot, dialog, path) -> int:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    with qtbot.waitSignal(dialog.printed, timeout=30000) as finished:
        dialog.print_to(printer)
    assert finished.args == [True]
    return len(PdfReader(str(path)).pages)


def test_the_case_page_previews_its_four_documents_and_prints_the_agreement(qtbot, demo_ctx, demo_store,
                                                                           tmp_path):
    case_id = first(demo_store, select(m.Agreement.case_id)
                    .join(m.JudicialConfirmation, m.JudicialConfirmation.agreement_id == m.Agreement.id)
                    .where(m.Agreement.case_id.in_(select(m.MediationSession.case_id)))
                    .order_by(m.Agreement.case_id))
    page = CasesPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_case(case_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.case.id == case_id,
                    timeout=5000)
    buttons = page.detail.document_buttons
    assert set(buttons) == {"agreement", "session", "confirmation", "cover"}
    pages = {}
    for kind, button in buttons.items():
        dialog = opened(qtbot, page, button)
        pages[kind] = dialog.page_count
        assert dialog.page_label.text() == f"共 {dialog.page_count} 页"
        if kind == "agreement":
            assert print_to_file(qtbot, dialog, tmp_path / "agreement.pdf") == dialog.page_count
        close(qtbot, dialog)
    assert all(n > 0 for n in pages.values()), pages


def test_the_firm_page_previews_the_health_check_report_of_the_chosen_visit(qtbot, demo_ctx, demo_store):
    firm_id, visit_id = _visit(demo_store)
    page = FirmsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.open(firm_id, visit_id)
    qtbot.waitUntil(lambda: page.report_button.isEnabled(), timeout=5000)
    assert page.report_button.targets[0][0] == visit_id
    dialog = opened(qtbot, page, page.report_button)
    assert dialog.page_count > 0
    close(qtbot, dialog)


def _visit(store) -> tuple[str, str]:
    with store.read() as session:
        found = session.execute(select(m.Visit.enterprise_id, m.Visit.id).where(m.Visit.kind == "法治体检")
                                .order_by(m.Visit.id)).first()
    assert found is not None
    return tuple(found)


def test_the_suggestion_page_previews_the_suggestion_and_prints_it(qtbot, demo_ctx, demo_store, tmp_path):
    suggestion_id = first(demo_store, select(m.JudicialSuggestion.id).order_by(m.JudicialSuggestion.id))
    page = SuggestionsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.open(suggestion_id)
    button = page.form.document_button
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    dialog = opened(qtbot, page, button)
    assert print_to_file(qtbot, dialog, tmp_path / "suggestion.pdf") == dialog.page_count > 0
    close(qtbot, dialog)


def test_the_stats_page_previews_the_bulletin_of_the_month_on_screen(qtbot, demo_ctx):
    page = StatsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10000)
    button = page.bulletin_button
    assert button.targets == [(page.figures.period, f"月度通报 {page.figures.period}")]
    page.period.setText("2026-1")  # typed but not counted: the bulletin stays that of the figures
    dialog = opened(qtbot, page, button)
    assert dialog.page_count > 0 and dialog.windowTitle() == f"预览 — 月度通报 {page.figures.period}"
    close(qtbot, dialog)


def test_a_document_that_cannot_be_printed_says_why_in_one_sentence(qtbot, demo_ctx, demo_store):
    from fydesk.services import records
    from fydesk.services.context import load_actor

    case_id = first(demo_store, select(m.Party.case_id).order_by(m.Party.case_id))
    party_id = first(demo_store, select(m.Party.id).where(m.Party.case_id == case_id).order_by(m.Party.id))
    rare = "\U00031350"  # CJK extension H: in no font the app ships or finds here
    with demo_store.write() as session:
        old = records.get(session, "party", party_id)["name"]
        records.update(session, load_actor(session), "party", party_id, {"name": f"张{rare}"})
    try:
        page = CasesPage(demo_ctx)
        qtbot.addWidget(page)
        page.show()
        page.open_case(case_id)
        qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
        button = page.detail.document_buttons["cover"]
        button.request(0)
        dialog = page.findChild(PreviewDialog, "preview_cover")
        qtbot.waitUntil(dialog.message.isVisible, timeout=20000)
        text = dialog.message.text()
        assert rare in text and "U+31350" in text and "文书未生成" in text
        assert "\n" not in text and "Traceback" not in text
        assert dialog.page_count == 0 and not dialog.print_button.isEnabled()
    finally:
        with demo_store.write() as session:
            records.update(session, load_actor(session), "party", party_id, {"name": old})


def _late_agreement(store) -> str:
    from datetime import date, timedelta

    return first(store, select(m.Agreement.id)
                 .where(m.Agreement.effective_date < date.today() - timedelta(days=40))
                 .where(m.Agreement.id.not_in(select(m.JudicialConfirmation.agreement_id)))
                 .order_by(m.Agreement.effective_date))


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_previewing_a_late_confirmation_asks_first_and_says_the_window_has_passed(
        qtbot, demo_ctx, demo_store, monkeypatch, answer):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from fydesk.ui.preview import preview_document

    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = preview_document(parent, demo_ctx.tasks, demo_store, "confirmation", _late_agreement(demo_store))
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert "期限已过" in asked[0] and "仍要生成" in asked[0]
    if answer == "no":
        from shiboken6 import isValid

        # closed unwritten (it deletes itself on close)
        qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=5000)
    else:
        qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
        close(qtbot, dialog)
