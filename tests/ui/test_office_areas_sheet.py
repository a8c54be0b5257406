"""本单位 → 辖区 from a sheet: the template saved from the page, filled in and imported through the
page's own path; the areas show in the table, a bad file shows every bad row and writes nothing,
and `fydesk stats` counts the imported area."""

from __future__ import annotations

import json
from datetime import date

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from fydesk.cli import main
from fydesk.ui.pages.office import OfficePage


def test_areas_imported_from_the_template_show_in_the_table(qtbot, ctx, tmp_path, monkeypatch, capsys):
    page = OfficePage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    assert page.area_table.rowCount() == 0

    # The file dialogs are the outer edge: they answer with a path, as a clerk would pick one.
    template = tmp_path / "辖区数据模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(template), ""))
    page.template_button.click()
    qtbot.waitUntil(template.exists, timeout=5000)

    year, period = date.today().year, date.today().strftime("%Y-%m")
    wb = load_workbook(template)
    wb["人口"].append(["440120100", "溪口镇", year, 52000, 8000])
    wb["人口"].append(["440120101", "石岭镇", year, 30000, 0])
    wb["收案"].append(["440120100", period, 27, 3])
    filled = tmp_path / "辖区.xlsx"
    wb.save(filled)

    bad = tmp_path / "有误.xlsx"
    wb = load_workbook(filled)
    wb["人口"].append(["440120102", "云城街道", year, "三万", 0])
    wb.save(bad)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    page.import_button.click()
    qtbot.waitUntil(lambda: page.area_error.isVisible(), timeout=5000)
    assert page.area_error.text().splitlines() == [
        "“人口”表第 4 行，户籍人口列：户籍人口应为整数，实为“三万”。", "共 1 处错误，未写入任何记录。"]
    assert page.area_table.rowCount() == 0 and page.view.areas == ()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filled), ""))
    page.import_button.click()
    qtbot.waitUntil(lambda: page.area_table.rowCount() == 2, timeout=5000)
    assert not page.area_error.isVisible()
    rows = [[page.area_table.item(r, c).text() for c in range(6)] for r in range(2)]
    assert rows == [["440120100", "溪口镇", str(year), "52000", "8000", f"{period}：30"],
                    ["440120101", "石岭镇", str(year), "30000", "0", "—"]]
    assert page.sheet_note.text() == "已导入 2 个区划：人口 2 行，收案 1 行。"

    assert main(["--data-dir", str(ctx.store.data_dir.root), "stats", "--period", period, "--json"]) == 0
    area = next(a for a in json.loads(capsys.readouterr().out)["areas"] if a["area_code"] == "440120100")
    assert (area["population"], area["filings"], area["rate_per_10k"]) == (60000, 30, 5.0)
