"""Agreement numbers: each mediation body numbers its own agreements per year under its own
代字, and a signed agreement always has a number."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fydesk import models as m
from fydesk.domain.errors import ValidationError
from fydesk.services import cases, office, records

from ..conftest import TODAY

TERM = [{"obligor": "李四", "obligee": "张三", "content": "疏通排水沟"}]


def _bodies(store, actor, *names):
    with store.write() as s:
        return [office.add_body(s, actor, {"name": name, "kind": "村(居)人民调解委员会"}) for name in names]


def _case(store, actor, body_id, today=TODAY):
    with store.write() as s:
        made = cases.register_case(
            s, actor, {"dispute_type": "邻里纠纷", "summary": "排水沟堵塞。", "category": "人民调解",
                       "source": "当事人申请", "body_id": body_id},
            [{"role": "申请人", "name": "张三"}, {"role": "被申请人", "name": "李四"}], today=today)
        records.update(s, actor, "case", made.case.id, {"status": "受理"}, today=today)
        records.update(s, actor, "case", made.case.id, {"status": "调解中"}, today=today)
    return made.case.id


def _sign(store, actor, body_id, signed: date):
    case_id = _case(store, actor, body_id, today=signed)
    with store.write() as s:
        agreement, _ = cases.record_agreement(s, actor, case_id, {"facts": "事实。", "signed_date": signed},
                                              TERM, today=signed)
    return agreement["number"]


def test_each_body_numbers_its_own_agreements_from_one_with_a_prefix_of_its_own(office_store, actor):
    east, west = _bodies(office_store, actor, "溪口镇城东村人民调解委员会", "溪口镇城西村人民调解委员会")
    assert (east["number_prefix"], west["number_prefix"]) == ("城东人调", "城西人调")
    got = [_sign(office_store, actor, b.id, TODAY) for b in (east, west, east, east, west)]
    assert got == ["（2026）城东人调协字第1号", "（2026）城西人调协字第1号", "（2026）城东人调协字第2号",
                   "（2026）城东人调协字第3号", "（2026）城西人调协字第2号"]


def test_a_new_year_starts_each_body_at_one_again(office_store, actor):
    [body] = _bodies(office_store, actor, "溪口镇人民调解委员会")
    assert [_sign(office_store, actor, body.id, TODAY) for _ in range(2)][-1] == "（2026）溪口人调协字第2号"
    assert _sign(office_store, actor, body.id, date(2027, 1, 4)) == "（2027）溪口人调协字第1号"
    assert _sign(office_store, actor, body.id, date(2027, 1, 5)) == "（2027）溪口人调协字第2号"


def test_two_bodies_of_one_office_may_not_share_a_prefix_nor_take_a_malformed_one(office_store, actor):
    [first] = _bodies(office_store, actor, "溪口镇人民调解委员会")
    with office_store.write() as s:
        # A second body whose name gives the same 代字 gets a figure after it, not the same one.
        second = office.add_body(s, actor, {"name": "云溪区溪口镇人民调解委员会", "kind": "乡镇(街道)人民调解委员会"})
    assert (first["number_prefix"], second["number_prefix"]) == ("溪口人调", "溪口人调2")
    for prefix, words in (("溪口人调", "已有调解组织使用代字“溪口人调”"), ("溪口（镇）", "不含空格、括号"),
                          ("溪口调协", "不含空格、括号")):
        with pytest.raises(ValidationError) as refused, office_store.write() as s:
            records.update(s, actor, "mediation_body", second.id, {"number_prefix": prefix})
        assert words in refused.value.message and refused.value.field == "number_prefix"
    with office_store.read() as s:
        assert s.get(m.MediationBody, second.id).number_prefix == "溪口人调2"  # nothing half written


def test_a_number_the_office_series_printed_before_is_never_given_again(office_store, actor):
    """The office-wide series of old wrote （2026）越秀人调协字第1号: a body whose 代字 reads the
    same goes on past it instead of printing it twice."""
    old_case = _case(office_store, actor, None)
    with office_store.write() as s:
        old, _ = cases.record_agreement(s, actor, old_case, {"facts": "事实。", "signed_date": TODAY}, TERM,
                                        today=TODAY)
    assert old["number"] == "（2026）越秀人调协字第1号"  # a case that names no body: the office's series
    [body] = _bodies(office_store, actor, "越秀区人民调解委员会")
    with office_store.write() as s:
        records.update(s, actor, "mediation_body", body.id, {"number_prefix": "越秀人调"})
    assert _sign(office_store, actor, body.id, TODAY) == "（2026）越秀人调协字第2号"


def test_a_signed_agreement_is_never_unnumbered(office_store, actor):
    [body] = _bodies(office_store, actor, "溪口镇人民调解委员会")
    case_id = _case(office_store, actor, body.id)
    with office_store.write() as s:
        draft, _ = cases.record_agreement(s, actor, case_id, {"facts": "事实。"}, TERM, today=TODAY)
        assert draft["number"] is None
        signed = records.update(s, actor, "agreement", draft.id, {"signed_date": TODAY}, today=TODAY)
    assert signed["number"] == "（2026）溪口人调协字第1号"
    with office_store.read() as s:
        unnumbered = s.scalar(select(func.count()).select_from(m.Agreement).where(
            m.Agreement.signed_date.is_not(None), m.Agreement.number.is_(None)))
    assert unnumbered == 0
