"""The IT policy steering enrollment and sync, through the `fydesk` command and a live hub."""

from __future__ import annotations

import json

import pytest

from fydesk.cli import main
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store


def fy(capsys, pc, *argv, ok=True):
    code = main(["--data-dir", str(pc), *argv])
    out = capsys.readouterr()
    assert (code == 0) is ok, out.err
    return json.loads(out.out) if ok and "--json" in argv else out


@pytest.fixture
def policy_file(tmp_path, monkeypatch):
    path = tmp_path / "policy.toml"
    monkeypatch.setenv("FYDESK_POLICY", str(path))
    return path


def test_a_pc_enrolls_and_syncs_at_the_address_the_policy_locks(live_hub, memory_keyring, policy_file, tmp_path,
                                                                capsys):
    policy_file.write_text(f'hub_url = "{live_hub.url}"\nlocked = ["hub_url"]\n', encoding="utf-8")
    pc = tmp_path / "pc"
    answer = fy(capsys, pc, "enroll", "--code", live_hub.code("T01"), "--json")  # no --hub: the policy's
    assert answer["hub_url"] == live_hub.url and answer["office"]["code"] == "T01"
    assert fy(capsys, pc, "sync", "--json")["pending"] == 0

    # Another address may not be typed in over a locked one.
    err = fy(capsys, pc, "enroll", "--hub", "https://elsewhere.gov.cn", "--code", "ABCD-EFGH", ok=False).err
    assert f"已由信息管理员统一设置为 {live_hub.url}" in err

    # The hub moves (same server, a new name): IT changes the policy and the PC follows,
    # its token still found under the address it enrolled at.
    moved = live_hub.url.replace("127.0.0.1", "localhost")
    policy_file.write_text(f'hub_url = "{moved}"\nlocked = ["hub_url"]\n', encoding="utf-8")
    store = open_store(pc)
    with store.write() as s:
        actor = load_actor(s, "书记员")
        records.create(s, actor, "staff", {"office_id": actor.office_id, "name": "调解员乙", "role": "专职调解员"})
    store.close()
    assert fy(capsys, pc, "sync", "--json")["pushed"] == 1
    assert fy(capsys, pc, "sync", "status", "--json")["hub_url"] == moved
    shown = fy(capsys, pc, "settings", "--json")
    [hub] = [r for r in shown["settings"] if r["name"] == "hub_url"]
    assert (hub["value"], hub["locked"], hub["editable"]) == (moved, True, False)
    assert shown["policy_file"] == str(policy_file)


def test_a_code_of_another_office_is_refused_before_it_is_used(live_hub, memory_keyring, policy_file, tmp_path,
                                                               capsys):
    policy_file.write_text(f'hub_url = "{live_hub.url}"\noffice_code = "T01"\nlocked = ["office_code"]\n',
                           encoding="utf-8")
    sifa_code = live_hub.code("S01")
    err = fy(capsys, tmp_path / "pc", "enroll", "--code", sifa_code, ok=False).err
    assert "登记码属于“溪口司法所”（S01）" in err and "登记码未被使用" in err
    assert fy(capsys, tmp_path / "pc", "sync", "status", "--json")["hub_url"] is None  # nothing enrolled here

    # The code was not spent: the 司法所's own PC (no policy) enrolls with it.
    policy_file.write_text("", encoding="utf-8")
    assert fy(capsys, tmp_path / "sifa", "enroll", "--hub", live_hub.url, "--code", sifa_code,
              "--json")["office"]["code"] == "S01"
