"""任务清单 end to end: the coordinator makes a task for a tribunal and a 司法所 in the console;
both PCs receive it on `fydesk sync`; the tribunal reports in the desk window (a real page
under pytest-qt), the 司法所 through `fydesk task report`; after sync the console shows both
reports and the task's state, and the 调度通报 PDF lists them. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from fydesk.cli import main
from fydesk.domain.errors import ValidationError
from fydesk.hub.models import HubOffice
from fydesk.store.open import open_store
from fydesk.ui.pages.base import DeskEvents, PageContext
from fydesk.ui.pages.dashboard import DashboardPage
from fydesk.ui.pages.task_list import TaskListPage

from ..console.conftest import browser, console_hub  # noqa: F401


def fy(capsys, pc, *argv):
    code = main(["--data-dir", str(pc), *argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def _page(qtbot, tasks, store, cls):
    events = DeskEvents()
    page = cls(PageContext(tasks, store, "书记员甲", None, events))
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_task_from_the_console_is_reported_from_two_desks_and_followed_there(
        qtbot, tasks, browser, console_hub, memory_keyring, tmp_path, capsys):  # noqa: F811
    with console_hub.store.session() as s:
        ids = {o.code: o.id for o in s.scalars(select(HubOffice))}
    coord = browser("coord")
    deadline = date.today() + timedelta(days=10)
    made = coord.form("/tasks", {"content": "建立诉前调解分流机制", "lead": ids["T1"], "partners": [ids["S1"]],
                                 "deadline": deadline.isoformat(), "milestones": "月底前印发办法"})
    assert made.status_code == 303
    task_id = re.search(r"/tasks/([0-9a-f-]{36})", made.headers["location"]).group(1)

    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    fy(capsys, tribunal, "enroll", "--hub", console_hub.url, "--code", console_hub.code("T1"), "--device-name", "法庭PC")
    fy(capsys, sifa, "enroll", "--hub", console_hub.url, "--code", console_hub.code("S1"), "--device-name", "司法所PC")
    for pc in (tribunal, sifa):
        fy(capsys, pc, "sync")
        [listed] = fy(capsys, pc, "task", "list")
        assert listed["id"] == task_id

    # The tribunal, in its window: the dashboard names the task as due soon, the page reports.
    store = open_store(tribunal)
    try:
        board = _page(qtbot, tasks, store, DashboardPage)
        qtbot.waitUntil(lambda: board.data is not None, timeout=10_000)
        assert any(row[1] == "任务完成时限" and "建立诉前调解分流机制" in row[2] for row in board.due_rows())
        page = _page(qtbot, tasks, store, TaskListPage)
        qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
        assert page.table_rows()[0][1:4] == ("下达", "建立诉前调解分流机制", "溪口人民法庭")
        page.table.selectRow(0)
        assert "月底前印发办法" in page.detail.text()
        letter = tmp_path / "反馈函.pdf"
        letter.write_bytes(b"%PDF-1.4 scanned")
        page.report_text.setPlainText("已起草分流办法，征求意见中")
        page.attach.setText(str(letter))
        page.submit.click()
        qtbot.waitUntil(lambda: page.report_rows() != [], timeout=10_000)
        assert page.report_rows()[0][1:] == ("溪口人民法庭", "已起草分流办法，征求意见中", "", "反馈函.pdf")
        assert page.table_rows()[0][1] == "推进中"
        # Nothing written: an empty report is refused beside the form.
        page.submit.click()
        assert page.error.text() == "请填写进展情况。"
    finally:
        store.close()

    fy(capsys, sifa, "task", "report", task_id, "--text", "已完成辖区排查", "--done")
    for pc in (tribunal, sifa, tribunal):
        assert fy(capsys, pc, "sync")

    detail = coord.get(f"/tasks/{task_id}").text
    assert "已起草分流办法，征求意见中" in detail and "已完成辖区排查" in detail
    assert "反馈函.pdf" in detail  # the tribunal's scanned letter, named beside its report
    assert re.search(r"溪口人民法庭（牵头）</td><td><span[^>]*>推进中", detail)
    assert re.search(r"溪口司法所</td><td><span[^>]*>已完成", detail)
    pdf = coord.get("/tasks/bulletin.pdf", params={"as_of": date.today().isoformat()})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    for expected in ("建立诉前调解分流机制", "已起草分流办法，征求意见中", "已完成辖区排查", "推进中"):
        assert expected in text

    # The tribunal's window shows the 司法所's report after its sync.
    store = open_store(tribunal)
    try:
        page = _page(qtbot, tasks, store, TaskListPage)
        qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
        page.table.selectRow(0)
        assert [r[1] for r in page.report_rows()] == ["溪口司法所", "溪口人民法庭"]
        assert page.report_rows()[1][4] == "反馈函.pdf"
    finally:
        store.close()


def test_an_overdue_task_is_red_and_a_desk_cannot_make_one(qtbot, tasks, ctx, office_store):
    from fydesk.models import Task
    from fydesk.services import records
    from fydesk.services.context import load_actor

    with office_store.write() as s:
        # As a pull writes it: straight into the table (the hub is its only author).
        s.add(Task(id="01a50000-0000-7000-8000-00000000a001", content="排查矛盾纠纷", source="年度清单",
                   lead_office_id=ctx.office_id, partner_office_ids=[], deadline=date.today() - timedelta(days=2),
                   issued_date=date.today() - timedelta(days=30), owner_office_id=ctx.office_id))
    with office_store.write() as s, pytest.raises(ValidationError, match="任务由市级平台下达"):
        records.create(s, load_actor(s), "task", {"content": "x", "source": "年度清单",
                                                  "lead_office_id": ctx.office_id, "deadline": "2030-01-01",
                                                  "issued_date": "2026-01-01"})
    with office_store.write() as s, pytest.raises(ValidationError, match="任务由市级平台下达"):
        records.void(s, load_actor(s), "task", "01a50000-0000-7000-8000-00000000a001", "不要了")
    page = TaskListPage(ctx)
    qtbot.addWidget(page)
    # Before a task is chosen the report form waits, dated today (not Qt's 2000-01-01).
    assert page.report_date.date().toPython() == ctx.today() and not page.form_box.isEnabled()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.table_rows()[0][1] == "逾期"
    assert page.table.item(0, 2).foreground().color().name() == "#c62828"
