"""本单位's body form: a body's 协议编号代字 is shown, filled in from its name when left empty,
and a 代字 another body of the office has is named under its field, with nothing saved."""

from __future__ import annotations

from .test_cases_page import choose, type_into
from .test_office_page import add_record
from .test_shell import start


def test_the_body_form_sets_a_prefix_and_refuses_one_another_body_has(qtbot, tasks, settings, tmp_path):
    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    first.code.setText("440120-SF09")
    first.name.insert("云溪区溪口司法所")
    choose(first.kind, "司法所")
    first.setup_button.click()
    qtbot.waitUntil(lambda: getattr(first, "office_page", None) is not None
                    and first.office_page.view is not None, timeout=10_000)
    bodies = first.office_page.bodies

    add_record(qtbot, first.office_page, bodies, {"name": "溪口镇人民调解委员会"}, {"kind": "乡镇(街道)人民调解委员会"})
    column = bodies.names.index("number_prefix")
    assert bodies.table.item(0, column).text() == "溪口人调"  # from the name, left empty

    type_into(qtbot, bodies.form.inputs["name"], "城东村人民调解委员会")
    choose(bodies.form.inputs["kind"], "村(居)人民调解委员会")
    type_into(qtbot, bodies.form.inputs["number_prefix"], "溪口人调")
    bodies.save_button.click()
    qtbot.waitUntil(lambda: bodies.form.error_text("number_prefix") != "", timeout=5000)
    assert "已有调解组织使用代字“溪口人调”" in bodies.form.error_text("number_prefix")
    assert len(bodies.rows) == 1

    bodies.form.inputs["number_prefix"].clear()
    type_into(qtbot, bodies.form.inputs["number_prefix"], "城东人调")
    bodies.save_button.click()
    qtbot.waitUntil(lambda: len(bodies.rows) == 2, timeout=5000)
    assert sorted(bodies.table.item(r, column).text() for r in range(2)) == ["城东人调", "溪口人调"]
    launcher.window.close()
