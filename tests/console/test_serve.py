"""`fydesk-hub serve` on a fresh install: the console at /console, how to make the first account
said at start, every asset served by the hub itself — with no desktop library importable."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from ..hub.conftest import free_port
from ..hub.test_hub_install import BLOCKED


def test_a_fresh_hub_serves_its_console_and_says_how_to_make_the_first_account(tmp_path):
    db, port = f"sqlite:///{tmp_path / 'hub.db'}", free_port()
    serve = subprocess.Popen(
        [sys.executable, "-c", BLOCKED + f"from fydesk.hub.cli import main; main(['--db', {db!r}, 'serve', "
                                         f"'--port', '{port}'])"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        said = [serve.stdout.readline(), serve.stdout.readline(), serve.stdout.readline()]
        assert said[0].strip() == f"市级平台已启动：http://127.0.0.1:{port}/    控制台：http://127.0.0.1:{port}/console"
        assert "还没有控制台账号" in said[1]
        assert said[2].strip() == "fydesk-hub user add --name 管理员 --login admin --role it"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                first = httpx.get(base + "/console", follow_redirects=False)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the hub did not answer"
                time.sleep(0.1)
        assert first.status_code == 303 and first.headers["location"].startswith("/console/login")
        login = httpx.get(base + first.headers["location"])
        assert login.status_code == 200 and "<h1>登录</h1>" in login.text
        assert login.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
        # Every asset from the hub itself: nothing the page names is on another host.
        assert "http://" not in login.text.replace(base, "") and "https://" not in login.text
        charts = httpx.get(base + "/console/static/echarts.min.js")
        assert charts.status_code == 200 and len(charts.content) > 900_000
        assert httpx.get(base + "/console/static/console.css").status_code == 200

        (tmp_path / "pw").write_text("first-admin-pass\n", encoding="utf-8")
        made = subprocess.run([sys.executable, "-m", "fydesk.hub.cli", "--db", db, "user", "add", "--name", "管理员",
                               "--login", "admin", "--role", "it", "--password-file", str(tmp_path / "pw")],
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0 and made.stdout.strip() == "已新建账号：admin（信息管理员）", made.stderr
        with httpx.Client(base_url=base) as b:
            token = b.get("/console/login").text.split('name="csrf" value="')[1].split('"')[0]
            r = b.post("/console/login", data={"login": "admin", "password": "first-admin-pass", "csrf": token},
                       follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/console/devices"
    finally:
        serve.terminate()
        serve.wait(timeout=20)
