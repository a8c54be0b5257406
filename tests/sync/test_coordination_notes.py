"""The city coordinator's note on a 需协调 item reaches both offices' PCs with their next sync
and is shown there: `fydesk sync status` (text and --json) and the 同步 page. Two real desks,
a live hub on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select

from fydesk.cli import main
from fydesk.hub.coordination import add_note, open_conflicts
from fydesk.models import CoordinationNote, SyncLogEntry
from fydesk.services.context import load_actor
from fydesk.store.open import open_store
from fydesk.sync import inbound
from fydesk.sync import protocol as p

from .conftest import share_joint_case

NOTE = "请两单位于本周五前会商，确定是否办结，并各自在本机作出决定。"
COORDINATOR = "联席会议办公室·张三"


def fy(capsys, pc, *argv, as_json: bool = True):
    code = main(["--data-dir", str(pc), *argv, *(["--json"] if as_json else [])])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if as_json else out.out


def _conflict_with_a_note(live_hub, tmp_path, capsys):
    tribunal, sifa, joint_id = share_joint_case(live_hub, tmp_path, capsys, fy)
    fy(capsys, tribunal, "record", "set", "joint_case", joint_id, "status=已办结")
    fy(capsys, sifa, "record", "set", "joint_case", joint_id, "status=已退回")
    for pc in (tribunal, sifa, tribunal):
        fy(capsys, pc, "sync")
    with live_hub.store.session() as s:
        [conflict] = open_conflicts(s)
        note = add_note(s, conflict.id, COORDINATOR, NOTE)
    return tribunal, sifa, joint_id, note


def test_both_offices_receive_the_note_and_sync_status_shows_it(live_hub, memory_keyring, tmp_path, capsys):
    tribunal, sifa, joint_id, note = _conflict_with_a_note(live_hub, tmp_path, capsys)
    for pc in (tribunal, sifa):
        assert fy(capsys, pc, "sync", "status")["conflicts"][0]["notes"] == []  # not pulled yet
        fy(capsys, pc, "sync")
        [conflict] = fy(capsys, pc, "sync", "status")["conflicts"]
        assert (conflict["record_id"], conflict["field"]) == (joint_id, "status")
        [shown] = conflict["notes"]
        assert (shown["author"], shown["text"]) == (COORDINATOR, NOTE)
        assert shown["at"] == note.at.isoformat(sep=" ", timespec="seconds")
        text = fy(capsys, pc, "sync", "status", as_json=False)
        assert f"市级协调意见（{shown['at']}，{COORDINATOR}）：{NOTE}" in text
        fy(capsys, pc, "sync")  # nothing new: the note is kept once
        store = open_store(pc)
        with store.read() as s:
            assert s.scalar(select(func.count()).select_from(CoordinationNote)) == 1
        store.close()


def test_the_note_shows_on_the_sync_page(live_hub, memory_keyring, tmp_path, capsys, qtbot):
    from fydesk.ui.pages.base import DeskEvents, PageContext
    from fydesk.ui.pages.sync import SyncPage
    from fydesk.ui.syncer import Syncer
    from fydesk.ui.tasks import Tasks

    _, sifa, _, _ = _conflict_with_a_note(live_hub, tmp_path, capsys)
    fy(capsys, sifa, "sync")
    store = open_store(sifa)
    tasks, events = Tasks(), DeskEvents()
    try:
        page = SyncPage(PageContext(tasks, store, "书记员", None, events),
                        Syncer(tasks, store, automatic=False))
        qtbot.addWidget(page)
        page.resize(1200, 900)
        page.show()
        qtbot.waitUntil(lambda: page.details is not None, timeout=10_000)
        table, headers = page.tables["conflicts"]
        assert table.rowCount() == 1 and headers[-1] == "市级协调意见"
        cell = table.item(0, len(headers) - 1).text()
        assert COORDINATOR in cell and NOTE in cell
        assert table.rowHeight(0) >= table.fontMetrics().height()  # the note's row is not cut to nothing
    finally:
        tasks.shutdown(wait=True)
        events.deleteLater()
        store.close()


def test_a_change_of_an_entity_this_pc_does_not_know_is_passed_by(tmp_path):
    """What an older desk does with a note (or any newer hub's entity): the page lands, the
    cursor moves past it, and nothing is asked for again."""
    from fydesk.services import setup

    store = open_store(tmp_path / "pc", daily_backup=False)
    with store.write() as s:
        setup.initialise(s, office_code="T01", office_name="溪口人民法庭", kind="人民法庭", user="书记员")
    with store.read() as s:
        office = load_actor(s, "书记员").office_id
    future = p.Change(seq=11, entity="something_newer", record_id="01a20000-0000-7000-8000-0000000f0001",
                      owner_office_id=office, op="insert", fields={"anything": 1}, deleted=False,
                      needs_coordination=False, author="市级平台")
    firm = p.Change(seq=12, entity="enterprise", record_id="01a20000-0000-7000-8000-0000000f0002",
                    owner_office_id=office, op="insert", fields={"name": "某某科技有限公司"}, deleted=False,
                    needs_coordination=False, author="溪口人民法庭·书记员")
    page = p.PullResponse(changes=[future, firm], cursor=12, more=False, hub_time="2026-11-20T00:00:00Z")
    with store.write() as s:
        result = inbound.apply_page(s, load_actor(s, "sync"), page)
    assert (result.applied, result.failed, result.missed) == (1, 0, [])
    with store.read() as s:
        assert inbound.cursor(s) == 12 and inbound.missed(s) == []
    store.close()


def test_an_unreadable_note_is_logged_and_the_page_lands(tmp_path):
    from fydesk.services import setup

    store = open_store(tmp_path / "pc", daily_backup=False)
    with store.write() as s:
        setup.initialise(s, office_code="T01", office_name="溪口人民法庭", kind="人民法庭", user="书记员")
    bad = p.Change(seq=21, entity=p.NOTE_ENTITY, record_id="01a20000-0000-7000-8000-0000000f0003",
                   owner_office_id=None, op="insert", fields={"text": ""}, deleted=False,
                   needs_coordination=False, author=COORDINATOR)
    good = bad.model_copy(update={"seq": 22, "record_id": "01a20000-0000-7000-8000-0000000f0004", "fields": {
        "conflict_seq": 7, "entity": "joint_case", "record_id": "01a20000-0000-7000-8000-00000000a001",
        "field": "status", "author": COORDINATOR, "text": NOTE, "at": "2026-11-20T01:30:00Z",
        "added_later": "a newer hub's field, ignored"}})
    page = p.PullResponse(changes=[bad, good], cursor=22, more=False, hub_time="2026-11-20T02:00:00Z")
    with store.write() as s:
        assert inbound.apply_page(s, load_actor(s, "sync"), page).notes == 1
    with store.read() as s:
        assert inbound.cursor(s) == 22
        [kept] = s.scalars(select(CoordinationNote)).all()
        assert (kept.conflict_seq, kept.field, kept.text, kept.at.isoformat()) == (7, "status", NOTE,
                                                                                  "2026-11-20T01:30:00")
        assert "协调意见" in s.scalar(select(SyncLogEntry.detail).where(SyncLogEntry.kind == "error"))
    store.close()
