"""The 任务清单 page's units of work: plain functions run on the database worker, no Qt."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fydesk.domain.errors import NotFoundError

if TYPE_CHECKING:
    from fydesk.store.engine import Store


def task_list(store: Store, today: date) -> tuple[Any, ...]:
    from fydesk.services import tasks

    with store.read() as session:
        return tuple(tasks.list_tasks(session, today))


def report_task(store: Store, user: str | None, task_id: str, text: str, when: date, done: bool,
                attach: str | None = None, kind: str = "反馈函") -> str:
    """The report, then its file (copied in by hash outside the write, as every attachment
    is); a file that is not there stops it before anything is written. Returns the report's id."""
    from fydesk.services import attachments, tasks
    from fydesk.services.context import load_actor

    if attach and not Path(attach).is_file():
        raise NotFoundError(f"找不到文件 {attach}。")
    with store.write() as session:
        made = tasks.report(session, load_actor(session, user), task_id, text, when, done)
    if attach:
        attachments.add_file(store, user, "task_report", made.id, Path(attach), kind)
    return made.id

