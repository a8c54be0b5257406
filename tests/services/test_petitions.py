"""涉诉信访 services: each write is one transaction with its audit entries and outbox ops, steps
only grow, a closing move keeps its record, a refused write leaves nothing behind, and the
month's figures are the documented formula over the records."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fydesk.domain.errors import TransitionError, ValidationError
from fydesk.domain.stats import petition_resolution_rate
from fydesk.models import AuditEntry, OutboxOp, Petition, PetitionStep
from fydesk.services import cases, petitions, records, stats
from fydesk.services.journal import verify_chain

from ..conftest import TODAY
from .test_records import CASE, WANG, ZHANG

PETITION = {"petitioner": "王某", "matter": "对执行进度不满，要求加快执行", "channel": "来访"}


def _counts(store):
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Petition, PetitionStep, AuditEntry, OutboxOp))


def test_registering_writes_the_petition_its_audit_entry_and_outbox_op_together(office_store, actor):
    before = _counts(office_store)
    with office_store.write() as s:
        made = petitions.register(s, actor, PETITION, today=TODAY)
    assert _counts(office_store) == (before[0] + 1, before[1], before[2] + 1, before[3] + 1)
    with office_store.read() as s:
        p = records.get(s, "petition", made.id)
        assert (p["status"], p["received_date"], p["office_id"]) == ("登记", TODAY, actor.office_id)
        op = s.scalar(select(OutboxOp).where(OutboxOp.record_id == made.id))
        assert op.op == "insert" and op.fields["petitioner"] == "王某" and op.fields["status"] == "登记"
        assert verify_chain(s) == []


def test_a_petition_is_handled_by_the_office_that_registers_it(office_store, actor):

    with office_store.write() as s:
        other = records.create(s, actor, "office", {"code": "S01", "name": "石岭司法所", "kind": "司法所"})
    before = _counts(office_store)
    with pytest.raises(ValidationError) as refused, office_store.write() as s:
        petitions.register(s, actor, {**PETITION, "office_id": other.id}, today=TODAY)
    assert refused.value.message == "涉诉信访由本单位登记和办理，承办单位只能是本单位。"
    assert _counts(office_store) == before


def test_a_case_number_on_record_links_the_mediation_case(office_store, actor):
    with office_store.write() as s:
        case = cases.register_case(s, actor, CASE, [ZHANG, WANG], today=TODAY).case
        linked = petitions.register(s, actor, {**PETITION, "case_numbers": f"{case['case_number']}、（2025）外民初1号"},
                                    today=TODAY)
        unknown = petitions.register(s, actor, {**PETITION, "case_numbers": "（2025）外民初1号"}, today=TODAY)
    assert linked["case_id"] == case.id and unknown["case_id"] is None


def test_a_step_is_kept_and_a_registered_petition_is_then_being_resolved(office_store, actor):
    with office_store.write() as s:
        made = petitions.register(s, actor, PETITION, today=date(2026, 11, 2))
    before = _counts(office_store)
    with office_store.write() as s:
        petitions.add_step(s, actor, made.id, {"action": "接谈", "handler": "张法官", "note": "释明执行程序"},
                           today=TODAY)
    # one step and one status move: two audit entries, two outbox ops, in one transaction
    assert _counts(office_store) == (before[0], before[1] + 1, before[2] + 2, before[3] + 2)
    with office_store.read() as s:
        got = petitions.detail(s, made.id)
        assert got.petition["status"] == "化解中"
        assert [(st["action"], st["step_date"]) for st in got.steps] == [("接谈", TODAY)]
        txns = {op.txn_id for op in s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq.desc()).limit(2))}
        assert len(txns) == 1
        with pytest.raises(ValidationError, match="只能追加"):
            records.update(s, actor, "petition_step", got.steps[0].id, {"note": "改写"})


def test_a_step_before_the_petition_was_received_is_refused_and_nothing_written(office_store, actor):
    with office_store.write() as s:
        made = petitions.register(s, actor, PETITION, today=TODAY)
    before = _counts(office_store)
    with pytest.raises(ValidationError) as refused, office_store.write() as s:
        petitions.add_step(s, actor, made.id, {"action": "接谈", "handler": "张法官", "step_date": "2026-10-01"},
                               today=TODAY)
    assert refused.value.message == "“办理日期”不能早于信访件的收到日期。"
    assert _counts(office_store) == before


def _working(store, actor, received=date(2026, 11, 2)):
    with store.write() as s:
        made = petitions.register(s, actor, {**PETITION, "received_date": received}, today=TODAY)
        petitions.move(s, actor, made.id, "化解中", today=TODAY)
    return made.id


def test_a_transfer_keeps_its_record_to_whom_why_and_the_document(office_store, actor):
    pid = _working(office_store, actor)
    with office_store.write() as s:
        petitions.move(s, actor, pid, "终结移交", reason="属行政机关职权范围",
                       closing={"transfer_to": "区司法局", "close_document": "溪信移〔2026〕2号"}, today=TODAY)
    with office_store.read() as s:
        p = records.get(s, "petition", pid)
        assert (p["status"], p["closed_date"], p["transfer_to"], p["status_reason"], p["close_document"]) == (
            "终结移交", TODAY, "区司法局", "属行政机关职权范围", "溪信移〔2026〕2号")
        op = s.scalars(select(OutboxOp).where(OutboxOp.record_id == pid).order_by(OutboxOp.op_seq.desc())).first()
        assert op.fields == {"status": "终结移交", "status_reason": "属行政机关职权范围", "closed_date": "2026-11-20",
                             "transfer_to": "区司法局", "close_document": "溪信移〔2026〕2号"}


@pytest.mark.parametrize(("status", "reason", "closing", "sentence"), [
    ("终结移交", None, {"transfer_to": "区司法局"}, "涉诉信访变为“终结移交”须写明理由。"),
    ("终结移交", "属行政机关职权", {}, "终结移交须写明移交给哪个单位。"),
    ("已化解", None, {"closed_date": "2026-10-30"}, "“化解/终结日期”不能早于收到日期。"),
    ("登记", None, {}, "涉诉信访不能从“化解中”直接变为“登记”；可选：已化解、终结移交、依法终结。"),
])
def test_a_bad_move_is_one_sentence_and_nothing_written(office_store, actor, status, reason, closing, sentence):
    pid = _working(office_store, actor)
    before = _counts(office_store)
    with pytest.raises((TransitionError, ValidationError)) as refused, office_store.write() as s:
        petitions.move(s, actor, pid, status, reason=reason, closing=closing, today=TODAY)
    assert refused.value.message == sentence
    assert _counts(office_store) == before


def test_a_closing_value_on_an_open_petition_is_refused(office_store, actor):
    pid = _working(office_store, actor)
    with pytest.raises(ValidationError, match="化解或终结后才能填写"), office_store.write() as s:
        records.update(s, actor, "petition", pid, {"transfer_to": "区司法局"}, today=TODAY)


def test_the_months_figures_are_the_documented_formula_over_the_records(office_store, actor):
    def petition(received, status=None, closed=None, reason=None, to=None):
        with office_store.write() as s:
            made = petitions.register(s, actor, {**PETITION, "received_date": received}, today=TODAY)
            if status:
                petitions.move(s, actor, made.id, "化解中", today=TODAY)
                petitions.move(s, actor, made.id, status, reason=reason,
                               closing={"closed_date": closed, "transfer_to": to}, today=TODAY)

    petition("2026-11-02", "已化解", "2026-11-10")
    petition("2026-10-20", "已化解", "2026-11-03")  # received in October, 化解 in November
    petition("2026-11-05", "终结移交", "2026-11-15", "属行政职权", "区人社局")
    petition("2026-11-06", "依法终结", "2026-11-18", "已经三级终结")
    petition("2026-11-08")  # still open
    petition("2026-10-02", "已化解", "2026-10-25")  # October's
    with office_store.read() as s:
        got = stats.monthly(s, "2026-11", office_id=actor.office_id).petitions
        rows = s.scalars(select(Petition)).all()
    closed = [r for r in rows if r.closed_date and (r.closed_date.year, r.closed_date.month) == (2026, 11)]
    by = {k: sum(r.status == k for r in closed) for k in ("已化解", "终结移交", "依法终结")}
    assert (got.received, got.resolved, got.transferred, got.ended) == (
        sum((r.received_date.year, r.received_date.month) == (2026, 11) for r in rows),
        by["已化解"], by["终结移交"], by["依法终结"]) == (4, 2, 1, 1)
    assert got.rate == petition_resolution_rate(by["已化解"], by["终结移交"], by["依法终结"]) == 50.0
    assert got.open_at_end == 1
    with office_store.read() as s:
        data = stats.monthly(s, "2026-11").to_json()["petitions"]
    assert (data["received"], data["closed"], data["rate"]) == (4, 4, 50.0) and "÷" in data["rate_note"]
