"""The rules each entity applies on write: checks across fields and values derived from others."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fydesk import models as m
from fydesk.domain import codes, deadlines
from fydesk.domain.errors import ValidationError
from fydesk.domain.fields import Field
from fydesk.domain.ids import check_id_card, check_uscc
from fydesk.domain.phones import check_phone

from .context import Actor

# (entity, record id, values) -> None: a system edit of another record through the same
# rules, audit and outbox (records.update); handed in, so that the rules need not import it.
Writer = Callable[[str, str, "dict[str, Any]"], None]


# text -> the characters of it that no document font has, each once (the check printing
# makes, documents.fonts.missing_characters); handed in by whoever saves for a person.
MissingCharacters = Callable[[str], str]


@dataclass(frozen=True)
class RareCheck:
    """Rare characters (生僻字) at the door: a written text with a character no document font
    has is refused in one sentence naming it, unless the person confirms that character.

    Names are legal facts and must stay storable as written, so this is a confirmation, not a
    ban; printing still refuses to print the character as a blank until a font has it.
    """

    missing: MissingCharacters
    confirmed: frozenset[str] = frozenset()  # characters the person has confirmed
    confirm_all: bool = False
    advice: str = "如确认无误，请确认后再保存"  # how to confirm, where the person is


class RareCharacterError(ValidationError):
    """A text holds characters no document font has; `characters` names them."""

    def __init__(self, field: str, label: str, characters: str, advice: str) -> None:
        shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in characters[:5])
        more = f"等 {len(characters)} 个字" if len(characters) > 5 else ""
        super().__init__(field, label, f"“{label}”中的{shown}{more}在文书字体中没有，打印时无法显示；{advice}。")
        self.characters = characters


@dataclass
class WriteContext:
    session: Session
    actor: Actor
    today: date
    rules: Mapping[str, deadlines.Rule]
    import_mode: bool = False
    record_id: str | None = None  # on an update, the record being changed
    write: Writer | None = None
    rare: RareCheck | None = None  # None: no one to ask (sync, demo data, system edits)


def check_printable(ctx: WriteContext, fields: Iterable[Field], before: dict | None, after: dict) -> None:
    """Every text written (on an edit, every text changed) has a font for each character, or
    the person has confirmed the ones it lacks."""
    rare = ctx.rare
    if rare is None or rare.confirm_all:
        return
    for f in fields:
        value = after.get(f.name)
        if f.kind != "text" or not value or (before is not None and before.get(f.name) == value):
            continue
        lacking = "".join(ch for ch in rare.missing(value) if ch not in rare.confirmed)
        if lacking:
            raise RareCharacterError(f.name, f.label, lacking, rare.advice)


def check_phones(ctx: WriteContext, fields: Iterable[Field], before: dict | None, after: dict) -> None:
    """A telephone number typed by a person (the window, `record set`) is a mobile or a
    landline with its area code. Imported ledgers and synced records keep what they hold: an
    old ledger's short numbers must not stop a whole import."""
    if ctx.rare is None or ctx.import_mode:
        return
    for f in fields:
        value = after.get(f.name)
        if not f.name.endswith("phone") or not value or (before is not None and before.get(f.name) == value):
            continue
        reason = check_phone(value)
        if reason:
            raise ValidationError(f.name, f.label, reason)


# (ctx, before or None on create, after) -> None; fills derived values in `after` or raises.
Hook = Callable[[WriteContext, "dict[str, Any] | None", "dict[str, Any]"], None]


def _require(f_name: str, label: str, value: Any, message: str | None = None) -> None:
    if value is None:
        raise ValidationError(f_name, label, message or f"请填写“{label}”。")


def party_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """ID number checked as the standard says; birth date and sex filled in from it."""
    number = after.get("id_number")
    if after.get("kind") in (None, "自然人") and number and after.get("id_type") in (None, "居民身份证"):
        after["id_type"] = "居民身份证"
        check = check_id_card(number, today=ctx.today)
        if not check.valid:
            raise ValidationError("id_number", "身份证号", f"身份证号不正确：{check.reason}")
        after["id_number"] = check.number
        for key, label, derived in (("birth_date", "出生日期", check.birth_date), ("sex", "性别", check.sex)):
            given = after.get(key)
            if given is None or (before is not None and before.get("id_number") != check.number
                                 and given == before.get(key)):
                after[key] = derived
            elif given != derived:
                raise ValidationError(key, label, f"{label}“{given}”与身份证号中的“{derived}”不一致。")
    _check_uscc_field(before, after)


