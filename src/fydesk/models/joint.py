"""Joint (联动) cases shared by several offices, with their participants and handoffs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class JointCase(Synced, Base):
    __tablename__ = "joint_cases"

    title: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(20))
    lead_office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    mediation_case_id: Mapped[str | None] = mapped_column(
        ForeignKey("mediation_cases.id"), index=True
    )
    summary: Mapped[str | None] = mapped_column(Text)
    opened_date: Mapped[date]
    closed_date: Mapped[date | None]
    outcome_report: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="办理中", server_default="办理中")
    status_reason: Mapped[str | None] = mapped_column(Text)
    needs_coordination: Mapped[bool] = mapped_column(default=False)


class JointCaseOffice(Synced, Base):
    __tablename__ = "joint_case_offices"
    __table_args__ = (UniqueConstraint("joint_case_id", "office_id"),)

    joint_case_id: Mapped[str] = mapped_column(ForeignKey("joint_cases.id"), index=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    role: Mapped[str] = mapped_column(String(10), default="参与")


class Handoff(Synced, Base):
    """A transfer of materials between offices: append-only."""

    __tablename__ = "handoffs"

    joint_case_id: Mapped[str] = mapped_column(ForeignKey("joint_cases.id"), index=True)
    at: Mapped[datetime]
    from_office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    to_office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    materials: Mapped[str] = mapped_column(Text)
    handler: Mapped[str] = mapped_column(String(50))
