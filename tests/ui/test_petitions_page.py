"""涉诉信访 as a clerk keeps it in the window: register, add steps, filter by status, close by
终结移交 through the confirm-and-reason dialog (refused first without the body it goes to), and
see a 化解 counted in the month's figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fydesk.models import OutboxOp, Petition, PetitionStep
from fydesk.services import stats
from fydesk.ui.pages.petitions import PetitionsPage

from .test_cases_page import choose, type_into


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def page(qtbot, ctx):
    p = PetitionsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: p.model.total is not None, timeout=5000)
    return p


def register(qtbot, page, petitioner="王某", channel="来访"):
    page.new_item()
    inputs = page.form.form.inputs
    if petitioner:
        type_into(qtbot, inputs["petitioner"], petitioner)
    type_into(qtbot, inputs["matter"], "对执行进度不满，要求加快执行")
    choose(inputs["channel"], channel)
    page.save()


def add_step(qtbot, page, action="接谈", handler="张法官"):
    inputs = page.form.step_form.inputs
    choose(inputs["action"], action)
    type_into(qtbot, inputs["handler"], handler)
    type_into(qtbot, inputs["note"], "释明执行程序")
    before = len(page.form.detail.steps)
    page.form.step_button.click()
    qtbot.waitUntil(lambda: len(page.form.detail.steps) == before + 1, timeout=5000)


def answer_move(qtbot, page, reason: str | None = None):
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible(), timeout=5000)
    if reason is not None:
        page.move_dialog.reason.setPlainText(reason)
    page.move_dialog.ok_button.click()


def test_a_petition_without_petitioner_is_refused_next_to_the_field(qtbot, page, ctx):
    before = count(ctx.store, OutboxOp)
    register(qtbot, page, petitioner="")
    qtbot.waitUntil(lambda: page.form.form.error_text("petitioner") != "", timeout=5000)
    assert page.form.form.error_text("petitioner") == "请填写“信访人”。"
    assert count(ctx.store, Petition) == 0 and count(ctx.store, OutboxOp) == before


def test_register_work_on_and_transfer_a_petition_then_resolve_another(qtbot, page, ctx):
    register(qtbot, page)
    qtbot.waitUntil(lambda: page.form.detail is not None, timeout=5000)
    assert page.form.detail.petition["status"] == "登记"
    assert page.form.detail.petition["received_date"] == date.today()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)

    add_step(qtbot, page)
    assert page.form.detail.petition["status"] == "化解中"  # worked on from the first step
    assert page.form.steps.rowCount() == 1 and page.form.steps.item(0, 3).text() == "释明执行程序"

    # 终结移交 asks first, needs a reason, and is refused until the body it goes to is named
    page.form.status_button("终结移交").click()
    answer_move(qtbot, page)
    assert page.move_dialog.isVisible() and page.move_dialog.error.text() == "请写明理由。"
    page.move_dialog.reason.setPlainText("属行政机关职权范围")
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.form.form.error_text("transfer_to") != "", timeout=5000)
    assert page.form.form.error_text("transfer_to") == "终结移交须写明移交给哪个单位。"
    assert page.form.detail.petition["status"] == "化解中"

    type_into(qtbot, page.form.form.inputs["transfer_to"], "区司法局")
    type_into(qtbot, page.form.form.inputs["close_document"], "溪信移〔2026〕2号")
    page.form.status_button("终结移交").click()
    answer_move(qtbot, page, "属行政机关职权范围")
    qtbot.waitUntil(lambda: page.form.detail.petition["status"] == "终结移交", timeout=5000)
    closed = page.form.detail.petition
    assert (closed["transfer_to"], closed["close_document"], closed["status_reason"], closed["closed_date"]) == (
        "区司法局", "溪信移〔2026〕2号", "属行政机关职权范围", date.today())
    assert "属行政机关职权范围" in page.form.header.text()

    register(qtbot, page, petitioner="李某", channel="来信")
    qtbot.waitUntil(lambda: page.form.detail is not None and page.form.detail.petition["petitioner"] == "李某",
                    timeout=5000)
    add_step(qtbot, page, action="组织调解")
    page.form.status_button("已化解").click()
    answer_move(qtbot, page)  # the final status: confirmed, no reason needed
    qtbot.waitUntil(lambda: page.form.detail.petition["status"] == "已化解", timeout=5000)
    assert count(ctx.store, PetitionStep) == 2

    # the filter by status
    page.status_filter.setCurrentIndex(page.status_filter.findData("已化解"))
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    assert page.model.row_at(0).petitioner == "李某"
    page.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.total == 2, timeout=5000)

    with ctx.store.read() as s:
        got = stats.monthly(s, date.today().strftime("%Y-%m"), office_id=ctx.office_id).petitions
    assert (got.received, got.resolved, got.transferred, got.rate) == (2, 1, 1, 50.0)


def test_the_dashboard_counts_open_petitions_and_this_months_resolved(qtbot, page, ctx):
    from fydesk.ui.pages.dashboard import DashboardPage

    register(qtbot, page)
    qtbot.waitUntil(lambda: page.form.detail is not None, timeout=5000)
    board = DashboardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    qtbot.waitUntil(lambda: "涉诉信访在办 1 件，本月化解 0 件" in board.counts.text(), timeout=5000)


def test_the_stats_page_shows_the_months_petitions(qtbot, page, ctx):
    from fydesk.ui.pages.stats import StatsPage

    register(qtbot, page)
    qtbot.waitUntil(lambda: page.form.detail is not None, timeout=5000)
    add_step(qtbot, page)
    page.form.status_button("已化解").click()
    answer_move(qtbot, page)
    qtbot.waitUntil(lambda: page.form.detail.petition["status"] == "已化解", timeout=5000)
    figures = StatsPage(ctx)
    qtbot.addWidget(figures)
    figures.show()
    figures.show_button.click()
    qtbot.waitUntil(lambda: "涉诉信访：" in figures.summary.text(), timeout=5000)
    assert "涉诉信访：收到 1 件，已化解 1 件，终结移交 0 件，依法终结 0 件；化解率 100.0%" in figures.summary.text()
