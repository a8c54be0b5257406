"""考核: the scoreboard recomputed here from the raw records equals the console's numbers; the
coordinator's weights change the scores and nothing else; who may read and who may weigh; the
days a PC syncs are noted as its requests are answered."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from html import unescape

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from fydesk.hub import assessment
from fydesk.hub.demo import DEMO_PASSWORD
from fydesk.hub.models import AssessmentWeight, HubOffice, Record, SyncDay
from fydesk.hub.telemetry import beijing_day

from .conftest import Browser, alert
from ..hub.conftest import hub  # noqa: F401 - the fixture
from .test_figures_page import demo_hub  # noqa: F401 - the fixture

START, END = "2026-01", "2026-11"


def _as(hub, login: str) -> Browser:
    b = Browser(hub)
    assert b.sign_in(login, DEMO_PASSWORD).status_code == 303
    return b


def _rows(html: str) -> dict[str, list[str]]:
    body = html[html.index('<table id="board"'):]
    body = body[:body.index("</table>")]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
        cells = [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        out[cells[1]] = cells
    return out


def _by_hand(store, weights: dict[str, int], today: date) -> dict[str, tuple[float | None, dict]]:
    """Each office's rates and score, from every record's JSON, as the module's note defines them."""
    first, after = date(2026, 1, 1), date(2026, 12, 1)
    days = {first + timedelta(days=i) for i in range((min(after, today + timedelta(days=1)) - first).days)
            if (first + timedelta(days=i)).weekday() < 5}
    with store.session() as s:
        offices = {o.id: o.name for o in s.scalars(select(HubOffice))}
        records = [(r.entity, r.data | {"_id": r.record_id, "_office": r.owner_office_id})
                   for r in s.scalars(select(Record).where(Record.deleted_at.is_(None)))]
        synced = s.execute(select(SyncDay.office_id, SyncDay.day)).all()
    counts = {o: {"tasks": [0, 0], "mediation": [0, 0], "suggestions": [0, 0], "petitions": [0, 0],
                  "sync": [0, len(days)]} for o in offices}
    reports: dict[str, list[dict]] = {}
    for entity, d in records:
        if entity == "task_report" and d["report_date"] <= today.isoformat():
            reports.setdefault(d["task_id"], []).append(d)
    for entity, d in records:  # each responsible office's part of a task due in the period
        if entity != "task" or not ("2026-01-01" <= d["deadline"] < min("2026-12-01", today.isoformat())):
            continue
        for office in dict.fromkeys([d["lead_office_id"], *d["partner_office_ids"]]):
            mine = sorted((r for r in reports.get(d["_id"], []) if r["_office"] == office),
                          key=lambda r: (r["report_date"], r["_id"]))
            c = counts[office]["tasks"]
            c[1] += 1
            c[0] += bool(mine) and mine[-1]["done"] and mine[-1]["report_date"] <= d["deadline"]
    for entity, d in records:
        if entity == "case" and d.get("accepted_date") and "2026-01-01" <= d["accepted_date"] < "2026-12-01":
            c = counts[d["office_id"]]["mediation"]
            c[1] += 1
            c[0] += d.get("result") == "达成协议"
        if entity == "suggestion" and d.get("reply_due") and "2026-01-01" <= d["reply_due"] < "2026-12-01":
            c = counts[d["office_id"]]["suggestions"]
            c[1] += 1
            c[0] += bool(d.get("reply_date")) and d["reply_date"] <= d["reply_due"]
        if (entity == "petition" and d.get("closed_date") and "2026-01-01" <= d["closed_date"] < "2026-12-01"
                and d.get("status") in ("已化解", "终结移交", "依法终结")):
            c = counts[d["office_id"]]["petitions"]
            c[1] += 1
            c[0] += d["status"] == "已化解"
    for office, n in {o: len({day for oo, day in synced if oo == o and day in days}) for o in offices}.items():
        counts[office]["sync"][0] = n
    out = {}
    for office, c in counts.items():
        parts = [(weights[k], 100 * a / b) for k, (a, b) in c.items() if b and weights[k]]
        total = sum(w for w, _ in parts)
        out[offices[office]] = (round(sum(w * p for w, p in parts) / total, 1) if total else None, c)
    return out


