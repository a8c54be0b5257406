"""Case numbers of an enrolled PC: blocks from the hub, provisional numbers replaced on sync."""

from __future__ import annotations

from sqlalchemy import select

from fydesk.cli import main
from fydesk.models import NumberLease
from fydesk.services import cases
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from .test_two_offices import fy

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷", "summary": "排水纠纷"}


def _register(pc):
    store = open_store(pc)
    with store.write() as s:
        made = cases.register_case(s, load_actor(s), CASE, [{"role": "申请人", "name": "甲"}, {"role": "被申请人", "name": "乙"}])
    store.close()
    return made.case


def test_two_pcs_of_one_office_never_share_a_number(live_hub, memory_keyring, tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    for pc in (a, b):
        fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    numbers = [_register(pc)["case_number"] for pc in (a, b, a, b)]
    assert len(set(numbers)) == 4 and not any("临" in n for n in numbers)


def test_a_standalone_office_keeps_its_numbers_when_it_enrolls(live_hub, memory_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    assert main(["--data-dir", str(pc), "init", "--office-code", "T01", "--office-name", "溪口人民法庭",
                 "--kind", "人民法庭", "--case-prefix", "溪口法"]) == 0
    capsys.readouterr()
    first = [_register(pc)["case_number"] for _ in range(3)]
    fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    after = _register(pc)["case_number"]
    assert first[-1].endswith("第3号") and after.endswith("第4号")
    summary = fy(capsys, pc, "sync")
    assert summary["pushed"] == 4 * 3  # each case and its two parties; the local office stays local


def test_provisional_numbers_get_real_ones_on_the_next_sync(live_hub, memory_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    store = open_store(pc)
    with store.write() as s:  # the block is used up while offline
        for lease in s.scalars(select(NumberLease).where(NumberLease.series == "case")):
            lease.next = lease.end + 1
    store.close()
    offline = _register(pc)
    assert offline["number_provisional"] and "临" in offline["case_number"]
    fy(capsys, pc, "sync")
    got = fy(capsys, pc, "record", "get", "case", offline.id)
    assert got["number_provisional"] is False and "临" not in got["case_number"]
    assert fy(capsys, pc, "sync", "status")["pending"] == 0  # the new number reached the hub
