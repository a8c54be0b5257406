"""需协调 across the city: open conflicts as the coordinator reads them, and notes that reach
both offices. Real conflicts, made by devices pushing over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from fydesk.domain.errors import FydeskError
from fydesk.hub.coordination import add_note, open_conflicts
from fydesk.hub.models import ChangeEntry, Conflict, CoordinationNote, Record, utcnow
from fydesk.sync import protocol as p

JOINT = "01a20000-0000-7000-8000-00000000a001"
LINK = "01a20000-0000-7000-8000-00000000b001"
CASE = "01a20000-0000-7000-8000-00000000c001"
COORDINATOR = "联席会议办公室·张三"


def _joint_conflict(tribunal, sifa) -> int:
    """The tribunal closes the joint case, the 司法所 sends it back, each unaware of the other."""
    made = tribunal.results(
        tribunal.op("joint_case", JOINT, "insert", title="土地流转纠纷联动化解", mode="法庭+司法所",
                    lead_office_id=tribunal.office_id, opened_date="2026-11-01", status="办理中"),
        tribunal.op("joint_office", LINK, "insert", joint_case_id=JOINT, office_id=sifa.office_id, role="参与"))
    rev = made[0].rev
    tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, status="已办结"))
    [clash] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, status="已退回"))
    assert clash.status == "conflict"
    return clash.rev


def _case_conflict(clerk, judge) -> int:
    """Two PCs of one office change the amount of one case at once."""
    [made] = clerk.results(clerk.op("case", CASE, "insert", case_number="（2026）溪调字第3号",
                                    summary="借款纠纷", status="受理", amount_cents=100))
    judge.results(judge.op("case", CASE, base_rev=made.rev, amount_cents=12345))
    [clash] = clerk.results(clerk.op("case", CASE, base_rev=made.rev, amount_cents=None))
    assert clash.status == "conflict"
    return clash.rev


@pytest.fixture
def city(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    hub.office("C01", "溪口村委会", "村(居)委会")
    devices = {"tribunal": hub.device("T01"), "sifa": hub.device("S01"), "clerk": hub.device("C01", "书记员电脑"),
               "judge": hub.device("C01", "主任电脑")}
    return hub, devices


def test_every_open_conflict_reads_as_people_read_it_oldest_first(city):
    hub, d = city
    _joint_conflict(d["tribunal"], d["sifa"])
    _case_conflict(d["clerk"], d["judge"])
    with hub.store.session() as s:
        joint, case = open_conflicts(s)
    assert (joint.entity, joint.record_id, joint.field) == ("joint_case", JOINT, "status")
    assert joint.record_label == "联动案件“土地流转纠纷联动化解”" and joint.field_label == "办理状态"
    assert (joint.hub_value, joint.op_value) == ("已办结", "已退回")
    assert joint.hub_author == "溪口人民法庭·测试员" and joint.op_author == "溪口司法所·测试员"
    assert set(joint.offices) == {"溪口人民法庭", "溪口司法所"} and set(joint.office_ids) == {
        d["tribunal"].office_id, d["sifa"].office_id}
    assert joint.age_days == 0 and joint.notes == () and joint.raised_at <= case.raised_at
    # money in yuan, nothing as 空, the case by its 案号
    assert case.record_label == "调解案件 （2026）溪调字第3号" and case.field_label == "涉及金额"
    assert (case.hub_value, case.op_value) == ("123.45 元", "空")
    assert case.offices == ("溪口村委会",)
    assert case.to_json()["offices"] == ["溪口村委会"]


def test_filters_by_office_concerned_and_by_age(city):
    hub, d = city
    joint_seq = _joint_conflict(d["tribunal"], d["sifa"])
    _case_conflict(d["clerk"], d["judge"])
    with hub.store.session() as s:  # the joint case's conflict was raised twenty days ago
        s.execute(update(ChangeEntry).where(ChangeEntry.seq == joint_seq).values(at=utcnow() - timedelta(days=20)))
    with hub.store.session() as s:
        assert [c.record_id for c in open_conflicts(s, office_id=d["sifa"].office_id)] == [JOINT]
        assert [c.record_id for c in open_conflicts(s, office_id=d["tribunal"].office_id)] == [JOINT]
        assert [c.record_id for c in open_conflicts(s, office_id=d["clerk"].office_id)] == [CASE]
        assert open_conflicts(s, office_id="no-such-office") == []
        aged = open_conflicts(s, min_age_days=7)
        assert [(c.record_id, c.age_days) for c in aged] == [(JOINT, 20)]
        assert open_conflicts(s, office_id=d["clerk"].office_id, min_age_days=7) == []
        later = open_conflicts(s, now=utcnow() + timedelta(days=3))
        assert [c.age_days for c in later] == [23, 3]  # oldest first
        with pytest.raises(FydeskError, match="不能为负数"):
            open_conflicts(s, min_age_days=-1)


def test_a_pulled_conflict_is_named_by_the_seq_the_hub_keeps_it_under(city):
    """Every PC keeps a conflict by this seq (and tells a new one on the same field from an old
    one by it); the log carried 0, as the entry was written before its seq was given out."""
    hub, d = city
    seq = _joint_conflict(d["tribunal"], d["sifa"])
    for device in (d["tribunal"], d["sifa"]):
        [flag] = [c for c in device.pull() if c.conflicts]
        assert flag.seq == seq and [c.seq for c in flag.conflicts] == [seq]
    with hub.store.session() as s:
        assert s.scalar(select(Conflict.seq)) == seq


def test_an_office_settling_the_field_takes_the_conflict_off_the_list(city):
    hub, d = city
    seen = _joint_conflict(d["tribunal"], d["sifa"])
    # an edit of the field made with the conflict in view is the decision (DESIGN §4)
    [decided] = d["sifa"].results(d["sifa"].op("joint_case", JOINT, base_rev=seen, status="已办结"))
    assert decided.status == "applied"
    with hub.store.session() as s:
        assert s.scalar(select(Conflict.resolved_at)) is not None
        assert open_conflicts(s) == []


def _void_against_edit(tribunal, sifa) -> int:
    """The 司法所 adds to the joint case while the tribunal voids it: 需协调, the case in force."""
    made = tribunal.results(
        tribunal.op("joint_case", JOINT, "insert", title="土地流转纠纷联动化解", mode="法庭+司法所",
                    lead_office_id=tribunal.office_id, opened_date="2026-11-01", status="办理中"),
        tribunal.op("joint_office", LINK, "insert", joint_case_id=JOINT, office_id=sifa.office_id, role="参与"))
    sifa.results(sifa.op("joint_case", JOINT, base_rev=made[0].rev, summary="司法所补充情况"))
    [clash] = tribunal.results(tribunal.op("joint_case", JOINT, "delete", base_rev=made[0].rev, reason="重复立案"))
    assert clash.status == "conflict" and clash.conflicts[0].field == "deleted_at"
    return clash.rev


def _settled(hub, device) -> p.Change:
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))) == 0
        assert s.get(Record, JOINT).needs_coordination is False
        assert open_conflicts(s) == []
    last = [c for c in device.pull() if c.record_id == JOINT][-1]
    assert last.needs_coordination is False  # every office hears the question is answered
    return last


def test_a_void_against_an_edit_is_settled_by_voiding_again_with_it_in_view(city):
    """The desk tells people to decide such a conflict by voiding or editing the record; the
    hub settled neither, and the record stayed 需协调 in every office for good."""
    hub, d = city
    seen = _void_against_edit(d["tribunal"], d["sifa"])
    [blind] = d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, "delete", base_rev=1, reason="重复立案"))
    assert blind.status == "conflict"  # not seen: no decision, the question asked again
    [void] = d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, "delete", base_rev=max(seen, blind.rev),
                                                    reason="重复立案"))
    assert void.status == "applied"
    assert _settled(hub, d["sifa"]).deleted is True


def test_a_void_against_an_edit_is_settled_by_editing_on_with_it_in_view(city):
    hub, d = city
    seen = _void_against_edit(d["tribunal"], d["sifa"])
    [edit] = d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, base_rev=seen, summary="继续办理"))
    assert edit.status == "applied"
    last = _settled(hub, d["sifa"])
    assert last.deleted is False and last.fields == {"summary": "继续办理"}


def test_an_edit_of_a_voided_record_is_settled_when_the_void_is_confirmed(city):
    hub, d = city
    made = d["tribunal"].results(
        d["tribunal"].op("joint_case", JOINT, "insert", title="土地流转纠纷联动化解", mode="法庭+司法所",
                         lead_office_id=d["tribunal"].office_id, opened_date="2026-11-01", status="办理中"),
        d["tribunal"].op("joint_office", LINK, "insert", joint_case_id=JOINT, office_id=d["sifa"].office_id))
    d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, "delete", base_rev=made[0].rev, reason="重复立案"))
    [clash] = d["sifa"].results(d["sifa"].op("joint_case", JOINT, base_rev=made[0].rev, summary="司法所补充"))
    assert clash.status == "conflict"
    [void] = d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, "delete", base_rev=clash.rev,
                                                    reason="重复立案"))
    assert void.status == "applied" and void.rev > clash.rev
    assert _settled(hub, d["sifa"]).deleted is True


def test_a_note_is_kept_listed_and_logged_for_both_offices_only(city):
    hub, d = city
    _joint_conflict(d["tribunal"], d["sifa"])
    for device in d.values():
        device.pull()  # everything before the note
    with hub.store.session() as s:
        [conflict] = open_conflicts(s)
        note = add_note(s, conflict.id, COORDINATOR, "  请两单位于本周五前会商，确定是否办结。 ")
    assert note.text == "请两单位于本周五前会商，确定是否办结。"
    with hub.store.session() as s:
        [listed] = open_conflicts(s)
    assert [(n.author, n.text) for n in listed.notes] == [(COORDINATOR, note.text)]
    for name in ("tribunal", "sifa"):
        [change] = d[name].pull()
        assert (change.entity, change.record_id, change.op, change.author) == (
            p.NOTE_ENTITY, note.id, "insert", COORDINATOR)
        fields = p.NoteFields.model_validate(change.fields)
        assert (fields.conflict_seq, fields.record_id, fields.field, fields.text) == (
            conflict.seq, JOINT, "status", note.text)
    assert d["clerk"].pull() == []  # an office not concerned never sees it


@pytest.mark.parametrize("text, message", [
    ("", "请填写协调意见"), ("   ", "请填写协调意见"), ("议" * 501, "最多 500 个字"), ("请\x00会商", "无法保存"),
])
def test_a_note_must_be_one_to_five_hundred_characters(city, text, message):
    hub, d = city
    _joint_conflict(d["tribunal"], d["sifa"])
    with hub.store.session() as s:
        [conflict] = open_conflicts(s)
        head = s.scalar(select(func.max(ChangeEntry.seq)))
        with pytest.raises(FydeskError, match=message):
            add_note(s, conflict.id, COORDINATOR, text)
        assert s.scalar(select(func.count()).select_from(CoordinationNote)) == 0
        assert s.scalar(select(func.max(ChangeEntry.seq))) == head
        assert add_note(s, conflict.id, COORDINATOR, "议" * 500).text == "议" * 500


def test_a_note_on_an_unknown_or_settled_conflict_is_refused(city):
    hub, d = city
    seen = _joint_conflict(d["tribunal"], d["sifa"])
    with hub.store.session() as s:
        [conflict] = open_conflicts(s)
        with pytest.raises(FydeskError, match="没有第 999 号需协调事项"):
            add_note(s, 999, COORDINATOR, "请会商。")
    d["tribunal"].results(d["tribunal"].op("joint_case", JOINT, base_rev=seen, status="已办结"))
    with hub.store.session() as s:
        with pytest.raises(FydeskError, match="已由有关单位作出决定"):
            add_note(s, conflict.id, COORDINATOR, "请会商。")
        assert s.scalar(select(func.count()).select_from(CoordinationNote)) == 0


def test_listing_reads_only_the_open_conflicts_and_their_records(city):
    """As many statements for twenty conflicts as for one, and none scanning the records."""
    hub, d = city
    _case_conflict(d["clerk"], d["judge"])
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def listed() -> int:
        statements.clear()
        event.listen(hub.store.engine, "before_cursor_execute", count)
        try:
            with hub.store.session() as s:
                rows = open_conflicts(s)
        finally:
            event.remove(hub.store.engine, "before_cursor_execute", count)
        return len(rows)

    assert listed() == 1
    few = len(statements)
    clerk, judge = d["clerk"], d["judge"]
    for i in range(19):
        rid = f"01a20000-0000-7000-8000-0000000d{i:04d}"
        [made] = clerk.results(clerk.op("case", rid, "insert", summary="借款纠纷", status="受理", amount_cents=1))
        judge.results(judge.op("case", rid, base_rev=made.rev, amount_cents=2))
        clerk.results(clerk.op("case", rid, base_rev=made.rev, amount_cents=3))
    assert listed() == 20 and len(statements) == few
    records = [s for s in statements if "FROM records" in s]
    assert records and all("WHERE records.record_id IN" in s for s in records)