def _check_uscc_field(before: dict | None, after: dict) -> None:
    code = after.get("uscc")
    if not code:
        return
    check = check_uscc(code)
    if (before is not None and before.get("uscc") != check.code
            and after.get("uscc_override_reason") == before.get("uscc_override_reason")):
        # A reason given for one code says nothing about another.
        after["uscc_override_reason"] = None
    if check.valid:
        after["uscc"] = check.code
        after["uscc_override_reason"] = None
        return
    if check.overridable:
        after["uscc"] = check.code
        if not after.get("uscc_override_reason"):
            raise ValidationError(
                "uscc", "统一社会信用代码",
                f"统一社会信用代码校验位不符（按标准应为 {check.expected_check}）；"
                "如确认代码无误，请在“校验不符原因”中说明原因后保存。",
            )
        return
    raise ValidationError("uscc", "统一社会信用代码", f"统一社会信用代码不正确：{check.reason}")


def enterprise_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _check_uscc_field(before, after)


_NOT_ACCEPTED = ("登记", "不予受理")
_CLOSED = ("结案", "归档")


def case_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    status = after.get("status")
    if after.get("body_id") and (before is None or before.get("body_id") != after["body_id"]) \
            and not ctx.import_mode:
        _check_body(ctx, after)
    if after["registered_date"] > ctx.today:
        raise ValidationError("registered_date", "登记日期", "登记日期不能晚于今天。")
    if after.get("accepted_date") and after["accepted_date"] < after["registered_date"]:
        raise ValidationError("accepted_date", "受理日期", "受理日期不能早于登记日期。")
    if before is not None and before.get("status") != status:
        if status == "受理" and after.get("accepted_date") is None:
            after["accepted_date"] = ctx.today
        if status in codes.CASE_RESULTS:
            after["result"] = status
        if status == "结案":
            after["close_date"] = after.get("close_date") or ctx.today
            after["close_method"] = after.get("close_method") or after.get("result") or before["status"]
        if status == "归档":
            _require("archive_number", "归档号", after.get("archive_number"), "归档前请填写“归档号”。")
            _check_casefile(ctx, after)
    # The figures count cases by these dates, so they exist only in the statuses they mark.
    if after.get("accepted_date") and status in _NOT_ACCEPTED and not ctx.import_mode:
        raise ValidationError("accepted_date", "受理日期", f"案件状态为“{status}”，不能填写受理日期。")
    if (after.get("close_date") or after.get("close_method")) and status not in _CLOSED \
            and not ctx.import_mode:
        field, label = ("close_date", "结案日期") if after.get("close_date") else ("close_method", "结案方式")
        raise ValidationError(field, label, f"案件尚未结案，不能填写{label}。")
    term_inputs = ("accepted_date", "extension_days")
    moved = before is None or any(before.get(k) != after.get(k) for k in term_inputs)
    if after.get("accepted_date") and moved:
        # The rule in force when the case was accepted (or extended) fixes its term. Each extension was checked against the cap when it was recorded; the case keeps
        # their sum, so the term end is the base term plus that sum.
        after["term_end"] = deadlines.mediation_term_end(after["accepted_date"], (), ctx.rules) + (
            timedelta(days=after.get("extension_days") or 0)
        )
    if after.get("close_date") and after["close_date"] < after["registered_date"]:
        raise ValidationError("close_date", "结案日期", "结案日期不能早于登记日期。")


def _check_body(ctx: WriteContext, after: dict) -> None:
    """The presiding body is one of the case's office's own bodies, still in use."""
    body = ctx.session.get(m.MediationBody, after["body_id"])
    if body is None or body.deleted_at is not None:
        return  # _check_refs names a missing body
    if body.office_id != after.get("office_id"):
        raise ValidationError("body_id", "主持调解组织", f"“{body.name}”不是承办单位的调解组织。")
    if not body.active:
        raise ValidationError("body_id", "主持调解组织", f"“{body.name}”已停用，不能再主持调解。")


