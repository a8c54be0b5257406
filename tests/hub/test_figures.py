"""全市概览 (hub/figures.py): each figure counted from records pushed through the hub's own push path,
for the city and for one office, on both stores; `fydesk-hub stats --json` and the workbook say the
same; the bulletin counts by the same definitions."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from fydesk.documents.model import PetitionCounts
from fydesk.domain.errors import FydeskError
from fydesk.hub import admin, auth
from fydesk.hub.app import push_batch
from fydesk.hub.bulletin import city_bulletin
from fydesk.hub.cli import main
from fydesk.hub.figures import city_figures, figures_xlsx, office_by_code
from fydesk.hub.store import HubStore
from fydesk.sync import protocol as p

from .conftest import required_values

PERIOD = "2026-10"
TODAY = date(2026, 11, 15)  # October is over: overdue and open as of 2026-11-01


class Desk:
    """One office's PC, pushing through the hub's push path in-process."""

    def __init__(self, store: HubStore, code: str, name: str, kind: str) -> None:
        self.store = store
        with store.session() as s:
            self.office_id = admin.add_office(s, code, name, kind).id
            enroll = auth.new_enroll_code(s, code)
        with store.session() as s:
            self.token = auth.redeem(s, enroll, f"{code}-PC")[2]
        self.seq = 0
        self.ops: list[dict] = []

    def add(self, entity: str, record_id: str, op: str = "insert", **fields) -> str:
        self.seq += 1
        if op == "insert":
            fields = {**required_values(entity, self.office_id), **fields}
        self.ops.append({"op_seq": self.seq, "txn_id": f"t{self.seq}", "entity": entity, "record_id": record_id,
                         "op": op, "fields": fields, "base_rev": 0, "hlc": self.seq, "user": "测试员",
                         "schema_version": "0002"})
        return record_id

    def case(self, record_id: str, registered: str, accepted: str | None, status: str = "受理",
             result: str | None = None, amount: int = 0) -> str:
        return self.add("case", record_id, office_id=self.office_id, registered_date=registered,
                        accepted_date=accepted, status=status, result=result, amount_cents=amount)

    def push(self) -> None:
        answer = push_batch(self.store, f"Bearer {self.token}",
                            p.PushRequest(batch_id=f"b-{self.office_id[-6:]}-{self.seq}", ops=self.ops))
        assert [r.status for r in answer.results] == ["applied"] * len(self.ops), answer.results
        self.ops = []


@pytest.fixture
def city(hub_url):
    """Two offices with a known month of records, and a third with none."""
    store = HubStore(hub_url)
    t = Desk(store, "T01", "溪口人民法庭", "人民法庭")
    s = Desk(store, "S01", "石岭司法所", "司法所")
    Desk(store, "C01", "云岭调委会", "调委会")

    # T01's cases: October has 6 accepted (3 达成协议, 1 调解不成, 1 调解中, 1 only 受理), of
    # which 5 entered mediation; 7 registered in October (one accepted in October was registered
    # in September; of those registered, one is accepted only in November, one not yet). A
    # voided October case counts nowhere.
    for i in range(3):
        t.case(f"t-ok-{i}", "2026-10-02", "2026-10-03", "结案", "达成协议", 150000)
    t.case("t-fail", "2026-10-04", "2026-10-05", "结案", "调解不成", 20000)
    t.case("t-mediating", "2026-10-06", "2026-10-07", "调解中")
    t.case("t-accepted", "2026-09-28", "2026-10-01")
    t.case("t-november", "2026-10-30", "2026-11-02")
    t.case("t-september", "2026-09-01", "2026-09-02", "结案", "达成协议")
    t.case("t-void", "2026-10-08", "2026-10-09", "结案", "达成协议")
    t.case("t-registered", "2026-10-31", None, "登记")
    # S01: two October cases, both 达成协议.
    for i in range(2):
        s.case(f"s-ok-{i}", "2026-10-10", "2026-10-11", "结案", "达成协议", 30000)

    # Area data: T01 two areas in October (10.00 and 4.00) and one in September; S01 one (3.00).
    def area(desk: Desk, rid: str, code: str, name: str, period: str, resident: int, floating: int, civil: int,
             admin_: int) -> None:
        desk.add("area_stat", rid, area_code=code, area_name=name, period=period, resident_population=resident,
                 floating_population=floating, civil_filings=civil, admin_filings=admin_)
    area(t, "a-1", "440120001", "云城街道", PERIOD, 80000, 20000, 95, 5)
    area(t, "a-2", "440120002", "溪口镇", PERIOD, 50000, 0, 20, 0)
    area(t, "a-old", "440120001", "云城街道", "2026-09", 80000, 20000, 50, 0)
    area(s, "a-3", "440120003", "石岭镇", PERIOD, 10000, 0, 3, 0)

    # Joint cases: J1 led by T01 with S01 taking part, opened in October; J2 led by T01, opened
    # in September and concluded in October; J3 led by S01, opened in October.
    t.add("joint_case", "j-1", title="相邻通行纠纷联动化解", mode="法庭+司法所", lead_office_id=t.office_id,
          opened_date="2026-10-05", status="办理中")
    t.add("joint_office", "jo-1a", joint_case_id="j-1", office_id=t.office_id, role="牵头")
    t.add("joint_office", "jo-1b", joint_case_id="j-1", office_id=s.office_id, role="参与")
    t.add("joint_case", "j-2", title="劳务费纠纷", mode="一庭两所", lead_office_id=t.office_id,
          opened_date="2026-09-10", closed_date="2026-10-20", status="已办结")
    s.add("joint_case", "j-3", title="婚姻家庭纠纷", mode="法庭+调解组织", lead_office_id=s.office_id,
          opened_date="2026-10-08", status="办理中")

    # Firms: T01 visits in October (V1) and September (V2), S01 in October (V3).
    t.add("enterprise", "e-1", name="云溪机械有限公司")
    s.add("enterprise", "e-2", name="石岭茶业合作社")
    t.add("visit", "v-1", enterprise_id="e-1", visit_date="2026-10-10", kind="法治体检", people="张法官")
    t.add("visit", "v-2", enterprise_id="e-1", visit_date="2026-09-15", kind="走访", people="张法官")
    s.add("visit", "v-3", enterprise_id="e-2", visit_date="2026-10-20", kind="走访", people="李所长")
    t.add("risk", "r-1", visit_id="v-1", category="合同管理", description="合同无审查", level="重大且紧急", status="发现")
    t.add("risk", "r-2", visit_id="v-1", category="劳动用工", description="未签合同", level="一般", status="已整改",
          rectified_date="2026-10-25")  # rectified in October: not open
    t.add("risk", "r-3", visit_id="v-2", category="融资担保", description="对外担保", level="较大", status="已整改",
          rectified_date="2026-11-05")  # rectified after October: open as October ended
    t.add("risk", "r-4", visit_id="v-2", category="公司治理", description="章程缺失", level="提示", status="整改中")
    s.add("risk", "r-5", visit_id="v-3", category="合规经营", description="证照过期", level="一般", status="已提示")

    # 司法建议: T01 G1 issued and answered in October; G2 unanswered, due 10-01; G3 due 10-10,
    # answered only in November (overdue as October ended); G4 issued late October, due later.
    def suggestion(desk: Desk, rid: str, issued: str, due: str, replied: str | None = None) -> None:
        desk.add("suggestion", rid, office_id=desk.office_id, addressee="某镇人民政府", problem="问题",
                 suggestion="建议", issued_date=issued, reply_due=due, reply_date=replied)
    suggestion(t, "g-1", "2026-10-08", "2026-10-20", "2026-10-18")
    suggestion(t, "g-2", "2026-09-01", "2026-10-01")
    suggestion(t, "g-3", "2026-09-05", "2026-10-10", "2026-11-03")
    suggestion(t, "g-4", "2026-10-25", "2026-11-25")
    suggestion(s, "g-5", "2026-10-02", "2026-10-30", "2026-10-30")

    # 涉诉信访: received by 收到日期, closed by 化解/终结日期. T01: p-1 received and 化解 in October,
    # p-2 received in September and 化解 in October, p-3 received and 终结移交 in October, p-4
    # received in October and still 化解中, p-5 依法终结 in September. S01: p-6 received in
    # October and 化解 in November, p-7 received and 化解 in October.
    def petition(desk: Desk, rid: str, received: str, status: str = "化解中", closed: str | None = None,
                 **more) -> None:
        desk.add("petition", rid, office_id=desk.office_id, petitioner="信访人", matter="不服判决",
                 received_date=received, channel="来访", status=status, closed_date=closed, **more)
    petition(t, "p-1", "2026-10-03", "已化解", "2026-10-20")
    petition(t, "p-2", "2026-09-12", "已化解", "2026-10-05")
    petition(t, "p-3", "2026-10-09", "终结移交", "2026-10-28", transfer_to="区人社局", status_reason="属行政职权")
    petition(t, "p-4", "2026-10-15")
    petition(t, "p-5", "2026-08-01", "依法终结", "2026-09-30", status_reason="已三级终结")
    petition(s, "p-6", "2026-10-11", "已化解", "2026-11-02")
    petition(s, "p-7", "2026-10-12", "已化解", "2026-10-13")
    t.add("petition_step", "ps-1", petition_id="p-1", step_date="2026-10-05", action="接谈", handler="王法官")
    t.push()
    s.push()
    t.add("case", "t-void", "delete", reason="重复登记")
    t.push()
    yield store, t.office_id, s.office_id
    store.close()


def figures(store: HubStore, period: str = PERIOD, **kw) -> dict:
    with store.session() as s:
        return city_figures(s, period, today=kw.pop("today", TODAY), **kw)


def test_the_city_figures_count_each_definition(city):
    store, _, _ = city
    fig = figures(store)
    assert (fig["period"], fig["scope"], fig["office"], fig["as_of"]) == (PERIOD, "全市", None, "2026-11-01")
    assert (fig["registered"], fig["accepted"], fig["mediated"], fig["succeeded"], fig["failed"]) == (9, 8, 7, 5, 1)
    assert fig["success_rate"] == 62.5 and fig["denominator_label"] == "受理案件数"
    assert [(a["area_code"], a["population"], a["filings"], a["rate_per_10k"]) for a in fig["areas"]] == [
        ("440120001", 100000, 100, 10.0), ("440120002", 50000, 20, 4.0), ("440120003", 10000, 3, 3.0)]
    assert fig["area_total"] == {"area_code": "", "area_name": "合计", "population": 160000, "filings": 123,
                                 "rate_per_10k": 7.69}
    trend = {t["month"]: (t["accepted"], t["succeeded"]) for t in fig["trend"]}
    assert [t["month"] for t in fig["trend"]] == [f"2025-{m}" for m in ("11", "12")] + [
        f"2026-{m:02d}" for m in range(1, 11)]
    assert trend["2026-10"] == (8, 5) and trend["2026-09"] == (1, 1) and sum(a for a, _ in trend.values()) == 9
    assert fig["joint"]["opened"] == 2 and fig["joint"]["concluded"] == 1
    modes = {j["mode"]: (j["opened"], j["concluded"]) for j in fig["joint"]["by_mode"]}
    assert modes == {"法庭+司法所": (1, 0), "法庭+调解组织": (1, 0), "法庭+社区/村居": (0, 0), "一庭两所": (0, 1),
                     "综治中心": (0, 0), "其他": (0, 0)}
    assert {j["status"]: j["count"] for j in fig["joint"]["by_status"]} == {"办理中": 2, "已办结": 0, "已退回": 0}
    assert fig["visits"] == 2
    assert [(r["level"], r["count"]) for r in fig["risks_found_by_level"]] == [
        ("重大且紧急", 1), ("较大", 0), ("一般", 2), ("提示", 0)]
    assert fig["open_risks"] == 4
    assert [(r["level"], r["count"]) for r in fig["open_risks_by_level"]] == [
        ("重大且紧急", 1), ("较大", 1), ("一般", 1), ("提示", 1)]
    assert fig["suggestions"] == {"issued": 3, "answered": 2, "overdue": 2}


def test_petitions_are_counted_by_received_and_closing_dates_with_the_documented_rate(city):
    store, t01, _ = city
    fig = figures(store)
    assert {k: fig["petitions"][k] for k in ("received", "resolved", "transferred", "ended", "closed", "rate")} == {
        "received": 5, "resolved": 3, "transferred": 1, "ended": 0, "closed": 4, "rate": 75.0}
    assert "当月已化解件数 ÷ 当月办结件数" in fig["petitions"]["rate_note"]
    rows = {o["office_code"]: o for o in fig["by_office"]}
    assert [(rows[c]["petitions_received"], rows[c]["petitions_resolved"], rows[c]["petitions_transferred"],
             rows[c]["petitions_rate"]) for c in ("T01", "S01", "C01")] == [
        (3, 2, 1, 66.7), (2, 1, 0, 100.0), (0, 0, 0, None)]
    one = figures(store, office_id=t01)["petitions"]
    assert (one["received"], one["resolved"], one["transferred"], one["rate"]) == (3, 2, 1, 66.7)
    september = figures(store, "2026-09")["petitions"]
    assert (september["received"], september["ended"], september["rate"]) == (1, 1, 0.0)


def test_by_office_gives_each_office_its_own_figures(city):
    store, t, _ = city
    rows = {o["office_code"]: o for o in figures(store)["by_office"]}
    assert list(rows) == ["C01", "S01", "T01"]
    keys = ("registered", "accepted", "mediated", "succeeded", "failed", "success_rate", "joint_opened",
            "joint_concluded", "visits", "open_risks", "suggestions_issued", "suggestions_answered",
            "suggestions_overdue")
    assert {code: tuple(row[k] for k in keys) for code, row in rows.items()} == {
        "T01": (7, 6, 5, 3, 1, 50.0, 1, 1, 1, 3, 2, 1, 2),
        "S01": (2, 2, 2, 2, 0, 100.0, 2, 0, 1, 1, 1, 1, 0),  # J1 as a participant, J3 as the lead
        "C01": (0, 0, 0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0),
    }
    assert rows["T01"]["office_id"] == t and rows["S01"]["office"] == "石岭司法所"


def test_an_office_page_counts_its_own_records_and_the_joint_cases_it_takes_part_in(city):
    store, t, s = city
    mine = figures(store, office_id=s)
    assert mine["scope"] == "石岭司法所" and mine["office"]["code"] == "S01"
    assert (mine["registered"], mine["accepted"], mine["succeeded"], mine["success_rate"]) == (2, 2, 2, 100.0)
    assert [a["area_code"] for a in mine["areas"]] == ["440120003"] and mine["area_total"]["rate_per_10k"] == 3.0
    # J1 (led by T01, S01 taking part) and J3 (led by S01); not J2, T01's alone.
    assert (mine["joint"]["opened"], mine["joint"]["concluded"]) == (2, 0)
    assert {j["mode"]: j["opened"] for j in mine["joint"]["by_mode"] if j["opened"]} == {"法庭+司法所": 1,
                                                                                        "法庭+调解组织": 1}
    assert (mine["visits"], mine["open_risks"]) == (1, 1)
    assert mine["suggestions"] == {"issued": 1, "answered": 1, "overdue": 0}
    assert [o["office_code"] for o in mine["by_office"]] == ["S01"]
    assert {t_["month"]: t_["accepted"] for t_ in mine["trend"]}["2026-10"] == 2
    # The office's own page and its row on the city's page agree.
    row = next(o for o in figures(store)["by_office"] if o["office_code"] == "S01")
    assert mine["by_office"][0] == row
    theirs = figures(store, office_id=t)
    assert (theirs["joint"]["opened"], theirs["joint"]["concluded"], theirs["open_risks"]) == (1, 1, 3)
    assert theirs["suggestions"] == {"issued": 2, "answered": 1, "overdue": 2}


def test_the_denominator_chosen_divides_the_success_rate(city):
    store, _, _ = city
    fig = figures(store, denominator="mediated")
    assert fig["success_rate"] == 71.4 and fig["denominator_label"] == "进入调解案件数"  # 5 ÷ 7
    assert {o["office_code"]: o["success_rate"] for o in fig["by_office"]} == {"C01": None, "S01": 100.0,
                                                                              "T01": 60.0}
    with store.session() as session, pytest.raises(FydeskError, match="成功率口径"):
        city_figures(session, PERIOD, "closed")


def test_open_and_overdue_are_counted_as_of_today_in_a_month_not_over(city):
    store, _, _ = city
    fig = figures(store, "2026-11", today=date(2026, 11, 4))
    assert fig["as_of"] == "2026-11-04"
    # G3 answered on 11-03: no longer overdue; R3 rectified on 11-05: still open.
    assert fig["suggestions"] == {"issued": 0, "answered": 1, "overdue": 1}
    assert fig["open_risks"] == 4
    assert (fig["accepted"], fig["registered"]) == (1, 0)
    # October's figures do not move with November's replies.
    assert figures(store)["suggestions"]["overdue"] == 2


def test_a_month_without_records_is_zeros_and_no_rate(city):
    store, _, _ = city
    fig = figures(store, "2024-03")
    assert (fig["registered"], fig["accepted"], fig["succeeded"], fig["visits"], fig["open_risks"]) == (0, 0, 0, 0, 0)
    assert fig["success_rate"] is None and fig["areas"] == [] and fig["area_total"]["rate_per_10k"] is None
    assert all(t["accepted"] == 0 for t in fig["trend"]) and fig["joint"]["opened"] == 0
    assert all(o["success_rate"] is None for o in fig["by_office"])
    assert figures_xlsx(fig)[:2] == b"PK"


@pytest.mark.parametrize("period", ["2026-13", "2026/10", "十月", ""])
def test_a_malformed_period_is_one_sentence(city, period, capsys):
    store, _, _ = city
    with store.session() as s, pytest.raises(FydeskError) as err:
        city_figures(s, period)
    assert "统计期间" in err.value.message and err.value.message.endswith("。")
    capsys.readouterr()
    assert main(["--db", store.url, "stats", "--period", period]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith("错误：统计期间") and out.err.count("\n") == 1


def test_stats_json_prints_city_figures(city, capsys, monkeypatch):
    store, _, s = city
    monkeypatch.setattr("fydesk.hub.figures.date", _Today)
    for argv, kw in (([], {}), (["--denominator", "mediated"], {"denominator": "mediated"}),
                     (["--office", "S01"], {"office_id": s})):
        capsys.readouterr()
        assert main(["--db", store.url, "stats", "--period", PERIOD, *argv, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == figures(store, **kw)
    assert main(["--db", store.url, "stats", "--period", PERIOD]) == 0
    out = capsys.readouterr().out
    assert "2026-10 全市：登记 9，受理 8，成功 5，成功率 62.5%（分母：受理案件数）" in out
    assert "溪口人民法庭（T01）：受理 6，成功 3，成功率 50.0%" in out and len(out.splitlines()) <= 8
    assert main(["--db", store.url, "stats", "--period", PERIOD, "--office", "X99"]) == 1
    assert capsys.readouterr().err == "错误：市级平台上没有代码为 X99 的单位。\n"


class _Today(date):
    @classmethod
    def today(cls) -> date:
        return TODAY


def test_the_workbook_holds_the_same_numbers(city, tmp_path, capsys):
    store, _, _ = city
    fig = figures(store)
    wb = load_workbook(io.BytesIO(figures_xlsx(fig)))
    assert wb.sheetnames == ["概览", "万人起诉率", "趋势", "各单位", "联动案件", "企业走访", "司法建议"]
    overview = {r[0]: r[1] for r in wb["概览"].iter_rows(min_row=2, values_only=True)}
    assert overview["受理案件（件）"] == 8 and overview["调解成功（件）"] == 5
    assert overview["调解成功率（%，分母：受理案件数）"] == 62.5 and overview["成功率分母"] == "受理案件数"
    assert overview["未整改风险点（个）"] == 4 and overview["逾期未答复（件）"] == 2
    areas = list(wb["万人起诉率"].iter_rows(values_only=True))
    assert areas[0] == ("区划代码", "辖区", "人口", "起诉数", "万人起诉率")
    assert areas[1] == ("440120001", "云城街道", 100000, 100, 10) and areas[-1] == (None, "合计", 160000, 123, 7.69)
    trend = list(wb["趋势"].iter_rows(min_row=2, values_only=True))
    assert trend == [(t["month"], t["accepted"], t["succeeded"]) for t in fig["trend"]]
    offices = {r[0]: r for r in wb["各单位"].iter_rows(min_row=2, values_only=True)}
    assert offices["T01"] == ("T01", "溪口人民法庭", 7, 6, 5, 3, 50, 1, 1, 1, 3, 2, 1, 2, 3, 2, 1, 0, 66.7)
    assert overview["信访化解率（%）"] == 75 and overview["收到涉诉信访（件）"] == 5
    assert offices["C01"][6] is None  # no rate, not a zero
    joint = {r[0]: r[1:] for r in wb["联动案件"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert joint["法庭+司法所"] == (1, 0) and joint["合计"] == (2, 1) and joint["办理中"] == (2, None)
    risks = {r[0]: r[1:] for r in wb["企业走访"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert risks["一般"] == (2, 1) and risks["合计"] == (3, 4) and risks["本月企业走访及法治体检（次）"][0] == 2
    suggestions = [r[1] for r in wb["司法建议"].iter_rows(min_row=2, values_only=True)]
    assert suggestions == [3, 2, 2]
    # `stats --xlsx` writes the same workbook.
    out = tmp_path / "全市概览.xlsx"
    assert main(["--db", store.url, "stats", "--period", PERIOD, "--xlsx", str(out)]) == 0
    assert load_workbook(out)["概览"]["B5"].value == 8


def test_the_bulletin_counts_by_the_same_definitions(city):
    store, _, _ = city
    fig = figures(store)
    with store.session() as s:
        doc = city_bulletin(s, PERIOD, today=TODAY)
    assert (doc.registered, doc.accepted, doc.mediated, doc.succeeded, doc.failed, doc.success_rate) == (
        fig["registered"], fig["accepted"], fig["mediated"], fig["succeeded"], fig["failed"], fig["success_rate"])
    assert [(a.code, a.population, a.filings, a.rate) for a in doc.areas] == [
        (a["area_code"], a["population"], a["filings"], a["rate_per_10k"]) for a in fig["areas"]]
    assert doc.area_total.rate == fig["area_total"]["rate_per_10k"]
    assert list(doc.trend) == [(t["month"], t["accepted"], t["succeeded"]) for t in fig["trend"]]
    assert (doc.visits, doc.suggestions_issued, doc.suggestions_replied, doc.suggestions_overdue) == (2, 3, 2, 2)
    assert (doc.joint_opened, doc.joint_concluded) == (2, 1)
    assert doc.joint_by_mode == (("法庭+司法所", 1, 0), ("法庭+调解组织", 1, 0), ("一庭两所", 0, 1))
    assert doc.risks_by_level == (("重大且紧急", 1), ("一般", 2))
    assert [(r.key, r.accepted, r.succeeded) for r in doc.by_office] == [("溪口人民法庭", 6, 3), ("石岭司法所", 2, 2)]
    assert doc.amount_involved == "5300.00"  # 3 × 1,500 + 200 + 2 × 300
    assert [(r.key, r.accepted) for r in doc.by_dispute_type] == [("婚姻家庭纠纷", 8)]
    assert doc.petitions == PetitionCounts(5, 3, 1, 0, 75.0) and (
        fig["petitions"]["received"], fig["petitions"]["rate"]) == (5, 75.0)


def test_an_unknown_office_is_one_sentence(city):
    store, _, _ = city
    with store.session() as s:
        with pytest.raises(FydeskError, match="没有这个单位"):
            city_figures(s, PERIOD, office_id="no-such-office")
        with pytest.raises(FydeskError, match="没有代码为 Z9 的单位"):
            office_by_code(s, "Z9")


def test_the_figures_queries_can_use_their_indexes(city):
    """The JSON fields are written in the queries exactly as h0011 indexes them; a planner that
    sees another spelling (a bound path, say) silently scans every record instead."""
    store, _, _ = city
    where = ("records.entity = 'case' AND records.deleted_at IS NULL AND {f} >= '2026-10-01' AND {f} < '2026-11-01'"
             " AND {r} = '达成协议'")
    with store.session() as s:
        if store.engine.dialect.name == "postgresql":
            s.execute(text("SET LOCAL enable_seqscan = off"))
            fields = ("records.data ->> 'accepted_date'", "records.data ->> 'result'")
            plan = "\n".join(s.execute(text("EXPLAIN SELECT count(*) FROM records WHERE "
                                            + where.format(f=fields[0], r=fields[1]))).scalars())
        else:
            fields = ("json_extract(records.data, '$.accepted_date')", "json_extract(records.data, '$.result')")
            plan = "\n".join(str(r[-1]) for r in s.execute(text("EXPLAIN QUERY PLAN SELECT count(*) FROM records WHERE "
                                                                + where.format(f=fields[0], r=fields[1]))))
        assert "ix_records_json_case_accepted" in plan, plan
        from fydesk.hub.figures import Sql
        from fydesk.hub.models import Record

        assert str(Sql(s).f(Record, "accepted_date").compile(s.get_bind())) == fields[0]
