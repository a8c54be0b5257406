"""全市概览 and an office's own page on a demo hub: each number the same as `fydesk-hub stats
--json` for the month, the downloads (xlsx, the bulletin PDF) with the same figures, and who may
read which office's page."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from html import unescape

import openpyxl
import pytest
from pypdf import PdfReader

from fydesk.hub import cli
from fydesk.hub.demo import DEMO_PASSWORD, fill
from fydesk.hub.store import HubStore

from ..hub.conftest import LiveHub
from .conftest import Browser, alert

PERIOD = "2026-11"
VIEWER_OFFICE = "440120-SF01"


@pytest.fixture
def demo_hub(hub_url):
    store = HubStore(hub_url)
    fill(store, records=400, seed=3, today=date(2026, 12, 6))
    live = LiveHub(store).start()
    yield live
    live.stop()
    store.close()


def _as(hub: LiveHub, login: str) -> Browser:
    b = Browser(hub)
    assert b.sign_in(login, DEMO_PASSWORD).status_code == 303
    return b


def _cells(html: str, table: str) -> list[list[str]]:
    body = html[html.index(f'<table id="{table}"'):]
    body = body[:body.index("</table>")]
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)][1:]  # the header row off


def _card(html: str, name: str) -> str:
    return re.search(rf'id="n-{name}">([^<]+)<', html).group(1)


def _pct(rate) -> str:
    return "—" if rate is None else f"{rate:g}%"


def _stats(capsys, db: str, *more: str) -> dict:
    capsys.readouterr()
    assert cli.main(["--db", db, "stats", "--period", PERIOD, "--json", *more]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_city_page_shows_what_stats_json_says(demo_hub, capsys):
    fig = _stats(capsys, demo_hub.store.url)
    assert fig["accepted"] > 0 and fig["areas"] and fig["by_office"]
    page = _as(demo_hub, "lianxi").get("/city", params={"period": PERIOD}).text
    # Everything from the hub itself, no CDN: scripts and styles by path only.
    assert re.findall(r'(?:src|href)="(https?:)?//', page) == []
    assert '<script src="/console/static/echarts.min.js">' in page
    for key in ("registered", "accepted", "mediated", "succeeded"):
        assert _card(page, key) == str(fig[key]), key
    assert _card(page, "rate") == _pct(fig["success_rate"])
    assert f"{fig['succeeded']} ÷ {fig['denominator_label']} {fig['accepted']}" in page
    assert _cells(page, "areas")[:-1] == [
        [a["area_code"], a["area_name"], str(a["population"]), str(a["filings"]),
         "—" if a["rate_per_10k"] is None else f"{a['rate_per_10k']:g}"] for a in fig["areas"]]
    assert _cells(page, "trend") == [[t["month"], str(t["accepted"]), str(t["succeeded"])] for t in fig["trend"]]
    assert _cells(page, "joint-modes") == [[j["mode"], str(j["opened"]), str(j["concluded"])]
                                          for j in fig["joint"]["by_mode"]]
    assert _cells(page, "joint-status") == [[j["status"], str(j["count"])] for j in fig["joint"]["by_status"]]
    assert _cells(page, "risks") == [[r["level"], str(r["count"]), str(o["count"])] for r, o in
                                     zip(fig["risks_found_by_level"], fig["open_risks_by_level"])]
    assert _cells(page, "offices") == [
        [o["office"], *(str(o[k]) for k in ("registered", "accepted", "succeeded")), _pct(o["success_rate"]),
         *(str(o[k]) for k in ("joint_opened", "joint_concluded", "visits", "open_risks", "suggestions_issued",
                               "suggestions_answered", "suggestions_overdue")),
         str(o["petitions_received"]), str(o["petitions_resolved"]), _pct(o["petitions_rate"])]
        for o in fig["by_office"]]
    pt = fig["petitions"]
    assert pt["received"] > 0, "the demo should have petitions in the month"
    assert _card(page, "petitions") == f"{pt['received']} / {pt['resolved']}"
    assert _card(page, "petition-rate") == _pct(pt["rate"])
    assert _cells(page, "petitions") == [[fig["scope"], *(str(pt[k]) for k in (
        "received", "resolved", "transferred", "ended")), _pct(pt["rate"])]]
    # The charts' data is the tables' data.
    charts = json.loads(unescape(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>',
                                           page, re.S).group(1)))
    assert charts["trend"]["accepted"] == [t["accepted"] for t in fig["trend"]]
    assert charts["areas"]["rates"] == [a["rate_per_10k"] for a in fig["areas"]]

    mediated = _stats(capsys, demo_hub.store.url, "--denominator", "mediated")
    page = _as(demo_hub, "zhuanban").get("/city", params={"period": PERIOD, "denominator": "mediated"}).text
    assert _card(page, "rate") == _pct(mediated["success_rate"])


def test_downloads_carry_the_same_figures(demo_hub, capsys):
    fig = _stats(capsys, demo_hub.store.url)
    coord = _as(demo_hub, "lianxi")
    xlsx = coord.get("/city/figures.xlsx", params={"period": PERIOD})
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert fig["accepted"] in values and fig["succeeded"] in values
    pdf = coord.get("/city/bulletin.pdf", params={"period": PERIOD})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2026年11月" in text.replace(" ", "") and str(fig["accepted"]) in text
    audit = coord.get("/audit").text
    assert "全市概览表格（全市，2026-11）" in audit and "全市月度通报（全市，2026-11）" in audit


def test_an_office_viewer_reads_only_its_own_office(demo_hub, capsys):
    own = _stats(capsys, demo_hub.store.url, "--office", VIEWER_OFFICE)
    viewer = _as(demo_hub, "xikou")
    r = viewer.get("/office")
    assert r.status_code == 303 and r.headers["location"] == f"/console/office/{VIEWER_OFFICE}"
    page = viewer.get(f"/office/{VIEWER_OFFICE}", params={"period": PERIOD}).text
    assert _card(page, "accepted") == str(own["accepted"]) and _card(page, "succeeded") == str(own["succeeded"])
    assert viewer.get(f"/office/{VIEWER_OFFICE}/figures.xlsx", params={"period": PERIOD}).status_code == 200
    other = next(o["office_code"] for o in _stats(capsys, demo_hub.store.url)["by_office"]
                 if o["office_code"] != VIEWER_OFFICE)
    for path in (f"/office/{other}", f"/office/{other}/figures.xlsx", "/city", "/city/figures.xlsx",
                 "/city/bulletin.pdf", "/devices", "/codes", "/offices", "/users", "/conflicts", "/audit"):
        r = viewer.get(path)
        assert r.status_code == 403, path
    # The city's readers open any office's page from the table.
    coord_page = _as(demo_hub, "lianxi").get(f"/office/{other}", params={"period": PERIOD})
    assert coord_page.status_code == 200


def test_a_bad_month_is_one_sentence(demo_hub):
    r = _as(demo_hub, "lianxi").get("/city", params={"period": "2026-13"})
    assert r.status_code == 400 and alert(r.text)