def _check_casefile(ctx: WriteContext, after: dict) -> None:
    """Archiving a file that lacks a mandatory item needs a recorded reason (归档说明)."""
    if ctx.record_id is None or ctx.import_mode:
        return
    from fydesk.domain.casefile import BY_KIND, missing_mandatory

    case_id = ctx.record_id
    s = ctx.session
    sessions = set(s.scalars(select(m.MediationSession.id).where(
        m.MediationSession.case_id == case_id, m.MediationSession.deleted_at.is_(None))))
    agreements = set(s.scalars(select(m.Agreement.id).where(
        m.Agreement.case_id == case_id, m.Agreement.deleted_at.is_(None))))
    parties = set(s.scalars(select(m.Party.id).where(m.Party.case_id == case_id)))
    owners = {case_id} | sessions | agreements | parties
    kinds = set(s.scalars(select(m.Attachment.kind).where(
        m.Attachment.owner_id.in_(owners), m.Attachment.deleted_at.is_(None))))
    present = {BY_KIND[k] for k in kinds if k in BY_KIND}
    if sessions:
        present.add("sessions")
    if agreements:
        present.add("agreement")
    lacking = missing_mandatory(present, agreed=after.get("result") == "达成协议")
    if lacking and not (after.get("archive_note") or "").strip():
        names = "、".join(item.label for item in lacking)
        raise ValidationError("archive_note", "归档说明",
                              f"卷宗缺少必备材料：{names}；请在“归档说明”中写明原因后再归档。")


def _case_status(ctx: WriteContext, case_id: str) -> str:
    return ctx.session.scalar(select(m.MediationCase.status).where(m.MediationCase.id == case_id)) or ""


def _require_case_in(ctx: WriteContext, case_id: str, allowed: tuple[str, ...], what: str) -> None:
    if ctx.import_mode:
        return
    status = _case_status(ctx, case_id)
    if status not in allowed:
        raise ValidationError("case_id", "所属案件", f"案件状态为“{status}”，不能{what}。")


_IN_MEDIATION = ("受理", "调解中")
_AGREED = ("调解中", "达成协议", "履行中")
_SESSION_OK = ("受理", "调解中", "达成协议", "履行中")


def extension_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _require_case_in(ctx, after["case_id"], _IN_MEDIATION, "延期")
    used = ctx.session.scalar(
        select(func.coalesce(func.sum(m.TermExtension.days), 0))
        .where(m.TermExtension.case_id == after["case_id"], m.TermExtension.deleted_at.is_(None))
    )
    # The term may grow by at most the configured days in all, however many extensions.
    deadlines.mediation_term_end(ctx.today, [used + after["days"]], ctx.rules)


def extension_applied(ctx: WriteContext, dto: Any) -> None:
    """The case's term moves with every recorded extension."""
    total = ctx.session.scalar(
        select(func.coalesce(func.sum(m.TermExtension.days), 0))
        .where(m.TermExtension.case_id == dto["case_id"], m.TermExtension.deleted_at.is_(None))
    )
    ctx.write("case", dto["case_id"], {"extension_days": total})


def session_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _require_case_in(ctx, after["case_id"], _SESSION_OK, "添加调解记录")
    if before is None and not after.get("recorder_id"):
        # 记录人 not chosen: the staff member of the case's office who is entering it, if the
        # user is one (a clerk typing up the record signs it as 记录人).
        office_id = ctx.session.scalar(select(m.MediationCase.office_id)
                                       .where(m.MediationCase.id == after["case_id"]))
        after["recorder_id"] = ctx.session.scalar(select(m.Staff.id).where(
            m.Staff.office_id == office_id, m.Staff.name == ctx.actor.user, m.Staff.active.is_not(False),
            m.Staff.deleted_at.is_(None)).order_by(m.Staff.id).limit(1))


