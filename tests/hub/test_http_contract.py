"""The hub's HTTP contract beyond the sync rules: times with their zone, the Authorization
scheme read as RFC 9110 says, every answer in the OpenAPI schema, and enrollment throttled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from fydesk.hub import auth
from fydesk.hub.models import EnrollFailure
from fydesk.hub.store import HubStore
from fydesk.sync import protocol as p
from fydesk.sync.client import HubClient, HubError, RetryPolicy

from .conftest import HEADERS, LiveHub

CASE = "01a20000-0000-7000-8000-00000000c001"


@pytest.fixture
def pc(hub):
    hub.office("T01", "溪口人民法庭")
    return hub.device("T01", "法庭书记员电脑")


def _utc(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    assert when.tzinfo is not None and when.utcoffset() == timedelta(0), text
    assert abs(when - datetime.now(UTC)) < timedelta(minutes=1)
    return when


def test_every_time_the_hub_sends_carries_its_zone(hub):
    hub.office("T01", "溪口人民法庭")
    enrolled = httpx.post(f"{hub.url}/v1/enroll", headers=HEADERS, json={"code": hub.code("T01"), "device_name": "PC"})
    _utc(enrolled.json()["hub_time"])
    headers = {**HEADERS, "Authorization": f"Bearer {enrolled.json()['token']}"}
    op = {"op_seq": 1, "txn_id": "t1", "entity": "case", "record_id": CASE, "op": "update", "fields": {},
          "base_rev": 0, "hlc": 1, "user": "测试员", "schema_version": "0002"}
    answers = [
        httpx.post(f"{hub.url}/v1/push", headers=headers, json={"batch_id": "b1", "ops": [op]}),
        httpx.post(f"{hub.url}/v1/push", headers=headers, json={"batch_id": "b1", "ops": [op]}),  # a replay
        httpx.get(f"{hub.url}/v1/pull", headers=headers),
        httpx.post(f"{hub.url}/v1/records", headers=headers, json={"records": [{"entity": "case", "record_id": CASE}]}),
        httpx.post(f"{hub.url}/v1/leases", headers=headers, json={"series": "case", "year": 2026, "count": 5}),
        httpx.get(f"{hub.url}/v1/time"),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        _utc(r.json()["hub_time"])
    assert answers[1].json()["replayed"] is True


def test_the_desk_reads_a_zoned_hub_time_as_naive_utc(pc):
    """Both programs keep timestamps as naive UTC; the skew check subtracts the desk's clock."""
    with HubClient(pc.hub.url, token=pc.token) as client:
        page = client.pull(0)
    assert page.hub_time.tzinfo is None
    assert abs(page.hub_time - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=1)


def test_the_schema_says_times_are_date_times(hub):
    schema = httpx.get(f"{hub.url}/openapi.json").json()["components"]["schemas"]
    for model in ("PushResponse", "PullResponse", "FetchResponse", "EnrollResponse", "LeaseResponse", "TimeResponse"):
        assert schema[model]["properties"]["hub_time"] == {"type": "string", "format": "date-time",
                                                          "title": "Hub Time"}, model


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer", "bEaReR"])
def test_the_bearer_scheme_is_read_whatever_its_case(pc, scheme):
    r = httpx.get(f"{pc.hub.url}/v1/pull", headers={**HEADERS, "Authorization": f"{scheme}  {pc.token}"})
    assert r.status_code == 200


@pytest.mark.parametrize("value", ["{token}", "Basic {token}", "Bearer", "Bearer wrong", "", "Bearer{token}"])
def test_anything_but_a_bearer_token_is_401(pc, value):
    r = httpx.get(f"{pc.hub.url}/v1/pull", headers={**HEADERS, "Authorization": value.format(token=pc.token)})
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"] == "Bearer"


# --- the schema names every answer -------------------------------------------------------------

EXPECTED = {
    ("post", "/v1/enroll"): {"200", "400", "413", "422", "426", "429"},
    ("post", "/v1/push"): {"200", "401", "403", "413", "422", "426"},
    ("get", "/v1/pull"): {"200", "401", "403", "413", "422", "426"},
    ("post", "/v1/records"): {"200", "401", "403", "413", "422", "426"},
    ("post", "/v1/leases"): {"200", "401", "403", "404", "409", "413", "422", "426"},
    ("get", "/v1/time"): {"200"},
}


