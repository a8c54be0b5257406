"""调解案件 as a clerk uses it: register with parties, sessions, agreement, status buttons, lazy list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QPushButton
from sqlalchemy import func, select

from fydesk.models import (
    Agreement,
    AgreementTerm,
    MediationCase,
    MediationSession,
    OutboxOp,
    Party,
)
from fydesk.ui.pages.cases import CasesPage

APPLICANT_ID = "11010519491231002X"  # the standard's example: a woman born 1949-12-31
RESPONDENT_ID = "440524188001010014"  # born 1880-01-01, a man


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def type_into(qtbot, widget, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setFocus()
        widget.setPlainText(text)
    else:
        widget.clear()
        widget.setFocus()
        if text.isascii():
            qtbot.keyClicks(widget, text)  # key by key, as typed
        else:
            widget.insert(text)  # QTest types ASCII only; an input method commits whole words


def choose(widget: QComboBox, text: str) -> None:
    index = widget.findText(text)
    assert index >= 0, text
    widget.setCurrentIndex(index)


@pytest.fixture
def page(qtbot, ctx):
    p = CasesPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: not p.model.loading, timeout=5000)
    return p


def fill_case(qtbot, page, *, applicant_id=APPLICANT_ID):
    page.new_item()
    form = page.register.case_form.inputs
    choose(form["category"], "人民调解")
    choose(form["source"], "当事人申请")
    choose(form["dispute_type"], form["dispute_type"].itemText(1))
    type_into(qtbot, form["summary"], "邻里之间因宅基地边界发生争执")
    first, second = page.register.parties.forms
    type_into(qtbot, first.inputs["name"], "王秀英")
    type_into(qtbot, first.inputs["id_number"], applicant_id)
    type_into(qtbot, second.inputs["name"], "李建国")
    type_into(qtbot, second.inputs["id_number"], RESPONDENT_ID)


def save_and_wait(qtbot, page):
    qtbot.keyClick(page.register.save_button, Qt.Key.Key_Space)


def register(qtbot, page) -> str:
    fill_case(qtbot, page)
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.right.currentWidget() is page.detail,
                    timeout=5000)
    return page.detail.detail.case.id


def test_registering_a_case_with_two_parties_fills_birth_and_sex_and_masks_ids(qtbot, page, ctx):
    fill_case(qtbot, page)
    first = page.register.parties.forms[0]
    # Checked as typed: birth date and sex come from the number before anything is saved.
    assert first.value("birth_date") == "1949-12-31" and first.value("sex") == "女"
    assert page.register.parties.forms[1].value("sex") == "男"
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)

    assert count(ctx.store, MediationCase) == 1 and count(ctx.store, Party) == 2
    detail = page.detail.detail
    assert detail.case["status"] == "登记" and detail.case["case_number"].endswith("号")
    shown = [page.detail.parties.item(r, 4).text() for r in range(page.detail.parties.rowCount())]
    assert shown == ["110105********002X", "440524********0014"]
    # The birth date beside a masked number is its masked part: the year only.
    born = [page.detail.parties.item(r, 3).text() for r in range(page.detail.parties.rowCount())]
    assert born == ["1949", "1880"]
    assert APPLICANT_ID not in page.detail.header.text()
    # The list shows the new case, with its parties' names and no ID number anywhere.
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert row[0] == detail.case["case_number"] and "王秀英" in row[4] and "李建国" in row[4]
    assert not any(APPLICANT_ID in (cell or "") for cell in row)
    assert page.count_label.text() == "共 1 件"


def test_a_wrong_id_number_is_refused_next_to_the_field_and_nothing_is_saved(qtbot, page, ctx):
    before = count(ctx.store, OutboxOp)
    fill_case(qtbot, page, applicant_id="110105194912310021")  # wrong check character
    first = page.register.parties.forms[0]
    # Refused as typed...
    assert "身份证号不正确" in first.error_text("id_number")
    # ...and by the services when saved anyway.
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: page.register.save_button.isEnabled(), timeout=5000)
    message = first.error_text("id_number")
    assert message.startswith("第 1 名当事人：身份证号不正确") and "校验码" in message
    assert page.register.parties.forms[1].error_text("id_number") == ""
    assert count(ctx.store, MediationCase) == 0 and count(ctx.store, Party) == 0
    assert count(ctx.store, OutboxOp) == before
    assert page.right.currentWidget() is page.register


def test_a_missing_required_case_field_is_named_under_that_field(qtbot, page, ctx):
    fill_case(qtbot, page)
    page.register.case_form.inputs["summary"].setPlainText("")
    page.save()  # Ctrl+S on this page
    qtbot.waitUntil(lambda: page.register.save_button.isEnabled(), timeout=5000)
    assert page.register.case_form.error_text("summary") == "请填写“纠纷简要情况”。"
    assert count(ctx.store, MediationCase) == 0


def test_status_buttons_follow_the_state_machine_and_sessions_and_agreement_are_recorded(qtbot, page, ctx):
    case_id = register(qtbot, page)

    def buttons():
        return sorted(b.objectName() for b in page.detail.findChildren(type(page.register.save_button))
                      if b.objectName().startswith("status_") and b.isVisible())

    qtbot.waitUntil(lambda: buttons() == ["status_不予受理", "status_受理"], timeout=5000)
    for target in ("受理", "调解中"):
        page.detail.findChild(type(page.register.save_button), f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    qtbot.waitUntil(lambda: buttons() == ["status_撤回", "status_调解不成", "status_达成协议"], timeout=5000)
    assert page.detail.detail.case["term_end"] is not None  # accepted: the 30-day term runs

    session_form = page.detail.session_form
    type_into(qtbot, session_form.inputs["held_at"], "2026-11-20 09:30")
    type_into(qtbot, session_form.inputs["place"], "法庭调解室")
    type_into(qtbot, session_form.inputs["attendees"], "王秀英、李建国")
    type_into(qtbot, session_form.inputs["record"], "双方同意以现有院墙为界。")
    page.detail.session_button.click()
    qtbot.waitUntil(lambda: len(page.detail.detail.sessions) == 1, timeout=5000)
    assert page.detail.sessions.item(0, 1).text() == "法庭调解室"
    assert count(ctx.store, MediationSession) == 1

    page.detail.new_agreement_button.click()
    form = page.detail.agreement_form
    assert not form.isHidden()
    type_into(qtbot, form.form.inputs["facts"], "双方就宅基地边界达成一致")
    type_into(qtbot, form.form.inputs["signed_date"], date.today().isoformat())
    type_into(qtbot, form.form.inputs["effective_date"], date.today().isoformat())
    term = form.terms.forms[0]
    type_into(qtbot, term.inputs["obligor"], "李建国")
    type_into(qtbot, term.inputs["content"], "拆除越界围栏")
    type_into(qtbot, term.inputs["amount_cents"], "1200.50")
    form.save_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "达成协议", timeout=5000)
    assert count(ctx.store, Agreement) == 1 and count(ctx.store, AgreementTerm) == 1
    assert "拆除越界围栏，1200.50 元" in page.detail.agreements.text()
    with ctx.store.read() as session:
        assert session.get(MediationCase, case_id).status == "达成协议"


def test_an_invalid_session_time_is_refused_next_to_the_field(qtbot, page, ctx):
    register(qtbot, page)
    for target in ("受理", "调解中"):
        page.detail.findChild(type(page.register.save_button), f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    before = count(ctx.store, OutboxOp)
    f = page.detail.session_form
    type_into(qtbot, f.inputs["held_at"], "明天上午")
    type_into(qtbot, f.inputs["place"], "调解室")
    type_into(qtbot, f.inputs["attendees"], "双方")
    type_into(qtbot, f.inputs["record"], "笔录")
    page.detail.session_button.click()
    qtbot.waitUntil(lambda: f.error_text("held_at") != "", timeout=5000)
    assert "不是有效时间" in f.error_text("held_at")
    assert count(ctx.store, MediationSession) == 0 and count(ctx.store, OutboxOp) == before


def test_an_agreement_term_without_content_is_refused_under_that_term(qtbot, page, ctx):
    register(qtbot, page)
    for target in ("受理", "调解中"):
        page.detail.findChild(type(page.register.save_button), f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    page.detail.new_agreement_button.click()
    form = page.detail.agreement_form
    assert not form.isHidden()
    type_into(qtbot, form.form.inputs["facts"], "事实")
    form.terms.add()
    type_into(qtbot, form.terms.forms[0].inputs["obligor"], "甲")
    type_into(qtbot, form.terms.forms[0].inputs["content"], "付款")
    type_into(qtbot, form.terms.forms[1].inputs["obligor"], "乙")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.terms.forms[1].error_text("content") != "", timeout=5000)
    assert form.terms.forms[1].error_text("content") == "请填写“履行内容”。"  # beside it, in its own box
    assert count(ctx.store, Agreement) == 0 and count(ctx.store, AgreementTerm) == 0
    assert page.detail.detail.case["status"] == "调解中"


def test_the_list_fetches_pages_lazily_and_filters(qtbot, tasks, store):
    from fydesk.services import demo
    from fydesk.ui.pages import case_model
    from fydesk.ui.pages.base import DeskEvents, PageContext

    demo.generate(store, records=450, seed=3)
    ctx = PageContext(tasks, store, "u", None, DeskEvents())
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.total is not None and not page.model.loading, timeout=5000)
    assert page.model.total == 450
    assert page.model.rowCount() == case_model.PAGE_ROWS  # only the first page, not 450
    assert page.model.canFetchMore()
    page.table.scrollToBottom()  # the view asks for the next page as it reaches the end
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * case_model.PAGE_ROWS and not page.model.loading,
                    timeout=5000)
    while page.model.canFetchMore():
        page.model.fetchMore()
        qtbot.waitUntil(lambda: not page.model.loading, timeout=5000)
    ids = [page.model.row_at(r).id for r in range(page.model.rowCount())]
    assert len(ids) == 450 and len(set(ids)) == 450 and ids == sorted(ids, reverse=True)

    choose(page.status_filter, "结案")
    qtbot.waitUntil(lambda: page.model.total is not None and not page.model.loading, timeout=5000)
    with store.read() as session:
        closed = session.scalar(select(func.count()).where(MediationCase.status == "结案"))
    assert 0 < page.model.total == closed < 450
    assert {page.model.row_at(r).status for r in range(page.model.rowCount())} == {"结案"}

    number = page.model.row_at(0).case_number
    choose(page.status_filter, "全部状态")
    page.text_filter.setText(number)
    qtbot.waitUntil(lambda: page.model.total == 1 and not page.model.loading, timeout=5000)
    assert page.model.row_at(0).case_number == number


def test_opening_a_case_from_the_list_shows_its_detail(qtbot, tasks, store):
    from fydesk.services import demo
    from fydesk.ui.pages.base import DeskEvents, PageContext

    demo.generate(store, records=30, seed=5)
    page = CasesPage(PageContext(tasks, store, "u", None, DeskEvents()))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 30, timeout=5000)
    page.table.selectRow(3)
    wanted = page.model.row_at(3)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.case.id == wanted.id,
                    timeout=5000)
    assert wanted.case_number in page.detail.header.text()
    assert page.detail.parties.rowCount() >= 1
    shown = [page.detail.parties.item(r, 4).text() for r in range(page.detail.parties.rowCount())]
    people = [(p["id_number"], s) for p, s in zip(page.detail.detail.parties, shown) if p["id_number"]]
    assert people and all(s == full[:6] + "*" * 8 + full[-4:] for full, s in people)


def test_escape_leaves_the_registration_form_without_saving(qtbot, page, ctx):
    fill_case(qtbot, page)
    page.cancel()
    assert page.right.currentWidget() is page.hint
    assert count(ctx.store, MediationCase) == 0


def _to_agreement(qtbot, page) -> str:
    case_id = register(qtbot, page)
    for target in ("受理", "调解中"):
        page.detail.findChild(type(page.register.save_button), f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    page.detail.new_agreement_button.click()
    form = page.detail.agreement_form
    assert not form.isHidden()
    type_into(qtbot, form.form.inputs["facts"], "双方达成协议")
    type_into(qtbot, form.form.inputs["effective_date"], date.today().isoformat())
    type_into(qtbot, form.terms.forms[0].inputs["obligor"], "李建国")
    type_into(qtbot, form.terms.forms[0].inputs["content"], "支付赔偿款")
    type_into(qtbot, form.terms.forms[0].inputs["amount_cents"], "3000")
    form.save_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "达成协议", timeout=5000)
    return case_id


def test_performance_and_judicial_confirmation_are_recorded_under_the_agreement(qtbot, page, ctx):
    from datetime import timedelta

    from fydesk.models import JudicialConfirmation, Performance
    from fydesk.ui.pages.dashboard import DashboardPage

    _to_agreement(qtbot, page)
    d = page.detail
    perf = d.performance_form
    choose(perf.inputs["term_id"], "1. 李建国：支付赔偿款")
    type_into(qtbot, perf.inputs["done_date"], date.today().isoformat())
    type_into(qtbot, perf.inputs["amount_cents"], "3000")
    choose(perf.inputs["status"], "履行完毕")
    d.performance_button.click()
    qtbot.waitUntil(lambda: d.performances.rowCount() == 1, timeout=5000)
    assert [d.performances.item(0, c).text() for c in (0, 3, 4)] == ["1. 李建国：支付赔偿款", "3000.00", "履行完毕"]
    assert count(ctx.store, Performance) == 1

    # The court is offered: here the tribunal itself (no register names the area's court).
    assert d.confirmation_form.value("court") == "越秀区人民法庭"
    d.confirmation_form.inputs["court"].clear()
    d.confirmation_button.click()  # the agreement is preselected: the case has one
    qtbot.waitUntil(lambda: d.confirmations.rowCount() == 1, timeout=5000)
    assert d.confirmations.item(0, 1).text() == "拟申请"
    # Applying needs the court: refused under that field, nothing changes.
    qtbot.waitUntil(lambda: d.findChild(QPushButton, "confirmation_已申请") is not None, timeout=5000)
    d.confirmation_form.inputs["court"].clear()  # the offered court, taken away again
    d.findChild(QPushButton, "confirmation_已申请").click()
    qtbot.waitUntil(lambda: d.confirmation_form.error_text("court") != "", timeout=5000)
    assert d.confirmation_form.error_text("court") == "申请司法确认前请填写“受理法院”。"
    with ctx.store.read() as session:
        assert session.scalar(select(JudicialConfirmation.status)) == "拟申请"

    type_into(qtbot, d.confirmation_form.inputs["court"], "越秀区人民法院")
    d.findChild(QPushButton, "confirmation_已申请").click()
    qtbot.waitUntil(lambda: d.confirmations.rowCount() == 1 and d.confirmations.item(0, 1).text() == "已申请",
                    timeout=5000)
    assert d.confirmations.item(0, 2).text() == date.today().isoformat()
    assert d.confirmations.item(0, 3).text() == "越秀区人民法院"

    board = DashboardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.data is not None, timeout=5000)
    kinds = [r[1] for r in board.due_rows()]
    # Applied: the court's 3 days run, and the parties' application window is no longer due.
    assert "法院受理司法确认申请" in kinds and "司法确认申请期限届满" not in kinds
    row = next(r for r in board.due_rows() if r[1] == "法院受理司法确认申请")
    assert row[3] == (date.today() + timedelta(days=3)).isoformat()


def test_the_competent_courts_are_offered_with_why_and_choosing_one_fills_the_court(qtbot, page, ctx):
    from fydesk.services import records
    from fydesk.services.context import load_actor

    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        for code, name, area in (("0002", "越秀区人民法院", "440104"), ("0004", "邻区人民法院", "440121"),
                                 ("0005", "东区人民法院", "440122")):
            records.create(session, actor, "office", {"code": code, "name": name, "kind": "基层法院", "area_code": area})
    fill_case(qtbot, page)
    type_into(qtbot, page.register.case_form.inputs["subject_location"], "东区东湖村第三村民小组")
    type_into(qtbot, page.register.parties.forms[1].inputs["address"], "广州市邻区石门路8号")
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    d = page.detail
    offered = [d.court_choices.itemText(i) for i in range(d.court_choices.count())]
    # The default is unchanged (the tribunal itself: no register names the body's area).
    assert offered[0] == "越秀区人民法庭（调解组织所在地）"
    assert d.confirmation_form.value("court") == "越秀区人民法庭"
    assert offered[1:] == ["邻区人民法院（申请人李建国住所地）", "东区人民法院（标的物所在地）"]
    d.court_choices.activated.emit(1)  # as a click on the second entry would
    assert d.confirmation_form.value("court") == "邻区人民法院"


def test_a_party_form_left_untyped_is_not_sent_and_a_case_needs_both_sides(qtbot, page, ctx):
    page.new_item()
    form = page.register.case_form.inputs
    choose(form["category"], "人民调解")
    choose(form["source"], "当事人申请")
    choose(form["dispute_type"], form["dispute_type"].itemText(1))
    type_into(qtbot, form["summary"], "一方申请的咨询类纠纷")
    type_into(qtbot, page.register.parties.forms[0].inputs["name"], "王秀英")
    # The second form keeps only its preset role: nothing was typed into it, so it is no party,
    # and a case with no respondent is refused in one sentence, nothing written.
    assert page.register.parties.forms[1].value("role") == "被申请人"
    page.save()
    qtbot.waitUntil(lambda: "被申请人" in page.register.error.text(), timeout=5000)
    assert count(ctx.store, Party) == 0 and count(ctx.store, MediationCase) == 0
    type_into(qtbot, page.register.parties.forms[1].inputs["name"], "李建国")
    page.save()
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    assert count(ctx.store, Party) == 2


def test_registering_with_no_party_at_all_is_refused(qtbot, page, ctx):
    page.new_item()
    form = page.register.case_form.inputs
    choose(form["category"], "人民调解")
    choose(form["source"], "当事人申请")
    choose(form["dispute_type"], form["dispute_type"].itemText(1))
    type_into(qtbot, form["summary"], "案情")
    page.save()
    qtbot.waitUntil(lambda: not page.register.error.isHidden(), timeout=5000)
    assert page.register.error.text() == "登记案件至少需要一名当事人。"
    assert count(ctx.store, MediationCase) == 0


@pytest.mark.parametrize("reason", ["告知书当事人拒签，已记录在案。", ""])
def test_archiving_a_file_missing_mandatory_items_asks_for_the_reason(qtbot, page, ctx, monkeypatch, reason):
    """The reason dialog is modal: its answer is given here; the rest is the page's own path."""
    from PySide6.QtWidgets import QInputDialog

    from fydesk.services import records
    from fydesk.services.context import load_actor

    case_id = register(qtbot, page)
    with ctx.store.write() as s:
        actor = load_actor(s, ctx.user)
        for status in ("受理", "调解中"):
            records.update(s, actor, "case", case_id, {"status": status})
        records.create(s, actor, "session", {"case_id": case_id, "held_at": "2026-11-05 10:00", "place": "调解室",
                                             "attendees": "双方", "record": "双方各执一词。"})
        records.update(s, actor, "case", case_id, {"status": "调解不成"}, reason="双方分歧过大")
        records.update(s, actor, "case", case_id, {"status": "结案"})
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("2026-档-009", True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda _parent, _title, prompt, *a, **k: (asked.append(prompt), (reason, bool(reason)))[1])
    page.open_case(case_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.case["status"] == "结案",
                    timeout=5000)
    page.detail.findChild(QPushButton, "status_归档").click()
    qtbot.waitUntil(lambda: page.detail.move_dialog is not None, timeout=5000)
    assert "最终状态" in page.detail.move_dialog.consequence.text()  # asked first: nothing follows 归档
    page.detail.move_dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "权利义务告知书" in asked[0]  # the question says what the file lacks
    if reason:
        qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "归档", timeout=5000)
        with ctx.store.read() as session:
            case = session.get(MediationCase, case_id)
            assert (case.status, case.archive_note) == ("归档", reason)
    else:  # no reason given: refused, said next to the status buttons, nothing written
        qtbot.waitUntil(lambda: "归档说明" in page.detail.error.text(), timeout=5000)
        with ctx.store.read() as session:
            assert session.get(MediationCase, case_id).status == "结案"


