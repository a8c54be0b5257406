"""Attachment bodies through a real hub (issue 6, "Must show"): resumable, once, in scope.

Two desk PCs — a tribunal and a 司法所 sharing a joint case — each with a data dir of its own,
talk to a live hub (uvicorn on 127.0.0.1, SQLite and PostgreSQL) through the fault-injecting
proxy of tests/sync, which cuts the link part-way through body pieces in both directions.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import time
from datetime import datetime

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import func, select

from fydesk.cli import main
from fydesk.hub.models import Blob, BlobChunk, BlobUpload, HubOffice, Record
from fydesk.hub.store import HubStore
from fydesk.models import Office
from fydesk.services import attachments, records
from fydesk.services.context import load_actor
from fydesk.store.bodies import MB, file_sha256
from fydesk.store.open import open_store
from fydesk.sync import engine
from fydesk.sync import protocol as p
from fydesk.sync.client import RetryPolicy
from fydesk.sync.credentials import CredentialStore

from ..hub.conftest import HEADERS, LiveHub
from ..sync.faultproxy import FaultProxy

NO_WAIT = RetryPolicy(attempts=4, base=0.0, cap=0.0)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def hub(hub_url):
    live = LiveHub(HubStore(hub_url)).start()
    live.office("T01", "溪口人民法庭", "人民法庭")
    live.office("S01", "溪口司法所", "司法所")
    yield live
    live.stop()
    live.store.close()


@pytest.fixture
def proxy(hub):
    made = FaultProxy(hub.port).start()
    yield made
    made.stop()
    assert not made.errors


class PC:
    def __init__(self, root, capsys) -> None:
        self.root, self.capsys = root, capsys
        self._store = None

    def cli(self, *argv: str) -> tuple[int, str, str]:
        self.close()
        code = main(["--data-dir", str(self.root), *argv])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def enroll(self, hub: LiveHub, url: str, office: str) -> PC:
        code, _, err = self.cli("enroll", "--hub", url, "--code", hub.code(office), "--device-name", office)
        assert code == 0, err
        return self

    @property
    def store(self):
        if self._store is None:
            self._store = open_store(self.root, daily_backup=False)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def sync(self) -> engine.SyncSummary:
        with engine.connect(self.store, CredentialStore(fallback_dir=self.root / "credentials"),
                            retry=NO_WAIT) as client:
            return engine.sync(self.store, client)

    def create(self, entity: str, values: dict) -> str:
        with self.store.write() as s:
            return records.create(s, load_actor(s, "书记员"), entity, values).id

    def office(self, code: str) -> str:
        with self.store.read() as s:
            return s.scalar(select(Office.id).where(Office.code == code))


@pytest.fixture
def pcs(tmp_path, capsys):
    made: list[PC] = []

    def make(name: str) -> PC:
        made.append(PC(tmp_path / name, capsys))
        return made[-1]

    yield make
    for pc in made:
        pc.close()


def hub_blobs(hub: LiveHub) -> list[tuple[str, int, int, bool, int, int]]:
    """(sha256, size, received, complete, pieces, bytes in pieces) of every body the hub holds."""
    with hub.store.session() as s:
        out = []
        for blob in s.scalars(select(Blob).order_by(Blob.sha256)):
            pieces, stored = s.execute(select(func.count(), func.coalesce(func.sum(func.length(BlobChunk.data)), 0))
                                       .where(BlobChunk.sha256 == blob.sha256)).one()
            out.append((blob.sha256, blob.size, blob.received, blob.complete, pieces, stored))
        return out


def hub_uploads(hub: LiveHub) -> list[tuple[str, int, int]]:
    """(sha256, declared size, received) of every upload the hub holds part of."""
    with hub.store.session() as s:
        return [tuple(row) for row in s.execute(select(BlobUpload.sha256, BlobUpload.size, BlobUpload.received)
                                                .order_by(BlobUpload.sha256))]


def drop_every(proxy: FaultProxy, nth: int, *, method: str, path: str, cut, on_pass=None) -> list[int]:
    """Let nth-1 requests through, cut the nth, and so on; `on_pass(k)` runs as the k-th
    request that went through is answered. Returns a one-item list counting the cuts."""
    cuts, passed = [0], [0]

    def passed_one():
        passed[0] += 1
        if on_pass is not None:
            on_pass(passed[0])

    def arm():
        proxy.on_answer(passed_one, method=method, path=path, times=nth - 1)
        cut(then=cut_one)

    def cut_one():
        cuts[0] += 1
        arm()

    arm()
    return cuts


def joint_case(tribunal: PC, partner: str) -> str:
    joint = tribunal.create("joint_case", {"title": "土地流转纠纷联动化解", "mode": "法庭+司法所",
                                           "lead_office_id": tribunal.office("T01"), "opened_date": "2026-11-01"})
    tribunal.create("joint_office", {"joint_case_id": joint, "office_id": tribunal.office(partner)})
    return joint


def test_a_50_mb_file_reaches_the_joint_case_partner_through_a_failing_link(hub, proxy, pcs, tmp_path):
    tribunal = pcs("tribunal").enroll(hub, proxy.url, "T01")
    sifa = pcs("sifa").enroll(hub, proxy.url, "S01")
    tribunal.sync()  # learn the other offices
    joint = joint_case(tribunal, "S01")
    tribunal.sync()
    sifa.sync()
    scan = tmp_path / "现场照片及证据材料.pdf"
    scan.write_bytes(random.Random(6).randbytes(50 * MB))
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    att = attachments.add_file(tribunal.store, "书记员", "joint_case", joint, scan, "证据")
    path = f"/v1/blobs/{digest}"

    # While the upload is part-way, the 司法所 PC syncs records: a handoff goes up, the
    # attachment's record comes down; the body is not there yet and nothing waits for it.
    meanwhile = {}

    def partner_syncs(k: int) -> None:
        if k != 4:
            return
        handoff = sifa.create("handoff", {"joint_case_id": joint, "at": "2026-11-02 09:30",
                                          "from_office_id": sifa.office("S01"), "to_office_id": sifa.office("T01"),
                                          "materials": "调查笔录两份", "handler": "王力"})
        started = time.monotonic()
        summary = sifa.sync()
        meanwhile.update(seconds=time.monotonic() - started, summary=summary, handoff=handoff,
                         hub=hub_blobs(hub), staged=hub_uploads(hub))
        with sifa.store.read() as s:
            meanwhile["listed"] = attachments.list_for(s, "joint_case", joint)

    # Cut half-way through a piece (the hub stores none of it), or after the hub stored the
    # piece and before its answer arrives (the PC must ask where the hub stands), in turn.
    kinds = itertools.cycle([
        lambda then: proxy.drop_mid_body(p.BLOB_CHUNK // 2, method="PUT", path=path, then=then),
        lambda then: proxy.drop_response(method="PUT", path=path, then=then)])
    cuts = drop_every(proxy, 3, method="PUT", path=path, on_pass=partner_syncs,
                      cut=lambda then: next(kinds)(then))
    sent = tribunal.sync()
    proxy.passthrough()

    assert sent.bodies_sent == 1 and not sent.warnings
    assert cuts[0] >= 4  # the link really did drop, again and again
    heads = proxy.requests("HEAD", path)
    assert len(heads) >= 3  # after each answer lost, the PC asked the hub where to go on from
    [(sha, size, received, complete, pieces, stored)] = hub_blobs(hub)
    assert (sha, size, received, complete, stored) == (digest, 50 * MB, 50 * MB, True, 50 * MB)
    assert pieces == -(-50 * MB // p.BLOB_CHUNK)  # each piece once, none twice after a retry

    # the partner's record sync ran to its end in the middle of the upload
    [(_, size_then, received_then)] = meanwhile["staged"]
    assert meanwhile["hub"] == [] and size_then == 50 * MB and 0 < received_then < 50 * MB
    assert meanwhile["seconds"] < 10 and meanwhile["summary"].pushed == 1
    assert [(a.id, a.body) for a in meanwhile["listed"]] == [(att.id, attachments.ON_HUB)]
    with hub.store.session() as s:
        assert s.get(Record, meanwhile["handoff"]) is not None

    # the partner fetches it in the background step of its next sync, through cut answers
    gets = drop_every(proxy, 3, method="GET", path=path,
                      cut=lambda then: proxy.drop_response(method="GET", path=path, send_head=True, then=then))
    got = sifa.sync()
    proxy.passthrough()
    assert got.bodies_fetched == 1 and not got.warnings and gets[0] >= 3
    here = attachments.bodies_of(sifa.store).path(digest)
    assert here.stat().st_size == 50 * MB and file_sha256(here) == digest
    with sifa.store.read() as s:
        assert [a.body for a in attachments.list_for(s, "joint_case", joint)] == [attachments.HERE]
    code, _, err = sifa.cli("db", "check")
    assert code == 0, err


def test_the_same_scan_on_two_records_is_stored_once_here_and_once_on_the_hub(hub, pcs, tmp_path):
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    firms = [tribunal.create("enterprise", {"name": name}) for name in ("甲有限公司", "乙有限公司")]
    scan = tmp_path / "授权委托书.pdf"
    scan.write_bytes(random.Random(7).randbytes(5 * MB + 123))
    made = [attachments.add_file(tribunal.store, "书记员", "enterprise", firm, scan, "授权委托书") for firm in firms]
    first = tribunal.sync()
    again = tribunal.sync()
    assert (first.bodies_sent, again.bodies_sent) == (1, 0)
    files = [f for f in tribunal.store.data_dir.files_dir.rglob("*") if f.is_file()]
    assert [f.name for f in files] == [made[0].sha256]
    assert [(sha, stored, complete) for sha, _, _, complete, _, stored in hub_blobs(hub)] == [
        (made[0].sha256, 5 * MB + 123, True)]
    with hub.store.session() as s:
        named = s.scalars(select(Record.record_id).where(Record.entity == "attachment")).all()
    assert sorted(named) == sorted(a.id for a in made)


def test_the_hub_answers_only_in_scope_resumes_at_its_offset_and_drops_a_wrong_body(hub):
    tribunal, sifa = hub.device("T01"), hub.device("S01")
    body = random.Random(8).randbytes(3 * MB)
    sha = hashlib.sha256(body).hexdigest()
    firm = tribunal.op("enterprise", "01900000-0000-7000-8000-000000000001", "insert", name="甲有限公司")
    att = tribunal.op("attachment", "01900000-0000-7000-8000-000000000002", "insert", owner_entity="enterprise",
                      owner_id=firm["record_id"], kind="证据", name="a.bin", size=len(body), sha256=sha)
    assert [r.status for r in tribunal.results(firm, att)] == ["applied", "applied"]

    def call(device, method, offset=None, content=None, headers=None):
        sized = {p.HEADER_BLOB_SIZE: str(len(body))} if method == "PUT" else {}
        return httpx.request(method, f"{hub.url}/v1/blobs/{sha}", headers={**device.headers(), **sized, **(headers or {})},
                             params={"offset": offset} if offset is not None else None, content=content)

    # another office sees nothing of it, neither may it send one
    assert call(sifa, "HEAD").status_code == 404
    assert call(sifa, "PUT", 0, body[:MB]).status_code == 404
    # a wrong offset is refused with where to go on from; the body is verified at the end
    assert call(tribunal, "PUT", 0, body[:MB]).json()["received"] == MB
    wrong = call(tribunal, "PUT", 0, body[:MB])
    assert wrong.status_code == 409 and str(MB) in wrong.json()["message"]
    head = call(tribunal, "HEAD")
    assert (head.headers[p.HEADER_BLOB_RECEIVED], head.headers[p.HEADER_BLOB_COMPLETE]) == (str(MB), "0")
    assert call(tribunal, "GET").status_code == 404  # not whole yet
    spoiled = call(tribunal, "PUT", MB, b"\0" * (2 * MB))
    assert spoiled.status_code == 422 and spoiled.json()["code"] == "hash_mismatch"
    assert call(tribunal, "HEAD").headers[p.HEADER_BLOB_RECEIVED] == "0"
    for offset in (0, MB, 2 * MB):
        assert call(tribunal, "PUT", offset, body[offset:offset + MB]).status_code == 200
    assert call(tribunal, "HEAD").headers[p.HEADER_BLOB_COMPLETE] == "1"
    part = call(tribunal, "GET", headers={"Range": f"bytes={MB - 10}-{MB + 9}"})
    assert part.status_code == 206 and part.content == body[MB - 10:MB + 10]
    assert part.headers["Content-Range"] == f"bytes {MB - 10}-{MB + 9}/{3 * MB}"
    assert call(tribunal, "GET").content == body
    assert call(sifa, "GET").status_code == 404
    assert call(tribunal, "PUT", 0, body[:MB]).json()["complete"] is True  # a late retry changes nothing
    # a record of another office's body it cannot see is refused, so no way round the scope
    other = sifa.op("attachment", "01900000-0000-7000-8000-000000000003", "insert", owner_entity="enterprise",
                    owner_id=firm["record_id"], kind="证据", name="b.bin", size=len(body), sha256=sha)
    assert [r.code for r in sifa.results(other)] == ["forbidden"]
    assert call(sifa, "GET").status_code == 404
    assert HEADERS  # the same version headers as every other request


@pytest.mark.parametrize("hub_url", ["sqlite"], indirect=True)
def test_attach_get_fetches_on_demand_and_continues_a_partial_download(hub, proxy, pcs, tmp_path):
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    sifa = pcs("sifa").enroll(hub, proxy.url, "S01")
    tribunal.sync()
    joint = joint_case(tribunal, "S01")
    scan = tmp_path / "回访记录.jpg"
    scan.write_bytes(random.Random(9).randbytes(9 * MB))
    att = attachments.add_file(tribunal.store, "书记员", "joint_case", joint, scan, "回访记录")
    tribunal.sync()
    bodies = attachments.bodies_of(sifa.store)
    with engine.connect(sifa.store, CredentialStore(fallback_dir=sifa.root / "credentials")) as client:
        engine.sync(sifa.store, client, with_bodies=False)  # records only: the body stays on the hub
    code, status, _ = sifa.cli("sync", "status", "--json")
    assert (json.loads(status)["bodies_to_fetch"], json.loads(status)["bodies_to_send"]) == (1, 0)
    bodies.append_partial(att.sha256, 0, scan.read_bytes()[:5 * MB])  # an earlier download, cut off
    out = tmp_path / "取出.jpg"
    code, _, err = sifa.cli("attach", "get", att.id, "--out", str(out))
    assert code == 0, err
    assert out.read_bytes() == scan.read_bytes()
    # the size from the hub, not the record; then 4 MB left: one piece
    assert [s.method for s in proxy.requests(path=f"/v1/blobs/{att.sha256}")] == ["HEAD", "GET"]
    code, listed, _ = sifa.cli("attach", "list", "joint_case", joint, "--json")
    assert [a["body"] for a in json.loads(listed)] == [attachments.HERE]
    code, status, _ = sifa.cli("sync", "status", "--json")
    assert json.loads(status)["bodies_to_fetch"] == 0


def test_an_office_joining_a_joint_case_later_sees_its_attachments_and_may_read_their_bodies(hub):
    tribunal, sifa = hub.device("T01"), hub.device("S01")
    body = b"%PDF-1.4 scanned agreement"
    sha = hashlib.sha256(body).hexdigest()
    joint = tribunal.op("joint_case", "01900000-0000-7000-8000-000000000011", "insert", title="联动",
                        mode="法庭+司法所", lead_office_id=tribunal.office_id, opened_date="2026-11-01")
    att = tribunal.op("attachment", "01900000-0000-7000-8000-000000000012", "insert", owner_entity="joint_case",
                      owner_id=joint["record_id"], kind="签署的协议书扫描件", name="协议书.pdf", size=len(body),
                      sha256=sha)
    assert [r.status for r in tribunal.results(joint, att)] == ["applied", "applied"]
    url, offset = f"{hub.url}/v1/blobs/{sha}", {"offset": 0}
    sized = {**tribunal.headers(), p.HEADER_BLOB_SIZE: str(len(body))}
    assert httpx.put(url, params=offset, content=body, headers=sized).json()["complete"]
    assert httpx.get(url, headers=sifa.headers()).status_code == 404  # not a participant yet
    link = tribunal.op("joint_office", "01900000-0000-7000-8000-000000000013", "insert",
                       joint_case_id=joint["record_id"], office_id=sifa.office_id)
    assert [r.status for r in tribunal.results(link)] == ["applied"]
    assert att["record_id"] in {c.record_id for c in sifa.pull() if c.entity == "attachment"}
    assert httpx.get(url, headers=sifa.headers()).content == body


@pytest.mark.parametrize("hub_url", ["sqlite"], indirect=True)
def test_an_altered_body_here_is_not_sent_and_the_sync_says_so(hub, pcs, tmp_path):
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    firm = tribunal.create("enterprise", {"name": "甲有限公司"})
    scan = tmp_path / "证据.pdf"
    scan.write_bytes(random.Random(10).randbytes(MB))
    att = attachments.add_file(tribunal.store, "书记员", "enterprise", firm, scan, "证据")
    kept = attachments.bodies_of(tribunal.store).path(att.sha256)
    kept.write_bytes(b"\0" + kept.read_bytes()[1:])
    summary = tribunal.sync()
    assert summary.pushed >= 2 and summary.bodies_sent == 0  # the records went all the same
    assert [w for w in summary.warnings if "缺失或已被改动" in w and att.sha256 in w]
    assert hub_blobs(hub) == []


# --- issue 12, item 2: a hash is no key to anyone's file ------------------------------------

def name_a_hash(pc: PC, firm: str, sha256: str, size: int) -> str:
    """An attachment record naming a body this PC does not have (as a tampered desk could)."""
    with pc.store.write() as s:
        return records.create(s, load_actor(s, "书记员"), "attachment", {
            "owner_entity": "enterprise", "owner_id": firm, "kind": "证据", "name": "别人的扫描件.pdf",
        }, system_values={"media_type": "application/pdf", "size": size, "sha256": sha256,
                          "added_at": datetime(2026, 11, 3, 10), "added_by": "书记员"}).id


def test_a_desk_naming_anothers_hash_gets_nothing_while_the_joint_case_partner_gets_the_file(hub, pcs, tmp_path):
    hub.office("S02", "城关司法所", "司法所")
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    sifa = pcs("sifa").enroll(hub, hub.url, "S01")
    other = pcs("other").enroll(hub, hub.url, "S02")
    tribunal.sync()
    joint = joint_case(tribunal, "S01")
    scan = tmp_path / "调解笔录.pdf"
    scan.write_bytes(random.Random(11).randbytes(MB + 7))
    att = attachments.add_file(tribunal.store, "书记员", "joint_case", joint, scan, "证据")
    assert tribunal.sync().bodies_sent == 1

    named = name_a_hash(other, other.create("enterprise", {"name": "丙有限公司"}), att.sha256, att.size)
    assert other.sync().pushed >= 2
    out = tmp_path / "拿到的.pdf"
    code, _, err = other.cli("attach", "get", named, "--out", str(out))
    assert code != 0 and "还没有本单位可以取回" in err and not out.exists()
    assert not attachments.bodies_of(other.store).has(att.sha256)

    got = sifa.sync()
    assert got.bodies_fetched == 1 and not got.warnings
    assert attachments.bodies_of(sifa.store).path(att.sha256).read_bytes() == scan.read_bytes()


def test_a_false_size_named_first_does_not_stop_the_owners_upload(hub, pcs, tmp_path):
    hub.office("S02", "城关司法所", "司法所")
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    sifa = pcs("sifa").enroll(hub, hub.url, "S01")
    other = pcs("other").enroll(hub, hub.url, "S02")
    scan = tmp_path / "鉴定意见.pdf"
    scan.write_bytes(random.Random(12).randbytes(5 * MB + 1))
    sha = file_sha256(scan)
    # Another office names the hash first with a size of 10 bytes and starts an upload of that.
    name_a_hash(other, other.create("enterprise", {"name": "丙有限公司"}), sha, 10)
    other.sync()
    device = hub.device("S02")
    sent = httpx.put(f"{hub.url}/v1/blobs/{sha}", params={"offset": 0}, content=b"0123456789",
                     headers={**device.headers(), p.HEADER_BLOB_SIZE: "10"})
    assert sent.status_code == 422

    tribunal.sync()
    joint = joint_case(tribunal, "S01")
    attachments.add_file(tribunal.store, "书记员", "joint_case", joint, scan, "证据")
    summary = tribunal.sync()
    assert summary.bodies_sent == 1 and not summary.warnings
    assert hub_blobs(hub) == [(sha, 5 * MB + 1, 5 * MB + 1, True, 2, 5 * MB + 1)]
    got = sifa.sync()
    assert got.bodies_fetched == 1 and not got.warnings
    assert file_sha256(attachments.bodies_of(sifa.store).path(sha)) == sha


def test_a_body_fetched_here_and_attached_again_is_sent_so_the_new_records_partners_read_it(hub, pcs, tmp_path):
    hub.office("S02", "城关司法所", "司法所")
    tribunal = pcs("tribunal").enroll(hub, hub.url, "T01")
    sifa = pcs("sifa").enroll(hub, hub.url, "S01")
    other = pcs("other").enroll(hub, hub.url, "S02")
    tribunal.sync()
    scan = tmp_path / "现场照片.jpg"
    scan.write_bytes(random.Random(13).randbytes(MB))
    att = attachments.add_file(tribunal.store, "书记员", "joint_case", joint_case(tribunal, "S01"), scan, "照片")
    tribunal.sync()
    assert sifa.sync().bodies_fetched == 1

    # The 司法所 attaches the copy it fetched to a joint case of its own with a third office.
    second = sifa.create("joint_case", {"title": "宅基地纠纷", "mode": "其他",
                                        "lead_office_id": sifa.office("S01"), "opened_date": "2026-11-05"})
    sifa.create("joint_office", {"joint_case_id": second, "office_id": sifa.office("S02")})
    copy = tmp_path / "取出的照片.jpg"
    attachments.bodies_of(sifa.store).copy_out(att.sha256, copy)
    attachments.add_file(sifa.store, "书记员", "joint_case", second, copy, "照片")
    assert sifa.sync().bodies_sent == 1  # the hub had it, but not from the 司法所
    got = other.sync()
    assert got.bodies_fetched == 1 and not got.warnings


@pytest.mark.parametrize("hub_url", ["sqlite"], indirect=True)
def test_a_desk_fetches_the_size_the_bytes_have_not_the_one_a_record_claims(hub, pcs):
    sifa = pcs("sifa").enroll(hub, hub.url, "S01")
    tribunal = hub.device("T01")
    with hub.store.session() as s:
        partner = s.scalar(select(HubOffice.id).where(HubOffice.code == "S01"))
    body = random.Random(14).randbytes(100_000)
    sha = hashlib.sha256(body).hexdigest()
    joint = tribunal.op("joint_case", "01900000-0000-7000-8000-000000000021", "insert", title="联动",
                        mode="法庭+司法所", lead_office_id=tribunal.office_id, opened_date="2026-11-01")
    link = tribunal.op("joint_office", "01900000-0000-7000-8000-000000000022", "insert",
                       joint_case_id=joint["record_id"], office_id=partner)
    att = tribunal.op("attachment", "01900000-0000-7000-8000-000000000023", "insert", owner_entity="joint_case",
                      owner_id=joint["record_id"], kind="证据", name="a.pdf", size=10, sha256=sha)
    assert [r.status for r in tribunal.results(joint, link, att)] == ["applied"] * 3
    put = httpx.put(f"{hub.url}/v1/blobs/{sha}", params={"offset": 0}, content=body,
                    headers={**tribunal.headers(), p.HEADER_BLOB_SIZE: str(len(body))})
    assert put.json()["complete"] is True
    got = sifa.sync()
    assert got.bodies_fetched == 1 and not got.warnings
    assert attachments.bodies_of(sifa.store).path(sha).read_bytes() == body
