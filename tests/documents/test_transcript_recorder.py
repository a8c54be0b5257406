"""调解笔录: 记录人 is the staff member who recorded the session."""

from __future__ import annotations

from sqlalchemy import select

from fydesk import models as m
from fydesk.documents import gather
from fydesk.services import cases, records

from .conftest import TODAY, flat, page_texts, render


def _case(store, actor):
    with store.write() as s:
        made = cases.register_case(
            s, actor, {"dispute_type": "邻里纠纷", "summary": "排水沟堵塞。", "category": "人民调解",
                       "source": "当事人申请"},
            [{"role": "申请人", "kind": "自然人", "name": "张三"},
             {"role": "被申请人", "kind": "自然人", "name": "李四"}], today=TODAY)
        records.update(s, actor, "case", made.case.id, {"status": "受理"}, today=TODAY)
        clerk = records.create(s, actor, "staff", {"office_id": actor.office_id, "name": actor.user, "role": "书记员"})
        other = records.create(s, actor, "staff", {"office_id": actor.office_id, "name": "王五", "role": "书记员"})
    return made.case.id, clerk.id, other.id


SESSION = {"held_at": "2026-11-03 09:30", "place": "调解室", "attendees": "张三、李四", "record": "双方陈述。"}


def test_the_staff_member_entering_a_session_is_its_recorder(office_store, actor, fonts, tmp_path):
    case_id, clerk_id, _ = _case(office_store, actor)
    with office_store.write() as s:
        made = records.create(s, actor, "session", {**SESSION, "case_id": case_id}, today=TODAY)
    assert made["recorder_id"] == clerk_id
    with office_store.read() as s:
        doc = gather.session_record(s, made.id)
    assert doc.recorder == actor.user
    render("session", doc, tmp_path / "t.pdf", fonts)
    assert f"记录人：{actor.user}" in flat("".join(page_texts(tmp_path / "t.pdf")))


def test_a_recorder_chosen_in_the_form_is_kept(office_store, actor):
    case_id, _, other_id = _case(office_store, actor)
    with office_store.write() as s:
        made = records.create(s, actor, "session", {**SESSION, "case_id": case_id, "recorder_id": other_id},
                              today=TODAY)
        doc = gather.session_record(s, made.id)
    assert doc.recorder == "王五"


def test_every_demo_transcript_names_its_recorder(demo_store):
    with demo_store.read() as s:
        ids = s.scalars(select(m.MediationSession.id).order_by(m.MediationSession.id).limit(60)).all()
        docs = [gather.session_record(s, i) for i in ids]
    assert docs and all(d.recorder for d in docs)
    assert all(d.recorder != d.mediator for d in docs)
