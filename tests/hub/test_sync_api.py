"""The hub through real HTTP: enrollment, idempotent pushes, scoped pulls, merges, conflicts."""

from __future__ import annotations

import threading
import time

import httpx
from sqlalchemy import event, func, select, update
from uuid6 import uuid7

from fydesk.hub.auth import digest
from fydesk.hub.models import Batch, ChangeEntry, Conflict, Device, History, Record
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
        revoke_device(s, tribunal.id, "电脑报废")
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


def test_the_hub_keeps_only_token_hashes(hub):
    tribunal, _ = _offices(hub)
    blob = hub.stored_bytes()
    assert digest(tribunal.token).encode() in blob  # the search did reach the devices table
    assert tribunal.token.encode() not in blob


def test_openapi_schema_is_the_protocol(hub):
    schema = httpx.get(f"{hub.url}/openapi.json").json()
    assert {"PushRequest", "PushResponse", "PullResponse", "Op", "FieldConflict"} <= set(schema["components"]["schemas"])


# --- what PostgreSQL showed: concurrency, commit timing, column widths ------------------------

def test_the_reply_is_sent_only_after_the_commit(hub):
    """A client told "applied" must find its change committed (and a failed commit is no reply)."""
    tribunal, _ = _offices(hub)
    committed = []

    def before_commit(session):
        # Mark the push's own transaction: an earlier request's may still be committing.
        if not committed and session.scalar(select(Batch.batch_id).where(Batch.batch_id == "slow-commit")):
            session.info["probe"] = True
        # Slow every commit down: were the push's run after its reply, the reply would come first.
        time.sleep(0.3)

    def after_commit(session):
        if session.info.pop("probe", False):
            committed.append(time.monotonic())

    event.listen(hub.store._sessions, "before_commit", before_commit)
    event.listen(hub.store._sessions, "after_commit", after_commit)
    r = tribunal.push(tribunal.op("case", CASE, "insert", summary="借款纠纷"), batch_id="slow-commit")
    replied = time.monotonic()
    assert r.status_code == 200 and committed and committed[0] <= replied


def test_concurrent_pushes_never_hide_a_change_from_a_pull_cursor(hub):
    """§4's gap: a seq handed out before a slower commit must not be passed by a cursor."""
    hub.office("T01", "溪口人民法庭")
    pushers = [hub.device("T01", f"PC-{i}") for i in range(3)]
    reader = hub.device("T01", "读取")
    done = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def push(device):
        try:
            for _ in range(12):
                device.results(*(device.op("case", str(uuid7()), "insert", summary="并发") for _ in range(4)))
        except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(exc)

    def pull():
        while not done.is_set():
            seen.extend(c.seq for c in reader.pull())

    threads = [threading.Thread(target=push, args=(d,)) for d in pushers]
    puller = threading.Thread(target=pull)
    for t in (*threads, puller):
        t.start()
    for t in threads:
        t.join()
    done.set()
    puller.join()
    seen.extend(c.seq for c in reader.pull())
    assert not errors
    everything = [c.seq for c in hub.device("T01", "核对").pull()]
    assert len(everything) == 1 + 3 * 12 * 4
    assert seen == everything  # nothing skipped, nothing twice, in order


def test_concurrent_lease_requests_get_disjoint_blocks(hub):
    hub.office("T01", "溪口人民法庭")
    devices = [hub.device("T01", f"PC-{i}") for i in range(4)]
    grants: list[tuple[int, int]] = []

    def lease(device):
        for _ in range(5):
            r = httpx.post(f"{hub.url}/v1/leases", headers=device.headers(),
                           json={"series": "case", "year": 2026, "count": 10})
            grant = p.LeaseResponse.model_validate(r.json()).grant
            grants.append((grant.start, grant.end))

    threads = [threading.Thread(target=lease, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(grants) == [(1 + 10 * i, 10 * (i + 1)) for i in range(20)]


def test_long_user_names_are_kept_whole_and_unknown_field_names_refused(hub):
    """Authors come from the PC: a width PostgreSQL enforces must not fail a batch. A field no
    PC has (a made-up or 100 KB name) is refused with a short reason, never stored and passed on."""
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    first = tribunal.op("joint_case", JOINT, base_rev=rev, summary="法庭")
    first["user"] = "书记员" * 40
    tribunal.results(first)
    [r] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, summary="司法所"))
    assert r.status == "merged"
    with hub.store.session() as s:
        [old] = s.scalars(select(History)).all()
    assert old.field == "summary" and old.old_author.endswith("书记员" * 40)
    # (a longer name than the protocol allows is refused with the whole request: test_limits.py)
    for name in ("备注_" + "很长的字段名" * 10, "x" * p.MAX_FIELD_NAME):
        [refused] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, **{name: "司法所"}))
        assert (refused.status, refused.code) == ("rejected", "invalid")
        assert "联动案件没有" in refused.reason and len(refused.reason) < 1000


