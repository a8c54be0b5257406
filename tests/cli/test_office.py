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


def _sheet(path, population=(), filings=(), *, pop_header=None, filing_header=None) -> None:
    """A workbook as an office fills the template in: a 人口 sheet and a 收案 sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "人口"
    ws.append(list(pop_header or ("区划代码", "区划名称", "年度", "户籍人口", "登记流动人口")))
    for row in population:
        ws.append(list(row))
    ws = wb.create_sheet("收案")
    ws.append(list(filing_header or ("区划代码", "月份", "一审民事收案", "一审行政收案")))
    for row in filings:
        ws.append(list(row))
    wb.save(path)


def _office(tmp_path, capsys) -> tuple[str, ...]:
    d = str(tmp_path / "data")
    assert run(capsys, "--data-dir", d, "init", "--office-code", "440120-SF09", "--office-name", "云溪区溪口司法所",
               "--kind", "司法所", "--area-code", "440120100")[0] == 0
    return ("--data-dir", d)


def _area_rows(d: str) -> int:
    from sqlalchemy import func, select

    from fydesk.models import AreaStat, OutboxOp

    store = open_store(d)
    with store.read() as s:
        n = s.scalar(select(func.count()).select_from(AreaStat)), s.scalar(
            select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "area_stat"))
    store.close()
    return n


def test_area_figures_are_imported_from_the_template_and_counted_in_stats(tmp_path, capsys):
    base = _office(tmp_path, capsys)
    template = tmp_path / "模板.xlsx"
    code, out, err = run(capsys, *base, "office", "area", "template", str(template))
    assert code == 0, err
    from openpyxl import load_workbook

    wb = load_workbook(template)
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets}
    assert headers["人口"] == ["区划代码", "区划名称", "年度", "户籍人口", "登记流动人口"]
    assert headers["收案"] == ["区划代码", "月份", "一审民事收案", "一审行政收案"]

    year = date.today().year
    period = date.today().strftime("%Y-%m")
    filled = tmp_path / "辖区.xlsx"
    # As typed in Excel: codes as numbers, a month as a date cell, another as text.
    _sheet(filled, [(440120100, "溪口镇", year, 52000, 8000), ("440120101", "石岭镇", year, 30000, None)],
           [(440120100, date.today().replace(day=1), 27, 3), ("440120101", f"{year}年1月", 9, None)])
    done = ok_json(capsys, *base, "office", "area", "import", str(filled))
    assert done == {"areas": 2, "years": 2, "months": 2}
    shown = {a["area_code"]: a for a in ok_json(capsys, *base, "office", "show")["areas"]}
    assert shown["440120100"]["resident_population"] == 52000 and shown["440120100"]["floating_population"] == 8000
    assert {"period": period, "count": 30} in shown["440120100"]["filings"]
    assert shown["440120101"]["area_name"] == "石岭镇"
    # 12 months each, and every write in the outbox: 24 records made, 2 months' filings added.
    assert _area_rows(base[1]) == (24, 26)

    stats = ok_json(capsys, *base, "stats", "--period", period)
    area = next(a for a in stats["areas"] if a["area_code"] == "440120100")
    assert (area["population"], area["filings"], area["rate_per_10k"]) == (60000, 30, 5.0)
    code, out, _ = run(capsys, *base, "stats", "--period", period)
    assert code == 0 and "溪口镇" in out and "万人起诉率 5.00" in out


def test_a_bad_row_anywhere_writes_nothing_and_each_is_named_by_row_and_column(tmp_path, capsys):
    base = _office(tmp_path, capsys)
    year = date.today().year
    bad = tmp_path / "bad.xlsx"
    _sheet(bad, [(440120100, "溪口镇", year, 52000, 8000),  # good, but not written: the file fails
                 ("4401201", "石岭镇", year, 30000, 0),  # a code of 7 digits
                 (440120102, "云城街道", year, "三万", 0),  # words, not a number
                 (440120100, "溪口镇", year, 1, 0)],  # the same area and year again
           [(440120100, "2026-13", 5, 0), (440120999, f"{year}-01", 5, 0)])
    code, _, err = run(capsys, *base, "office", "area", "import", str(bad))
    lines = err.strip().splitlines()
    assert code == 1
    assert lines[:5] == [
        "“人口”表第 3 行，区划代码列：行政区划代码应为 6、9 或 12 位数字（镇街为 9 位），实为“4401201”。",
        "“人口”表第 4 行，户籍人口列：户籍人口应为整数，实为“三万”。",
        "“人口”表第 5 行，区划代码列：与第 2 行重复（同一区划同一年度）。",
        "“收案”表第 2 行，月份列：统计期间的月份应在 01 到 12 之间，实为 13。",
        "“收案”表第 3 行，区划代码列：还没有区划 440120999 的人口数据：请先登记该区划（office area set）。",
    ]
    assert "共 5 处错误" in lines[-1] and "未写入任何记录" in lines[-1]
    assert _area_rows(base[1]) == (0, 0)

    many = tmp_path / "many.xlsx"
    _sheet(many, [(f"44012{i:04d}", "某镇", year, -1, 0) for i in range(260)])
    code, _, err = run(capsys, *base, "office", "area", "import", str(many))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 201  # the first 200, then the sentence with the count
    assert "共 260 处错误（另有 60 处未列出）" in lines[-1]
    assert _area_rows(base[1]) == (0, 0)


def test_a_file_that_is_no_xlsx_is_one_sentence(tmp_path, capsys):
    base = _office(tmp_path, capsys)
    png = tmp_path / "photo.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    csv = tmp_path / "figures.xlsx"
    csv.write_text("区划代码,区划名称,年度,户籍人口\n440120100,溪口镇,2026,52000\n", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    for path in (png, csv, empty):
        code, out, err = run(capsys, *base, "office", "area", "import", str(path))
        assert code == 1 and out == ""
        assert err.strip() == f"错误：文件 {path.name} 不是可读取的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
    # A workbook with other headers is told what the import reads.
    other = tmp_path / "other.xlsx"
    _sheet(other, pop_header=("姓名", "电话"), filing_header=("案号",))
    code, _, err = run(capsys, *base, "office", "area", "import", str(other))
    assert code == 1 and "没有可导入的辖区数据表" in err and "Traceback" not in err
    assert _area_rows(base[1]) == (0, 0)

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
