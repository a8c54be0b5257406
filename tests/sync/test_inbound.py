"""Applying pulled pages on a PC: in bulk, with a change-by-change fallback that skips only
what this copy cannot hold, and the same outcome as applying the changes one at a time."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from fydesk.models import (
    AuditEntry,
    MediationCase,
    MissedRecord,
    OutboxOp,
    Party,
    SyncConflict,
    SyncLogEntry,
)
from fydesk.services import cases, records, setup
from fydesk.services.context import load_actor
from fydesk.services.journal import verify_chain
from fydesk.services.search import search
from fydesk.store.open import open_store
from fydesk.sync import inbound
from fydesk.sync import protocol as p

from ..conftest import TODAY
from ..services.test_search import chars_totals

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "房屋宅基地纠纷",
        "summary": "张某与王某因宅基地界址发生争议，双方各执一词。", "registered_date": "2026-11-02"}
ZHANG = {"role": "申请人", "name": "张伟", "id_number": "11010519491231002X"}
WANG = {"role": "被申请人", "name": "王芳", "id_number": "440524188001010014"}


@pytest.fixture
def sender(tmp_path):
    """A tribunal PC with three registered cases; its outbox is what the hub would send on."""
    store = open_store(tmp_path / "sender", daily_backup=False)
    with store.write() as s:
        setup.initialise(s, office_code="T01", office_name="溪口人民法庭", kind="人民法庭",
                         case_prefix="溪口人", user="书记员", today=TODAY)
    with store.write() as s:
        actor = load_actor(s, "书记员")
        for i in range(3):
            cases.register_case(s, actor, {**CASE, "summary": f"第{i}件：{CASE['summary']}"}, [ZHANG, WANG],
                                today=TODAY)
    yield store
    store.close()


@pytest.fixture
def receiver(tmp_path):
    store = open_store(tmp_path / "receiver", daily_backup=False)
    with store.write() as s:
        setup.initialise(s, office_code="T02", office_name="城关人民法庭", kind="人民法庭", user="书记员",
                         today=TODAY)
    yield store
    store.close()


def as_changes(store, first_seq: int = 1000) -> list[p.Change]:
    """The store's outbox as the hub's log would carry it to another PC of the office."""
    with store.read() as s:
        office = load_actor(s, "书记员").office_id
        ops = s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq)).all()
        return [p.Change(seq=first_seq + i, entity=op.entity, record_id=op.record_id, owner_office_id=office,
                         op=op.op, fields=op.fields, deleted=op.op == "delete", needs_coordination=False,
                         author="溪口人民法庭·书记员") for i, op in enumerate(ops)]


def apply(store, changes: list[p.Change], cursor: int | None = None) -> inbound.PageResult:
    page = p.PullResponse(changes=changes, cursor=cursor or changes[-1].seq, more=False, hub_time=TODAY)
    with store.write() as s:
        return inbound.apply_page(s, load_actor(s, "sync"), page)


def search_ids(store, words: str) -> list[str]:
    with store.read() as s:
        return [h.case_id for h in search(s, words)]


def snapshot(store) -> dict:
    with store.read() as s:
        return {
            "cases": sorted((c.id, c.summary, c.rev, c.deleted_at is None) for c in s.scalars(select(MediationCase))),
            "parties": sorted((q.id, q.case_id, q.name, q.rev) for q in s.scalars(select(Party))),
        }


def test_a_page_lands_whole_with_its_audit_chain_and_cursor(sender, receiver):
    changes = as_changes(sender)
    with receiver.read() as s:
        own_ops = s.scalar(select(func.count()).select_from(OutboxOp))
    result = apply(receiver, changes)
    assert (result.applied, result.failed) == (len(changes), 0)
    with receiver.read() as s:
        summaries = sorted(s.scalars(select(MediationCase.summary)))
        assert summaries == [f"第{i}件：{CASE['summary']}" for i in range(3)]
        assert s.scalar(select(func.count()).select_from(Party)) == 6
        assert inbound.cursor(s) == changes[-1].seq
        assert verify_chain(s) == []
        pulled = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("sync-%")))
        assert pulled == len(changes)
        assert s.scalar(select(func.count()).select_from(OutboxOp)) == own_ops  # pulled changes never go back


def test_bulk_and_one_at_a_time_give_the_same_copy(sender, receiver, tmp_path):
    with sender.write() as s:
        actor = load_actor(s, "书记员")
        case = s.scalars(select(MediationCase).order_by(MediationCase.id)).first()
        records.update(s, actor, "case", case.id, {"summary": "改过一次的案情"}, today=TODAY)
        records.update(s, actor, "case", case.id, {"summary": "改过两次的案情"}, today=TODAY)
    changes = as_changes(sender)
    apply(receiver, changes)  # one page: insert and both edits of the case fold together
    single = open_store(tmp_path / "single", daily_backup=False)
    with single.write() as s:
        setup.initialise(s, office_code="T02", office_name="城关人民法庭", kind="人民法庭", user="书记员",
                         today=TODAY)
    for change in changes:
        apply(single, [change])
    assert snapshot(receiver) == snapshot(single)
    for copy in (receiver, single):  # the bulk writes and edits kept the search index whole
        with copy.write() as s:
            s.execute(text("INSERT INTO search_index(search_index) VALUES('integrity-check')"))
    # and the character index holds as many rows and tokens as the triggers left, one at a time
    totals = "SELECT block FROM search_chars_data WHERE id = 1"
    with receiver.read() as a, single.read() as b:
        assert a.scalar(text(totals)) == b.scalar(text(totals))
    assert search_ids(receiver, "两次") == search_ids(single, "两次") != []
    assert search_ids(receiver, "改过两次") == search_ids(single, "改过两次") != []
    assert search_ids(receiver, "改过一次") == []
    assert ("改过两次的案情", changes[-1].seq) in [(c[1], c[2]) for c in snapshot(receiver)["cases"]]
    single.close()


def test_a_change_this_copy_cannot_hold_is_logged_and_the_rest_still_lands(sender, receiver):
    changes = as_changes(sender)
    with sender.read() as s:
        first_case = s.scalars(select(MediationCase.id).order_by(MediationCase.id)).first()
    # The first case's insert never reaches this PC: its parties point at nothing.
    page = [c for c in changes if not (c.entity == "case" and c.record_id == first_case)]
    result = apply(receiver, page)
    assert result.failed == 2 and result.applied == len(page) - 2
    with receiver.read() as s:
        assert s.scalar(select(func.count()).select_from(MediationCase)) == 2
        assert s.scalar(select(func.count()).select_from(Party)) == 4
        errors = s.scalars(select(SyncLogEntry.detail).where(SyncLogEntry.kind == "error")).all()
        assert len(errors) == 2 and all("party" in e for e in errors)
        assert inbound.cursor(s) == page[-1].seq  # the page is done; the hub still has them
        assert verify_chain(s) == []
        missed = inbound.missed(s)
    assert {m.entity for m in missed} == {"party"} and len(missed) == 2

    # Still without their case, the parties asked for again stay noted, with the reason.
    parties = [c for c in changes if c.entity == "party" and c.record_id in {m.record_id for m in missed}]
    with receiver.write() as s:
        again = inbound.apply_missed(s, load_actor(s, "sync"), missed, parties)
    assert (again.applied, again.failed) == (0, 2)
    with receiver.read() as s:
        assert [(m.attempts, "FOREIGN KEY" in m.reason) for m in s.scalars(select(MissedRecord))] == [(1, True)] * 2

    # Once the case is here, the parties fetched whole land and are no longer missed.
    apply(receiver, [c for c in changes if c.record_id == first_case], cursor=page[-1].seq)
    with receiver.write() as s:
        landed = inbound.apply_missed(s, load_actor(s, "sync"), missed, parties)
    assert (landed.applied, landed.failed) == (2, 0)
    with receiver.read() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 6
        assert inbound.missed(s) == []
        assert inbound.cursor(s) == page[-1].seq
        assert verify_chain(s) == []
    # The bulk writes undone and done again change by change left the character index whole.
    kept, rebuilt = chars_totals(receiver)
    assert kept == rebuilt
    assert len(search_ids(receiver, "芳")) == 3


def test_a_missed_record_the_hub_does_not_send_back_is_forgotten(sender, receiver):
    changes = as_changes(sender)
    case_id = next(c.record_id for c in changes if c.entity == "case")
    edit = p.Change(seq=5000, entity="case", record_id=case_id, owner_office_id=changes[0].owner_office_id,
                    op="update", fields={"summary": "别处的修改"}, deleted=False, needs_coordination=False,
                    author="溪口人民法庭·书记员")
    result = apply(receiver, [edit])  # an edit of a case this PC never received
    assert result.missed and result.applied == 0
    with receiver.read() as s:
        [missed] = inbound.missed(s)
    assert missed.record_id == case_id
    with receiver.write() as s:  # the hub has nothing for this office under that id
        inbound.apply_missed(s, load_actor(s, "sync"), [missed], [])
    with receiver.read() as s:
        assert inbound.missed(s) == [] and s.get(MediationCase, case_id) is None


def test_a_field_edited_here_and_not_yet_pushed_keeps_its_local_value(sender, receiver):
    changes = as_changes(sender)
    apply(receiver, changes)
    case_id = changes[0].record_id if changes[0].entity == "case" else next(
        c.record_id for c in changes if c.entity == "case")
    with receiver.write() as s:
        records.update(s, load_actor(s, "书记员"), "case", case_id, {"summary": "本机未推送的修改"}, today=TODAY)
    with receiver.read() as s:
        rev_before = s.get(MediationCase, case_id).rev
    later = p.Change(seq=5000, entity="case", record_id=case_id, owner_office_id=changes[0].owner_office_id,
                     op="update", fields={"summary": "别处的修改", "claims": "请求确认界址"}, deleted=False,
                     needs_coordination=False, author="溪口人民法庭·书记员")
    result = apply(receiver, [later])
    assert result.skipped_fields == 1
    with receiver.read() as s:
        case = s.get(MediationCase, case_id)
        assert (case.summary, case.claims) == ("本机未推送的修改", "请求确认界址")
        assert case.rev == rev_before  # not past what this copy has really seen


def _changes_made(store, changes: list[p.Change]) -> int:
    """Rows the page wrote, search-index triggers included (SQLite's total_changes counts those)."""
    page = p.PullResponse(changes=changes, cursor=changes[-1].seq, more=False, hub_time=TODAY)
    with store.write() as s:
        raw = s.connection().connection.driver_connection
        before = raw.total_changes
        inbound.apply_page(s, load_actor(s, "sync"), page)
        s.flush()
        return raw.total_changes - before


def test_a_pulled_page_is_searchable_and_only_changed_indexed_text_is_indexed_again(sender, receiver):
    changes = as_changes(sender)
    apply(receiver, changes)
    cases_ = [c for c in changes if c.entity == "case"]
    assert len(search_ids(receiver, "宅基地界址")) == 3
    assert search_ids(receiver, "第1件") == [cases_[1].record_id]

    def edit(record_id: str, seq: int, **fields) -> p.Change:
        return p.Change(seq=seq, entity="case", record_id=record_id, owner_office_id=cases_[0].owner_office_id,
                        op="update", fields=fields, deleted=False, needs_coordination=False, author="溪口人民法庭·书记员")

    # An edit of indexed text: found by its new words, no longer by its old ones.
    apply(receiver, [edit(cases_[1].record_id, 2001, summary="第1件：鱼塘承包合同纠纷，双方对租金有争议。")])
    assert search_ids(receiver, "鱼塘承包") == [cases_[1].record_id]
    assert search_ids(receiver, "第1件") == [cases_[1].record_id]
    assert sorted(search_ids(receiver, "宅基地界址")) == sorted([cases_[0].record_id, cases_[2].record_id])

    # A field the index does not hold, and an echo of the same texts (what a PC gets back for
    # its own edits): the index is not written at all — the same rows change as for an edit
    # of no indexed field — and search finds what it found.
    plain = _changes_made(receiver, [edit(c.record_id, 2002 + i, people_involved=4) for i, c in enumerate(cases_)])
    echo = _changes_made(receiver, [edit(c.record_id, 2010 + i, summary=s, dispute_type=CASE["dispute_type"])
                                    for i, (c, s) in enumerate(zip(cases_, [
                                        f"第0件：{CASE['summary']}", "第1件：鱼塘承包合同纠纷，双方对租金有争议。",
                                        f"第2件：{CASE['summary']}"]))])
    assert echo == plain
    moved = _changes_made(receiver, [edit(cases_[0].record_id, 2020, summary="第0件：山林权属纠纷。")])
    assert moved > plain // len(cases_)  # a real edit of indexed text does rewrite its index row
    assert search_ids(receiver, "山林权属") == [cases_[0].record_id]
    assert search_ids(receiver, "宅基地界址") == [cases_[2].record_id]
    with receiver.write() as s:  # FTS5 raises if the index no longer matches its content
        s.execute(text("INSERT INTO search_index(search_index) VALUES('integrity-check')"))


# --- pulling again after a hub went back ----------------------------------------------------

def test_a_page_pulled_again_changes_nothing(sender, receiver):
    """After a hub restore the PC pulls again from an earlier point: what it has already
    applied comes once more, and must land as it is (an insert of a record held is an update)."""
    with sender.write() as s:
        case = s.scalars(select(MediationCase).order_by(MediationCase.id)).first()
        records.update(s, load_actor(s, "书记员"), "case", case.id, {"summary": "改过的案情"}, today=TODAY)
    changes = as_changes(sender)
    apply(receiver, changes)
    before = snapshot(receiver)
    again = apply(receiver, changes)
    assert (again.applied, again.failed, again.missed) == (len(changes), 0, [])
    assert snapshot(receiver) == before
    with receiver.read() as s:
        assert verify_chain(s) == [] and inbound.missed(s) == []
        assert s.scalar(select(func.count()).select_from(MediationCase)) == 3
    assert search_ids(receiver, "改过的案情") == [case.id]


def test_each_page_leaves_a_point_to_come_back_to_and_rewinding_claims_nothing_past_it(sender, receiver):
    changes = [c.model_copy(update={"tag": f"{c.seq:016x}"}) for c in as_changes(sender)]
    for i in range(0, len(changes), 4):
        apply(receiver, changes[i:i + 4])
    with receiver.read() as s:
        points = inbound.checkpoints(s)
        assert inbound.position(s) == (changes[-1].seq, changes[-1].tag) == points[-1]
    assert all(tag == f"{seq:016x}" for seq, tag in points) and len(points) > 1
    with receiver.write() as s:  # an edit waiting to be pushed, made having seen every change
        case = s.scalars(select(MediationCase).order_by(MediationCase.rev.desc())).first()
        records.update(s, load_actor(s, "书记员"), "case", case.id, {"summary": "本机修改"}, today=TODAY)

    back, tag = points[-2]
    with receiver.write() as s:
        refetch = inbound.rewind(s, back, tag)
    with receiver.read() as s:
        assert inbound.position(s) == (back, tag) and inbound.checkpoints(s) == points[:-1]
        later = {c.record_id for c in changes if c.seq > back}
        assert refetch == len(later) and {m.record_id for m in inbound.missed(s)} == later
        assert max(s.scalars(select(MediationCase.rev))) == back
        assert max(s.scalars(select(Party.rev))) <= back
        assert [op.base_rev for op in s.scalars(select(OutboxOp).where(OutboxOp.record_id == case.id))] == [back]


def test_the_pull_keeps_a_few_dozen_points_fewer_the_further_back():
    """Were the hub to go back anywhere, the point kept just below is not many times further
    back than the best of every point the pull stood at: what is pulled again stays in
    proportion to what the hub lost."""
    points: list[tuple[int, str | None]] = []
    stood: list[int] = []
    seq = 0
    for page in range(3000):
        seq += (1000, 1, 370, 1000, 1000, 64)[page % 6]
        stood.append(seq)
        points = inbound.thin([*points, (seq, str(seq))])
        assert len(points) <= inbound.MAX_CHECKPOINTS and points[-1] == (seq, str(seq))
    assert len(points) < 30
    for target in range(0, seq, 997):
        kept = max((s for s, _ in points if s <= target), default=0)
        best = max((s for s in stood if s <= target), default=0)
        assert seq - kept <= 6 * (seq - best), target


def test_a_change_clearing_the_flag_settles_that_records_open_conflicts_only(sender, receiver):
    changes = as_changes(sender)
    apply(receiver, changes)
    first, second = [c.record_id for c in changes if c.entity == "case"][:2]
    seq = changes[-1].seq

    def flagged(record_id: str, at: int, flag: bool) -> p.Change:
        conflicts = [p.FieldConflict(entity="case", record_id=record_id, field="summary", hub_value="甲",
                                     hub_author="他所", op_value="乙", op_author="本所", seq=at)] if flag else []
        return p.Change(seq=at, entity="case", record_id=record_id, owner_office_id=None, op="flag", fields={},
                        deleted=False, needs_coordination=flag, conflicts=conflicts, author="市级平台")

    assert apply(receiver, [flagged(first, seq + 1, True), flagged(second, seq + 2, True)]).conflicts == 2
    apply(receiver, [flagged(first, seq + 3, False)])
    with receiver.read() as s:
        open_ = {c.record_id for c in s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None)))}
        cases_ = {c.id: c.needs_coordination for c in s.scalars(select(MediationCase))}
    assert open_ == {second} and cases_[first] is False and cases_[second] is True


