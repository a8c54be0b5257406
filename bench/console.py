"""The console's 全市概览 on a hub holding the 100,000-case data set, on PostgreSQL.

The hub is filled from the cached desk data set (`core._dataset`, made by the desk's demo
generator): every record of every synced entity, in the wire form the hub stores after an
apply, written by COPY into the records table of a throwaway PostgreSQL (fsync on, as in the
sync bench) migrated to head, then analysed as a running hub's autovacuum would have it.
Pushing 850,000 records through the apply path would take the bench ten minutes and measure
the push again; the figures read only what the records table holds.

Timed in-process, one transaction each, as a page request runs them: city_figures for the
city and for one office, the month's bulletin figures, and the workbook. The baseline is what
`fydesk-hub stats` did before: every case's JSON loaded into Python and counted there.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson
from sqlalchemy import func, insert, select, text

from fydesk.domain.schema import RULES
from fydesk.hub.bulletin import city_bulletin
from fydesk.hub.figures import city_figures, figures_xlsx
from fydesk.hub.models import HubOffice, Record
from fydesk.hub.store import HubStore
from fydesk.models import MediationCase, Office
from fydesk.services.entities import ENTITIES
from fydesk.services.journal import wire
from fydesk.store.open import open_store

from .core import Row, _dataset
from .core import _time as _ms
from .pg import temp_postgres

REPEAT = 5
GOAL_MS = 300
_COLUMNS = ("record_id", "entity", "owner_office_id", "data", "field_revs", "field_authors", "rev", "scope",
            "deleted_at", "needs_coordination")


def _say(what: str) -> None:
    print(f"console bench: {what} …", file=sys.stderr, flush=True)


def fill(root: Path, store: HubStore) -> tuple[int, str, str]:
    """Every desk record into the hub's store; returns (records, the last whole month, the
    office with the most cases)."""
    desk = open_store(root, daily_backup=False)
    n = 0
    try:
        with desk.read() as s, store.session() as h:
            offices = s.execute(select(Office.id, Office.code, Office.name, Office.kind)).all()
            h.execute(insert(HubOffice.__table__), [{"id": i, "code": c, "name": nm, "kind": k} for i, c, nm, k in offices])
            last = s.scalar(select(func.max(MediationCase.accepted_date)))
            busiest = s.scalar(select(MediationCase.office_id).group_by(MediationCase.office_id)
                               .order_by(func.count().desc()).limit(1))
            cursor = h.connection().connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY records ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for name, rules in RULES.items():
                    table = ENTITIES[name].model.__table__
                    fields = [f.name for f in rules.fields if f.name in table.c]
                    columns = [table.c.id, table.c.owner_office_id, table.c.deleted_at,
                               *(table.c[f] for f in fields)]
                    for row in s.execute(select(*columns)):
                        data = {f: wire(v) for f, v in zip(fields, row[3:])}
                        n += 1
                        copy.write_row([row[0], name, row[1], orjson.dumps(data).decode(), "{}", "{}", n,
                                        orjson.dumps([row[1]]).decode(), row[2], False])
    finally:
        desk.close()
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE records"))
    year, mon = (last.year, last.month - 1) if last.month > 1 else (last.year - 1, 12)
    return n, f"{year:04d}-{mon:02d}", busiest


def load_everything(store: HubStore, period: str) -> dict:
    """The baseline: what `fydesk-hub stats` did before (admin.city_stats), every case's JSON
    loaded into Python and its month counted there, with the area rows."""
    from fydesk.domain.stats import period_bounds, success_rate

    start, end = (d.isoformat() for d in period_bounds(period))
    with store.session() as s:
        offices = dict(s.execute(select(HubOffice.id, HubOffice.name)).all())
        per: dict[str, list[int]] = {}
        for r in s.scalars(select(Record).where(Record.entity == "case", Record.deleted_at.is_(None))):
            accepted = r.data.get("accepted_date")
            if not accepted or not start <= accepted < end:
                continue
            row = per.setdefault(offices.get(r.owner_office_id, r.owner_office_id), [0, 0, 0])
            row[0] += 1
            row[1] += r.data.get("status") == "调解中" or r.data.get("result") is not None
            row[2] += r.data.get("result") == "达成协议"
        areas = [r.data for r in s.scalars(select(Record).where(Record.entity == "area_stat"))
                 if r.data.get("period") == period]
    total = [sum(v[i] for v in per.values()) for i in range(3)]
    return {"accepted": total[0], "rate": success_rate(total[2], total[0], total[1]), "areas": len(areas)}


def _agrees_with_desk(root: Path, period: str, fig: dict) -> str:
    """Whether the hub's figures equal those the desk counts from the same records."""
    from fydesk.services.stats import monthly

    desk = open_store(root, daily_backup=False)
    try:
        with desk.read() as s:
            d = monthly(s, period, today=date.fromisoformat(fig["as_of"]))
    finally:
        desk.close()
    ours = (fig["registered"], fig["accepted"], fig["mediated"], fig["succeeded"], fig["success_rate"], fig["visits"],
            fig["joint"]["opened"], fig["joint"]["concluded"], tuple(fig["suggestions"].values()),
            fig["area_total"]["rate_per_10k"])
    theirs = (d.registered, d.accepted, d.mediated, d.succeeded, d.success_rate, d.visits, d.joint_opened,
              d.joint_concluded, (d.suggestions_issued, d.suggestions_replied, d.suggestions_overdue),
              d.area_total.rate_per_10k)
    return "yes" if ours == theirs else f"NO ({ours} against {theirs})"


