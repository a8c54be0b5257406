"""企业走访 as a clerk uses it: a firm with its USCC checked, a visit with two risks in colour."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fydesk.domain.ids import make_uscc
from fydesk.models import Enterprise, OutboxOp, Risk, Visit
from fydesk.ui.pages.dashboard import DashboardPage
from fydesk.ui.pages.firms import FirmsPage

from .test_cases_page import choose, type_into

GOOD = make_uscc("91440104MA5C00012")
BAD_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")  # right shape, wrong check character


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def page(qtbot, ctx):
    p = FirmsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1300, 900)
    p.show()
    qtbot.waitUntil(lambda: p.model.total is not None, timeout=5000)
    return p


def new_firm(qtbot, page, uscc: str) -> None:
    page.new_item()
    type_into(qtbot, page.firm_form.inputs["name"], "广州市某某服装有限公司")
    type_into(qtbot, page.firm_form.inputs["uscc"], uscc)


def test_a_wrong_uscc_check_character_warns_and_is_saved_only_with_a_reason(qtbot, page, ctx):
    before = count(ctx.store, OutboxOp)
    new_firm(qtbot, page, BAD_CHECK)
    # Warned as typed, before any save.
    assert f"按标准应为 {GOOD[17]}" in page.firm_form.error_text("uscc")
    page.save()
    qtbot.waitUntil(lambda: "校验不符原因" in page.firm_form.error_text("uscc")
                    and "统一社会信用代码校验位不符" in page.firm_form.error_text("uscc"), timeout=5000)
    assert count(ctx.store, Enterprise) == 0 and count(ctx.store, OutboxOp) == before

    type_into(qtbot, page.firm_form.inputs["uscc_override_reason"], "早期试点代码，以营业执照为准")
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    assert page.detail.enterprise["uscc"] == BAD_CHECK
    assert page.detail.enterprise["uscc_override_reason"] == "早期试点代码，以营业执照为准"
    assert count(ctx.store, Enterprise) == 1


def test_a_uscc_with_a_forbidden_letter_is_refused_outright(qtbot, page, ctx):
    new_firm(qtbot, page, "91440104MA5C0001I" + "X")
    assert "不是允许的字符" in page.firm_form.error_text("uscc")
    type_into(qtbot, page.firm_form.inputs["uscc_override_reason"], "理由")
    page.save()
    qtbot.waitUntil(lambda: "统一社会信用代码不正确" in page.firm_form.error_text("uscc"), timeout=5000)
    assert count(ctx.store, Enterprise) == 0


def test_a_visit_with_two_risks_shows_them_coloured_by_level_and_on_the_dashboard(qtbot, page, ctx):
    new_firm(qtbot, page, GOOD)
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None and page.visit_box.isVisible(), timeout=5000)
    assert page.firm_form.error_text("uscc") == ""

    today = date.today()
    type_into(qtbot, page.visit_form.inputs["visit_date"], today.isoformat())
    choose(page.visit_form.inputs["kind"], "法治体检")
    type_into(qtbot, page.visit_form.inputs["people"], "法官甲、司法所长乙")
    page.visit_button.click()
    qtbot.waitUntil(lambda: page.detail is not None and len(page.detail.visits) == 1
                    and page.risk_box.isVisible(), timeout=5000)

    for level, category, text, due in (("提示", "合同管理", "合同文本未约定争议解决方式", None),
                                       ("重大且紧急", "劳动用工", "拖欠工资三个月", today + timedelta(days=5))):
        choose(page.risk_form.inputs["category"], category)
        choose(page.risk_form.inputs["level"], level)
        type_into(qtbot, page.risk_form.inputs["description"], text)
        if due:
            type_into(qtbot, page.risk_form.inputs["rectification_due"], due.isoformat())
        n = count(ctx.store, Risk)
        page.risk_button.click()
        qtbot.waitUntil(lambda n=n: count(ctx.store, Risk) == n + 1 and page.risks.rowCount() == n + 1,
                        timeout=5000)
    assert count(ctx.store, Visit) == 1
    # Gravest first, each level in its colour.
    levels = [page.risks.item(r, 0).text() for r in range(2)]
    assert levels == ["重大且紧急", "提示"]
    assert page.risks.item(0, 0).background().color().name() == "#d32f2f"
    assert page.risks.item(1, 0).background().color().name() == "#1e88e5"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.index(0, 6).data() == "2", timeout=5000)

    # The grave one moves on through its states by button.
    page.risks.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: page.findChild(type(page.risk_button), "risk_已提示") is not None, timeout=5000)
    page.findChild(type(page.risk_button), "risk_已提示").click()
    qtbot.waitUntil(lambda: page.risks.rowCount() == 2 and page.risks.item(0, 4).text() == "已提示",
                    timeout=5000)

    board = DashboardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.data is not None, timeout=5000)
    assert ("即将到期", "风险点整改", "广州市某某服装有限公司 拖欠工资三个月", (today + timedelta(days=5)).isoformat(),
            "还剩 5 天") in board.due_rows()


def test_a_visit_without_people_is_refused_next_to_the_field(qtbot, page, ctx):
    new_firm(qtbot, page, GOOD)
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None and page.visit_box.isVisible(), timeout=5000)
    type_into(qtbot, page.visit_form.inputs["visit_date"], date.today().isoformat())
    page.visit_button.click()
    qtbot.waitUntil(lambda: page.visit_form.error_text("people") != "", timeout=5000)
    assert page.visit_form.error_text("people") == "请填写“参加人员”。"
    assert count(ctx.store, Visit) == 0


def test_a_risk_marked_rectified_by_mistake_is_asked_first_and_corrected_back(qtbot, page, ctx):
    new_firm(qtbot, page, GOOD)
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None and page.visit_box.isVisible(), timeout=5000)
    type_into(qtbot, page.visit_form.inputs["visit_date"], date.today().isoformat())
    choose(page.visit_form.inputs["kind"], "法治体检")
    type_into(qtbot, page.visit_form.inputs["people"], "法官甲")
    page.visit_button.click()
    qtbot.waitUntil(lambda: page.risk_box.isVisible(), timeout=5000)
    choose(page.risk_form.inputs["category"], "劳动用工")
    choose(page.risk_form.inputs["level"], "较大")
    type_into(qtbot, page.risk_form.inputs["description"], "未签订书面劳动合同")
    page.risk_button.click()
    qtbot.waitUntil(lambda: page.risks.rowCount() == 1, timeout=5000)

    def press(name):
        page.risks.setCurrentCell(0, 0)
        qtbot.waitUntil(lambda: page.findChild(type(page.risk_button), name) is not None, timeout=5000)
        page.findChild(type(page.risk_button), name).click()

    for status in ("已提示", "整改中"):
        press(f"risk_{status}")
        qtbot.waitUntil(lambda s=status: page.risks.rowCount() == 1 and page.risks.item(0, 4).text() == s,
                        timeout=5000)
    press("risk_已整改")  # final: asked first
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible(), timeout=5000)
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.risks.rowCount() == 1 and page.risks.item(0, 4).text() == "已整改", timeout=5000)
    with ctx.store.read() as s:
        assert s.scalar(select(Risk.rectified_date)) == date.today()

    press("risk_correct")
    qtbot.waitUntil(lambda: page.move_dialog is not None and page.move_dialog.isVisible()
                    and page.move_dialog.windowTitle().startswith("更正"), timeout=5000)
    assert [page.move_dialog.target.itemData(i) for i in range(page.move_dialog.target.count())] == [
        "整改中", "逾期"]
    page.move_dialog.reason.setPlainText("企业尚未提交整改材料")
    page.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.risks.rowCount() == 1 and page.risks.item(0, 4).text() == "整改中", timeout=5000)
    with ctx.store.read() as s:
        assert s.execute(select(Risk.status, Risk.status_reason, Risk.rectified_date)).one() == (
            "整改中", "企业尚未提交整改材料", None)
