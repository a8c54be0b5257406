"""联动案件 as a clerk uses it: open a joint case, add an office, record handoffs, resolve 需协调."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fydesk.models import Handoff, JointCase, JointCaseOffice, OutboxOp, SyncConflict
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.ui.pages.joint import JointPage

from .test_cases_page import choose, type_into


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def page(qtbot, ctx):
    with ctx.store.write() as session:
        records.create(session, load_actor(session, "书记员甲"), "office",
                       {"code": "440104101", "name": "北京街司法所", "kind": "司法所"})
    p = JointPage(ctx)
    qtbot.addWidget(p)
    p.resize(1300, 900)
    p.show()
    qtbot.waitUntil(lambda: p.model.total is not None and p.form.inputs["lead_office_id"].count() == 3,
                    timeout=5000)
    return p


def open_joint(qtbot, page, title="某小区物业纠纷联合化解"):
    page.new_item()
    if title:
        type_into(qtbot, page.form.inputs["title"], title)
    choose(page.form.inputs["mode"], "法庭+司法所")
    type_into(qtbot, page.form.inputs["opened_date"], date.today().isoformat())
    page.save()


def test_a_joint_case_without_title_is_refused_next_to_the_field(qtbot, page, ctx):
    before = count(ctx.store, OutboxOp)
    open_joint(qtbot, page, title="")
    qtbot.waitUntil(lambda: page.form.error_text("title") != "", timeout=5000)
    assert page.form.error_text("title") == "请填写“案件名称”。"
    assert count(ctx.store, JointCase) == 0 and count(ctx.store, OutboxOp) == before


def test_offices_take_part_hand_over_materials_and_close_the_case(qtbot, page, ctx):
    open_joint(qtbot, page)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    # The lead office (this PC's) takes part from the start.
    assert [page.participants.item(0, c).text() for c in range(2)] == ["越秀区人民法庭", "牵头"]
    choose(page.add_office, "北京街司法所")
    page.add_office_button.click()
    qtbot.waitUntil(lambda: page.participants.rowCount() == 2, timeout=5000)
    assert count(ctx.store, JointCaseOffice) == 2

    for at, frm, to in (("2026-11-20 15:00", "北京街司法所", "越秀区人民法庭"),
                        ("2026-11-18 09:30", "越秀区人民法庭", "北京街司法所")):
        f = page.handoff_form
        type_into(qtbot, f.inputs["at"], at)
        choose(f.inputs["from_office_id"], frm)
        choose(f.inputs["to_office_id"], to)
        type_into(qtbot, f.inputs["materials"], "调解笔录、证据材料")
        type_into(qtbot, f.inputs["handler"], "书记员甲")
        n = page.handoffs.rowCount()
        page.handoff_button.click()
        qtbot.waitUntil(lambda n=n: page.handoffs.rowCount() == n + 1, timeout=5000)
    # The timeline reads in time order, whatever order it was typed in.
    assert [page.handoffs.item(r, 0).text() for r in range(2)] == ["2026-11-18 09:30", "2026-11-20 15:00"]
    assert page.handoffs.item(0, 1).text() == "越秀区人民法庭" and count(ctx.store, Handoff) == 2

    page.findChild(type(page.save_button), "joint_已办结").click()
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible(), timeout=5000)
    assert "最终状态" in page.move_dialog.consequence.text()  # closing for every office: asked first
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.detail.joint["status"] == "已办结", timeout=5000)
    assert page.detail.joint["closed_date"] == date.today()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.index(0, 4).data() == "已办结",
                    timeout=5000)

    # Closed in error: 更正 reopens it, with the reason, and the 办结 date goes with the error.
    qtbot.waitUntil(lambda: page.findChild(type(page.save_button), "joint_correct") is not None, timeout=5000)
    page.findChild(type(page.save_button), "joint_correct").click()
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible()
                    and page.move_dialog.windowTitle().startswith("更正"), timeout=5000)
    page.move_dialog.reason.setPlainText("司法所尚未报送办理结果，误点办结")
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.detail.joint["status"] == "办理中", timeout=5000)
    assert page.detail.joint["closed_date"] is None
    assert page.detail.joint["status_reason"] == "司法所尚未报送办理结果，误点办结"


def test_a_conflict_shows_both_values_and_authors_and_is_resolved_by_an_edit(qtbot, page, ctx):
    open_joint(qtbot, page)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    joint_id = page.detail.joint.id
    assert not page.conflict_box.isVisible()
    with ctx.store.write() as session:
        session.add(SyncConflict(hub_seq=7, entity="joint_case", record_id=joint_id, field="status",
                                 hub_value="已退回", hub_author="北京街司法所 张三",
                                 op_value="已办结", op_author="越秀区人民法庭 李四"))
    page.open(joint_id)
    qtbot.waitUntil(lambda: page.conflict_box.isVisible(), timeout=5000)
    row = [page.conflicts.item(0, c).text() for c in range(5)]
    assert row == ["办理状态", "已退回", "北京街司法所 张三", "已办结", "越秀区人民法庭 李四"]
    before = count(ctx.store, OutboxOp)
    page.take_hub.click()
    qtbot.waitUntil(lambda: page.detail.joint["status"] == "已退回", timeout=5000)
    assert count(ctx.store, OutboxOp) == before + 1  # an ordinary edit, on its way to the hub
    qtbot.waitUntil(lambda: not page.conflict_box.isVisible(), timeout=5000)  # settled here
    with ctx.store.read() as session:
        assert session.scalar(select(SyncConflict.resolved_at)) is not None
