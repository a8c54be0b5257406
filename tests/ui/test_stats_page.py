"""统计报表: the month's figures for a period typed in, and a bad period refused in Chinese."""

from __future__ import annotations

from datetime import date

from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.ui.pages.stats import StatsPage


def test_the_month_shows_registered_and_accepted_cases_by_dispute_type(qtbot, ctx):
    today = date.today()
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        for n in range(3):
            case = cases.register_case(session, actor, {
                "category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷",
                "summary": f"案情{n}"}, [{"role": "申请人", "name": f"当事人{n}"}, {"role": "被申请人", "name": f"对方{n}"}]).case
            if n < 2:
                records.update(session, actor, "case", case.id, {"status": "受理"})
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=5000)
    assert f"{today:%Y-%m} 调解工作统计" in page.summary.text()
    assert "登记 3 件，受理 2 件" in page.summary.text()
    table = page.tables["dispute"]
    assert [table.item(0, c).text() for c in range(3)] == ["邻里纠纷", "2", "0"]


def test_a_bad_period_is_refused_next_to_the_field(qtbot, ctx):
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=5000)
    shown = page.figures
    page.period.setText("2026-13")
    page.refresh()
    qtbot.waitUntil(lambda: not page.period_error.isHidden(), timeout=5000)
    assert page.period_error.text() == "统计期间的月份应在 01 到 12 之间，实为 13。"
    assert page.figures is shown
