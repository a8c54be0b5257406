"""A tribunal PC and a 司法所 PC enrolled to one hub, driven through the `fydesk` command."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from fydesk.cli import main
from fydesk.hub.admin import revoke_device
from fydesk.models import Office
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from .conftest import share_joint_case


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def fy(capsys, pc, *argv):
    code, out, err = run(capsys, "--data-dir", str(pc), *argv, "--json")
    assert code == 0, err
    return json.loads(out)


# Once more with the hub as production serves it on several cores: two worker processes.
@pytest.mark.parametrize("live_hub", [None, 2], indirect=True, ids=["in-process", "2-workers"])
def test_two_offices_share_a_joint_case_merge_fields_and_see_a_conflict(live_hub, memory_keyring, tmp_path, capsys):
    tribunal, sifa, joint_id = share_joint_case(live_hub, tmp_path, capsys, fy)
    got = fy(capsys, sifa, "record", "get", "joint_case", joint_id)
    assert got["title"] == "土地流转纠纷联动化解"

    # different fields, offline on both sides
    fy(capsys, tribunal, "record", "set", "joint_case", joint_id, "title=土地流转费纠纷联动化解")
    fy(capsys, sifa, "record", "set", "joint_case", joint_id, "summary=流转费拖欠三年，涉及十二户")
    for pc in (tribunal, sifa, tribunal):
        fy(capsys, pc, "sync")
    for pc in (tribunal, sifa):
        both = fy(capsys, pc, "record", "get", "joint_case", joint_id)
        assert (both["title"], both["summary"]) == ("土地流转费纠纷联动化解", "流转费拖欠三年，涉及十二户")

    # the same legal field: a conflict on both PCs, nothing lost
    fy(capsys, tribunal, "record", "set", "joint_case", joint_id, "status=已办结")
    fy(capsys, sifa, "record", "set", "joint_case", joint_id, "status=已退回")
    for pc in (tribunal, sifa, tribunal):
        fy(capsys, pc, "sync")
    for pc in (tribunal, sifa):
        state = fy(capsys, pc, "sync", "status")
        [conflict] = state["conflicts"]
        assert (conflict["field"], conflict["hub_value"], conflict["op_value"]) == ("status", "已办结", "已退回")
        assert "溪口人民法庭" in conflict["hub_author"] and "溪口司法所" in conflict["op_author"]
        record = fy(capsys, pc, "record", "get", "joint_case", joint_id)
        assert record["needs_coordination"] is True and record["status"] == "已办结"
        assert state["pending"] == 0

    # a person decides at the tribunal: the 司法所's value; every PC learns it and the flag goes
    [conflict] = fy(capsys, tribunal, "sync", "status")["conflicts"]
    decided = fy(capsys, tribunal, "sync", "resolve", str(conflict["id"]), "--take", "office")
    assert decided["value"] == "已退回"
    for pc in (tribunal, sifa, tribunal):
        fy(capsys, pc, "sync")
    for pc in (tribunal, sifa):
        assert fy(capsys, pc, "sync", "status")["conflicts"] == []
        record = fy(capsys, pc, "record", "get", "joint_case", joint_id)
        assert (record["status"], record["needs_coordination"]) == ("已退回", False)
    code, _, err = run(capsys, "--data-dir", str(tribunal), "sync", "resolve", str(conflict["id"]), "--take", "hub")
    assert code == 1 and "已处理" in err


def test_an_edit_of_another_offices_record_is_quarantined_with_its_reason(live_hub, memory_keyring, tmp_path,
                                                                         capsys):
    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    fy(capsys, tribunal, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    fy(capsys, sifa, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"))
    fy(capsys, sifa, "sync")
    store = open_store(sifa)
    with store.read() as s:
        tribunal_office = s.scalar(select(Office.id).where(Office.code == "T01"))
    store.close()
    fy(capsys, sifa, "record", "set", "office", tribunal_office, "phone=020-12345678")
    summary = fy(capsys, sifa, "sync")
    assert summary["quarantined"] == 1 and summary["pending"] == 0
    [q] = fy(capsys, sifa, "sync", "status")["quarantined"]
    assert q["code"] == "forbidden" and "无权" in q["reason"]


def test_no_token_in_plain_text_under_the_data_dir(live_hub, memory_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    [token] = memory_keyring.secrets.values()
    fy(capsys, pc, "sync")
    blob = b"".join(f.read_bytes() for f in pc.rglob("*") if f.is_file())
    assert token.encode() not in blob


def test_a_revoked_device_gets_a_clear_error_and_keeps_its_changes(live_hub, memory_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    enrolled = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    with live_hub.store.session() as s:
        revoke_device(s, enrolled["device_id"], "电脑报废")
    store = open_store(pc)
    with store.write() as s:
        records.create(s, load_actor(s), "enterprise", {"name": "某某科技有限公司"})
    store.close()
    code, _, err = run(capsys, "--data-dir", str(pc), "sync")
    assert code == 1 and "停用" in err
    assert fy(capsys, pc, "sync", "status")["pending"] == 1
