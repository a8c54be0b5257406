"""The hub trusts no device (DESIGN §4): what it accepts every PC in scope can hold, and a PC
that still meets a change it cannot apply notes it and goes on.

A tribunal PC and a 司法所 PC share a joint case through `fydesk`; a third 司法所 device speaks
raw HTTP with its real token, as a careless or hostile program would.
"""

from __future__ import annotations

import json

from uuid6 import uuid7

from fydesk.cli import main
from fydesk.hub.writer import LogWriter, lock_log

from .conftest import share_joint_case


def fy(capsys, pc, *argv, code=0):
    got = main(["--data-dir", str(pc), *argv, "--json"])
    out = capsys.readouterr()
    assert got == code, out.err
    return json.loads(out.out) if out.out.strip() else None


def _hub_rev(live_hub, record_id):
    from fydesk.hub.models import Record

    with live_hub.store.session() as s:
        return s.get(Record, record_id).rev


def test_values_no_pc_could_hold_are_refused_and_every_pc_keeps_syncing(live_hub, memory_keyring, tmp_path, capsys):
    tribunal, sifa, joint = share_joint_case(live_hub, tmp_path, capsys, fy)
    raw = live_hub.device("S01", "脚本")
    rev = _hub_rev(live_hub, joint)
    case = str(uuid7())
    [made] = raw.results(raw.op("case", case, "insert", status="受理"))
    assert made.status == "applied"
    bad = {
        "a date that is no date": raw.op("joint_case", joint, base_rev=rev, opened_date="2026-13-45"),
        "an unknown status": raw.op("joint_case", joint, base_rev=rev, status="随便"),
        "a required field emptied": raw.op("joint_case", joint, base_rev=rev, title=None),
        "text past its length": raw.op("joint_case", joint, base_rev=rev, title="长" * 201),
        "a number of the wrong type": raw.op("joint_case", joint, base_rev=rev, summary=12),
        "a lead office the hub lacks": raw.op("joint_case", joint, base_rev=rev,
                                              lead_office_id="01a20000-0000-7000-8000-00000000dead"),
        "a handoff to a case the hub lacks": raw.op("handoff", str(uuid7()), "insert", joint_case_id=str(uuid7()),
                                                    from_office_id=raw.office_id, to_office_id=raw.office_id),
        "a case naming a mediator the hub lacks": raw.op("case", str(uuid7()), "insert",
                                                         lead_mediator_id=str(uuid7()), office_id=raw.office_id),
        "a move the state machine forbids": raw.op("case", case, base_rev=made.rev, status="结案"),
    }
    results = raw.results(*bad.values())
    for (what, _op), result in zip(bad.items(), results):
        assert result.status == "rejected", what
        assert result.reason and len(result.reason) < 1000, what
    by = dict(zip(bad, results))
    assert "立案日期" in by["a date that is no date"].reason
    assert by["a lead office the hub lacks"].code == "invalid"
    assert by["a handoff to a case the hub lacks"].code in ("forbidden", "unknown_record")
    assert by["a case naming a mediator the hub lacks"].code == "unknown_record"
    # past the protocol's own limits no desk goes near: the request is refused whole (422)
    for fields in ({f"f{i}": i for i in range(20_000)}, {"名" * 100_000: "x"}):
        refused = raw.push(raw.op("joint_case", joint, base_rev=rev, **fields))
        assert refused.status_code == 422 and refused.json()["code"] == "bad_request"

    # the other PCs go on as before: an ordinary edit still travels, and nothing is missed
    fy(capsys, tribunal, "record", "set", "joint_case", joint, "title=土地流转费纠纷联动化解")
    for pc in (tribunal, sifa, tribunal, sifa):
        fy(capsys, pc, "sync")
    for pc in (tribunal, sifa):
        state = fy(capsys, pc, "sync", "status")
        assert state["missed"] == [] and state["last_error"] is None, state
        got = fy(capsys, pc, "record", "get", "joint_case", joint)
        assert (got["title"], got["opened_date"]) == ("土地流转费纠纷联动化解", "2026-11-01")


def test_a_pc_meeting_a_change_it_cannot_hold_notes_it_moves_on_and_says_so(live_hub, memory_keyring, tmp_path,
                                                                             capsys):
    """What an older hub let through is in the log for good: it costs that change only."""
    tribunal, sifa, joint = share_joint_case(live_hub, tmp_path, capsys, fy)
    with live_hub.store.session() as s:  # as the old hub stored it
        lock_log(s)
        w = LogWriter.begin(s, None)
        rec = w.get(joint)
        rec.data = {**rec.data, "opened_date": "2026-13-45"}
        rec.rev = w.append(rec, "update", {"opened_date": "2026-13-45"}, "旧版市级平台")
        w.flush()
    fy(capsys, tribunal, "record", "set", "joint_case", joint, "summary=流转费拖欠三年")
    fy(capsys, tribunal, "sync")

    fy(capsys, sifa, "sync")
    state = fy(capsys, sifa, "sync", "status")
    [missed] = state["missed"]
    assert missed["record_id"] == joint and "立案日期" in missed["reason"]
    assert state["last_error"]["code"] == "apply" and "立案日期" in state["last_error"]["message"]
    # the change after the bad one landed: the cursor did not stop at it
    assert fy(capsys, sifa, "record", "get", "joint_case", joint)["summary"] == "流转费拖欠三年"
    assert state["cursor"] >= _hub_rev(live_hub, joint)
    # and the next sync runs, still noting it, without failing
    fy(capsys, sifa, "sync")
    assert fy(capsys, sifa, "sync", "status")["missed"][0]["attempts"] >= 1


def test_another_offices_full_export_imported_here_leaves_the_second_pc_nothing_missed(
        live_hub, memory_keyring, tmp_path, capsys):
    """An office imports a tribunal's `export json --full` (its staff, cases and their links):
    whatever the hub takes from it, the office's second PC holds; what it refuses is in the
    first PC's quarantine with its reason, not missing for ever on every other PC."""
    other = tmp_path / "other"
    export = tmp_path / "export.json"
    for argv in (["demo", "--records", "15", "--seed", "3"], ["export", "json", "--out", str(export), "--full"]):
        assert main(["--data-dir", str(other), *argv]) == 0, capsys.readouterr().err
    capsys.readouterr()

    first, second = tmp_path / "sifa1", tmp_path / "sifa2"
    for pc in (first, second):
        fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"), "--device-name", pc.name)
    main(["--data-dir", str(first), "import", str(export)])
    capsys.readouterr()
    fy(capsys, first, "sync")
    fy(capsys, second, "sync")
    assert fy(capsys, second, "sync", "status")["missed"] == []
    state = fy(capsys, first, "sync", "status")
    assert state["pending"] == 0
    assert all(q["reason"] for q in state["quarantined"])
