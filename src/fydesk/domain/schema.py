"""What each synced entity holds: its fields with their labels, kinds and limits, which are
legally significant, which only grow. Pure data over domain/fields.py, shared by the desk (its
forms, imports and the services' writes) and the hub (which checks every pushed value by it).
The desk's own rules that need its database (derived values, checks across records) live
with the services (services/hooks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from fydesk.domain import codes
from fydesk.domain.casenumbers import BODY_PREFIX_MAX, BODY_PREFIX_PATTERN
from fydesk.domain.errors import ValidationError
from fydesk.domain.fields import LONG_TEXT, Field
from fydesk.domain.states import MACHINES

F = Field

__all__ = ["REASON_LENGTH", "RULES", "VOID_REASON", "Rules", "check_values"]

# Why a status was moved as it was (不予受理, 调解不成, 撤回, or a 更正): kept on the record beside
# its status, printed with it, and written only by the service that makes the move.
REASON_LENGTH = 500


@dataclass(frozen=True)
class Rules:
    name: str
    label: str
    fields: tuple[Field, ...]
    append_only: bool = False
    title_field: str = "name"
    # Looked up for every value of every op the hub takes: by name, not by a scan of the fields.
    by_name: dict[str, Field] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> Field:
        found = self.by_name.get(name)
        if found is not None:
            return found
        known = "、".join(f.name for f in self.fields)
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise ValidationError(name[:64], shown, f"{self.label}没有“{shown}”这一项；可用的有：{known}。")

    @property
    def status_field(self) -> Field | None:
        return next((f for f in self.fields if f.machine), None)


def _states(machine: str) -> tuple[str, ...]:
    return tuple(MACHINES[machine].states)


def _rules() -> dict[str, Rules]:
    c = codes
    ents = [
        Rules("office", "单位", (
            F("code", "单位代码", required=True, max_length=32),
            F("name", "单位名称", required=True, max_length=100),
            F("kind", "单位类型", "choice", required=True, choices=c.OFFICE_KINDS),
            F("area_code", "行政区划代码", max_length=12),
            F("parent_id", "上级单位", "ref", ref="office"),
            F("case_prefix", "案号代字", max_length=20),
            F("address", "地址", max_length=200),
            F("phone", "电话", max_length=40),
        )),
        Rules("staff", "人员", (
            F("office_id", "所属单位", "ref", required=True, ref="office"),
            F("name", "姓名", required=True, max_length=50),
            F("role", "职务", "choice", required=True, choices=c.STAFF_ROLES),
            F("phone", "电话", max_length=40),
            F("active", "在岗", "bool", nullable=False),
        )),
        Rules("mediation_body", "调解组织", (
            F("office_id", "所属单位", "ref", required=True, ref="office"),
            F("name", "名称", required=True, max_length=100),
            F("kind", "类型", "choice", required=True, choices=c.BODY_KINDS),
            F("seal_name", "印章名称", max_length=100),
            F("area_code", "所在区划", max_length=12),
            F("active", "在用", "bool", nullable=False),
            F("number_prefix", "协议编号代字", max_length=BODY_PREFIX_MAX, wire_pattern=BODY_PREFIX_PATTERN),
        )),
        Rules("area_stat", "辖区数据", (
            F("area_code", "区划代码", required=True, max_length=12),
            F("area_name", "区划名称", required=True, max_length=100),
            F("period", "统计期间", required=True, wire_pattern=r"\d{4}-(0[1-9]|1[0-2])", max_length=7),
            F("resident_population", "户籍人口", "int", required=True),
            F("floating_population", "登记流动人口", "int", nullable=False),
            F("civil_filings", "一审民事收案", "int", nullable=False),
            F("admin_filings", "一审行政收案", "int", nullable=False),
        ), title_field="area_name"),
        Rules("case", "调解案件", (
            F("case_number", "案号", system=True, max_length=60),
            F("number_provisional", "临时案号", "bool", system=True, nullable=False),
            F("external_case_number", "法院案号", max_length=60),
            F("office_id", "承办单位", "ref", required=True, ref="office"),
            F("category", "调解类别", "choice", required=True, choices=c.CASE_CATEGORIES),
            F("source", "案件来源", "choice", required=True, choices=c.CASE_SOURCES),
            F("dispute_type", "纠纷类型", "choice", required=True, choices=c.DISPUTE_TYPES),
            F("area_code", "纠纷发生地区划", max_length=12),
            F("summary", "纠纷简要情况", required=True, max_length=LONG_TEXT),
            F("claims", "当事人申请事项", max_length=LONG_TEXT),
            F("subject_location", "标的物所在地", max_length=200),
            F("registered_date", "登记日期", "date", required=True),
            F("accepted_date", "受理日期", "date"),
            F("term_end", "调解期限", "date", system=True),
            F("extension_days", "延期天数", "int", system=True, nullable=False),
            F("amount_cents", "涉及金额", "money", legal=True),
            F("people_involved", "涉及人数", "int", nullable=False),
            F("group_dispute", "群体性纠纷", "bool", nullable=False),
            F("risk_level", "风险等级", "choice", choices=c.CASE_RISK_LEVELS, nullable=False),
            F("lead_mediator_id", "主办调解员", "ref", ref="staff"),
            F("body_id", "主持调解组织", "ref", ref="mediation_body", legal=True),
            F("assistant_ids", "协办调解员", "list", ref="staff", nullable=False),
            F("status", "案件状态", "choice", choices=_states("case"), legal=True, machine="case", nullable=False),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
            F("result", "调解结果", "choice", choices=c.CASE_RESULTS, system=True, legal=True),
            F("close_method", "结案方式", legal=True, max_length=20),
            F("close_date", "结案日期", "date", legal=True),
            F("archive_number", "归档号", max_length=60),
            F("archive_note", "归档说明", "text", max_length=LONG_TEXT),
            F("needs_coordination", "需协调", "bool", system=True, nullable=False),
        ), title_field="case_number"),
        Rules("party", "当事人", (
            F("case_id", "所属案件", "ref", required=True, ref="case", editable=False),
            F("role", "诉讼地位", "choice", required=True, choices=c.PARTY_ROLES, legal=True),
            F("kind", "当事人类型", "choice", choices=c.PARTY_KINDS, legal=True, nullable=False),
            F("name", "姓名/名称", required=True, legal=True, max_length=100),
            F("sex", "性别", "choice", choices=c.SEXES),
            F("ethnicity", "民族", "choice", choices=c.ETHNICITIES),
            # Digits 7–14 of the ID number: masked with it (to the year), or the mask undoes itself.
            F("birth_date", "出生日期", "date", sensitive=True),
            F("id_type", "证件类型", "choice", choices=c.ID_TYPES),
            F("id_number", "身份证号", legal=True, sensitive=True, max_length=30),
            F("uscc", "统一社会信用代码", legal=True, max_length=18),
            F("uscc_override_reason", "校验不符原因", max_length=200),
            F("legal_representative", "法定代表人", max_length=50),
            F("address", "住所", max_length=200),
            F("phone", "联系电话", max_length=40),
            F("agent_name", "代理人", max_length=50),
            F("agent_phone", "代理人电话", max_length=40),
        )),
        Rules("extension", "延期记录", (
            F("case_id", "所属案件", "ref", required=True, ref="case"),
            F("days", "延期天数", "int", required=True),
            F("reason", "延期理由", required=True, max_length=LONG_TEXT),
            F("decided_date", "决定日期", "date", required=True),
        ), append_only=True, title_field="reason"),
        Rules("session", "调解记录", (
            F("case_id", "所属案件", "ref", required=True, ref="case"),
            F("held_at", "调解时间", "datetime", required=True),
            F("place", "调解地点", required=True, max_length=100),
            F("mode", "调解方式", "choice", choices=c.SESSION_MODES, nullable=False),
            F("attendees", "参加人员", required=True, max_length=LONG_TEXT),
            F("mediator_id", "调解员", "ref", ref="staff"),
            F("recorder_id", "记录人", "ref", ref="staff"),
            F("record", "笔录内容", required=True, max_length=LONG_TEXT),
            F("signed", "已签字", "bool", nullable=False),
        ), append_only=True, title_field="place"),
        Rules("agreement", "调解协议", (
            F("case_id", "所属案件", "ref", required=True, ref="case", editable=False),
            F("number", "协议编号", max_length=60),
            F("form", "协议形式", "choice", choices=c.AGREEMENT_FORMS, legal=True, nullable=False),
            F("facts", "纠纷主要事实", required=True, legal=True, max_length=LONG_TEXT),
            F("disputes", "争议事项", legal=True, max_length=LONG_TEXT),
            F("responsibility", "各方责任", legal=True, max_length=LONG_TEXT),
            F("signed_date", "签订日期", "date", legal=True),
            F("effective_date", "生效日期", "date", legal=True),
            F("copies", "协议份数", "int", nullable=False),
        ), title_field="number"),
        Rules("term", "协议条款", (
            F("agreement_id", "所属协议", "ref", required=True, ref="agreement", editable=False),
            F("seq", "序号", "int", nullable=False),
            F("obligor", "义务人", required=True, legal=True, max_length=100),
            F("obligee", "权利人", legal=True, max_length=100),
            F("content", "履行内容", required=True, legal=True, max_length=LONG_TEXT),
            F("amount_cents", "金额", "money", legal=True),
            F("manner", "履行方式", legal=True, max_length=100),
            F("due_date", "履行期限", "date", legal=True),
        ), title_field="content"),
        Rules("performance", "履行情况", (
            F("term_id", "协议条款", "ref", required=True, ref="term", editable=False),
            F("due_date", "应履行日期", "date"),
            F("done_date", "实际履行日期", "date"),
            F("amount_cents", "履行金额", "money", legal=True),
            F("status", "履行状态", "choice", choices=c.PERFORMANCE_STATUSES, legal=True, nullable=False),
            F("note", "备注", max_length=LONG_TEXT),
        ), title_field="status"),
        Rules("confirmation", "司法确认", (
            F("agreement_id", "调解协议", "ref", required=True, ref="agreement", editable=False),
            F("status", "确认状态", "choice", choices=_states("confirmation"), legal=True,
              machine="confirmation"),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
            F("applied_date", "申请日期", "date", legal=True),
            F("court", "受理法院", max_length=100),
            F("court_case_number", "法院案号", max_length=60),
            F("court_accepted_date", "法院受理日期", "date"),
            F("ruling_extended", "确认期限延长", "bool", nullable=False),
            F("ruling_date", "裁定日期", "date", legal=True),
            F("result", "确认结果", "choice", choices=c.CONFIRMATION_RESULTS, system=True, legal=True),
        ), title_field="court_case_number"),
        Rules("joint_case", "联动案件", (
            F("title", "案件名称", required=True, max_length=200),
            F("mode", "联动模式", "choice", required=True, choices=c.JOINT_MODES),
            F("lead_office_id", "牵头单位", "ref", required=True, ref="office", legal=True),
            F("mediation_case_id", "关联调解案件", "ref", ref="case"),
            F("summary", "案情摘要", max_length=LONG_TEXT),
            F("opened_date", "立案日期", "date", required=True),
            F("closed_date", "办结日期", "date", legal=True),
            F("outcome_report", "办理结果报告", max_length=LONG_TEXT),
            F("status", "办理状态", "choice", choices=_states("joint"), legal=True, machine="joint", nullable=False),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
            F("needs_coordination", "需协调", "bool", system=True, nullable=False),
        ), title_field="title"),
        Rules("joint_office", "参与单位", (
            F("joint_case_id", "联动案件", "ref", required=True, ref="joint_case", editable=False),
            F("office_id", "单位", "ref", required=True, ref="office", editable=False),
            F("role", "角色", "choice", choices=("牵头", "参与"), nullable=False),
        ), title_field="role"),
        Rules("handoff", "移交记录", (
            F("joint_case_id", "联动案件", "ref", required=True, ref="joint_case"),
            F("at", "移交时间", "datetime", required=True),
            F("from_office_id", "移交单位", "ref", required=True, ref="office"),
            F("to_office_id", "接收单位", "ref", required=True, ref="office"),
            F("materials", "移交材料", required=True, max_length=LONG_TEXT),
            F("handler", "经办人", required=True, max_length=50),
        ), append_only=True, title_field="materials"),
        Rules("enterprise", "企业", (
            F("name", "企业名称", required=True, max_length=200),
            F("uscc", "统一社会信用代码", max_length=18),
            F("uscc_override_reason", "校验不符原因", max_length=200),
            F("industry", "行业", "choice", choices=c.INDUSTRIES),
            F("size", "规模", "choice", choices=c.ENTERPRISE_SIZES),
            F("area_code", "所在区划", max_length=12),
            F("address", "地址", max_length=200),
            F("contact_name", "联系人", max_length=50),
            F("contact_phone", "联系电话", max_length=40),
        )),
        Rules("visit", "走访/法治体检", (
            F("enterprise_id", "企业", "ref", required=True, ref="enterprise"),
            F("visit_date", "走访日期", "date", required=True),
            F("kind", "走访类型", "choice", required=True, choices=c.VISIT_KINDS),
            F("office_ids", "参加单位", "list", nullable=False),
            F("people", "参加人员", required=True, max_length=LONG_TEXT),
            F("checklist", "体检项目", "list", nullable=False),
            F("findings", "发现情况", max_length=LONG_TEXT),
            F("report_number", "报告编号", max_length=60),
        ), title_field="report_number"),
        Rules("risk", "风险点", (
            F("visit_id", "所属走访", "ref", required=True, ref="visit", editable=False),
            F("category", "风险类别", "choice", required=True, choices=c.RISK_CATEGORIES),
            F("description", "风险描述", required=True, max_length=LONG_TEXT),
            F("level", "风险等级", "choice", required=True, choices=c.RISK_LEVELS),
            F("suggestion", "整改建议", max_length=LONG_TEXT),
            F("rectification_due", "整改期限", "date"),
            F("status", "整改状态", "choice", choices=_states("risk"), machine="risk", nullable=False),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
            F("rectified_date", "整改完成日期", "date"),
        ), title_field="description"),
        Rules("suggestion", "司法建议", (
            F("office_id", "发出单位", "ref", required=True, ref="office"),
            F("number", "文号", system=True, max_length=60),
            F("kind", "建议类型", "choice", required=True, choices=c.SUGGESTION_KINDS),
            F("source_case_number", "来源案件", max_length=60),
            F("addressee", "主送单位", required=True, max_length=200),
            F("cc", "抄送单位", max_length=200),
            F("problem", "发现的问题", required=True, max_length=LONG_TEXT),
            F("suggestion", "建议内容", required=True, max_length=LONG_TEXT),
            F("issued_date", "签发日期", "date"),
            F("served_date", "送达日期", "date"),
            F("reply_days", "答复期限（天）", "int"),
            F("reply_due", "答复截止日", "date", system=True),
            F("reply_date", "答复日期", "date"),
            F("adoption", "采纳情况", "choice", choices=c.ADOPTIONS),
            F("measures", "整改措施", max_length=LONG_TEXT),
            F("status", "办理状态", "choice", choices=_states("suggestion"), machine="suggestion", nullable=False),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
        ), title_field="number"),
        # 涉诉信访 (DESIGN §2 Petition): owned by the office handling it; the 终结/移交 record is
        # its closing date, to whom, the document's number and (in status_reason) why.
        Rules("petition", "涉诉信访", (
            F("office_id", "承办单位", "ref", required=True, ref="office"),
            F("petitioner", "信访人", required=True, max_length=100),
            F("matter", "信访事项", required=True, max_length=LONG_TEXT),
            F("received_date", "收到日期", "date", required=True),
            F("channel", "信访方式", "choice", required=True, choices=c.PETITION_CHANNELS),
            F("case_numbers", "关联案号", max_length=200),
            F("case_id", "关联调解案件", "ref", ref="case"),
            F("status", "化解状态", "choice", choices=_states("petition"), legal=True, machine="petition",
              nullable=False),
            F("status_reason", "状态变更理由", system=True, max_length=REASON_LENGTH),
            F("closed_date", "化解/终结日期", "date", legal=True),
            F("transfer_to", "移交单位", max_length=200),
            F("close_document", "终结/移交文书号", max_length=60),
        ), title_field="petitioner"),
        # Each step of handling a petition: only ever added, so two PCs never conflict over one.
        Rules("petition_step", "信访办理记录", (
            F("petition_id", "所属信访件", "ref", required=True, ref="petition", editable=False),
            F("step_date", "办理日期", "date", required=True),
            F("action", "办理事项", "choice", required=True, choices=c.PETITION_ACTIONS),
            F("handler", "经办人", required=True, max_length=50),
            F("note", "情况说明", max_length=LONG_TEXT),
        ), append_only=True, title_field="action"),
        # Written by the hub alone (hub/tasks.py), seen by its responsible offices. Its state
        # (下达/推进中/已完成/逾期) is not stored: domain/tasks.py reads it from the reports.
        Rules("task", "任务", (
            F("content", "任务内容", required=True, max_length=LONG_TEXT),
            F("work_group", "专项工作组", max_length=100),
            F("source", "任务来源", "choice", required=True, choices=c.TASK_SOURCES),
            F("source_meeting_id", "来源会议", max_length=36),
            F("source_label", "来源说明", max_length=300),
            F("lead_office_id", "牵头单位", "ref", required=True, ref="office"),
            F("partner_office_ids", "配合单位", "list", nullable=False),
            F("deadline", "完成时限", "date", required=True),
            F("milestones", "进度节点", max_length=LONG_TEXT),
            F("issued_date", "下达日期", "date", required=True),
        ), title_field="content"),
        # One office's progress on a task: only ever added, so two offices never conflict.
        Rules("task_report", "任务进展", (
            F("task_id", "所属任务", "ref", required=True, ref="task", editable=False),
            F("report_date", "报告日期", "date", required=True),
            F("text", "进展情况", required=True, max_length=LONG_TEXT),
            F("done", "本单位已完成", "bool", nullable=False),
        ), append_only=True, title_field="text"),
        Rules("attachment", "附件", (
            F("owner_entity", "所属记录类型", "choice", required=True, choices=c.ATTACHABLE, editable=False),
            F("owner_id", "所属记录", required=True, editable=False, max_length=36),
            F("kind", "附件类别", "choice", required=True, choices=c.ATTACHMENT_KINDS),
            F("name", "文件名", required=True, max_length=255),
            F("media_type", "文件类型", system=True, max_length=100),
            F("size", "文件大小（字节）", "int", required=True, system=True),
            F("sha256", "SHA-256 校验值", required=True, system=True, editable=False, wire_pattern="[0-9a-f]{64}", max_length=64),
            F("added_at", "添加时间", "datetime", system=True),
            F("added_by", "添加人", system=True, max_length=50),
        )),
    ]
    return {e.name: e for e in ents}


RULES: dict[str, Rules] = _rules()
# What a void carries besides the tombstone: its reason (records.void writes it, the hub checks it).
VOID_REASON = Field("reason", "作废原因", required=True)


def check_values(rules: Rules, wire: dict[str, Any], *, creating: bool,
                 before: dict[str, Any] | None = None) -> dict[str, Any]:
    """The column values of a record's pushed fields, each read strictly from the wire.

    Every name must be a field of the entity; a required field is present on creation and
    never emptied; a field fixed at creation keeps its value (`before`: the values held now,
    in wire form). Raises one sentence naming the first field at fault.
    """
    values: dict[str, Any] = {}
    for name, value in wire.items():
        f = rules.field(name) if isinstance(name, str) else rules.field(str(name))
        values[name] = f.from_wire(value)
        if value is None and (f.required or not f.nullable):
            raise f.error(f"“{f.label}”不能为空。")
        if not creating and not f.editable and before is not None and before.get(name) != value:
            raise f.error(f"“{f.label}”建立后不能修改。")
    if creating:
        for f in rules.fields:
            if f.required and values.get(f.name) is None:
                raise f.error(f"请填写“{f.label}”。")
    return values
