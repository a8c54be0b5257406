"""The 任务清单 on the desk: tasks the hub sent this office, and its progress reports.

Tasks arrive by pull only (the hub writes them); this office adds reports, each an
append-only record written with its audit entry and outbox op in the caller's transaction
(records.create), so that a PC offline for a week reports as usual and its reports reach the
hub with the next sync. States are read by domain/tasks.py, never stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain import tasks as rules_of
from fydesk.domain.errors import NotFoundError, ValidationError
from fydesk.models import Attachment, Office, Task, TaskReport

from . import records
from .context import Actor, get_setting
from .records import RecordDTO

__all__ = ["ReportView", "TaskView", "get_task", "list_tasks", "report"]


@dataclass(frozen=True)
class ReportView:
    id: str
    office_id: str
    office: str
    report_date: date
    text: str
    done: bool
    files: tuple[str, ...] = ()  # the names of the files attached to it


@dataclass(frozen=True)
class TaskView:
    id: str
    content: str
    work_group: str
    source: str
    source_label: str
    lead_office: str
    partner_offices: tuple[str, ...]
    deadline: date
    issued_date: date
    milestones: str
    state: str  # the whole task's
    my_state: str  # this office's part
    reports: tuple[ReportView, ...]  # oldest first

    @property
    def overdue(self) -> bool:
        return self.my_state == rules_of.OVERDUE

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["deadline"] = self.deadline.isoformat()
        out["issued_date"] = self.issued_date.isoformat()
        out["partner_offices"] = list(self.partner_offices)
        out["reports"] = [{**asdict(r), "report_date": r.report_date.isoformat(), "files": list(r.files)}
                          for r in self.reports]
        return out


def _views(session: Session, tasks: list[Task], today: date) -> list[TaskView]:
    me = get_setting(session, "office_id") or ""
    names = dict(session.execute(select(Office.id, Office.name)).all())
    ids = [t.id for t in tasks]
    by_task: dict[str, list[TaskReport]] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for r in session.scalars(select(TaskReport).where(TaskReport.task_id.in_(chunk),
                                                          TaskReport.deleted_at.is_(None))):
            by_task.setdefault(r.task_id, []).append(r)
    report_ids = [r.id for rows in by_task.values() for r in rows]
    files: dict[str, list[str]] = {}
    for chunk in (report_ids[i:i + 500] for i in range(0, len(report_ids), 500)):
        for owner, name in session.execute(
                select(Attachment.owner_id, Attachment.name).where(
                    Attachment.owner_entity == "task_report", Attachment.owner_id.in_(chunk),
                    Attachment.deleted_at.is_(None)).order_by(Attachment.created_at)):
            files.setdefault(owner, []).append(name)
    out = []
    for t in tasks:
        offices = [t.lead_office_id, *[o for o in t.partner_office_ids or [] if o != t.lead_office_id]]
        rows = sorted(by_task.get(t.id, []), key=lambda r: (r.report_date, r.id))
        reports = [rules_of.Report(r.owner_office_id or "", r.report_date, bool(r.done), r.text, r.id) for r in rows]
        mine = rules_of.office_state(me, t.deadline, reports, today) if me in offices else \
            rules_of.task_state(offices, t.deadline, reports, today)
        out.append(TaskView(
            t.id, t.content, t.work_group or "", t.source, t.source_label or "",
            names.get(t.lead_office_id, t.lead_office_id),
            tuple(names.get(o, o) for o in offices[1:]), t.deadline, t.issued_date, t.milestones or "",
            rules_of.task_state(offices, t.deadline, reports, today), mine,
            tuple(ReportView(r.id, r.owner_office_id or "", names.get(r.owner_office_id, r.owner_office_id or ""),
                             r.report_date, r.text, bool(r.done), tuple(files.get(r.id, ()))) for r in rows)))
    return out


def list_tasks(session: Session, today: date | None = None) -> list[TaskView]:
    """Every task this PC holds, by deadline."""
    tasks = list(session.scalars(select(Task).where(Task.deleted_at.is_(None))
                                 .order_by(Task.deadline, Task.issued_date, Task.id)))
    return _views(session, tasks, today or date.today())


def get_task(session: Session, task_id: str, today: date | None = None) -> TaskView:
    task = session.get(Task, task_id)
    if task is None or task.deleted_at is not None:
        raise NotFoundError(f"本机没有编号为 {task_id} 的任务；请先同步。")
    return _views(session, [task], today or date.today())[0]


def report(session: Session, actor: Actor, task_id: str, text: str, report_date: date | None = None,
           done: bool = False) -> RecordDTO:
    """This office's progress on a task it is responsible for: audit entry and outbox op with it."""
    task = session.get(Task, task_id)
    if task is None or task.deleted_at is not None:
        raise NotFoundError(f"本机没有编号为 {task_id} 的任务；请先同步。")
    if actor.office_id not in {task.lead_office_id, *(task.partner_office_ids or [])}:
        raise ValidationError("task_id", "所属任务", "本单位不是该任务的责任单位，不能报告其进展。")
    if not (text or "").strip():
        raise ValidationError("text", "进展情况", "请填写进展情况。")
    return records.create(session, actor, "task_report", {
        "task_id": task_id, "report_date": (report_date or date.today()).isoformat(),
        "text": text.strip(), "done": bool(done)})
