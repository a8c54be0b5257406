"""The city coordinator's notes on 需协调 items, where a clerk meets the conflict: the joint
case's conflict box and the case's particulars. (The 同步 page: tests/sync/test_coordination_notes.py.)"""

from __future__ import annotations

from datetime import datetime

from fydesk.models import CoordinationNote, SyncConflict

from .test_cases_page import page, register  # noqa: F401  (page is a fixture)
from .test_joint_page import open_joint
from .test_joint_page import page as joint_page  # noqa: F401

NOTE = "请两单位于本周五前会商，确定是否办结。"


def _conflict_with_note(store, entity: str, record_id: str, field: str, values: tuple) -> None:
    with store.write() as session:
        session.add(SyncConflict(hub_seq=7, entity=entity, record_id=record_id, field=field,
                                 hub_value=values[0], hub_author="北京街司法所·张三",
                                 op_value=values[1], op_author="越秀区人民法庭·李四"))
        session.add(CoordinationNote(id="01a20000-0000-7000-8000-0000000e0001", hub_seq=9, conflict_seq=7,
                                     entity=entity, record_id=record_id, field=field,
                                     author="联席会议办公室·王五", text=NOTE, at=datetime(2026, 11, 20, 1, 30)))


def test_the_joint_case_shows_the_note_under_its_conflicts(qtbot, joint_page, ctx):
    open_joint(qtbot, joint_page)
    qtbot.waitUntil(lambda: joint_page.detail is not None, timeout=5000)
    joint_id = joint_page.detail.joint.id
    _conflict_with_note(ctx.store, "joint_case", joint_id, "status", ("已退回", "已办结"))
    joint_page.open(joint_id)
    qtbot.waitUntil(lambda: joint_page.conflict_box.isVisible(), timeout=5000)
    assert joint_page.conflict_notes.isVisible()
    assert joint_page.conflict_notes.text() == (
        f"市级协调意见：\n办理状态：2026-11-20 01:30 联席会议办公室·王五：{NOTE}")


def test_the_case_shows_the_note_on_its_open_conflict(qtbot, page, ctx):
    case_id = register(qtbot, page)
    assert "市级协调意见" not in page.detail.header.text()
    _conflict_with_note(ctx.store, "case", case_id, "amount_cents", (100, 200))
    page.open_case(case_id)
    qtbot.waitUntil(lambda: "市级协调意见" in page.detail.header.text(), timeout=5000)
    assert f"市级协调意见（涉及金额）：2026-11-20 01:30 联席会议办公室·王五：{NOTE}" in page.detail.header.text()
