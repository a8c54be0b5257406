"""A clerk's status moves: the one that ends a case asks first and takes its reason; a move
made in error is corrected (更正) with a reason and nothing else changes on the way."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from fydesk.models import AuditEntry, MediationCase, OutboxOp
from fydesk.ui.moves import MoveDialog

from .test_cases_page import page, register, type_into  # noqa: F401  (page is a fixture)


def _state(store, case_id):
    with store.read() as s:
        case = s.get(MediationCase, case_id)
        return case.status, case.status_reason, s.scalar(select(func.count()).select_from(OutboxOp))


def _click(qtbot, page, name):
    def shown():  # buttons of the status shown before wait hidden for their deletion
        return [b for b in page.detail.findChildren(QPushButton, name) if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=5000)
    shown()[0].click()


def _dialog(qtbot, page) -> MoveDialog:
    qtbot.waitUntil(lambda: page.detail.move_dialog is not None and page.detail.move_dialog.isVisible(),
                    timeout=5000)
    return page.detail.move_dialog


def test_clicking_not_accepted_asks_first_and_cancelling_leaves_the_case_unchanged(qtbot, page, ctx):
    case_id = register(qtbot, page)
    before = _state(ctx.store, case_id)
    _click(qtbot, page, "status_不予受理")
    dialog = _dialog(qtbot, page)
    assert "从“登记”变为“不予受理”" in dialog.consequence.text()
    assert "此后只能变为：结案" in dialog.consequence.text()
    assert dialog.cancel_button.isDefault() and not dialog.ok_button.isDefault()  # Enter does not end it
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    qtbot.wait(200)  # nothing queued: the worker has nothing to write
    assert _state(ctx.store, case_id) == before
    assert page.detail.detail.case["status"] == "登记"


def test_not_accepted_is_written_only_with_its_reason(qtbot, page, ctx):
    case_id = register(qtbot, page)
    _click(qtbot, page, "status_不予受理")
    dialog = _dialog(qtbot, page)
    dialog.ok_button.click()  # no reason yet: the dialog stays and says so
    assert dialog.isVisible() and dialog.error.text() == "请写明理由。"
    type_into(qtbot, dialog.reason, "纠纷已由人民法院受理")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "不予受理", timeout=5000)
    assert _state(ctx.store, case_id)[:2] == ("不予受理", "纠纷已由人民法院受理")
    assert "状态变更理由：纠纷已由人民法院受理" in page.detail.header.text()


def test_an_ordinary_move_asks_nothing(qtbot, page, ctx):
    case_id = register(qtbot, page)
    _click(qtbot, page, "status_受理")
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "受理", timeout=5000)
    assert page.detail.move_dialog is None
    assert _state(ctx.store, case_id)[0] == "受理"


def test_correcting_restores_the_status_before_the_erroneous_move(qtbot, page, ctx):
    case_id = register(qtbot, page)
    assert not page.detail.correct_button.isVisible()  # nothing moved yet, nothing to correct
    _click(qtbot, page, "status_不予受理")
    dialog = _dialog(qtbot, page)
    type_into(qtbot, dialog.reason, "当事人未到场")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "不予受理", timeout=5000)

    _click(qtbot, page, "correct_status")
    dialog = _dialog(qtbot, page)
    targets = [dialog.target.itemData(i) for i in range(dialog.target.count())]
    assert targets == ["登记", "受理"]  # back where it was, or the move it should have been
    assert dialog.target.currentData() == "登记"
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.error.text() == "请写明理由。"
    type_into(qtbot, dialog.reason, "误点不予受理")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "登记", timeout=5000)
    assert _state(ctx.store, case_id)[:2] == ("登记", "误点不予受理")
    with ctx.store.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert (entry.action, entry.after) == ("correct", {"status": "登记", "status_reason": "误点不予受理"})
    # The case carries on from where it should have been.
    _click(qtbot, page, "status_受理")
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "受理", timeout=5000)
