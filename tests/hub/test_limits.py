"""The hub's size limits: a body over MAX_BATCH_BYTES is refused with 413 while it arrives
(the desk then halves its batch), and an op may carry only so many fields, so long named."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from sqlalchemy import func, select

from fydesk.cli import main
from fydesk.domain.fields import LONG_TEXT
from fydesk.domain.schema import RULES
from fydesk.hub.models import Batch, ChangeEntry, Record
from fydesk.models import OutboxOp
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store
from fydesk.sync import protocol as p

from .conftest import HEADERS

CASE = "01a20000-0000-7000-8000-00000000c001"
MB = 1024 * 1024


@pytest.fixture
def pc(hub):
    hub.office("T01", "溪口人民法庭")
    return hub.device("T01", "法庭书记员电脑")


def _too_large(r: httpx.Response) -> None:
    assert r.status_code == 413, (r.status_code, r.text[:200])
    body = p.ErrorBody.model_validate(r.json())
    assert body.code == "payload_too_large" and "MB" in body.message and body.message.endswith("。")


def _batch(pc, n_ops: int, chars: int, fields: tuple[str, ...] = ("summary",)) -> bytes:
    """A push of `n_ops` case inserts, each text field of `fields` `chars` Chinese characters
    long (3 bytes each in UTF-8)."""
    ops = [pc.op("case", f"01a20000-0000-7000-8000-{i:012d}", "insert", **dict.fromkeys(fields, "案" * chars))
           for i in range(n_ops)]
    return json.dumps({"batch_id": f"big-{pc.seq}", "ops": ops}, ensure_ascii=False).encode()


def _stored_cases(hub) -> int:
    with hub.store.session() as s:
        return s.scalar(select(func.count()).select_from(Record).where(Record.entity == "case"))


def _raw_request(hub, pc, head_extra: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", hub.port), timeout=10)
    headers = {**pc.headers(), "Content-Type": "application/json", "Host": f"127.0.0.1:{hub.port}"}
    head = "POST /v1/push HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + head_extra + "\r\n"
    sock.sendall(head.encode("latin-1"))
    return sock


def _answer_if_any(sock: socket.socket, wait: float) -> bytes:
    """The whole answer (head and body), or b"" if none began within `wait` seconds."""
    sock.settimeout(wait)
    try:
        got = sock.recv(65536)
    except TimeoutError:
        return b""
    sock.settimeout(5)
    while b"\r\n\r\n" not in got or len(got.split(b"\r\n\r\n", 1)[1]) < _length(got):
        more = sock.recv(65536)
        if not more:
            break
        got += more
    return got


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def test_a_content_length_over_the_limit_is_answered_before_the_body_is_read(hub, pc):
    sock = _raw_request(hub, pc, f"Content-Length: {120 * MB}\r\n")
    with sock:
        sock.sendall(b'{"batch_id": "x", ')  # and nothing more: a hub waiting for the body would hang
        answer = _answer_if_any(sock, 5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    body = answer.split(b"\r\n\r\n", 1)[1]
    assert p.ErrorBody.model_validate_json(body).code == "payload_too_large"


def test_a_chunked_body_is_cut_off_at_the_limit_as_it_arrives(hub, pc):
    sock = _raw_request(hub, pc, "Transfer-Encoding: chunked\r\n")
    sent, answer = 0, b""
    with sock:
        piece = b" " * MB
        while sent < 40 * MB and not answer:
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
            answer = _answer_if_any(sock, 0.05)
        answer = answer or _answer_if_any(sock, 5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert sent <= p.MAX_BATCH_BYTES + 4 * MB  # answered on reaching the limit, not at the end
    assert p.ErrorBody.model_validate_json(answer.split(b"\r\n\r\n", 1)[1]).code == "payload_too_large"


def test_a_30_mb_op_is_refused_and_nothing_of_it_applied(hub, pc):
    r = httpx.post(f"{hub.url}/v1/push", headers={**pc.headers(), "Content-Type": "application/json"},
                   content=_batch(pc, 1, 10 * MB), timeout=60)
    _too_large(r)
    assert _stored_cases(hub) == 0
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Batch)) == 0


def test_a_streamed_push_over_the_limit_gets_413_through_httpx(hub, pc):
    """What the desk's client sees for a batch too large, sent without a length: 413, no
    network error (which it would retry with the same batch for ever)."""
    data = _batch(pc, 3, 2 * MB // 3 * 3)

    def pieces():
        for i in range(0, len(data), 256 * 1024):
            yield data[i:i + 256 * 1024]

    r = httpx.post(f"{hub.url}/v1/push", headers={**pc.headers(), "Content-Type": "application/json"},
                   content=pieces(), timeout=60)
    _too_large(r)
    # and the connection was kept usable: the next request on a fresh client goes through
    ok = httpx.post(f"{hub.url}/v1/push", headers=pc.headers(),
                    json={"batch_id": "small", "ops": [pc.op("case", CASE, "insert", summary="借款纠纷")]})
    assert ok.status_code == 200


def test_a_batch_just_under_the_limit_is_taken(hub, pc):
    data = _batch(pc, 4, LONG_TEXT, ("summary", "claims", "archive_note"))
    assert p.MAX_BATCH_BYTES * 3 // 4 < len(data) <= p.MAX_BATCH_BYTES
    r = httpx.post(f"{hub.url}/v1/push", headers={**pc.headers(), "Content-Type": "application/json"},
                   content=data, timeout=60)
    assert r.status_code == 200 and [x["status"] for x in r.json()["results"]] == ["applied"] * 4


def test_an_op_with_too_many_fields_or_too_long_a_field_name_is_refused(hub, pc):
    many = pc.op("case", CASE, "insert", **{f"f{i}": i for i in range(p.MAX_OP_FIELDS + 1)})
    r = pc.push(many)
    assert r.status_code == 422 and r.json()["code"] == "bad_request" and "项数过多" in r.json()["message"]
    long_name = pc.op("case", CASE, "insert", **{"x" * (p.MAX_FIELD_NAME + 1): "值"})
    r = pc.push(long_name)
    assert r.status_code == 422 and "文字过长" in r.json()["message"]
    assert _stored_cases(hub) == 0
    # at the limits the envelope passes it, and the desk's field rules have their say
    fine = pc.op("case", CASE, "insert")
    fine["fields"] = {**{f"f{i}": i for i in range(p.MAX_OP_FIELDS - 1)}, "y" * p.MAX_FIELD_NAME: "值"}
    r = pc.push(fine)
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "rejected"


def test_the_widest_record_of_the_desk_fits_an_op():
    """The desk's outbox sends every field of a record in an insert: the limits leave room, and
    its longest texts, full of Chinese (3 bytes a character), stay well under the batch limit."""
    for rules in RULES.values():
        names = [f.name for f in rules.fields]
        assert len(names) <= p.MAX_OP_FIELDS // 2 and max(map(len, names)) <= p.MAX_FIELD_NAME // 2
        text = sum(3 * f.limit for f in rules.fields if f.kind == "text")
        assert text <= p.MAX_BATCH_BYTES // 2, rules.name


def _enrolled_desk(hub, pc, capsys):
    """A tribunal PC enrolled through `fydesk`: the command (JSON out) and its store."""
    def fy(*argv):
        code = main(["--data-dir", str(pc), *argv, "--json"])
        out = capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out)

    fy("enroll", "--hub", hub.url, "--code", hub.code("T01"), "--device-name", "法庭PC")
    return fy, open_store(pc)


def test_the_desk_halves_a_batch_the_hub_finds_too_large(live_hub_offices, memory_keyring, tmp_path, capsys):
    """Eight cases with their three long texts full (300,000 characters, about 900 KB): the
    outbox counts characters, not bytes, so it makes a batch of seven (6 MB) that the hub
    refuses; the desk halves it and every case arrives."""
    hub = live_hub_offices
    fy, store = _enrolled_desk(hub, tmp_path / "tribunal", capsys)
    long = "长" * LONG_TEXT
    with store.write() as s:
        actor = load_actor(s, "书记员")
        ids = [records.create(s, actor, "case", {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "民间借贷纠纷",
            "registered_date": "2026-11-02", "office_id": actor.office_id,
            "summary": f"{i}{long}"[:LONG_TEXT], "claims": long, "archive_note": long}).id for i in range(8)]
    store.close()
    summary = fy("sync")
    assert summary["pushed"] >= 8
    with hub.store.session() as s:
        got = s.scalars(select(Record).where(Record.record_id.in_(ids))).all()
        assert len(got) == 8 and all(len(r.data["claims"]) == LONG_TEXT for r in got)
        assert s.scalar(select(func.count()).select_from(ChangeEntry).where(ChangeEntry.record_id.in_(ids))) == 8
        # the refused batch was never stored: only the halves were
        assert max(len(b.response["results"]) for b in s.scalars(select(Batch))) <= 4


def test_a_lone_op_past_the_limit_is_quarantined_and_the_rest_still_goes(live_hub_offices, memory_keyring,
                                                                          tmp_path, capsys):
    """An op no batch can carry (left in the outbox by an older desk, whose rules allowed a
    longer list): halving cannot help, so it goes to quarantine with the reason, and the edits
    after it are sent; before, the sync stopped at it for good."""
    hub = live_hub_offices
    fy, store = _enrolled_desk(hub, tmp_path / "tribunal", capsys)
    with store.write() as s:
        actor = load_actor(s, "书记员")
        case = records.create(s, actor, "case", {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "民间借贷纠纷",
            "registered_date": "2026-11-02", "office_id": actor.office_id, "summary": "借款"})
    with store.write() as s:
        records.update(s, actor, "case", case.id, {"claims": "请求还款"})
        [edit] = s.scalars(select(OutboxOp).where(OutboxOp.record_id == case.id, OutboxOp.op == "update")).all()
        edit.fields = {"claims": "长" * (2 * p.MAX_BATCH_BYTES // 3)}  # 6 MB of text
    with store.write() as s:
        records.update(s, actor, "case", case.id, {"people_involved": 5})
    store.close()
    fy("sync")
    state = fy("sync", "status")
    [held] = state["quarantined"]
    assert held["code"] == "payload_too_large" and "大小" in held["reason"]
    assert state["pending"] == 0
    with hub.store.session() as s:
        assert s.get(Record, case.id).data["people_involved"] == 5


@pytest.fixture
def live_hub_offices(hub):
    hub.office("T01", "溪口人民法庭")
    return hub


def test_enroll_bodies_are_limited_too(hub):
    r = httpx.post(f"{hub.url}/v1/enroll", headers={**HEADERS, "Content-Type": "application/json"},
                   content=b'{"code": "' + b"A" * (p.MAX_BATCH_BYTES + 10) + b'"}')
    _too_large(r)
