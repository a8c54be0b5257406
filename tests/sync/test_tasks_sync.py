"""Tasks from the hub to a tribunal and a 司法所 and their reports back, through `fydesk`:
each PC receives only its own tasks, reports headless, and a PC offline when it reports
loses nothing. On SQLite and PostgreSQL hubs."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from fydesk.cli import main
from fydesk.hub import tasks as hub_tasks
from fydesk.hub.models import HubOffice
from fydesk.hub.store import HubStore
from fydesk.services import tasks
from fydesk.store.open import open_store

from ..hub.conftest import LiveHub


def fy(capsys, pc, *argv, code: int = 0, as_json: bool = True):
    got = main(["--data-dir", str(pc), *argv, *(["--json"] if as_json else [])])
    out = capsys.readouterr()
    assert got == code, out.err
    return json.loads(out.out) if as_json and code == 0 else out


def _issue(hub, *codes_, deadline=None, content="建立诉前调解分流机制") -> str:
    with hub.store.session() as s:
        ids = [s.scalar(select(HubOffice.id).where(HubOffice.code == c)) for c in codes_]
        return hub_tasks.issue_task(s, content=content, lead_office_id=ids[0], partner_office_ids=ids[1:],
                                    deadline=deadline or date.today() + timedelta(days=30),
                                    work_group="诉源治理", issued=date.today() - timedelta(days=3), user="张三")


def _enroll(live_hub, tmp_path, capsys):
    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    fy(capsys, tribunal, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"), "--device-name", "法庭PC")
    fy(capsys, sifa, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"), "--device-name", "司法所PC")
    return tribunal, sifa


def test_tasks_reach_their_offices_and_reports_come_back(live_hub, memory_keyring, tmp_path, capsys):
    live_hub.office("S02", "东城司法所", "司法所")
    tribunal, sifa = _enroll(live_hub, tmp_path, capsys)
    task_id = _issue(live_hub, "T01", "S01")
    _issue(live_hub, "S02", content="东城的任务")
    for pc in (tribunal, sifa):
        fy(capsys, pc, "sync")
        [listed] = fy(capsys, pc, "task", "list")
        assert (listed["id"], listed["content"], listed["state"]) == (task_id, "建立诉前调解分流机制", "下达")
        assert (listed["lead_office"], listed["partner_offices"]) == ("溪口人民法庭", ["溪口司法所"])

    got = fy(capsys, tribunal, "task", "report", task_id, "--text", "已起草分流办法")
    assert got["task"]["my_state"] == "推进中"
    got = fy(capsys, sifa, "task", "report", task_id, "--text", "已排查纠纷 12 件", "--done",
             "--date", date.today().isoformat())
    assert got["task"]["my_state"] == "已完成"
    for pc in (tribunal, sifa, tribunal):
        fy(capsys, pc, "sync")
    [seen] = fy(capsys, tribunal, "task", "list")
    assert [(r["office"], r["text"], r["done"]) for r in seen["reports"]] == [
        ("溪口人民法庭", "已起草分流办法", False), ("溪口司法所", "已排查纠纷 12 件", True)]
    with live_hub.store.session() as s:
        [row] = hub_tasks.task_rows(s, task_id=task_id)
    assert row.state == "推进中"
    assert [(p.office, p.state) for p in row.parts] == [("溪口人民法庭", "推进中"), ("溪口司法所", "已完成")]


def test_bad_reports_are_refused_with_one_sentence(live_hub, memory_keyring, tmp_path, capsys):
    tribunal, _sifa = _enroll(live_hub, tmp_path, capsys)
    task_id = _issue(live_hub, "S01")  # the 司法所's alone
    fy(capsys, tribunal, "sync")
    out = fy(capsys, tribunal, "task", "report", "nope", "--text", "x", code=1, as_json=False)
    assert "本机没有编号为 nope 的任务" in out.err
    out = fy(capsys, tribunal, "task", "report", task_id, "--text", "x", "--date", "2026-13-01", code=1, as_json=False)
    assert "不是 YYYY-MM-DD" in out.err
    assert fy(capsys, tribunal, "task", "list") == []


def test_a_pc_offline_when_it_reports_loses_nothing(hub_url, memory_keyring, tmp_path, capsys):
    store = HubStore(hub_url)
    live = LiveHub(store).start()
    live.office("T01", "溪口人民法庭", "人民法庭")
    live.office("S01", "溪口司法所", "司法所")
    try:
        tribunal, sifa = _enroll(live, tmp_path, capsys)
        task_id = _issue(live, "T01", "S01")
        fy(capsys, sifa, "sync")
        live.stop()  # the hub is out of reach: the 司法所 reports on, twice, with a file
        letter = tmp_path / "反馈函.pdf"
        letter.write_bytes(b"%PDF-1.4 scanned letter")
        fy(capsys, sifa, "task", "report", task_id, "--text", "已开展排查", "--attach", str(letter))
        fy(capsys, sifa, "task", "report", task_id, "--text", "排查完毕", "--done")
        fy(capsys, sifa, "sync", code=1, as_json=False)
        live = LiveHub(HubStore(hub_url), port=live.port).start()
        assert fy(capsys, sifa, "sync")["pushed"] == 3
        with live.store.session() as s:
            [row] = hub_tasks.task_rows(s, task_id=task_id)
        assert [(r.text, r.done) for r in row.reports] == [("已开展排查", False), ("排查完毕", True)]
        fy(capsys, tribunal, "sync")
        desk = open_store(tribunal)
        with desk.read() as s:
            [view] = tasks.list_tasks(s)
        desk.close()
        assert [r.text for r in view.reports] == ["已开展排查", "排查完毕"]
    finally:
        live.stop()
        live.store.close()
        store.close()
