"""A task's state (任务清单, DESIGN §2), read from its reports: pure, shared by desk and hub.

Neither side stores the state. The hub writes the task (content, offices, deadline), each
responsible office adds reports; from those and the day it is read:

- 已完成: every responsible office's latest report marks its part done;
- 逾期: not 已完成 and the deadline has passed;
- 推进中: some office has reported;
- 下达: nobody has reported yet.

A task is done on time when every office's part was marked done no later than the deadline
(by the date of the report that marked it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DONE",
    "ISSUED",
    "OVERDUE",
    "PROGRESS",
    "STATES",
    "Report",
    "latest_by_office",
    "office_state",
    "on_time",
    "task_state",
]

ISSUED, PROGRESS, DONE, OVERDUE = "下达", "推进中", "已完成", "逾期"
STATES = (ISSUED, PROGRESS, DONE, OVERDUE)


@dataclass(frozen=True)
class Report:
    office_id: str
    report_date: date
    done: bool
    text: str = ""
    order: str = ""  # the report's id (UUIDv7: by creation), to order two of one day


def latest_by_office(reports: Iterable[Report]) -> dict[str, Report]:
    latest: dict[str, Report] = {}
    for r in reports:
        held = latest.get(r.office_id)
        if held is None or (r.report_date, r.order) >= (held.report_date, held.order):
            latest[r.office_id] = r
    return latest


def _done_dates(offices: Sequence[str], reports: Iterable[Report]) -> dict[str, date]:
    """The day each office's part is done: its latest report's, if that marks it done."""
    latest = latest_by_office(reports)
    return {o: latest[o].report_date for o in offices if o in latest and latest[o].done}


def office_state(office_id: str, deadline: date, reports: Iterable[Report], today: date) -> str:
    """One office's part, as the state of a task it alone were responsible for."""
    return task_state([office_id], deadline, [r for r in reports if r.office_id == office_id], today)


def task_state(offices: Sequence[str], deadline: date, reports: Iterable[Report], today: date) -> str:
    reports = list(reports)
    done = _done_dates(offices, reports)
    if offices and all(o in done for o in offices):
        return DONE
    if today > deadline:
        return OVERDUE
    return PROGRESS if any(r.office_id in offices for r in reports) else ISSUED


def on_time(offices: Sequence[str], deadline: date, reports: Iterable[Report]) -> bool:
    done = _done_dates(offices, reports)
    return bool(offices) and all(o in done and done[o] <= deadline for o in offices)