def test_a_joint_case_naming_an_unregistered_office_is_rejected(hub):
    """The id would become a scope key: "*" would show the case to every office."""
    tribunal, sifa = _offices(hub)
    [ok] = tribunal.results(tribunal.op("joint_case", JOINT, "insert", title="联动",
                                        lead_office_id=tribunal.office_id))
    assert ok.status == "applied"
    for office in ("*", "01a20000-0000-7000-8000-00000000dead", 7, "x" * 50):
        lead, link = tribunal.results(
            tribunal.op("joint_case", str(uuid7()), "insert", title="联动二", lead_office_id=office),
            tribunal.op("joint_office", LINK, "insert", joint_case_id=JOINT, office_id=office),
        )
        assert [(r.status, r.code) for r in (lead, link)] == [("rejected", "invalid")] * 2, office
    assert not [c for c in sifa.pull() if c.entity.startswith("joint")]


def test_an_edit_arriving_after_a_void_and_a_concurrent_edit_is_a_conflict_not_an_error(hub):
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    [edited] = tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, summary="法庭补充"))
    [voided] = tribunal.results(tribunal.op("joint_case", JOINT, "delete", base_rev=edited.rev, reason="撤销"))
    assert voided.status == "applied"
    # the 司法所 never saw either: its edit of the same ordinary field meets a voided record
    [late] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, summary="司法所补充"))
    assert late.status == "conflict" and [c.field for c in late.conflicts] == ["deleted_at"]
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(History)) == 0


def test_a_hub_holding_fewer_of_a_devices_ops_than_it_acknowledged_applies_nothing(hub):
    """After a restore from a backup the hub says how far it got; the PC resends the rest."""
    tribunal, _ = _offices(hub)
    first = tribunal.push(tribunal.op("case", CASE, "insert", summary="借款纠纷"))
    assert p.PushResponse.model_validate(first.json()).device_acked == tribunal.seq
    held = tribunal.seq
    # The PC says the hub once acknowledged more than it now holds.
    later = tribunal.push(tribunal.op("case", CASE, summary="改过的案情"), acked_before=held + 5)
    answer = p.PushResponse.model_validate(later.json())
    assert (answer.results, answer.device_acked) == ([], held)
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Batch)) == 1  # not remembered as done
        assert s.get(Record, CASE).data["summary"] == "借款纠纷"
    pulled = httpx.get(f"{hub.url}/v1/pull", headers=tribunal.headers())
    assert p.PullResponse.model_validate(pulled.json()).device_acked == held



# --- a hub restored from a backup numbers new changes as it numbered the lost ones ----------

OTHER_TAG = "0123456789abcdef"


def _pull(device, cursor: int, tag: str | None = None) -> p.PullResponse:
    params = {"cursor": cursor, "limit": 500, **({"tag": tag} if tag is not None else {})}
    r = httpx.get(f"{device.hub.url}/v1/pull", headers=device.headers(), params=params)
    r.raise_for_status()
    return p.PullResponse.model_validate(r.json())


