"""`fydesk-hub demo`: a fresh hub filled as a year of a district's syncing would have left it."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from fydesk import models as m
from fydesk.cli import main as desk_main
from fydesk.domain.errors import FydeskError
from fydesk.hub.cli import main as hub_main
from fydesk.hub.console.accounts import authenticate
from fydesk.hub.demo import DEMO_PASSWORD, demo_people, fill
from fydesk.hub.models import Batch, ChangeEntry, Conflict, ConsoleUser, Device, EnrollCode, HubOffice, Record, utcnow
from fydesk.hub.store import HubStore
from fydesk.services.demo.offices import OFFICES
from fydesk.store.open import open_store
from fydesk.sync import protocol as p

from .conftest import LiveHub

RECORDS = "300"
SIFA = "440120-SF01"  # 溪口司法所: in joint cases with the tribunal and the centre


def _hub(capsys, *argv):
    code = hub_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _desk(capsys, pc, *argv):
    code = desk_main(["--data-dir", str(pc), *argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def _count(s, model, *where):
    return s.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_fills_a_fresh_hub_that_a_real_desk_then_syncs_with(hub_url, memory_keyring, tmp_path, capsys):
    code, out, err = _hub(capsys, "--db", hub_url, "demo", "--records", RECORDS, "--seed", "5")
    assert code == 0, err
    assert "单位 5 个" in out and "设备 5 台" in out and "待协调冲突" in out
    assert "fydesk-hub" in out and "serve" in out and "http://127.0.0.1:8443/console" in out
    assert f"控制台账号（密码均为 {DEMO_PASSWORD}）：lianxi（联席会议办公室）" in out

    store = HubStore(hub_url)
    try:
        now = utcnow()
        with store.session() as s:
            offices = {o.code: o for o in s.scalars(select(HubOffice))}
            assert set(offices) == {o[1] for o in OFFICES}
            devices = s.scalars(select(Device)).all()
            assert sorted(offices[c].id for c in offices) == sorted(d.office_id for d in devices)
            # Enrolled through codes a year ago; last seen over several days, one PC silent for a week.
            assert _count(s, EnrollCode, EnrollCode.used_at.is_not(None)) == 5
            assert all(now - d.created_at > timedelta(days=300) for d in devices)
            silence = sorted(now - d.last_seen_at for d in devices)
            assert silence[-1] > timedelta(days=7) > silence[-2] and silence[0] < timedelta(days=1)
            assert len({ago.days for ago in silence}) >= 3
            # What each PC last reported: the app's version, its clock, what waits in its outbox.
            assert all(d.app_version and d.last_sync_at and d.clock_skew_seconds is not None for d in devices)
            assert any(d.ops_waiting for d in devices) and any(d.clock_skew_seconds for d in devices)
            # One console account of each role, signing in with the password the command printed.
            users = {u.login: u for u in s.scalars(select(ConsoleUser))}
            assert sorted(u.role for u in users.values()) == ["coordinator", "group", "it", "viewer"]
            assert authenticate(s, "lianxi", DEMO_PASSWORD, "127.0.0.1").role == "coordinator"

            cases = _count(s, Record, Record.entity == "case")
            assert 200 < cases <= int(RECORDS)
            for entity in ("party", "session", "agreement", "staff", "mediation_body", "area_stat", "joint_case",
                           "joint_office", "handoff", "enterprise", "visit", "suggestion"):
                assert _count(s, Record, Record.entity == entity) > 0, entity
            shared = [r for r in s.scalars(select(Record).where(Record.entity == "joint_case")) if len(r.scope) >= 2]
            assert shared

            # Every record came in pushed batches of at most 500 ops, none refused, dated over the year.
            batches = s.scalars(select(Batch)).all()
            assert max(len(b.response["results"]) for b in batches) <= 500
            assert all(r["status"] != "rejected" for b in batches for r in b.response["results"])
            dates = [b.created_at for b in batches]
            assert max(dates) - min(dates) > timedelta(days=300)
            # The hub's own entries: the offices, and the 任务清单's tasks (hub/demo_tasks.py).
            assert _count(s, ChangeEntry, ChangeEntry.device_id.is_(None), ChangeEntry.entity == "office") == 5
            assert _count(s, ChangeEntry, ChangeEntry.device_id.is_(None), ChangeEntry.entity == "task") == 9
            # Each PC's ops numbered 1, 2, … with none skipped, every one answered.
            assert sum(d.acked_op_seq for d in devices) == sum(len(b.response["results"]) for b in batches)

            # Open conflicts: two offices' PCs changed a legal field of one shared joint case.
            open_ = s.scalars(select(Conflict).where(Conflict.resolved_at.is_(None))).all()
            assert open_
            for c in open_:
                flagged = s.get(Record, c.record_id)
                assert flagged.entity == "joint_case" and flagged.needs_coordination
                assert c.field in p.LEGAL_FIELDS["joint_case"]
                assert c.hub_author.split("·")[0] != c.op_author.split("·")[0]
                assert c.hub_value != c.op_value
            sifa = offices[SIFA].id
            visible = {(r.entity, r.record_id) for r in s.scalars(select(Record).where(
                Record.entity.in_(("case", "joint_case", "staff")))) if sifa in r.scope}
            flagged_here = {c.id for c in open_ if sifa in s.get(Record, c.record_id).scope}

        # The month just past, as `fydesk-hub stats` reports it.
        period = f"{date.today().replace(day=1) - timedelta(days=1):%Y-%m}"
        code, out, err = _hub(capsys, "--db", hub_url, "stats", "--period", period, "--json")
        assert code == 0, err
        stats = json.loads(out)
        assert stats["accepted"] > 0 and stats["succeeded"] > 0 and stats["success_rate"] > 0
        assert len(stats["by_office"]) >= 4 and all(o["accepted"] >= 0 for o in stats["by_office"])
        assert stats["areas"] and all(a["rate_per_10k"] > 0 for a in stats["areas"])

        # A new PC of the 溪口司法所, enrolled with a fresh code, pulls what that office may see.
        code, out, err = _hub(capsys, "--db", hub_url, "enroll-code", "--office", SIFA)
        assert code == 0, err
        live = LiveHub(store).start()
        try:
            pc = tmp_path / "sifa"
            enrolled = _desk(capsys, pc, "enroll", "--hub", live.url, "--code", out.strip(), "--device-name", "新电脑")
            assert enrolled["office"]["code"] == SIFA
            summary = _desk(capsys, pc, "sync")
            assert summary["pulled"] > 0 and summary["pushed"] == 0
            state = _desk(capsys, pc, "sync", "status")
        finally:
            live.stop()
        assert state["missed"] == [] and state["quarantined"] == []
        assert len(state["conflicts"]) == len(flagged_here)
        desk = open_store(pc)
        try:
            with desk.read() as s:
                held = {("case", i) for i in s.scalars(select(m.MediationCase.id))}
                held |= {("joint_case", i) for i in s.scalars(select(m.JointCase.id))}
                held |= {("staff", i) for i in s.scalars(select(m.Staff.id))}
                assert set(s.scalars(select(m.Staff.office_id))) == {sifa}
        finally:
            desk.close()
        assert held == visible
    finally:
        store.close()


def test_a_hub_holding_anything_is_refused_in_one_sentence_and_left_as_it_was(hub_url, capsys):
    assert _hub(capsys, "--db", hub_url, "office", "add", "--code", "T01", "--name", "溪口人民法庭",
                "--kind", "人民法庭")[0] == 0
    store = HubStore(hub_url)
    try:
        def tables():
            with store.session() as s:
                return [_count(s, model) for model in (HubOffice, Device, EnrollCode, Record, ChangeEntry, Batch)]

        before = tables()
        code, out, err = _hub(capsys, "--db", hub_url, "demo", "--records", "20")
        assert code == 1 and out == ""
        assert err.startswith("错误：") and "已有单位或记录" in err and err.count("。") == 1 and err.count("\n") == 1
        assert tables() == before == [1, 0, 0, 1, 1, 0]
        try:
            fill(store, records=20)
        except FydeskError as exc:
            assert "新建的空平台" in exc.message
        else:
            raise AssertionError("a hub with an office was filled")
    finally:
        store.close()


def test_a_case_count_out_of_range_is_refused_in_one_sentence(tmp_path, capsys):
    for count in ("0", "10001"):
        code, out, err = _hub(capsys, "--db", f"sqlite:///{tmp_path / 'hub.db'}", "demo", "--records", count)
        assert (code, out) == (1, "") and "--records 须为 1 至 10000 之间的整数。" in err


def test_demo_people_name_one_account_of_each_role_and_a_demo_office_for_the_viewer():
    people = demo_people()
    assert {role for _, _, role, _ in people} == {"coordinator", "group", "it", "viewer"}
    assert len({login for login, *_ in people}) == len(people)
    assert all(display for _, display, _, _ in people)
    codes = {o[1] for o in OFFICES}
    assert all((office in codes) if role == "viewer" else office is None for _, _, role, office in people)