def test_the_garbage_collector_rests_while_a_page_is_applied_and_is_left_as_it_was(sender, receiver, monkeypatch):
    import gc

    seen = []
    real = inbound._apply

    def watched(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(inbound, "_apply", watched)
    changes = as_changes(sender)
    assert gc.isenabled()
    apply(receiver, changes[:3])
    assert seen == [False] and gc.isenabled()
    gc.disable()  # turned off elsewhere in the program: stays off
    try:
        apply(receiver, changes[3:])
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(inbound, "_apply", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        apply(receiver, changes)
    assert gc.isenabled()


def test_the_garbage_collector_rests_while_a_page_is_fetched_and_read_too(office_store):
    import gc
    from datetime import datetime

    import httpx

    from fydesk.sync import engine
    from fydesk.sync.client import HubClient

    seen = []

    def hub(request: httpx.Request) -> httpx.Response:
        seen.append(gc.isenabled())
        return httpx.Response(200, json={"changes": [], "cursor": 0, "more": False, "head": 0,
                                          "hub_time": "2026-11-20T09:00:00Z"})

    client = HubClient("http://hub.test", token="t", transport=httpx.MockTransport(hub))
    assert gc.isenabled()
    engine._pull_all(office_store, client, engine.SyncSummary(), lambda: datetime(2026, 11, 20, 9))
    assert seen == [False] and gc.isenabled()
