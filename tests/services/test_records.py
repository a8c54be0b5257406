"""Writes go through the rules: one transaction with audit entry and outbox op, or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from fydesk.domain.errors import NotFoundError, TransitionError, ValidationError
from fydesk.models import AuditEntry, MediationCase, OutboxOp, Party
from fydesk.services import cases, records
from fydesk.services.journal import verify_chain

from ..conftest import TODAY

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "房屋宅基地纠纷",
        "summary": "张某与王某因宅基地界址发生争议，双方各执一词。", "registered_date": "2026-11-02"}
ZHANG = {"role": "申请人", "name": "张伟", "id_number": "11010519491231002X", "phone": "13800000000"}
WANG = {"role": "被申请人", "name": "王芳", "id_number": "440524188001010014"}


def _counts(store):
    with store.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t))
            for t in (MediationCase, Party, AuditEntry, OutboxOp)
        ) + (s.scalar(text("SELECT count(*) FROM search_index")),)


def _register(store, actor, **extra):
    with store.write() as s:
        return cases.register_case(s, actor, {**CASE, **extra}, [ZHANG, WANG], today=TODAY)


def test_register_case_numbers_it_and_fills_party_facts_from_id(office_store, actor):
    made = _register(office_store, actor)
    assert made.case["case_number"] == "（2026）越秀人调字第1号"
    assert made.case["status"] == "登记"
    zhang = made.parties[0]
    assert zhang["birth_date"] == date(1949, 12, 31) and zhang["sex"] == "女"
    assert _register(office_store, actor).case["case_number"] == "（2026）越秀人调字第2号"


def test_every_write_leaves_audit_and_outbox_rows_in_the_same_transaction(office_store, actor):
    before = _counts(office_store)
    made = _register(office_store, actor)
    after = _counts(office_store)
    # 1 case + 2 parties: 3 audit entries, 3 outbox ops, 3 search rows
    assert [a - b for a, b in zip(after, before)] == [1, 2, 3, 3, 3]
    with office_store.read() as s:
        ops = s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq.desc()).limit(3)).all()
        assert {op.txn_id for op in ops} == {ops[0].txn_id}  # one local transaction
        case_op = next(op for op in ops if op.entity == "case")
        assert case_op.fields["summary"] == CASE["summary"]
        assert case_op.record_id == made.case.id and case_op.op == "insert"
        assert verify_chain(s) == []


def test_wrong_check_digit_is_refused_naming_the_field_and_nothing_is_written(office_store, actor):
    before = _counts(office_store)
    bad = {**WANG, "id_number": "440524188001010015"}
    with pytest.raises(ValidationError) as err:
        with office_store.write() as s:
            cases.register_case(s, actor, CASE, [ZHANG, bad], today=TODAY)
    assert err.value.field == "id_number"
    assert "身份证号" in err.value.message and "第 2 名当事人" in err.value.message
    assert _counts(office_store) == before
    with office_store.read() as s:
        assert verify_chain(s) == []
        # the case number was not used up either
    assert _register(office_store, actor).case["case_number"].endswith("第1号")


def test_status_moves_only_as_the_state_machine_allows(office_store, actor):
    case_id = _register(office_store, actor).case.id
    with pytest.raises(TransitionError, match="登记"):
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"status": "调解中"})
    with office_store.write() as s:
        accepted = records.update(s, actor, "case", case_id, {"status": "受理"}, today=TODAY)
    assert accepted["accepted_date"] == TODAY
    assert accepted["term_end"] == date(2026, 12, 20)
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "调解中"}, today=TODAY)
        done = records.update(s, actor, "case", case_id, {"status": "调解不成"}, today=TODAY,
                              reason="双方分歧过大，终止调解")
        assert done["result"] == "调解不成"
        closed = records.update(s, actor, "case", case_id, {"status": "结案"}, today=TODAY)
    assert closed["close_date"] == TODAY and closed["close_method"] == "调解不成"
    with pytest.raises(ValidationError, match="归档号"):
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"status": "归档"})


def test_extension_moves_the_term_and_is_capped(office_store, actor):
    case_id = _register(office_store, actor).case.id
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "受理"}, today=TODAY)
        extended = cases.extend_term(s, actor, case_id, 15, "当事人申请延期", today=TODAY)
    assert extended["term_end"] == date(2027, 1, 4)
    with pytest.raises(ValidationError, match="30"):
        with office_store.write() as s:
            cases.extend_term(s, actor, case_id, 31, "太长", today=TODAY)


def test_system_fields_and_append_only_records_cannot_be_edited(office_store, actor):
    case_id = _register(office_store, actor).case.id
    with pytest.raises(ValidationError, match="系统维护"):
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"case_number": "（2026）假1号"})
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "受理"}, today=TODAY)
        sess = records.create(s, actor, "session", {
            "case_id": case_id, "held_at": "2026-11-03 09:30", "place": "法庭调解室",
            "attendees": "张伟、王芳", "record": "双方同意继续协商。"})
    with pytest.raises(ValidationError, match="只能追加"):
        with office_store.write() as s:
            records.update(s, actor, "session", sess.id, {"record": "改写"})


def test_agreement_moves_case_to_agreed_and_counts_copies(office_store, actor):
    case_id = _register(office_store, actor).case.id
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "受理"}, today=TODAY)
        records.update(s, actor, "case", case_id, {"status": "调解中"}, today=TODAY)
        agreement, terms = cases.record_agreement(
            s, actor, case_id,
            {"facts": "双方就宅基地界址达成一致。", "signed_date": "2026-11-10", "effective_date": "2026-11-10"},
            [{"obligor": "王芳", "obligee": "张伟", "content": "拆除越界围墙", "due_date": "2026-12-10"},
             {"obligor": "张伟", "obligee": "王芳", "content": "支付补偿款", "amount_cents": "3000.50"}],
            today=TODAY)
        case = records.get(s, "case", case_id)
    assert agreement["copies"] == 3  # two parties + 1
    assert terms[1]["amount_cents"] == 300050
    assert case["status"] == "达成协议" and case["result"] == "达成协议"


def test_bad_values_get_one_chinese_sentence(office_store, actor):
    case_id = _register(office_store, actor).case.id
    cases_ = [
        ({"amount_cents": "十万"}, "涉及金额"),
        ({"amount_cents": "-5"}, "涉及金额"),
        ({"dispute_type": "吵架"}, "纠纷类型"),
        ({"accepted_date": "2026-02-30"}, "受理日期"),
        ({"people_involved": "很多"}, "涉及人数"),
        ({"no_such_field": "x"}, "没有"),
    ]
    for change, words in cases_:
        with pytest.raises(ValidationError, match=words):
            with office_store.write() as s:
                records.update(s, actor, "case", case_id, change)


def test_uscc_check_failure_is_a_warning_overridden_by_a_reason(office_store, actor):
    firm = {"name": "某某贸易有限公司", "uscc": "91350100M000100Y44"}
    with pytest.raises(ValidationError, match="原因"):
        with office_store.write() as s:
            records.create(s, actor, "enterprise", firm)
    with office_store.write() as s:
        made = records.create(s, actor, "enterprise", {**firm, "uscc_override_reason": "早期试点代码"})
    assert made["uscc"] == "91350100M000100Y44"
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        with office_store.write() as s:
            records.create(s, actor, "enterprise", {**firm, "uscc": "91350100M000100Y4Z",
                                                    "uscc_override_reason": "x"})


def test_void_is_a_tombstone_and_hides_the_record(office_store, actor):
    case_id = _register(office_store, actor).case.id
    with office_store.write() as s:
        records.void(s, actor, "case", case_id, "重复登记")
    with office_store.read() as s:
        with pytest.raises(NotFoundError):
            records.get(s, "case", case_id)
        assert records.get(s, "case", case_id, include_deleted=True).deleted
        op = s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq.desc())).first()
    assert (op.op, op.fields) == ("delete", {"reason": "重复登记"})


def test_audit_chain_detects_an_edited_entry(office_store, actor):
    _register(office_store, actor)
    with office_store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET user = '别人' WHERE seq = 2"))
    with office_store.read() as s:
        problems = verify_chain(s)
    assert problems and "#2" in problems[0]


def test_provisional_number_when_no_lease_is_left(office_store, actor):
    from fydesk.models import NumberLease

    with office_store.write() as s:
        for lease in s.scalars(select(NumberLease)):
            # an exhausted block leased from the hub, as on a PC offline for long
            lease.source, lease.end, lease.next = "hub", 3, 4
    made = _register(office_store, actor)
    assert made.case["number_provisional"] is True
    assert "临" in made.case["case_number"]


def test_a_user_name_longer_than_the_wire_takes_is_cut_not_refused(office_store):
    """The name travels with every change and the hub takes at most 200 characters of it: an
    OS login past that made every batch of the PC fail."""
    from fydesk.services.context import MAX_USER_NAME, load_actor

    with office_store.read() as s:
        actor = load_actor(s, "书" * 500)
    assert actor.user == "书" * MAX_USER_NAME


def test_masked_json_hides_numbers_typed_into_free_text_but_keeps_codes(office_store, actor):
    """A clerk may type a party's number into the summary; a masked copy masks it there too.
    An organisation's credit code of digits alone is a public code, not an ID number."""
    summary = "申请人张伟（身份证号11010519491231002X）称宅基地界址被占。"
    made = _register(office_store, actor, summary=summary)
    firm = {"role": "第三人", "kind": "法人", "name": "某公司", "uscc": "913501001234567892",
            "uscc_override_reason": "早期试点代码"}
    with office_store.write() as s:
        party = records.create(s, actor, "party", {**firm, "case_id": made.case.id}, today=TODAY)
        case = records.get(s, "case", made.case.id)
    assert case.to_json()["summary"] == "申请人张伟（身份证号110105********002X）称宅基地界址被占。"
    assert case.to_json(full=True)["summary"] == summary
    assert party.to_json()["uscc"] == party["uscc"] == "913501001234567892"
    zhang = made.parties[0].to_json()
    assert (zhang["id_number"], zhang["birth_date"], zhang["sex"]) == ("110105********002X", "1949", "女")


def test_a_void_reason_meets_the_rule_the_hub_reads_it_by(office_store, actor):
    """The hub refuses a reason past 500 characters: the desk must refuse it first, or the
    void would sit in quarantine while the PC shows the record voided."""
    from fydesk.domain.errors import ValidationError

    made = _register(office_store, actor)
    with office_store.write() as s, pytest.raises(ValidationError, match="作废原因"):
        records.void(s, actor, "case", made.case.id, "长" * 501)
    with office_store.write() as s:
        assert records.void(s, actor, "case", made.case.id, "  录入重复  ").deleted
