"""司法确认申请书: the parties' joint application to the court, within 30 days of the agreement.

法释〔2011〕5号 and 民诉法 arts. 205–206: the parties apply together, so every party is an
applicant and signs as one; they declare that the agreement was made freely, is lawful, harms
no state, public or third-party interest, and that what they hand in is true.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any

from .common import party_facts, signature_boxes, term_text
from .fonts import FontSet
from .model import ConfirmationDoc
from .page import Meta, Writer, cn_date, keep_with_tail

DECLARATION = (
    "申请人声明：调解协议是申请人出于解决纠纷的目的自愿达成的，意思表示真实，内容不违反法律、"
    "行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益，没有恶意串通、规避法律的行为；"
    "申请人提交的证明材料真实、合法。如因虚假调解给他人造成损失的，申请人愿意承担相应的民事责任"
    "和其他法律责任。"
)


def late_notice(doc: ConfirmationDoc, today: date) -> str | None:
    """The sentence to show before printing an application whose 30-day window has passed."""
    if doc.window_end is None:
        return None
    day = doc.applied_date or today
    if day <= doc.window_end:
        return None
    return (f"申请司法确认的期限已过：调解协议自{cn_date(doc.agreement_effective)}生效，"
            f"应于{cn_date(doc.window_end)}前（含当日）共同申请，现已超过三十日；逾期提出的申请，人民法院可能不予受理。")


def render(doc: ConfirmationDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.platypus import KeepTogether

    w = Writer(fonts, Meta("司法确认申请书", doc.committee, doc.agreement_number or ""))
    # A joint application: every party applies, whatever side it took in the dispute.
    applicants = tuple(replace(p, role="申请人") for p in doc.applicants)
    w.p("司法确认申请书", "title")
    for p in applicants:
        w.p(party_facts(p), "body", f"申请人{p.name}")
    w.p("请求事项：", "heading")
    number = f"（编号：{doc.agreement_number}）" if doc.agreement_number else ""
    w.p(f"请求确认申请人于{cn_date(doc.agreement_signed)}经{doc.committee}主持调解达成的{doc.agreement_kind}"
        f"{number}有效。", "body", "请求事项")
    w.p("事实和理由：", "heading")
    w.p(f"申请人之间的纠纷经{doc.committee}调解，于{cn_date(doc.agreement_signed)}自愿达成调解协议，"
        f"协议自{cn_date(doc.agreement_effective)}起生效。协议的主要内容如下：", "body", "事实和理由")
    for i, t in enumerate(doc.terms, start=1):
        w.p(term_text(t, i), "body", f"第{i}项条款")
    w.p("申请人依照《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条和"
        "第二百零六条以及《最高人民法院关于人民调解协议司法确认程序的若干规定》的规定，"
        "自调解协议生效之日起三十日内共同提出本申请。", "body")
    if doc.window_end:
        w.p(f"申请期限：本申请应于{cn_date(doc.window_end)}前（含当日）提出。", "body", "申请期限")
    # The declaration, the court and the applicants' signatures stay on one page: no page of
    # signatures alone. The date is left blank to be written in when none is recorded.
    w.add(keep_with_tail(w.para(DECLARATION, "body", "申请人声明"), [
        w.para("此致", "body"),
        w.para(doc.court, "plain", "受理法院"),
        signature_boxes(w, applicants),
        w.para(cn_date(doc.applied_date), "right", "申请日期"),
    ]))
    # The list of materials is read as one: it does not run over onto a page of its own.
    w.add(KeepTogether([w.para("附：", "plain"),
                        *(w.para(f"{i}. {m}", "body", "材料清单") for i, m in enumerate(doc.materials, start=1))]))
    return w.build(out)
