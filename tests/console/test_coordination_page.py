"""需协调 in the console: every open conflict with both values, authors, age and offices,
filtered by office and age; a coordinator's note reaches the offices concerned, and only them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from fydesk.hub.models import ChangeEntry, Conflict, ConsoleAudit, utcnow
from fydesk.sync.protocol import NOTE_ENTITY

from ..hub.test_coordination import _case_conflict, _joint_conflict
from .conftest import alert


def _city(hub):
    hub.office("C1", "溪口村委会", "村(居)委会")
    return {"tribunal": hub.device("T1"), "sifa": hub.device("S1"), "clerk": hub.device("C1", "书记员电脑"),
            "judge": hub.device("C1", "主任电脑")}


def test_the_coordinator_sees_both_sides_filters_and_leaves_a_note_both_offices_get(browser, console_hub):
    d = _city(console_hub)
    joint_seq = _joint_conflict(d["tribunal"], d["sifa"])
    _case_conflict(d["clerk"], d["judge"])
    with console_hub.store.session() as s:
        s.execute(update(ChangeEntry).where(ChangeEntry.seq == joint_seq).values(at=utcnow() - timedelta(days=9)))
        joint_id = s.scalar(select(Conflict.id).where(Conflict.entity == "joint_case"))
    coord = browser("coord")
    page = coord.get("/conflicts").text
    assert "共 2 处未决" in page
    row = page[page.index(f'id="conflict-{joint_id}"'):]
    row = row[:row.index("</tr>")]
    for text in ("联动案件“土地流转纠纷联动化解”", "办理状态", "已办结", "溪口人民法庭·测试员", "已退回",
                 "溪口司法所·测试员", "9 天", "溪口人民法庭", "溪口司法所"):
        assert text in row, text
    assert 'class="flag"' in page[page.index(f'id="conflict-{joint_id}"') - 40:page.index(f'id="conflict-{joint_id}"') + 60]
    assert "共 1 处未决" in coord.get("/conflicts", params={"office": "C1"}).text
    assert "（2026）溪调字第3号" in coord.get("/conflicts", params={"office": "C1"}).text
    aged = coord.get("/conflicts", params={"age": "7"}).text
    assert "共 1 处未决" in aged and "土地流转纠纷联动化解" in aged

    empty = coord.form(f"/conflicts/{joint_id}/note", {"text": "  "}, page="/conflicts")
    assert empty.status_code == 400 and alert(empty.text)
    r = coord.form(f"/conflicts/{joint_id}/note", {"text": "请两单位本周内会商，以法庭意见为准报结。", "age": "7"},
                   page="/conflicts")
    assert r.status_code == 303 and r.headers["location"].startswith("/console/conflicts?age=7&notice=")
    assert "请两单位本周内会商" in coord.get("/conflicts").text
    for name in ("tribunal", "sifa"):
        notes = [c for c in d[name].pull() if c.entity == NOTE_ENTITY]
        assert [n.fields["text"] for n in notes] == ["请两单位本周内会商，以法庭意见为准报结。"]
        assert notes[0].fields["author"] == "联席会议办公室·coord 用户"
    assert not [c for c in d["clerk"].pull() if c.entity == NOTE_ENTITY]
    with console_hub.store.session() as s:
        assert s.scalar(select(ConsoleAudit.detail).where(ConsoleAudit.action == "note")).startswith(f"第 {joint_id} 号")


def test_only_the_coordinator_opens_it(browser):
    for login in ("it", "group", "t1view"):
        assert browser(login).get("/conflicts").status_code == 403
