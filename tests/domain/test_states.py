"""Tests of the status machines: every allowed and refused transition."""

from __future__ import annotations

import itertools

import pytest

from fydesk.domain.errors import TransitionError
from fydesk.domain.states import MACHINES, Machine, check_correction, check_move, check_transition

EXPECTED = {
    "case": {
        "登记": {"受理", "不予受理"},
        "受理": {"调解中"},
        "调解中": {"达成协议", "调解不成", "撤回"},
        "达成协议": {"履行中", "结案"},
        "履行中": {"履行完毕", "未履行"},
        "履行完毕": {"结案"},
        "未履行": {"结案"},
        "调解不成": {"结案"},
        "撤回": {"结案"},
        "不予受理": {"结案"},
        "结案": {"归档"},
        "归档": set(),
    },
    "confirmation": {
        "拟申请": {"已申请"},
        "已申请": {"已受理", "撤回"},
        "已受理": {"确认有效", "驳回", "撤回"},
        "确认有效": set(),
        "驳回": set(),
        "撤回": set(),
    },
    "suggestion": {
        "起草": {"签发"},
        "签发": {"送达"},
        "送达": {"已答复"},
        "已答复": {"办结"},
        "办结": set(),
    },
    "risk": {
        "发现": {"已提示"},
        "已提示": {"整改中"},
        "整改中": {"已整改", "逾期"},
        "逾期": {"整改中", "已整改"},
        "已整改": set(),
    },
    # Added for joint cases, whose status several offices share.
    "joint": {
        "办理中": {"已办结", "已退回"},
        "已退回": {"办理中"},
        "已办结": set(),
    },
    # 涉诉信访 (DESIGN §2 Petition): 化解 or closed one of two ways, never reopened.
    "petition": {
        "登记": {"化解中"},
        "化解中": {"已化解", "终结移交", "依法终结"},
        "已化解": set(),
        "终结移交": set(),
        "依法终结": set(),
    },
}

INITIAL = {"case": "登记", "confirmation": "拟申请", "suggestion": "起草", "risk": "发现", "joint": "办理中",
           "petition": "登记"}


