"""Archiving a case checks its 卷宗 against the checklist: a missing mandatory item needs a
recorded reason (归档说明); a complete file goes without one."""

from __future__ import annotations

import hashlib

import pytest

from fydesk.domain.errors import ValidationError
from fydesk.services import attachments, cases, records

from ..conftest import TODAY

CASE = {"category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷",
        "summary": "排水沟堵塞引发邻里纠纷。", "registered_date": "2026-11-02"}
PARTIES = [{"role": "申请人", "name": "张伟"}, {"role": "被申请人", "name": "王芳"}]


def _closed_without_agreement(store, actor, *kinds: str) -> str:
    """A case mediated in one session, ended 调解不成 and closed, with attachments of `kinds`."""
    with store.write() as s:
        case_id = cases.register_case(s, actor, CASE, PARTIES, today=TODAY).case.id
        for status in ("受理", "调解中"):
            records.update(s, actor, "case", case_id, {"status": status}, today=TODAY)
        records.create(s, actor, "session", {"case_id": case_id, "held_at": "2026-11-05 10:00", "place": "调解室",
                                             "attendees": "双方", "record": "双方各执一词。"}, today=TODAY)
        for kind in kinds:
            digest = hashlib.sha256(kind.encode()).hexdigest()
            attachments.add(s, actor, "case", case_id, kind, f"{kind}.pdf", digest, 1024)
        records.update(s, actor, "case", case_id, {"status": "调解不成"}, today=TODAY, reason="双方分歧过大")
        records.update(s, actor, "case", case_id, {"status": "结案"}, today=TODAY)
    return case_id


def test_a_file_missing_mandatory_items_is_archived_only_with_a_reason(office_store, actor):
    case_id = _closed_without_agreement(office_store, actor, "身份证明")
    with pytest.raises(ValidationError) as refused:
        with office_store.write() as s:
            records.update(s, actor, "case", case_id, {"status": "归档", "archive_number": "2026-档-001"},
                           today=TODAY)
    assert refused.value.field == "archive_note"
    assert "申请书或受理登记表、权利义务告知书" in refused.value.message and "身份证明" not in refused.value.message
    assert "协议书" not in refused.value.message  # no agreement to file after 调解不成
    with office_store.read() as s:
        assert records.get(s, "case", case_id)["status"] == "结案"
    with office_store.write() as s:
        archived = records.update(s, actor, "case", case_id, {
            "status": "归档", "archive_number": "2026-档-001",
            "archive_note": "申请系口头提出，已记入受理登记；告知书当事人拒签。"}, today=TODAY)
    assert archived["status"] == "归档" and archived["archive_note"].startswith("申请系口头提出")


def test_a_complete_file_is_archived_without_a_reason(office_store, actor):
    case_id = _closed_without_agreement(office_store, actor, "申请书", "权利义务告知书", "身份证明")
    with office_store.write() as s:
        archived = records.update(s, actor, "case", case_id, {"status": "归档", "archive_number": "2026-档-002"},
                                  today=TODAY)
    assert archived["status"] == "归档" and archived["archive_note"] is None
