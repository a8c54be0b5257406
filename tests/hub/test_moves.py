"""The hub takes a status move as the desk makes it: an ending move with its reason, and a
更正 of an erroneous move only as a correction carrying its reason."""

from __future__ import annotations

from fydesk.hub.models import Record

CASE = "01a20000-0000-7000-8000-00000000d001"


def _case(hub, status="登记"):
    hub.office("T01", "溪口人民法庭")
    pc = hub.device("T01", "书记员电脑")
    [made] = pc.results(pc.op("case", CASE, "insert", summary="借款纠纷", status=status))
    assert made.status == "applied"
    return pc, made.rev


def _held(hub):
    with hub.store.session() as s:
        data = s.get(Record, CASE).data
        return data["status"], data.get("status_reason")


def test_a_pushed_correction_with_its_reason_is_accepted(hub):
    pc, rev = _case(hub)
    [moved] = pc.results(pc.op("case", CASE, base_rev=rev, status="不予受理", status_reason="不属于受理范围"))
    assert moved.status == "applied"
    [fixed] = pc.results(pc.op("case", CASE, base_rev=moved.rev, status="登记",
                               status_reason="误点不予受理，当事人并未起诉"))
    assert fixed.status == "applied"
    assert _held(hub) == ("登记", "误点不予受理，当事人并未起诉")
    # Or on to the move that should have been made instead.
    [wrong] = pc.results(pc.op("case", CASE, base_rev=fixed.rev, status="不予受理", status_reason="再次误判"))
    [right] = pc.results(pc.op("case", CASE, base_rev=wrong.rev, status="受理", status_reason="应予受理"))
    assert right.status == "applied" and _held(hub) == ("受理", "应予受理")


def test_a_correction_shaped_move_without_a_reason_is_refused(hub):
    pc, rev = _case(hub)
    [moved] = pc.results(pc.op("case", CASE, base_rev=rev, status="不予受理", status_reason="不属于受理范围"))
    for reason in ({}, {"status_reason": None}, {"status_reason": "  "}):
        [back] = pc.results(pc.op("case", CASE, base_rev=moved.rev, status="登记", **reason))
        assert (back.status, back.code) == ("rejected", "invalid"), reason
        assert back.reason == "更正调解案件状态须写明更正理由。"
    assert _held(hub) == ("不予受理", "不属于受理范围")


def test_an_ending_move_pushed_without_its_reason_is_refused(hub):
    pc, rev = _case(hub)
    [refused] = pc.results(pc.op("case", CASE, base_rev=rev, status="不予受理"))
    assert (refused.status, refused.reason) == ("rejected", "调解案件变为“不予受理”须写明理由。")
    assert _held(hub) == ("登记", None)


def test_a_reason_does_not_open_a_move_that_is_neither_a_step_nor_a_correction(hub):
    pc, rev = _case(hub)
    [refused] = pc.results(pc.op("case", CASE, base_rev=rev, status="归档", status_reason="想直接归档"))
    assert refused.status == "rejected" and "不能从“登记”直接变为“归档”" in refused.reason
    assert _held(hub) == ("登记", None)
