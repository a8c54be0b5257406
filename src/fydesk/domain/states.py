"""The status machines of cases, confirmations, suggestions, risks, joint cases and petitions, as data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from fydesk.domain.errors import TransitionError

__all__ = ["MACHINES", "Machine", "check_correction", "check_move", "check_transition", "risk_status_on"]


@dataclass(frozen=True)
class Machine:
    """One status machine: which status may follow which.

    `order` is the display order of the statuses (derived from `transitions` when not
    given), so that menus and error sentences list choices the same way every time.
    `reasoned`: the statuses a move into needs a written reason (the law or practice asks for
    one: 不予受理, 调解不成 — the 终止调解 of 人民调解法 art. 26 — and 撤回). `ending`: statuses that
    end or close something besides the final ones, which a clerk confirms before moving.
    """

    name: str
    label: str
    initial: str
    transitions: Mapping[str, frozenset[str]]
    order: tuple[str, ...] = field(default=(), compare=False)
    reasoned: frozenset[str] = frozenset()
    ending: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        order = list(self.order)
        seen = set(order)
        for source, targets in self.transitions.items():
            # Sorted only to make the fallback order deterministic; declared order wins.
            for state in (source, *sorted(targets)):
                if state not in seen:
                    seen.add(state)
                    order.append(state)
        if self.initial not in seen:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not in the machine")
        # Every state gets an entry, terminal ones an empty set, so lookups never miss.
        frozen = {s: frozenset(self.transitions.get(s, ())) for s in order}
        unknown = (self.reasoned | self.ending) - seen
        if unknown:
            raise ValueError(f"{self.name}: {sorted(unknown)} are not states of the machine")
        object.__setattr__(self, "order", tuple(order))
        object.__setattr__(self, "transitions", MappingProxyType(frozen))

    @property
    def states(self) -> tuple[str, ...]:
        return self.order

    def is_terminal(self, state: str) -> bool:
        self._require_known(state)
        return not self.transitions[state]

    def allowed(self, current: str) -> tuple[str, ...]:
        """The statuses that may follow `current`, in display order."""
        self._require_known(current)
        targets = self.transitions[current]
        return tuple(s for s in self.order if s in targets)

    def needs_reason(self, target: str) -> bool:
        """Whether a move into `target` must say why (a correction always must)."""
        self._require_known(target)
        return target in self.reasoned

    def ends(self, target: str) -> bool:
        """Whether a move into `target` ends or closes something: the clerk confirms it first."""
        return target in self.ending or self.is_terminal(target)

    def corrections(self, current: str, previous: str | None = None) -> tuple[str, ...]:
        """The statuses an erroneous move into `current` may be corrected to: back to the status
        it came from, or on to the move that should have been made from there instead.

        `previous`: the status the last move actually came from, when the record's trail
        knows it; otherwise every status with a move into `current` counts.
        """
        self._require_known(current)
        sources = [previous] if previous is not None else [
            s for s in self.order if current in self.transitions[s]]
        targets: set[str] = set()
        for source in sources:
            self._require_known(source)
            if current not in self.transitions[source]:
                continue
            targets.add(source)
            targets.update(self.transitions[source])
        targets.discard(current)
        return tuple(s for s in self.order if s in targets)

    def _require_known(self, state: str) -> None:
        if state not in self.transitions:
            raise TransitionError(f"{self.label}没有“{state}”这一状态。")


def _machine(
    name: str, label: str, states: str, edges: Sequence[tuple[str, Sequence[str]]],
    *, reasoned: str = "", ending: str = "",
) -> Machine:
    # `states` spells out the workflow order for display; the first is the initial status.
    order = tuple(states.split())
    named = {s for source, targets in edges for s in (source, *targets)}
    if named != set(order):
        raise ValueError(f"{name}: listed states {order} do not match the transitions")
    transitions = {source: frozenset(targets) for source, targets in edges}
    return Machine(name, label, order[0], transitions, order,
                   frozenset(reasoned.split()), frozenset(ending.split()))


_CASE = _machine(
    "case",
    "调解案件",
    "登记 受理 不予受理 调解中 达成协议 调解不成 撤回 履行中 履行完毕 未履行 结案 归档",
    [
        ("登记", ("受理", "不予受理")),
        ("受理", ("调解中",)),
        # 延期 is not a status: an extension is recorded beside the case and moves its term.
        ("调解中", ("达成协议", "调解不成", "撤回")),
        ("达成协议", ("履行中", "结案")),
        ("履行中", ("履行完毕", "未履行")),
        ("履行完毕", ("结案",)),
        ("未履行", ("结案",)),
        ("调解不成", ("结案",)),
        ("撤回", ("结案",)),
        ("不予受理", ("结案",)),
        ("结案", ("归档",)),
    ],
    reasoned="不予受理 调解不成 撤回",
    ending="不予受理 调解不成 撤回 结案",
)

_CONFIRMATION = _machine(
    "confirmation",
    "司法确认",
    "拟申请 已申请 已受理 确认有效 驳回 撤回",
    [
        ("拟申请", ("已申请",)),
        ("已申请", ("已受理", "撤回")),
        ("已受理", ("确认有效", "驳回", "撤回")),
    ],
    # The applicants withdraw their application: the file says why.
    reasoned="撤回",
)

_SUGGESTION = _machine(
    "suggestion",
    "司法建议",
    "起草 签发 送达 已答复 办结",
    [
        ("起草", ("签发",)),
        ("签发", ("送达",)),
        ("送达", ("已答复",)),
        ("已答复", ("办结",)),
    ],
)

_RISK = _machine(
    "risk",
    "风险点",
    "发现 已提示 整改中 已整改 逾期",
    [
        ("发现", ("已提示",)),
        ("已提示", ("整改中",)),
        ("整改中", ("已整改", "逾期")),
        # An overdue rectification can be reopened or be found done late.
        ("逾期", ("整改中", "已整改")),
    ],
)

# A joint case is handled by several offices; closing or returning it is their joint call,
# so concurrent changes of its status escalate to 需协调 like any legal field.
_JOINT = _machine(
    "joint",
    "联动案件",
    "办理中 已办结 已退回",
    [
        ("办理中", ("已办结", "已退回")),
        ("已退回", ("办理中",)),
    ],
    ending="已退回",
)

# A 涉诉信访件: registered, worked on, then 化解 (the petitioner's demand settled), or closed
# without that — handed over to the body that has the matter (终结移交), or ended by law
# after the 信访 procedure ran its course (依法终结). Both closings say why.
_PETITION = _machine(
    "petition",
    "涉诉信访",
    "登记 化解中 已化解 终结移交 依法终结",
    [
        ("登记", ("化解中",)),
        ("化解中", ("已化解", "终结移交", "依法终结")),
    ],
    reasoned="终结移交 依法终结",
)

MACHINES: dict[str, Machine] = {
    m.name: m for m in (_CASE, _CONFIRMATION, _SUGGESTION, _RISK, _JOINT, _PETITION)
}


def check_transition(machine: str, current: str, target: str) -> None:
    """Raise TransitionError unless `machine` allows going from `current` to `target`."""
    m = _machine_named(machine)
    m._require_known(current)
    m._require_known(target)
    if target in m.transitions[current]:
        return
    if current == target:
        raise TransitionError(f"{m.label}已处于“{current}”状态。")
    choices = m.allowed(current)
    if not choices:
        raise TransitionError(f"{m.label}处于“{current}”状态，不能再变更。")
    raise TransitionError(
        f"{m.label}不能从“{current}”直接变为“{target}”；可选：{'、'.join(choices)}。"
    )


def _machine_named(machine: str) -> Machine:
    try:
        return MACHINES[machine]
    except KeyError:
        raise ValueError(f"unknown state machine {machine!r}") from None


def _has_reason(reason: str | None) -> bool:
    return bool(reason and reason.strip())


def check_move(machine: str, current: str, target: str, reason: str | None) -> None:
    """A forward move, with the reason it needs: raise TransitionError for a move the machine
    does not allow, or for one into a status that needs a reason given none."""
    check_transition(machine, current, target)
    m = MACHINES[machine]
    if m.needs_reason(target) and not _has_reason(reason):
        raise TransitionError(f"{m.label}变为“{target}”须写明理由。")


def check_correction(machine: str, current: str, target: str, reason: str | None,
                     previous: str | None = None) -> None:
    """A 更正 of an erroneous move into `current`: `target` must be one of its corrections
    (see Machine.corrections) and the reason for correcting must be written."""
    m = _machine_named(machine)
    m._require_known(current)
    m._require_known(target)
    if current == target:
        raise TransitionError(f"{m.label}已处于“{current}”状态，无须更正。")
    choices = m.corrections(current, previous)
    if target not in choices:
        if not choices:
            raise TransitionError(f"{m.label}处于“{current}”状态，没有可更正的状态。")
        raise TransitionError(
            f"{m.label}不能从“{current}”更正为“{target}”；可更正为：{'、'.join(choices)}。")
    if not _has_reason(reason):
        raise TransitionError(f"更正{m.label}状态须写明更正理由。")


def risk_status_on(status: str, rectified: date | None, due: date | None, day: date) -> str:
    """A risk's status as it stood on `day` (a report's date), not as it stands now.

    已整改 counts only from its rectification date; 逾期 only once the due date had passed by
    then. A risk that reached either later was, on that day, still 已提示 (the report itself
    gives the notice) — or already 逾期 if its due date had gone by. Other statuses carry no
    date of their own and are shown as recorded.
    """
    if rectified is not None and rectified <= day:
        return "已整改"
    if status in ("已整改", "逾期"):
        return "逾期" if due is not None and due < day else "已提示"
    return status
