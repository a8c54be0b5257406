"""The 任务清单 at the hub: tasks written by the hub reach their responsible offices only,
their reports come back, never conflict, and make the task's state. Real devices over HTTP,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from fydesk.domain.errors import FydeskError
from fydesk.hub import tasks
from fydesk.sync import protocol as p

R1 = "01a30000-0000-7000-8000-00000000d001"
R2 = "01a30000-0000-7000-8000-00000000d002"
R3 = "01a30000-0000-7000-8000-00000000d003"
FILE = "01a30000-0000-7000-8000-00000000e001"


@pytest.fixture
def city(hub):
    ids = {"tribunal": hub.office("T01", "溪口人民法庭"), "sifa": hub.office("S01", "溪口司法所", "司法所"),
           "other": hub.office("S02", "东城司法所", "司法所")}
    devices = {name: hub.device(code) for name, code in (("tribunal", "T01"), ("sifa", "S01"), ("other", "S02"))}
    for d in devices.values():
        d.pull()  # the offices themselves
    return hub, ids, devices


def _issue(hub, ids, **more) -> str:
    with hub.store.session() as s:
        group = tasks.add_group(s, "诉源治理", ids["tribunal"], [ids["tribunal"], ids["sifa"]])
        meeting = tasks.add_meeting(s, kind="联席会议", held_on=date(2026, 11, 2), title="2026年第四次联席会议",
                                    convener="市长", attending_office_ids=[ids["tribunal"], ids["sifa"]],
                                    topics="诉源治理推进情况", decisions=["建立诉前调解分流机制", "开展矛盾纠纷排查"])
        return tasks.issue_task(s, content="建立诉前调解分流机制", lead_office_id=ids["tribunal"],
                                partner_office_ids=[ids["sifa"]], deadline=date(2026, 12, 31),
                                work_group=group.name, meeting_id=meeting.id, decision=0,
                                issued=date(2026, 11, 5), user="张三", **more)


def test_a_task_reaches_its_responsible_offices_only(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    for name in ("tribunal", "sifa"):
        [change] = d[name].pull()
        assert (change.entity, change.record_id, change.op) == ("task", task_id, "insert")
        assert change.fields["lead_office_id"] == ids["tribunal"]
        assert change.fields["partner_office_ids"] == [ids["sifa"]]
        assert change.fields["source_label"] == "2026年第四次联席会议 议定事项第 1 项"
        assert change.author == "市级平台·张三"
    assert d["other"].pull() == []


def test_a_pc_may_not_write_a_task(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    [made] = d["tribunal"].results(d["tribunal"].op("task", "01a30000-0000-7000-8000-00000000f001", "insert",
                                                    lead_office_id=ids["tribunal"]))
    assert (made.status, made.code) == ("rejected", "forbidden")
    [edit] = d["tribunal"].results(d["tribunal"].op("task", task_id, deadline="2027-06-30"))
    assert (edit.status, edit.code) == ("rejected", "forbidden")


def test_reports_of_two_offices_never_conflict_and_make_the_state(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    t, s = d["tribunal"], d["sifa"]
    with hub.store.session() as ss:
        [row] = tasks.task_rows(ss, date(2026, 11, 6))
    assert row.state == "下达"
    [a] = t.results(t.op("task_report", R1, "insert", task_id=task_id, report_date="2026-11-20",
                         text="已起草分流办法", done=False))
    [b] = s.results(s.op("task_report", R2, "insert", task_id=task_id, report_date="2026-11-20",
                         text="已排查纠纷 12 件", done=True))
    assert (a.status, b.status) == ("applied", "applied")
    # Each office sees the other's report: both are scoped to the task's offices.
    assert [c.record_id for c in t.pull() if c.entity == "task_report"] == [R1, R2]
    assert d["other"].pull() == []
    with hub.store.session() as ss:
        [row] = tasks.task_rows(ss, date(2026, 11, 21))
    assert row.state == "推进中"
    assert [(x.office, x.state, x.latest_text) for x in row.parts] == [
        ("溪口人民法庭", "推进中", "已起草分流办法"), ("溪口司法所", "已完成", "已排查纠纷 12 件")]
    [c] = t.results(t.op("task_report", R3, "insert", task_id=task_id, report_date="2026-12-10",
                         text="分流办法已印发", done=True))
    assert c.status == "applied"
    with hub.store.session() as ss:
        [before] = tasks.task_rows(ss, date(2026, 12, 1))
        [after] = tasks.task_rows(ss, date(2026, 12, 11))
        groups, offices = tasks.counts([after])
    assert (before.state, after.state, after.on_time) == ("推进中", "已完成", True)
    assert (groups[0].name, groups[0].done_on_time, groups[0].overdue) == ("诉源治理", 1, 0)
    assert {o.name: o.done_on_time for o in offices} == {"溪口人民法庭": 1, "溪口司法所": 1}


def test_an_office_not_responsible_may_not_report_and_a_report_is_never_edited(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    o, t = d["other"], d["tribunal"]
    [refused] = o.results(o.op("task_report", R1, "insert", task_id=task_id, report_date="2026-11-20",
                               text="我们也做了", done=True))
    assert (refused.status, refused.code) == ("rejected", "forbidden")
    assert "不是该任务的责任单位" in refused.reason
    [made] = t.results(t.op("task_report", R2, "insert", task_id=task_id, report_date="2026-11-20", text="进展"))
    [edit] = t.results(t.op("task_report", R2, base_rev=made.rev, text="改写"))
    assert edit.status == "rejected"


def test_a_report_carries_a_scanned_letter_seen_by_the_task_offices(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    t, s = d["tribunal"], d["sifa"]
    t.results(t.op("task_report", R1, "insert", task_id=task_id, report_date="2026-11-20", text="见反馈函"))
    [f] = t.results(t.op("attachment", FILE, "insert", owner_entity="task_report", owner_id=R1, kind="反馈函",
                         name="反馈函.pdf", size=10, sha256="a" * 64))
    assert f.status == "applied"
    assert FILE in [c.record_id for c in s.pull()]


def test_an_overdue_task_and_an_office_added_later_receives_it_with_its_reports(city):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    t = d["tribunal"]
    t.results(t.op("task_report", R1, "insert", task_id=task_id, report_date="2026-11-20", text="进展"))
    with hub.store.session() as ss:
        [row] = tasks.task_rows(ss, date(2027, 1, 5))
    assert row.state == "逾期"
    d["other"].pull()
    with hub.store.session() as ss:
        seq = tasks.edit_task(ss, task_id, {"partner_office_ids": [ids["sifa"], ids["other"]],
                                            "deadline": date(2027, 3, 31)}, user="张三")
    assert seq is not None
    got = d["other"].pull()
    assert [(c.entity, c.record_id) for c in got] == [("task", task_id), ("task_report", R1)]
    assert got[0].fields["deadline"] == "2027-03-31"
    [edit] = [c for c in d["sifa"].pull() if c.record_id == task_id and c.op == "update"]
    assert edit.fields == {"partner_office_ids": [ids["sifa"], ids["other"]], "deadline": "2027-03-31"}
    with hub.store.session() as ss:
        [row] = tasks.task_rows(ss, date(2027, 1, 5))
    assert row.state == "推进中"


@pytest.mark.parametrize("change, message", [
    ({"content": ""}, "任务内容"), ({"deadline": date(2026, 1, 1)}, "不能早于下达日期"),
    ({"partner_office_ids": ["nope"]}, "没有登记的单位"), ({"source": "年度清单"}, "不能修改"),
])
def test_bad_edits_are_refused_with_one_sentence_and_change_nothing(city, change, message):
    hub, ids, d = city
    task_id = _issue(hub, ids)
    with hub.store.session() as ss, pytest.raises(FydeskError, match=message):
        tasks.edit_task(ss, task_id, change)
    with hub.store.session() as ss:
        [row] = tasks.task_rows(ss, date(2026, 11, 6))
    assert row.content == "建立诉前调解分流机制" and row.deadline == date(2026, 12, 31)
    d["sifa"].pull()
    assert d["sifa"].pull() == []


def test_a_group_name_is_taken_once(city):
    hub, _ids, _d = city
    with hub.store.session() as s:
        tasks.add_group(s, "破产处置", None, [])
    with hub.store.session() as s, pytest.raises(FydeskError, match="已有名为“破产处置”"):
        tasks.add_group(s, "破产处置", None, [])


def test_entities_the_hub_writes_are_declared(city):
    assert p.HUB_ENTITIES == {"task"} and "task_report" in p.APPEND_ONLY
