"""The 联席会议's 任务清单 at the hub: working groups, meetings, and the tasks they hand out.

Working groups and meetings are the hub's own tables. A task is a synced record written by
the hub alone (schema.RULES["task"]): logged as any record is, scoped to its responsible
offices (lead and co-operating), so that their PCs receive it with their next sync; their
progress reports (task_report) come back as pushed records and only ever grow. A task's state
is not stored: domain/tasks.py reads it from the reports and the day. The caller owns the
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain import codes
from fydesk.domain import tasks as rules_of
from fydesk.domain.errors import FydeskError, ValidationError
from fydesk.domain.schema import RULES, check_values

from .apply import HUB_AUTHOR
from .models import HubOffice, Meeting, Record, WorkGroup
from .writer import LogWriter, Rec, lock_log

__all__ = ["OfficePart", "TaskRow", "add_group", "add_meeting", "counts", "edit_group", "edit_task", "groups",
           "issue_task", "task_bulletin", "task_bulletin_pdf", "task_rows"]

TASK = RULES["task"]
# What edit_task may change; the source of a task stays what it was.
EDITABLE = ("content", "work_group", "lead_office_id", "partner_office_ids", "deadline", "milestones")


def _author(user: str | None) -> str:
    return f"{HUB_AUTHOR}·{user}" if user else HUB_AUTHOR


def _offices(session: Session, ids: list[str], label: str) -> list[str]:
    known = set(session.scalars(select(HubOffice.id).where(HubOffice.id.in_(ids)))) if ids else set()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValidationError(label, label, f"“{label}”中有市级平台上没有登记的单位（{unknown[0]}）。")
    return list(dict.fromkeys(ids))


# --- working groups and meetings ----------------------------------------------------------

def groups(session: Session) -> list[WorkGroup]:
    return list(session.scalars(select(WorkGroup).order_by(WorkGroup.name)))


def _accounts(session: Session, ids: list[Any]) -> list[int]:
    from .models import ConsoleUser

    wanted = []
    for i in ids:
        try:
            wanted.append(int(i))
        except (TypeError, ValueError):
            raise ValidationError("account_ids", "成员账号", f"没有编号为 {i} 的账号。") from None
    found = {u.id: u for u in session.scalars(select(ConsoleUser).where(ConsoleUser.id.in_(wanted)))} if wanted else {}
    for i in wanted:
        if i not in found or found[i].role != "group":  # console.accounts.GROUP
            raise ValidationError("account_ids", "成员账号", f"编号为 {i} 的账号不是专项工作组成员账号。")
    return list(dict.fromkeys(wanted))


def groups_of_account(session: Session, user_id: int) -> set[str]:
    """The names of the working groups a member account belongs to."""
    return {g.name for g in groups(session) if user_id in (g.account_ids or [])}


def add_group(session: Session, name: str, convener_office_id: str | None, member_office_ids: list[str],
              account_ids: list[Any] = ()) -> WorkGroup:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError("name", "工作组名称", "工作组名称须为 1 至 100 个字。")
    if session.scalar(select(WorkGroup).where(WorkGroup.name == name)) is not None:
        raise FydeskError(f"已有名为“{name}”的专项工作组。")
    convener = _offices(session, [convener_office_id], "召集单位")[0] if convener_office_id else None
    members = _offices(session, list(member_office_ids), "成员单位")
    group = WorkGroup(id=str(uuid7()), name=name, convener_office_id=convener, member_office_ids=members,
                      account_ids=_accounts(session, list(account_ids)))
    session.add(group)
    session.flush()
    return group


def edit_group(session: Session, group_id: str, convener_office_id: str | None,
               member_office_ids: list[str], account_ids: list[Any] = ()) -> WorkGroup:
    group = session.get(WorkGroup, group_id)
    if group is None:
        raise FydeskError("没有这个专项工作组。")
    group.convener_office_id = _offices(session, [convener_office_id], "召集单位")[0] if convener_office_id else None
    group.member_office_ids = _offices(session, list(member_office_ids), "成员单位")
    group.account_ids = _accounts(session, list(account_ids))
    session.flush()
    return group


def add_meeting(session: Session, *, kind: str, held_on: date, title: str, convener: str,
                attending_office_ids: list[str], topics: str, decisions: list[str],
                work_group_id: str | None = None) -> Meeting:
    if kind not in codes.MEETING_KINDS:
        raise ValidationError("kind", "会议类型", f"会议类型须为{'或'.join(codes.MEETING_KINDS)}。")
    title, convener = (title or "").strip(), (convener or "").strip()
    if not title or len(title) > 200:
        raise ValidationError("title", "会议名称", "会议名称须为 1 至 200 个字。")
    if not convener or len(convener) > 100:
        raise ValidationError("convener", "召集人", "召集人须为 1 至 100 个字。")
    decisions = [d.strip() for d in decisions if d and d.strip()]
    if work_group_id and session.get(WorkGroup, work_group_id) is None:
        raise FydeskError("没有这个专项工作组。")
    meeting = Meeting(id=str(uuid7()), kind=kind, held_on=held_on, title=title, convener=convener,
                      attending_office_ids=_offices(session, list(attending_office_ids), "参会单位"),
                      topics=(topics or "").strip(), decisions=decisions, work_group_id=work_group_id or None)
    session.add(meeting)
    session.flush()
    return meeting


# --- tasks --------------------------------------------------------------------------------

def _wire(values: dict[str, Any]) -> dict[str, Any]:
    """The task's values as a PC pushes any record's: dates as ISO text, no empty ones."""
    out = {}
    for k, v in values.items():
        if v is None or v == "":
            continue
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out


def _check(session: Session, wire: dict[str, Any], *, creating: bool, before: dict[str, Any] | None = None) -> None:
    check_values(TASK, wire, creating=creating, before=before)
    data = {**(before or {}), **wire}
    offices = [data.get("lead_office_id"), *data.get("partner_office_ids", [])]
    _offices(session, [o for o in offices if o], "责任单位")
    if data.get("lead_office_id") in data.get("partner_office_ids", []):
        raise ValidationError("partner_office_ids", "配合单位", "牵头单位不必再列为配合单位。")
    if data.get("deadline") and data.get("issued_date") and data["deadline"] < data["issued_date"]:
        raise ValidationError("deadline", "完成时限", "完成时限不能早于下达日期。")


def _scope(data: dict[str, Any]) -> list[str]:
    return sorted({data["lead_office_id"], *data.get("partner_office_ids", [])})


def issue_task(session: Session, *, content: str, lead_office_id: str, deadline: date,
               partner_office_ids: list[str] = (), work_group: str | None = None, source: str = "年度清单",
               meeting_id: str | None = None, decision: int | None = None, milestones: str | None = None,
               issued: date | None = None, user: str | None = None) -> str:
    """A new task, logged for its responsible offices; returns its record id.

    `meeting_id` and `decision` (the 议定事项's index, from 0) name where it was decided; the
    source is then the meeting's kind.
    """
    source_label = None
    if meeting_id:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise FydeskError("没有这次会议。")
        source = meeting.kind
        if decision is not None:
            if not 0 <= decision < len(meeting.decisions):
                raise FydeskError(f"这次会议没有第 {decision + 1} 项议定事项。")
            source_label = f"{meeting.title} 议定事项第 {decision + 1} 项"
        else:
            source_label = meeting.title
    wire = _wire({"content": (content or "").strip(), "work_group": (work_group or "").strip(), "source": source,
                  "source_meeting_id": meeting_id, "source_label": source_label,
                  "lead_office_id": lead_office_id, "partner_office_ids": list(partner_office_ids or []),
                  "deadline": deadline, "milestones": (milestones or "").strip(),
                  "issued_date": issued or date.today()})
    wire.setdefault("partner_office_ids", [])
    _check(session, wire, creating=True)
    lock_log(session)
    w = LogWriter.begin(session, None)
    task_id = str(uuid7())
    author = _author(user)
    rec = Rec(record_id=task_id, entity="task", owner_office_id=lead_office_id, data=wire,
              field_revs={}, field_authors={}, rev=0, scope=_scope(wire))
    w.add(rec)
    seq = w.append(rec, "insert", dict(wire), author)
    rec.rev = seq
    rec.field_revs = dict.fromkeys(wire, seq)
    rec.field_authors = {k: [None, author] for k in wire}
    w.flush()
    return task_id


def edit_task(session: Session, task_id: str, changes: dict[str, Any], user: str | None = None) -> int | None:
    """The coordinator's change of a task (a new deadline, another office…), logged as an edit
    for its offices, the replaced values kept in history; None when nothing changes.

    An office added to the task receives it whole, with the reports given so far; an office
    taken off keeps what it had and receives nothing more.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise FydeskError(f"任务的“{RULES['task'].field(min(unknown)).label}”不能修改。")
    lock_log(session)
    w = LogWriter.begin(session, None)
    rec = w.get(task_id)
    if rec is None or rec.entity != "task" or rec.deleted_at is not None:
        raise FydeskError("没有这项任务。")
    wire = _wire(changes)
    for k, v in changes.items():
        if (v is None or v == "") and k not in wire:
            wire[k] = None
    if "partner_office_ids" in changes:
        wire["partner_office_ids"] = list(changes["partner_office_ids"] or [])
    applied = {k: v for k, v in wire.items() if rec.data.get(k) != v}
    if not applied:
        return None
    _check(session, applied, creating=False, before=rec.data)
    author = _author(user)
    replaced = {k: (rec.data.get(k), rec.field_authors.get(k, [None, None])[1]) for k in applied}
    rec.data = {**rec.data, **applied}
    before_scope = set(rec.scope)
    rec.scope = _scope(rec.data)
    seq = w.append(rec, "update", dict(applied), author, scope=sorted(before_scope & set(rec.scope)))
    w.history.extend({"seq": seq, "entity": "task", "record_id": task_id, "field": k, "old_value": old,
                      "old_author": by, "new_value": applied[k], "new_author": author}
                     for k, (old, by) in replaced.items())
    rec.rev = seq
    rec.field_revs = {**rec.field_revs, **dict.fromkeys(applied, seq)}
    rec.field_authors = {**rec.field_authors, **{k: [None, author] for k in applied}}
    newcomers = sorted(set(rec.scope) - before_scope)
    if newcomers:
        # They have never seen the task: send it whole, then its reports and their files.
        w.append(rec, "insert", dict(rec.data), author, scope=newcomers)
        reports = _reports_of(session, w, [task_id])
        files = _attachments_of(session, w, [r.record_id for r in reports])
        for r in reports + files:
            r.scope = sorted(set(r.scope) | set(newcomers))
            w.append(r, "insert", dict(r.data), author, scope=newcomers)
    w.flush()
    return seq


def _reports_of(session: Session, w: LogWriter, task_ids: list[str]) -> list[Rec]:
    out = []
    for r in session.scalars(select(Record).where(Record.entity == "task_report", Record.deleted_at.is_(None))):
        if r.data.get("task_id") in task_ids:
            w.load({r.record_id})
            out.append(w.records[r.record_id])
    return out


def _attachments_of(session: Session, w: LogWriter, report_ids: list[str]) -> list[Rec]:
    out = []
    wanted = set(report_ids)
    for r in session.scalars(select(Record).where(Record.entity == "attachment", Record.deleted_at.is_(None))):
        if r.data.get("owner_entity") == "task_report" and r.data.get("owner_id") in wanted:
            w.load({r.record_id})
            out.append(w.records[r.record_id])
    return out


def report_files(session: Session, report_ids: list[str]) -> dict[str, list[str]]:
    """The names of the files (a scanned 反馈函…) attached to each report."""
    wanted, out = set(report_ids), {}
    for r in session.scalars(select(Record).where(Record.entity == "attachment", Record.deleted_at.is_(None))
                             .order_by(Record.rev)):
        if r.data.get("owner_entity") == "task_report" and r.data.get("owner_id") in wanted:
            out.setdefault(r.data["owner_id"], []).append(r.data.get("name") or "")
    return out


# --- following progress -------------------------------------------------------------------

@dataclass(frozen=True)
class OfficePart:
    office_id: str
    office: str
    lead: bool
    state: str
    latest_date: date | None
    latest_text: str
    reports: int


@dataclass(frozen=True)
class TaskRow:
    id: str
    content: str
    work_group: str
    source: str
    source_label: str
    deadline: date
    issued: date
    milestones: str
    state: str
    on_time: bool
    parts: tuple[OfficePart, ...]
    reports: tuple[rules_of.Report, ...]  # every report up to the day, oldest first

    @property
    def offices(self) -> str:
        return "、".join(p.office for p in self.parts)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def task_rows(session: Session, as_of: date | None = None, *, work_group: str | None = None,
              office_id: str | None = None, task_id: str | None = None,
              within: set[str] | None = None) -> list[TaskRow]:
    """Every task issued by `as_of` (today by default) as it stood that day, by deadline:
    each responsible office's latest report and state. Filters: a working group's name, an
    office among the responsible ones, one task, the groups a member may read (`within`)."""
    as_of = as_of or date.today()
    names = dict(session.execute(select(HubOffice.id, HubOffice.name)).all())
    query = select(Record).where(Record.entity == "task", Record.deleted_at.is_(None))
    if task_id:
        query = query.where(Record.record_id == task_id)
    tasks = []
    for r in session.scalars(query):
        issued, deadline = _day(r.data.get("issued_date")), _day(r.data.get("deadline"))
        if issued is None or deadline is None or issued > as_of:
            continue
        if work_group and r.data.get("work_group") != work_group:
            continue
        if within is not None and r.data.get("work_group") not in within:
            continue
        if office_id and office_id not in (r.scope or []):
            continue
        tasks.append((r, issued, deadline))
    wanted = {r.record_id for r, *_ in tasks}
    reports: dict[str, list[rules_of.Report]] = {}
    for r in session.scalars(select(Record).where(Record.entity == "task_report", Record.deleted_at.is_(None))):
        day = _day(r.data.get("report_date"))
        if r.data.get("task_id") in wanted and day is not None and day <= as_of:
            reports.setdefault(r.data["task_id"], []).append(rules_of.Report(
                r.owner_office_id, day, bool(r.data.get("done")), r.data.get("text") or "", r.record_id))
    rows = []
    for r, issued, deadline in tasks:
        lead = r.data.get("lead_office_id")
        offices = [lead, *[o for o in r.data.get("partner_office_ids") or [] if o != lead]]
        mine = sorted(reports.get(r.record_id, []), key=lambda x: (x.report_date, x.order))
        latest = rules_of.latest_by_office(mine)
        parts = tuple(OfficePart(
            o, names.get(o, o), o == lead, rules_of.office_state(o, deadline, mine, as_of),
            latest[o].report_date if o in latest else None, latest[o].text if o in latest else "",
            sum(1 for x in mine if x.office_id == o)) for o in offices)
        rows.append(TaskRow(
            r.record_id, r.data.get("content", ""), r.data.get("work_group") or "", r.data.get("source", ""),
            r.data.get("source_label") or "", deadline, issued, r.data.get("milestones") or "",
            rules_of.task_state(offices, deadline, mine, as_of), rules_of.on_time(offices, deadline, mine),
            parts, tuple(mine)))
    rows.sort(key=lambda t: (t.deadline, t.issued, t.id))
    return rows


@dataclass(frozen=True)
class Count:
    name: str
    total: int
    done_on_time: int
    done_late: int
    open: int
    overdue: int


def counts(rows: list[TaskRow]) -> tuple[list[Count], list[Count]]:
    """On-time and overdue counts per working group and per office (an office's part of each
    task it is responsible for: done by the deadline, done late, still open, overdue)."""
    groups: dict[str, list[int]] = {}
    offices: dict[str, list[int]] = {}
    for t in rows:
        g = groups.setdefault(t.work_group or "（未分组）", [0, 0, 0, 0, 0])
        _tally(g, t.state, t.on_time)
        for part in t.parts:
            o = offices.setdefault(part.office, [0, 0, 0, 0, 0])
            part_on_time = part.state == rules_of.DONE and part.latest_date is not None and part.latest_date <= t.deadline
            _tally(o, part.state, part_on_time)
    return ([Count(k, *v) for k, v in sorted(groups.items())], [Count(k, *v) for k, v in sorted(offices.items())])


def _tally(into: list[int], state: str, on_time: bool) -> None:
    into[0] += 1
    if state == rules_of.DONE:
        into[1 if on_time else 2] += 1
    elif state == rules_of.OVERDUE:
        into[4] += 1
    else:
        into[3] += 1


# --- the 调度通报 ------------------------------------------------------------------------

ISSUER = "府院联动联席会议办公室"


def task_bulletin(session: Session, as_of: date, issuer: str = ISSUER, within: set[str] | None = None):
    from fydesk.documents.model import TaskBulletinDoc, TaskCount, TaskLine, TaskPart

    rows = task_rows(session, as_of, within=within)
    groups, offices = counts(rows)
    return TaskBulletinDoc(
        issuer=issuer, as_of=as_of.isoformat(),
        tasks=tuple(TaskLine(t.content, t.work_group, t.source_label or t.source, t.deadline.isoformat(), t.state,
                             tuple(TaskPart(p.office, p.lead, p.state,
                                            p.latest_date.isoformat() if p.latest_date else "", p.latest_text)
                                   for p in t.parts)) for t in rows),
        by_group=tuple(TaskCount(c.name, c.total, c.done_on_time, c.done_late, c.open, c.overdue) for c in groups),
        by_office=tuple(TaskCount(c.name, c.total, c.done_on_time, c.done_late, c.open, c.overdue) for c in offices))


def task_bulletin_pdf(session: Session, as_of: date, issuer: str = ISSUER, within: set[str] | None = None) -> bytes:
    """The 调度通报 as PDF bytes, drawn by the documents' own writer and fonts."""
    from io import BytesIO

    from fydesk.documents import taskbulletin
    from fydesk.documents.fonts import font_set
    from fydesk.documents.page import marked

    out = BytesIO()
    with marked(None):
        taskbulletin.render(task_bulletin(session, as_of, issuer, within), out, font_set())
    return out.getvalue()
