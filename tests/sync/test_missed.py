"""A pulled change that cannot land here is not lost with the page: the record is fetched whole."""

from __future__ import annotations

import json
import sqlite3

from fydesk.cli import main
from fydesk.models import MediationCase
from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from ..conftest import TODAY

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "房屋宅基地纠纷",
        "summary": "张某与王某因宅基地界址发生争议。", "registered_date": "2026-11-02"}
PARTIES = [{"role": "申请人", "name": "张伟"}, {"role": "被申请人", "name": "王芳"}]


def fy(capsys, pc, *argv):
    assert main(["--data-dir", str(pc), *argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_an_edit_of_a_record_this_pc_lacks_brings_the_record_whole(live_hub, memory_keyring, tmp_path, capsys):
    first, second = tmp_path / "pc1", tmp_path / "pc2"
    for pc in (first, second):
        fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    store = open_store(first)
    with store.write() as s:
        case = cases.register_case(s, load_actor(s, "书记员"), CASE, PARTIES, today=TODAY).case
    store.close()
    fy(capsys, first, "sync")
    assert fy(capsys, second, "sync")["pulled"] >= 3

    # The second PC's copy loses the case (a damaged file patched by hand, an old backup…).
    with sqlite3.connect(second / "fydesk.db") as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM mediation_cases WHERE id = ?", (case.id,))

    store = open_store(first)
    with store.write() as s:
        records.update(s, load_actor(s, "书记员"), "case", case.id, {"summary": "界址争议已查明，双方同意测量。"})
    store.close()
    fy(capsys, first, "sync")
    summary = fy(capsys, second, "sync")
    assert summary["refetched"] == 1
    store = open_store(second)
    with store.read() as s:
        back = s.get(MediationCase, case.id)
        assert back.summary == "界址争议已查明，双方同意测量。" and back.dispute_type == "房屋宅基地纠纷"
    store.close()
    status = fy(capsys, second, "sync", "status")
    assert status["missed"] == [] and status["pending"] == 0
