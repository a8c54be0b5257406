"""The 任务清单 in the console: working groups, meetings and their 议定事项, tasks made from them,
from an annual list or directly, and how they stand (per task, per group, per office, and
the 调度通报 PDF). The coordinator writes; working-group members read."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from fydesk.domain import codes
from fydesk.domain.errors import FydeskError

from .. import tasks, tasksheet
from ..models import HubOffice, Meeting, Record, WorkGroup
from . import accounts
from .accounts import COORDINATOR, GROUP
from .pages import XLSX, _see_other
from .web import Console, Refused, address, render

Csrf = Annotated[str, Form()]
Text = Annotated[str, Form()]
Many = Annotated[list[str] | None, Form()]
READERS = (COORDINATOR, GROUP)
MAX_UPLOAD = 5 * 1024 * 1024


def _day(text: str | None, label: str, default: date | None = None) -> date:
    if not text:
        if default is not None:
            return default
        raise FydeskError(f"请填写{label}。")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FydeskError(f"{label}“{text}”不是 YYYY-MM-DD 格式的日期。") from None


def _offices(s) -> list[HubOffice]:
    return list(s.scalars(select(HubOffice).order_by(HubOffice.code)))


def _groups(s) -> list[WorkGroup]:
    return tasks.groups(s)


def _within(s, viewer) -> set[str] | None:
    """The working groups whose tasks this person reads: a member those of the groups the
    coordinator put the account in; the coordinator every task (None)."""
    return None if viewer.role == COORDINATOR else tasks.groups_of_account(s, viewer.user_id)


def _download(request, s, viewer, what: str, data: bytes, media: str, name: str) -> Response:
    accounts.audit(s, viewer, address(request), "download", what)
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "Cache-Control": "no-store"})


def routes(r: APIRouter, console: Console) -> None:
    _group_routes(r, console)
    _meeting_routes(r, console)
    _task_routes(r, console)


# --- working groups ---------------------------------------------------------------------------

def _groups_page(request, s, viewer, status: int = 200, **more) -> HTMLResponse:
    from ..models import ConsoleUser

    offices = _offices(s)
    members = list(s.scalars(select(ConsoleUser).where(ConsoleUser.role == GROUP).order_by(ConsoleUser.login)))
    return render(request, "groups.html", viewer, status=status, groups=_groups(s), offices=offices,
                  names={o.id: o.name for o in offices}, accounts=members,
                  account_names={u.id: u.name for u in members}, **more)


def _group_routes(r: APIRouter, console: Console) -> None:
    @r.get("/groups", response_class=HTMLResponse)
    def groups(request: Request, notice: str | None = None) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            return _groups_page(request, s, viewer, notice=notice)

    @r.post("/groups", response_class=HTMLResponse)
    def group_add(request: Request, csrf: Csrf = "", name: Text = "", convener: Text = "",
                  members: Many = None, accounts_: Annotated[list[str] | None, Form(alias="accounts")] = None) -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    group = tasks.add_group(s, name, convener or None, members or [], accounts_ or [])
            except FydeskError as exc:
                return _groups_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "group_add", group.name)
        return _see_other("/groups", f"已新建专项工作组“{group.name}”。")

    @r.post("/groups/{group_id}", response_class=HTMLResponse)
    def group_edit(request: Request, group_id: str, csrf: Csrf = "", convener: Text = "",
                   members: Many = None, accounts_: Annotated[list[str] | None, Form(alias="accounts")] = None) -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    group = tasks.edit_group(s, group_id, convener or None, members or [], accounts_ or [])
            except FydeskError as exc:
                return _groups_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "group_edit", group.name)
        return _see_other("/groups", f"已保存专项工作组“{group.name}”。")


# --- meetings ------------------------------------------------------------------------------------

def _meetings_page(request, s, viewer, status: int = 200, **more) -> HTMLResponse:
    offices = _offices(s)
    meetings = list(s.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.created_at.desc())))
    # Which 议定事项 already became tasks: (meeting id, index) from the tasks' source.
    made: dict[str, int] = {}
    for r in s.scalars(select(Record).where(Record.entity == "task", Record.deleted_at.is_(None))):
        if r.data.get("source_meeting_id"):
            made[r.data["source_meeting_id"]] = made.get(r.data["source_meeting_id"], 0) + 1
    return render(request, "meetings.html", viewer, status=status, meetings=meetings, offices=offices,
                  names={o.id: o.name for o in offices}, groups=_groups(s), kinds=codes.MEETING_KINDS,
                  made=made, today=date.today().isoformat(), **more)


def _meeting_routes(r: APIRouter, console: Console) -> None:
    @r.get("/meetings", response_class=HTMLResponse)
    def meetings(request: Request, notice: str | None = None) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            return _meetings_page(request, s, viewer, notice=notice)

    @r.post("/meetings", response_class=HTMLResponse)
    def meeting_add(request: Request, csrf: Csrf = "", kind: Text = "", held_on: Text = "", title: Text = "",
                    convener: Text = "", attending: Many = None, topics: Text = "", decisions: Text = "",
                    group: Text = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    meeting = tasks.add_meeting(
                        s, kind=kind, held_on=_day(held_on, "会议日期"), title=title, convener=convener,
                        attending_office_ids=attending or [], topics=topics,
                        decisions=decisions.splitlines(), work_group_id=group or None)
            except FydeskError as exc:
                return _meetings_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "meeting_add",
                           f"{meeting.kind}“{meeting.title}”（{meeting.held_on}），议定事项 {len(meeting.decisions)} 项")
        return _see_other("/meetings", f"已记录{meeting.kind}“{meeting.title}”。")

    @r.post("/meetings/{meeting_id}/tasks", response_class=HTMLResponse)
    def meeting_task(request: Request, meeting_id: str, csrf: Csrf = "", decision: Text = "", lead: Text = "",
                     partners: Many = None, deadline: Text = "", milestones: Text = "",
                     content: Text = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            meeting = s.get(Meeting, meeting_id)
            if meeting is None:
                raise Refused("没有这次会议。", status=404)
            try:
                index = int(decision)
                if not 0 <= index < len(meeting.decisions):
                    raise ValueError
            except ValueError:
                return _meetings_page(request, s, viewer, status=400, error="请选择一项议定事项。")
            group = s.get(WorkGroup, meeting.work_group_id) if meeting.work_group_id else None
            try:
                with s.begin_nested():
                    task_id = tasks.issue_task(
                        s, content=content.strip() or meeting.decisions[index], lead_office_id=lead,
                        partner_office_ids=[p for p in partners or [] if p], deadline=_day(deadline, "完成时限"),
                        work_group=group.name if group else None, meeting_id=meeting.id, decision=index,
                        milestones=milestones, user=viewer.name)
            except FydeskError as exc:
                return _meetings_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "task_add",
                           f"{meeting.title} 议定事项第 {index + 1} 项 → 任务 {task_id}")
        return _see_other(f"/tasks/{task_id}", "已将议定事项下达为任务；责任单位下次同步时收到。")


# --- tasks ---------------------------------------------------------------------------------------

def _tasks_page(request, s, viewer, as_of: date, group: str | None, office: str | None, status: int = 200,
                **more) -> HTMLResponse:
    offices = _offices(s)
    office_row = next((o for o in offices if o.code == office), None) if office else None
    within = _within(s, viewer)
    rows = tasks.task_rows(s, as_of, work_group=group or None, office_id=office_row.id if office_row else None,
                           within=within)
    by_group, by_office = tasks.counts(rows)
    return render(request, "tasks.html", viewer, status=status, rows=rows, by_group=by_group, by_office=by_office,
                  as_of=as_of, group=group or "", office=office or "", offices=offices,
                  groups=[g for g in _groups(s) if within is None or g.name in within],
                  writer=viewer.role == COORDINATOR, within=within, **more)


def _task_routes(r: APIRouter, console: Console) -> None:
    @r.get("/tasks", response_class=HTMLResponse)
    def task_list(request: Request, as_of: str | None = None, group: str | None = None, office: str | None = None,
                  notice: str | None = None) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            try:
                day = _day(as_of, "统计日期", date.today())
            except FydeskError as exc:
                raise Refused(exc.message, status=400) from None
            return _tasks_page(request, s, viewer, day, group, office, notice=notice)

    @r.post("/tasks", response_class=HTMLResponse)
    def task_add(request: Request, csrf: Csrf = "", content: Text = "", group: Text = "", lead: Text = "",
                 partners: Many = None, deadline: Text = "", milestones: Text = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    task_id = tasks.issue_task(
                        s, content=content, lead_office_id=lead, partner_office_ids=[p for p in partners or [] if p],
                        deadline=_day(deadline, "完成时限"), work_group=group or None, milestones=milestones,
                        user=viewer.name)
            except FydeskError as exc:
                return _tasks_page(request, s, viewer, date.today(), None, None, status=400, error=exc.message,
                                   form={"content": content, "group": group, "lead": lead, "deadline": deadline,
                                         "milestones": milestones})
            accounts.audit(s, viewer, address(request), "task_add", f"任务 {task_id}：{content.strip()[:60]}")
        return _see_other(f"/tasks/{task_id}", "已下达任务；责任单位下次同步时收到。")

    @r.get("/tasks/template.xlsx")
    def task_template(request: Request) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            return _download(request, s, viewer, "年度任务清单模板", tasksheet.template_xlsx(), XLSX, "年度任务清单模板.xlsx")

    @r.post("/tasks/import", response_class=HTMLResponse)
    def task_import(request: Request, csrf: Csrf = "", file: Annotated[UploadFile | None, File()] = None) -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            data = file.file.read(MAX_UPLOAD + 1) if file is not None else b""
            try:
                if not data:
                    raise FydeskError("请选择要导入的年度任务清单（.xlsx）。")
                if len(data) > MAX_UPLOAD:
                    raise FydeskError("文件超过 5 MB，不像是一份任务清单；请检查后重试。")
                with s.begin_nested():
                    made = tasksheet.import_xlsx(s, data, user=viewer.name)
            except FydeskError as exc:
                return _tasks_page(request, s, viewer, date.today(), None, None, status=400,
                                   import_errors=exc.message.splitlines())
            accounts.audit(s, viewer, address(request), "task_import",
                           f"{file.filename if file else ''}：{len(made)} 项任务")
        return _see_other("/tasks", f"已导入年度任务清单 {len(made)} 项；责任单位下次同步时收到。")

    @r.get("/tasks/bulletin.pdf")
    def task_bulletin(request: Request, as_of: str | None = None) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            try:
                day = _day(as_of, "统计日期", date.today())
            except FydeskError as exc:
                raise Refused(exc.message, status=400) from None
            pdf = tasks.task_bulletin_pdf(s, day, within=_within(s, viewer))
            return _download(request, s, viewer, f"调度通报（截至 {day}）", pdf, "application/pdf",
                             f"任务清单调度通报-{day}.pdf")

    def detail(request, s, viewer, task_id: str, status: int = 200, **more) -> HTMLResponse:
        [row] = tasks.task_rows(s, date.today(), task_id=task_id) or [None]
        if row is None:
            raise Refused("没有这项任务。", status=404)
        within = _within(s, viewer)
        if within is not None and row.work_group not in within:
            raise Refused("这项任务不属于您所在的专项工作组。")
        record = s.get(Record, task_id)
        offices = _offices(s)
        return render(request, "task.html", viewer, status=status, t=row, data=record.data, offices=offices,
                      names={o.id: o.name for o in offices}, writer=viewer.role == COORDINATOR,
                      files=tasks.report_files(s, [r.order for r in row.reports]), **more)

    @r.get("/tasks/{task_id}", response_class=HTMLResponse)
    def task_detail(request: Request, task_id: str, notice: str | None = None) -> Response:
        with console.page(request, *READERS) as (s, viewer):
            return detail(request, s, viewer, task_id, notice=notice)

    @r.post("/tasks/{task_id}", response_class=HTMLResponse)
    def task_edit(request: Request, task_id: str, csrf: Csrf = "", content: Text = "", lead: Text = "",
                  partners: Many = None, deadline: Text = "", milestones: Text = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    seq = tasks.edit_task(s, task_id, {
                        "content": content.strip(), "lead_office_id": lead,
                        "partner_office_ids": [p for p in partners or [] if p],
                        "deadline": _day(deadline, "完成时限"), "milestones": milestones.strip()}, user=viewer.name)
            except FydeskError as exc:
                return detail(request, s, viewer, task_id, status=400, error=exc.message)
            if seq is not None:
                accounts.audit(s, viewer, address(request), "task_edit", f"任务 {task_id}")
        return _see_other(f"/tasks/{task_id}", "已保存；责任单位下次同步时更新。" if seq else "没有改动。")
