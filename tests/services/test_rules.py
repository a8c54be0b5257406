"""Rules that keep the record and its figures honest against ordinary edits and odd input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fydesk.domain.errors import ValidationError

from fydesk.domain.states import MACHINES
from fydesk.models import MediationCase, NumberLease
from fydesk.services import cases, records
from fydesk.services.search import search
from fydesk.services.stats import monthly

from ..conftest import TODAY

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "民间借贷纠纷",
        "summary": "借款到期未还引发纠纷", "registered_date": "2026-11-02"}


def _register(store, actor, **extra):
    with store.write() as s:
        return cases.register_case(s, actor, {**CASE, **extra},
                                   [{"role": "申请人", "name": "赵六"}, {"role": "被申请人", "name": "钱七"}],
                                   today=TODAY).case


def _move(store, actor, case_id, *statuses, **values):
    with store.write() as s:
        for st in statuses:
            reason = "当事人不同意调解" if MACHINES["case"].needs_reason(st) else None
            out = records.update(s, actor, "case", case_id, {"status": st, **values}, today=TODAY, reason=reason)
    return out


def _refused(store, fn, match):
    with pytest.raises(ValidationError, match=match):
        with store.write() as s:
            fn(s)


def test_dates_that_drive_the_figures_exist_only_in_their_statuses(office_store, actor):
    case = _register(office_store, actor)
    _refused(office_store, lambda s: records.update(s, actor, "case", case.id, {"accepted_date": "2026-11-03"}),
             "登记.*受理日期")
    _refused(office_store, lambda s: records.update(s, actor, "case", case.id, {"close_date": "2026-11-03"}),
             "尚未结案")
    _refused(office_store, lambda s: records.create(s, actor, "case", {**CASE, "office_id": actor.office_id,
                                                                       "result": "达成协议"}), "系统维护")
    _refused(office_store, lambda s: records.create(s, actor, "case", {**CASE, "office_id": actor.office_id,
                                                                       "case_number": "（2026）越秀人调字第1号"}),
             "系统维护")


def test_registration_cannot_be_dated_in_the_future(office_store, actor):
    _refused(office_store, lambda s: cases.register_case(
        s, actor, {**CASE, "registered_date": "2099-03-01"}, [{"role": "申请人", "name": "甲"}, {"role": "被申请人", "name": "乙"}], today=TODAY),
        "晚于今天")


def test_an_earlier_year_without_a_lease_gets_provisional_numbers(office_store, actor):
    case = _register(office_store, actor, registered_date="2025-12-30")
    assert case["number_provisional"] and "临" in case["case_number"]
    assert _register(office_store, actor)["case_number"] == "（2026）越秀人调字第1号"


def test_voiding_a_case_takes_its_parties_out_of_search(office_store, actor):
    case = _register(office_store, actor)
    with office_store.write() as s:
        records.void(s, actor, "case", case.id, "误登记")
    with office_store.read() as s:
        assert search(s, "赵六") == [] and search(s, "借款到期") == []


def test_absurd_numbers_and_duplicate_codes_get_a_sentence(office_store, actor):
    case = _register(office_store, actor)
    for change, words in (({"amount_cents": "1e30"}, "过大"), ({"people_involved": "9" * 20}, "过大")):
        _refused(office_store, lambda s: records.update(s, actor, "case", case.id, change), words)
    with office_store.write() as s:
        other = records.create(s, actor, "office", {"code": "440104002", "name": "某司法所", "kind": "司法所"})
    _refused(office_store, lambda s: records.update(s, actor, "office", other.id, {"code": "440104001"}),
             "单位代码.*不能重复")


def test_input_method_text_is_normalised_and_junk_refused(office_store, actor):
    case = _register(office_store, actor, category="委派调解（诉前）", registered_date="２０２６/11/2")
    assert case["category"] == "委派调解(诉前)" and case["registered_date"] == date(2026, 11, 2)
    _refused(office_store, lambda s: records.update(s, actor, "case", case.id,
                                                    {"external_case_number": None, "close_date": "2026-11-03xyz"}),
             "有效日期")
    _refused(office_store, lambda s: records.update(s, actor, "case", case.id, {"assistant_ids": "不存在的人"}),
             "协办调解员")


def test_a_uscc_override_reason_does_not_carry_over_to_another_code(office_store, actor):
    with office_store.write() as s:
        firm = records.create(s, actor, "enterprise", {"name": "某公司", "uscc": "91350100M000100Y44",
                                                        "uscc_override_reason": "早期试点代码"})
    _refused(office_store, lambda s: records.update(s, actor, "enterprise", firm.id, {"uscc": "91350100M000100Y45"}),
             "原因")


def test_children_only_while_the_case_is_open(office_store, actor):
    case = _register(office_store, actor)
    _refused(office_store, lambda s: cases.extend_term(s, actor, case.id, 10, "x", today=TODAY), "登记.*延期")
    _move(office_store, actor, case.id, "不予受理", "结案")
    _refused(office_store, lambda s: cases.record_agreement(
        s, actor, case.id, {"facts": "x"}, [{"obligor": "钱七", "content": "还款"}], today=TODAY), "记录调解协议")
    _refused(office_store, lambda s: records.create(s, actor, "session", {
        "case_id": case.id, "held_at": "2026-11-03 09:00", "place": "x", "attendees": "x", "record": "x"}),
        "调解记录")


def test_extensions_move_the_term_and_are_capped_in_total(office_store, actor):
    case = _register(office_store, actor)
    _move(office_store, actor, case.id, "受理", accepted_date="2026-11-02")
    with office_store.write() as s:  # a plain create moves the case too
        records.create(s, actor, "extension", {"case_id": case.id, "days": 20, "reason": "鉴定",
                                               "decided_date": "2026-11-20"}, today=TODAY)
        assert records.get(s, "case", case.id)["term_end"] == date(2026, 12, 22)
    _refused(office_store, lambda s: cases.extend_term(s, actor, case.id, 11, "再延", today=TODAY), "30")
    with office_store.write() as s:
        assert cases.extend_term(s, actor, case.id, 10, "再延", today=TODAY)["term_end"] == date(2027, 1, 1)


def test_a_suggestion_is_numbered_when_issued(office_store, actor):
    with office_store.write() as s:
        made = [records.create(s, actor, "suggestion", {
            "office_id": actor.office_id, "kind": "综合治理类", "addressee": f"某街道办{i}",
            "problem": "物业纠纷多发", "suggestion": "规范物业服务"}) for i in range(2)]
        numbers = [records.update(s, actor, "suggestion", m.id, {"status": "签发"}, today=TODAY)["number"]
                   for m in made]
    assert numbers == ["越秀法建〔2026〕1号", "越秀法建〔2026〕2号"]
    _refused(office_store, lambda s: records.update(s, actor, "suggestion", made[0].id, {"number": "x"}), "系统维护")


def test_an_area_period_typed_full_width_still_counts(office_store, actor):
    with office_store.write() as s:
        records.create(s, actor, "area_stat", {"area_code": "440104001", "area_name": "北京街道",
                                               "period": "２０２６－１１", "resident_population": "10000",
                                               "civil_filings": "7"})
        assert [a.rate_per_10k for a in monthly(s, "2026-11").areas] == [7.0]


def test_success_rate_by_either_denominator(office_store, actor):
    ids = [_register(office_store, actor).id for _ in range(4)]
    for cid in ids:
        _move(office_store, actor, cid, "受理", accepted_date="2026-11-03")
    _move(office_store, actor, ids[0], "调解中", "达成协议")
    _move(office_store, actor, ids[1], "调解中", "调解不成")
    _move(office_store, actor, ids[2], "调解中")
    with office_store.read() as s:
        by_accepted = monthly(s, "2026-11", "accepted", today=TODAY)
        by_mediated = monthly(s, "2026-11", "mediated", today=TODAY)
    assert (by_accepted.accepted, by_accepted.mediated, by_accepted.succeeded) == (4, 3, 1)
    assert by_accepted.success_rate == 25.0 and by_mediated.success_rate == 33.3
    assert by_accepted.failed == 1


def test_an_old_months_overdue_replies_stay_as_they_were(office_store, actor):
    with office_store.write() as s:
        sug = records.create(s, actor, "suggestion", {
            "office_id": actor.office_id, "kind": "个案", "addressee": "某局", "problem": "p", "suggestion": "q"})
        records.update(s, actor, "suggestion", sug.id, {"status": "签发"}, today=date(2026, 1, 2))
        records.update(s, actor, "suggestion", sug.id, {"status": "送达", "served_date": "2026-01-05"})
        before = monthly(s, "2026-04", today=TODAY).suggestions_overdue
        records.update(s, actor, "suggestion", sug.id, {"status": "已答复", "reply_date": "2026-05-10"})
        after = monthly(s, "2026-04", today=TODAY).suggestions_overdue
    assert before == after == 1


def test_leases_are_untouched_by_a_refused_registration(office_store, actor):
    with office_store.read() as s:
        before = [(lease.year, lease.next) for lease in s.scalars(select(NumberLease))]
    _refused(office_store, lambda s: cases.register_case(
        s, actor, {**CASE, "dispute_type": "吵架"}, [{"role": "申请人", "name": "甲"}, {"role": "被申请人", "name": "乙"}], today=TODAY), "纠纷类型")
    with office_store.read() as s:
        assert [(lease.year, lease.next) for lease in s.scalars(select(NumberLease))] == before


def test_rare_characters_are_refused_by_name_until_confirmed_and_only_where_written(office_store, actor):
    """The services are handed the fonts' check as a plain callable (they import no fonts)."""
    from fydesk.services.hooks import RareCharacterError, RareCheck

    def missing(text):  # as documents.fonts.missing_characters answers: each lacking character once
        return "".join(dict.fromkeys(ch for ch in text if ch in "㐀乂"))

    rare = RareCheck(missing)
    parties = [{"role": "申请人", "name": "赵㐀"}, {"role": "被申请人", "name": "钱七", "address": "乂乂村"}]
    with pytest.raises(RareCharacterError) as refused, office_store.write() as s:
        cases.register_case(s, actor, CASE, parties, today=TODAY, rare=rare)
    assert refused.value.field == "name" and refused.value.characters == "㐀"
    assert refused.value.message.startswith("第 1 名当事人：“姓名/名称”中的“㐀”（U+3400）")
    with pytest.raises(RareCharacterError, match="第 2 名当事人：“住所”中的“乂”") as refused, \
            office_store.write() as s:
        cases.register_case(s, actor, CASE, parties, today=TODAY, rare=RareCheck(missing, frozenset("㐀")))
    assert refused.value.characters == "乂"
    with office_store.write() as s:
        made = cases.register_case(s, actor, CASE, parties, today=TODAY, rare=RareCheck(missing, frozenset("㐀乂")))
    # An edit is asked about what it writes, not about a name already kept.
    with office_store.write() as s:
        records.update(s, actor, "party", made.parties[1].id, {"phone": "13800001111"}, today=TODAY, rare=rare)
    # Nobody to ask (sync, demo data, system edits): nothing is checked.
    with office_store.write() as s:
        records.update(s, actor, "party", made.parties[1].id, {"name": "钱乂"}, today=TODAY)