def agreement_case_open(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        _require_case_in(ctx, after["case_id"], _AGREED, "记录调解协议")


def _agreement_of(ctx: WriteContext, agreement_id: str, what: str) -> None:
    case_id = ctx.session.scalar(select(m.Agreement.case_id).where(m.Agreement.id == agreement_id))
    if case_id is not None:
        _require_case_in(ctx, case_id, _AGREED + ("履行完毕", "未履行", "结案"), what)


def confirmation_case_open(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        _agreement_of(ctx, after["agreement_id"], "申请司法确认")


@contextmanager
def writing_terms(session: Session, agreement_id: str) -> Iterator[None]:
    """The terms written with their agreement, in the same transaction, even one signed at once."""
    open_ = session.info.setdefault("fydesk_terms_open", set())
    open_.add(agreement_id)
    try:
        yield
    finally:
        open_.discard(agreement_id)


def term_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """A term is part of its agreement: once that is signed, no term is added or changed."""
    if ctx.import_mode or after["agreement_id"] in ctx.session.info.get("fydesk_terms_open", ()):
        return
    signed = ctx.session.scalar(select(m.Agreement.signed_date).where(m.Agreement.id == after["agreement_id"]))
    if signed is not None:
        raise ValidationError("content", "协议条款", "调解协议已经签订，条款不能再增改。")


def performance_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        agreement_id = ctx.session.scalar(
            select(m.AgreementTerm.agreement_id).where(m.AgreementTerm.id == after["term_id"]))
        if agreement_id is not None:
            _agreement_of(ctx, agreement_id, "登记履行情况")


SIGNED_IS_FIXED = "调解协议已经签订，不能再修改；内容有变，请另行达成协议或申请变更。"
# What a signed agreement still takes: the day it took effect (the last signature may come
# later), and its number, given when it is signed.
_AFTER_SIGNING = frozenset({"effective_date", "number"})


def agreement_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is not None and before.get("signed_date") and not ctx.import_mode:
        changed = [k for k, v in after.items() if before.get(k) != v and k not in _AFTER_SIGNING]
        if changed:
            raise ValidationError(changed[0], "调解协议", SIGNED_IS_FIXED)
    if before is None and after.get("copies") is None:
        parties = ctx.session.scalar(
            select(func.count()).select_from(m.Party)
            .where(m.Party.case_id == after["case_id"], m.Party.deleted_at.is_(None))
        )
        after["copies"] = (parties or 2) + 1
    if after.get("signed_date") and not after.get("number"):
        # Signed is numbered: a signed agreement never prints as （未编号）.
        after["number"] = _agreement_number(ctx, after["case_id"], after["signed_date"].year)
    if after.get("effective_date") and after.get("signed_date") and after["effective_date"] < after["signed_date"]:
        raise ValidationError("effective_date", "生效日期", "协议生效日期不能早于签订日期。")


def confirmation_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    status = after.get("status")
    changed = before is None or before.get("status") != status
    if changed and status == "已申请":
        after["applied_date"] = after.get("applied_date") or ctx.today
        _require("court", "受理法院", after.get("court"), "申请司法确认前请填写“受理法院”。")
    if changed and status == "已受理":
        after["court_accepted_date"] = after.get("court_accepted_date") or ctx.today
    if changed and status in codes.CONFIRMATION_RESULTS:
        after["result"] = status
        after["ruling_date"] = after.get("ruling_date") or ctx.today


def suggestion_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    status = after.get("status")
    changed = before is None or before.get("status") != status
    if changed and status == "签发":
        after["issued_date"] = after.get("issued_date") or ctx.today
        if after.get("number") is None:
            after["number"] = _suggestion_number(ctx, after["office_id"], after["issued_date"].year)
    if changed and status == "送达":
        after["served_date"] = after.get("served_date") or ctx.today
    if changed and status == "已答复":
        after["reply_date"] = after.get("reply_date") or ctx.today
    if after.get("served_date"):
        after["reply_due"] = deadlines.suggestion_reply_due(
            after["served_date"], ctx.rules, after.get("reply_days")
        )


def _suggestion_number(ctx: WriteContext, office_id: str, year: int) -> str:
    from fydesk.domain.casenumbers import (
        court_abbreviation,
        format_provisional,
        format_suggestion_number,
    )

    from . import numbering

    office = ctx.session.get(m.Office, office_id)
    abbr = court_abbreviation(office.case_prefix or office.name)
    got = numbering.next_number(ctx.session, ctx.actor, "suggestion", year)
    if got.provisional:
        return format_provisional(year, f"{abbr}法建", ctx.actor.device_id[-4:], got.number)
    return format_suggestion_number(abbr, year, got.number)


def _agreement_number(ctx: WriteContext, case_id: str, year: int) -> str:
    number = agreement_number(ctx.session, ctx.actor, case_id, year)
    assert number is not None  # provisional numbers allowed: there is always one
    return number


def agreement_number(session: Session, actor: Actor, case_id: str, year: int, *,
                     provisional: bool = True) -> str | None:
    """The next number of the presiding body's agreements in the year: a 人民调解协议书 is the
    body's document, so each body keeps its own series (leased like case numbers, so two PCs
    never give the same one) under its own 代字, and two bodies never print the same number.
    None when no block has a number left and `provisional` is False."""
    from fydesk.domain.casenumbers import (
        body_prefix,
        format_agreement_number,
        format_provisional_agreement,
    )

    from . import numbering

    case = session.get(m.MediationCase, case_id)
    body = session.get(m.MediationBody, case.body_id) if case is not None and case.body_id else None
    if body is not None:
        prefix, body_id = body.number_prefix or body_prefix(body.name, body.kind), body.id
    else:
        # A case that names no body (brought in before bodies were kept): the office's series.
        office = session.get(m.Office, case.office_id) if case is not None else None
        prefix, body_id = ((office.case_prefix or office.code) if office else "") + "调", None
    while True:
        got = numbering.next_number(session, actor, "agreement", year, body_id=body_id, provisional=provisional)
        if got.number is None:
            return None
        if got.provisional:
            number = format_provisional_agreement(year, prefix, actor.device_id[-4:], got.number)
        else:
            number = format_agreement_number(year, prefix, got.number)
        # A number already printed (by the office-wide series of old, or a 代字 changed back)
        # is passed over rather than given twice.
        if session.scalar(select(m.Agreement.id).where(m.Agreement.number == number).limit(1)) is None:
            return number


def mediation_body_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """Each body of an office has its own 代字 (agreement numbers carry it), by default the
    one its name gives."""
    from fydesk.domain.casenumbers import body_prefix, check_body_prefix

    others = set(ctx.session.scalars(select(m.MediationBody.number_prefix).where(
        m.MediationBody.office_id == after["office_id"], m.MediationBody.id != (ctx.record_id or ""),
        m.MediationBody.deleted_at.is_(None), m.MediationBody.number_prefix.is_not(None))))
    prefix = after.get("number_prefix")
    if not prefix:
        after["number_prefix"] = body_prefix(after["name"], after["kind"], others)
        return
    if before is not None and before.get("number_prefix") == prefix:
        return
    problem = check_body_prefix(prefix)
    if problem:
        raise ValidationError("number_prefix", "协议编号代字", problem)
    if prefix in others:
        raise ValidationError("number_prefix", "协议编号代字",
                              f"本单位已有调解组织使用代字“{prefix}”，请另取一个，以免协议编号重复。")


def risk_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if after.get("status") == "已整改" and (before is None or before.get("status") != "已整改"):
        after["rectified_date"] = after.get("rectified_date") or ctx.today


def joint_case_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if after.get("status") == "已办结" and (before is None or before.get("status") != "已办结"):
        after["closed_date"] = after.get("closed_date") or ctx.today
    if after.get("closed_date") and after["closed_date"] < after["opened_date"]:
        raise ValidationError("closed_date", "办结日期", "办结日期不能早于立案日期。")


def area_stat_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    from fydesk.domain.stats import format_period, period_bounds

    after["period"] = format_period(period_bounds(after["period"])[0])


_PETITION_CLOSED = ("已化解", "终结移交", "依法终结")


def petition_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """A petition closes with its record: the closing date (today unless given, never before it
    was received), and for 终结移交 the body it goes to. The closing values belong to a closed
    petition only."""
    status = after.get("status")
    if (before is None or before.get("office_id") != after.get("office_id")) and not ctx.import_mode \
            and ctx.actor.office_id and after.get("office_id") != ctx.actor.office_id:
        # the hub counts and shows a petition by its 承办单位, which is the office keeping it
        raise ValidationError("office_id", "承办单位", "涉诉信访由本单位登记和办理，承办单位只能是本单位。")
    received = after.get("received_date")
    if received is not None and received > ctx.today and not ctx.import_mode:
        raise ValidationError("received_date", "收到日期", "“收到日期”不能晚于今天。")
    if status in _PETITION_CLOSED:
        changed = before is None or before.get("status") != status
        if changed and after.get("closed_date") is None:
            after["closed_date"] = ctx.today
        closed = after.get("closed_date")
        if closed is not None and received is not None and closed < received:
            raise ValidationError("closed_date", "化解/终结日期", "“化解/终结日期”不能早于收到日期。")
        if status == "终结移交" and not (after.get("transfer_to") or "").strip():
            raise ValidationError("transfer_to", "移交单位", "终结移交须写明移交给哪个单位。")
        return
    for name, label in (("closed_date", "化解/终结日期"), ("transfer_to", "移交单位"),
                        ("close_document", "终结/移交文书号")):
        if after.get(name) is not None:
            raise ValidationError(name, label, f"信访件化解或终结后才能填写“{label}”。")


def petition_step_rules(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """A step is dated no earlier than the petition was received, and not in the future."""
    day = after.get("step_date")
    if day is None:
        return
    if day > ctx.today and not ctx.import_mode:
        raise ValidationError("step_date", "办理日期", "“办理日期”不能晚于今天。")
    petition = ctx.session.get(m.Petition, after.get("petition_id"))
    if petition is not None and day < petition.received_date:
        raise ValidationError("step_date", "办理日期", "“办理日期”不能早于信访件的收到日期。")
