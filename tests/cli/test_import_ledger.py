"""`fydesk import` of an Excel 台账: files that are not workbooks, workbooks of many sheets,
and a file with hundreds of errors — each refused in sentences, nothing written."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fydesk import models as m
from fydesk.cli import main
from fydesk.domain.ids import make_id_card

HEADER = ["登记日期", "纠纷类型", "纠纷简要情况", "申请人", "身份证号", "被申请人"]


def ledger_rows(n: int, bad_every: int = 0) -> list[list]:
    rows = []
    for i in range(n):
        number = make_id_card("440120", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000, "男")
        if bad_every and i % bad_every == 0:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")  # a wrong check character
        rows.append([date(2025, 1, 2) + timedelta(days=i % 300), "邻里纠纷", f"第{i + 1}号纠纷",
                     f"申请人{i}", number, f"被申请人{i}"])
    return rows


def write_ledger(path, rows, title="台账"):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def counts(store):
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(model))
                     for model in (m.MediationCase, m.Party, m.OutboxOp, m.AuditEntry))


@pytest.fixture
def run(office_store, capsys):
    def run(*argv):
        code = main(["--data-dir", str(office_store.data_dir.root), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def _png(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")


def _csv(path):
    path.write_text("登记日期,纠纷类型,纠纷简要情况,申请人\n2025-03-01,邻里纠纷,漏水,张三\n", encoding="utf-8")


def _zip_without_workbook(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")


@pytest.mark.parametrize("make, says", [
    (lambda p: p.write_bytes(b""), "不是可读取的 Excel 工作簿"),
    (_png, "不是可读取的 Excel 工作簿"),
    (_csv, "不是可读取的 Excel 工作簿"),
    (_zip_without_workbook, "不是可读取的 Excel 工作簿"),
], ids=["empty", "png", "csv", "zip"])
def test_a_file_that_is_not_a_workbook_gets_one_sentence_and_nothing_is_written(
        run, office_store, tmp_path, make, says):
    path = tmp_path / "台账.xlsx"
    make(path)
    before = counts(office_store)
    code, out, err = run("import", str(path))
    assert code != 0
    assert says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1  # one sentence, not a traceback
    assert counts(office_store) == before


def test_errors_are_listed_up_to_200_and_the_rest_counted(run, office_store, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, ledger_rows(600, bad_every=2))  # 300 bad ID numbers
    before = counts(office_store)
    code, out, err = run("import", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    listed = [line for line in lines if line.startswith("第 ") and "身份证号列" in line]
    assert len(listed) == 200
    assert listed[0].startswith("第 2 行") and listed[-1].startswith("第 400 行")
    assert "……另有 100 处错误未列出" in err
    assert "共 300 处错误" in lines[-1] and "未写入任何记录" in lines[-1]
    assert counts(office_store) == before  # the 300 good rows were not written either


def test_the_ledger_is_found_by_its_headers_among_the_apps_own_export(run, office_store, tmp_path):
    first = tmp_path / "旧台账.xlsx"
    write_ledger(first, ledger_rows(20))
    assert run("import", str(first))[0] == 0
    export = tmp_path / "导出.xlsx"
    assert run("export", "xlsx", "--out", str(export))[0] == 0

    # The export alone holds no ledger (its cases carry no parties, their IDs are masked).
    before = counts(office_store)
    code, out, err = run("import", str(export))
    assert code == 1 and "这是 fydesk 导出的 Excel 工作簿" in err
    sheets = len(load_workbook(export, read_only=True).sheetnames)
    assert sheets >= 20 and f"全部 {sheets} 个工作表" in err
    assert counts(office_store) == before

    # An office keeps its new ledger as one more sheet of that workbook.
    wb = load_workbook(export)
    ws = wb.create_sheet("2026年新收案件")
    ws.append(HEADER)
    for row in ledger_rows(5):
        ws.append(row)
    wb.save(export)
    code, out, err = run("import", str(export))
    assert code == 0, err
    assert f"读取工作表“2026年新收案件”（第 {sheets + 1} 个，共 {sheets + 1} 个，按表头识别为台账）" in out
    assert "新增调解案件 5 件、当事人 10 名" in out
    assert counts(office_store)[0] == before[0] + 5


def test_a_workbook_without_a_ledger_sheet_names_the_closest_and_what_it_lacks(run, tmp_path):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由某某街道填报"])
    ws = wb.create_sheet("收案")
    ws.append(["登记日期", "申请人", "身份证号"])
    path = tmp_path / "两表.xlsx"
    wb.save(path)
    code, out, err = run("import", str(path))
    assert code == 1
    assert "2 个工作表中没有台账" in err and "“收案”缺少必需的列：纠纷类型、纠纷简要情况" in err
