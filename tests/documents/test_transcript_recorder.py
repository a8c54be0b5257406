"""调解笔录: 记录人 is the staff member who recorded the session."""

from __future__ import annotations

import re

import pytest
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


@pytest.mark.parametrize("sentences", range(8, 40, 3))
def test_the_signatures_share_a_page_with_the_end_of_the_record(fonts, tmp_path, sentences):
    from datetime import datetime

    from fydesk.documents.model import PartyInfo, SessionDoc

    record = "调解员向双方讲解了有关法律规定，双方各自陈述了意见。" * sentences + "本次调解结束。"
    doc = SessionDoc(office="某某村人民调解委员会", case_number="（2026）某调字第1号", dispute_type="邻里纠纷",
                     held_at=datetime(2026, 11, 3, 9, 30), place="调解室", mode="现场", mediator="赵六",
                     recorder="王五", attendees="张三、李四",
                     parties=(PartyInfo(role="申请人", kind="自然人", name="张三"),
                              PartyInfo(role="被申请人", kind="自然人", name="李四")),
                     record=record, seq=1)
    render("session", doc, tmp_path / "t.pdf", fonts)
    texts = [flat(t) for t in page_texts(tmp_path / "t.pdf")]
    sign_page = next(t for t in texts if "调解员（签名）" in t)
    assert "本次调解结束。以上笔录经当事人阅看" in sign_page
    assert not re.match(r"—\d+—本次调解结束。", sign_page), "the record's last line alone above the signatures"
    assert "（王五）" in sign_page  # the recorder signs under his name
