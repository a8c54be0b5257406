"""IT's pages over real HTTP: offices edited, enrollment codes made and printed, devices with
what they report, and revoking one with a reason that its next sync is told."""

from __future__ import annotations

import io
import re

import httpx
from pypdf import PdfReader
from sqlalchemy import select

from fydesk.hub.models import ConsoleAudit, Device as DeviceRow, EnrollCode, HubOffice
from fydesk.sync import protocol as p

from ..hub.conftest import HEADERS, Device
from .conftest import alert


def _codes(html: str) -> list[str]:
    return re.findall(r"<li>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</li>", html)


def test_it_makes_three_codes_prints_them_and_a_pc_enrolls_with_one(browser, console_hub):
    it = browser("it")
    made = it.form("/codes", {"office": "T1", "count": "3"})
    assert made.status_code == 200
    codes = _codes(made.text)
    assert len(codes) == 3 and len(set(codes)) == 3
    listed = it.get("/codes").text
    assert listed.count(">未使用<") == 3

    sheet = it.post("/codes/sheet.pdf", {"csrf": re.search(r'name="csrf" value="([^"]+)"', made.text).group(1),
                                         "office": "T1", "hub_url": console_hub.url, "codes": codes})
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages)
    assert all(c.replace("-", "") in text.replace("-", "").replace(" ", "") for c in codes)
    assert "溪口人民法庭" in text
    # Only codes the hub made for this office, unused, go on a sheet.
    forged = it.form("/codes/sheet.pdf", {"office": "S1", "hub_url": console_hub.url, "codes": codes[:1]},
                     page="/codes")
    assert forged.status_code == 400 and "不是为“溪口司法所”生成的" in alert(forged.text)

    r = httpx.post(f"{console_hub.url}/v1/enroll", headers={**HEADERS, p.HEADER_APP: "0.9.1"},
                   json={"code": codes[1], "device_name": "立案窗口"})
    assert r.status_code == 200
    pc = Device(console_hub, p.EnrollResponse.model_validate(r.json()))
    assert "立案窗口" in it.get("/devices").text
    assert it.get("/codes").text.count(">已使用<") == 1

    pc.pull()
    page = it.get("/devices", params={"office": "T1"}).text
    row = page[page.index("立案窗口"):]
    row = row[:row.index("</tr>")]
    assert "0.9.1" not in row or "test" in row  # what its last request said (the test client says "test")
    assert "从未" not in row and "正常" in row

    refused = it.form(f"/devices/{pc.id}/revoke", {"reason": "  "}, page="/devices")
    assert refused.status_code == 400 and alert(refused.text) == "停用设备须写明原因。"
    done = it.form(f"/devices/{pc.id}/revoke", {"reason": "电脑报废"}, page="/devices")
    assert done.status_code == 303
    assert "已停用" in it.get("/devices").text and "电脑报废" in it.get("/devices").text
    again = httpx.get(f"{console_hub.url}/v1/pull", headers=pc.headers(), params={"cursor": 0, "limit": 10})
    assert again.status_code == 403 and "电脑报废" in again.json()["message"]
    with console_hub.store.session() as s:
        assert s.get(DeviceRow, pc.id).revoked_reason == "电脑报废"
        actions = [a.action for a in s.scalars(select(ConsoleAudit).where(ConsoleAudit.login == "it"))]
        assert {"codes", "code_sheet", "revoke"} <= set(actions)
        assert s.scalars(select(EnrollCode.code_hash)).all()  # hashes only
    assert not any(c.encode() in console_hub.stored_bytes() for c in codes)


def test_it_renames_an_office_and_a_bad_count_changes_nothing(browser, console_hub):
    it = browser("it")
    with console_hub.store.session() as s:
        office_id = s.scalar(select(HubOffice.id).where(HubOffice.code == "S1"))
    r = it.form(f"/offices/{office_id}", {"name": "溪口镇司法所", "kind": "司法所"}, page="/offices")
    assert r.status_code == 303
    assert "溪口镇司法所" in it.get("/offices").text
    for count in ("0", "abc", "1001"):
        r = it.form("/codes", {"office": "T1", "count": count})
        assert r.status_code == 400 and alert(r.text) == "个数须为 1 至 1000 之间的整数。" or "--count" in alert(r.text) \
            or "1000" in alert(r.text)
    with console_hub.store.session() as s:
        assert s.scalars(select(EnrollCode)).all() == []


def test_an_office_viewer_opens_no_it_page(browser):
    viewer = browser("t1view")
    for page in ("/codes", "/devices"):
        assert viewer.get(page).status_code == 403
    assert viewer.post("/codes", {"csrf": "x", "office": "T1", "count": "1"}).status_code == 403
