"""Firms, visits and legal health checks (法治体检) at them, and the risks found."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Enterprise(Synced, Base):
    __tablename__ = "enterprises"

    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    uscc_override_reason: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[str | None] = mapped_column(String(4))
    area_code: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(40))


class Visit(Synced, Base):
    __tablename__ = "visits"

    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)
    visit_date: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))
    office_ids: Mapped[list[Any]] = mapped_column(default=list)
    people: Mapped[str] = mapped_column(Text)
    # [{"item": "...", "result": "符合|不符合|不适用", "note": "..."}]
    checklist: Mapped[list[Any]] = mapped_column(default=list)
    findings: Mapped[str | None] = mapped_column(Text)
    report_number: Mapped[str | None] = mapped_column(String(60))


class Risk(Synced, Base):
    __tablename__ = "risks"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    category: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10))
    suggestion: Mapped[str | None] = mapped_column(Text)
    rectification_due: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="发现")
    status_reason: Mapped[str | None] = mapped_column(Text)
    rectified_date: Mapped[date | None]
