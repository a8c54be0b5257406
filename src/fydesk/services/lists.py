"""Read-only list queries for the desktop pages: keyset pages of rows and small lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fydesk.models import (
    Enterprise,
    JointCase,
    JudicialSuggestion,
    MediationCase,
    MediationSession,
    Office,
    Party,
    Risk,
    Staff,
    Visit,
)

from . import records
from .records import RecordDTO


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: enough to show and to find the case again."""

    id: str
    case_number: str | None
    registered_date: date
    category: str
    dispute_type: str
    parties: str  # names, joined; ID numbers never appear in lists
    status: str
    term_end: date | None
    needs_coordination: bool


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseRow, ...]
    last_key: str | None  # pass back as `after` for the next page; None when exhausted
    total: int | None  # counted with the first page only


@dataclass(frozen=True)
class SessionRow:
    id: str
    case_id: str
    case_number: str | None
    held_at: datetime
    place: str
    mode: str


def case_page(
    session: Session,
    *,
    status: str | None = None,
    text: str | None = None,
    after: str | None = None,
    limit: int = 200,
    count: bool = False,
) -> CasePage:
    """Cases newest first by keyset on the UUIDv7 id (creation order), `limit` at a time.

    Walking the primary key backwards stops after `limit` matches, so the first page of a
    100,000-case file costs the same as of a small one; no OFFSET is ever used.
    """
    C = MediationCase
    where = [C.deleted_at.is_(None)]
    if status:
        where.append(C.status == status)
    if text and text.strip():
        needle = text.strip()
        where.append((func.instr(C.case_number, needle) > 0) | (func.instr(C.summary, needle) > 0))
    query = select(C.id, C.case_number, C.registered_date, C.category, C.dispute_type, C.status,
                   C.term_end, C.needs_coordination).where(*where)
    if after is not None:
        query = query.where(C.id < after)
    rows = session.execute(query.order_by(C.id.desc()).limit(limit)).all()
    names: dict[str, list[str]] = {}
    if rows:
        for case_id, name in session.execute(
            select(Party.case_id, Party.name)
            .where(Party.case_id.in_([r[0] for r in rows]), Party.deleted_at.is_(None))
            .order_by(Party.case_id, Party.id)
        ):
            names.setdefault(case_id, []).append(name)
    out = tuple(
        CaseRow(r[0], r[1], r[2], r[3], r[4], "、".join(names.get(r[0], ())), r[5], r[6], bool(r[7]))
        for r in rows
    )
    total = session.scalar(select(func.count()).select_from(C).where(*where)) if count else None
    return CasePage(out, out[-1].id if len(out) == limit else None, total)


@dataclass(frozen=True)
class SuggestionRow:
    id: str
    number: str | None
    kind: str
    addressee: str
    issued_date: date | None
    served_date: date | None
    reply_due: date | None
    reply_date: date | None
    status: str
    overdue: bool  # served, unanswered and past its reply date


@dataclass(frozen=True)
class SuggestionPage:
    rows: tuple[SuggestionRow, ...]
    last_key: str | None
    total: int | None


# The statuses in which a reply is still awaited (as services/due.py counts them).
AWAITING_REPLY = ("签发", "送达")


def suggestion_page(
    session: Session,
    *,
    today: date,
    status: str | None = None,
    overdue_only: bool = False,
    text: str | None = None,
    after: str | None = None,
    limit: int = 200,
    count: bool = False,
) -> SuggestionPage:
    """Judicial suggestions newest first, by keyset on the id, each marked overdue or not."""
    S = JudicialSuggestion
    overdue = (S.status.in_(AWAITING_REPLY) & S.reply_date.is_(None) & (S.reply_due < today))
    where = [S.deleted_at.is_(None)]
    if status:
        where.append(S.status == status)
    if overdue_only:
        where.append(overdue)
    if text and text.strip():
        needle = text.strip()
        where.append((func.instr(S.number, needle) > 0) | (func.instr(S.addressee, needle) > 0)
                     | (func.instr(S.problem, needle) > 0))
    query = select(S.id, S.number, S.kind, S.addressee, S.issued_date, S.served_date, S.reply_due,
                   S.reply_date, S.status, overdue).where(*where)
    if after is not None:
        query = query.where(S.id < after)
    rows = tuple(SuggestionRow(*r[:9], bool(r[9]))
                 for r in session.execute(query.order_by(S.id.desc()).limit(limit)))
    total = session.scalar(select(func.count()).select_from(S).where(*where)) if count else None
    return SuggestionPage(rows, rows[-1].id if len(rows) == limit else None, total)


@dataclass(frozen=True)
class EnterpriseRow:
    id: str
    name: str
    uscc: str | None
    industry: str | None
    size: str | None
    contact_name: str | None
    visits: int
    open_risks: int  # found and not yet rectified


@dataclass(frozen=True)
class EnterprisePage:
    rows: tuple[EnterpriseRow, ...]
    last_key: str | None
    total: int | None


OPEN_RISK = ("发现", "已提示", "整改中", "逾期")