def test_machines_are_exactly_those_of_the_design():
    assert set(MACHINES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_machine_has_the_designed_states_and_initial(name):
    machine = MACHINES[name]
    assert machine.initial == INITIAL[name]
    assert set(machine.states) == set(EXPECTED[name])
    assert machine.states[0] == machine.initial


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_allowed_lists_exactly_the_designed_targets(name):
    machine = MACHINES[name]
    for state, targets in EXPECTED[name].items():
        assert set(machine.allowed(state)) == targets, state


def _all_pairs():
    for name, table in EXPECTED.items():
        for current, target in itertools.product(table, table):
            yield name, current, target, target in table[current]


@pytest.mark.parametrize(("name", "current", "target", "ok"), list(_all_pairs()))
def test_check_transition_allows_designed_moves_and_refuses_the_rest(name, current, target, ok):
    if ok:
        check_transition(name, current, target)
    else:
        with pytest.raises(TransitionError):
            check_transition(name, current, target)


def test_refusal_names_the_machine_both_states_and_the_choices():
    with pytest.raises(TransitionError) as info:
        check_transition("case", "登记", "调解中")
    assert str(info.value) == "调解案件不能从“登记”直接变为“调解中”；可选：受理、不予受理。"


def test_allowed_keeps_declared_order_every_time():
    assert MACHINES["case"].allowed("调解中") == ("达成协议", "调解不成", "撤回")
    assert MACHINES["confirmation"].allowed("已受理") == ("确认有效", "驳回", "撤回")
    assert MACHINES["risk"].allowed("逾期") == ("整改中", "已整改")


def test_terminal_state_refusal_says_no_more_changes():
    with pytest.raises(TransitionError) as info:
        check_transition("case", "归档", "登记")
    assert str(info.value) == "调解案件处于“归档”状态，不能再变更。"
    assert MACHINES["case"].is_terminal("归档")
    assert not MACHINES["case"].is_terminal("结案")


def test_staying_in_the_same_state_is_refused():
    with pytest.raises(TransitionError) as info:
        check_transition("suggestion", "签发", "签发")
    assert str(info.value) == "司法建议已处于“签发”状态。"


def test_extension_is_not_a_state():
    assert "延期" not in MACHINES["case"].states


@pytest.mark.parametrize(("current", "target"), [("受理", "延期"), ("未知", "受理")])
def test_unknown_state_names_are_transition_errors(current, target):
    with pytest.raises(TransitionError) as info:
        check_transition("case", current, target)
    assert "没有“" in str(info.value)


def test_allowed_of_an_unknown_state_is_a_transition_error():
    with pytest.raises(TransitionError):
        MACHINES["risk"].allowed("已关闭")


def test_unknown_machine_is_a_programming_error():
    with pytest.raises(ValueError):
        check_transition("invoice", "a", "b")


def test_machine_transitions_cannot_be_changed_after_construction():
    with pytest.raises(TypeError):
        MACHINES["case"].transitions["归档"] = frozenset({"登记"})


def test_machine_refuses_an_initial_state_it_does_not_contain():
    with pytest.raises(ValueError):
        Machine("x", "测试", "甲", {"乙": frozenset({"丙"})})


# --- reasons and corrections ------------------------------------------------------------

REASONED = {"case": {"不予受理", "调解不成", "撤回"}, "confirmation": {"撤回"}, "petition": {"终结移交", "依法终结"}}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exactly_the_ending_moves_the_law_asks_a_reason_for_need_one(name):
    machine = MACHINES[name]
    assert {s for s in machine.states if machine.needs_reason(s)} == REASONED.get(name, set())


@pytest.mark.parametrize(("current", "target"), [("登记", "不予受理"), ("调解中", "调解不成"), ("调解中", "撤回")])
def test_an_ending_case_move_without_a_reason_is_refused_in_one_sentence(current, target):
    for blank in (None, "", " \n"):
        with pytest.raises(TransitionError) as info:
            check_move("case", current, target, blank)
        assert info.value.message == f"调解案件变为“{target}”须写明理由。"
    check_move("case", current, target, "当事人不同意调解")


@pytest.mark.parametrize("target", ["终结移交", "依法终结"])
def test_a_petition_closed_without_being_resolved_says_why(target):
    with pytest.raises(TransitionError) as info:
        check_move("petition", "化解中", target, " ")
    assert info.value.message == f"涉诉信访变为“{target}”须写明理由。"
    check_move("petition", "化解中", target, "属行政机关职权范围")
    check_move("petition", "化解中", "已化解", None)


def test_a_petition_is_worked_on_before_it_is_resolved_and_a_closed_one_stays_closed():
    with pytest.raises(TransitionError) as info:
        check_move("petition", "登记", "已化解", None)
    assert info.value.message == "涉诉信访不能从“登记”直接变为“已化解”；可选：化解中。"
    with pytest.raises(TransitionError) as info:
        check_move("petition", "已化解", "化解中", None)
    assert info.value.message == "涉诉信访处于“已化解”状态，不能再变更。"
    assert all(MACHINES["petition"].ends(s) for s in ("已化解", "终结移交", "依法终结"))


def test_an_ordinary_move_needs_no_reason_and_a_reason_does_not_open_a_refused_move():
    check_move("case", "登记", "受理", None)
    with pytest.raises(TransitionError, match="可选"):
        check_move("case", "登记", "调解中", "有理由也不行")


def test_moves_that_end_or_close_something_are_named_for_confirmation():
    case = MACHINES["case"]
    assert {s for s in case.states if case.ends(s)} == {"不予受理", "调解不成", "撤回", "结案", "归档"}
    assert MACHINES["joint"].ends("已退回") and MACHINES["joint"].ends("已办结")
    assert not MACHINES["joint"].ends("办理中")
    assert MACHINES["suggestion"].ends("办结") and not MACHINES["suggestion"].ends("送达")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_move_can_be_corrected_back_to_where_it_came_from(name):
    machine = MACHINES[name]
    for source, targets in EXPECTED[name].items():
        for target in targets:
            assert source in machine.corrections(target), (source, target)
            assert source in machine.corrections(target, previous=source)
            check_correction(name, target, source, "误操作", previous=source)


def test_a_correction_may_choose_the_move_that_should_have_been_made_instead():
    case = MACHINES["case"]
    assert case.corrections("不予受理", previous="登记") == ("登记", "受理")
    assert case.corrections("调解不成", previous="调解中") == ("调解中", "达成协议", "撤回")
    assert case.corrections("登记") == ()  # nothing moved into the first status
    # Unknown previous status: any status with a move into this one.
    assert set(case.corrections("结案")) >= {"达成协议", "调解不成", "撤回", "不予受理", "履行完毕", "未履行"}


def test_a_correction_needs_its_reason_and_one_of_the_listed_statuses():
    with pytest.raises(TransitionError) as info:
        check_correction("case", "不予受理", "登记", "")
    assert info.value.message == "更正调解案件状态须写明更正理由。"
    with pytest.raises(TransitionError) as info:
        check_correction("case", "调解中", "登记", "退回登记", previous="受理")
    assert info.value.message == "调解案件不能从“调解中”更正为“登记”；可更正为：受理。"
    with pytest.raises(TransitionError, match="无须更正"):
        check_correction("case", "受理", "受理", "理由")


def test_a_machine_refuses_reasons_for_statuses_it_does_not_have():
    with pytest.raises(ValueError):
        Machine("x", "测试", "甲", {"甲": frozenset({"乙"})}, reasoned=frozenset({"丙"}))
