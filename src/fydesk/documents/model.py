"""What each document prints, as plain frozen values: filled from the local store or the hub."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PartyInfo:
    role: str  # 申请人 | 被申请人 | 第三人
    kind: str  # 自然人 | 法人 | 非法人组织
    name: str
    sex: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None  # instead of birth_date on a copy whose ID number is masked
    id_type: str | None = None
    id_number: str | None = None  # already masked or full, as the document's copy requires
    uscc: str | None = None
    legal_representative: str | None = None
    address: str | None = None
    phone: str | None = None
    agent_name: str | None = None


@dataclass(frozen=True)
class TermInfo:
    seq: int
    obligor: str
    obligee: str | None
    content: str
    amount: str | None  # yuan, as text
    manner: str | None
    due_date: date | None


@dataclass(frozen=True)
class BodyInfo:
    """The body presiding over a case: what the heading, "经…主持调解" and the seal line name."""

    name: str
    kind: str | None
    seal: str | None
    area_code: str | None


@dataclass(frozen=True)
class AgreementDoc:
    committee: str  # the presiding body (调委会, 特邀调解组织 or "特邀调解员…"), never the typing office
    number: str | None
    case_number: str | None
    dispute_type: str
    parties: tuple[PartyInfo, ...]
    facts: str
    disputes: str | None
    responsibility: str | None
    terms: tuple[TermInfo, ...]
    mediator: str | None
    signed_date: date | None
    copies: int  # parties + 1
    # The presiding body's kind (codes.BODY_KINDS; None: unknown, printed as a committee's) and
    # the name its seal reads (None: its name; an invited mediator signs and has none).
    body_kind: str | None = None
    seal: str | None = None


@dataclass(frozen=True)
class SessionDoc:
    office: str
    case_number: str | None
    dispute_type: str
    held_at: datetime
    place: str
    mode: str
    mediator: str | None
    recorder: str | None
    attendees: str
    parties: tuple[PartyInfo, ...]
    record: str
    seq: int  # 第几次调解


# Why a court may confirm an agreement (民诉法 art. 205), by kind; {who} names the party.
COURT_REASONS = {
    "delegated": "委派调解的人民法院",
    "entrusted": "委托调解的人民法院",
    "stationed": "调解组织所在法院",
    "body": "调解组织所在地",
    "party": "申请人{who}住所地",
    "subject": "标的物所在地",
}


@dataclass(frozen=True)
class CourtChoice:
    """A court a 司法确认 application may go to, and why it is competent: (kind, who) pairs,
    the kinds those of COURT_REASONS."""

    name: str
    reasons: tuple[tuple[str, str], ...]

    @property
    def reason_texts(self) -> tuple[str, ...]:
        return tuple(COURT_REASONS[kind].format(who=who) for kind, who in self.reasons)

    @property
    def label(self) -> str:
        return f"{self.name}（{'、'.join(self.reason_texts)}）" if self.reasons else self.name


@dataclass(frozen=True)
class ConfirmationDoc:
    court: str
    applicants: tuple[PartyInfo, ...]
    committee: str
    agreement_number: str | None
    agreement_signed: date | None
    agreement_effective: date | None
    window_end: date | None  # last day to apply (30 days from the effective date)
    terms: tuple[TermInfo, ...]
    applied_date: date | None
    materials: tuple[str, ...]
    agreement_kind: str = "人民调解协议"  # or 调解协议, from a body that is no 人民调解委员会


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    result: str
    note: str


@dataclass(frozen=True)
class RiskInfo:
    category: str
    description: str
    level: str  # 重大且紧急 | 较大 | 一般 | 提示
    suggestion: str | None
    due: date | None
    status: str


@dataclass(frozen=True)
class HealthCheckDoc:
    report_number: str | None
    firm: str
    uscc: str | None
    industry: str | None
    address: str | None
    contact: str | None
    visit_date: date
    offices: tuple[str, ...]
    team: str
    findings: str | None
    checklist: tuple[ChecklistItem, ...]
    risks: tuple[RiskInfo, ...]
    issuer: str


@dataclass(frozen=True)
class SuggestionDoc:
    court: str
    number: str | None
    kind: str
    addressee: str
    cc: str | None
    source_case_number: str | None
    problem: str
    suggestion: str
    issued_date: date | None
    reply_days: int | None
    reply_due: date | None
    source_kind: str | None = None  # 调解 | 审理 | 执行: what the court was doing with the source case


@dataclass(frozen=True)
class FileEntry:
    title: str
    day: date | None
    note: str = ""


@dataclass(frozen=True)
class CoverDoc:
    office: str
    case_number: str | None
    archive_number: str | None
    dispute_type: str
    category: str
    parties: tuple[str, ...]
    mediator: str | None
    accepted_date: date | None
    close_date: date | None
    result: str | None
    close_method: str | None
    retention: str
    entries: tuple[FileEntry, ...]


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    population: int
    filings: int
    rate: float | None  # 万人起诉率


@dataclass(frozen=True)
class CountRow:
    key: str
    accepted: int
    succeeded: int


@dataclass(frozen=True)
class PetitionCounts:
    """A month's 涉诉信访 (domain/stats.py: received by 收到日期, closed by 化解/终结日期)."""

    received: int
    resolved: int  # 已化解
    transferred: int  # 终结移交
    ended: int  # 依法终结
    rate: float | None  # 化解率, percent


@dataclass(frozen=True)
class BulletinDoc:
    issuer: str  # the office, or the city's joint-meeting office
    scope: str  # 本单位 | 全市
    period: str  # YYYY-MM
    registered: int | None
    accepted: int
    mediated: int
    succeeded: int
    failed: int | None
    success_rate: float | None
    denominator_label: str
    amount_involved: str  # yuan
    amount_agreed: str | None
    areas: tuple[AreaRow, ...]
    area_total: AreaRow | None
    by_dispute_type: tuple[CountRow, ...]
    by_source: tuple[CountRow, ...]
    by_office: tuple[CountRow, ...]
    trend: tuple[tuple[str, int, int], ...]  # (period, accepted, succeeded), oldest first
    visits: int | None = None
    risks_by_level: tuple[tuple[str, int], ...] = ()
    suggestions_issued: int | None = None
    suggestions_replied: int | None = None
    suggestions_overdue: int | None = None
    joint_opened: int | None = None  # 联动案件; None where the figures are not kept (the hub's)
    joint_concluded: int | None = None
    joint_by_mode: tuple[tuple[str, int, int], ...] = ()  # (mode, opened, concluded)
    petitions: PetitionCounts | None = None  # 涉诉信访; None where the figures are not kept


@dataclass(frozen=True)
class TaskPart:
    office: str
    lead: bool
    state: str  # 下达 | 推进中 | 已完成 | 逾期 (domain/tasks.py)
    latest_date: str  # YYYY-MM-DD, "" when it has not reported
    latest_text: str


@dataclass(frozen=True)
class TaskLine:
    content: str
    work_group: str
    source: str
    deadline: str  # YYYY-MM-DD
    state: str
    parts: tuple[TaskPart, ...]


@dataclass(frozen=True)
class TaskCount:
    name: str
    total: int
    done_on_time: int
    done_late: int
    open: int
    overdue: int


@dataclass(frozen=True)
class TaskBulletinDoc:
    """调度通报: the 任务清单's progress as it stood on one day."""

    issuer: str
    as_of: str  # YYYY-MM-DD
    tasks: tuple[TaskLine, ...]
    by_group: tuple[TaskCount, ...]
    by_office: tuple[TaskCount, ...]
