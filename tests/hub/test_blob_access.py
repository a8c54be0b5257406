"""Who may read or send an attachment body (issue 12, item 2), through real HTTP and tokens.

A hash names a body; it is no key to it. An office reads a body through an attachment record
it sees only when that record's owner office sent the hub the bytes (or when it sent them
itself), and a body's size and hash are what the uploaded bytes show: no office's record can
block, shrink or spoil another office's upload.
"""

from __future__ import annotations

import hashlib
import random

import httpx
import pytest
from sqlalchemy import func, select
from uuid6 import uuid7

from fydesk.hub import admin
from fydesk.hub import models as m
from fydesk.sync import protocol as p

from .conftest import HEADERS

MB = 1024 * 1024


def _offices(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    hub.office("S02", "城关司法所", "司法所")
    return hub.device("T01", "法庭电脑"), hub.device("S01", "司法所电脑"), hub.device("S02", "城关电脑")


def _body(seed: int, size: int) -> tuple[bytes, str]:
    body = random.Random(seed).randbytes(size)
    return body, hashlib.sha256(body).hexdigest()


def _attach(device, owner_entity: str, owner_id: str, sha: str, size: int) -> str:
    att = device.op("attachment", str(uuid7()), "insert", owner_entity=owner_entity, owner_id=owner_id,
                    kind="证据", name="扫描件.pdf", size=size, sha256=sha)
    assert [r.status for r in device.results(att)] == ["applied"]
    return att["record_id"]


def _firm_naming(device, sha: str, size: int) -> str:
    """An enterprise record of the device's own office with an attachment naming `sha`."""
    firm = device.op("enterprise", str(uuid7()), "insert", name="甲有限公司")
    assert [r.status for r in device.results(firm)] == ["applied"]
    return _attach(device, "enterprise", firm["record_id"], sha, size)


def _joint(lead, partner) -> str:
    joint = lead.op("joint_case", str(uuid7()), "insert", title="土地流转纠纷联动化解", mode="法庭+司法所",
                    lead_office_id=lead.office_id, opened_date="2026-11-01")
    link = lead.op("joint_office", str(uuid7()), "insert", joint_case_id=joint["record_id"],
                   office_id=partner.office_id)
    assert [r.status for r in lead.results(joint, link)] == ["applied", "applied"]
    return joint["record_id"]


def _call(device, method: str, sha: str, *, offset=None, content=None, total=None, headers=None):
    sent = {**device.headers(), **(headers or {})}
    if total is not None:
        sent[p.HEADER_BLOB_SIZE] = str(total)
    return httpx.request(method, f"{device.hub.url}/v1/blobs/{sha}", headers=sent, content=content,
                         params={"offset": offset} if offset is not None else None, timeout=30)


def _send(device, body: bytes, sha: str | None = None, piece: int = MB) -> httpx.Response:
    """The whole body in pieces, as a desk would; the last answer."""
    sha = sha or hashlib.sha256(body).hexdigest()
    offset, answer = 0, None
    while answer is None or offset < len(body):
        answer = _call(device, "PUT", sha, offset=offset, content=body[offset:offset + piece], total=len(body))
        if answer.status_code != 200:
            return answer
        offset += piece
    return answer


def _head(device, sha: str) -> tuple[int, str | None, str | None, str | None, str | None]:
    r = _call(device, "HEAD", sha)
    return (r.status_code, r.headers.get(p.HEADER_BLOB_SIZE), r.headers.get(p.HEADER_BLOB_RECEIVED),
            r.headers.get(p.HEADER_BLOB_COMPLETE), r.headers.get(p.HEADER_BLOB_UPLOADED))


def test_naming_another_offices_hash_reads_nothing_of_its_body(hub):
    tribunal, _, other = _offices(hub)
    body, sha = _body(1, 300_000)
    _firm_naming(tribunal, sha, len(body))
    assert _send(tribunal, body).json()["complete"] is True
    _, never_sent = _body(2, 300_000)
    _firm_naming(other, sha, len(body))  # the hash learnt somehow, named on a record of its own
    _firm_naming(other, never_sent, len(body))

    got = _call(other, "GET", sha)
    assert got.status_code == 404 and body not in got.content
    assert _call(other, "GET", sha, headers={"Range": "bytes=0-99"}).status_code == 404
    # the answers are those for a body nobody sent: nothing tells the hub holds it
    assert got.json() == _call(other, "GET", never_sent).json()
    assert _head(other, sha) == _head(other, never_sent) == (200, "0", "0", "0", "0")
    assert _call(tribunal, "GET", sha).content == body


def test_a_joint_case_partner_reads_the_owners_body_but_naming_a_private_hash_there_reads_nothing(hub):
    tribunal, sifa, _ = _offices(hub)
    joint = _joint(tribunal, sifa)
    shared, shared_sha = _body(3, 200_000)
    _attach(tribunal, "joint_case", joint, shared_sha, len(shared))
    assert _send(tribunal, shared).status_code == 200
    assert _call(sifa, "GET", shared_sha).content == shared  # in the record's scope, sent by its owner

    # The tribunal's own file on a record of its own; the partner names its hash on the case
    # both see. The tribunal sees that record, yet the partner never held the bytes.
    private, private_sha = _body(4, 200_000)
    _firm_naming(tribunal, private_sha, len(private))
    assert _send(tribunal, private).status_code == 200
    _attach(sifa, "joint_case", joint, private_sha, len(private))
    assert _call(sifa, "GET", private_sha).status_code == 404
    assert _head(sifa, private_sha) == (200, "0", "0", "0", "0")
    assert _call(tribunal, "GET", private_sha).content == private


def test_a_false_size_named_first_blocks_no_upload(hub):
    tribunal, _, other = _offices(hub)
    body, sha = _body(5, 2 * MB + 5)
    # Named before the real upload, with a size that is not the file's, and a start made.
    _firm_naming(other, sha, 10)
    assert _call(other, "PUT", sha, offset=0, content=b"0123456789", total=10).status_code == 422
    _firm_naming(tribunal, sha, len(body))
    answer = _send(tribunal, body)
    assert answer.status_code == 200, answer.text
    assert p.BlobStatus.model_validate(answer.json()) == p.BlobStatus(
        sha256=sha, size=len(body), received=len(body), complete=True, uploaded=True)
    assert _call(tribunal, "GET", sha).content == body
    assert _call(other, "GET", sha).status_code == 404


def test_the_size_kept_is_the_bytes_not_what_a_record_says(hub):
    tribunal, _, _ = _offices(hub)
    body, sha = _body(11, MB + 5)
    _firm_naming(tribunal, sha, len(body) + 1000)  # not even the uploader's own record is believed
    assert _send(tribunal, body).json()["size"] == len(body)
    with hub.store.session() as s:
        blob = s.get(m.Blob, sha)
        assert (blob.size, blob.complete) == (len(body), True)
    assert _head(tribunal, sha) == (200, str(len(body)), str(len(body)), "1", "1")
    # sent again after a lost answer: nothing is stored twice
    assert _call(tribunal, "PUT", sha, offset=0, content=body[:MB], total=len(body)).json()["complete"] is True
    with hub.store.session() as s:
        assert s.scalar(select(func.sum(func.length(m.BlobChunk.data)))) == len(body)


def test_an_upload_in_progress_is_neither_blocked_nor_spoiled_by_another_office(hub):
    tribunal, _, other = _offices(hub)
    body, sha = _body(6, 3 * MB)
    _firm_naming(tribunal, sha, len(body))
    _firm_naming(other, sha, len(body))
    assert _call(tribunal, "PUT", sha, offset=0, content=body[:MB], total=len(body)).json()["received"] == MB

    # Another office sends other bytes under that hash: refused at its last byte, its own
    # upload thrown away, the tribunal's untouched.
    spoiled = _send(other, b"\0" * len(body), sha)
    assert spoiled.status_code == 422 and spoiled.json()["code"] == "hash_mismatch"
    assert _head(other, sha) == (200, "0", "0", "0", "0")
    assert _head(tribunal, sha) == (200, str(len(body)), str(MB), "0", "0")

    # It then sends the genuine bytes: the body exists from now on, and the other office holds
    # it; the tribunal, which cannot see that office's record, still goes on with its own.
    assert _send(other, body).json() == {"sha256": sha, "size": len(body), "received": len(body),
                                         "complete": True, "uploaded": True}
    assert _call(other, "GET", sha).content == body
    assert _head(tribunal, sha) == (200, str(len(body)), str(MB), "0", "0")
    assert _call(tribunal, "GET", sha).status_code == 404
    last = _call(tribunal, "PUT", sha, offset=MB, content=body[MB:], total=len(body))
    assert last.status_code == 200 and last.json()["uploaded"] is True
    assert _call(tribunal, "GET", sha).content == body
    with hub.store.session() as s:  # one copy kept, nothing left staged
        assert s.scalar(select(func.sum(func.length(m.BlobChunk.data)))) == len(body)
        assert s.scalar(select(func.count()).select_from(m.BlobUploadChunk)) == 0
        assert s.scalar(select(func.count()).select_from(m.BlobUpload)) == 0


def test_bytes_that_do_not_match_their_hash_are_refused(hub):
    tribunal, _, _ = _offices(hub)
    body, sha = _body(7, MB + 3)
    _firm_naming(tribunal, sha, len(body))
    for wrong in (body[:-1] + b"!", body[:MB], b""):
        refused = _send(tribunal, wrong, sha)
        assert refused.status_code == 422 and refused.json()["code"] == "hash_mismatch"
        assert _head(tribunal, sha) == (200, "0", "0", "0", "0")
        assert _call(tribunal, "GET", sha).status_code == 404
    with hub.store.session() as s:
        assert s.get(m.Blob, sha) is None
    assert _send(tribunal, body).json()["complete"] is True


def test_a_size_changed_mid_upload_starts_it_again(hub):
    tribunal, _, _ = _offices(hub)
    body, sha = _body(8, 2 * MB)
    _firm_naming(tribunal, sha, len(body))
    assert _call(tribunal, "PUT", sha, offset=0, content=body[:MB], total=5 * MB).status_code == 200
    changed = _call(tribunal, "PUT", sha, offset=MB, content=body[MB:], total=len(body))
    assert changed.status_code == 409
    assert _head(tribunal, sha)[2] == "0"
    assert _send(tribunal, body).json()["complete"] is True


# --- the contract: every status declared, none a 500 ----------------------------------------

ROUTE = "/v1/blobs/{sha256}"
DECLARED = {
    "head": {"200", "400", "401", "403", "404", "426"},
    "put": {"200", "400", "401", "403", "404", "409", "413", "422", "426"},
    "get": {"200", "206", "400", "401", "403", "404", "416", "426"},
}


def test_the_blob_routes_declare_every_status_they_answer(hub):
    paths = httpx.get(f"{hub.url}/openapi.json").json()["paths"]
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for method, codes in DECLARED.items():
        answers = paths[ROUTE][method]["responses"]
        assert codes <= set(answers), method
        for code in codes - {"200", "206"}:
            assert answers[code]["content"]["application/json"]["schema"] == error, (method, code)
        # These take their parameters as text, so a 422 is never answered: the malformed
        # requests below get 400, 416 or 426. The hub still declares what its HTTP layer may
        # say of any route: 413 for a body over the limit, 422 for one it cannot read.
        assert set(answers) - codes <= {"413", "422"}, method


def test_malformed_blob_requests_get_a_declared_error_never_a_500(hub):
    tribunal, _, _ = _offices(hub)
    body, sha = _body(9, 1000)
    _firm_naming(tribunal, sha, len(body))
    assert _send(tribunal, body).status_code == 200
    revoked = hub.device("T01", "停用的电脑")
    with hub.store.session() as s:
        admin.revoke_device(s, revoked.id, "电脑报废")
    at, whole = {"offset": "0"}, {p.HEADER_BLOB_SIZE: "1000"}

    def req(method, sha_=sha, params=None, headers=None, content=None, token=tribunal.token, version=True):
        sent = {**(HEADERS if version else {}), **({"Authorization": f"Bearer {token}"} if token else {}),
                **(headers or {})}
        return httpx.request(method, f"{hub.url}/v1/blobs/{sha_}", params=params, headers=sent,
                             content=content, timeout=30)

    cases = {
        "hash in upper case": (req("GET", sha.upper()), 400),
        "hash too short": (req("HEAD", sha[:40]), 400),
        "hash not hex": (req("PUT", "z" * 64, {"offset": "0"}, {p.HEADER_BLOB_SIZE: "3"}, b"abc"), 400),
        "no size on a piece": (req("PUT", params={"offset": "0"}, content=b"abc"), 400),
        "size not a number": (req("PUT", params={"offset": "0"}, headers={p.HEADER_BLOB_SIZE: "ten"}), 400),
        "negative size": (req("PUT", params={"offset": "0"}, headers={p.HEADER_BLOB_SIZE: "-1"}), 400),
        "absurd size": (req("PUT", params={"offset": "0"}, headers={p.HEADER_BLOB_SIZE: "9" * 19}), 413),
        "endless size": (req("PUT", params={"offset": "0"}, headers={p.HEADER_BLOB_SIZE: "9" * 5000}), 400),
        "no offset": (req("PUT", headers={p.HEADER_BLOB_SIZE: "3"}, content=b"abc"), 400),
        "offset not a number": (req("PUT", params={"offset": "1.5"}, headers={p.HEADER_BLOB_SIZE: "3"}), 400),
        "negative offset": (req("PUT", params={"offset": "-3"}, headers={p.HEADER_BLOB_SIZE: "3"}), 400),
        "huge offset": (req("PUT", params={"offset": "9" * 19}, headers={p.HEADER_BLOB_SIZE: "3"}), 400),
        "endless offset": (req("PUT", params={"offset": "9" * 5000}, headers={p.HEADER_BLOB_SIZE: "3"}), 400),
        "piece past the size": (req("PUT", params={"offset": "0"}, headers={p.HEADER_BLOB_SIZE: "2"},
                                    content=b"abc"), 400),
        "piece too large": (req("PUT", params=at, headers=whole, content=b"\0" * (p.MAX_BLOB_PIECE + 1)), 413),
        "range not bytes": (req("GET", headers={"Range": "items=0-1"}), 416),
        "range backwards": (req("GET", headers={"Range": "bytes=50-10"}), 416),
        "range past the end": (req("GET", headers={"Range": "bytes=5000-"}), 416),
        "range with huge numbers": (req("GET", headers={"Range": f"bytes={'9' * 19}-{'9' * 20}"}), 416),
        "range with endless numbers": (req("GET", headers={"Range": f"bytes={'9' * 5000}-"}), 416),
        "no token": (req("GET", token=""), 401),
        "wrong token": (req("HEAD", token="nope"), 401),
        "revoked device": (req("PUT", params=at, headers=whole, content=body, token=revoked.token), 403),
        "no version headers": (req("GET", version=False), 426),
        "version not a number": (req("HEAD", headers={p.HEADER_PROTOCOL: "one"}), 426),
        "version endless": (req("GET", headers={p.HEADER_PROTOCOL: "1" * 5000}), 426),
        "version out of range": (req("PUT", params=at, headers={**whole, p.HEADER_PROTOCOL: "99"}, content=body), 426),
    }
    for what, (answer, status) in cases.items():
        method = answer.request.method.lower()
        assert (answer.status_code, str(answer.status_code) in DECLARED[method]) == (status, True), what
        if method != "head":
            p.ErrorBody.model_validate(answer.json())


@pytest.mark.parametrize("hub_url", ["sqlite"], indirect=True)
def test_a_stranger_sends_no_piece_of_a_body_it_names_no_record_for(hub):
    tribunal, sifa, _ = _offices(hub)
    body, sha = _body(10, 1000)
    _firm_naming(tribunal, sha, len(body))
    assert _call(sifa, "HEAD", sha).status_code == 404
    assert _call(sifa, "PUT", sha, offset=0, content=body, total=len(body)).status_code == 404
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(m.BlobUpload)) == 0
