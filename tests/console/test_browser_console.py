"""The console's must-show, end to end in headless Chromium: the coordinator's 全市概览 on a demo
hub, its charts drawn and its numbers those of `fydesk-hub stats --json`; IT making codes that a
real desk PC (`fydesk` in a subprocess) enrolls with, seeing it after its first sync and revoking
it, the PC's next sync told why; a conflict two real PCs made, seen by the coordinator, whose
note both PCs show after syncing; an office viewer kept to its own office. Each page is saved as
docs/console/<name>.png when FYDESK_CONSOLE_SHOTS=1.

On PostgreSQL only, as the other browser tests: the city's hub runs on it, and what the store
does is tested on both stores elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import func, select
from uuid6 import uuid7

from fydesk import __version__
from fydesk.hub.console import accounts
from fydesk.hub.demo import DEMO_PASSWORD, VIEWER_OFFICE, demo_people, fill
from fydesk.hub.models import HubOffice
from fydesk.hub.store import HubStore

from ..hub.conftest import LiveHub
from .browsers import (
    ROOT,
    alert,
    button,
    echarts_drawn,
    here,
    notice,
    open_page,
    shot,
    signed_in,
    submit,
    table_rows,
)

ON_POSTGRES = pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)
LOGINS = {role: login for login, _name, role, _office in demo_people()}


def _last_month() -> str:
    first = datetime.now(UTC).date().replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}"


@pytest.fixture(scope="module")
def city(pg_server, hub_pg_template):
    """A hub filled by `fydesk-hub demo` as of today (so that its silent PC is silent now),
    shared by the module's tests that only read it."""
    name = pg_server.create_database(template=hub_pg_template)
    store = HubStore(pg_server.url(name))
    fill(store, records=400, seed=3)
    live = LiveHub(store).start()
    yield live
    live.stop()
    store.close()
    pg_server.drop_database(name)


