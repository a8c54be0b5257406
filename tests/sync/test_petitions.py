"""涉诉信访 end to end: petitions registered, worked on and 化解 or 终结移交 on a tribunal's PC reach
the city figures after `fydesk sync` to a live hub, kept to the handling office, and the 化解率
the hub shows is the documented formula over the records it holds."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from fydesk.cli import main
from fydesk.domain.stats import format_period, petition_resolution_rate
from fydesk.hub.figures import city_figures
from fydesk.hub.models import Record


def fy(capsys, pc, *argv):
    code = main(["--data-dir", str(pc), *argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_a_petition_resolved_on_a_desk_appears_in_the_city_figures_after_sync(live_hub, memory_keyring,
                                                                                tmp_path, capsys):
    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    fy(capsys, tribunal, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"), "--device-name", "法庭PC")
    fy(capsys, sifa, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"), "--device-name", "司法所PC")

    settled = fy(capsys, tribunal, "petition", "add", "--petitioner", "王某", "--matter", "对执行进度不满",
                 "--channel", "来访", "--case-numbers", "（2026）溪民初12号")
    fy(capsys, tribunal, "petition", "step", settled["id"], "--action", "接谈", "--handler", "张法官",
       "--note", "释明执行程序")
    fy(capsys, tribunal, "petition", "set", settled["id"], "已化解", "--document", "溪信化〔2026〕1号")
    handed = fy(capsys, tribunal, "petition", "add", "--petitioner", "李某", "--matter", "要求撤销行政处罚",
                "--channel", "来信")
    fy(capsys, tribunal, "petition", "step", handed["id"], "--action", "调查核实", "--handler", "张法官")
    fy(capsys, tribunal, "petition", "set", handed["id"], "终结移交", "--reason", "属行政机关职权范围",
       "--to", "区司法局", "--document", "溪信移〔2026〕2号")
    fy(capsys, tribunal, "petition", "add", "--petitioner", "赵某", "--matter", "申请再审咨询", "--channel", "电话")
    assert fy(capsys, tribunal, "sync")["pushed"] >= 9

    period = format_period(date.today())
    with live_hub.store.session() as s:
        fig = city_figures(s, period)
        held = [r.data for r in s.scalars(select(Record).where(Record.entity == "petition"))]
        steps = s.scalars(select(Record).where(Record.entity == "petition_step")).all()
    part = fig["petitions"]
    assert (part["received"], part["resolved"], part["transferred"], part["ended"]) == (3, 1, 1, 0)
    # 化解率 as documented: 已化解 ÷ (已化解 + 终结移交 + 依法终结) of those closed in the month.
    closed = [r for r in held if r.get("closed_date", "") and r["closed_date"][:7] == period]
    resolved = sum(r["status"] == "已化解" for r in closed)
    assert part["rate"] == 50.0 == petition_resolution_rate(
        resolved, sum(r["status"] == "终结移交" for r in closed), sum(r["status"] == "依法终结" for r in closed))
    [row] = [o for o in fig["by_office"] if o["office_code"] == "T01"]
    assert (row["petitions_received"], row["petitions_resolved"], row["petitions_rate"]) == (3, 1, 50.0)
    handed_on = next(r for r in held if r["petitioner"] == "李某")
    assert (handed_on["transfer_to"], handed_on["status_reason"], handed_on["close_document"]) == (
        "区司法局", "属行政机关职权范围", "溪信移〔2026〕2号")
    assert len(steps) == 2 and {r.owner_office_id for r in steps} == {row["office_id"]}

    # The handling office's records: the 司法所 PC does not receive them.
    fy(capsys, sifa, "sync")
    assert fy(capsys, sifa, "petition", "list")["total"] == 0


def test_the_hub_refuses_a_petition_move_the_machine_does_not_allow(live_hub):
    device = live_hub.device("T01")
    [made] = device.results(device.op("petition", "p-1", "insert", office_id=device.office_id, petitioner="王某",
                                      matter="事项", received_date="2026-11-02", channel="来访", status="登记"))
    assert made.status == "applied"
    [jumped] = device.results(device.op("petition", "p-1", base_rev=made.rev, status="已化解"))
    assert jumped.status == "rejected" and "不能从“登记”直接变为“已化解”" in jumped.reason
    [moved] = device.results(device.op("petition", "p-1", base_rev=made.rev, status="化解中"))
    [ended] = device.results(device.op("petition", "p-1", base_rev=moved.rev, status="依法终结"))
    assert moved.status == "applied" and ended.status == "rejected" and "须写明理由" in ended.reason
    [step] = device.results(device.op("petition_step", "ps-1", "insert", petition_id="p-1", step_date="2026-11-03",
                                      action="接谈", handler="张法官"))
    [edited] = device.results(device.op("petition_step", "ps-1", base_rev=step.rev, note="改写"))
    assert step.status == "applied" and edited.status == "rejected"
    other = live_hub.device("S01")
    [foreign] = other.results(other.op("petition_step", "ps-2", "insert", petition_id="p-1",
                                       step_date="2026-11-03", action="接谈", handler="李所长"))
    assert foreign.status == "rejected"
    # A petition is counted under its 承办单位 and seen by its owner: the two are one office.
    [elsewhere] = other.results(other.op("petition", "p-2", "insert", office_id=device.office_id, petitioner="王某",
                                         matter="事项", received_date="2026-11-02", channel="来访", status="登记"))
    assert elsewhere.status == "rejected" and "承办单位只能是登记它的单位" in elsewhere.reason