def test_a_case_needs_an_applicant_and_a_respondent(office_store, actor):
    for parties, missing in (([{"role": "申请人", "name": "甲"}], "被申请人"),
                             ([{"role": "被申请人", "name": "乙"}, {"role": "第三人", "name": "丙"}], "申请人")):
        _refused(office_store, lambda s, parties=parties: cases.register_case(s, actor, CASE, parties, today=TODAY),
                 f"至少一名{missing}")
    with office_store.read() as s:
        assert s.scalar(select(func.count()).select_from(MediationCase)) == 0


def test_a_typed_phone_number_is_checked_where_a_person_types_it(office_store, actor):
    """The window and `record set` are asked about a number; an imported ledger and a synced
    record keep what they hold."""
    from fydesk.services.hooks import RareCheck

    person = RareCheck(lambda text: "")
    case = _register(office_store, actor)
    with office_store.read() as s:
        party = records.list_children(s, "party", "case_id", case.id)[0]
    _refused(office_store, lambda s: records.update(s, actor, "party", party.id, {"phone": "83123456"},
                                                    today=TODAY, rare=person), "缺少区号")
    with office_store.write() as s:
        records.update(s, actor, "party", party.id, {"phone": "020-83123456"}, today=TODAY, rare=person)
        records.update(s, actor, "party", party.id, {"phone": "8312345"}, today=TODAY)  # nobody typed it
    with office_store.read() as s:
        assert records.get(s, "party", party.id)["phone"] == "8312345"