RARE = "\U00031350"  # U+31350 (CJK Extension H): no font the app ships has it


def test_a_rare_character_in_a_name_is_named_beside_the_field_and_saved_once_confirmed(qtbot, page, ctx):
    """Rare characters at the door: the save is refused with the character named under the
    party's name, before any printing; saving again is the confirmation, and the name is kept
    as written (a name is a legal fact)."""
    fill_case(qtbot, page)
    first, second = page.register.parties.forms
    type_into(qtbot, second.inputs["name"], f"李{RARE}国")
    save_and_wait(qtbot, page)
    qtbot.waitUntil(lambda: second.error_text("name") != "", timeout=5000)
    message = second.error_text("name")
    assert message.startswith("第 2 名当事人：“姓名/名称”中的")
    assert f"“{RARE}”（U+31350）" in message and "打印时无法显示" in message and "再次保存" in message
    assert first.error_text("name") == ""
    assert count(ctx.store, MediationCase) == 0 and count(ctx.store, Party) == 0
    assert page.right.currentWidget() is page.register

    save_and_wait(qtbot, page)  # confirmed
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.right.currentWidget() is page.detail,
                    timeout=5000)
    names = [page.detail.parties.item(r, 1).text() for r in range(page.detail.parties.rowCount())]
    assert f"李{RARE}国" in names


