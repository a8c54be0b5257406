"""What each entity is to a user: its fields, labels, rules and derived values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fydesk import models as m
from fydesk.domain import codes, deadlines
from fydesk.domain.errors import ValidationError
from fydesk.domain.ids import check_id_card, check_uscc

from .context import Actor
from .fields import Field

F = Field


@dataclass
class WriteContext:
    session: Session
    actor: Actor
    today: date
    rules: Mapping[str, deadlines.Rule]
    import_mode: bool = False


# (ctx, before or None on create, after) -> None; fills derived values in `after` or raises.
Hook = Callable[[WriteContext, "dict[str, Any] | None", "dict[str, Any]"], None]


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    model: type
    fields: tuple[Field, ...]
    append_only: bool = False
    title_field: str = "name"
    hooks: tuple[Hook, ...] = field(default=())
    # Run after the insert, in the same transaction, for records that move their parent.
    after_create: tuple[Callable[[WriteContext, Any], None], ...] = field(default=())

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        known = "、".join(f.name for f in self.fields)
        raise ValidationError(name, name, f"{self.label}没有“{name}”这一项；可用的有：{known}。")

    @property
    def status_field(self) -> Field | None:
        return next((f for f in self.fields if f.machine), None)


def _require(f_name: str, label: str, value: Any, message: str | None = None) -> None:
    if value is None:
        raise ValidationError(f_name, label, message or f"请填写“{label}”。")


# --- hooks -----------------------------------------------------------------------------

def _check_person_ids(ctx: WriteContext, before: dict | None, after: dict) -> None:
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


def _enterprise(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _check_uscc_field(before, after)


_NOT_ACCEPTED = ("登记", "不予受理")
_CLOSED = ("结案", "归档")


def _case(ctx: WriteContext, before: dict | None, after: dict) -> None:
    status = after.get("status")
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


def _extension(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _require_case_in(ctx, after["case_id"], _IN_MEDIATION, "延期")
    used = ctx.session.scalar(
        select(func.coalesce(func.sum(m.TermExtension.days), 0))
        .where(m.TermExtension.case_id == after["case_id"], m.TermExtension.deleted_at.is_(None))
    )
    # The term may grow by at most the configured days in all, however many extensions.
    deadlines.mediation_term_end(ctx.today, [used + after["days"]], ctx.rules)


def _extension_applied(ctx: WriteContext, dto: Any) -> None:
    """The case's term moves with every recorded extension."""
    from . import records

    total = ctx.session.scalar(
        select(func.coalesce(func.sum(m.TermExtension.days), 0))
        .where(m.TermExtension.case_id == dto["case_id"], m.TermExtension.deleted_at.is_(None))
    )
    records.update(ctx.session, ctx.actor, "case", dto["case_id"], {"extension_days": total},
                   today=ctx.today, system=True)


def _session(ctx: WriteContext, before: dict | None, after: dict) -> None:
    _require_case_in(ctx, after["case_id"], _SESSION_OK, "添加调解记录")


