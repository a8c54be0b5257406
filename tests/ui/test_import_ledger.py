"""调解案件 → 导入台账: a progress dialog shows the rows read while the import runs in the
background; the result, or the refusal with its list of errors, comes back to the page."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton
from sqlalchemy import func, select

from fydesk.domain.ids import make_id_card
from fydesk.models import MediationCase

from .test_cases_page import page  # noqa: F401 (the page fixture)

ROWS = 1600


def write_ledger(path, rows: int, bad_row: int | None = None) -> None:
    wb = Workbook()  # as Excel saves it: the sheet's size recorded, so the rows are known up front
    ws = wb.active
    ws.title = "台账"
    ws.append(["登记日期", "纠纷类型", "纠纷简要情况", "申请人", "身份证号"])
    for i in range(rows):
        number = make_id_card("440120", date(1970, 1 + i % 12, 1 + i % 28), i % 1000, "男")
        if i + 2 == bad_row:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        ws.append([date(2025, 2, 1) + timedelta(days=i % 200), "邻里纠纷", f"第{i + 1}号", f"申请人{i}", number])
    wb.save(path)


def cases(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(MediationCase))




def test_the_window_shows_the_rows_read_while_a_ledger_imports(qtbot, page, ctx, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, ROWS)
    page.import_ledger(path)
    dialog = page.import_progress
    assert dialog is not None and dialog.isVisible()
    assert not page.import_button.isEnabled()  # one import at a time
    bar = dialog.findChild(QProgressBar)
    shown: list[tuple[int, int, str]] = []
    bar.valueChanged.connect(lambda v: shown.append((v, bar.maximum(), dialog.labelText())))
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "import_done") is not None, timeout=60_000)
    # Rows read part way through, out of the sheet's rows, were on screen before the end.
    assert (500, ROWS, f"正在导入台账：已读取 500 行，共 {ROWS} 行") in shown
    assert shown[-1][:2] == (ROWS, ROWS)
    assert page.import_progress is None and page.import_button.isEnabled()
    done = page.findChild(QMessageBox, "import_done")
    assert "已从工作表“台账”导入调解案件 1600 件、当事人 1600 名" in done.text()
    assert cases(ctx.store) == ROWS
    qtbot.waitUntil(lambda: page.model.total == ROWS, timeout=10_000)  # the list shows them


def test_a_refused_ledger_lists_its_errors_and_writes_nothing(qtbot, page, ctx, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, 300, bad_row=123)
    page.import_ledger(path)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "import_refused") is not None, timeout=60_000)
    box = page.findChild(QMessageBox, "import_refused")
    assert "共 1 处错误" in box.text() and "未写入任何记录" in box.text()
    assert box.detailedText().startswith("第 123 行，身份证号列：身份证号不正确")
    assert cases(ctx.store) == 0
    assert page.import_progress is None and page.import_button.isEnabled()


def test_a_file_that_is_not_a_workbook_is_one_sentence(qtbot, page, ctx, tmp_path):
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    page.import_ledger(path)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "import_refused") is not None, timeout=10_000)
    box = page.findChild(QMessageBox, "import_refused")
    assert "不是可读取的 Excel 工作簿" in box.text() and box.detailedText() == ""


def test_cancelling_the_progress_dialog_stops_the_import_and_keeps_nothing(qtbot, page, ctx, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, ROWS)
    page.import_ledger(path)
    button = page.import_progress.findChild(QPushButton)
    assert button.text() == "取消"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_progress is None, timeout=60_000)
    assert page.findChild(QMessageBox, "import_done") is None
    assert page.findChild(QMessageBox, "import_refused") is None
    assert cases(ctx.store) == 0 and page.import_button.isEnabled()
