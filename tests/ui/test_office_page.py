"""本单位 in the window: a fresh office set up only through the first-run screen gets its staff,
a 调委会 and an area with population; a case registered there defaults to that body and prints
an agreement naming it; `fydesk stats` shows 万人起诉率 for the area."""

from __future__ import annotations

import json
from datetime import date

from fydesk.cli import main
from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.ui.mainwindow import MainWindow

from ..cli.test_office import pdf_text
from .test_cases_page import choose, fill_case, save_and_wait, type_into
from .test_shell import start


def add_record(qtbot, page, box, values: dict[str, str], choices: dict[str, str]) -> None:
    rows = len(box.rows)
    for name, text in values.items():
        type_into(qtbot, box.form.inputs[name], text)
    for name, text in choices.items():
        choose(box.form.inputs[name], text)
    box.save_button.click()
    qtbot.waitUntil(lambda: len(box.rows) == rows + 1, timeout=5000)


def test_a_fresh_office_set_up_only_through_the_window(qtbot, tasks, settings, tmp_path, capsys):
    data_dir = tmp_path / "new"
    launcher = start(qtbot, tasks, settings, data_dir)
    first = launcher.window
    first.code.setText("440120-FT09")
    first.name.insert("云溪区人民法院溪口人民法庭")
    choose(first.kind, "人民法庭")
    first.prefix.insert("溪口法")
    first.setup_button.click()
    qtbot.waitUntil(lambda: getattr(first, "office_page", None) is not None
                    and first.office_page.view is not None, timeout=10_000)
    office = first.office_page

    add_record(qtbot, office, office.staff, {"name": "王调解", "phone": "13800000000"}, {"role": "专职调解员"})
    add_record(qtbot, office, office.bodies, {"name": "溪口镇驻庭人民调解委员会", "area_code": "440120100"},
               {"kind": "驻庭人民调解委员会"})
    # A bad value is named under its field, and nothing is saved.
    type_into(qtbot, office.bodies.form.inputs["area_code"], "4401201001234")
    office.bodies.save_button.click()
    qtbot.waitUntil(lambda: office.bodies.form.error_text("area_code") != "", timeout=5000)
    assert len(office.bodies.rows) == 1
    office.bodies.start_new()

    year, period = date.today().year, date.today().strftime("%Y-%m")
    type_into(qtbot, office.area_code, "440120100")
    type_into(qtbot, office.area_name, "溪口镇")
    office.year.setValue(year)
    office.population.setValue(52000)
    office.floating.setValue(8000)
    office.area_button.click()
    qtbot.waitUntil(lambda: len(office.view.areas) == 1, timeout=5000)
    type_into(qtbot, office.period, period)
    office.filings.setValue(30)
    office.filings_button.click()
    qtbot.waitUntil(lambda: office.view.areas[0].filings == ((period, 30),), timeout=5000)
    assert office.area_table.item(0, 3).text() == "52000"

    with qtbot.waitSignal(launcher.main_shown, timeout=10_000) as shown:
        first.finish_button.click()
    window: MainWindow = shown.args[0]
    qtbot.addWidget(window)

    # The staff and the body are choosable when a case is registered; 人民调解 takes the 调委会.
    page = window.show_page("调解案件")
    qtbot.waitUntil(lambda: page.register.case_form.inputs["body_id"].count() == 2, timeout=5000)
    fill_case(qtbot, page)
    body_id = office.view.bodies[0].id
    assert page.register.case_form.value("body_id") == body_id
    choose(page.register.case_form.inputs["lead_mediator_id"], "王调解")
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    case = page.detail.detail.case
    assert case["body_id"] == body_id and case["lead_mediator_id"] == office.view.staff[0].id

    today = date.today()
    with window.ctx.store.write() as s:
        actor = load_actor(s)
        for status in ("受理", "调解中"):
            records.update(s, actor, "case", case.id, {"status": status}, today=today)
        agreement, _ = cases.record_agreement(
            s, actor, case.id, {"facts": "宅基地边界争执。", "signed_date": today, "effective_date": today},
            [{"obligor": "李建国", "obligee": "王秀英", "content": "李建国拆除越界围墙"}], today=today)

    # The application's court defaults to the one the 驻庭 committee sits in, not a blank.
    page.open_case(case.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and bool(page.detail.detail.agreements), timeout=5000)
    assert page.detail.confirmation_form.value("court") == "云溪区人民法院溪口人民法庭"
    assert "主持调解：溪口镇驻庭人民调解委员会" in page.detail.header.text()

    out = tmp_path / "agreement.pdf"
    assert main(["--data-dir", str(data_dir), "report", "agreement", "--id", agreement.id, "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "溪口镇驻庭人民调解委员会人民调解协议书" in text
    assert "经溪口镇驻庭人民调解委员会主持调解" in text
    assert "人民法庭" not in text and "王调解" in text  # the tribunal neither issues nor seals it

    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "stats", "--period", period, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    area = next(a for a in stats["areas"] if a["area_code"] == "440120100")
    assert (area["population"], area["rate_per_10k"]) == (60000, 5.0)
    window.close()