def test_a_saved_agreement_is_corrected_until_it_is_signed_and_the_form_closes_each_time(qtbot, page, ctx):
    register(qtbot, page)
    for target in ("受理", "调解中"):
        page.detail.findChild(QPushButton, f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    d = page.detail
    form = d.agreement_form
    assert form.isHidden() and d.edit_agreement_button.isHidden()
    d.new_agreement_button.click()
    type_into(qtbot, form.form.inputs["facts"], "双方就院墙边界达成一致")
    type_into(qtbot, form.terms.forms[0].inputs["obligor"], "李建国")
    type_into(qtbot, form.terms.forms[0].inputs["content"], "拆除越界围栏")
    form.save_button.click()
    qtbot.waitUntil(lambda: count(ctx.store, Agreement) == 1, timeout=5000)
    qtbot.waitUntil(lambda: form.isHidden() and not d.edit_agreement_button.isHidden(), timeout=5000)
    assert form.form.value("facts") is None  # closed empty

    d.edit_agreement_button.click()
    assert not form.isHidden() and form.form.value("facts") == "双方就院墙边界达成一致"
    assert form.terms.forms[0].value("content") == "拆除越界围栏"
    type_into(qtbot, form.terms.forms[0].inputs["content"], "三日内拆除越界围栏")
    form.terms.add()
    type_into(qtbot, form.terms.forms[1].inputs["obligor"], "王秀英")
    type_into(qtbot, form.terms.forms[1].inputs["content"], "配合重新砌墙")
    type_into(qtbot, form.form.inputs["signed_date"], date.today().isoformat())
    form.save_button.click()
    qtbot.waitUntil(lambda: form.isHidden(), timeout=5000)
    with ctx.store.read() as session:
        agreement = session.scalar(select(Agreement))
        terms = session.scalars(select(AgreementTerm).where(AgreementTerm.deleted_at.is_(None))
                                .order_by(AgreementTerm.seq)).all()
        assert agreement.signed_date == date.today() and agreement.number
        assert [(t.seq, t.content) for t in terms] == [(1, "三日内拆除越界围栏"), (2, "配合重新砌墙")]
    # signed: nothing left to correct
    qtbot.waitUntil(lambda: d.edit_agreement_button.isHidden(), timeout=5000)
