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
