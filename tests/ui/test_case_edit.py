"""修改案件 after registration: the case's own fields and its parties, all or nothing, errors by the field."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fydesk.models import MediationCase, OutboxOp, Party

from .test_cases_page import APPLICANT_ID, count, page, register, type_into  # noqa: F401 - page is a fixture


def start_editing(qtbot, page):
    page.detail.edit_button.click()
    assert page.right.currentWidget() is page.editor
    return page.editor


def saved_values(store, case_id):
    with store.read() as session:
        case = session.get(MediationCase, case_id)
        parties = {p.name: (p.phone, p.address, p.id_number, p.birth_date)
                   for p in session.scalars(select(Party).where(Party.case_id == case_id))}
        return case.summary, case.amount_cents, parties


def test_editing_the_case_and_a_party_saves_both_and_shows_the_new_values(qtbot, page, ctx):
    case_id = register(qtbot, page)
    editor = start_editing(qtbot, page)
    # The saved values are shown; the ID number only masked, as a hint.
    assert editor.case_form.value("summary") == "邻里之间因宅基地边界发生争执"
    applicant = editor.party_form("王秀英")
    assert applicant.value("id_number") is None
    assert "110105********002X" in applicant.inputs["id_number"].placeholderText()
    assert APPLICANT_ID not in applicant.inputs["id_number"].placeholderText()

    type_into(qtbot, editor.case_form.inputs["summary"], "宅基地边界及排水沟走向争议")
    type_into(qtbot, editor.case_form.inputs["amount_cents"], "2500")
    type_into(qtbot, applicant.inputs["name"], "王秀瑛")
    type_into(qtbot, applicant.inputs["phone"], "13800001111")
    type_into(qtbot, applicant.inputs["address"], "越秀区北京街1号")
    page.save()  # Ctrl+S
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.detail
                    and "排水沟" in page.detail.header.text(), timeout=5000)

    assert "涉及金额 2500.00 元" in page.detail.header.text()
    names = [page.detail.parties.item(r, 1).text() for r in range(page.detail.parties.rowCount())]
    phones = [page.detail.parties.item(r, 5).text() for r in range(page.detail.parties.rowCount())]
    assert "王秀瑛" in names and "13800001111" in phones
    summary, amount, parties = saved_values(ctx.store, case_id)
    assert summary == "宅基地边界及排水沟走向争议" and amount == 250000
    # The ID number left empty is kept, with the birth date it gave.
    assert parties["王秀瑛"][:3] == ("13800001111", "越秀区北京街1号", APPLICANT_ID)
    assert str(parties["王秀瑛"][3]) == "1949-12-31"
    assert parties["李建国"][0] is None  # the other party was not touched


def test_an_invalid_edit_is_refused_by_the_field_and_nothing_is_saved(qtbot, page, ctx):
    case_id = register(qtbot, page)
    before, ops = saved_values(ctx.store, case_id), count(ctx.store, OutboxOp)
    editor = start_editing(qtbot, page)

    type_into(qtbot, editor.case_form.inputs["amount_cents"], "两千元")
    page.save()
    qtbot.waitUntil(lambda: editor.case_form.error_text("amount_cents") != "", timeout=5000)
    assert page.right.currentWidget() is editor
    assert saved_values(ctx.store, case_id) == before and count(ctx.store, OutboxOp) == ops

    # A valid case edit with a wrong ID number for a party: refused as typed, refused when
    # saved, next to that party's field — and the case's edit is not saved either.
    type_into(qtbot, editor.case_form.inputs["amount_cents"], "100")
    type_into(qtbot, editor.case_form.inputs["summary"], "改过的案情")
    respondent = editor.party_form("李建国")
    type_into(qtbot, respondent.inputs["id_number"], "110105194912310021")  # wrong check character
    assert "身份证号不正确" in respondent.error_text("id_number")
    page.save()
    qtbot.waitUntil(lambda: editor.save_button.isEnabled() and respondent.error_text("id_number") != "",
                    timeout=5000)
    assert respondent.error_text("id_number").startswith("身份证号不正确")
    assert editor.case_form.error_text("amount_cents") == ""
    assert editor.party_form("王秀英").error_text("id_number") == ""
    assert saved_values(ctx.store, case_id) == before and count(ctx.store, OutboxOp) == ops

    # Esc leaves the edit; the detail still shows the saved case.
    page.cancel()
    assert page.right.currentWidget() is page.detail
    assert "改过的案情" not in page.detail.header.text()


def test_a_new_id_number_is_checked_as_typed_and_refills_birth_date_and_sex(qtbot, page, ctx):
    from fydesk.domain.ids import make_id_card

    case_id = register(qtbot, page)
    editor = start_editing(qtbot, page)
    applicant = editor.party_form("王秀英")
    # The birth date is the masked part of the number: its year only, as a hint.
    assert (applicant.value("birth_date"), applicant.value("sex")) == (None, "女")
    assert "1949" in applicant.inputs["birth_date"].placeholderText()
    assert "12-31" not in applicant.inputs["birth_date"].placeholderText()
    new_number = make_id_card("440104", date(1975, 3, 8), 11, "男")
    type_into(qtbot, applicant.inputs["id_number"], new_number)
    assert (applicant.value("birth_date"), applicant.value("sex")) == ("1975-03-08", "男")
    page.save()
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.detail
                    and "1975" in [page.detail.parties.item(r, 3).text() for r in range(2)], timeout=5000)
    _summary, _amount, parties = saved_values(ctx.store, case_id)
    assert parties["王秀英"][2] == new_number and str(parties["王秀英"][3]) == "1975-03-08"
    shown = [page.detail.parties.item(r, 4).text() for r in range(2)]
    assert new_number not in shown  # masked in the table as before


def test_saving_without_changes_writes_nothing(qtbot, page, ctx):
    register(qtbot, page)
    ops = count(ctx.store, OutboxOp)
    editor = start_editing(qtbot, page)
    page.save()
    assert editor.error.text() == "没有需要保存的修改。" and page.right.currentWidget() is editor
    assert count(ctx.store, OutboxOp) == ops


def test_a_rare_character_typed_into_an_edit_is_named_under_that_partys_field(qtbot, page, ctx):
    rare = "\U00031350"  # U+31350: no font the app ships has it
    case_id = register(qtbot, page)
    editor = start_editing(qtbot, page)
    applicant = editor.party_form("王秀英")
    type_into(qtbot, applicant.inputs["address"], f"越秀区{rare}家巷1号")
    page.save()
    qtbot.waitUntil(lambda: applicant.error_text("address") != "", timeout=5000)
    assert f"“{rare}”（U+31350）" in applicant.error_text("address")
    assert page.right.currentWidget() is page.editor
    assert saved_values(ctx.store, case_id)[2]["王秀英"][1] is None
    page.save()  # saving again confirms it
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.detail, timeout=5000)
    assert saved_values(ctx.store, case_id)[2]["王秀英"][1] == f"越秀区{rare}家巷1号"
