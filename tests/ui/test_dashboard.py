"""工作台: overdue and due-soon items, today's sessions and the month's counts, kept current."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.ui.pages.dashboard import DashboardPage

PARTY = {"role": "申请人", "name": "王秀英", "id_number": "11010519491231002X"}
RESPONDENT = {"role": "被申请人", "name": "李建国"}


def _case(session, actor, registered: date, summary: str):
    return cases.register_case(session, actor, {
        "category": "人民调解", "source": "当事人申请", "dispute_type": "婚姻家庭纠纷",
        "summary": summary, "registered_date": registered.isoformat()}, [PARTY, RESPONDENT]).case


def test_the_dashboard_shows_an_overdue_term_todays_session_and_the_months_counts(qtbot, ctx):
    today = date.today()
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        old = _case(session, actor, today - timedelta(days=50), "拖欠货款")
        records.update(session, actor, "case", old.id,
                       {"status": "受理", "accepted_date": (today - timedelta(days=40)).isoformat()})
        records.create(session, actor, "session", {
            "case_id": old.id, "held_at": datetime(today.year, today.month, today.day, 10, 0),
            "place": "第二调解室", "attendees": "双方", "record": "继续调解"})
        _case(session, actor, today, "邻里纠纷")
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)

    rows = page.due_rows()
    term = [r for r in rows if r[1] == "调解期限届满"]
    assert term == [("已逾期", "调解期限届满", f"{old['case_number']} 拖欠货款",
                     (today - timedelta(days=10)).isoformat(), "逾期 10 天")]
    assert page.due.item(rows.index(term[0]), 0).foreground().color().name() == "#c62828"
    assert page.today.rowCount() == 1
    assert [page.today.item(0, c).text() for c in range(4)] == ["10:00", old["case_number"], "第二调解室", "现场"]
    assert "登记 1 件" in page.counts.text()


def test_the_dashboard_refreshes_after_a_write_elsewhere(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    assert "登记 0 件" in page.counts.text()
    with ctx.store.write() as session:
        _case(session, load_actor(session, "书记员甲"), date.today(), "新案")
    ctx.events.wrote.emit("case")
    qtbot.waitUntil(lambda: "登记 1 件" in page.counts.text(), timeout=5000)


def test_days_left_read_as_a_clerk_says_them(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert [page.days_text(d) for d in (-3, 0, 5)] == ["逾期 3 天", "今天到期", "还剩 5 天"]


def test_a_long_due_list_shows_the_most_urgent_and_counts_them_all(qtbot, ctx, monkeypatch):
    from fydesk.ui import jobs

    monkeypatch.setattr(jobs, "DASHBOARD_ROWS", 1)
    today = date.today()
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        for days in (45, 40):
            case = _case(session, actor, today - timedelta(days=50), f"案情{days}")
            records.update(session, actor, "case", case.id,
                           {"status": "受理", "accepted_date": (today - timedelta(days=days)).isoformat()})
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    assert [r[4] for r in page.due_rows()] == ["逾期 15 天"]  # the older of the two
    assert "已逾期 2 项" in page.due_box.title() and "显示最紧急的 1 项" in page.due_box.title()


def _double_click(qtbot, table, row: int) -> None:
    from PySide6.QtCore import Qt

    # As a hand does it: QTest's double click alone sends no first press, so no item is pressed.
    at = table.visualRect(table.model().index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def _main_window(qtbot, ctx, settings):
    from fydesk.ui.mainwindow import MainWindow

    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.current_page
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.data is not None and page.due.rowCount() > 0, timeout=5000)
    return window, page


def test_double_click_on_a_due_term_and_enter_on_todays_session_open_their_cases(qtbot, ctx, settings):
    from PySide6.QtCore import Qt

    today = date.today()
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        late = _case(session, actor, today - timedelta(days=50), "拖欠货款")
        records.update(session, actor, "case", late.id,
                       {"status": "受理", "accepted_date": (today - timedelta(days=40)).isoformat()})
        heard = _case(session, actor, today, "邻里纠纷")
        records.update(session, actor, "case", heard.id, {"status": "受理", "accepted_date": today.isoformat()})
        records.create(session, actor, "session", {
            "case_id": heard.id, "held_at": datetime(today.year, today.month, today.day, 9, 30),
            "place": "第一调解室", "attendees": "双方", "record": "首次调解"})
    window, page = _main_window(qtbot, ctx, settings)
    assert "调解案件" not in window.pages  # made by the request itself, and then shown the case

    _double_click(qtbot, page.due, 0)
    cases = window.pages["调解案件"]
    assert window.current_page is cases
    qtbot.waitUntil(lambda: cases.detail.detail is not None and cases.detail.detail.case.id == late.id,
                    timeout=5000)

    window.show_page("工作台")
    page.today.setFocus()
    page.today.setCurrentCell(0, 1)
    qtbot.keyClick(page.today, Qt.Key.Key_Return)
    assert window.current_page is cases
    qtbot.waitUntil(lambda: cases.detail.detail.case.id == heard.id, timeout=5000)


def test_enter_on_a_reply_due_opens_the_suggestion_and_double_click_on_a_risk_opens_its_visit(
        qtbot, ctx, settings):
    from PySide6.QtCore import Qt

    today = date.today()
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        firm = records.create(session, actor, "enterprise", {"name": "广州市某某服装有限公司"})
        visit = records.create(session, actor, "visit", {"enterprise_id": firm.id, "visit_date": today.isoformat(),
                                                         "kind": "法治体检", "people": "李明"})
        records.create(session, actor, "risk", {
            "visit_id": visit.id, "category": "劳动用工", "level": "较大", "description": "未签劳动合同",
            "rectification_due": (today + timedelta(days=5)).isoformat()})
        sug = records.create(session, actor, "suggestion", {
            "office_id": ctx.office_id, "kind": "个案", "addressee": "某镇人民政府",
            "problem": "征地补偿发放不规范", "suggestion": "建立补偿款公示制度"})
        records.update(session, actor, "suggestion", sug.id, {"status": "签发"}, today=today - timedelta(days=90))
        records.update(session, actor, "suggestion", sug.id,
                       {"status": "送达", "served_date": (today - timedelta(days=85)).isoformat()})
    window, page = _main_window(qtbot, ctx, settings)
    labels = [r[1] for r in page.due_rows()]

    page.due.setFocus()
    page.due.setCurrentCell(labels.index("司法建议答复"), 1)
    qtbot.keyClick(page.due, Qt.Key.Key_Enter)
    suggestions = window.pages["司法建议"]
    assert window.current_page is suggestions
    qtbot.waitUntil(lambda: getattr(suggestions.form, "record", None) is not None
                    and suggestions.form.record.id == sug.id, timeout=5000)

    window.show_page("工作台")
    _double_click(qtbot, page.due, labels.index("风险点整改"))
    firms = window.pages["企业走访"]
    assert window.current_page is firms
    qtbot.waitUntil(lambda: firms.detail is not None and firms.detail.enterprise.id == firm.id
                    and firms._visit_id == visit.id, timeout=5000)
