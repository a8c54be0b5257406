"""A real hub over loopback HTTP: uvicorn on 127.0.0.1, a fresh store per test.

Every test using `hub` runs twice: on an SQLite file and on a database of its own in the
throwaway PostgreSQL server of tests/pgserver.py (`hub_url` is parametrized over both).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import inspect

from fydesk.domain.schema import RULES
from fydesk.hub import admin, auth
from fydesk.hub.app import create_app
from fydesk.hub.store import HubStore
from fydesk.sync import protocol as p

HEADERS = {p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION), p.HEADER_SCHEMA: "0002", p.HEADER_APP: "test"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveHub:
    def __init__(self, store: HubStore, tls: tuple[str, str] | None = None, port: int | None = None) -> None:
        """`tls`: the certificate and key files to serve HTTPS with, as `fydesk-hub serve` does;
        `port`: that of a hub stopped before, so that PCs find the restarted one where they left it."""
        self.store = store
        self.port = port or free_port()
        self.scheme = "https" if tls else "http"
        config = uvicorn.Config(create_app(store), host="127.0.0.1", port=self.port, log_level="error",
                                ssl_certfile=tls[0] if tls else None, ssl_keyfile=tls[1] if tls else None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> "LiveHub":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("hub did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def stored_bytes(self) -> bytes:
        """All the hub's database holds, to search for what must never be stored there."""
        engine = self.store.engine
        if engine.dialect.name == "sqlite":
            # The files themselves, WAL included: freed pages and journals keep old values too.
            path = Path(engine.url.database)
            return b"".join(f.read_bytes() for f in sorted(path.parent.glob(path.name + "*")))
        with engine.connect() as conn:
            return "\n".join(
                row for table in inspect(conn).get_table_names()
                for row in conn.exec_driver_sql(f'SELECT CAST(t AS text) FROM "{table}" t').scalars()
            ).encode()

    def office(self, code: str, name: str, kind: str = "人民法庭") -> str:
        with self.store.session() as s:
            return admin.add_office(s, code, name, kind).id

    def code(self, office_code: str) -> str:
        with self.store.session() as s:
            return auth.new_enroll_code(s, office_code)

    def device(self, office_code: str, name: str = "PC") -> "Device":
        r = httpx.post(f"{self.url}/v1/enroll", headers=HEADERS,
                       json={"code": self.code(office_code), "device_name": name})
        r.raise_for_status()
        body = p.EnrollResponse.model_validate(r.json())
        return Device(self, body)


class ServedHub(LiveHub):
    """`fydesk-hub serve [--workers N]` as processes of their own on one port, over the test's
    database; the office, code and device helpers are LiveHub's, on the same store."""

    def __init__(self, store: HubStore, workers: int = 1, port: int | None = None) -> None:
        """`port`: that of a hub stopped before, so that PCs find the restarted one where they left it."""
        self.store, self.port, self.scheme = store, port or free_port(), "http"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "fydesk.hub.cli", "--db", store.url, "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> ServedHub:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/v1/time", headers=HEADERS, timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(self.proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def required_values(entity: str, office_id: str) -> dict:
    rules = RULES.get(entity)
    out: dict = {}
    for f in rules.fields if rules else ():
        if not f.required or (f.ref and f.ref != "office"):
            continue
        out[f.name] = {"ref": office_id, "date": "2026-11-20", "datetime": "2026-11-20 09:30:00",
                       "int": 1, "money": 100, "bool": False, "list": []}.get(
            f.kind, f.choices[0] if f.choices else "测试")
    if entity == "area_stat":
        out["period"] = "2026-11"
    if entity == "attachment":
        out["sha256"] = "0" * 64
    return out


class Device:
    """A test stand-in for a desk PC speaking the protocol directly."""

    def __init__(self, hub: LiveHub, enrolled: p.EnrollResponse) -> None:
        self.hub = hub
        self.id = enrolled.device_id
        self.office_id = enrolled.office.id
        self.token = enrolled.token
        self.seq = 0
        self.cursor = 0

    def headers(self) -> dict[str, str]:
        return {**HEADERS, "Authorization": f"Bearer {self.token}"}

    def op(self, entity: str, record_id: str, op: str = "update", base_rev: int = 0, **fields) -> dict:
        """One op; an insert gets every required field the test leaves out, with a valid value
        (the hub refuses an insert lacking one), except links to records, which tests name."""
        self.seq += 1
        if op == "insert":
            fields = {**required_values(entity, self.office_id), **fields}
        return {"op_seq": self.seq, "txn_id": f"t{self.seq}", "entity": entity, "record_id": record_id,
                "op": op, "fields": fields, "base_rev": base_rev, "hlc": self.seq, "user": "测试员",
                "schema_version": "0002"}

    def push(self, *ops: dict, batch_id: str | None = None, acked_before: int = 0) -> httpx.Response:
        body = {"batch_id": batch_id or f"b-{self.id[-6:]}-{self.seq}", "ops": list(ops),
                "acked_before": acked_before}
        return httpx.post(f"{self.hub.url}/v1/push", headers=self.headers(), json=body)

    def results(self, *ops: dict) -> list[p.OpResult]:
        r = self.push(*ops)
        r.raise_for_status()
        return p.PushResponse.model_validate(r.json()).results

    def pull(self) -> list[p.Change]:
        changes = []
        while True:
            r = httpx.get(f"{self.hub.url}/v1/pull", headers=self.headers(),
                          params={"cursor": self.cursor, "limit": 500})
            r.raise_for_status()
            page = p.PullResponse.model_validate(r.json())
            changes += page.changes
            self.cursor = page.cursor
            if not page.more:
                return changes


@pytest.fixture
def hub(hub_url):
    store = HubStore(hub_url)
    live = LiveHub(store).start()
    yield live
    live.stop()
    store.close()
