"""English that reads right: one day, two days; no "1 judicial suggestions"."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from reportlab.pdfgen import canvas

from fydesk.ui import language, translations
from fydesk.ui.pages.dashboard import DashboardPage
from fydesk.ui.preview import PreviewDialog

# Words after a placeholder that end in s without being plurals.
NOT_PLURAL = {"this", "is", "was", "has", "its", "lives"}


@pytest.fixture
def english(qapp):
    language.set_language(language.ENGLISH)
    yield
    language.set_language(language.CHINESE)


def pdf(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(pages):
        c.drawString(100, 700, str(n))
        c.showPage()
    c.save()
    return out.getvalue()


def test_days_read_one_day_and_three_days(qtbot, ctx, english):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert [page.days_text(d) for d in (-1, -3, 0, 1, 5)] == [
        "1 day overdue", "3 days overdue", "Due today", "1 day left", "5 days left"]


def test_a_one_page_document_is_one_page(qtbot, tasks, english):
    dialog = PreviewDialog(tasks, "调解协议书")
    qtbot.addWidget(dialog)
    dialog.show()
    for pages, said in ((1, "1 page"), (2, "2 pages")):
        with qtbot.waitSignal(dialog.drawn, timeout=10000):
            dialog.set_pdf(pdf(pages))
        assert dialog.page_label.text() == said


def test_in_chinese_a_count_reads_as_before(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert page.days_text(-1) == "逾期 1 天"


def test_no_english_sentence_puts_a_number_before_a_plural_outside_a_count_message():
    """"{overdue} judicial suggestions" reads "1 judicial suggestions": such a sentence either
    becomes a count message (%n, with singular and plural forms) or is put another way."""
    wrong = []
    for context in ET.parse(translations.TS).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                continue
            text = message.findtext("translation") or ""
            for words in re.findall(r"\{\w+\} ((?:[A-Za-z]+ )?([A-Za-z]+s))\b", text):
                if words[1].lower() not in NOT_PLURAL:
                    wrong.append(f"{context.findtext('name')}: {text}")
    assert wrong == []
