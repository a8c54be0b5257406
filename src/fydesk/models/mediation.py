"""Mediation cases and what hangs off them: parties, sessions, agreements, performance, 司法确认."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class MediationCase(Synced, Base):
    __tablename__ = "mediation_cases"
    __table_args__ = (
        Index("ix_mediation_cases_office_status", "office_id", "status"),
        Index("ix_mediation_cases_accepted_date", "accepted_date"),
        Index("ix_mediation_cases_registered_date", "registered_date"),
    )

    case_number: Mapped[str | None] = mapped_column(String(60), index=True)
    # True while the number is a device-tagged stand-in awaiting a leased one.
    number_provisional: Mapped[bool] = mapped_column(default=False)
    external_case_number: Mapped[str | None] = mapped_column(String(60))
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    category: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    dispute_type: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(String(12))
    # 标的物所在地, in words: one of the places whose basic court may confirm the agreement.
    subject_location: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    claims: Mapped[str | None] = mapped_column(Text)
    registered_date: Mapped[date]
    accepted_date: Mapped[date | None]
    term_end: Mapped[date | None]
    extension_days: Mapped[int] = mapped_column(default=0)
    amount_cents: Mapped[int | None]
    people_involved: Mapped[int] = mapped_column(default=2)
    group_dispute: Mapped[bool] = mapped_column(default=False)
    risk_level: Mapped[str] = mapped_column(String(4), default="低")
    lead_mediator_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    # 主持调解组织: the body that presides and signs (DESIGN §2); None only on cases recorded
    # before an office had any body.
    body_id: Mapped[str | None] = mapped_column(ForeignKey("mediation_bodies.id"))
    assistant_ids: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(10), default="登记")
    status_reason: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(10))
    close_method: Mapped[str | None] = mapped_column(String(20))
    close_date: Mapped[date | None]
    archive_number: Mapped[str | None] = mapped_column(String(60))
    # Why the file was archived without a mandatory item (卷宗 checklist), when it was.
    archive_note: Mapped[str | None] = mapped_column(Text)
    # 需协调: set when the hub records a conflict on a legally significant field.
    needs_coordination: Mapped[bool] = mapped_column(default=False)


class Party(Synced, Base):
    __tablename__ = "parties"

    case_id: Mapped[str] = mapped_column(ForeignKey("mediation_cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10), default="自然人")
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(2))
    ethnicity: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None]
    id_type: Mapped[str | None] = mapped_column(String(20))
    id_number: Mapped[str | None] = mapped_column(String(30))
    uscc: Mapped[str | None] = mapped_column(String(18))
    uscc_override_reason: Mapped[str | None] = mapped_column(String(200))
    legal_representative: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    agent_name: Mapped[str | None] = mapped_column(String(50))
    agent_phone: Mapped[str | None] = mapped_column(String(40))


class TermExtension(Synced, Base):
    """延期: recorded, append-only; each adds at most the configured days to the term."""

    __tablename__ = "term_extensions"

    case_id: Mapped[str] = mapped_column(ForeignKey("mediation_cases.id"), index=True)
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    decided_date: Mapped[date]


class MediationSession(Synced, Base):
    """调解记录 (笔录): append-only."""

    __tablename__ = "mediation_sessions"

    case_id: Mapped[str] = mapped_column(ForeignKey("mediation_cases.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(4), default="现场")
    attendees: Mapped[str] = mapped_column(Text)
    mediator_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    # 记录人. No foreign key: SQLite cannot add one to the table without rebuilding it.
    recorder_id: Mapped[str | None] = mapped_column(String(36))
    record: Mapped[str] = mapped_column(Text)
    signed: Mapped[bool] = mapped_column(default=False)


class Agreement(Synced, Base):
    __tablename__ = "agreements"

    case_id: Mapped[str] = mapped_column(ForeignKey("mediation_cases.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(60))
    form: Mapped[str] = mapped_column(String(4), default="书面")
    facts: Mapped[str] = mapped_column(Text)
    disputes: Mapped[str | None] = mapped_column(Text)
    responsibility: Mapped[str | None] = mapped_column(Text)
    signed_date: Mapped[date | None]
    effective_date: Mapped[date | None] = mapped_column(index=True)
    copies: Mapped[int] = mapped_column(default=3)


class AgreementTerm(Synced, Base):
    __tablename__ = "agreement_terms"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    seq: Mapped[int] = mapped_column(default=1)
    obligor: Mapped[str] = mapped_column(String(100))
    obligee: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    amount_cents: Mapped[int | None]
    manner: Mapped[str | None] = mapped_column(String(100))
    due_date: Mapped[date | None]


class Performance(Synced, Base):
    __tablename__ = "performances"

    term_id: Mapped[str] = mapped_column(ForeignKey("agreement_terms.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(index=True)
    done_date: Mapped[date | None]
    amount_cents: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default="未履行")
    note: Mapped[str | None] = mapped_column(Text)


class JudicialConfirmation(Synced, Base):
    __tablename__ = "judicial_confirmations"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="拟申请")
    status_reason: Mapped[str | None] = mapped_column(Text)
    applied_date: Mapped[date | None]
    court: Mapped[str | None] = mapped_column(String(100))
    court_case_number: Mapped[str | None] = mapped_column(String(60))
    court_accepted_date: Mapped[date | None]
    ruling_extended: Mapped[bool] = mapped_column(default=False)
    ruling_date: Mapped[date | None]
    result: Mapped[str | None] = mapped_column(String(10))
