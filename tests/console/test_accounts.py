"""Console accounts: argon2 passwords, sessions in HttpOnly cookies, CSRF on every form, the
sign-in throttle, roles, and the audit trail, over real HTTP on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from fydesk.hub import cli
from fydesk.hub.console import accounts
from fydesk.hub.models import ConsoleAudit, ConsoleUser, HubOffice

from .conftest import PASSWORD, alert, csrf_of


def test_pages_ask_for_sign_in_and_each_role_lands_on_its_own_page(browser):
    anon = browser()
    r = anon.get("/offices")
    assert r.status_code == 303 and r.headers["location"] == "/console/login?next=%2Fconsole%2Foffices"
    for login, home in (("coord", "/console/city"), ("group", "/console/city"), ("it", "/console/devices"),
                        ("t1view", "/console/office")):
        b = browser()
        r = b.sign_in(login)
        assert r.status_code == 303 and r.headers["location"] == home
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/console" in cookie


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(browser):
    b = browser()
    page = b.get("/login", params={"next": "/console/users"})
    r = b.post("/login", {"login": "it", "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/console/users"})
    assert r.headers["location"] == "/console/users"
    for evil in ("//evil.example/console/", "https://evil.example/", "/console/../../x\\y"):
        b = browser()
        r = b.post("/login", {"login": "it", "password": PASSWORD, "csrf": b.token("/login"), "next": evil})
        assert r.headers["location"] == "/console/devices"


def test_passwords_are_stored_only_as_argon2id_hashes(console_hub):
    with console_hub.store.session() as s:
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.login == "coord"))
        assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD.encode() not in console_hub.stored_bytes()


def test_a_wrong_password_five_times_locks_the_account_and_says_so(browser, console_hub):
    b = browser()
    for _ in range(accounts.FAILURES_PER_LOGIN):
        r = b.sign_in("coord", "wrong-password-0")
        assert r.status_code == 401 and alert(r.text) == "登录名或密码不对。"
    r = b.sign_in("coord")  # the right password, too late
    assert r.status_code == 429
    assert "登录失败次数过多" in alert(r.text) and "分钟后再试" in alert(r.text)
    assert "fydesk_console" not in r.headers.get("set-cookie", "")
    # Another account from elsewhere is not locked out by it.
    assert browser().sign_in("it").status_code == 303
    with console_hub.store.session() as s:
        actions = [a.action for a in s.scalars(select(ConsoleAudit).where(ConsoleAudit.login == "coord"))]
    assert actions.count("login_failed") == accounts.FAILURES_PER_LOGIN + 1


def test_a_form_posted_without_its_token_changes_nothing(browser, console_hub):
    it = browser("it")
    for data in ({}, {"csrf": "forged"}, {"csrf": csrf_of(browser("coord").get("/audit").text)}):
        r = it.post("/offices", {**data, "code": "X9", "name": "某司法所", "kind": "司法所"})
        assert r.status_code == 403 and "校验码" in alert(r.text)
    with console_hub.store.session() as s:
        assert s.scalar(select(HubOffice).where(HubOffice.code == "X9")) is None
    r = it.form("/offices", {"code": "X9", "name": "某司法所", "kind": "司法所"})
    assert r.status_code == 303
    assert "已登记单位" in it.get(r.headers["location"].removeprefix("/console")).text
    # The sign-in form has its own token: a login posted from elsewhere is turned away.
    b = browser()
    r = b.post("/login", {"login": "it", "password": PASSWORD, "csrf": "made-up"})
    assert r.status_code == 403


@pytest.mark.parametrize("page", ["/offices", "/users", "/audit"])
def test_an_office_viewer_opens_no_city_or_it_page(browser, page):
    r = browser("t1view").get(page)
    assert r.status_code == 403 and "单位查看账号不能打开此页" in alert(r.text)


def test_it_does_not_see_the_city_figures_and_the_coordinator_no_it_page(browser):
    assert browser("it").get("/audit").status_code == 403
    assert browser("coord").get("/users").status_code == 403


def test_signing_out_disabling_and_a_new_password_end_sessions(browser, console_hub):
    coord = browser("coord")
    assert coord.get("/audit").status_code == 200
    r = coord.form("/logout", {}, page="/audit")
    assert r.status_code == 303
    assert coord.get("/audit").status_code == 303

    coord = browser("coord")
    it = browser("it")
    users = it.get("/users").text
    with console_hub.store.session() as s:
        coord_id = s.scalar(select(ConsoleUser.id).where(ConsoleUser.login == "coord"))
    assert it.post(f"/users/{coord_id}", {"csrf": csrf_of(users), "action": "disable"}).status_code == 303
    assert coord.get("/audit").status_code == 303
    assert alert(browser().sign_in("coord").text) == "此账号已停用；请联系信息管理员。"
    assert it.form(f"/users/{coord_id}", {"action": "enable"}, page="/users").status_code == 303

    coord = browser("coord")
    r = coord.form("/password", {"old": PASSWORD, "new": "another-pass-77", "again": "another-pass-77"})
    assert r.status_code == 303 and coord.get("/audit").status_code == 303
    assert browser().sign_in("coord", "another-pass-77").status_code == 303
    r = browser("it").form("/users", {"login": "x", "name": "某人", "role": "viewer",
                                                          "office": "", "password": PASSWORD})
    assert r.status_code == 400 and alert(r.text) == "单位查看账号须指定所属单位（--office 单位代码）。"


def test_the_coordinator_reads_who_did_what(browser):
    it = browser("it")
    it.form("/offices", {"code": "X8", "name": "河东司法所", "kind": "司法所"})
    browser("t1view").get("/users")
    page = browser("coord").get("/audit").text
    assert "登记单位" in page and "河东司法所（X8）" in page
    assert "被拒绝访问" in page and "GET /console/users" in page
    assert page.count("登录</td>") >= 3


def test_user_commands(tmp_path, capsys, console_hub, monkeypatch):
    db = console_hub.store.url
    pw = tmp_path / "pw"
    pw.write_text("a-long-password\n", encoding="utf-8")
    assert cli.main(["--db", db, "user", "add", "--name", "王五", "--role", "viewer", "--office", "S1",
                     "--password-file", str(pw)]) == 0
    assert "已新建账号：王五（单位查看）" in capsys.readouterr().out
    assert cli.main(["--db", db, "user", "list", "--json"]) == 0
    listed = {u["login"]: u for u in __import__("json").loads(capsys.readouterr().out)}
    assert listed["王五"] == {"login": "王五", "name": "王五", "role": "viewer", "office": "S1", "disabled": False}
    assert cli.main(["--db", db, "user", "disable", "王五"]) == 0
    assert cli.main(["--db", db, "user", "password", "王五", "--password-file", str(pw)]) == 0
    short = Path(tmp_path / "short")
    short.write_text("short\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--db", db, "user", "add", "--name", "赵六", "--role", "it", "--password-file", str(short)]) == 1
    assert capsys.readouterr().err.strip() == f"错误：密码至少 {accounts.MIN_PASSWORD} 个字符。"
    assert cli.main(["--db", db, "user", "add", "--name", "赵六", "--role", "it", "--office", "S1",
                     "--password-file", str(pw)]) == 1
    assert "只有单位查看账号属于某个单位" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", open(__file__))  # not a terminal
    assert cli.main(["--db", db, "user", "password", "王五"]) == 1
    assert "--password-file" in capsys.readouterr().err
    with console_hub.store.session() as s:
        assert s.scalar(select(ConsoleUser).where(ConsoleUser.login == "赵六")) is None


def test_errors_in_the_console_are_pages_in_one_sentence_never_the_apis_json(browser):
    coord = browser("coord")
    for path, status, sentence in (("/no-such-page", 404, "没有这个页面。"),
                                   ("/audit?page=abc", 400, "请求的参数不对（可能是手工改过的网址）；请从页面上的链接或表单重新进入。")):
        r = coord.get(path)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html")
        assert alert(r.text) == sentence
    # A refusal keeps the signed-in person's menu and 退出.
    r = browser("t1view").get("/users")
    assert r.status_code == 403 and "本单位概览" in r.text and "退出" in r.text
    # The API keeps its JSON.
    assert coord.http.get("/v1/no-such").json()["code"] == "not_found"
