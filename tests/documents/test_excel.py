"""Excel: a 1,000-row 台账 imports whole, one bad ID number refuses it all, exports are masked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fydesk import models as m
from fydesk.cli import main
from fydesk.domain.ids import make_id_card, mask_id

ROWS = 1000
BAD_ROW = 517  # as Excel numbers it: the header is row 1
HEADER = ["序号", "登记日期", "受理日期", "纠纷类型", "纠纷简要情况", "申请人", "身份证号", "住址",
          "被申请人", "被申请人身份证号", "调解员", "调解结果", "结案日期", "涉及金额（元）"]
TYPES = ["邻里纠纷", "婚姻家庭纠纷", "民间借贷纠纷", "物业纠纷", "劳动争议纠纷"]


def _ledger(path, bad_row: int | None = None, rows: int = ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年调解台账"
    ws.append(HEADER)
    start = date(2025, 1, 2)
    for i in range(rows):
        row_number = i + 2
        day = start + timedelta(days=i % 300)
        applicant = make_id_card("440120", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000, "男")
        respondent = make_id_card("440121", date(1955 + i % 40, 1 + i % 12, 1 + i % 27), (i + 7) % 1000, "女")
        if row_number == bad_row:
            applicant = applicant[:-1] + ("0" if applicant[-1] != "0" else "1")  # a wrong check character
        ws.append([i + 1, day, day + timedelta(days=1), TYPES[i % len(TYPES)], f"第{i + 1}号纠纷：双方因琐事发生争执",
                   f"申请人{i}", applicant, f"云溪区云城街道{i}号", f"被申请人{i}", respondent, "李明",
                   "达成协议" if i % 4 else "调解不成", day + timedelta(days=12), 1000 + i])
    wb.save(path)


def _counts(store):
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(m.MediationCase)),
                s.scalar(select(func.count()).select_from(m.Party)),
                s.scalar(select(func.count()).select_from(m.OutboxOp)),
                s.scalar(select(func.count()).select_from(m.AuditEntry)))


@pytest.fixture
def data_dir(office_store):
    return office_store.data_dir.root


def test_a_thousand_row_ledger_imports_through_the_form_rules(data_dir, office_store, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    _ledger(path)
    before = _counts(office_store)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 0
    assert "新增调解案件 1000 件、当事人 2000 名" in capsys.readouterr().out
    cases, parties, outbox, _ = _counts(office_store)
    assert (cases - before[0], parties - before[1]) == (ROWS, 2 * ROWS)
    assert outbox - before[2] == 3 * ROWS  # every record goes to the hub like a typed one
    with office_store.read() as s:
        numbers = s.scalars(select(m.MediationCase.case_number)).all()
        assert len(set(numbers)) == ROWS and all(numbers)  # each row got its own case number
        row = s.scalar(select(m.MediationCase).where(m.MediationCase.summary == "第6号纠纷：双方因琐事发生争执"))
        assert (row.status, row.result, row.amount_cents, row.dispute_type) == ("结案", "达成协议", 100500,
                                                                                 "邻里纠纷")
        assert row.lead_mediator_id is not None
        applicant = s.scalar(select(m.Party).where(m.Party.case_id == row.id, m.Party.role == "申请人"))
        assert applicant.name == "申请人5" and applicant.birth_date == date(1965, 6, 6)  # derived from the ID


def test_one_bad_id_number_in_row_517_refuses_the_whole_file(data_dir, office_store, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    _ledger(path, bad_row=BAD_ROW)
    before = _counts(office_store)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"第 {BAD_ROW} 行，身份证号列：身份证号不正确" in err
    assert "共 1 处错误" in err and "未写入任何记录" in err
    assert _counts(office_store) == before  # nothing written, not even the 999 good rows


def test_a_ledger_that_is_no_xlsx_is_one_sentence_not_a_traceback(data_dir, office_store, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # a picture saved under the ledger's name
    before = _counts(office_store)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "错误：文件 台账.xlsx 不是可读取的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
    assert _counts(office_store) == before


def test_a_ledger_without_a_required_column_is_refused_naming_it(data_dir, office_store, tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["登记日期", "申请人", "身份证号"])
    wb.active.append([date(2025, 3, 1), "张三", "11010519491231002X"])
    path = tmp_path / "少列.xlsx"
    wb.save(path)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "缺少必需的列：纠纷类型、纠纷简要情况" in err


def test_export_xlsx_writes_registers_and_figures_with_masked_ids(data_dir, office_store, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    _ledger(path, rows=120)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 0
    out = tmp_path / "导出.xlsx"
    assert main(["--data-dir", str(data_dir), "export", "xlsx", "--out", str(out), "--period", "2025-03"]) == 0
    wb = load_workbook(out, read_only=True)
    assert {"调解案件", "当事人", "月度统计", "分类统计", "万人起诉率"} <= set(wb.sheetnames)
    parties = list(wb["当事人"].iter_rows(values_only=True))
    header = parties[0]
    assert "身份证号" in header and "姓名/名称" in header
    ids = [r[header.index("身份证号")] for r in parties[1:]]
    assert ids and all("*" in i for i in ids)
    with office_store.read() as s:
        full = set(s.scalars(select(m.Party.id_number)))
    assert not full & set(ids) and {mask_id(i) for i in full} >= set(ids)
    cases = list(wb["调解案件"].iter_rows(values_only=True))
    march = [r for r in cases[1:] if r[cases[0].index("登记日期")].month == 3]
    assert len(march) == len(cases) - 1 > 0  # the period chose the month's cases only
    figures = dict(wb["月度统计"].iter_rows(min_row=2, values_only=True))
    assert figures["统计期间"] == "2025-03" and figures["受理案件（件）"] == len(march)


def test_the_json_import_shares_the_all_or_nothing_path(data_dir, office_store, tmp_path, capsys):
    """transfer.create_all now serves both imports: a JSON file with one bad number writes nothing."""
    import json

    path = tmp_path / "台账.xlsx"
    _ledger(path, rows=30)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 0
    dump = tmp_path / "全部.json"
    assert main(["--data-dir", str(data_dir), "export", "json", "--full", "--out", str(dump)]) == 0
    document = json.loads(dump.read_text(encoding="utf-8"))
    document["records"]["office"] = []
    document["records"]["staff"] = []
    for name in ("case", "party"):
        for r in document["records"][name]:
            r["id"] = r["id"][:-4] + "beef"  # new records, as another PC's file would bring
    for r in document["records"]["party"]:
        r["case_id"] = r["case_id"][:-4] + "beef"
    for r in document["records"]["case"]:
        r["case_number"] = "J" + r["case_number"]
    party = document["records"]["party"][6]
    party["id_number"] = party["id_number"][:-1] + ("1" if party["id_number"][-1] != "1" else "2")
    dump.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _counts(office_store)
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "import", str(dump)]) == 1
    assert "当事人第 7 条：身份证号不正确" in capsys.readouterr().err
    assert _counts(office_store) == before
