"""The hub through real HTTP: enrollment, idempotent pushes, scoped pulls, merges, conflicts."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from fydesk.hub.models import ChangeEntry, Conflict, History
from fydesk.sync import protocol as p

from .conftest import HEADERS

CASE = "01a20000-0000-7000-8000-00000000c001"
JOINT = "01a20000-0000-7000-8000-00000000a001"
LINK = "01a20000-0000-7000-8000-00000000b001"


def _offices(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    return hub.device("T01", "法庭书记员电脑"), hub.device("S01", "司法所电脑")


def _joint(tribunal, sifa):
    """A joint case made at the tribunal with the 司法所 taking part."""
    results = tribunal.results(
        tribunal.op("joint_case", JOINT, "insert", title="土地流转纠纷联动化解", mode="法庭+司法所",
                    lead_office_id=tribunal.office_id, opened_date="2026-11-01", status="办理中",
                    summary="承包地流转费用争议"),
        tribunal.op("joint_office", LINK, "insert", joint_case_id=JOINT, office_id=sifa.office_id, role="参与"),
    )
    assert [r.status for r in results] == ["applied", "applied"]
    return results[0].rev


def test_enrollment_code_works_once_and_errors_are_one_sentence(hub):
    hub.office("T01", "溪口人民法庭")
    code = hub.code("T01")
    body = {"code": code.lower(), "device_name": "PC-1"}  # read over the phone, typed in lower case
    assert httpx.post(f"{hub.url}/v1/enroll", headers=HEADERS, json=body).status_code == 200
    again = httpx.post(f"{hub.url}/v1/enroll", headers=HEADERS, json=body)
    assert again.status_code == 400 and p.ErrorBody.model_validate(again.json()).code == "bad_request"
    old = httpx.post(f"{hub.url}/v1/enroll", json=body)  # no version headers: too old a client
    assert old.status_code == 426 and "升级" in old.json()["message"]


def test_a_replayed_batch_returns_the_stored_answer_and_changes_nothing(hub):
    tribunal, _ = _offices(hub)
    op = tribunal.op("case", CASE, "insert", summary="借款纠纷", status="登记")
    first = tribunal.push(op, batch_id="batch-1")
    second = tribunal.push(op, batch_id="batch-1")
    assert first.json()["results"] == second.json()["results"] and second.json()["replayed"] is True
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeEntry).where(ChangeEntry.record_id == CASE)) == 1


def test_pulls_are_scoped_to_the_office_and_offices_reach_everyone(hub):
    tribunal, sifa = _offices(hub)
    tribunal.results(tribunal.op("case", CASE, "insert", summary="借款纠纷", status="登记"))
    seen = sifa.pull()
    assert {c.entity for c in seen} == {"office"} and len(seen) == 2
    assert [c.record_id for c in tribunal.pull() if c.entity == "case"] == [CASE]


def test_another_offices_record_is_refused_and_the_rest_of_the_batch_goes_on(hub):
    tribunal, sifa = _offices(hub)
    tribunal.results(tribunal.op("case", CASE, "insert", summary="借款纠纷", status="登记"))
    results = sifa.results(sifa.op("case", CASE, summary="改写别人的案件"),
                           sifa.op("case", "01a20000-0000-7000-8000-00000000c002", "insert", summary="本所案件"))
    assert (results[0].status, results[0].code) == ("rejected", "forbidden") and "无权" in results[0].reason
    assert results[1].status == "applied"


def test_joint_case_reaches_the_participant_and_different_fields_merge(hub):
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    got = {c.entity: c for c in sifa.pull()}
    assert got["joint_case"].fields["title"] == "土地流转纠纷联动化解" and "joint_office" in got
    a = tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, title="土地流转费纠纷联动化解"))
    b = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, summary="流转费拖欠三年"))
    assert a[0].status == "applied" and b[0].status == "merged"
    final = {}
    for c in tribunal.pull():
        if c.record_id == JOINT:
            final.update(c.fields)
    assert final["title"] == "土地流转费纠纷联动化解" and final["summary"] == "流转费拖欠三年"


def test_same_legal_field_changed_by_both_is_a_conflict_seen_by_both(hub):
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, status="已办结"))
    [result] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, status="已退回"))
    assert result.status == "conflict"
    [conflict] = result.conflicts
    assert (conflict.field, conflict.hub_value, conflict.op_value) == ("status", "已办结", "已退回")
    assert "溪口人民法庭" in conflict.hub_author and "溪口司法所" in conflict.op_author
    for device in (tribunal, sifa):
        flagged = [c for c in device.pull() if c.record_id == JOINT and c.needs_coordination]
        assert flagged and flagged[-1].conflicts[0].op_value == "已退回"
        assert flagged[-1].fields["status"] == "已办结"  # the hub keeps its value meanwhile
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict)) == 1


def test_ordinary_field_overwritten_concurrently_is_kept_in_history(hub):
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, summary="法庭的摘要"))
    [result] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, summary="司法所的摘要"))
    assert result.status == "merged"
    with hub.store.session() as s:
        [old] = s.scalars(select(History)).all()
    assert (old.old_value, old.new_value) == ("法庭的摘要", "司法所的摘要")


def test_a_devices_own_successive_edits_never_conflict_with_each_other(hub):
    tribunal, _ = _offices(hub)
    tribunal.results(tribunal.op("case", CASE, "insert", summary="借款纠纷", status="登记"))
    # not pulled in between: both edits carry base_rev 0
    for status in ("受理", "调解中"):
        [r] = tribunal.results(tribunal.op("case", CASE, status=status))
        assert r.status == "applied"


def test_void_on_one_side_while_the_other_edits_is_a_conflict(hub):
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, summary="司法所补充情况"))
    [r] = tribunal.results(tribunal.op("joint_case", JOINT, "delete", base_rev=rev, reason="重复立案"))
    assert r.status == "conflict" and r.conflicts[0].field == "deleted_at"
    assert not [c for c in sifa.pull() if c.record_id == JOINT and c.deleted]


def test_a_revoked_device_gets_a_clear_error(hub):
    tribunal, _ = _offices(hub)
    from fydesk.hub.admin import revoke_device

    with hub.store.session() as s:
        revoke_device(s, tribunal.id)
    r = tribunal.push(tribunal.op("case", CASE, "insert", summary="x"))
    assert r.status_code == 403 and r.json()["code"] == "revoked" and "停用" in r.json()["message"]
    bad = httpx.get(f"{hub.url}/v1/pull", headers={**HEADERS, "Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and bad.json()["code"] == "unauthorized"


def test_two_devices_of_one_office_get_disjoint_number_blocks(hub):
    hub.office("T01", "溪口人民法庭")
    a, b = hub.device("T01", "PC-1"), hub.device("T01", "PC-2")
    grants = []
    for d in (a, b, a):
        r = httpx.post(f"{hub.url}/v1/leases", headers=d.headers(),
                       json={"series": "case", "year": 2026, "count": 50})
        grants.append(p.LeaseResponse.model_validate(r.json()).grant)
    assert [(g.start, g.end) for g in grants] == [(1, 50), (51, 100), (101, 150)]


def test_the_hub_keeps_only_token_hashes(hub, tmp_path):
    tribunal, _ = _offices(hub)
    hub.store.engine.dispose()
    blob = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
    assert tribunal.token.encode() not in blob


def test_openapi_schema_is_the_protocol(hub):
    schema = httpx.get(f"{hub.url}/openapi.json").json()
    assert {"PushRequest", "PushResponse", "PullResponse", "Op", "FieldConflict"} <= set(schema["components"]["schemas"])
