"""`fydesk-hub demo`: a fresh hub filled at once, so the console can be seen full.

The desk's own demo generator makes a district's offices and their records (run in a process
of its own, services/demo/feed.py: the hub shares only the wire protocol with the desk). Here
each office is registered and gets a PC, enrolled with a one-time code as IT would do it; the
PCs went live about a year ago, pushed what they held then and have synced most working
evenings since, each batch of at most 500 ops applied by apply_batch as a push over HTTP
would be. On a few mornings two offices changed the same joint case differently (one closed it,
the other returned it, or they closed it under different dates) before either had pulled the
other's change, so the hub holds conflicts (需协调), one since settled. One PC has been silent
for over a week, its latest records still in its outbox.

A year is replayed in seconds, so the log entries and stored answers of each batch are dated
afterwards when that PC would have pushed them. Everything is one transaction: a failed run
leaves the hub as empty as it found it.
"""

from __future__ import annotations

import bisect
import random
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain.errors import FydeskError
from fydesk.domain.hlc import next_hlc
from fydesk.sync import protocol as p

from . import admin, auth, demo_tasks
from .apply import Pusher, apply_batch, lock_log
from .console.accounts import add_user
from .models import Batch, ChangeEntry, Conflict, Device, EnrollCode, HubOffice, Record, SyncDay, utcnow
from .telemetry import beijing_day
from .store import HubStore

__all__ = ["DEFAULT_RECORDS", "DEMO_PASSWORD", "DemoSummary", "Telemetry", "demo_people", "fill", "set_telemetry"]

DEFAULT_RECORDS = 3000
MAX_RECORDS = 10_000  # every write is held in memory while the year is replayed
BATCH_OPS = 500  # what a desk puts in one push at most (DESIGN §4)
FEED = "fydesk.services.demo.feed"
VIEWER_OFFICE = "440120-SF01"  # the desk demo's 溪口司法所


# Printed by `fydesk-hub demo` beside each account: a demo hub is for looking, never for real work.
DEMO_PASSWORD = "fydesk-demo"


def demo_people() -> list[tuple[str, str, str, str | None]]:
    """The console accounts a demo hub gets, one of each role: (login, display name, role key,
    office code for an office viewer)."""
    return [
        ("lianxi", "黄文静", "coordinator", None),
        ("zhuanban", "梁志强", "group", None),
        ("xinxi", "何俊峰", "it", None),
        ("xikou", "张月秀", "viewer", VIEWER_OFFICE),
    ]


# --- the PCs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Habit:
    """How one office's PC syncs: on working evenings at `at` (UTC; Beijing is 8 hours on),
    missing some; and how long before the demo's moment it last did."""

    device_name: str
    at: timedelta
    last: timedelta
    misses: float = 0.08
    clock_skew: int = 0  # seconds its clock is ahead of the hub's


# In the order of the desk demo's offices: tribunal, two 司法所, the committee, the centre.
# 石岭司法所's PC has been off for over a week (the console flags a PC silent for 7 days).
# One clock runs 7 minutes fast, past the 5 minutes a desk warns at.
HABITS = (
    Habit("立案窗口电脑", timedelta(hours=9, minutes=40), timedelta(minutes=20), clock_skew=2),
    Habit("调解室电脑", timedelta(hours=9, minutes=10), timedelta(days=1, hours=3), clock_skew=-1),
    Habit("所长办公室电脑", timedelta(hours=8, minutes=50), timedelta(days=9, hours=4), misses=0.2),
    Habit("调委会值班电脑", timedelta(hours=9, minutes=25), timedelta(hours=5), clock_skew=420),
    Habit("接待大厅电脑", timedelta(hours=8, minutes=30), timedelta(days=3, hours=6), misses=0.15, clock_skew=3),
)
SILENT_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Telemetry:
    """What a PC last told the hub about itself."""

    last_seen_at: datetime
    last_sync_at: datetime
    app_version: str
    clock_skew_seconds: int
    ops_waiting: int


