"""司法建议书: issued by the basic court for a tribunal, the source case named by its kind, and no
heading left at the foot of a page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from fydesk import models as m
from fydesk.documents import gather
from fydesk.documents.model import SuggestionDoc

from .conftest import flat, page_texts, render, text_lines


def _tribunal_suggestion(store):
    with store.read() as s:
        sid = s.scalar(select(m.JudicialSuggestion.id).join(m.Office, m.Office.id == m.JudicialSuggestion.office_id)
                       .where(m.Office.kind == "人民法庭", m.JudicialSuggestion.source_case_number.is_not(None))
                       .order_by(m.JudicialSuggestion.id))
        assert sid is not None
        tribunal = s.scalar(select(m.Office.name).join(m.JudicialSuggestion,
                                                       m.JudicialSuggestion.office_id == m.Office.id)
                            .where(m.JudicialSuggestion.id == sid))
        return gather.suggestion(s, sid), tribunal


def test_a_tribunal_issues_as_its_basic_court(demo_store, fonts, tmp_path):
    doc, tribunal = _tribunal_suggestion(demo_store)
    assert tribunal.endswith("人民法庭")
    assert doc.court == tribunal[:tribunal.index("人民法院") + 4]  # 云溪区人民法院
    render("suggestion", doc, tmp_path / "s.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "s.pdf")))
    assert tribunal not in text  # 本院 is the basic court, and the court signs
    assert text.count(doc.court) >= 2  # the issuing line and the signature


def test_a_mediation_case_is_named_as_mediated_not_tried(demo_store, fonts, tmp_path):
    doc, _ = _tribunal_suggestion(demo_store)
    assert "调字" in doc.source_case_number and doc.source_kind == "调解"
    render("suggestion", doc, tmp_path / "s.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "s.pdf")))
    assert f"本院在办理{flat(doc.source_case_number)}调解案件过程中" in text
    assert "本院在审理" not in text


@pytest.mark.parametrize(("number", "phrase"), [("（2026）粤0112民初123号", "本院在审理"),
                                                ("（2026）粤0112执456号", "本院在执行")])
def test_a_court_case_is_named_as_tried_or_enforced(demo_store, number, phrase):
    with demo_store.read() as s:
        assert gather._source_kind(s, number) == ("执行" if "执" in number else "审理")


def _doc(lines: int) -> SuggestionDoc:
    return SuggestionDoc(court="某某区人民法院", number="某某法建〔2026〕1号", kind="个案", addressee="某某镇人民政府",
                         cc="某某区司法局", source_case_number=None,
                         problem="\n".join(f"{i}. 有关合同管理制度不健全，审批流程缺乏留痕，存在风险。" for i in range(lines)),
                         suggestion="\n".join(f"{i}. 建议完善合同管理制度。" for i in range(lines)),
                         issued_date=date(2026, 11, 20), reply_days=60, reply_due=date(2027, 1, 19))


@pytest.mark.parametrize("lines", range(1, 18))
def test_no_heading_is_left_at_the_foot_of_a_page(fonts, tmp_path, lines):
    out = tmp_path / "s.pdf"
    render("suggestion", replace(_doc(lines)), out, fonts)
    by_page: dict[int, list[str]] = {}
    for page, _, _, text in text_lines(out):
        if not text.startswith("—"):  # the page number
            by_page.setdefault(page, []).append(text)
    for page, texts in by_page.items():
        assert texts[-1] not in ("一、发现的问题", "二、司法建议", "三、答复要求"), (page, texts[-3:])
