"""The 任务清单 in headless Chromium: the coordinator issues a task to a tribunal and a 司法所
through the form, both real PCs (`fydesk` subprocesses) receive it, report, and the console
shows each office's report and the task's state. On PostgreSQL, as the city runs it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from fydesk.hub.demo import DEMO_PASSWORD, demo_people, fill
from fydesk.hub.store import HubStore

from ..hub.conftest import LiveHub
from .browsers import (
    button,
    here,
    notice,
    open_page,
    shot,
    sign_out,
    signed_in,
    submit,
    table_rows,
)

ON_POSTGRES = pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)


@ON_POSTGRES
def test_a_task_issued_in_the_browser_is_reported_by_two_real_pcs(driver, console_hub, desks):
    assert signed_in(driver, console_hub, "coord") == "/console/city"
    open_page(driver, console_hub, "/tasks")
    form = driver.find_element(By.CSS_SELECTOR, "form[method=post][action='/console/tasks']")
    form.find_element(By.NAME, "content").send_keys("建立诉前调解分流机制")
    Select(form.find_element(By.NAME, "lead")).select_by_visible_text("溪口人民法庭")
    Select(form.find_element(By.NAME, "partners")).select_by_visible_text("溪口司法所")
    deadline = (date.today() + timedelta(days=15)).isoformat()
    # A date field takes what its calendar would put there.
    driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "deadline"), deadline)
    form.find_element(By.NAME, "milestones").send_keys("月底前印发办法")
    submit(driver, button(driver, "下达", form))
    assert notice(driver) == "已下达任务；责任单位下次同步时收到。"
    task_id = re.fullmatch(r"/console/tasks/([0-9a-f-]{36})\?.*", here(driver)).group(1)

    tribunal, sifa = desks("法庭PC"), desks("司法所PC")
    tribunal.enroll(console_hub, console_hub.code("T1"))
    sifa.enroll(console_hub, console_hub.code("S1"))
    for pc, text, done in ((tribunal, "已起草分流办法", []), (sifa, "已完成辖区排查", ["--done"])):
        pc.sync()
        [task] = pc.run("task", "list")
        assert task["id"] == task_id and task["deadline"] == deadline
        pc.run("task", "report", task_id, "--text", text, *done)
        pc.sync()

    open_page(driver, console_hub, f"/tasks/{task_id}")
    parts = table_rows(driver, "#parts")
    assert [(r[0], r[1], r[3]) for r in parts] == [("溪口人民法庭（牵头）", "推进中", "已起草分流办法"),
                                                  ("溪口司法所", "已完成", "已完成辖区排查")]
    open_page(driver, console_hub, "/tasks")
    [row] = table_rows(driver, "#tasks")
    assert row[1].startswith("建立诉前调解分流机制") and row[3] == "推进中"


@pytest.fixture(scope="module")
def city(pg_server, hub_pg_template):
    """A hub filled by `fydesk-hub demo` as of today: its 任务清单 among the rest."""
    name = pg_server.create_database(template=hub_pg_template)
    store = HubStore(pg_server.url(name))
    fill(store, records=200, seed=3)
    live = LiveHub(store).start()
    yield live
    live.stop()
    store.close()
    pg_server.drop_database(name)


LOGINS = {role: login for login, _name, role, _office in demo_people()}


def test_the_demo_city_shows_its_working_groups_meetings_and_tasks(driver, city):
    signed_in(driver, city, LOGINS["coordinator"], DEMO_PASSWORD)
    open_page(driver, city, "/groups")
    assert len(table_rows(driver)) == 9
    shot(driver, "groups")
    open_page(driver, city, "/meetings")
    titles = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "section.meeting h2")]
    assert any("联席会议" in t for t in titles) and any("协调会议" in t for t in titles)
    shot(driver, "meetings")
    open_page(driver, city, "/tasks")
    rows = table_rows(driver, "#tasks")
    assert len(rows) == 9 and {r[3] for r in rows} == {"下达", "推进中", "已完成", "逾期"}
    overdue = driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr.flag")
    assert len(overdue) == sum(r[3] == "逾期" for r in rows)
    assert len(table_rows(driver, "#by-group")) == 7  # the groups with tasks
    shot(driver, "tasks")
    driver.find_element(By.CSS_SELECTOR, "#tasks tbody tr a").click()
    assert driver.find_element(By.CSS_SELECTOR, "h1").text == rows[0][1].splitlines()[0]
    assert table_rows(driver, "#parts")
    shot(driver, "task")
    sign_out(driver)

    signed_in(driver, city, LOGINS["group"], DEMO_PASSWORD)
    open_page(driver, city, "/tasks")
    groups = {r[2] for r in table_rows(driver, "#tasks")}
    assert groups == {"诉源治理", "执行联动"}
