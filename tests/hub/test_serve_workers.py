"""`fydesk-hub serve --workers 2` over PostgreSQL: one port, two worker processes, one database.

The hub runs as it does in production, `python -m fydesk.hub.cli` in a process of its own.
Which worker answered is read from the kernel, not asked of the hub: each accepted connection
is a socket held by exactly one worker process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from fydesk.hub import admin, auth
from fydesk.hub.models import Device
from fydesk.hub.store import HubStore
from fydesk.store.migrate import SCHEMA_HEAD
from fydesk.sync.client import HubClient, RetryPolicy

from .conftest import free_port

CLIENTS = 16


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def workers(pid: int) -> list[int]:
    """uvicorn's worker processes under the serving parent (not multiprocessing's helpers)."""
    found = []
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            pass
    return found


def connections_held(pid: int, port: int) -> int:
    """Established connections to `port` whose server end is a socket this process holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    held = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            local_port = int(cols[1].rsplit(":", 1)[1], 16)
            if local_port == port and cols[3] == "01" and cols[9] in inodes:
                held += 1
    return held


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_two_workers_answer_on_one_port_over_one_database_and_stop_on_a_signal(pg_server, hub_pg_template, stop):
    name = pg_server.create_database(template=hub_pg_template)
    url, port = pg_server.url(name), free_port()
    store = HubStore(url)
    with store.session() as s:
        admin.add_office(s, "W01", "工作进程人民法庭", "人民法庭")
        codes = [auth.new_enroll_code(s, "W01") for _ in range(CLIENTS)]
    serve = subprocess.Popen([sys.executable, "-m", "fydesk.hub.cli", "--db", url, "serve", "--port", str(port),
                              "--workers", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    clients: list[HubClient] = []
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/v1/time").raise_for_status()
                break
            except httpx.TransportError:
                assert serve.poll() is None and time.monotonic() < deadline, "the hub did not answer"
                time.sleep(0.1)
        pids = workers(serve.pid)
        assert len(pids) == 2

        # Devices enroll and pull at once, each on a connection it keeps open. The kernel hands a
        # new connection to whichever worker accepts it first; who holds which is looked at while
        # the connections are open (uvicorn closes one idle for 5 s).
        seen = dict.fromkeys(pids, 0)

        def look() -> None:
            for pid in pids:
                seen[pid] = max(seen[pid], connections_held(pid, port))

        def one(code: str) -> int:
            client = HubClient(base, schema_version=SCHEMA_HEAD, retry=RetryPolicy(attempts=1))
            clients.append(client)
            client.token = client.enroll(code, f"PC-{code[-4:]}").token
            pulled = sum(len(client.pull(0).changes) for _ in range(5))
            look()
            return pulled

        with ThreadPoolExecutor(8) as pool:
            pulled = list(pool.map(one, codes))
        assert all(pulled)  # each device was sent its office
        while min(seen.values()) == 0:  # a worker still starting took none: more connections
            assert time.monotonic() < deadline, f"a worker took no connection: {seen}"
            extra = httpx.Client(base_url=base)
            extra.get("/v1/time").raise_for_status()
            look()
            extra.close()
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(Device)) == CLIENTS

        serve.send_signal(stop)
        assert serve.wait(timeout=30) == 0
        assert not any(running(pid) for pid in pids)
        said = serve.stdout.read()
        assert said.count("市级平台已启动：") == 1, said
        assert "Traceback" not in said, said
    finally:
        for client in clients:
            client.close()
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        store.close()
        pg_server.drop_database(name)


def test_no_worker_at_all_is_refused_in_one_sentence(tmp_path, capsys):
    from fydesk.hub.cli import main

    assert main(["--db", f"sqlite:///{tmp_path / 'hub.db'}", "serve", "--workers", "0"]) == 1
    assert capsys.readouterr().err.strip() == "错误：--workers 至少为 1（每个工作进程一个）。"


def test_several_workers_on_sqlite_serve_and_say_postgresql_is_what_they_are_for(tmp_path):
    """SQLite lets one process write at a time (BEGIN IMMEDIATE waits across processes too):
    several workers are correct there, only not faster; the hub says so and serves."""
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "fydesk.hub.cli", "--db", f"sqlite:///{tmp_path / 'hub.db'}",
                              "serve", "--port", str(port), "--workers", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        said = [serve.stdout.readline() for _ in range(4)]
        assert said[0].startswith("市级平台已启动：")
        assert said[3].startswith("提示：SQLite 同一时刻只容一个进程写入") and "PostgreSQL" in said[3]
        deadline = time.monotonic() + 60
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/v1/time").status_code == 200
                break
            except httpx.TransportError:
                assert serve.poll() is None and time.monotonic() < deadline, "the hub did not answer"
                time.sleep(0.1)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
