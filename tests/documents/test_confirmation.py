"""司法确认申请书: a joint application, its declarations, room to date it, and the late window."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fydesk import models as m
from fydesk.cli import main
from fydesk.documents import gather
from fydesk.documents.model import ConfirmationDoc, PartyInfo, TermInfo

from .conftest import flat, page_texts, render

ZHANG = PartyInfo(role="申请人", kind="自然人", name="张三", address="某村1号")
LI = PartyInfo(role="被申请人", kind="自然人", name="李四", address="某村2号")


def _doc(**kw) -> ConfirmationDoc:
    values = {"court": "某某区人民法院", "applicants": (ZHANG, LI), "committee": "某某村人民调解委员会",
              "agreement_number": "（2026）某调协字第1号", "agreement_signed": date(2026, 11, 1),
              "agreement_effective": date(2026, 11, 1), "window_end": date(2026, 12, 1),
              "terms": (TermInfo(1, "李四", "张三", "李四于2026年12月31日前支付张三人民币3000元", "3000.00",
                                 None, date(2026, 12, 31)),),
              "applied_date": None, "materials": ("人民调解协议书",)}
    return ConfirmationDoc(**{**values, **kw})


def test_both_parties_apply_and_sign_as_applicants(fonts, tmp_path):
    render("confirmation", _doc(), tmp_path / "c.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "c.pdf")))
    assert "申请人：张三" in text and "申请人：李四" in text
    assert "被申请人" not in text  # a joint application has no respondent
    assert text.count("申请人（签名或盖章）") == 2


def test_the_applicants_declare_the_agreement_voluntary_lawful_harmless_and_the_materials_true(fonts, tmp_path):
    render("confirmation", _doc(), tmp_path / "c.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "c.pdf")))
    for phrase in ("自愿达成", "不违反法律、行政法规的强制性规定", "不损害国家利益、社会公共利益和他人合法权益",
                   "提交的证明材料真实", "第二百零五条", "第二百零六条"):
        assert phrase in text, phrase


def test_an_undated_application_leaves_room_to_write_the_date(fonts, tmp_path):
    render("confirmation", _doc(), tmp_path / "c.pdf", fonts)
    from fydesk.documents.page import BODY_SIZE

    from .conftest import text_lines

    marks = {text: (left, right) for _, left, right, text in text_lines(tmp_path / "c.pdf")
             if text in ("年", "月", "日")}
    assert set(marks) == {"年", "月", "日"}, marks  # each stands apart: blanks between them
    # two blank characters before 月 and before 日: seven characters from 年 to 日
    assert marks["日"][1] - marks["年"][0] >= 6.5 * BODY_SIZE, marks


@pytest.mark.parametrize("n_terms", range(1, 16))
def test_the_signatures_never_stand_alone_on_a_page(fonts, tmp_path, n_terms):
    terms = tuple(TermInfo(i, "李四", "张三", f"第{i}项：李四向张三支付货款并承担运费，具体数额以双方对账单为准"
                           + "，逾期按日万分之五支付违约金" * (i % 3), "1000.00", "银行转账", None)
                  for i in range(1, n_terms + 1))
    render("confirmation", _doc(terms=terms), tmp_path / "c.pdf", fonts)
    texts = [flat(t) for t in page_texts(tmp_path / "c.pdf")]
    sign_page = next(t for t in texts if "申请人（签名或盖章）" in t)
    # the declaration (or at least its last lines) and 此致 stand above the signatures
    assert "和其他法律责任。此致" in sign_page
    assert sign_page.index("此致") > len(re.match(r"—\d+—", sign_page).group(0)) + 12


def test_the_late_notice_says_the_window_has_passed():
    from fydesk.documents.confirmation import late_notice

    doc = _doc()
    assert late_notice(doc, date(2026, 12, 1)) is None  # the last day is still in time
    notice = late_notice(doc, date(2026, 12, 2))
    assert "期限已过" in notice and "2026年12月1日" in notice
    assert late_notice(replace(doc, applied_date=date(2026, 11, 20)), date(2027, 3, 1)) is None


def test_the_command_asks_for_after_deadline_once_the_window_has_passed(demo_store, tmp_path, capsys):
    with demo_store.read() as s:
        oldest = s.scalar(select(m.Agreement.id).where(m.Agreement.effective_date.is_not(None),
                                                       m.Agreement.effective_date < date.today() - timedelta(days=40))
                          .where(m.Agreement.id.not_in(select(m.JudicialConfirmation.agreement_id)))
                          .order_by(m.Agreement.effective_date))
        doc = gather.confirmation(s, oldest)
    assert doc.window_end < date.today()
    root = str(demo_store.data_dir.root)
    out = tmp_path / "late.pdf"
    assert main(["--data-dir", root, "report", "confirmation", "--id", oldest, "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert "期限已过" in err and "--after-deadline" in err and not out.exists()
    assert main(["--data-dir", root, "report", "confirmation", "--id", oldest, "--out", str(out),
                 "--after-deadline"]) == 0
    assert out.exists() and "期限已过" in capsys.readouterr().err


def _two_counties(s, actor) -> str:
    """Courts of two counties on record and a case mediated in the first; returns the case id.
    The respondent lives in the second county; the land in dispute lies in a third."""
    from fydesk.services import cases, records

    from ..conftest import TODAY

    for code, name, kind, area in (("0001", "石岭人民法庭", "人民法庭", "440120101"),
                                   ("0002", "云溪区人民法院", "基层法院", "440120"),
                                   ("0003", "溪口人民法庭", "人民法庭", "440120100"),
                                   ("0004", "邻区人民法院", "基层法院", "440121"),
                                   ("0005", "东区人民法院", "基层法院", "440122")):
        records.create(s, actor, "office", {"code": code, "name": name, "kind": kind, "area_code": area})
    body = records.create(s, actor, "mediation_body", {
        "office_id": actor.office_id, "name": "溪口镇人民调解委员会", "kind": "乡镇(街道)人民调解委员会",
        "area_code": "440120100"})
    made = cases.register_case(s, actor, {
        "category": "人民调解", "source": "当事人申请", "dispute_type": "土地承包经营纠纷", "summary": "承包地边界争议",
        "body_id": body.id, "subject_location": "东区东湖村第三村民小组"}, [
        {"role": "申请人", "name": "张三", "address": "云溪区溪口镇溪口村1号"},
        {"role": "被申请人", "name": "李四", "address": "广州市邻区石门街道石门路8号"}], today=TODAY)
    return made.case.id


def test_the_courts_where_a_party_lives_and_the_subject_lies_are_offered_with_why(office_store, actor):
    from fydesk.services import records

    with office_store.write() as s:
        case = records.get(s, "case", _two_counties(s, actor))
        choices = gather.court_options(s, case)
        labels = [c.label for c in choices]
        # The default is still the tribunal of the body's own area, then its county's court.
        assert [c.name for c in choices[:2]] == ["溪口人民法庭", "云溪区人民法院"]
        assert gather.court_choices(s, case)[0] == "溪口人民法庭"
        assert labels[0] == "溪口人民法庭（调解组织所在地、申请人张三住所地）"
        # The respondent's county's basic court, with its reason; the subject matter's too.
        assert "邻区人民法院（申请人李四住所地）" in labels
        assert "东区人民法院（标的物所在地）" in labels
        assert labels.index("邻区人民法院（申请人李四住所地）") > 1


def test_a_court_that_invited_the_mediation_is_the_only_one_named_for_it(office_store, actor):
    from fydesk.services import records

    with office_store.write() as s:
        cid = _two_counties(s, actor)
        records.update(s, actor, "case", cid, {"category": "委派调解(诉前)", "source": "法院委派"})
        names = gather.court_choices(s, records.get(s, "case", cid))
    assert names[0] == "越秀区人民法庭" and "邻区人民法院" not in names and "东区人民法院" not in names


def test_the_printed_application_names_the_court_chosen(office_store, actor, tmp_path, capsys):
    from fydesk.services import cases, records

    with office_store.write() as s:
        cid = _two_counties(s, actor)
        for status in ("受理", "调解中"):
            records.update(s, actor, "case", cid, {"status": status})
        agreement, _ = cases.record_agreement(
            s, actor, cid, {"facts": "双方对承包地边界有争议。", "signed_date": date.today(),
                            "effective_date": date.today()},
            [{"obligor": "李四", "obligee": "张三", "content": "李四退还多占的承包地"}])
    root = str(office_store.data_dir.root)
    assert main(["--data-dir", root, "report", "confirmation", "--id", agreement.id, "--list-courts"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "1. 溪口人民法庭（调解组织所在地、申请人张三住所地）（默认）"
    number = next(line.split(".")[0] for line in listed if "邻区人民法院（申请人李四住所地）" in line)

    out = tmp_path / "chosen.pdf"
    assert main(["--data-dir", root, "report", "confirmation", "--id", agreement.id, "--court", number,
                 "--out", str(out)]) == 0
    text = flat("".join(page_texts(out)))
    assert "邻区人民法院" in text and "溪口人民法庭" not in text
    # Unchosen, the default; a number not on the list is one sentence and no file.
    assert main(["--data-dir", root, "report", "confirmation", "--id", agreement.id, "--out", str(out)]) == 0
    assert "溪口人民法庭" in flat("".join(page_texts(out)))
    capsys.readouterr()
    assert main(["--data-dir", root, "report", "confirmation", "--id", agreement.id, "--court", "99",
                 "--out", str(tmp_path / "none.pdf")]) != 0
    assert "没有第 99 个可选法院" in capsys.readouterr().err and not (tmp_path / "none.pdf").exists()

    # Recorded on the 司法确认 itself (as the form or `record set` does), it is what prints.
    with office_store.write() as s:
        conf = records.create(s, actor, "confirmation", {"agreement_id": agreement.id, "status": "拟申请"})
    assert main(["--data-dir", root, "record", "set", "confirmation", conf.id, "court=东区人民法院"]) == 0
    assert main(["--data-dir", root, "report", "confirmation", "--id", conf.id, "--out", str(out)]) == 0
    text = flat("".join(page_texts(out)))
    assert "东区人民法院" in text and "溪口人民法庭" not in text