def _agreement_case(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        _require_case_in(ctx, after["case_id"], _AGREED, "记录调解协议")


def _agreement_of(ctx: WriteContext, agreement_id: str, what: str) -> None:
    case_id = ctx.session.scalar(select(m.Agreement.case_id).where(m.Agreement.id == agreement_id))
    if case_id is not None:
        _require_case_in(ctx, case_id, _AGREED + ("履行完毕", "未履行", "结案"), what)


def _confirmation_parent(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        _agreement_of(ctx, after["agreement_id"], "申请司法确认")


def _performance(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None:
        agreement_id = ctx.session.scalar(
            select(m.AgreementTerm.agreement_id).where(m.AgreementTerm.id == after["term_id"]))
        if agreement_id is not None:
            _agreement_of(ctx, agreement_id, "登记履行情况")


def _agreement(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if before is None and after.get("copies") is None:
        parties = ctx.session.scalar(
            select(func.count()).select_from(m.Party)
            .where(m.Party.case_id == after["case_id"], m.Party.deleted_at.is_(None))
        )
        after["copies"] = (parties or 2) + 1
    if after.get("effective_date") and after.get("signed_date") and after["effective_date"] < after["signed_date"]:
        raise ValidationError("effective_date", "生效日期", "协议生效日期不能早于签订日期。")


def _confirmation(ctx: WriteContext, before: dict | None, after: dict) -> None:
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


def _suggestion(ctx: WriteContext, before: dict | None, after: dict) -> None:
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


def _risk(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if after.get("status") == "已整改" and (before is None or before.get("status") != "已整改"):
        after["rectified_date"] = after.get("rectified_date") or ctx.today


def _joint_case(ctx: WriteContext, before: dict | None, after: dict) -> None:
    if after.get("closed_date") and after["closed_date"] < after["opened_date"]:
        raise ValidationError("closed_date", "办结日期", "办结日期不能早于立案日期。")


def _area_stat(ctx: WriteContext, before: dict | None, after: dict) -> None:
    from fydesk.domain.stats import format_period, period_bounds

    after["period"] = format_period(period_bounds(after["period"])[0])


# --- the entities ------------------------------------------------------------------------

def _entities() -> dict[str, Entity]:
    c = codes
    ents = [
        Entity("office", "单位", m.Office, (
            F("code", "单位代码", required=True),
            F("name", "单位名称", required=True),
            F("kind", "单位类型", "choice", required=True, choices=c.OFFICE_KINDS),
            F("area_code", "行政区划代码"),
            F("parent_id", "上级单位", "ref", ref="office"),
            F("case_prefix", "案号代字"),
            F("address", "地址"),
            F("phone", "电话"),
        )),
        Entity("staff", "人员", m.Staff, (
            F("office_id", "所属单位", "ref", required=True, ref="office"),
            F("name", "姓名", required=True),
            F("role", "职务", "choice", required=True, choices=c.STAFF_ROLES),
            F("phone", "电话"),
            F("active", "在岗", "bool"),
        )),
        Entity("area_stat", "辖区数据", m.AreaStat, (
            F("area_code", "区划代码", required=True),
            F("area_name", "区划名称", required=True),
            F("period", "统计期间", required=True),
            F("resident_population", "户籍人口", "int", required=True),
            F("floating_population", "登记流动人口", "int"),
            F("civil_filings", "一审民事收案", "int"),
            F("admin_filings", "一审行政收案", "int"),
        ), title_field="area_name", hooks=(_area_stat,)),
        Entity("case", "调解案件", m.MediationCase, (
            F("case_number", "案号", system=True),
            F("number_provisional", "临时案号", "bool", system=True),
            F("external_case_number", "法院案号"),
            F("office_id", "承办单位", "ref", required=True, ref="office"),
            F("category", "调解类别", "choice", required=True, choices=c.CASE_CATEGORIES),
            F("source", "案件来源", "choice", required=True, choices=c.CASE_SOURCES),
            F("dispute_type", "纠纷类型", "choice", required=True, choices=c.DISPUTE_TYPES),
            F("area_code", "纠纷发生地区划"),
            F("summary", "纠纷简要情况", required=True),
            F("claims", "当事人申请事项"),
            F("registered_date", "登记日期", "date", required=True),
            F("accepted_date", "受理日期", "date"),
            F("term_end", "调解期限", "date", system=True),
            F("extension_days", "延期天数", "int", system=True),
            F("amount_cents", "涉及金额", "money", legal=True),
            F("people_involved", "涉及人数", "int"),
            F("group_dispute", "群体性纠纷", "bool"),
            F("risk_level", "风险等级", "choice", choices=c.CASE_RISK_LEVELS),
            F("lead_mediator_id", "主办调解员", "ref", ref="staff"),
            F("assistant_ids", "协办调解员", "list", ref="staff"),
            F("status", "案件状态", "choice", choices=m_states("case"), legal=True, machine="case"),
            F("result", "调解结果", "choice", choices=c.CASE_RESULTS, system=True, legal=True),
            F("close_method", "结案方式", legal=True),
            F("close_date", "结案日期", "date", legal=True),
            F("archive_number", "归档号"),
            F("needs_coordination", "需协调", "bool", system=True),
        ), title_field="case_number", hooks=(_case,)),
        Entity("party", "当事人", m.Party, (
            F("case_id", "所属案件", "ref", required=True, ref="case", editable=False),
            F("role", "诉讼地位", "choice", required=True, choices=c.PARTY_ROLES, legal=True),
            F("kind", "当事人类型", "choice", choices=c.PARTY_KINDS, legal=True),
            F("name", "姓名/名称", required=True, legal=True),
            F("sex", "性别", "choice", choices=c.SEXES),
            F("ethnicity", "民族", "choice", choices=c.ETHNICITIES),
            F("birth_date", "出生日期", "date"),
            F("id_type", "证件类型", "choice", choices=c.ID_TYPES),
            F("id_number", "身份证号", legal=True, sensitive=True),
            F("uscc", "统一社会信用代码", legal=True),
            F("uscc_override_reason", "校验不符原因"),
            F("legal_representative", "法定代表人"),
            F("address", "住所"),
            F("phone", "联系电话"),
            F("agent_name", "代理人"),
            F("agent_phone", "代理人电话"),
        ), hooks=(_check_person_ids,)),
        Entity("extension", "延期记录", m.TermExtension, (
            F("case_id", "所属案件", "ref", required=True, ref="case"),
            F("days", "延期天数", "int", required=True),
            F("reason", "延期理由", required=True),
            F("decided_date", "决定日期", "date", required=True),
        ), append_only=True, title_field="reason", hooks=(_extension,),
           after_create=(_extension_applied,)),
        Entity("session", "调解记录", m.MediationSession, (
            F("case_id", "所属案件", "ref", required=True, ref="case"),
            F("held_at", "调解时间", "datetime", required=True),
            F("place", "调解地点", required=True),
            F("mode", "调解方式", "choice", choices=c.SESSION_MODES),
            F("attendees", "参加人员", required=True),
            F("mediator_id", "调解员", "ref", ref="staff"),
            F("record", "笔录内容", required=True),
            F("signed", "已签字", "bool"),
        ), append_only=True, title_field="place", hooks=(_session,)),
        Entity("agreement", "调解协议", m.Agreement, (
            F("case_id", "所属案件", "ref", required=True, ref="case", editable=False),
            F("number", "协议编号"),
            F("form", "协议形式", "choice", choices=c.AGREEMENT_FORMS, legal=True),
            F("facts", "纠纷主要事实", required=True, legal=True),
            F("disputes", "争议事项", legal=True),
            F("responsibility", "各方责任", legal=True),
            F("signed_date", "签订日期", "date", legal=True),
            F("effective_date", "生效日期", "date", legal=True),
            F("copies", "协议份数", "int"),
        ), title_field="number", hooks=(_agreement_case, _agreement)),
        Entity("term", "协议条款", m.AgreementTerm, (
            F("agreement_id", "所属协议", "ref", required=True, ref="agreement", editable=False),
            F("seq", "序号", "int"),
            F("obligor", "义务人", required=True, legal=True),
            F("obligee", "权利人", legal=True),
            F("content", "履行内容", required=True, legal=True),
            F("amount_cents", "金额", "money", legal=True),
            F("manner", "履行方式", legal=True),
            F("due_date", "履行期限", "date", legal=True),
        ), title_field="content"),
        Entity("performance", "履行情况", m.Performance, (
            F("term_id", "协议条款", "ref", required=True, ref="term", editable=False),
            F("due_date", "应履行日期", "date"),
            F("done_date", "实际履行日期", "date"),
            F("amount_cents", "履行金额", "money", legal=True),
            F("status", "履行状态", "choice", choices=c.PERFORMANCE_STATUSES, legal=True),
            F("note", "备注"),
        ), title_field="status", hooks=(_performance,)),
        Entity("confirmation", "司法确认", m.JudicialConfirmation, (
            F("agreement_id", "调解协议", "ref", required=True, ref="agreement", editable=False),
            F("status", "确认状态", "choice", choices=m_states("confirmation"), legal=True,
              machine="confirmation"),
            F("applied_date", "申请日期", "date", legal=True),
            F("court", "受理法院"),
            F("court_case_number", "法院案号"),
            F("court_accepted_date", "法院受理日期", "date"),
            F("ruling_extended", "确认期限延长", "bool"),
            F("ruling_date", "裁定日期", "date", legal=True),
            F("result", "确认结果", "choice", choices=c.CONFIRMATION_RESULTS, system=True, legal=True),
        ), title_field="court_case_number", hooks=(_confirmation_parent, _confirmation)),
        Entity("joint_case", "联动案件", m.JointCase, (
            F("title", "案件名称", required=True),
            F("mode", "联动模式", "choice", required=True, choices=c.JOINT_MODES),
            F("lead_office_id", "牵头单位", "ref", required=True, ref="office", legal=True),
            F("mediation_case_id", "关联调解案件", "ref", ref="case"),
            F("summary", "案情摘要"),
            F("opened_date", "立案日期", "date", required=True),
            F("closed_date", "办结日期", "date", legal=True),
            F("outcome_report", "办理结果报告"),
            F("needs_coordination", "需协调", "bool", system=True),
        ), title_field="title", hooks=(_joint_case,)),
        Entity("joint_office", "参与单位", m.JointCaseOffice, (
            F("joint_case_id", "联动案件", "ref", required=True, ref="joint_case", editable=False),
            F("office_id", "单位", "ref", required=True, ref="office", editable=False),
            F("role", "角色", "choice", choices=("牵头", "参与")),
        ), title_field="role"),
        Entity("handoff", "移交记录", m.Handoff, (
            F("joint_case_id", "联动案件", "ref", required=True, ref="joint_case"),
            F("at", "移交时间", "datetime", required=True),
            F("from_office_id", "移交单位", "ref", required=True, ref="office"),
            F("to_office_id", "接收单位", "ref", required=True, ref="office"),
            F("materials", "移交材料", required=True),
            F("handler", "经办人", required=True),
        ), append_only=True, title_field="materials"),
        Entity("enterprise", "企业", m.Enterprise, (
            F("name", "企业名称", required=True),
            F("uscc", "统一社会信用代码"),
            F("uscc_override_reason", "校验不符原因"),
            F("industry", "行业", "choice", choices=c.INDUSTRIES),
            F("size", "规模", "choice", choices=c.ENTERPRISE_SIZES),
            F("area_code", "所在区划"),
            F("address", "地址"),
            F("contact_name", "联系人"),
            F("contact_phone", "联系电话"),
        ), hooks=(_enterprise,)),
        Entity("visit", "走访/法治体检", m.Visit, (
            F("enterprise_id", "企业", "ref", required=True, ref="enterprise"),
            F("visit_date", "走访日期", "date", required=True),
            F("kind", "走访类型", "choice", required=True, choices=c.VISIT_KINDS),
            F("office_ids", "参加单位", "list"),
            F("people", "参加人员", required=True),
            F("checklist", "体检项目", "list"),
            F("findings", "发现情况"),
            F("report_number", "报告编号"),
        ), title_field="report_number"),
        Entity("risk", "风险点", m.Risk, (
            F("visit_id", "所属走访", "ref", required=True, ref="visit", editable=False),
            F("category", "风险类别", "choice", required=True, choices=c.RISK_CATEGORIES),
            F("description", "风险描述", required=True),
            F("level", "风险等级", "choice", required=True, choices=c.RISK_LEVELS),
            F("suggestion", "整改建议"),
            F("rectification_due", "整改期限", "date"),
            F("status", "整改状态", "choice", choices=m_states("risk"), machine="risk"),
            F("rectified_date", "整改完成日期", "date"),
        ), append_only=False, title_field="description", hooks=(_risk,)),
        Entity("suggestion", "司法建议", m.JudicialSuggestion, (
            F("office_id", "发出单位", "ref", required=True, ref="office"),
            F("number", "文号", system=True),
            F("kind", "建议类型", "choice", required=True, choices=c.SUGGESTION_KINDS),
            F("source_case_number", "来源案件"),
            F("addressee", "主送单位", required=True),
            F("cc", "抄送单位"),
            F("problem", "发现的问题", required=True),
            F("suggestion", "建议内容", required=True),
            F("issued_date", "签发日期", "date"),
            F("served_date", "送达日期", "date"),
            F("reply_days", "答复期限（天）", "int"),
            F("reply_due", "答复截止日", "date", system=True),
            F("reply_date", "答复日期", "date"),
            F("adoption", "采纳情况", "choice", choices=c.ADOPTIONS),
            F("measures", "整改措施"),
            F("status", "办理状态", "choice", choices=m_states("suggestion"), machine="suggestion"),
        ), title_field="number", hooks=(_suggestion,)),
    ]
    return {e.name: e for e in ents}


def m_states(machine: str) -> tuple[str, ...]:
    from fydesk.domain.states import MACHINES

    return tuple(MACHINES[machine].states)


ENTITIES: dict[str, Entity] = _entities()
BY_MODEL: dict[type, Entity] = {e.model: e for e in ENTITIES.values()}


def entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        known = "、".join(ENTITIES)
        raise ValidationError("entity", "记录类型", f"没有名为“{name}”的记录类型；可用的有：{known}。") from None