def _agreement(store, actor, **values):
    case = _register(store, actor)
    _move(store, actor, case.id, "受理", "调解中")
    with store.write() as s:
        return cases.record_agreement(s, actor, case.id, {"facts": "借款五万元到期未还", **values}, [
            {"obligor": "钱七", "obligee": "赵六", "content": "归还借款", "amount_cents": "50000"},
            {"obligor": "钱七", "obligee": "赵六", "content": "支付利息", "amount_cents": "1200"}], today=TODAY)


def test_an_unsigned_agreement_is_revised_term_by_term_then_signed(office_store, actor):
    agreement, (first, second) = _agreement(office_store, actor)
    with office_store.write() as s:
        revised, terms = cases.revise_agreement(s, actor, agreement.id, {"facts": "借款五万元，2026年到期未还",
                                                                          "signed_date": "2026-11-20"}, [
            (second.id, {"content": "支付利息一千二百元"}),
            (None, {"obligor": "钱七", "obligee": "赵六", "content": "承担调解中的交通费"})], today=TODAY)
    assert revised["facts"].startswith("借款五万元，2026年") and revised["signed_date"] == date(2026, 11, 20)
    assert revised["number"] and "临" not in revised["number"]  # signed last, so numbered
    assert [(t["seq"], t["content"]) for t in terms] == [(1, "支付利息一千二百元"), (2, "承担调解中的交通费")]
    with office_store.read() as s:
        live = records.list_children(s, "term", "agreement_id", agreement.id)
        assert [t.id for t in live] == [second.id, terms[1].id]  # the first term voided, not lost


def test_a_signed_agreement_and_its_terms_are_not_changed_any_more(office_store, actor):
    agreement, (first, _second) = _agreement(office_store, actor, signed_date="2026-11-20")
    _refused(office_store, lambda s: cases.revise_agreement(s, actor, agreement.id, {"facts": "改"},
                                                            [(first.id, {})], today=TODAY), "已经签订")
    _refused(office_store, lambda s: records.update(s, actor, "agreement", agreement.id, {"facts": "改"},
                                                    today=TODAY), "已经签订")
    _refused(office_store, lambda s: records.update(s, actor, "term", first.id, {"content": "改"},
                                                    today=TODAY), "条款不能再增改")
    _refused(office_store, lambda s: records.create(s, actor, "term", {"agreement_id": agreement.id, "seq": 3,
                                                                       "obligor": "钱七", "content": "另加"},
                                                    today=TODAY), "条款不能再增改")
    with office_store.write() as s:  # the day it took effect still comes later
        assert records.update(s, actor, "agreement", agreement.id, {"effective_date": "2026-11-21"},
                              today=TODAY)["effective_date"] == date(2026, 11, 21)
