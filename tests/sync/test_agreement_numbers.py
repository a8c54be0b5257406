"""Agreement numbers of enrolled PCs: each body's blocks leased from the hub, never 临 while a
block is left, never the same number on two PCs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fydesk.cli import main
from fydesk.models import Agreement, MediationBody, NumberLease
from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from .test_two_offices import fy

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷", "summary": "排水纠纷"}


def _sign(pc, body_id: str) -> str:
    today = date.today()
    store = open_store(pc)
    with store.write() as s:
        actor = load_actor(s)
        case = cases.register_case(s, actor, {**CASE, "body_id": body_id}, [{"role": "申请人", "name": "甲"}, {"role": "被申请人", "name": "乙"}],
                                   today=today).case
        records.update(s, actor, "case", case.id, {"status": "受理"}, today=today)
        records.update(s, actor, "case", case.id, {"status": "调解中"}, today=today)
        signed, _ = cases.record_agreement(s, actor, case.id, {"facts": "事实。", "signed_date": today},
                                           [{"obligor": "甲", "content": "赔礼道歉"}], today=today)
    store.close()
    return signed["number"]


def _body(capsys, pc, name: str) -> str:
    return fy(capsys, pc, "office", "body", "add", "--name", name, "--kind", "村(居)人民调解委员会")["id"]


def test_two_pcs_of_one_office_number_each_bodys_agreements_from_hub_blocks(live_hub, memory_keyring, tmp_path,
                                                                           capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    for pc in (a, b):
        fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    east, west = _body(capsys, a, "城东村人民调解委员会"), _body(capsys, a, "城西村人民调解委员会")
    fy(capsys, a, "sync")  # the bodies reach the hub, then their blocks come
    fy(capsys, b, "sync")  # the other PC learns the bodies and gets blocks of its own
    year = date.today().year
    got = [_sign(pc, body) for pc, body in ((a, east), (b, east), (a, west), (b, west), (a, east), (b, east))]
    assert not any("临" in n for n in got) and len(set(got)) == len(got)
    assert got[0] == f"（{year}）城东人调协字第1号" and got[2] == f"（{year}）城西人调协字第1号"
    assert got[1].startswith(f"（{year}）城东人调协字第") and got[3].startswith(f"（{year}）城西人调协字第")
    for pc in (a, b):
        store = open_store(pc)
        with store.read() as s:
            leases = s.scalars(select(NumberLease).where(NumberLease.series == "agreement")).all()
        store.close()
        assert {(lease.body_id, lease.source) for lease in leases} == {(east, "hub"), (west, "hub")}
    for pc in (a, b):  # every case and agreement goes to the hub, none refused
        fy(capsys, pc, "sync")
        status = fy(capsys, pc, "sync", "status")
        assert status["pending"] == 0 and not status["quarantined"]


def test_a_standalone_offices_bodies_go_on_with_their_numbers_once_enrolled(live_hub, memory_keyring, tmp_path,
                                                                           capsys):
    pc = tmp_path / "pc"
    assert main(["--data-dir", str(pc), "init", "--office-code", "T01", "--office-name", "溪口人民法庭",
                 "--kind", "人民法庭", "--case-prefix", "溪口法"]) == 0
    capsys.readouterr()
    body = _body(capsys, pc, "溪口镇城东村人民调解委员会")
    year = date.today().year
    assert [_sign(pc, body) for _ in range(2)][-1] == f"（{year}）城东人调协字第2号"
    fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    # Enrolled, the PC no longer numbers agreements on its own: until the hub leases this body
    # a block, a new one is visibly provisional, never a number another PC could give too.
    waiting = _sign(pc, body)
    assert "协字临" in waiting
    fy(capsys, pc, "sync")  # and the sync gives it the body's next real number, as a case gets one
    store = open_store(pc)
    with store.read() as s:
        [renumbered] = s.scalars(select(Agreement).where(Agreement.number.contains("协字临") | (
            Agreement.number == f"（{year}）城东人调协字第3号"))).all()
    store.close()
    assert renumbered.number == f"（{year}）城东人调协字第3号"
    assert fy(capsys, pc, "sync", "status")["pending"] == 0  # the new number went to the hub too
    assert _sign(pc, body) == f"（{year}）城东人调协字第4号"
    store = open_store(pc)
    with store.read() as s:
        open_local = s.scalars(select(NumberLease).where(NumberLease.body_id == body, NumberLease.source == "local",
                                                         NumberLease.end.is_(None))).all()
        prefix = s.get(MediationBody, body).number_prefix
    store.close()
    assert open_local == [] and prefix == "城东人调"
