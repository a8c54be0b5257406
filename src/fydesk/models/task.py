"""The 联席会议's tasks as this office receives them, and its progress reports on them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Task(Synced, Base):
    """Written at the hub only (filled by pulls); its state is read from the reports."""

    __tablename__ = "tasks"

    content: Mapped[str] = mapped_column(Text)
    work_group: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10))
    source_meeting_id: Mapped[str | None] = mapped_column(String(36))
    source_label: Mapped[str | None] = mapped_column(String(300))
    lead_office_id: Mapped[str] = mapped_column(String(36), index=True)
    partner_office_ids: Mapped[list[Any]] = mapped_column(default=list)
    deadline: Mapped[date] = mapped_column(index=True)
    milestones: Mapped[str | None] = mapped_column(Text)
    issued_date: Mapped[date]


class TaskReport(Synced, Base):
    """One office's progress on a task; only ever added."""

    __tablename__ = "task_reports"

    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    report_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(default=False)
