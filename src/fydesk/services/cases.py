"""Mediation-case use cases that span several records: registration, terms, agreements."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain import casenumbers
from fydesk.domain.errors import ValidationError
from fydesk.models import MediationCase, Office

from . import numbering, records
from .context import Actor
from .hooks import SIGNED_IS_FIXED, RareCheck, agreement_number, writing_terms
from .office import default_body
from .records import RecordDTO


@dataclass(frozen=True)
class CaseDTO:
    case: RecordDTO
    parties: tuple[RecordDTO, ...]


def register_case(
    session: Session,
    actor: Actor,
    values: Mapping[str, Any],
    parties: Sequence[Mapping[str, Any]],
    *,
    today: date | None = None,
    rare: RareCheck | None = None,
) -> CaseDTO:
    """Register a case with its parties and give it the next case number, all or nothing."""
    if len(parties) < 1:
        raise ValidationError("parties", "当事人", "登记案件至少需要一名当事人。")
    roles = {p.get("role") for p in parties}
    for role in ("申请人", "被申请人"):
        if role not in roles:
            # a dispute has two sides: 人民调解法 art. 23 and the ledgers name both
            raise ValidationError("parties", "当事人", f"调解案件需要至少一名{role}，请添加或把当事人的“当事人地位”改为{role}。")
    values = dict(values)
    values.setdefault("office_id", actor.office_id)
    if not values.get("body_id"):
        values["body_id"] = default_body(session, values["office_id"], values.get("category"))
    registered = records.entity("case").field("registered_date").parse(values.get("registered_date"))
    values["registered_date"] = registered = registered or today or date.today()
    number, provisional = _allocate(session, actor, values["office_id"], registered.year)
    case = records.create(session, actor, "case", values, today=today, rare=rare,
                          system_values={"case_number": number, "number_provisional": provisional})
    made = []
    for i, party in enumerate(parties, start=1):
        try:
            made.append(records.create(session, actor, "party", {**party, "case_id": case.id}, today=today,
                                       rare=rare))
        except ValidationError as exc:
            # Name the party in the sentence: the form shows several of them.
            raise _naming(exc, f"第 {i} 名当事人：") from None
    return CaseDTO(case, tuple(made))


def _naming(exc: ValidationError, prefix: str) -> ValidationError:
    """The same refusal, of the same kind (a rare character's keeps its characters), naming
    which item of several it is about."""
    named = type(exc).__new__(type(exc))
    named.__dict__.update(exc.__dict__)
    named.message = prefix + exc.message
    named.args = (named.message,)
    return named


def _allocate(session: Session, actor: Actor, office_id: str, year: int,
              provisional_ok: bool = True) -> tuple[str | None, bool]:
    office = session.get(Office, office_id)
    prefix = (office.case_prefix or office.code) if office else ""
    return _format(year, prefix, actor, numbering.next_number(session, actor, "case", year,
                                                              provisional=provisional_ok))


def _format(year: int, prefix: str, actor: Actor, allocation: casenumbers.Allocation) -> tuple[str | None, bool]:
    if allocation.number is None:
        return None, True
    if allocation.provisional:
        return casenumbers.format_provisional(year, prefix, actor.device_id[-4:], allocation.number), True
    return casenumbers.format_case_number(year, prefix, allocation.number), False


def allocate_case_number(session: Session, actor: Actor, office_id: str, year: int) -> tuple[str | None, bool]:
    """The office's next case number for a year, and whether it is provisional (imports use it)."""
    return _allocate(session, actor, office_id, year)


def case_numbers(session: Session, actor: Actor, office_id: str) -> Callable[[int], tuple[str | None, bool]]:
    """allocate_case_number for many cases of one office: the office and its leases read once."""
    office = session.get(Office, office_id)
    prefix = (office.case_prefix or office.code) if office else ""
    numbers = numbering.Numbers(session, actor, "case")

    def allocate(year: int) -> tuple[str | None, bool]:
        return _format(year, prefix, actor, numbers.next(year))

    return allocate


def renumber(session: Session, actor: Actor, case_id: str) -> RecordDTO | None:
    """Give a provisionally numbered case its real number, if a leased block has one."""
    case = records.get(session, "case", case_id)
    number, provisional = _allocate(session, actor, case["office_id"], case["registered_date"].year,
                                    provisional_ok=False)
    if provisional:
        return None
    return records.update(session, actor, "case", case_id,
                          {"case_number": number, "number_provisional": False}, system=True)


def renumber_agreement(session: Session, actor: Actor, agreement_id: str) -> RecordDTO | None:
    """Give an agreement signed with a provisional number (协字临…) its body's real one, if a
    leased block has one."""
    agreement = records.get(session, "agreement", agreement_id)
    number = agreement_number(session, actor, agreement["case_id"], agreement["signed_date"].year,
                              provisional=False)
    if number is None:
        return None
    return records.update(session, actor, "agreement", agreement_id, {"number": number}, system=True)


def extend_term(
    session: Session, actor: Actor, case_id: str, days: int, reason: str, *, today: date | None = None
) -> RecordDTO:
    """Record a 延期; the case's term end moves with it (see the extension entity)."""
    records.create(session, actor, "extension",
                   {"case_id": case_id, "days": days, "reason": reason,
                    "decided_date": today or date.today()}, today=today)
    return records.get(session, "case", case_id)


def record_agreement(
    session: Session,
    actor: Actor,
    case_id: str,
    values: Mapping[str, Any],
    terms: Sequence[Mapping[str, Any]],
    *,
    today: date | None = None,
    rare: RareCheck | None = None,
) -> tuple[RecordDTO, tuple[RecordDTO, ...]]:
    """The agreement with its terms; the case moves to 达成协议 if it is still in mediation."""
    if not terms:
        raise ValidationError("terms", "协议条款", "调解协议至少需要一项条款。")
    case = records.get(session, "case", case_id)
    agreement = records.create(session, actor, "agreement", {**values, "case_id": case_id}, today=today,
                               rare=rare)
    made = []
    with writing_terms(session, agreement.id):
        for seq, term in enumerate(terms, start=1):
            made.append(_term(session, actor, agreement.id, seq, None, term, today, rare))
    if case["status"] == "调解中":
        records.update(session, actor, "case", case_id, {"status": "达成协议"}, today=today)
    return agreement, tuple(made)


def revise_agreement(
    session: Session,
    actor: Actor,
    agreement_id: str,
    changes: Mapping[str, Any],
    terms: Sequence[tuple[str | None, Mapping[str, Any]]],
    *,
    today: date | None = None,
    rare: RareCheck | None = None,
) -> tuple[RecordDTO, tuple[RecordDTO, ...]]:
    """An agreement corrected before it is signed, all or nothing: `changes` to its own fields,
    `terms` as they now stand in order, each (its id, or None for a new one; its values). A
    term left out is voided; the terms are numbered again from 1. Signing (a 签订日期 among
    the changes) comes last, so what is signed is what was just written."""
    if not terms:
        raise ValidationError("terms", "协议条款", "调解协议至少需要一项条款。")
    before = records.get(session, "agreement", agreement_id)
    if before["signed_date"] is not None:
        # the terms are written under writing_terms(), past term_rules: the signature is checked here
        raise ValidationError("signed_date", "调解协议", SIGNED_IS_FIXED)
    changes = dict(changes)
    signing = {k: changes.pop(k) for k in ("signed_date", "effective_date") if k in changes}
    if changes:
        records.update(session, actor, "agreement", agreement_id, changes, today=today, rare=rare)
    kept = {term_id for term_id, _ in terms if term_id}
    made = []
    with writing_terms(session, agreement_id):
        for old in records.list_children(session, "term", "agreement_id", agreement_id):
            if old.id not in kept:
                records.void(session, actor, "term", old.id, "修改调解协议时删去此条款")
        for seq, (term_id, term) in enumerate(terms, start=1):
            made.append(_term(session, actor, agreement_id, seq, term_id, term, today, rare))
    if any(v is not None for v in signing.values()):
        records.update(session, actor, "agreement", agreement_id, signing, today=today, rare=rare)
    return records.get(session, "agreement", agreement_id), tuple(made)


def _term(session: Session, actor: Actor, agreement_id: str, seq: int, term_id: str | None,
          values: Mapping[str, Any], today: date | None, rare: RareCheck | None) -> RecordDTO:
    try:
        if term_id is None:
            return records.create(session, actor, "term", {"seq": seq, **values, "agreement_id": agreement_id},
                                  today=today, rare=rare)
        if records.get(session, "term", term_id)["agreement_id"] != agreement_id:
            raise ValidationError("content", "协议条款", "这项条款不属于这份调解协议。")
        return records.update(session, actor, "term", term_id, {**values, "seq": seq}, today=today, rare=rare)
    except ValidationError as exc:
        raise _naming(exc, f"第 {seq} 项条款：") from None


def case_by_number(session: Session, number: str) -> RecordDTO | None:
    row = session.scalar(select(MediationCase).where(MediationCase.case_number == number,
                                                     MediationCase.deleted_at.is_(None)))
    return records.to_dto(records.entity("case"), row) if row else None
