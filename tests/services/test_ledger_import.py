"""The 台账 import service: progress as rows are read, the audit chain and outbox of records
written many at a time, and all or nothing even after some rows were already written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from fydesk import models as m
from fydesk.domain.ids import make_id_card
from fydesk.services import ledger, transfer
from fydesk.services.journal import verify_chain

from ..conftest import TODAY

HEADER = ["登记日期", "纠纷类型", "纠纷简要情况", "申请人", "身份证号", "被申请人"]


def rows(n: int, bad: set[int] = frozenset()):
    for i in range(n):
        number = make_id_card("440120", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000, "女")
        if i + 2 in bad:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        yield i + 2, [date(2025, 1, 2) + timedelta(days=i % 300), "物业纠纷", f"第{i + 1}号", f"甲{i}", number, f"乙{i}"]


def count(store, model):
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_progress_is_reported_as_rows_are_read_and_at_the_end(office_store, actor):
    heard = []
    with office_store.write() as session:
        created = ledger.import_ledger(session, actor, HEADER, rows(1200), today=TODAY,
                                       progress=lambda done, total: heard.append((done, total)), total=1200)
    assert created == {"case": 1200, "party": 2400}
    assert heard == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_records_written_many_at_a_time_keep_the_audit_chain_and_one_outbox_op_each(office_store, actor):
    outbox, audit = count(office_store, m.OutboxOp), count(office_store, m.AuditEntry)
    with office_store.write() as session:
        ledger.import_ledger(session, actor, HEADER, rows(900), today=TODAY)  # more than one batch
    assert count(office_store, m.OutboxOp) - outbox == 2700
    assert count(office_store, m.AuditEntry) - audit == 2700
    with office_store.read() as session:
        assert verify_chain(session) == []
        numbers = session.scalars(select(m.MediationCase.case_number)).all()
        hlcs = session.scalars(select(m.OutboxOp.hlc).order_by(m.OutboxOp.op_seq)).all()
        case_op = aliased(m.OutboxOp)
        party_before_case = session.scalar(
            select(func.count()).select_from(m.OutboxOp)
            .join(m.Party, m.Party.id == m.OutboxOp.record_id)
            .join(case_op, case_op.record_id == m.Party.case_id)
            .where(case_op.op_seq > m.OutboxOp.op_seq))
    assert len(set(numbers)) == 900
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    assert party_before_case == 0  # the hub hears of a case before its parties


def test_an_error_after_rows_were_written_still_leaves_nothing(office_store, actor):
    before = [count(office_store, x) for x in (m.MediationCase, m.Party, m.OutboxOp, m.AuditEntry)]
    with pytest.raises(transfer.ImportFailed) as failed:
        with office_store.write() as session:
            ledger.import_ledger(session, actor, HEADER, rows(1000, bad={950}), today=TODAY)
    assert len(failed.value.errors) == 1
    assert failed.value.errors[0].startswith("第 950 行，身份证号列：身份证号不正确")
    assert [count(office_store, x) for x in (m.MediationCase, m.Party, m.OutboxOp, m.AuditEntry)] == before