def test_every_answer_carries_the_log_head_and_every_change_a_tag_of_its_own(hub):
    tribunal, _ = _offices(hub)
    op = tribunal.op("case", CASE, "insert", summary="借款纠纷")
    pushed = p.PushResponse.model_validate(tribunal.push(op, batch_id="b-1").json())
    with hub.store.session() as s:
        tags = dict(s.execute(select(ChangeEntry.seq, ChangeEntry.tag)).all())
    head = max(tags)
    assert pushed.head == head == pushed.results[0].rev
    assert all(tags.values()) and len(set(tags.values())) == len(tags)
    page = _pull(tribunal, 0)
    assert page.head == head and [c.tag for c in page.changes] == [tags[c.seq] for c in page.changes]
    fetched = httpx.post(f"{hub.url}/v1/records", headers=tribunal.headers(),
                         json={"records": [{"entity": "case", "record_id": CASE}]})
    assert p.FetchResponse.model_validate(fetched.json()).head == head
    edited = tribunal.results(tribunal.op("case", CASE, base_rev=head, summary="改过的案情"))
    replayed = p.PushResponse.model_validate(tribunal.push(op, batch_id="b-1").json())
    assert replayed.replayed and replayed.head == edited[0].rev > head  # the head now, not the stored one


def test_a_pull_from_a_change_the_hub_does_not_hold_as_pulled_gets_nothing_and_is_told(hub):
    tribunal, _ = _offices(hub)
    tribunal.results(tribunal.op("case", CASE, "insert", summary="借款纠纷"),
                     tribunal.op("case", CASE, summary="改过的案情"))
    page = _pull(tribunal, 0)
    before, last = page.changes[-2:]
    assert not _pull(tribunal, last.seq, last.tag).cursor_unknown
    assert _pull(tribunal, before.seq, before.tag).changes == [last]
    other = _pull(tribunal, last.seq, OTHER_TAG)  # another change under that seq: the hub went back
    assert (other.cursor_unknown, other.changes, other.more, other.head) == (True, [], False, page.head)
    beyond = _pull(tribunal, page.head + 3)  # no tag at all: a change the hub does not have
    assert (beyond.cursor_unknown, beyond.head) == (True, page.head)
    # Logged before tags existed: the hub cannot tell, and only a missing change counts.
    with hub.store.session() as s:
        s.execute(update(ChangeEntry).values(tag=None))
    assert not _pull(tribunal, last.seq, OTHER_TAG).cursor_unknown
    assert [c.seq for c in _pull(tribunal, before.seq, OTHER_TAG).changes] == [last.seq]


def test_a_push_from_a_pc_whose_last_pulled_change_the_hub_lacks_applies_nothing(hub):
    """Its ops' base revs would claim to have seen whatever the hub now numbers there."""
    tribunal, _ = _offices(hub)
    [made] = tribunal.results(tribunal.op("case", CASE, "insert", summary="借款纠纷"))
    page = _pull(tribunal, 0)
    held = tribunal.seq
    body = {"batch_id": "b-stale", "ops": [tribunal.op("case", CASE, base_rev=made.rev, summary="改过的案情")],
            "cursor": page.cursor, "cursor_tag": OTHER_TAG}
    answer = p.PushResponse.model_validate(
        httpx.post(f"{hub.url}/v1/push", headers=tribunal.headers(), json=body).json())
    assert (answer.cursor_unknown, answer.results, answer.head, answer.device_acked) == (True, [], page.head, held)
    with hub.store.session() as s:
        assert s.get(Record, CASE).data["summary"] == "借款纠纷"
        assert s.get(Batch, (tribunal.id, "b-stale")) is None  # not remembered as done
        assert s.get(Device, tribunal.id).acked_op_seq == held
    body["cursor_tag"] = page.changes[-1].tag
    answer = p.PushResponse.model_validate(
        httpx.post(f"{hub.url}/v1/push", headers=tribunal.headers(), json=body).json())
    assert not answer.cursor_unknown and [r.status for r in answer.results] == ["applied"]

