"""A mediation body set up on one PC of an office reaches the office's other PC through a live
hub, and a case there can name it; another office never receives it."""

from __future__ import annotations

from fydesk.services import cases
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from .test_two_offices import fy, run


def test_a_body_made_on_one_pc_reaches_the_other_pc_of_the_office(live_hub, memory_keyring, tmp_path, capsys):
    pc1, pc2, other = tmp_path / "pc1", tmp_path / "pc2", tmp_path / "other"
    fy(capsys, pc1, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"), "--device-name", "法庭PC1")
    fy(capsys, pc2, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"), "--device-name", "法庭PC2")
    fy(capsys, other, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"), "--device-name", "司法所PC")

    body = fy(capsys, pc1, "office", "body", "add", "--name", "溪口镇驻庭人民调解委员会",
              "--kind", "驻庭人民调解委员会", "--area-code", "440120100")
    staff = fy(capsys, pc1, "office", "staff", "add", "--name", "王调解", "--role", "特邀调解员")
    assert fy(capsys, pc1, "sync")["pushed"] == 2

    fy(capsys, pc2, "sync")
    [got] = fy(capsys, pc2, "office", "body", "list")
    assert (got["id"], got["name"], got["kind"]) == (body["id"], "溪口镇驻庭人民调解委员会", "驻庭人民调解委员会")
    assert [s["id"] for s in fy(capsys, pc2, "office", "staff", "list")] == [staff["id"]]

    # The second PC registers a case the body presides over; the first PC gets it, body and all.
    store = open_store(pc2)
    with store.write() as s:
        made = cases.register_case(s, load_actor(s, "书记员"), {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷", "summary": "排水沟纠纷",
            "lead_mediator_id": staff["id"]}, [{"role": "申请人", "name": "张三"}, {"role": "被申请人", "name": "李四"}])
    store.close()
    assert made.case["body_id"] == body["id"]
    assert fy(capsys, pc2, "sync")["pushed"] >= 2
    fy(capsys, pc1, "sync")
    assert fy(capsys, pc1, "record", "get", "case", made.case.id)["body_id"] == body["id"]

    # An edit on one PC (the body is renamed) reaches the other too.
    fy(capsys, pc2, "office", "body", "set", body["id"], "--name", "溪口镇人民调解委员会驻庭工作室")
    fy(capsys, pc2, "sync")
    fy(capsys, pc1, "sync")
    assert fy(capsys, pc1, "office", "body", "list")[0]["name"] == "溪口镇人民调解委员会驻庭工作室"

    # Another office's PC never receives the body.
    fy(capsys, other, "sync")
    code, _, err = run(capsys, "--data-dir", str(other), "record", "get", "mediation_body", body["id"])
    assert code == 1 and "找不到" in err
