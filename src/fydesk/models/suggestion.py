"""Judicial suggestions (司法建议) and the replies to them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class JudicialSuggestion(Synced, Base):
    __tablename__ = "judicial_suggestions"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[str | None] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    source_case_number: Mapped[str | None] = mapped_column(String(60))
    addressee: Mapped[str] = mapped_column(String(200))
    cc: Mapped[str | None] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text)
    issued_date: Mapped[date | None]
    served_date: Mapped[date | None]
    reply_days: Mapped[int | None]
    reply_due: Mapped[date | None] = mapped_column(index=True)
    reply_date: Mapped[date | None]
    adoption: Mapped[str | None] = mapped_column(String(10))
    measures: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="起草")
    status_reason: Mapped[str | None] = mapped_column(Text)