def test_handing_the_lead_to_another_office_shows_it_the_joint_case(hub):
    tribunal, sifa = _offices(hub)
    [made] = tribunal.results(tribunal.op("joint_case", JOINT, "insert", title="土地流转纠纷联动化解",
                                          lead_office_id=tribunal.office_id, status="办理中"))
    assert [c for c in sifa.pull() if c.record_id == JOINT] == []
    [bad] = tribunal.results(tribunal.op("joint_case", JOINT, base_rev=made.rev, lead_office_id="*"))
    assert bad.status == "rejected" and "牵头单位" in bad.reason
    [moved] = tribunal.results(tribunal.op("joint_case", JOINT, base_rev=made.rev, lead_office_id=sifa.office_id))
    assert moved.status == "applied"
    [seen] = [c for c in sifa.pull() if c.record_id == JOINT]
    assert seen.op == "insert" and seen.fields["lead_office_id"] == sifa.office_id
    assert seen.fields["title"] == "土地流转纠纷联动化解"
    # and from now on it may write to it, as a taking-part office may
    [edit] = sifa.results(sifa.op("joint_case", JOINT, base_rev=seen.seq, summary="由司法所牵头"))
    assert edit.status == "applied"


def test_a_conflict_raised_earlier_in_a_batch_keeps_the_flag_when_a_later_op_settles_another(hub):
    """Two saves of one record in one batch: the first collides with another PC's edit of a
    legal field (a new conflict), the second answers the record's older conflict. The record
    still has a question open, so it stays 需协调; the flag was cleared, the new conflict not
    yet written being missed by the check."""
    hub.office("T01", "溪口人民法庭")
    mine, theirs = hub.device("T01", "书记员电脑"), hub.device("T01", "庭长电脑")
    [made] = mine.results(mine.op("case", CASE, "insert", summary="借款纠纷", status="受理", amount_cents=100))
    theirs.results(theirs.op("case", CASE, base_rev=made.rev, status="调解中"))
    [older] = mine.results(mine.op("case", CASE, base_rev=made.rev, status="撤回"))
    assert older.status == "conflict"
    theirs.results(theirs.op("case", CASE, base_rev=older.rev, amount_cents=200))
    clash, settling = mine.results(mine.op("case", CASE, base_rev=older.rev, amount_cents=300),
                                   mine.op("case", CASE, base_rev=older.rev, status="调解中"))
    assert clash.status == "conflict" and [c.field for c in clash.conflicts] == ["amount_cents"]
    with hub.store.session() as s:
        open_fields = sorted(s.scalars(select(Conflict.field).where(Conflict.resolved_at.is_(None))))
        assert open_fields == ["amount_cents"]
        assert s.get(Record, CASE).needs_coordination is True
    last = [c for c in theirs.pull() if c.record_id == CASE][-1]
    assert last.needs_coordination is True


def test_an_edit_made_with_the_conflict_in_view_settles_it_and_clears_the_flag(hub):
    """DESIGN §4: the resolution is an ordinary edit. One made without having seen the
    conflict is just another concurrent change of a legal field."""
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, status="已办结", closed_date="2026-11-20"))
    [clash] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, status="已退回", closed_date="2026-11-21"))
    assert {c.field for c in clash.conflicts} == {"status", "closed_date"}
    seen = clash.rev
    [blind] = sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, status="已退回"))
    assert blind.status == "conflict"  # not seen: still a question, now asked twice
    # keeping the hub's value counts too: the decision is logged though nothing changes
    [kept] = tribunal.results(tribunal.op("joint_case", JOINT, base_rev=blind.rev, status="已办结"))
    assert kept.status == "applied"
    with hub.store.session() as s:
        open_fields = sorted(s.scalars(select(Conflict.field).where(Conflict.resolved_at.is_(None))))
        assert open_fields == ["closed_date"]
        assert s.get(Record, JOINT).needs_coordination is True  # closed_date is still open
    [done] = sifa.results(sifa.op("joint_case", JOINT, base_rev=max(seen, kept.rev), closed_date="2026-11-20"))
    assert done.status == "applied"
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))) == 0
        assert s.get(Record, JOINT).needs_coordination is False
    last = [c for c in tribunal.pull() if c.record_id == JOINT][-1]
    assert (last.needs_coordination, last.fields) == (False, {"closed_date": "2026-11-20"})