def set_telemetry(device: Device, t: Telemetry) -> None:
    """The one place the demo writes a PC's telemetry onto its device, as its requests would."""
    device.last_seen_at = t.last_seen_at
    device.last_sync_at = t.last_sync_at
    device.app_version = t.app_version
    device.clock_skew_seconds = t.clock_skew_seconds
    device.ops_waiting = t.ops_waiting


@dataclass
class PC:
    office: HubOffice
    device: Device
    user: str
    habit: Habit
    enrolled: datetime
    syncs: list[datetime] = field(default_factory=list)
    outbox: deque = field(default_factory=deque)  # (at, write), oldest first
    op_seq: int = 0
    hlc: int = 0
    cursor: int = 0  # the log head at this PC's last pull

    @property
    def pusher(self) -> Pusher:
        return Pusher(self.device, self.office)

    def next_sync(self, after: datetime) -> datetime | None:
        i = bisect.bisect_right(self.syncs, after)
        return self.syncs[i] if i < len(self.syncs) else None


def _sync_times(rng: random.Random, enrolled: datetime, habit: Habit, now: datetime,
                keep: set[date]) -> list[datetime]:
    """The first sync right after enrolling, then working evenings until the last one."""
    last = now - habit.last
    times = [enrolled + timedelta(minutes=15)]
    day = enrolled.date() + timedelta(days=1)
    while day <= last.date():
        at = datetime.combine(day, datetime.min.time()) + habit.at
        if at < last and day.weekday() < 5 and (day in keep or rng.random() >= habit.misses):
            times.append(at)
        day += timedelta(days=1)
    times.append(last)
    return times


# --- the run -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoSummary:
    offices: int
    devices: int
    silent: int
    records: int
    cases: int
    batches: int
    conflicts: int
    waiting: int
    seconds: float


def fill(store: HubStore, records: int = DEFAULT_RECORDS, seed: int = 1, today: date | None = None,
         progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Fill an empty hub; a hub holding any office or record is refused before anything runs."""
    if not 1 <= records <= MAX_RECORDS:
        raise FydeskError(f"--records 须为 1 至 {MAX_RECORDS} 之间的整数。")
    started = time.perf_counter()
    say = progress or (lambda _text: None)
    # The demo's moment: now, or noon (UTC) of `today`; the generator's records end that day.
    now = utcnow() if today is None else datetime.combine(today, datetime.min.time()) + timedelta(hours=12)
    with store.session() as s:
        _refuse_unless_empty(s)
    say("生成各单位的演示记录…")
    head, writes = _feed(records, seed, now.date())
    say(f"各单位电脑同步 {len(writes)} 条记录…")
    with store.session() as s:
        lock_log(s)  # held to the end: the whole demo is one append to the log
        _refuse_unless_empty(s)
        replay = Replay(s, head, random.Random(seed), now)
        replay.run(writes)
        for login, name, role, office in demo_people():
            add_user(s, login, name, role, DEMO_PASSWORD, office)
        say("联席会议、专项工作组和任务清单…")
        demo_tasks.add_tasks(replay)
        summary = replay.summary(time.perf_counter() - started)
    return summary


def _refuse_unless_empty(s: Session) -> None:
    if s.scalar(select(HubOffice.id).limit(1)) is not None or s.scalar(select(Record.record_id).limit(1)):
        raise FydeskError("市级平台上已有单位或记录，演示数据只能填入新建的空平台："
                          "请用 --db 指定一个新的空数据库再运行 fydesk-hub demo。")


def _feed(records: int, seed: int, today: date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The desk demo's offices and writes, from the desk's generator in a process of its own."""
    argv = [sys.executable, "-m", FEED, "--records", str(records), "--seed", str(seed), "--today", today.isoformat()]
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err)
        assert child.stdout is not None
        lines = [orjson.loads(line) for line in child.stdout]
        if child.wait() != 0 or not lines:
            err.seek(0)
            last = err.read().decode("utf-8", "replace").strip().splitlines()[-1:] or ["无输出"]
            raise FydeskError(f"生成演示记录失败：{last[0]}")
    return lines[0], lines[1:]


