"""A hub restored from a backup: every PC converges, not only those that pushed (issue 12, item 3).

A real hub (uvicorn on 127.0.0.1) on SQLite and on PostgreSQL, and three desk PCs with data
dirs of their own, enrolled, edited and synced through `fydesk`. A restore is what IT does:
the hub stopped, its database replaced by an earlier copy (the SQLite file; on PostgreSQL a
database cloned from it as a template), the hub started again at the same address. The
restored hub hands out the sequence numbers past its backup again, for other changes.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, func, select, update

from fydesk.cli import main
from fydesk.hub.apply import EVERYONE
from fydesk.hub.models import ChangeEntry, Conflict, Record
from fydesk.hub.store import HubStore
from fydesk.models import LocalSetting, Office, OutboxOp, QuarantinedOp
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.services.entities import ENTITIES
from fydesk.services.journal import wire
from fydesk.store.open import open_store
from fydesk.sync import inbound
from fydesk.sync import protocol as p

from ..hub.conftest import LiveHub

TODAY = date(2026, 11, 20)
# A: the tribunal, which leads the joint cases and edits them; B: a 司法所 taking part, which
# only pulls; C: a 调委会 taking part, which edits them after the restore.
OFFICES = {"A": ("T01", "溪口人民法庭", "人民法庭"), "B": ("S01", "溪口司法所", "司法所"),
           "C": ("M01", "溪口调委会", "调委会")}
CASES = 5
A_EDITS = 20


class Hub:
    """The live hub, and its database copied aside and put back as IT would."""

    def __init__(self, url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.url = url
        self.saved = tmp_path / "hub-backup"
        self.pg = request.getfixturevalue("pg_server") if url.startswith("postgresql") else None
        self.live = LiveHub(HubStore(url)).start()

    @property
    def store(self) -> HubStore:
        return self.live.store

    def stop(self) -> None:
        self.live.stop()
        self.live.store.close()  # no connection left: the files may be copied, the database cloned

    def start(self) -> None:
        self.live = LiveHub(HubStore(self.url), port=self.live.port).start()

    def _sqlite(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def _dbname(self) -> str:
        return self.url.rsplit("/", 1)[1]

    def backup(self) -> None:
        self.stop()
        if self.pg is None:
            self.saved.mkdir()
            for f in self._sqlite().parent.glob(self._sqlite().name + "*"):
                shutil.copy2(f, self.saved / f.name)
        else:
            self.pg.create_database(template=self._dbname(), name=self._dbname() + "_backup")
        self.start()

    def restore(self) -> None:
        self.stop()
        if self.pg is None:
            for f in self._sqlite().parent.glob(self._sqlite().name + "*"):
                f.unlink()
            for f in self.saved.iterdir():
                shutil.copy2(f, self._sqlite().parent / f.name)
        else:
            self.pg.drop_database(self._dbname())
            self.pg.create_database(template=self._dbname() + "_backup", name=self._dbname())
        self.start()

    def close(self) -> None:
        self.stop()
        if self.pg is not None:
            self.pg.drop_database(self._dbname() + "_backup")

    def head(self) -> int:
        with self.store.session() as s:
            return s.scalar(select(func.max(ChangeEntry.seq))) or 0


class PC:
    """One desk PC: a data dir of its own, driven by the `fydesk` command."""

    def __init__(self, name: str, root: Path, capsys) -> None:
        self.name, self.root, self.capsys = name, root, capsys

    def fy(self, *argv: str):
        code = main(["--data-dir", str(self.root), *argv, "--json"])
        out = self.capsys.readouterr()
        assert code == 0, f"{self.name}: fydesk {' '.join(argv)}: {out.err}"
        return json.loads(out.out)

    def sync(self) -> dict:
        return self.fy("sync")

    def set(self, entity: str, record_id: str, **fields: str) -> None:
        self.fy("record", "set", entity, record_id, *(f"{k}={v}" for k, v in fields.items()))

    def get(self, entity: str, record_id: str) -> dict:
        return self.fy("record", "get", entity, record_id)

    def cursor(self) -> int:
        return self.fy("sync", "status")["cursor"]

    def read(self, fn):
        store = open_store(self.root, daily_backup=False)
        try:
            with store.read() as s:
                return fn(s)
        finally:
            store.close()


@pytest.fixture
def hub(hub_url, tmp_path, request):
    live = Hub(hub_url, tmp_path, request)
    yield live
    live.close()


@pytest.fixture
def office(hub, memory_keyring, tmp_path, capsys):
    """Three PCs enrolled and synced, sharing five joint cases the tribunal opened."""
    pcs = {name: PC(name, tmp_path / name, capsys) for name in OFFICES}
    for name, (code, title, kind) in OFFICES.items():
        hub.live.office(code, title, kind)
    for name, pc in pcs.items():
        pc.fy("enroll", "--hub", hub.live.url, "--code", hub.live.code(OFFICES[name][0]),
              "--device-name", f"{name}-PC")
    for pc in pcs.values():
        pc.sync()  # learn the other offices
    store = open_store(pcs["A"].root, daily_backup=False)
    with store.write() as s:
        actor = load_actor(s, "书记员")
        others = [s.scalar(select(Office.id).where(Office.code == OFFICES[n][0])) for n in "BC"]
        cases = []
        for i in range(CASES):
            joint = records.create(s, actor, "joint_case", {
                "title": f"土地流转纠纷联动化解{i + 1}", "mode": "一庭两所", "lead_office_id": actor.office_id,
                "opened_date": "2026-11-01", "summary": "承包地流转费用争议"}, today=TODAY)
            for other in others:
                records.create(s, actor, "joint_office", {"joint_case_id": joint.id, "office_id": other,
                                                          "role": "参与"}, today=TODAY)
            cases.append(joint.id)
    store.close()
    for pc in pcs.values():
        pc.sync()
    return pcs, cases


def restore_scenario(hub: Hub, pcs: dict[str, PC], cases: list[str]) -> int:
    """Backup; A makes 20 edits, A and B sync; the backup is restored; C edits all five cases
    and syncs. Returns B's cursor from before the restore."""
    a, b, c = pcs["A"], pcs["B"], pcs["C"]
    hub.backup()
    for n in range(A_EDITS):
        field = ("title", "summary")[n // CASES % 2]
        a.set("joint_case", cases[n % CASES], **{field: f"法庭第{n + 1}次修改"})
    assert a.sync()["pushed"] == A_EDITS
    assert b.sync()["pulled"] >= A_EDITS
    cursor = b.cursor()

    hub.restore()
    assert hub.head() < cursor, "the restored hub lacks what A pushed after the backup"
    for n, case in enumerate(cases):
        c.set("joint_case", case, outcome_report=f"调委会结果报告{n + 1}")
    assert c.sync()["pushed"] == CASES
    return cursor


def c_reports(pc: PC, cases: list[str]) -> list[str | None]:
    return [pc.get("joint_case", case)["outcome_report"] for case in cases]


def _copy(office_code: str, s) -> tuple[str, dict[str, dict], int]:
    """A PC's office id, its records by entity and id, and how many of its ops are not settled."""
    office_id = s.scalar(select(Office.id).where(Office.code == office_code))
    rows = {entity: {row.id: SimpleNamespace(
                values={f.name: wire(getattr(row, f.name)) for f in spec.fields if f.name not in p.HUB_FIELDS},
                voided=row.deleted_at is not None, flagged=getattr(row, "needs_coordination", False), rev=row.rev)
                     for row in s.scalars(select(spec.model))} for entity, spec in ENTITIES.items()}
    unsettled = sum(s.scalar(select(func.count()).select_from(t)) for t in (OutboxOp, QuarantinedOp))
    return office_id, rows, unsettled


def differences(hub: Hub, pcs: dict[str, PC]) -> list[str]:
    """Where a PC's copy is not the hub's: every record its office may see, field by field,
    with the tombstone and the 需协调 flag; anything pending or quarantined; and a local `rev`
    (the base of the PC's next edit) naming a hub log entry that is not about that record."""
    with hub.store.session() as s:
        hub_records = list(s.scalars(select(Record)))
        about = dict(s.execute(select(ChangeEntry.seq, ChangeEntry.record_id)).all())
    problems: list[str] = []
    for name, pc in pcs.items():
        office_id, mine, pending = pc.read(partial(_copy, OFFICES[name][0]))
        if pending:
            problems.append(f"{name}: {pending} ops pending or quarantined")
        for entity, rows in mine.items():
            visible = {r.record_id: r for r in hub_records if r.entity == entity
                       and (office_id in r.scope or EVERYONE in r.scope)}
            for record_id in sorted(visible.keys() | rows.keys()):
                row, theirs = rows.get(record_id), visible.get(record_id)
                where = f"{name}: {entity} {record_id}"
                if row is None:
                    problems.append(f"{where}: on the hub, missing here")
                    continue
                if theirs is None:
                    problems.append(f"{where}: here, but not on the hub for this office")
                    continue
                problems += [f"{where}.{name}: here {value!r}, hub {theirs.data.get(name)!r}"
                             for name, value in row.values.items() if value != theirs.data.get(name)]
                if row.voided != (theirs.deleted_at is not None):
                    problems.append(f"{where}: voided here {row.voided}, on the hub {not row.voided}")
                if row.flagged != theirs.needs_coordination:
                    problems.append(f"{where}: 需协调 here {row.flagged}, on the hub {not row.flagged}")
                if row.rev and about.get(row.rev) != record_id:
                    problems.append(f"{where}: rev {row.rev} names the hub's change of {about.get(row.rev)}")
    return problems


def test_after_a_hub_restore_a_pc_that_never_pushed_gets_what_another_office_wrote_since(hub, office):
    pcs, cases = office
    a, b, c = pcs["A"], pcs["B"], pcs["C"]
    restore_scenario(hub, pcs, cases)

    first = b.sync()  # the hub's head is below B's cursor: the hub went back
    resent = a.sync()  # A sends its 20 edits again (the hub lost them)
    b.sync()
    assert c_reports(b, cases) == [f"调委会结果报告{n + 1}" for n in range(CASES)]
    assert any("备份" in w for w in first["warnings"]), first
    assert resent["pushed"] == A_EDITS and any("备份" in w for w in resent["warnings"])
    log = b.fy("sync", "status")["log"]
    assert any(e["code"] == "hub_restored" for e in log)

    c.sync()  # C learns A's edits, sent again after its own
    assert differences(hub, pcs) == []
    again = {name: pc.sync() for name, pc in pcs.items()}  # recovered once; an ordinary sync now
    assert all((s["pushed"], s["pulled"], s["warnings"]) == (0, 0, []) for s in again.values()), again


def test_after_a_hub_restore_a_pc_finds_it_out_though_the_head_is_past_its_cursor_again(hub, office):
    """By the time B first syncs, A has resent its 20 edits and the hub's head is past B's old
    cursor: "cursor past the head" cannot tell, and restarting from the head would skip C's
    edits, which reused lower sequence numbers."""
    pcs, cases = office
    a, b, c = pcs["A"], pcs["B"], pcs["C"]
    cursor = restore_scenario(hub, pcs, cases)

    assert a.sync()["pushed"] == A_EDITS
    assert hub.head() >= cursor, "the scenario needs the head past B's cursor"
    first = b.sync()
    assert c_reports(b, cases) == [f"调委会结果报告{n + 1}" for n in range(CASES)]
    assert any("备份" in w for w in first["warnings"]), first

    c.sync()
    assert differences(hub, pcs) == []


def test_an_edit_queued_before_a_pc_learns_of_a_restore_does_not_overwrite_unseen_changes(hub, office):
    """B changes a case's status offline, having seen A's edits; after the restore C changes
    the same status first, in a change numbered where A's edits used to be. B's pending op
    must not claim to have seen it: the hub keeps C's value and raises 需协调, both kept."""
    pcs, cases = office
    a, b, c = pcs["A"], pcs["B"], pcs["C"]
    hub.backup()
    for n in range(A_EDITS):
        a.set("joint_case", cases[n % CASES], summary=f"法庭第{n + 1}次修改")
    a.sync()
    b.sync()
    b.set("joint_case", cases[0], status="已办结")  # offline: waits in B's outbox
    hub.restore()
    c.set("joint_case", cases[0], status="已退回")
    c.sync()

    summary = b.sync()
    with hub.store.session() as s:
        record = s.get(Record, cases[0])
        conflicts = [(x.field, x.hub_value, x.op_value) for x in s.scalars(select(Conflict))]
    assert (record.data["status"], record.needs_coordination) == ("已退回", True)
    assert conflicts == [("status", "已退回", "已办结")]
    assert any("备份" in w for w in summary["warnings"]), summary

    for pc in (a, b, c, b):
        pc.sync()
    assert differences(hub, pcs) == []


def test_what_a_restored_hub_lost_and_nobody_sends_again_leaves_no_trace_on_the_other_pcs(hub, office):
    """A's PC is gone, with the 20 edits the hub lost: B, which had pulled them, fetches the
    records they touched whole and ends as the hub is, like C."""
    pcs, cases = office
    b, c = pcs["B"], pcs["C"]
    restore_scenario(hub, pcs, cases)
    assert b.sync()["refetched"] == CASES
    assert c_reports(b, cases) == [f"调委会结果报告{n + 1}" for n in range(CASES)]
    c.sync()
    assert differences(hub, {"B": b, "C": c}) == []


def test_a_pc_that_pulled_before_the_hub_tagged_its_log_still_finds_out_by_the_head(hub, office):
    """Changes logged before tags existed have none, and neither has a PC's cursor pulled
    then: nothing to compare, so a cursor past the hub's head is what tells, and the PC pulls
    again from the start (it has no point to go back to that it can prove)."""
    pcs, cases = office
    a, b, c = pcs["A"], pcs["B"], pcs["C"]
    with hub.store.session() as s:
        s.execute(update(ChangeEntry).values(tag=None))
    store = open_store(b.root, daily_backup=False)
    with store.write() as s:
        s.execute(delete(LocalSetting).where(LocalSetting.key.in_((inbound.CURSOR_TAG_KEY, inbound.CHECKPOINTS_KEY))))
    store.close()
    restore_scenario(hub, pcs, cases)  # A's and C's changes from now on are tagged

    summary = b.sync()
    assert c_reports(b, cases) == [f"调委会结果报告{n + 1}" for n in range(CASES)]
    assert any("从第 0 号变更起重新接收" in w for w in summary["warnings"]), summary
    a.sync()
    for pc in (b, c):
        pc.sync()
    assert differences(hub, pcs) == []


def test_the_cursor_keeps_the_tag_of_the_change_it_stands_at(hub, office):
    """What a PC keeps to tell a restored hub from the one it pulled from; on PostgreSQL the
    log is written by COPY, which must carry the tag too."""
    pcs, _ = office
    with hub.store.session() as s:
        tags = dict(s.execute(select(ChangeEntry.seq, ChangeEntry.tag)).all())
    assert all(tags.values())
    for pc in pcs.values():
        cursor, tag = pc.read(inbound.position)
        points = pc.read(inbound.checkpoints)
        assert cursor and tags[cursor] == tag and points[-1] == (cursor, tag)
        assert all(tags[seq] == t for seq, t in points)