def test_every_status_an_endpoint_answers_is_in_the_schema(hub):
    schema = httpx.get(f"{hub.url}/openapi.json").json()
    for (method, path), statuses in EXPECTED.items():
        responses = schema["paths"][path][method]["responses"]
        assert set(responses) == statuses, (method, path)
        for status, answer in responses.items():
            if status != "200":
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    for path, item in schema["paths"].items():  # the attachment routes too: token, limit, versions
        if path.startswith("/v1/blobs"):
            for method, operation in item.items():
                assert {"401", "403", "413", "426"} <= set(operation["responses"]), (method, path)


def test_an_unknown_address_and_a_wrong_method_answer_an_error_body(hub):
    missing = httpx.get(f"{hub.url}/v1/nothing")
    assert missing.status_code == 404 and p.ErrorBody.model_validate(missing.json()).code == "not_found"
    wrong = httpx.delete(f"{hub.url}/v1/push", headers=HEADERS)
    assert wrong.status_code == 405 and p.ErrorBody.model_validate(wrong.json()).code == "bad_request"
    assert "POST" in wrong.headers["Allow"]


# --- enrollment codes cannot be guessed at leisure ------------------------------------------------

def _enroll(hub: LiveHub, code: str, **extra) -> httpx.Response:
    return httpx.post(f"{hub.url}/v1/enroll", headers=HEADERS, json={"code": code, "device_name": "PC", **extra})


def test_after_five_wrong_codes_an_address_waits_without_its_code_being_looked_at(hub):
    hub.office("T01", "溪口人民法庭")
    good = hub.code("T01")
    for i in range(auth.FAILURES_PER_ADDRESS):
        assert _enroll(hub, f"WRONG-CODE-{i:04d}").status_code == 400
    r = _enroll(hub, good)
    assert r.status_code == 429 and r.json()["code"] == "too_many_requests" and "分钟后再试" in r.json()["message"]
    wait = int(r.headers["Retry-After"])
    assert 14 * 60 < wait <= 15 * 60
    # the good code was not used up by the refused attempt: once the window has passed, it works
    with hub.store.session() as s:
        s.execute(update(EnrollFailure).values(at=EnrollFailure.at - auth.FAILURE_WINDOW))
    assert _enroll(hub, good).status_code == 200


def test_the_wait_ends_when_the_oldest_failure_leaves_the_window(hub):
    hub.office("T01", "溪口人民法庭")
    for i in range(auth.FAILURES_PER_ADDRESS):
        _enroll(hub, f"WRONG-CODE-{i:04d}")
    with hub.store.session() as s:  # the first failure was 10 minutes ago
        first = s.query(EnrollFailure).order_by(EnrollFailure.id).first()
        first.at -= timedelta(minutes=10)
    r = _enroll(hub, "WRONG-CODE-XXXX")
    assert r.status_code == 429 and 4 * 60 < int(r.headers["Retry-After"]) <= 5 * 60
    assert "5 分钟" in r.json()["message"]


def test_failures_naming_one_office_throttle_it_from_any_address(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    with hub.store.session() as s:  # wrong codes naming T01 from many addresses
        for i in range(auth.FAILURES_PER_OFFICE):
            auth.note_failure(s, f"10.0.0.{i}", "T01")
    r = _enroll(hub, hub.code("T01"), office_code="T01")
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert _enroll(hub, hub.code("S01"), office_code="S01").status_code == 200  # other offices go on


def test_the_count_is_shared_by_hub_processes_on_one_database(hub, hub_url):
    """Several hub processes may serve one PostgreSQL (DESIGN §5): the failures are in it."""
    hub.office("T01", "溪口人民法庭")
    other_store = HubStore(hub_url)
    other = LiveHub(other_store).start()
    try:
        for i in range(auth.FAILURES_PER_ADDRESS):
            assert _enroll(hub if i % 2 else other, f"WRONG-CODE-{i:04d}").status_code == 400
        assert _enroll(other, hub.code("T01")).status_code == 429
        assert _enroll(hub, hub.code("T01")).status_code == 429
    finally:
        other.stop()
        other_store.close()


def test_the_desk_says_at_once_that_it_must_wait(hub):
    """The client retries 429 with backoff; a wait of minutes it reports at once instead."""
    hub.office("T01", "溪口人民法庭")
    slept: list[float] = []
    with HubClient(hub.url, retry=RetryPolicy(attempts=6), sleep=slept.append) as client:
        for i in range(auth.FAILURES_PER_ADDRESS):
            with pytest.raises(HubError, match="登记码无效"):
                client.enroll(f"WRONG-CODE-{i:04d}", "PC")
        with pytest.raises(HubError, match="分钟后再试") as refused:
            client.enroll(hub.code("T01"), "PC")
    assert refused.value.status == 429 and slept == []
