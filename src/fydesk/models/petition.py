"""涉诉信访: the petitions an office registers, and the steps of handling each."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Petition(Synced, Base):
    __tablename__ = "petitions"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    petitioner: Mapped[str] = mapped_column(String(100))
    matter: Mapped[str] = mapped_column(Text)
    received_date: Mapped[date] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(10))
    case_numbers: Mapped[str | None] = mapped_column(String(200))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("mediation_cases.id"))
    status: Mapped[str] = mapped_column(String(10), default="登记", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    closed_date: Mapped[date | None] = mapped_column(index=True)
    transfer_to: Mapped[str | None] = mapped_column(String(200))
    close_document: Mapped[str | None] = mapped_column(String(60))


class PetitionStep(Synced, Base):
    """办理记录: append-only, like a mediation session."""

    __tablename__ = "petition_steps"

    petition_id: Mapped[str] = mapped_column(ForeignKey("petitions.id"), index=True)
    step_date: Mapped[date]
    action: Mapped[str] = mapped_column(String(10))
    handler: Mapped[str] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)