def test_an_edit_meeting_a_void_sends_no_empty_value_for_a_field_the_hub_never_had(hub):
    """Found by tests/sync/test_accepted_means_holdable.py: the flag answering an edit of a
    voided record named the edited field with the hub's value — None where the hub had none,
    which a PC's NOT NULL column refused (its default stands for the missing field)."""
    tribunal, sifa = _offices(hub)
    _joint(tribunal, sifa)
    second = str(uuid7())
    hub.office("C01", "溪口村委会", "村(居)委会")
    village = hub.device("C01")
    [made] = tribunal.results(tribunal.op("joint_office", second, "insert", joint_case_id=JOINT,
                                          office_id=village.office_id))
    assert made.status == "applied"
    [voided] = tribunal.results(tribunal.op("joint_office", second, "delete", base_rev=made.rev, reason="录入有误"))
    assert voided.status == "applied"
    [edit] = sifa.results(sifa.op("joint_office", second, base_rev=made.rev, role="牵头"))
    assert edit.status == "conflict"
    flag = [c for c in sifa.pull() if c.record_id == second and c.op == "flag"][-1]
    assert None not in flag.fields.values() and "role" not in flag.fields


def test_what_a_pc_holds_once_the_hub_takes_once(hub):
    """A PC's tables hold a participant office once per joint case and one set of figures per
    area and month, and office codes are unique: a second one, accepted, failed on every PC
    that received both. An office's code is the hub's to give."""
    tribunal, sifa = _offices(hub)
    _joint(tribunal, sifa)
    [again] = tribunal.results(tribunal.op("joint_office", str(uuid7()), "insert", joint_case_id=JOINT,
                                           office_id=sifa.office_id))
    assert (again.status, again.code) == ("rejected", "invalid") and "已是" in again.reason

    figures = {"area_code": "440120100", "area_name": "溪口镇", "period": "2026-10", "resident_population": 5}
    [first] = tribunal.results(tribunal.op("area_stat", str(uuid7()), "insert", **figures))
    [second] = tribunal.results(tribunal.op("area_stat", str(uuid7()), "insert", **figures))
    assert first.status == "applied" and (second.status, second.code) == ("rejected", "invalid")
    # another office keeps its own figures for the same area (no PC holds both)
    [theirs] = sifa.results(sifa.op("area_stat", str(uuid7()), "insert", **figures))
    assert theirs.status == "applied"

    [renamed] = tribunal.results(tribunal.op("office", tribunal.office_id, code="S01"))
    assert (renamed.status, renamed.code) == ("rejected", "forbidden")


def test_a_pulled_page_carries_each_change_exactly_as_the_log_holds_it(hub):
    """The page splices each change's stored JSON (fields, conflicts) into the answer instead of
    reading and writing it again: what a PC reads back is the log's entry, value for value."""
    tribunal, sifa = _offices(hub)
    rev = _joint(tribunal, sifa)
    tribunal.results(tribunal.op("joint_case", JOINT, base_rev=rev, status="已办结",
                                 summary="含“引号”、\\反斜杠\\与\n换行的说明"))
    sifa.results(sifa.op("joint_case", JOINT, base_rev=rev, status="已退回"))  # a conflict, logged
    r = httpx.get(f"{hub.url}/v1/pull", headers=sifa.headers(), params={"cursor": 0, "limit": 500})
    r.raise_for_status()
    assert r.json()["hub_time"].endswith("Z")  # the schema's date-time, with its zone
    page = p.PullResponse.model_validate_json(r.content)
    with hub.store.session() as s:
        logged = {e.seq: e for e in s.scalars(select(ChangeEntry))}
    assert len(page.changes) >= 4 and any(c.conflicts for c in page.changes)
    for change in page.changes:
        entry = logged[change.seq]
        assert (change.entity, change.record_id, change.owner_office_id, change.op, change.fields,
                change.deleted, change.needs_coordination, change.author, change.tag) == (
            entry.entity, entry.record_id, entry.owner_office_id, entry.op, entry.fields,
            entry.deleted, entry.needs_coordination, entry.author, entry.tag)
        assert [c.model_dump(mode="json") for c in change.conflicts] == entry.conflicts
    assert page.cursor == page.changes[-1].seq and page.head == max(logged)
