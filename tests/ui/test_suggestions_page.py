"""司法建议 as a clerk uses it: register, sign (numbered), serve, see it overdue, answer it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fydesk.models import JudicialSuggestion, OutboxOp
from fydesk.ui.pages.dashboard import DashboardPage
from fydesk.ui.pages.suggestions import SuggestionsPage

from .test_cases_page import choose, type_into


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def page(qtbot, ctx):
    p = SuggestionsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: p.model.total is not None, timeout=5000)
    return p


def fill(qtbot, page, *, addressee="某镇人民政府", served: date | None = None):
    page.new_item()
    inputs = page.form.form.inputs
    choose(inputs["kind"], "综合治理类")
    if addressee:
        type_into(qtbot, inputs["addressee"], addressee)
    type_into(qtbot, inputs["problem"], "辖区内土地承包合同纠纷多发，村委会合同管理不规范")
    type_into(qtbot, inputs["suggestion"], "建议统一合同文本并建立台账")
    if served:
        type_into(qtbot, inputs["issued_date"], (served - timedelta(days=2)).isoformat())
        type_into(qtbot, inputs["served_date"], served.isoformat())


def click_status(qtbot, page, target: str) -> None:
    qtbot.waitUntil(lambda: page.form.status_button(target) is not None, timeout=5000)
    page.form.status_button(target).click()
    qtbot.waitUntil(lambda: page.form.record["status"] == target, timeout=5000)


def test_a_suggestion_without_addressee_is_refused_next_to_the_field(qtbot, page, ctx):
    before = count(ctx.store, OutboxOp)
    fill(qtbot, page, addressee="")
    page.save()
    qtbot.waitUntil(lambda: page.form.form.error_text("addressee") != "", timeout=5000)
    assert page.form.form.error_text("addressee") == "请填写“主送单位”。"
    assert count(ctx.store, JudicialSuggestion) == 0 and count(ctx.store, OutboxOp) == before


def test_a_bad_reply_period_is_refused_in_chinese(qtbot, page, ctx):
    fill(qtbot, page)
    type_into(qtbot, page.form.form.inputs["reply_days"], "两个月")
    page.save()
    qtbot.waitUntil(lambda: page.form.form.error_text("reply_days") != "", timeout=5000)
    assert "必须是整数" in page.form.form.error_text("reply_days")
    assert count(ctx.store, JudicialSuggestion) == 0


def test_register_sign_serve_and_see_it_overdue_then_answer_it(qtbot, page, ctx):
    served = date.today() - timedelta(days=70)  # the default reply period is 60 days
    fill(qtbot, page, served=served)
    page.save()
    qtbot.waitUntil(lambda: page.form.record is not None, timeout=5000)
    assert page.form.record["status"] == "起草" and page.form.record["number"] is None

    click_status(qtbot, page, "签发")
    number = page.form.record["number"]
    assert number and "法建" in number  # numbered when signed
    click_status(qtbot, page, "送达")
    due = served + timedelta(days=60)
    assert page.form.record["reply_due"] == due
    assert "已逾期 10 天未答复" in page.form.header.text()

    # The list marks it, and the overdue filter finds exactly it.
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.model.loading, timeout=5000)
    row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert row[0] == number and row[-1] == "逾期未复" and row[5] == due.isoformat()
    assert page.model.index(0, 0).data(9).name() == "#c62828"  # ForegroundRole
    page.overdue_only.setChecked(True)
    qtbot.waitUntil(lambda: page.model.total == 1 and not page.model.loading, timeout=5000)

    # The dashboard lists it as overdue too.
    board = DashboardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.data is not None, timeout=5000)
    assert ("已逾期", "司法建议答复", f"{number} 某镇人民政府", due.isoformat(), "逾期 10 天") in board.due_rows()

    # Answered: no longer overdue anywhere.
    choose(page.form.form.inputs["adoption"], "采纳")
    type_into(qtbot, page.form.form.inputs["measures"], "已统一合同文本")
    click_status(qtbot, page, "已答复")
    assert page.form.record["reply_date"] == date.today() and page.form.record["adoption"] == "采纳"
    qtbot.waitUntil(lambda: page.model.total == 0 and not page.model.loading, timeout=5000)
    board.refresh()
    qtbot.waitUntil(lambda: not any(r[1] == "司法建议答复" for r in board.due_rows()), timeout=5000)


def test_closing_a_suggestion_asks_first_and_a_wrong_close_is_corrected(qtbot, page, ctx):
    fill(qtbot, page, served=date.today() - timedelta(days=3))
    page.save()
    qtbot.waitUntil(lambda: page.form.record is not None, timeout=5000)
    for target in ("签发", "送达", "已答复"):
        click_status(qtbot, page, target)
    qtbot.waitUntil(lambda: page.form.status_button("办结") is not None, timeout=5000)
    page.form.status_button("办结").click()
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible(), timeout=5000)
    before = count(ctx.store, OutboxOp)
    page.move_dialog.cancel_button.click()  # thought better of it: nothing written
    qtbot.wait(200)
    assert page.form.record["status"] == "已答复" and count(ctx.store, OutboxOp) == before
    page.form.status_button("办结").click()
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible(), timeout=5000)
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.form.record["status"] == "办结", timeout=5000)

    qtbot.waitUntil(lambda: page.form.status_button("correct") is not None, timeout=5000)
    page.form.status_button("correct").click()
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible()
                    and page.move_dialog.windowTitle().startswith("更正"), timeout=5000)
    page.move_dialog.reason.setPlainText("整改措施尚未落实，不应办结")
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.form.record["status"] == "已答复", timeout=5000)
    assert "状态变更理由：整改措施尚未落实，不应办结" in page.form.header.text()