def enterprise_page(
    session: Session, *, text: str | None = None, after: str | None = None, limit: int = 200,
    count: bool = False,
) -> EnterprisePage:
    """Firms newest first by keyset on the id, with their visit and open-risk counts."""
    E = Enterprise
    where = [E.deleted_at.is_(None)]
    if text and text.strip():
        needle = text.strip()
        where.append((func.instr(E.name, needle) > 0) | (func.instr(E.uscc, needle.upper()) > 0))
    query = select(E.id, E.name, E.uscc, E.industry, E.size, E.contact_name).where(*where)
    if after is not None:
        query = query.where(E.id < after)
    rows = session.execute(query.order_by(E.id.desc()).limit(limit)).all()
    ids = [r[0] for r in rows]
    visits: dict[str, int] = {}
    risks: dict[str, int] = {}
    if ids:
        visits = dict(session.execute(
            select(Visit.enterprise_id, func.count()).where(Visit.enterprise_id.in_(ids), Visit.deleted_at.is_(None))
            .group_by(Visit.enterprise_id)).all())
        risks = dict(session.execute(
            select(Visit.enterprise_id, func.count()).join(Risk, Risk.visit_id == Visit.id)
            .where(Visit.enterprise_id.in_(ids), Visit.deleted_at.is_(None), Risk.deleted_at.is_(None),
                   Risk.status.in_(OPEN_RISK))
            .group_by(Visit.enterprise_id)).all())
    out = tuple(EnterpriseRow(*r, visits.get(r[0], 0), risks.get(r[0], 0)) for r in rows)
    total = session.scalar(select(func.count()).select_from(E).where(*where)) if count else None
    return EnterprisePage(out, out[-1].id if len(out) == limit else None, total)


def enterprise_children(session: Session, enterprise_id: str) -> tuple[tuple[RecordDTO, ...], dict[str, tuple[RecordDTO, ...]]]:
    """A firm's visits, newest first, and each visit's risks, gravest level first."""
    visits = sorted(records.list_children(session, "visit", "enterprise_id", enterprise_id),
                    key=lambda v: (v["visit_date"], v.id), reverse=True)
    order = {level: i for i, level in enumerate(("重大且紧急", "较大", "一般", "提示"))}
    risks = {
        v.id: tuple(sorted(records.list_children(session, "risk", "visit_id", v.id),
                           key=lambda r: (order.get(r["level"], 9), r.id)))
        for v in visits
    }
    return tuple(visits), risks


@dataclass(frozen=True)
class JointRow:
    id: str
    title: str
    mode: str
    lead_office: str
    opened_date: date
    status: str
    needs_coordination: bool


@dataclass(frozen=True)
class JointPage:
    rows: tuple[JointRow, ...]
    last_key: str | None
    total: int | None


def joint_page(
    session: Session, *, status: str | None = None, text: str | None = None, after: str | None = None,
    limit: int = 200, count: bool = False,
) -> JointPage:
    """Joint cases newest first by keyset on the id, with the lead office's name."""
    J = JointCase
    where = [J.deleted_at.is_(None)]
    if status:
        where.append(J.status == status)
    if text and text.strip():
        needle = text.strip()
        where.append((func.instr(J.title, needle) > 0) | (func.instr(J.summary, needle) > 0))
    query = (select(J.id, J.title, J.mode, func.coalesce(Office.name, ""), J.opened_date, J.status,
                    J.needs_coordination)
             .outerjoin(Office, Office.id == J.lead_office_id).where(*where))
    if after is not None:
        query = query.where(J.id < after)
    rows = tuple(JointRow(*r[:6], bool(r[6])) for r in session.execute(query.order_by(J.id.desc()).limit(limit)))
    total = session.scalar(select(func.count()).select_from(J).where(*where)) if count else None
    return JointPage(rows, rows[-1].id if len(rows) == limit else None, total)


def office_choices(session: Session) -> tuple[tuple[str, str], ...]:
    """(id, name) of every office this PC knows, for pick lists."""
    return tuple((i, n) for i, n in session.execute(
        select(Office.id, Office.name).where(Office.deleted_at.is_(None)).order_by(Office.code)))


def case_children(session: Session, case_id: str) -> dict[str, tuple[RecordDTO, ...]]:
    """A case's parties, sessions, agreements with their terms, performance and 司法确认."""
    agreements = records.list_children(session, "agreement", "case_id", case_id)
    terms: list[RecordDTO] = []
    confirmations: list[RecordDTO] = []
    for a in agreements:
        terms += records.list_children(session, "term", "agreement_id", a.id)
        confirmations += records.list_children(session, "confirmation", "agreement_id", a.id)
    performances: list[RecordDTO] = []
    for t in terms:
        performances += records.list_children(session, "performance", "term_id", t.id)
    return {
        "performance": tuple(performances),
        "confirmation": tuple(confirmations),
        "party": tuple(records.list_children(session, "party", "case_id", case_id)),
        "session": tuple(sorted(records.list_children(session, "session", "case_id", case_id),
                                key=lambda s: s["held_at"])),
        "agreement": tuple(agreements),
        "term": tuple(terms),
    }


def sessions_on(session: Session, day: date) -> tuple[SessionRow, ...]:
    """Mediation sessions held (or planned) on one day, in time order."""
    S, C = MediationSession, MediationCase
    start = datetime(day.year, day.month, day.day)
    rows = session.execute(
        select(S.id, S.case_id, C.case_number, S.held_at, S.place, S.mode)
        .join(C, C.id == S.case_id)
        .where(S.deleted_at.is_(None), C.deleted_at.is_(None),
               S.held_at >= start, S.held_at < start + timedelta(days=1))
        .order_by(S.held_at)
    ).all()
    return tuple(SessionRow(*r) for r in rows)


def staff_choices(session: Session, office_id: str | None) -> tuple[tuple[str, str], ...]:
    """(id, name) of the active staff of an office, for pick lists."""
    query = select(Staff.id, Staff.name).where(Staff.deleted_at.is_(None), Staff.active.is_not(False))
    if office_id:
        query = query.where(Staff.office_id == office_id)
    return tuple((i, n) for i, n in session.execute(query.order_by(Staff.name)))
