"""调解协议书: every term says who owes what to whom; a signed agreement always has its number."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fydesk import models as m
from fydesk.documents import gather
from fydesk.documents.common import term_text
from fydesk.documents.model import AgreementDoc, PartyInfo, TermInfo
from fydesk.services import cases, records

from .conftest import TODAY, flat, page_texts, render

ZHANG = PartyInfo(role="申请人", kind="自然人", name="张三")
LI = PartyInfo(role="被申请人", kind="自然人", name="李四")


def test_a_term_without_names_is_led_by_its_obligor_and_obligee_with_their_roles():
    t = TermInfo(1, "李四", "张三", "疏通排水沟并赔偿房屋受潮损失", "3000.00", None, date(2026, 12, 31))
    text = term_text(t, 1, (ZHANG, LI))
    assert text.startswith("一、被申请人李四向申请人张三履行：疏通排水沟并赔偿房屋受潮损失。")
    assert "履行期限：2026年12月31日前" in text


def test_a_term_that_names_both_keeps_its_wording_with_the_roles_added():
    t = TermInfo(2, "李四", "张三", "李四于2026年12月31日前一次性支付张三人民币3000元", "3000.00", None, None)
    text = term_text(t, 2, (ZHANG, LI))
    assert text.startswith("二、被申请人李四于2026年12月31日前一次性支付申请人张三人民币3000元。")


def test_a_term_both_sides_keep_names_both():
    t = TermInfo(3, "张三、李四", None, "双方就此纠纷再无其他争议", None, None, None)
    assert term_text(t, 3, (ZHANG, LI)).startswith("三、申请人张三、被申请人李四：双方就此纠纷再无其他争议。")


def test_every_term_of_every_demo_agreement_names_obligor_and_obligee(demo_store):
    with demo_store.read() as s:
        ids = s.scalars(select(m.Agreement.id).where(m.Agreement.deleted_at.is_(None))).all()
        assert len(ids) > 50
        for aid in ids:
            doc = gather.agreement(s, aid)
            for i, t in enumerate(doc.terms, start=1):
                text = term_text(t, i, doc.parties)
                roles = {p.name: p.role for p in doc.parties}
                for name in [x for x in (t.obligor or "").split("、") + (t.obligee or "").split("、") if x]:
                    assert f"{roles[name]}{name}" in text, (doc.number, text)
            if doc.signed_date:
                assert doc.number, f"agreement {aid} is signed but has no number"


def test_copies_are_written_in_chinese_numerals(fonts, tmp_path):
    doc = AgreementDoc(committee="某某村人民调解委员会", number="（2026）某调协字第1号", case_number=None,
                       dispute_type="相邻关系纠纷",
                       parties=(ZHANG, LI, PartyInfo(role="第三人", kind="自然人", name="王五")),
                       facts="事实。", disputes=None, responsibility=None,
                       terms=(TermInfo(1, "李四", "张三", "疏通排水沟", None, None, None),),
                       mediator="赵六", signed_date=TODAY, copies=4)
    render("agreement", doc, tmp_path / "a.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "a.pdf")))
    assert "本协议一式四份" in text and "一式4份" not in text
    assert "被申请人李四向申请人张三履行：疏通排水沟" in text


def _agreed_case(store, actor):
    from fydesk.documents.model import PartyInfo  # noqa: F401

    with store.write() as s:
        made = cases.register_case(
            s, actor, {"dispute_type": "邻里纠纷", "summary": "排水沟堵塞。", "category": "人民调解",
                       "source": "当事人申请"},
            [{"role": "申请人", "kind": "自然人", "name": "张三"},
             {"role": "被申请人", "kind": "自然人", "name": "李四"}], today=TODAY)
        records.update(s, actor, "case", made.case.id, {"status": "受理"}, today=TODAY)
        records.update(s, actor, "case", made.case.id, {"status": "调解中"}, today=TODAY)
    return made.case.id


def test_an_agreement_gets_its_number_when_signed(office_store, actor):
    case_id = _agreed_case(office_store, actor)
    term = [{"obligor": "李四", "obligee": "张三", "content": "疏通排水沟"}]
    with office_store.write() as s:
        signed, _ = cases.record_agreement(s, actor, case_id, {"facts": "事实。", "signed_date": "2026-11-10"},
                                           term, today=TODAY)
        draft, _ = cases.record_agreement(s, actor, case_id, {"facts": "事实。"}, term, today=TODAY)
    assert signed["number"] == "（2026）越秀人调协字第1号"
    assert draft["number"] is None  # not signed yet: no number spent
    with office_store.write() as s:
        later = records.update(s, actor, "agreement", draft.id, {"signed_date": "2026-11-12"}, today=TODAY)
    assert later["number"] == "（2026）越秀人调协字第2号"
