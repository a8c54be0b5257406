"""Offices, their staff and mediation bodies, and the population/filing figures of each area."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Office(Synced, Base):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(String(12))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("offices.id"))
    # Prefix inside case numbers, e.g. "越秀人" in （2026）越秀人调字第12号.
    case_prefix: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))


class Staff(Synced, Base):
    __tablename__ = "staff"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)


class MediationBody(Synced, Base):
    """调解组织: the committee, invited organisation or invited mediator that presides over a
    case and issues its agreement; its cases are recorded on the PCs of `office_id`."""

    __tablename__ = "mediation_bodies"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    # What the seal reads, when it differs from the name (None: the name; 特邀调解员: no seal).
    seal_name: Mapped[str | None] = mapped_column(String(100))
    area_code: Mapped[str | None] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(default=True)
    # 代字 of its agreement numbers, （2026）溪口人调协字第1号; unique among the office's bodies.
    number_prefix: Mapped[str | None] = mapped_column(String(20))


class AreaStat(Synced, Base):
    """辖区数据: one area (down to 镇街) in one month."""

    __tablename__ = "area_stats"
    __table_args__ = (UniqueConstraint("area_code", "period"),)

    area_code: Mapped[str] = mapped_column(String(12))
    area_name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(7), index=True)
    resident_population: Mapped[int] = mapped_column(default=0)
    floating_population: Mapped[int] = mapped_column(default=0)
    civil_filings: Mapped[int] = mapped_column(default=0)
    admin_filings: Mapped[int] = mapped_column(default=0)