def run(records: int, seed: int, fresh: bool = False) -> list[Row]:
    root, _ = _dataset(records, seed, fresh)
    _say("start a throwaway PostgreSQL")
    with temp_postgres() as url:
        store = HubStore(url)
        try:
            _say(f"fill the hub from {root.name}")
            t = time.perf_counter()
            n, period, office = fill(root, store)
            fill_s = time.perf_counter() - t

            def figures(office_id: str | None = None) -> dict:
                with store.session() as s:
                    return city_figures(s, period, office_id=office_id)

            def bulletin() -> None:
                with store.session() as s:
                    city_bulletin(s, period)

            fig = figures()
            same = _agrees_with_desk(root, period, fig)
            _say(f"time 全市概览 for {period}")
            base = _ms(lambda: load_everything(store, period), 3)
            old = f"old stats, every case loaded {statistics.median(base):,.0f}"
            rows: list[Row] = []
            for label, fn, baseline in (("全市概览 figures, city", figures, old),
                                        ("全市概览 figures, one office", lambda: figures(office), old),
                                        ("全市月度通报 figures (city_bulletin)", bulletin, "")):
                samples = _ms(fn, REPEAT)
                p50 = statistics.median(samples)
                note = f"max {max(samples):.0f} ms; median of {REPEAT}"
                if baseline:
                    note += f"; goal ≤{GOAL_MS} ms: {'met' if p50 <= GOAL_MS else 'MISSED'}"
                rows.append(Row(f"{label}, {records:,} cases, PostgreSQL (ms)", f"{p50:.0f}", baseline, note))
            xlsx = _ms(lambda: figures_xlsx(fig), REPEAT)
            rows.append(Row("全市概览 workbook (figures_xlsx) (ms)", f"{statistics.median(xlsx):.0f}", "",
                            f"{len(figures_xlsx(fig)) / 1024:.0f} KB"))
            rows += _pages(store, url, records, period, office)
            rows.append(Row("console bench: hub filled by COPY", f"{n:,} records", "",
                            f"{fill_s:.0f} s; period {period}: {fig['accepted']:,} cases accepted; the same "
                            f"figures as the desk's own (services.stats.monthly) on these records: {same}"))
            return rows
        finally:
            store.close()


# --- the pages as a browser waits for them ------------------------------------------------------

PAGES = ("/city", "/office/{office}", "/conflicts", "/devices", "/codes", "/offices", "/users", "/audit")