def test_the_board_recomputed_from_raw_records_equals_the_consoles(demo_hub):  # noqa: F811
    coord = _as(demo_hub, "lianxi")
    page = coord.get("/assessment", params={"start": START, "end": END}).text
    shown = _rows(page)
    today = beijing_day(assessment.utcnow())
    expected = _by_hand(demo_hub.store, {"tasks": 25, "mediation": 25, "suggestions": 15, "petitions": 20, "sync": 15}, today)
    assert set(shown) == set(expected) and len(shown) == 5
    for office, (score, counts) in expected.items():
        cells = shown[office]
        assert cells[2] == ("—" if score is None else f"{score:g}%"), office
        for cell, key in zip(cells[3:], ("tasks", "mediation", "suggestions", "petitions", "sync")):
            a, b = counts[key]
            assert cell.endswith(f"{a} / {b}"), (office, key, cell)
    ranks = [int(shown[o][0]) for o in sorted(shown, key=lambda o: -expected[o][0])]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert "调解成功率</b>（权重 25）：期内受理案件中达成协议的件数 ÷ 期内受理件数" in page
    assert any(c["tasks"][1] for _, c in expected.values())
    assert any(c["sync"][0] for _, c in expected.values()) and any(c["petitions"][1] for _, c in expected.values())

    # New weights: the same rates, new scores, as recomputed.
    r = coord.form("/assessment/weights", {"start": START, "end": END, "tasks": "10", "mediation": "0",
                                           "suggestions": "0", "petitions": "50", "sync": "100"}, page=f"/assessment?start={START}&end={END}")
    assert r.status_code == 303
    shown = _rows(coord.get("/assessment", params={"start": START, "end": END}).text)
    again = _by_hand(demo_hub.store, {"tasks": 10, "mediation": 0, "suggestions": 0, "petitions": 50, "sync": 100}, today)
    for office, (score, _) in again.items():
        assert shown[office][2] == f"{score:g}%"

    xlsx = openpyxl.load_workbook(io.BytesIO(coord.get("/assessment/board.xlsx",
                                                        params={"start": START, "end": END}).content))
    sheet = {row[2]: row for row in xlsx.worksheets[0].iter_rows(min_row=2, values_only=True)}
    for office, (score, _) in again.items():
        assert sheet[office][3] == score
    pdf = coord.get("/assessment/board.pdf", params={"start": START, "end": END})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "各单位考核情况" in text and all(o[:4] in text for o in again)


@pytest.mark.parametrize("values, sentence", [
    ({"tasks": "0", "mediation": "0", "suggestions": "0", "petitions": "0", "sync": "0"}, "至少要有一项指标的权重大于 0。"),
    ({"tasks": "0", "mediation": "101", "suggestions": "0", "petitions": "0", "sync": "0"},
     "“调解成功率”的权重须为 0 至 100 之间的整数。"),
    ({"tasks": "1", "mediation": "a", "suggestions": "1", "petitions": "1", "sync": "1"},
     "“调解成功率”的权重须为 0 至 100 之间的整数。"),
    ({"tasks": "1", "mediation": "1", "suggestions": "1", "sync": "1"}, "“信访化解率”的权重须为 0 至 100 之间的整数。"),
    ({"mediation": "1", "suggestions": "1", "petitions": "1", "sync": "1"}, "“任务按期完成率”的权重须为 0 至 100 之间的整数。"),
])
def test_bad_weights_are_one_sentence_and_change_nothing(demo_hub, values, sentence):  # noqa: F811
    coord = _as(demo_hub, "lianxi")
    r = coord.form("/assessment/weights", values, page="/assessment")
    assert r.status_code == 400 and alert(r.text) == sentence
    with demo_hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(AssessmentWeight)) == 0


def test_who_reads_and_who_weighs(demo_hub):  # noqa: F811
    group = _as(demo_hub, "zhuanban")
    page = group.get("/assessment")
    assert page.status_code == 200 and "保存权重" not in page.text
    assert group.post("/assessment/weights", {"csrf": re.search(r'name="csrf" value="([^"]+)"', page.text).group(1),
                                              "mediation": "1", "suggestions": "1", "sync": "1"}).status_code == 403
    for login in ("xinxi", "xikou"):
        assert _as(demo_hub, login).get("/assessment").status_code == 403
    r = _as(demo_hub, "lianxi").get("/assessment", params={"start": "2026-11", "end": "2026-01"})
    assert r.status_code == 400 and alert(r.text) == "考核期的结束月份不能早于开始月份。"


def test_a_pc_syncing_notes_its_day_once(hub):
    hub.office("T1", "溪口人民法庭")
    pc = hub.device("T1")
    pc.pull()
    pc.pull()
    pc.results(pc.op("staff", "01a20000-0000-7000-8000-00000000f001", "insert", name="张三", role="法官"))
    with hub.store.session() as s:
        rows = s.execute(select(SyncDay.device_id, SyncDay.day)).all()
    assert rows == [(pc.id, beijing_day(assessment.utcnow()))]
