"""Signing in and out, the throttle, CSRF and the roles' limits, in headless Chromium: typing into
the forms and clicking their buttons, against the live hub of `console_hub`.

On PostgreSQL only: what the store does with accounts, sessions and the audit trail is tested
on both stores over HTTP (test_accounts.py); here it is the pages, cookies and forms in a real
browser, the same whichever store is behind them, so a second run on SQLite would add time and
nothing else. PostgreSQL because that is what the city's hub runs on.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from fydesk.hub.console import accounts
from fydesk.hub.models import ConsoleAudit, HubOffice

from .browsers import (
    SESSION_COOKIE,
    alert,
    button,
    here,
    notice,
    open_page,
    shot,
    sign_in,
    sign_out,
    signed_in,
    submit,
    table_rows,
)

pytestmark = pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)


def audited(hub, action: str) -> list[tuple[str, str]]:
    with hub.store.session() as s:
        return [(a.login, a.detail) for a in s.scalars(select(ConsoleAudit).where(ConsoleAudit.action == action))]


def test_each_role_signs_in_through_the_form_and_lands_on_its_own_page(driver, console_hub):
    open_page(driver, console_hub, "/login")
    assert driver.title == "登录 · 府院联动市级平台"
    assert driver.execute_script("return navigator.language") == "zh-CN"
    shot(driver, "login")
    for login, home in (("coord", "/console/city"), ("group", "/console/city"), ("it", "/console/devices"),
                        ("t1view", "/console/office/T1")):
        assert signed_in(driver, console_hub, login) == home
        cookie = driver.get_cookie(SESSION_COOKIE)
        assert cookie["httpOnly"] and cookie["path"] == "/console" and cookie["sameSite"] == "Lax"
        assert driver.execute_script("return document.cookie") == ""  # out of the page's scripts' reach
        driver.delete_all_cookies()
        open_page(driver, console_hub, "/login")
    # A page asked for before signing in is the one shown after.
    open_page(driver, console_hub, "/users")
    assert here(driver) == "/console/login?next=%2Fconsole%2Fusers"
    sign_in(driver, console_hub, "it")
    assert here(driver) == "/console/users"
    assert driver.find_element(By.TAG_NAME, "h1").text == "账号"
    logins = [row[0] for row in table_rows(driver)]
    assert sorted(logins) == ["coord", "group", "it", "s1view", "t1view"]
    assert driver.find_element(By.CSS_SELECTOR, "nav a.here").text == "账号"
    shot(driver, "users")


def test_five_wrong_passwords_then_the_right_one_shows_the_throttle_in_the_page(driver, console_hub):
    for _ in range(accounts.FAILURES_PER_LOGIN):
        sign_in(driver, console_hub, "coord", "wrong-password-0")
        assert alert(driver) == "登录名或密码不对。"
        # The login stays typed in; the password does not.
        assert driver.find_element(By.NAME, "login").get_attribute("value") == "coord"
        assert driver.find_element(By.NAME, "password").get_attribute("value") == ""
    sign_in(driver, console_hub, "coord")  # the right password, too late
    said = alert(driver)
    assert said.startswith("登录失败次数过多，已暂停登录") and "分钟后再试" in said
    assert here(driver).startswith("/console/login") and driver.get_cookie(SESSION_COOKIE) is None
    shot(driver, "login-throttled")
    assert len(audited(console_hub, "login_failed")) == accounts.FAILURES_PER_LOGIN + 1
    # Another account signs in from the same browser all the same.
    assert signed_in(driver, console_hub, "it") == "/console/devices"


def _fill_office(driver, code: str, name: str, kind: str):
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/console/offices']")
    form.find_element(By.NAME, "code").send_keys(code)
    form.find_element(By.NAME, "name").send_keys(name)
    Select(form.find_element(By.NAME, "kind")).select_by_visible_text(kind)
    return form


def test_a_form_posted_without_its_csrf_token_is_refused_and_writes_nothing(driver, console_hub):
    signed_in(driver, console_hub, "it")
    open_page(driver, console_hub, "/offices")
    form = _fill_office(driver, "X9", "某镇司法所", "司法所")
    driver.execute_script("arguments[0].querySelector('input[name=csrf]').remove()", form)
    submit(driver, button(driver, "登记", form))
    assert driver.find_element(By.TAG_NAME, "h1").text == "不能打开此页"
    assert alert(driver) == "表单缺少有效的校验码（可能页面已过期或来自别的网站），未做任何更改；请刷新页面后重试。"
    with console_hub.store.session() as s:
        assert s.scalar(select(HubOffice).where(HubOffice.code == "X9")) is None
    assert audited(console_hub, "csrf_refused") == [("it", "POST /console/offices")]
    assert audited(console_hub, "office_add") == []
    # The same form with its token, as the page gives it, goes through.
    open_page(driver, console_hub, "/offices")
    submit(driver, button(driver, "登记", _fill_office(driver, "X9", "某镇司法所", "司法所")))
    assert here(driver).startswith("/console/offices?notice=")
    assert notice(driver) == "已登记单位：某镇司法所（X9）"
    last = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")[-1]
    assert last.find_element(By.TAG_NAME, "td").text == "X9"
    assert last.find_element(By.NAME, "name").get_attribute("value") == "某镇司法所"
    assert Select(last.find_element(By.NAME, "kind")).first_selected_option.text == "司法所"
    shot(driver, "offices")


def test_an_office_viewer_gets_the_refusal_page_and_the_coordinator_sees_it_audited(driver, console_hub):
    assert signed_in(driver, console_hub, "t1view") == "/console/office/T1"
    refusal = f"{accounts.ROLES[accounts.VIEWER]}账号不能打开此页。"
    for path in ("/offices", "/users", "/audit"):
        open_page(driver, console_hub, path)
        assert here(driver) == "/console" + path
        assert driver.find_element(By.TAG_NAME, "h1").text == "不能打开此页"
        assert alert(driver) == refusal
        assert not driver.find_elements(By.TAG_NAME, "table")
    shot(driver, "refused")
    assert [detail for _login, detail in audited(console_hub, "refused")] == [
        "GET /console/offices", "GET /console/users", "GET /console/audit"]
    # The coordinator reads it in the audit trail, newest first.
    driver.delete_all_cookies()
    signed_in(driver, console_hub, "coord")
    open_page(driver, console_hub, "/audit")
    rows = table_rows(driver)
    assert [(r[1], r[3], r[4]) for r in rows[:4]] == [
        ("coord", "登录", accounts.ROLES[accounts.COORDINATOR]), ("t1view", "被拒绝访问", "GET /console/audit"),
        ("t1view", "被拒绝访问", "GET /console/users"), ("t1view", "被拒绝访问", "GET /console/offices")]
    shot(driver, "audit")


def test_signing_out_ends_the_session_not_only_the_cookie(driver, console_hub):
    signed_in(driver, console_hub, "it")
    open_page(driver, console_hub, "/users")
    old = driver.get_cookie(SESSION_COOKIE)
    sign_out(driver)
    assert here(driver) == "/console/login" and driver.get_cookie(SESSION_COOKIE) is None
    assert audited(console_hub, "logout") == [("it", "")]
    # The old cookie put back (a copy kept elsewhere) opens nothing any more.
    driver.add_cookie({k: old[k] for k in ("name", "value", "path", "httpOnly")})
    open_page(driver, console_hub, "/users")
    assert here(driver) == "/console/login?next=%2Fconsole%2Fusers"
    assert not driver.find_elements(By.CSS_SELECTOR, "header.top .who")


def test_the_pages_lay_out_as_meant(driver, console_hub):
    # The sign-in form's message sits in the form's own column, not across the page above it.
    sign_in(driver, console_hub, "coord", "wrong-password-0")
    said = driver.find_element(By.CSS_SELECTOR, '[role="alert"]')
    box = driver.find_element(By.CSS_SELECTOR, "section.login")
    assert said.find_elements(By.XPATH, "ancestor::section[@class='login']")
    assert said.rect["width"] <= box.rect["width"]
    signed_in(driver, console_hub, "it")
    open_page(driver, console_hub, "/users")
    # A short page keeps its footer at the foot of the window.
    footer = driver.find_element(By.TAG_NAME, "footer").rect
    assert footer["y"] + footer["height"] == pytest.approx(driver.execute_script("return window.innerHeight"), abs=1)
    # The new account's fields and lists stand equally tall in their row, their tops level.
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/console/users']")
    fields = [e.rect for e in form.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select")]
    assert len({r["height"] for r in fields}) == 1 and len({r["y"] for r in fields}) == 1
    # Each account's new-password field is in the same place, whether it may be disabled or not.
    lefts = {e.rect["x"] for e in driver.find_elements(By.CSS_SELECTOR, "tbody input[name=password]")}
    assert len(lefts) == 1