def _city_work(store: HubStore, period: str, office_code: str) -> dict[str, Callable[[], object]]:
    """What each page asks of the database, timed in-process beside the page: the rest of the
    page's time is rendering and HTTP."""
    from fydesk.hub import admin, coordination
    from fydesk.hub.console import accounts

    def run(fn):
        def timed():
            with store.session() as s:
                return fn(s)
        return timed

    def office_id(s):
        return s.scalar(select(HubOffice.id).where(HubOffice.code == office_code))

    return {
        "/city": run(lambda s: city_figures(s, period)),
        "/office/{office}": run(lambda s: city_figures(s, period, office_id=office_id(s))),
        "/conflicts": run(lambda s: coordination.open_conflicts(s)),
        "/devices": run(lambda s: admin.list_devices(s)),
        "/codes": run(lambda s: admin.list_codes(s)),
        "/offices": run(lambda s: admin.list_offices(s)),
        "/users": run(lambda s: accounts.list_users(s)),
        "/audit": run(lambda s: accounts.audit_rows(s, 100)),
    }


def _populate(store: HubStore, devices: int = 200, conflicts: int = 300, audit: int = 20_000) -> None:
    """What a city's console lists besides the records: PCs enrolled by code, open conflicts
    on real cases, accounts, and a long audit trail."""
    from datetime import timedelta

    from fydesk.hub import auth
    from fydesk.hub.console import accounts
    from fydesk.hub.models import ConsoleAudit, Conflict, utcnow

    with store.session() as s:
        offices = s.execute(select(HubOffice.id, HubOffice.code)).all()
        for i in range(devices):
            _, code = offices[i % len(offices)]
            auth.redeem(s, auth.new_enroll_code(s, code), f"电脑{i + 1}")
        for _, code in offices:
            auth.new_enroll_code(s, code)
        cases = s.execute(select(Record.record_id, Record.owner_office_id).where(Record.entity == "case")
                          .limit(conflicts)).all()
        s.add_all(Conflict(entity="case", record_id=rid, field="status", hub_value="调解成功", hub_author="甲·张",
                           op_value="调解不成", op_author="乙·李", seq=i + 1) for i, (rid, _) in enumerate(cases))
        now = utcnow()
        s.execute(insert(ConsoleAudit.__table__), [
            {"at": now - timedelta(minutes=i), "user_id": 1, "login": "bench", "address": "127.0.0.1",
             "action": "download", "detail": "全市概览表格"} for i in range(audit)])
        accounts.add_user(s, "bench", "测试", accounts.COORDINATOR, "bench-password")
        accounts.add_user(s, "bench-it", "测试", accounts.IT, "bench-password")


def _pages(store: HubStore, url: str, records: int, period: str, office_id: str) -> list[Row]:
    import os
    import subprocess

    import httpx

    from .pg import free_port

    _say("time the console's pages through a `fydesk-hub serve` process")
    _populate(store)
    with store.session() as s:
        office_code = s.scalar(select(HubOffice.code).where(HubOffice.id == office_id))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "fydesk.hub.cli", "--db", url, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    work = _city_work(store, period, office_code)
    rows: list[Row] = []
    try:
        base = f"http://127.0.0.1:{port}/console"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/login")
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the hub did not start") from None
                time.sleep(0.2)
        clients = {}
        for login in ("bench", "bench-it"):
            c = httpx.Client(base_url=base, timeout=60)
            token = c.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
            assert c.post("/login", data={"login": login, "password": "bench-password", "csrf": token}).status_code == 303
            clients[login] = c
        for path in PAGES:
            c = clients["bench-it" if path in ("/devices", "/codes", "/offices", "/users") else "bench"]
            target = path.format(office=office_code) + (f"?period={period}" if "{office}" in path or path == "/city"
                                                        else "")

            def get(c=c, target=target):
                r = c.get(target)
                assert r.status_code == 200, (target, r.status_code)

            get()  # warm: the first request of a process compiles its templates
            samples = _ms(get, REPEAT)
            inner = statistics.median(_ms(work[path], REPEAT))
            p50 = statistics.median(samples)
            rows.append(Row(f"console page {path} over HTTP, {records:,} cases, PostgreSQL (ms)", f"{p50:.0f}",
                            f"its queries in-process {inner:.0f}",
                            f"max {max(samples):.0f} ms; median of {REPEAT}; goal ≤{GOAL_MS} ms: "
                            f"{'met' if p50 <= GOAL_MS else 'MISSED'}"))
        for c in clients.values():
            c.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows
