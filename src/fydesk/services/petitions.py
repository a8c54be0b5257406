"""涉诉信访: registering a petition, the steps of handling it, its 化解 or 终结移交, its list and
its monthly figures. Every write goes through records (audit entry and outbox op in the
caller's transaction)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session

from fydesk.domain import stats as formulas
from fydesk.domain.errors import ValidationError
from fydesk.models import MediationCase, Petition, PetitionStep

from . import records
from .context import Actor
from .hooks import RareCheck
from .records import RecordDTO

__all__ = ["CLOSE_FIELDS", "PetitionDetail", "PetitionFigures", "PetitionPage", "PetitionRow", "add_step",
           "detail", "figures", "move", "page", "register"]

# What a closing move writes beside the status (the 终结/移交 record); its reason goes to status_reason.
CLOSE_FIELDS = ("closed_date", "transfer_to", "close_document")


def register(session: Session, actor: Actor, values: Mapping[str, Any], *, today: date | None = None,
             rare: RareCheck | None = None) -> RecordDTO:
    """登记 a petition for this office (or the office named), dated today unless a date is given.

    A 关联案号 that names a mediation case on record links it (case_id) as well."""
    values = dict(values)
    values.setdefault("office_id", actor.office_id)
    if not values.get("received_date"):
        values["received_date"] = today or date.today()
    if not values.get("case_id") and values.get("case_numbers"):
        values["case_id"] = _case_named(session, str(values["case_numbers"]))
    return records.create(session, actor, "petition", values, today=today, rare=rare)


def _case_named(session: Session, numbers: str) -> str | None:
    """The mediation case on record under the first of the case numbers written, if any."""
    for number in numbers.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
        number = number.strip()
        if number:
            found = session.scalar(select(MediationCase.id).where(
                MediationCase.case_number == number, MediationCase.deleted_at.is_(None)))
            if found is not None:
                return found
    return None


def add_step(session: Session, actor: Actor, petition_id: str, values: Mapping[str, Any], *,
             today: date | None = None, rare: RareCheck | None = None) -> RecordDTO:
    """Add one 办理记录; a registered petition is 化解中 from its first step on."""
    petition = records.get(session, "petition", petition_id)
    values = {**values, "petition_id": petition.id}
    if not values.get("step_date"):
        values["step_date"] = today or date.today()
    step = records.create(session, actor, "petition_step", values, today=today, rare=rare)
    if petition["status"] == "登记":
        records.update(session, actor, "petition", petition.id, {"status": "化解中"}, today=today)
    return step


def move(session: Session, actor: Actor, petition_id: str, status: str, *, reason: str | None = None,
         closing: Mapping[str, Any] | None = None, today: date | None = None) -> RecordDTO:
    """Move a petition's status (化解中, 已化解, 终结移交, 依法终结) with the record a closing move
    keeps: `closing` holds closed_date, transfer_to and close_document; `reason` why (a 终结
    or 移交 must say why). One edit: the status and its record go out together."""
    closing = dict(closing or {})
    unknown = set(closing) - set(CLOSE_FIELDS)
    if unknown:
        raise ValidationError(min(unknown), "信访件", "状态变更只能同时填写化解/终结日期、移交单位和文书号。")
    changes = {k: v for k, v in closing.items() if v not in (None, "")}
    return records.update(session, actor, "petition", petition_id, {**changes, "status": status},
                          today=today, reason=reason)


# --- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PetitionRow:
    id: str
    received_date: date
    petitioner: str
    channel: str
    case_numbers: str | None
    status: str
    closed_date: date | None
    steps: int


@dataclass(frozen=True)
class PetitionPage:
    rows: tuple[PetitionRow, ...]
    last_key: str | None
    total: int | None


def page(session: Session, *, status: str | None = None, text: str | None = None, after: str | None = None,
         limit: int = 200, count: bool = False) -> PetitionPage:
    """Petitions newest first (keyset on the id), with how many steps each has."""
    P = Petition
    where = [P.deleted_at.is_(None)]
    if status:
        where.append(P.status == status)
    if text and text.strip():
        needle = text.strip()
        where.append((func.instr(P.petitioner, needle) > 0) | (func.instr(P.matter, needle) > 0)
                     | (func.instr(func.coalesce(P.case_numbers, ""), needle) > 0))
    steps = (select(func.count()).where(PetitionStep.petition_id == P.id, PetitionStep.deleted_at.is_(None))
             .correlate(P).scalar_subquery())
    query = select(P.id, P.received_date, P.petitioner, P.channel, P.case_numbers, P.status, P.closed_date,
                   steps).where(*where)
    if after is not None:
        query = query.where(P.id < after)
    rows = tuple(PetitionRow(*r) for r in session.execute(query.order_by(P.id.desc()).limit(limit)))
    total = session.scalar(select(func.count()).select_from(P).where(*where)) if count else None
    return PetitionPage(rows, rows[-1].id if len(rows) == limit else None, total)


@dataclass(frozen=True)
class PetitionDetail:
    petition: RecordDTO
    steps: tuple[RecordDTO, ...]  # in the order they happened

    def to_json(self) -> dict[str, Any]:
        return {**self.petition.to_json(), "steps": [s.to_json() for s in self.steps]}


def detail(session: Session, petition_id: str) -> PetitionDetail:
    petition = records.get(session, "petition", petition_id)
    steps = records.list_children(session, "petition_step", "petition_id", petition.id)
    return PetitionDetail(petition, tuple(sorted(steps, key=lambda s: (s["step_date"], s.id))))


# --- figures -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PetitionFigures:
    """A month's 涉诉信访: received by 收到日期; closed (化解, 终结移交, 依法终结) by 化解/终结日期;
    rate as domain.stats.petition_resolution_rate defines it."""

    received: int = 0
    resolved: int = 0  # 已化解
    transferred: int = 0  # 终结移交
    ended: int = 0  # 依法终结
    open_at_end: int = 0  # received by the month's end and not closed by then (在办)
    rate: float | None = None  # 化解率, percent

    @property
    def closed(self) -> int:
        return self.resolved + self.transferred + self.ended

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "closed": self.closed, "rate_note": formulas.PETITION_RATE_NOTE}


def figures(session: Session, start: date, end: date, office_id: str | None = None) -> PetitionFigures:
    """The petitions of [start, end): of one office (its own records), or of all the store holds."""
    P = Petition
    live = and_(P.deleted_at.is_(None), P.office_id == office_id if office_id is not None else true())
    closed_in = and_(P.closed_date >= start, P.closed_date < end)

    def closed_as(status: str) -> Any:
        return func.sum(case((and_(closed_in, P.status == status), 1), else_=0))

    received, resolved, transferred, ended, open_at_end = session.execute(
        select(
            func.sum(case((and_(P.received_date >= start, P.received_date < end), 1), else_=0)),
            closed_as("已化解"), closed_as("终结移交"), closed_as("依法终结"),
            func.sum(case((and_(P.received_date < end, (P.closed_date.is_(None)) | (P.closed_date >= end)), 1),
                          else_=0)),
        ).where(live)
    ).one()
    resolved, transferred, ended = resolved or 0, transferred or 0, ended or 0
    return PetitionFigures(received or 0, resolved, transferred, ended, open_at_end or 0,
                           formulas.petition_resolution_rate(resolved, transferred, ended))