def _stats(hub: LiveHub, period: str) -> dict:
    """`fydesk-hub stats --json`, run as IT runs it."""
    done = subprocess.run([sys.executable, "-c", "import sys; from fydesk.hub.cli import main; sys.exit(main())",
                           "--db", hub.store.url, "stats", "--period", period, "--json"],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _text(driver, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def _h1(driver) -> str:
    return _text(driver, "h1")


# --- 1. the coordinator's city -------------------------------------------------------------------

def test_the_coordinator_sees_the_city_drawn_with_the_figures_of_stats_json(driver, city):
    period = _last_month()
    fig = _stats(city, period)
    assert fig["accepted"] > 0 and fig["trend"] and fig["areas"]
    assert signed_in(driver, city, LOGINS["coordinator"], DEMO_PASSWORD) == "/console/city"
    open_page(driver, city, f"/city?period={period}")
    assert _h1(driver) == f"全市概览 · {period[:4]} 年 {int(period[5:])} 月"
    assert echarts_drawn(driver, "chart-areas") and echarts_drawn(driver, "chart-trend")
    for key in ("registered", "accepted", "mediated", "succeeded"):
        assert _text(driver, f"#n-{key}") == str(fig[key]), key
    rate = fig["success_rate"]
    assert _text(driver, "#n-rate") == ("—" if rate is None else f"{rate:g}%")
    assert [r[:3] for r in table_rows(driver, "#trend")] == [
        [t["month"], str(t["accepted"]), str(t["succeeded"])] for t in fig["trend"]]
    assert [r[1] for r in table_rows(driver, "#areas") if r] == [a["area_name"] for a in fig["areas"]]  # and the total
    offices = table_rows(driver, "#offices")
    assert [(r[0], r[2], r[3]) for r in offices] == [
        (o["office"], str(o["accepted"]), str(o["succeeded"])) for o in fig["by_office"]]
    for table in ("joint-modes", "joint-status", "risks"):
        assert driver.find_element(By.ID, table).is_displayed(), table
    # The short table beside a longer one keeps its rows' height, not stretched to the other's.
    heights = {t: {r.rect["height"] for r in driver.find_elements(By.CSS_SELECTOR, f"#{t} tbody tr")}
               for t in ("joint-modes", "joint-status")}
    assert heights["joint-modes"] == heights["joint-status"] and len(heights["joint-status"]) == 1
    month = driver.find_element(By.NAME, "period")
    assert month.get_attribute("value") == period
    shot(driver, "city")

    # The demo's conflicts are on 需协调, each with both values and who wrote them.
    open_page(driver, city, "/conflicts")
    rows = table_rows(driver)
    assert rows and all(r[2] and r[3] and "·" in r[2] and "·" in r[3] for r in rows)


# --- 4. an office viewer ------------------------------------------------------------------------

def test_an_office_viewer_reads_its_own_office_and_is_refused_the_rest(driver, city):
    with city.store.session() as s:
        own = s.scalar(select(HubOffice.name).where(HubOffice.code == VIEWER_OFFICE))
        other = s.scalar(select(HubOffice.code).where(HubOffice.code != VIEWER_OFFICE).order_by(HubOffice.code))
    assert signed_in(driver, city, LOGINS["viewer"], DEMO_PASSWORD) == f"/console/office/{VIEWER_OFFICE}"
    assert _h1(driver).startswith(f"{own} · ")
    assert echarts_drawn(driver, "chart-trend")
    # No areas' figures for the office this month: no empty chart, one line saying so.
    assert table_rows(driver, "#areas") == [["本月还没有地区数据。"]]
    assert not driver.find_elements(By.ID, "chart-areas")
    assert _text(driver, "#no-areas") == "本月还没有地区数据。"
    assert [a.text for a in driver.find_elements(By.CSS_SELECTOR, "nav a")] == ["本单位概览"]
    shot(driver, "office")

    open_page(driver, city, f"/office/{other}")
    assert (_h1(driver), alert(driver)) == ("不能打开此页", "单位查看账号只能查看本单位的数据。")
    assert not driver.find_elements(By.CSS_SELECTOR, ".chart, table")
    shot(driver, "refused-office")
    refusal = f"{accounts.ROLES[accounts.VIEWER]}账号不能打开此页。"
    for path in ("/city", "/conflicts", "/devices", "/codes", "/offices", "/users", "/audit"):
        open_page(driver, city, path)
        assert (here(driver), _h1(driver), alert(driver)) == ("/console" + path, "不能打开此页", refusal), path

    open_page(driver, city, "/password")
    assert _h1(driver) == "修改密码"
    fields = driver.find_elements(By.CSS_SELECTOR, "main input[type=password]")
    assert len(fields) == 3
    assert len({(f.rect["x"], f.rect["width"]) for f in fields}) == 1  # one column, each under its label
    shot(driver, "password")


# --- IT on the demo hub: the silent PC flagged ------------------------------------------------

def test_it_sees_each_pc_with_its_telemetry_and_the_silent_one_flagged(driver, city):
    assert signed_in(driver, city, LOGINS["it"], DEMO_PASSWORD) == "/console/devices"
    rows = table_rows(driver)
    with city.store.session() as s:
        assert len(rows) == s.scalar(select(func.count()).select_from(HubOffice))
    flagged = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr.flag")
    assert len(flagged) == 1 and "超过 7 天未同步" in flagged[0].text
    assert "1 台超过 7 天未同步" in _text(driver, "p.hint")
    assert all(r[2] and r[2] != "—" and r[4] != "从未" for r in rows)  # version, last sync
    assert any("+420 秒" in r[5] for r in rows)  # the clock running 7 minutes fast
    shot(driver, "devices")


def test_the_coordinator_reads_the_scoreboard_with_its_formula(driver, city):
    signed_in(driver, city, LOGINS["coordinator"], DEMO_PASSWORD)
    open_page(driver, city, "/assessment")
    rows = table_rows(driver)
    assert len(rows) == 5 and [r[0] for r in rows][0] == "1"
    assert all(r[2].endswith("%") for r in rows)
    assert "总分 = 各指标（权重 × 比率）之和" in _text(driver, "ul.formula")
    shot(driver, "assessment")


# --- 2. IT: codes, a real PC enrolled, seen and revoked -------------------------------------------

@ON_POSTGRES
def test_it_makes_codes_a_real_pc_enrolls_syncs_shows_and_is_revoked(driver, console_hub, desks):
    assert signed_in(driver, console_hub, "it") == "/console/devices"
    assert table_rows(driver) == [["还没有登记的电脑。在“登记码”页生成登记码，交给各单位在电脑上登记。"]]
    open_page(driver, console_hub, "/codes")
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/console/codes']")
    Select(form.find_element(By.NAME, "office")).select_by_visible_text("溪口人民法庭（T1）")
    count = form.find_element(By.NAME, "count")
    count.clear()
    count.send_keys("3")
    submit(driver, button(driver, "生成", form))
    assert _h1(driver) == "溪口人民法庭的登记码"
    assert notice(driver).startswith("已生成 3 个登记码")
    codes = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#codes li")]
    assert len(set(codes)) == 3 and all(re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", c) for c in codes)
    sheet = driver.find_element(By.CSS_SELECTOR, "form[action='/console/codes/sheet.pdf']")
    assert sheet.find_element(By.NAME, "hub_url").get_attribute("value") == console_hub.url
    assert [i.get_attribute("value") for i in sheet.find_elements(By.CSS_SELECTOR, "input[name=codes]")] == codes
    assert button(driver, "下载登记码单（PDF）", sheet).is_displayed()
    shot(driver, "codes-made")

    pc = desks("立案窗口电脑")
    enrolled = pc.enroll(console_hub, codes[1])
    pc.sync()  # its first: the hub hears its version and when it synced
    open_page(driver, console_hub, "/devices")
    [row] = table_rows(driver)
    office, name, version, _enrolled, last_sync, _skew, waiting, state, _ = row
    assert (office, name, version, state) == ("溪口人民法庭", "立案窗口电脑", __version__, "正常")
    synced = datetime.fromisoformat(last_sync)
    assert abs(synced - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=2)
    assert waiting == "0"
    open_page(driver, console_hub, "/codes")
    assert sorted((r[3], r[4]) for r in table_rows(driver)) == [
        ("已使用", "立案窗口电脑"), ("未使用", "—"), ("未使用", "—")]
    shot(driver, "codes")

    open_page(driver, console_hub, "/devices")
    revoke = driver.find_element(By.CSS_SELECTOR, f"form[action='/console/devices/{enrolled['device_id']}/revoke']")
    revoke.find_element(By.NAME, "reason").send_keys("电脑报废，硬盘已交信息科销毁")
    submit(driver, button(driver, "停用", revoke))
    assert notice(driver) == "已停用设备“立案窗口电脑”；它下次同步时会看到停用原因。"
    [row] = table_rows(driver)
    assert row[7].startswith("已停用") and "电脑报废，硬盘已交信息科销毁" in row[7]
    assert not driver.find_elements(By.CSS_SELECTOR, "main table form")  # nothing more to revoke

    refused = pc.run("sync", ok=False)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "停用" in refused.stderr and "电脑报废，硬盘已交信息科销毁" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


# --- 3. a conflict two real PCs made, and the coordinator's note ----------------------------------

NOTE = "请法庭与司法所本周五前会商，确定是否办结，并各自在本机作出决定。"


def _import(pc, path) -> None:
    done = subprocess.run([sys.executable, "-m", "fydesk", "--data-dir", str(pc.root), "--user", "书记员",
                           "import", str(path)], env=pc.env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


@ON_POSTGRES
def test_a_conflict_of_two_real_pcs_gets_the_coordinators_note_on_both(driver, console_hub, desks, tmp_path):
    tribunal, sifa = desks("法庭PC"), desks("司法所PC")
    tribunal.enroll(console_hub, console_hub.code("T1"))
    sifa.enroll(console_hub, console_hub.code("S1"))
    tribunal.sync()
    with console_hub.store.session() as s:
        ids = dict(s.execute(select(HubOffice.code, HubOffice.id)).all())
    # A joint case the tribunal leads with the 司法所 taking part, brought in as a file.
    joint_id = str(uuid7())
    case = tmp_path / "joint.json"
    case.write_text(json.dumps({"format": "fydesk-export", "version": 1, "masked": False, "records": {
        "joint_case": [{"id": joint_id, "title": "土地流转纠纷联动化解", "mode": "法庭+司法所",
                        "lead_office_id": ids["T1"], "opened_date": "2026-11-01", "summary": "承包地流转费用争议"}],
        "joint_office": [{"joint_case_id": joint_id, "office_id": ids["S1"]}]}}, ensure_ascii=False))
    _import(tribunal, case)
    assert tribunal.sync()["pushed"] == 2
    sifa.sync()
    # Both change its status before either has the other's change.
    tribunal.run("--user", "书记员", "record", "set", "joint_case", joint_id, "status=已办结")
    sifa.run("--user", "调解员", "record", "set", "joint_case", joint_id, "status=已退回")
    for pc in (tribunal, sifa, tribunal):
        pc.sync()

    assert signed_in(driver, console_hub, "coord") == "/console/city"
    open_page(driver, console_hub, "/conflicts")
    assert "共 1 处未决" in driver.find_element(By.TAG_NAME, "main").text
    [row] = table_rows(driver)
    assert "土地流转纠纷联动化解" in row[0] and row[1] == "办理状态"
    assert row[2].splitlines() == ["已办结", "溪口人民法庭·书记员"]
    assert row[3].splitlines() == ["已退回", "溪口司法所·调解员"]
    assert row[5] == "溪口人民法庭、溪口司法所"
    item = driver.find_element(By.CSS_SELECTOR, "main table tbody tr")
    item.find_element(By.NAME, "text").send_keys(NOTE)
    submit(driver, button(driver, "留言", item))
    assert notice(driver) == "已留言；有关单位下次同步时收到。"
    shown = driver.find_element(By.CSS_SELECTOR, "main table tbody tr p.note").text.splitlines()
    assert shown[0] == NOTE and shown[1].startswith("联席会议办公室·coord 用户，")
    # A long note wraps in its own column: each heading, the field and the authors stay on one line.
    lines = driver.execute_script("""return Array.from(
        document.querySelectorAll('main table thead th, main table tbody td:nth-child(2), main table tbody small'),
        e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; });""")
    assert lines == [1] * (7 + 1 + 3)
    shot(driver, "conflicts")

    for pc in (tribunal, sifa):
        assert pc.run("sync", "status")["conflicts"][0]["notes"] == []  # not pulled yet
        pc.sync()
        [conflict] = pc.run("sync", "status")["conflicts"]
        assert (conflict["record_id"], conflict["field"]) == (joint_id, "status")
        [note] = conflict["notes"]
        assert (note["author"], note["text"]) == ("联席会议办公室·coord 用户", NOTE)