class Replay:
    """The offices, their PCs, and a year of their syncing, in one session holding the log lock."""

    def __init__(self, s: Session, head: dict[str, Any], rng: random.Random, now: datetime) -> None:
        self.s, self.rng, self.now = s, rng, now
        self.schema, self.app = head["schema"], head["app"]
        self.ids: dict[str, str] = {}  # the desk demo's office ids -> the hub's
        self.pcs: dict[str, PC] = {}  # by office code
        self.stamps: list[dict[str, Any]] = []  # log seqs and batches to date afterwards
        self.batches = 0
        self.resolutions: list[tuple[datetime, tuple[PC, str, str]]] = []  # decisions still to make
        self.settled: set[int] = set()  # conflicts whose settling is dated
        self.conflict_days = _conflict_days(self.now)
        self._register(head["offices"])
        self.head = s.scalar(select(func.max(ChangeEntry.seq))) or 0  # past the offices' entries

    # -- offices and PCs ----------------------------------------------------------------------

    def _register(self, offices: list[dict[str, Any]]) -> None:
        keep = set(self.conflict_days)
        for i, (o, habit) in enumerate(zip(offices, HABITS)):
            # Rolled out office by office a year ago: registered, then its PC enrolled next day.
            enrolled = datetime.combine((self.now - timedelta(days=365 - 2 * i)).date(), datetime.min.time()) \
                + timedelta(hours=2, minutes=30)
            office = admin.add_office(self.s, o["code"], o["name"], o["kind"])
            self.ids[o["id"]] = office.id
            code = auth.new_enroll_code(self.s, o["code"])
            device, _office, _token = auth.redeem(self.s, code, habit.device_name, str(uuid7()), o["code"])
            self.s.flush()
            registered = enrolled - timedelta(days=1, hours=1)
            office.created_at = registered
            self.s.execute(update(ChangeEntry).where(ChangeEntry.record_id == office.id).values(at=registered))
            device.created_at = enrolled
            self.s.execute(update(EnrollCode).where(EnrollCode.device_id == device.id).values(
                created_at=registered, used_at=enrolled, expires_at=registered + timedelta(days=auth.CODE_DAYS)))
            pc = PC(office, device, o["user"], habit, enrolled)
            pc.syncs = _sync_times(self.rng, enrolled, habit, self.now, keep)
            self.pcs[o["code"]] = pc

    # -- the year -------------------------------------------------------------------------------

    def run(self, writes: list[dict[str, Any]]) -> None:
        for w in writes:
            self.pcs[w["office"]].outbox.append((datetime.fromisoformat(w["at"]), w))
        events: list[tuple[datetime, int, Any]] = []
        for pc in self.pcs.values():
            events += [(at, 1, pc) for at in pc.syncs]
        # Two offices change one joint case on the same morning, each before pulling the other's.
        for day, kind in self.conflict_days.items():
            events.append((datetime.combine(day, datetime.min.time()) + timedelta(hours=3), 0, kind))
        events.sort(key=lambda e: (e[0], e[1]))
        for at, _order, what in events:
            while self.resolutions and self.resolutions[0][0] <= at:
                self._resolve(*self.resolutions.pop(0))
            if isinstance(what, PC):
                self._sync(what, at)
            else:
                self._clash(at, what)
        self._date_batches()
        self._report_telemetry()

    def _sync(self, pc: PC, at: datetime) -> None:
        """Push what the PC queued up to `at`, in batches, then pull to the head."""
        due = []
        while pc.outbox and pc.outbox[0][0] <= at:
            due.append(pc.outbox.popleft())
        for start in range(0, len(due), BATCH_OPS):
            self._push(pc, due[start:start + BATCH_OPS], at)
        pc.cursor = self.head

    def _push(self, pc: PC, items: list[tuple[datetime, dict[str, Any]]], at: datetime) -> None:
        ops = []
        for written, w in items:
            pc.op_seq += 1
            pc.hlc = next_hlc(pc.hlc, int(written.replace(tzinfo=UTC).timestamp() * 1000))
            base = 0
            if w["op"] != "insert":  # the record as this PC last pulled it
                rev = self.s.scalar(select(Record.rev).where(Record.record_id == w["record_id"])) or 0
                base = min(rev, pc.cursor)
            ops.append({"op_seq": pc.op_seq, "txn_id": str(uuid7()), "entity": w["entity"],
                        "record_id": w["record_id"], "op": w["op"], "fields": self._hub_ids(w["fields"]),
                        "base_rev": base, "hlc": pc.hlc, "user": w.get("user") or pc.user,
                        "schema_version": self.schema})
        request = p.PushRequest.model_validate({
            "batch_id": str(uuid7()), "ops": ops, "acked_before": pc.device.acked_op_seq or 0,
            "cursor": pc.cursor})
        first = self.head + 1
        answer = apply_batch(self.s, pc.pusher, request, self.head)
        refused = [r for r in answer.results if r.status == "rejected"]
        if refused:  # the desk's generator made something the hub will not hold: a bug to fix
            raise FydeskError(f"市级平台拒收了一条演示记录（{refused[0].reason}）：演示生成器有误，请报告；"
                              "平台未写入任何数据。")
        self.head = answer.head or self.head
        self.batches += 1
        self.stamps.append({"b_first": first, "b_last": self.head, "b_at": at,
                            "b_device": pc.device.id, "b_batch": request.batch_id})
        if any(op["op"] == "update" for op in ops):  # it may have settled a conflict: dated now
            conflicts = Conflict.__table__
            for cid in self.s.scalars(select(conflicts.c.id).where(conflicts.c.resolved_at.is_not(None))):
                if cid not in self.settled:
                    self.settled.add(cid)
                    self.s.execute(update(conflicts).where(conflicts.c.id == cid).values(resolved_at=at))

    def _hub_ids(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The desk demo named its offices by ids of its own; the hub gave them others."""
        ids = self.ids
        out = {}
        for k, v in fields.items():
            if type(v) is str:
                v = ids.get(v, v)
            elif type(v) is list and v and type(v[0]) is str:
                v = [ids.get(x, x) for x in v]
            out[k] = v
        return out

    # -- the conflicts ----------------------------------------------------------------------------

    def _clash(self, at: datetime, kind: str) -> None:
        """Two PCs of one joint case, both syncing this evening, change it differently this
        morning: one closes it, the other returns it to the lead office (`kind` "status"), or
        both close it under different dates ("dates"). The one pushing second meets the other's
        change. A case already closed gets two different corrections of its closing date."""
        by_office = {pc.office.id: pc for pc in self.pcs.values()}
        evening = at + timedelta(hours=18)
        rows = self.s.execute(select(Record.record_id, Record.data, Record.scope).where(
            Record.entity == "joint_case", Record.deleted_at.is_(None),
            Record.needs_coordination.is_(False))).all()
        # Those still in hand first, the latest opened first.
        rows.sort(key=lambda r: (r.data.get("status") == "办理中", r.data.get("opened_date") or ""), reverse=True)
        day = at.date()
        for record_id, data, scope in rows:
            pcs = [by_office[o] for o in scope if o in by_office]
            timed = sorted((t, pc.office.code, pc) for pc in pcs
                           if (t := pc.next_sync(at)) is not None and t < evening)
            if len(timed) < 2:
                continue
            first, second = timed[0][2], timed[1][2]
            dates = [d.isoformat() for d in (day - timedelta(days=2), day - timedelta(days=3), day)
                     if d.isoformat() != data.get("closed_date")]
            if data.get("status") == "办理中":
                ours = {"status": "已办结", "closed_date": dates[0]}
                theirs = ({"status": "已退回", "status_reason": "移送材料不全，退回牵头单位补充后再办。"}
                          if kind != "dates" else {"status": "已办结", "closed_date": dates[-1]})
            else:
                ours, theirs = {"closed_date": dates[0]}, {"closed_date": dates[-1]}
            for pc, fields in ((first, ours), (second, theirs)):
                _queue(pc, at, {"entity": "joint_case", "record_id": record_id, "op": "update", "fields": fields})
            if kind == "settled":
                # A week on, a person at the first office decides: the value the hub kept.
                self.resolutions.append((at + timedelta(days=7), (first, record_id, next(iter(theirs)))))
            return

    def _resolve(self, at: datetime, what: tuple[PC, str, str]) -> None:
        pc, record_id, name = what
        kept = self.s.scalar(select(Record.data).where(Record.record_id == record_id)) or {}
        _queue(pc, at, {"entity": "joint_case", "record_id": record_id, "op": "update",
                        "fields": {name: kept.get(name)}})

    # -- afterwards --------------------------------------------------------------------------------

    def _date_batches(self) -> None:
        """Each batch's log entries and stored answer dated when it was pushed."""
        if not self.stamps:
            return
        log, batches = ChangeEntry.__table__, Batch.__table__
        self.s.execute(update(log).where(log.c.seq.between(bindparam("b_first"), bindparam("b_last")))
                       .values(at=bindparam("b_at")).execution_options(synchronize_session=False), self.stamps)
        self.s.execute(update(batches).where(batches.c.device_id == bindparam("b_device"),
                                             batches.c.batch_id == bindparam("b_batch"))
                       .values(created_at=bindparam("b_at")).execution_options(synchronize_session=False),
                       self.stamps)

    def _report_telemetry(self) -> None:
        """What each PC said at its last sync; what it wrote since waits in its outbox."""
        for pc in self.pcs.values():
            last = pc.syncs[-1]
            set_telemetry(pc.device, Telemetry(last_seen_at=last, last_sync_at=last, app_version=self.app,
                                               clock_skew_seconds=pc.habit.clock_skew, ops_waiting=len(pc.outbox)))
            days = sorted({beijing_day(at) for at in pc.syncs})
            if days:  # the days it synced, as its requests would have noted them (考核's 同步及时率)
                self.s.execute(insert(SyncDay), [{"device_id": pc.device.id, "day": d, "office_id": pc.office.id}
                                                 for d in days])

    def summary(self, seconds: float) -> DemoSummary:
        s = self.s

        def count(*where: Any) -> int:
            return s.scalar(select(func.count()).select_from(Record).where(*where))

        return DemoSummary(
            offices=len(self.pcs), devices=len(self.pcs),
            silent=sum(1 for pc in self.pcs.values() if self.now - pc.syncs[-1] > SILENT_AFTER),
            records=count(Record.entity != "office"), cases=count(Record.entity == "case"),
            batches=self.batches,
            conflicts=s.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))),
            waiting=sum(len(pc.outbox) for pc in self.pcs.values()), seconds=seconds)


def _queue(pc: PC, at: datetime, write: dict[str, Any]) -> None:
    """A change made on the PC at `at`: after what it wrote before, ahead of what came later."""
    items = list(pc.outbox)
    items.insert(bisect.bisect_right([t for t, _ in items], at), (at, write))
    pc.outbox = deque(items)


def _conflict_days(now: datetime) -> dict[date, str]:
    """Working days, counted back from the demo's moment, when two offices clash, and how."""
    out = {}
    for days, kind in ((47, "settled"), (19, "status"), (6, "dates"), (1, "status")):
        day = (now - timedelta(days=days)).date()
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        out[day] = kind
    return out

