"""Every document kind built from demo data: its required contents, read back, and its fonts embedded."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fydesk import models as m
from fydesk.documents import gather
from fydesk.documents.common import cn_count, term_text
from fydesk.documents.model import TermInfo
from fydesk.documents.page import cn_date
from fydesk.domain.ids import mask_id
from fydesk.services.context import set_setting

from .conftest import TODAY, assert_fonts_embedded, flat, page_texts, render


def _first(session, query):
    found = session.scalar(query)
    assert found is not None, "the demo data has no such record"
    return found


@pytest.fixture(scope="module")
def ids(demo_store):
    with demo_store.read() as s:
        per_agreement = (select(m.Party.case_id, func.count().label("n")).group_by(m.Party.case_id)
                         .having(func.count() >= 2).subquery())
        risky = (select(m.Risk.visit_id, func.count(func.distinct(m.Risk.level)).label("n"))
                 .group_by(m.Risk.visit_id).subquery())
        return {
            "agreement": _first(s, select(m.Agreement.id)
                                .join(per_agreement, per_agreement.c.case_id == m.Agreement.case_id)
                                .where(m.Agreement.id.in_(select(m.AgreementTerm.agreement_id)))
                                .order_by(m.Agreement.id)),
            "session": _first(s, select(m.MediationSession.id).order_by(m.MediationSession.id)),
            "confirmation": _first(s, select(m.JudicialConfirmation.id).order_by(m.JudicialConfirmation.id)),
            "healthcheck": _first(s, select(m.Visit.id).join(risky, risky.c.visit_id == m.Visit.id)
                                  .where(m.Visit.kind == "法治体检").order_by(risky.c.n.desc(), m.Visit.id)),
            "suggestion": _first(s, select(m.JudicialSuggestion.id).order_by(m.JudicialSuggestion.id)),
            "cover": _first(s, select(m.MediationCase.id).where(m.MediationCase.status == "归档")
                            .where(m.MediationCase.id.in_(select(m.Agreement.case_id)))
                            .order_by(m.MediationCase.id)),
        }


def _build(demo_store, fonts, tmp_path, kind, key, **kw):
    with demo_store.read() as s:
        doc = gather.collect(s, kind, key, **kw)
    out = tmp_path / f"{kind}.pdf"
    pages = render(kind, doc, out, fonts)
    assert pages >= 1 and out.exists()
    texts = page_texts(out)
    assert len(texts) == pages
    assert_fonts_embedded(out)
    return doc, texts


def test_agreement_carries_what_article_29_asks_for(demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "agreement", ids["agreement"])
    text = flat("".join(texts))
    assert "人民调解协议书" in text and doc.committee in text
    assert len(doc.parties) >= 2
    for p in doc.parties:  # basic facts, with the full ID number this copy needs
        assert f"{p.role}：{p.name}" in text
        if p.id_number:
            assert len(p.id_number) >= 15 and "*" not in p.id_number
            assert p.id_number in text
    assert flat(doc.facts) in text and flat(doc.disputes) in text and flat(doc.responsibility) in text
    for i, t in enumerate(doc.terms, start=1):
        assert flat(term_text(t, i, doc.parties)) in text
        assert "履行方式" in text and (cn_date(t.due_date) if t.due_date else "即时履行") in text
    assert doc.copies == len(doc.parties) + 1
    assert f"本协议一式{cn_count(doc.copies)}份" in text
    assert text.count("（签名或盖章）") == len(doc.parties)
    for p in doc.parties:  # a signature line and a fingerprint box for every party
        assert f"{p.role}（签名或盖章）：（{p.name}）按指印" in text
    last = flat(texts[-1])
    assert "向人民法院申请司法确认" in last  # the closing words go over with the signatures
    assert "人民调解员（签名）" in last and "调解委员会印章" in last


@pytest.mark.parametrize("facts_lines", range(0, 24, 3))
@pytest.mark.parametrize("n_parties", [2, 3, 6])
@pytest.mark.parametrize("n_terms", [1, 2, 4, 7])
def test_the_terms_follow_their_heading_and_the_seal_never_stands_alone(demo_store, fonts, tmp_path,
                                                                        ids, n_terms, n_parties, facts_lines):
    """However terms and parties fall across pages: the terms start on the page of their heading
    (a one-term agreement with three parties used to leave that page blank below the heading),
    and the mediator's signature and the seal share their page with the agreement's own
    closing words."""
    with demo_store.read() as s:
        doc = gather.agreement(s, ids["agreement"])
    parties = tuple(replace(doc.parties[i % len(doc.parties)], name=f"当事人{'甲乙丙丁戊己'[i]}")
                    for i in range(n_parties))
    terms = tuple(TermInfo(i, "甲方", "乙方", f"第{i}号条款：甲方向乙方支付货款并承担运费，具体数额以双方对账单为准"
                           + "，逾期按日万分之五支付违约金" * (i % 3), "1000.00", "银行转账", None)
                  for i in range(1, n_terms + 1))
    out = tmp_path / "a.pdf"
    # longer facts move the heading down the page, line by line over the test's cases
    facts = "双方因相邻土地使用发生争执" + "，经查双方均有过错" * (3 * facts_lines)
    render("agreement", replace(doc, parties=parties, terms=terms, facts=facts), out, fonts)
    texts = [flat(t) for t in page_texts(out)]
    heading = next(i for i, t in enumerate(texts) if "三、调解协议内容" in t)
    assert "第1号条款" in texts[heading]
    assert not texts[heading].endswith("达成如下协议：") or heading == len(texts) - 1
    sign_page = next(i for i, t in enumerate(texts) if "人民调解员（签名）" in t)
    assert sign_page == len(texts) - 1
    assert "调解委员会印章" in texts[sign_page]
    assert "共同向人民法院申请司法确认" in texts[sign_page]
    assert all(f"（当事人{'甲乙丙丁戊己'[i]}）" in texts[sign_page] for i in range(n_parties))


def test_the_setting_masks_id_numbers_on_the_agreement_too(demo_store, fonts, tmp_path, ids):
    full, _ = _build(demo_store, fonts, tmp_path, "agreement", ids["agreement"])
    with demo_store.write() as s:
        set_setting(s, gather.FULL_IDS_SETTING, "off")
    try:
        _, texts = _build(demo_store, fonts, tmp_path, "agreement", ids["agreement"])
    finally:
        with demo_store.write() as s:
            set_setting(s, gather.FULL_IDS_SETTING, "on")
    text = flat("".join(texts))
    numbered = [p for p in full.parties if p.id_number]
    assert numbered
    for p in numbered:
        assert p.id_number not in text
        assert mask_id(p.id_number) in text


@pytest.mark.parametrize("kind", ["agreement", "confirmation"])
def test_a_masked_copy_shows_the_birth_year_only(demo_store, fonts, tmp_path, ids, kind):
    """The masked digits of a number are its holder's birth date: printed whole beside the
    mask, they would give the number back (DESIGN §2)."""
    full, full_texts = _build(demo_store, fonts, tmp_path, kind, ids[kind])
    people = [p for p in (full.parties if kind == "agreement" else full.applicants)
              if p.id_number and p.birth_date]
    assert people and all(cn_date(p.birth_date) in flat("".join(full_texts)) for p in people)
    _, texts = _build(demo_store, fonts, tmp_path, kind, ids[kind], masked=True)
    text = flat("".join(texts))
    for p in people:
        assert mask_id(p.id_number) in text
        assert cn_date(p.birth_date) not in text
        assert f"{p.birth_date.year}年出生" in text


def test_session_record_shows_time_place_attendees_record_and_signatures(demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "session", ids["session"])
    text = re.sub(r"—\d+—", "", flat("".join(texts)))  # a page number must not cut the record in two
    assert "调解笔录" in flat(text)
    assert f"记录人：{doc.recorder}" in text and doc.recorder
    assert cn_date(doc.held_at) + f"{doc.held_at.hour}时" in text
    assert flat(doc.place) in text and flat(doc.attendees) in text
    assert flat(doc.record)[:60] in text and flat(doc.record)[-30:] in text
    for p in doc.parties:
        assert f"{p.role}（签名）：（{p.name}）按指印" in text
    assert "调解员（签名）" in text and "记录人（签名）" in text
    for p in doc.parties:  # a transcript is not a legal copy: numbers stay masked
        assert p.id_number is None or "*" in p.id_number


def test_confirmation_application_names_court_applicants_agreement_materials_and_window(
        demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "confirmation", ids["confirmation"])
    text = flat("".join(texts))
    assert "司法确认申请书" in text and "此致" in text
    assert flat(doc.court) in text
    for p in doc.applicants:
        assert f"申请人：{p.name}" in text  # a joint application: every party applies
        assert p.id_number is None or p.id_number in text  # the court's copy: full numbers
    assert doc.agreement_effective is not None
    assert doc.window_end == doc.agreement_effective + timedelta(days=30)
    assert cn_date(doc.window_end) in text
    assert doc.agreement_number is None or flat(doc.agreement_number) in text
    for i, t in enumerate(doc.terms, start=1):
        assert flat(term_text(t, i)) in text
    assert "人民调解协议书" in text
    for i, material in enumerate(doc.materials, start=1):
        assert f"{i}.{flat(material)}" in text
    assert text.count("（签名或盖章）") == len(doc.applicants)


def test_healthcheck_report_groups_risks_by_colour_level(demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "healthcheck", ids["healthcheck"])
    text = flat("".join(texts))
    assert "法治体检报告" in text
    assert flat(doc.firm) in text and cn_date(doc.visit_date) in text and flat(doc.team) in text
    assert doc.checklist
    for c in doc.checklist:
        assert flat(c.item) in text
    assert text.count("不符合") >= sum(c.result == "不符合" for c in doc.checklist)
    assert len({r.level for r in doc.risks}) >= 2
    order = ["红色风险（重大且紧急）", "橙色风险（较大）", "黄色风险（一般）", "蓝色风险（提示）"]
    shown = [h for h in order if h in text]
    assert len(shown) == len({r.level for r in doc.risks})
    assert [text.index(h) for h in shown] == sorted(text.index(h) for h in shown)
    bounds = [text.index(h) for h in shown] + [len(text)]
    sections = {h: text[bounds[i]:bounds[i + 1]] for i, h in enumerate(shown)}
    for r in doc.risks:  # each risk under its own level, with its suggestion and due date
        section = sections[next(h for h in order if r.level in h)]
        assert flat(r.description)[:20] in section
        assert flat(r.suggestion)[:15] in section
        if r.due:
            assert cn_date(r.due) in section


def test_suggestion_has_number_addressee_problem_suggestion_and_reply_date(demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "suggestion", ids["suggestion"])
    text = flat("".join(texts))
    assert re.fullmatch(r".+法建〔\d{4}〕\d+号", doc.number)
    assert doc.number in text and "司法建议书" in flat(text)
    assert flat(doc.addressee) + "：" in text
    assert flat(doc.problem)[:30] in text and flat(doc.suggestion)[:30] in text
    assert f"收到本建议书之日起{doc.reply_days}日内" in text
    assert doc.reply_due is not None and cn_date(doc.reply_due) in text
    assert flat(doc.court) in flat(texts[-1])


def test_cover_and_index_of_an_archived_case(demo_store, fonts, tmp_path, ids):
    doc, texts = _build(demo_store, fonts, tmp_path, "cover", ids["cover"])
    cover, rest = flat(texts[0]), flat("".join(texts[1:]))
    assert "人民调解卷宗" in cover and "本卷件数" in cover  # the whole cover on page 1
    assert "卷内目录" in flat(texts[1])
    assert doc.case_number in cover and doc.archive_number and doc.archive_number in cover
    for p in doc.parties:
        assert flat(p) in cover
    assert "卷内目录" in rest
    assert "人民调解协议书" in rest and "调解笔录（第1次）" in rest
    for e in doc.entries:
        assert flat(e.title) in rest


def test_bulletin_has_the_figures_the_areas_and_four_charts(demo_store, fonts, tmp_path):
    with demo_store.read() as s:
        doc = gather.bulletin(s, "2026-10", today=TODAY)
    out = tmp_path / "bulletin.pdf"
    render("bulletin", doc, out, fonts)
    assert_fonts_embedded(out)
    text = flat("".join(page_texts(out)))
    assert "2026年10月矛盾纠纷调解工作通报" in text
    assert doc.accepted > 0
    assert f"受理{doc.accepted}件" in text and f"调解成功{doc.succeeded}件" in text
    assert f"调解成功率{doc.success_rate:.1f}%" in text
    assert f"涉及金额{doc.amount_involved}元" in text
    assert doc.areas
    for a in doc.areas:
        assert flat(a.name) in text and f"{a.rate:.2f}" in text
    for n in range(1, 5):
        assert f"图{n}" in text
    # Chart labels are text in the body font, not Helvetica boxes: the months and types show.
    assert "10月" in text and doc.by_dispute_type[0].key.removesuffix("纠纷") in text



@pytest.mark.parametrize("kind", ["agreement", "session", "confirmation", "healthcheck", "suggestion", "cover"])
def test_no_line_passes_the_right_margin_or_ends_in_an_opening_bracket(demo_store, fonts, tmp_path, ids, kind):
    from fydesk.documents.linebreak import CANNOT_END, CANNOT_START
    from fydesk.documents.page import AREA_W, LEFT

    from .conftest import text_lines

    _build(demo_store, fonts, tmp_path, kind, ids[kind])
    lines = text_lines(tmp_path / f"{kind}.pdf")
    assert lines
    for page, _, right, text in lines:
        assert right <= LEFT + AREA_W + 0.5, f"page {page}: {text!r} ends {right - LEFT - AREA_W:.1f} pt past the margin"
        assert text[-1] not in CANNOT_END, f"page {page}: {text!r} ends in an opening bracket"
        assert len(text) == 1 or text[0] not in CANNOT_START, f"page {page}: {text!r} starts with {text[0]}"


def test_a_long_line_breaks_before_an_opening_bracket_and_never_hangs_a_comma(fonts, tmp_path):
    from fydesk.documents.linebreak import CANNOT_END
    from fydesk.documents.page import AREA_W, LEFT, Meta, Writer

    from .conftest import text_lines

    w = Writer(fonts, Meta("测试"))
    for shift in range(28):
        w.p("字" * shift + "请求确认申请人达成的人民调解协议（编号：（2026）某某调协字第1号）有效，"
            "并请依法作出裁定，以上，，，请求。", "body")
    out = tmp_path / "lines.pdf"
    w.build(out)
    for page, _, right, text in text_lines(out):
        assert right <= LEFT + AREA_W + 0.5, text
        assert text[-1] not in CANNOT_END, text
