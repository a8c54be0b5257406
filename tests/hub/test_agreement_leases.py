"""Agreement number blocks from the hub: per mediation body, only for the asking office's own
bodies; the office's case and suggestion blocks stay as they were."""

from __future__ import annotations

import httpx

from fydesk.sync import protocol as p

B1, B2, FOREIGN = ("01900000-0000-7000-8000-0000000000b1", "01900000-0000-7000-8000-0000000000b2",
                   "01900000-0000-7000-8000-0000000000f1")


def _offices(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    tribunal, sifa = hub.device("T01", "法庭电脑一"), hub.device("S01", "司法所电脑")
    body = {"kind": "驻庭人民调解委员会"}
    assert [r.status for r in tribunal.results(
        tribunal.op("mediation_body", B1, "insert", name="溪口镇驻庭人民调解委员会", number_prefix="溪口驻调", **body),
        tribunal.op("mediation_body", B2, "insert", name="城东村人民调解委员会", number_prefix="城东人调", **body),
    )] == ["applied", "applied"]
    [made] = sifa.results(sifa.op("mediation_body", FOREIGN, "insert", name="溪口镇人民调解委员会",
                                  kind="乡镇(街道)人民调解委员会", number_prefix="溪口人调"))
    assert made.status == "applied"
    return tribunal, sifa


def _lease(device, **body) -> httpx.Response:
    return httpx.post(f"{device.hub.url}/v1/leases", headers=device.headers(),
                      json={"year": 2026, "count": 50, **body})


def test_each_body_gets_blocks_of_its_own_and_two_pcs_never_the_same(hub):
    tribunal, _ = _offices(hub)
    second = hub.device("T01", "法庭电脑二")
    grants = [p.LeaseResponse.model_validate(_lease(d, series="agreement", body_id=b).json()).grant
              for d, b in ((tribunal, B1), (second, B1), (tribunal, B2), (second, B2), (tribunal, B1))]
    assert [(g.body_id, g.start, g.end) for g in grants] == [
        (B1, 1, 50), (B1, 51, 100), (B2, 1, 50), (B2, 51, 100), (B1, 101, 150)]
    # The office's case numbers are a series apart, untouched by the bodies'.
    case = _lease(tribunal, series="case")
    assert case.json()["grant"] == {"series": "case", "year": 2026, "start": 1, "end": 50}  # no body_id: old PCs read it


def test_a_lost_answer_asked_again_gets_the_same_body_block(hub):
    tribunal, _ = _offices(hub)
    ask = {"series": "agreement", "body_id": B1, "request_id": "req-00000001"}
    first, again = _lease(tribunal, **ask).json(), _lease(tribunal, **ask).json()
    assert first["grant"] == again["grant"] == {"series": "agreement", "year": 2026, "start": 1, "end": 50,
                                                "body_id": B1}


def test_an_office_cannot_take_numbers_for_another_offices_body(hub):
    tribunal, sifa = _offices(hub)
    refused = _lease(sifa, series="agreement", body_id=B1)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert refused.json()["message"] == "该调解组织不属于本单位，不能为它申请协议编号。"
    assert _lease(tribunal, series="agreement", body_id=FOREIGN).status_code == 403
    # The refusals took nothing: the owners' first blocks still start at 1.
    for device, body in ((tribunal, B1), (sifa, FOREIGN)):
        assert _lease(device, series="agreement", body_id=body).json()["grant"]["start"] == 1


def test_a_bad_series_or_body_is_one_clear_refusal_never_a_server_error(hub):
    tribunal, _ = _offices(hub)
    void = tribunal.op("mediation_body", B2, "delete", base_rev=1, reason="撤销")
    assert tribunal.results(void)[0].status == "applied"
    cases = [
        ({"series": "agreement"}, 422, "须指明调解组织"),
        ({"series": "case", "body_id": B1}, 422, "不能指定调解组织"),
        ({"series": "agreement", "body_id": "01900000-0000-7000-8000-00000000dead"}, 404, "没有这个调解组织"),
        ({"series": "agreement", "body_id": B2}, 404, "没有这个调解组织"),  # voided
        ({"series": "agreement", "body_id": "x" * 37}, 422, ""),
        ({"series": "bogus"}, 422, ""),
    ]
    for body, status, words in cases:
        r = _lease(tribunal, **body)
        assert r.status_code == status, body
        assert r.json()["code"] in ("bad_request", "not_found") and words in r.json()["message"]


def test_two_bodies_of_one_office_may_not_share_a_prefix_at_the_hub(hub):
    """Two PCs of one office offline may each give a body the same 代字: the second is refused."""
    tribunal, sifa = _offices(hub)
    [same] = tribunal.results(tribunal.op("mediation_body", "01900000-0000-7000-8000-0000000000b3", "insert",
                                          name="城西村人民调解委员会", kind="村(居)人民调解委员会",
                                          number_prefix="城东人调"))
    assert same.status == "rejected" and "城东人调" in same.reason
    # Another office's body may read alike (its own office's numbers are its own business).
    [other] = sifa.results(sifa.op("mediation_body", "01900000-0000-7000-8000-0000000000f2", "insert",
                                   name="城东村人民调解委员会", kind="村(居)人民调解委员会", number_prefix="城东人调"))
    assert other.status == "applied"
