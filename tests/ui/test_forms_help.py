"""Forms that help a clerk: a calendar, today's date, no choice made unseen, every error at once
beside its field and gone once fixed, the wheel kept for scrolling."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from fydesk.ui.forms import DatePicker

from .test_cases_page import choose, page, type_into  # noqa: F401 (the page fixture)


def test_a_new_case_is_dated_today_and_makes_no_choice_for_the_clerk(qtbot, page):  # noqa: F811
    page.new_item()
    form = page.register.case_form
    assert form.value("registered_date") == date.today().isoformat()
    # 纠纷类型 used to read 婚姻家庭纠纷 unless changed: now it waits for a choice.
    assert form.value("dispute_type") is None and form.inputs["dispute_type"].currentText() == ""
    assert form.value("category") is None and form.value("source") is None


def test_the_calendar_writes_the_day_picked(qtbot, page):  # noqa: F811
    page.new_item()
    form = page.register.case_form
    picker = form.findChild(DatePicker, "calendar_registered_date")
    assert picker is not None
    picker.pick(QDate(2026, 3, 5))
    assert form.value("registered_date") == "2026-03-05"


def test_every_error_shows_at_once_beside_its_field_and_goes_when_fixed(qtbot, page, ctx):  # noqa: F811
    page.new_item()
    form = page.register.case_form
    choose(form.inputs["category"], "人民调解")
    first, second = page.register.parties.forms
    type_into(qtbot, first.inputs["name"], "王秀英")
    type_into(qtbot, first.inputs["phone"], "83123456")
    type_into(qtbot, second.inputs["name"], "李建国")
    type_into(qtbot, form.inputs["amount_cents"], "一千")
    page.save()
    assert page.register.error.text() == "请改正标红的各项后再保存。"
    assert form.error_text("source") and form.error_text("dispute_type") and form.error_text("summary")
    assert form.error_text("amount_cents")
    assert "缺少区号" in first.error_text("phone")
    assert form.error_text("category") == ""
    # fixing a field takes its own error away, and only its own
    type_into(qtbot, first.inputs["phone"], "020-83123456")
    qtbot.keyClick(first.inputs["phone"], Qt.Key.Key_End)
    assert first.error_text("phone") == "" and form.error_text("summary")
    choose(form.inputs["source"], "当事人申请")
    assert form.error_text("source") == ""


def test_ctrl_n_opens_the_form_at_its_top(qtbot, page):  # noqa: F811
    page.new_item()
    bar = page.register.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    page.cancel()
    page.new_item()
    assert bar.value() == 0


def test_the_wheel_over_an_unfocused_pick_list_leaves_the_choice_alone(qtbot, page):  # noqa: F811
    page.new_item()
    combo = page.register.case_form.inputs["dispute_type"]
    choose(combo, combo.itemText(2))
    page.register.case_form.inputs["summary"].setFocus()
    assert not combo.hasFocus()

    def wheel(widget) -> None:
        centre = QPointF(widget.rect().center())
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(QPoint(*centre.toPoint().toTuple()))),
                            QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)

    wheel(combo)
    assert combo.currentText() == combo.itemText(2)
    combo.setFocus()
    wheel(combo)
    assert combo.currentText() == combo.itemText(3)
