"""`fydesk office`: a fresh office set up only from the command line — its staff, a 调委会 and an
area with population — then a case presided over by that body prints an agreement naming it,
and `fydesk stats` shows 万人起诉率 for that area."""

from __future__ import annotations

import json
import re
from datetime import date

from pypdf import PdfReader

from fydesk.cli import main
from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

APPLICANT_ID = "11010519491231002X"
RESPONDENT_ID = "440524188001010014"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def ok_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def pdf_text(path) -> str:
    """The extracted text with line breaks and spaces gone: a name may wrap anywhere."""
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


def agree(data_dir, body_id: str | None = None, category: str = "人民调解") -> tuple[str, str]:
    """A case registered (presided over by the default body unless one is named), accepted,
    mediated and agreed; returns (case id, agreement id)."""
    store = open_store(data_dir)
    today = date.today()
    with store.write() as s:
        actor = load_actor(s)
        values = {"category": category, "source": "当事人申请", "dispute_type": "邻里纠纷",
                  "summary": "邻里之间因排水沟堵塞发生争执"}
        if body_id:
            values["body_id"] = body_id
        made = cases.register_case(s, actor, values, [
            {"role": "申请人", "name": "张三", "id_number": APPLICANT_ID},
            {"role": "被申请人", "name": "李四", "id_number": RESPONDENT_ID}], today=today)
        cid = made.case.id
        for status in ("受理", "调解中"):
            records.update(s, actor, "case", cid, {"status": status}, today=today)
        agreement, _ = cases.record_agreement(
            s, actor, cid, {"facts": "李四家排水沟堵塞致张三房屋受潮。", "signed_date": today, "effective_date": today},
            [{"obligor": "李四", "obligee": "张三", "content": "李四疏通排水沟并赔偿张三房屋受潮损失",
              "amount_cents": 200000}], today=today)
    store.close()
    return cid, agreement.id


def test_a_fresh_office_set_up_only_from_the_command_line(tmp_path, capsys):
    d = str(tmp_path / "data")
    base = ("--data-dir", d)
    assert run(capsys, *base, "init", "--office-code", "440120-SF09", "--office-name", "云溪区溪口司法所",
               "--kind", "司法所", "--area-code", "440120100")[0] == 0
    staff = ok_json(capsys, *base, "office", "staff", "add", "--name", "王调解", "--role", "专职调解员",
                    "--phone", "13800000000")
    body = ok_json(capsys, *base, "office", "body", "add", "--name", "云溪区溪口镇人民调解委员会",
                   "--kind", "乡镇(街道)人民调解委员会", "--area-code", "440120100")
    period = date.today().strftime("%Y-%m")
    ok_json(capsys, *base, "office", "area", "set", "440120100", "--name", "溪口镇", "--year",
            str(date.today().year), "--population", "52000", "--floating", "8000")
    ok_json(capsys, *base, "office", "area", "filings", "440120100", "--period", period, "--count", "30")

    shown = ok_json(capsys, *base, "office", "show")
    assert [s["name"] for s in shown["staff"]] == ["王调解"]
    assert [(b["name"], b["kind"]) for b in shown["bodies"]] == [("云溪区溪口镇人民调解委员会", "乡镇(街道)人民调解委员会")]
    assert shown["areas"][0]["resident_population"] == 52000
    assert shown["areas"][0]["filings"] == [{"period": period, "count": 30}]

    # A mistake is one sentence naming the field; nothing is written.
    code, _, err = run(capsys, *base, "office", "body", "add", "--name", "某组织", "--kind", "调解中心")
    assert code == 1 and "“类型”须为以下之一" in err
    code, _, err = run(capsys, *base, "office", "area", "filings", "440120999", "--period", period, "--count", "3")
    assert code == 1 and "office area set" in err
    # Changes go through the same rules: a staff member leaves, the body keeps its seal name.
    ok_json(capsys, *base, "office", "staff", "set", staff["id"], "--inactive")
    ok_json(capsys, *base, "office", "body", "set", body["id"], "--seal-name", "云溪区溪口镇人民调解委员会")
    listed = ok_json(capsys, *base, "office", "staff", "list")
    assert [s["active"] for s in listed] == [False]

    # Every write went to the outbox, so the office's other PCs get them.
    store = open_store(d)
    with store.read() as s:
        from sqlalchemy import select

        from fydesk.models import OutboxOp
        entities = {e for e in s.scalars(select(OutboxOp.entity))}
    store.close()
    assert {"staff", "mediation_body", "area_stat"} <= entities

    case_id, agreement_id = agree(d)  # 人民调解: the office's 调委会 presides unless another is chosen
    assert ok_json(capsys, *base, "record", "get", "case", case_id)["body_id"] == body["id"]
    out = tmp_path / "agreement.pdf"
    code, _, err = run(capsys, *base, "report", "agreement", "--id", agreement_id, "--out", str(out))
    assert code == 0, err
    text = pdf_text(out)
    assert "云溪区溪口镇人民调解委员会人民调解协议书" in text
    assert "经云溪区溪口镇人民调解委员会主持调解" in text
    assert "司法所" not in text  # the office that typed it in neither issues nor seals it

    stats = ok_json(capsys, *base, "stats", "--period", period)
    area = next(a for a in stats["areas"] if a["area_code"] == "440120100")
    assert (area["population"], area["filings"], area["rate_per_10k"]) == (60000, 30, 5.0)


def test_a_bodys_prefix_is_set_from_the_command_line_and_its_agreements_carry_it(tmp_path, capsys):
    d = str(tmp_path / "data")
    base = ("--data-dir", d)
    assert run(capsys, *base, "init", "--office-code", "440120-SF09", "--office-name", "云溪区溪口司法所",
               "--kind", "司法所")[0] == 0
    town = ok_json(capsys, *base, "office", "body", "add", "--name", "云溪区溪口镇人民调解委员会",
                   "--kind", "乡镇(街道)人民调解委员会")
    village = ok_json(capsys, *base, "office", "body", "add", "--name", "城东村人民调解委员会",
                      "--kind", "村(居)人民调解委员会", "--prefix", "溪口城东")
    assert (town["number_prefix"], village["number_prefix"]) == ("溪口人调", "溪口城东")
    code, _, err = run(capsys, *base, "office", "body", "set", village["id"], "--prefix", "溪口人调")
    assert code == 1 and err.strip() == "错误：本单位已有调解组织使用代字“溪口人调”，请另取一个，以免协议编号重复。"
    ok_json(capsys, *base, "office", "body", "set", village["id"], "--prefix", "城东人调")
    year = date.today().year
    numbers = []
    for body in (town, village, town):
        _, agreement_id = agree(d, body["id"])
        numbers.append(ok_json(capsys, *base, "record", "get", "agreement", agreement_id)["number"])
    assert numbers == [f"（{year}）溪口人调协字第1号", f"（{year}）城东人调协字第1号", f"（{year}）溪口人调协字第2号"]
