"""The 任务清单 in the console over real HTTP: working groups, a meeting whose 议定事项 becomes a
task, tasks made directly or imported from the annual list, progress as PCs report it, and
the 调度通报 PDF; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from fydesk.hub.models import ConsoleAudit, ConsoleUser, HubOffice, Record

from ..hub.conftest import Device
from .conftest import alert

R1 = "01a40000-0000-7000-8000-00000000d001"
R2 = "01a40000-0000-7000-8000-00000000d002"


def _ids(hub) -> dict[str, str]:
    with hub.store.session() as s:
        return {o.code: o.id for o in s.scalars(select(HubOffice))}


def _device(hub, code: str) -> Device:
    return hub.device(code)


def _task_id(response) -> str:
    assert response.status_code == 303, response.text
    return re.search(r"/tasks/([0-9a-f-]{36})", response.headers["location"]).group(1)


def test_a_decision_becomes_a_task_the_offices_report_and_the_console_follows(browser, console_hub):
    ids = _ids(console_hub)
    coord = browser("coord")
    made = coord.form("/groups", {"name": "诉源治理", "convener": ids["T1"], "members": [ids["T1"], ids["S1"]]})
    assert made.status_code == 303
    assert "诉源治理" in coord.get("/groups").text
    made = coord.form("/meetings", {"kind": "联席会议", "held_on": "2026-11-02", "title": "2026年第四次联席会议",
                                    "convener": "市长", "attending": [ids["T1"], ids["S1"]], "topics": "诉源治理",
                                    "decisions": "建立诉前调解分流机制\n开展矛盾纠纷排查"})
    assert made.status_code == 303
    page = coord.get("/meetings").text
    assert "开展矛盾纠纷排查" in page
    meeting = re.search(r'action="/console/meetings/([0-9a-f-]{36})/tasks"', page).group(1)
    deadline = (date.today() + timedelta(days=20)).isoformat()
    task_id = _task_id(coord.form(f"/meetings/{meeting}/tasks", {
        "decision": "1", "lead": ids["T1"], "partners": [ids["S1"]], "deadline": deadline}, page="/meetings"))

    tribunal, sifa = _device(console_hub, "T1"), _device(console_hub, "S1")
    for d in (tribunal, sifa):
        [change] = [c for c in d.pull() if c.entity == "task"]
        assert change.fields["content"] == "开展矛盾纠纷排查"
        assert change.fields["source_label"] == "2026年第四次联席会议 议定事项第 2 项"
    today = date.today().isoformat()
    tribunal.results(tribunal.op("task_report", R1, "insert", task_id=task_id, report_date=today,
                                 text="已排查村居 8 个", done=False))
    sifa.results(sifa.op("task_report", R2, "insert", task_id=task_id, report_date=today,
                         text="排查完毕，化解纠纷 5 件", done=True))

    detail = coord.get(f"/tasks/{task_id}").text
    assert "已排查村居 8 个" in detail and "排查完毕，化解纠纷 5 件" in detail
    parts = detail[detail.index('id="parts"'):detail.index("</table>", detail.index('id="parts"'))]
    assert re.search(r"溪口人民法庭（牵头）</td><td><span[^>]*>推进中", parts)
    assert re.search(r"溪口司法所</td><td><span[^>]*>已完成", parts)
    listed = coord.get("/tasks").text
    assert "开展矛盾纠纷排查" in listed and "推进中" in listed

    pdf = coord.get("/tasks/bulletin.pdf", params={"as_of": today})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    for expected in ("调度通报", "开展矛盾纠纷排查", "已排查村居 8 个", "排查完毕，化解纠纷 5 件", "溪口司法所"):
        assert expected.replace(" ", "") in text.replace(" ", "")
    with console_hub.store.session() as s:
        actions = [a.action for a in s.scalars(select(ConsoleAudit).order_by(ConsoleAudit.id))]
    assert {"group_add", "meeting_add", "task_add", "download"} <= set(actions)


def test_a_group_member_reads_its_groups_tasks_only_and_may_not_write(browser, console_hub):
    ids = _ids(console_hub)
    with console_hub.store.session() as s:
        member = s.scalar(select(ConsoleUser.id).where(ConsoleUser.login == "group"))
    coord = browser("coord")
    assert coord.form("/groups", {"name": "破产处置", "members": [ids["T1"]], "accounts": [str(member)]}).status_code == 303
    assert coord.form("/groups", {"name": "信息共享", "members": [ids["S1"]]}).status_code == 303
    mine = _task_id(coord.form("/tasks", {"content": "破产案件府院协调", "group": "破产处置", "lead": ids["T1"],
                                          "deadline": "2030-01-01"}))
    other = _task_id(coord.form("/tasks", {"content": "数据按周同步", "group": "信息共享", "lead": ids["S1"],
                                           "deadline": "2030-01-01"}))
    group = browser("group")
    listed = group.get("/tasks").text
    assert "破产案件府院协调" in listed and "数据按周同步" not in listed
    assert group.get(f"/tasks/{mine}").status_code == 200
    assert group.get(f"/tasks/{other}").status_code == 403
    pdf = group.get("/tasks/bulletin.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "破产案件府院协调" in text and "数据按周同步" not in text
    refused = group.form("/tasks", {"content": "x", "lead": ids["T1"], "deadline": "2030-01-01"}, page="/tasks")
    assert refused.status_code == 403
    assert browser("t1view").get("/tasks").status_code == 403
    # Only a working-group member account may be put in a group.
    with console_hub.store.session() as s:
        it = s.scalar(select(ConsoleUser.id).where(ConsoleUser.login == "it"))
    bad = coord.form("/groups", {"name": "执行联动", "accounts": [str(it)]})
    assert bad.status_code == 400 and "不是专项工作组成员账号" in alert(bad.text)


def test_a_task_made_directly_then_its_deadline_moved_reaches_the_pcs(browser, console_hub):
    ids = _ids(console_hub)
    coord = browser("coord")
    bad = coord.form("/tasks", {"content": "落实", "lead": ids["T1"], "deadline": "明年"})
    assert bad.status_code == 400 and "不是 YYYY-MM-DD" in alert(bad.text)
    task_id = _task_id(coord.form("/tasks", {"content": "建立企业破产府院协调机制", "lead": ids["S1"],
                                              "deadline": "2030-06-30", "milestones": "3月底前拟定方案"}))
    sifa = _device(console_hub, "S1")
    assert [c.record_id for c in sifa.pull() if c.entity == "task"] == [task_id]
    moved = coord.form(f"/tasks/{task_id}", {"content": "建立企业破产府院协调机制", "lead": ids["S1"],
                                              "partners": [ids["T1"]], "deadline": "2030-09-30",
                                              "milestones": "3月底前拟定方案"})
    assert moved.status_code == 303
    [edit] = sifa.pull()
    assert edit.fields == {"partner_office_ids": [ids["T1"]], "deadline": "2030-09-30"}
    tribunal = _device(console_hub, "T1")
    assert any(c.entity == "task" and c.record_id == task_id for c in tribunal.pull())


def _sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["任务内容", "专项工作组", "牵头单位", "配合单位", "完成时限", "进度节点"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_annual_list_imports_whole_or_not_at_all(browser, console_hub):
    coord = browser("coord")
    template = coord.get("/tasks/template.xlsx")
    assert template.status_code == 200
    header = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    assert header[:5] == ["任务内容", "专项工作组", "牵头单位", "配合单位", "完成时限"]

    bad = _sheet([["好的一行", None, "T1", "S1", date(2030, 12, 31), None],
                  ["", None, "T1", None, date(2030, 12, 31), None],
                  ["牵头错", None, "不存在的法院", None, date(2030, 12, 31), None],
                  ["日期错", None, "S1", None, "年底", None]])
    token = coord.token("/tasks")
    refused = coord.post("/tasks/import", {"csrf": token}, files={"file": ("清单.xlsx", bad, "application/octet-stream")})
    assert refused.status_code == 400
    assert "第 3 行：未填写任务内容。" in refused.text
    assert "第 4 行：牵头单位“不存在的法院”不是市级平台上登记的单位。" in refused.text
    assert "第 5 行：完成时限“年底”不是日期（如 2026-12-31）。" in refused.text
    with console_hub.store.session() as s:
        assert s.scalars(select(Record).where(Record.entity == "task")).all() == []

    good = _sheet([["推进多元解纷", None, "溪口人民法庭", "S1、T1", date(2030, 12, 31), "年中评估"],
                   ["开展法治体检", None, "S1", None, "2030-10-31", None]])
    done = coord.post("/tasks/import", {"csrf": coord.token("/tasks")},
                      files={"file": ("清单.xlsx", good, "application/octet-stream")})
    assert done.status_code == 303 and "2 项" in coord.get(done.headers["location"].removeprefix("/console")).text
    sifa = _device(console_hub, "S1")
    assert sorted(c.fields["content"] for c in sifa.pull() if c.entity == "task") == ["开展法治体检", "推进多元解纷"]
