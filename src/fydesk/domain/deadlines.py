"""Deadline rules (a configurable table of periods) and the dates and urgency they give.

All periods are calendar days. A period counted from a date starts on the day after it
(期间开始的日不计算在期间内), so the last day is start + days: a 30-day term accepted on
1 March ends on 31 March. Due dates are not moved off weekends or public holidays; that
needs a holiday calendar, which this pure module does not hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from fydesk.domain.errors import ConfigError, ValidationError

__all__ = [
    "DEADLINE_KINDS",
    "DEFAULT_RULES",
    "Deadline",
    "Home",
    "Rule",
    "classify",
    "confirmation_window_end",
    "court_accept_due",
    "court_ruling_due",
    "make_deadline",
    "mediation_term_end",
    "rules_with",
    "suggestion_reply_due",
]


@dataclass(frozen=True)
class Rule:
    """One period: `days` calendar days counted from what `basis` names."""

    key: str
    label: str
    days: int
    basis: str


DEFAULT_RULES: Mapping[str, Rule] = MappingProxyType(
    {
        r.key: r
        for r in (
            Rule("mediation_term", "调解期限", 30, "自受理之日起"),
            Rule("mediation_extension_max", "单次延期上限", 30, "自原调解期限届满之日起"),
            Rule("confirmation_window", "司法确认申请期限", 30, "自调解协议生效之日起"),
            Rule("court_accept", "法院受理期限", 3, "自收到司法确认申请之日起"),
            Rule("court_ruling", "法院确认期限", 15, "自法院受理司法确认申请之日起"),
            Rule("court_ruling_extension", "法院确认延长期限", 10, "自原确认期限届满之日起"),
            Rule("suggestion_reply", "司法建议答复期限", 60, "自司法建议送达之日起"),
            Rule("due_soon", "即将到期提示天数", 7, "到期日前"),
        )
    }
)

# What each dashboard row is about; rectification and performance dates are entered by
# hand, so they have a kind but no rule.
DEADLINE_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "mediation_term": "调解期限届满",
        "confirmation_window": "司法确认申请期限届满",
        "court_accept": "法院受理司法确认申请",
        "court_ruling": "法院作出确认决定",
        "suggestion_reply": "司法建议答复",
        "risk_rectification": "风险点整改",
        "performance": "调解协议履行",
        "task": "任务完成时限",
    }
)


def _days(rules: Mapping[str, Rule], key: str) -> int:
    try:
        return rules[key].days
    except KeyError:
        raise ConfigError(f"期限规则表缺少“{key}”一项。") from None


def rules_with(
    overrides: Mapping[str, int], base: Mapping[str, Rule] = DEFAULT_RULES
) -> Mapping[str, Rule]:
    """A rule table with some periods replaced, e.g. from an office's settings."""
    table = dict(base)
    for key, days in overrides.items():
        if key not in table:
            raise ConfigError(f"没有名为“{key}”的期限规则。")
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ConfigError(f"期限规则“{table[key].label}”的天数应为非负整数，实为 {days!r}。")
        old = table[key]
        table[key] = Rule(old.key, old.label, days, old.basis)
    return MappingProxyType(table)


def mediation_term_end(
    accepted: date, extensions: Sequence[int] = (), rules: Mapping[str, Rule] = DEFAULT_RULES
) -> date:
    """Last day of the mediation term: the base term plus every recorded extension."""
    limit = _days(rules, "mediation_extension_max")
    for days in extensions:
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise ValidationError("extension_days", "延期天数", f"延期天数应为正整数，实为 {days!r}。")
        if days > limit:
            raise ValidationError(
                "extension_days", "延期天数", f"每次延期不得超过 {limit} 天，实为 {days} 天。"
            )
    return accepted + timedelta(days=_days(rules, "mediation_term") + sum(extensions))


def confirmation_window_end(effective: date, rules: Mapping[str, Rule] = DEFAULT_RULES) -> date:
    """Last day on which the parties may jointly apply for 司法确认."""
    return effective + timedelta(days=_days(rules, "confirmation_window"))


def court_accept_due(applied: date, rules: Mapping[str, Rule] = DEFAULT_RULES) -> date:
    """Last day for the court to decide whether to accept a 司法确认 application."""
    return applied + timedelta(days=_days(rules, "court_accept"))


def court_ruling_due(
    court_accepted: date, extended: bool = False, rules: Mapping[str, Rule] = DEFAULT_RULES
) -> date:
    """Last day for the court's ruling; `extended` when the president approved more time."""
    days = _days(rules, "court_ruling")
    if extended:
        days += _days(rules, "court_ruling_extension")
    return court_accepted + timedelta(days=days)


def suggestion_reply_due(
    served: date, rules: Mapping[str, Rule] = DEFAULT_RULES, days: int | None = None
) -> date:
    """Reply due date of a 司法建议; `days` is the period written in the suggestion, if any."""
    if days is None:
        days = _days(rules, "suggestion_reply")
    elif isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise ValidationError("reply_days", "答复期限", f"答复期限应为正整数天，实为 {days!r}。")
    return served + timedelta(days=days)


def classify(due: date, today: date, rules: Mapping[str, Rule] = DEFAULT_RULES) -> str:
    """The urgency of a due date: "overdue", "due_soon" or "ok".

    The due day itself is still in time, so it counts as due soon, not overdue.
    """
    left = (due - today).days
    if left < 0:
        return "overdue"
    if left <= _days(rules, "due_soon"):
        return "due_soon"
    return "ok"


@dataclass(frozen=True)
class Home:
    """Where a record is shown: its case (an agreement, a 司法确认, a 履行), its firm and visit
    (a risk), or itself (a suggestion)."""

    entity: str  # case | enterprise | suggestion | task
    id: str
    visit_id: str | None = None


@dataclass(frozen=True)
class Deadline:
    """One dashboard row, classified as of `as_of` (the day the dashboard was computed)."""

    kind: str
    label: str
    entity: str
    record_id: str
    title: str
    due: date
    state: str
    as_of: date
    home: Home | None = None  # the record to open for it

    @property
    def days_left(self) -> int:
        """Days from `as_of` to the due day: 0 on the day, negative once overdue."""
        return (self.due - self.as_of).days


def make_deadline(
    kind: str,
    entity: str,
    record_id: str,
    title: str,
    due: date,
    today: date,
    rules: Mapping[str, Rule] = DEFAULT_RULES,
    home: Home | None = None,
) -> Deadline:
    """A Deadline labelled from DEADLINE_KINDS and classified against `today`."""
    return Deadline(
        kind=kind,
        label=DEADLINE_KINDS[kind],
        entity=entity,
        record_id=record_id,
        title=title,
        due=due,
        state=classify(due, today, rules),
        as_of=today,
        home=home,
    )
