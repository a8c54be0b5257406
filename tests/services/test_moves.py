"""Status moves that end a case say why, and a move made in error is corrected (更正) as an
audited, synced edit — or nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fydesk.domain.errors import TransitionError, ValidationError
from fydesk.models import AuditEntry, OutboxOp
from fydesk.services import cases, records
from fydesk.services.journal import verify_chain

from ..conftest import TODAY
from .test_records import CASE, WANG, ZHANG, _counts


def _case(store, actor, *statuses, reason="双方分歧过大"):
    with store.write() as s:
        case_id = cases.register_case(s, actor, CASE, [ZHANG, WANG], today=TODAY).case.id
        for status in statuses:
            records.update(s, actor, "case", case_id, {"status": status}, today=TODAY, reason=reason)
    return case_id


def test_a_move_to_not_accepted_without_a_reason_is_refused_in_one_sentence_and_nothing_written(
        office_store, actor):
    case_id = _case(office_store, actor)
    before = _counts(office_store)
    for blank in (None, "", "   "):
        with pytest.raises(TransitionError) as refused:
            with office_store.write() as s:
                records.update(s, actor, "case", case_id, {"status": "不予受理"}, today=TODAY, reason=blank)
        assert refused.value.message == "调解案件变为“不予受理”须写明理由。"
    assert _counts(office_store) == before
    with office_store.read() as s:
        assert records.get(s, "case", case_id)["status"] == "登记"


def test_the_reason_of_an_ending_move_is_kept_on_the_record_and_sent_with_it(office_store, actor):
    case_id = _case(office_store, actor, "不予受理", reason="不属于人民调解受理范围")
    with office_store.read() as s:
        case = records.get(s, "case", case_id)
        assert (case["status"], case["status_reason"]) == ("不予受理", "不属于人民调解受理范围")
        assert case.to_json()["status_reason"] == "不属于人民调解受理范围"
        op = s.scalars(select(OutboxOp).where(OutboxOp.record_id == case_id).order_by(OutboxOp.op_seq.desc())).first()
        assert op.fields == {"status": "不予受理", "status_reason": "不属于人民调解受理范围"}


def test_a_reason_without_a_move_is_refused(office_store, actor):
    case_id = _case(office_store, actor)
    with pytest.raises(ValidationError, match="随状态变更"):
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"claims": "确认界址"}, today=TODAY, reason="无")


def test_the_reason_is_not_typed_in_as_a_field(office_store, actor):
    case_id = _case(office_store, actor)
    with pytest.raises(ValidationError, match="由系统维护"):
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"status_reason": "随手写的"}, today=TODAY)


def test_a_correction_writes_status_reason_audit_and_outbox_in_one_transaction(office_store, actor):
    case_id = _case(office_store, actor, "不予受理", reason="误以为已起诉")
    with office_store.read() as s:
        seq = s.scalar(select(OutboxOp.op_seq).order_by(OutboxOp.op_seq.desc()).limit(1))
        audits = s.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    with office_store.write() as s:
        fixed = records.correct(s, actor, "case", case_id, "登记", "误点不予受理，当事人并未起诉", today=TODAY)
    assert (fixed["status"], fixed["status_reason"]) == ("登记", "误点不予受理，当事人并未起诉")
    with office_store.read() as s:
        [op] = s.scalars(select(OutboxOp).where(OutboxOp.op_seq > seq)).all()
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.seq > audits)).all()
        assert (op.op, op.record_id) == ("update", case_id)
        assert op.fields == {"status": "登记", "status_reason": "误点不予受理，当事人并未起诉"}
        assert entry.action == "correct"
        assert entry.before == {"status": "不予受理", "status_reason": "误以为已起诉"}
        assert entry.after == op.fields
        assert verify_chain(s) == []
    with office_store.write() as s:  # and the case goes on as it should have
        assert records.update(s, actor, "case", case_id, {"status": "受理"}, today=TODAY)["status"] == "受理"


def test_a_correction_may_choose_the_move_that_should_have_been_made(office_store, actor):
    case_id = _case(office_store, actor, "不予受理", reason="误判")
    with office_store.write() as s:
        fixed = records.correct(s, actor, "case", case_id, "受理", "应予受理", today=TODAY)
    assert fixed["status"] == "受理" and fixed["accepted_date"] == TODAY


def test_a_correction_takes_away_what_the_wrong_status_brought(office_store, actor):
    case_id = _case(office_store, actor, "受理", "调解中", "调解不成", "结案")
    with office_store.write() as s:
        closed = records.get(s, "case", case_id)
        assert closed["close_date"] == TODAY and closed["result"] == "调解不成"
        back = records.correct(s, actor, "case", case_id, "调解不成", "结案过早，尚需补充材料", today=TODAY)
    assert (back["status"], back["close_date"], back["close_method"], back["result"]) == (
        "调解不成", None, None, "调解不成")
    case_id = _case(office_store, actor, "受理")
    with office_store.write() as s:
        back = records.correct(s, actor, "case", case_id, "登记", "误点受理", today=TODAY)
    assert (back["accepted_date"], back["term_end"]) == (None, None)


def test_a_correction_needs_a_reason_and_a_status_the_last_move_could_have_reached(office_store, actor):
    case_id = _case(office_store, actor, "受理", "调解中")
    before = _counts(office_store)
    with pytest.raises(TransitionError, match="须写明更正理由"):
        with office_store.write() as s:
            records.correct(s, actor, "case", case_id, "受理", "  ")
    # The last move here came from 受理: 登记 is two moves back, not a correction of it.
    with pytest.raises(TransitionError, match="可更正为：受理"):
        with office_store.write() as s:
            records.correct(s, actor, "case", case_id, "登记", "想退回去")
    assert _counts(office_store) == before


def test_correcting_a_record_without_a_status_is_refused(office_store, actor):
    case_id = _case(office_store, actor)
    with office_store.read() as s:
        party = records.list_children(s, "party", "case_id", case_id)[0]
    with pytest.raises(ValidationError, match="没有状态"):
        with office_store.write() as s:
            records.correct(s, actor, "party", party.id, "登记", "理由")


def test_a_record_that_never_moved_has_nothing_to_correct(office_store, actor):
    with office_store.write() as s:
        joint = records.create(s, actor, "joint_case", {"title": "物业纠纷联合化解", "mode": "法庭+司法所",
                                                        "lead_office_id": actor.office_id,
                                                        "opened_date": TODAY}, today=TODAY)
    with office_store.read() as s:
        # 办理中 follows 已退回 in the machine, but this case was made 办理中 and stayed so.
        assert records.corrections(s, "joint_case", joint.id) == ()
    with pytest.raises(TransitionError, match="没有可更正的状态变更"):
        with office_store.write() as s:
            records.correct(s, actor, "joint_case", joint.id, "已退回", "理由")
    with office_store.write() as s:
        records.update(s, actor, "joint_case", joint.id, {"status": "已办结"}, today=TODAY)
    with office_store.read() as s:
        assert records.corrections(s, "joint_case", joint.id) == ("办理中", "已退回")
