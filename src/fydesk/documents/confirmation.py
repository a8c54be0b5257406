"""司法确认申请书: the parties' joint application to the court, within 30 days of the agreement."""

from __future__ import annotations

import os
from typing import Any

from .common import party_facts, signature_boxes, term_text
from .fonts import FontSet
from .model import ConfirmationDoc
from .page import Meta, Writer, cn_date


def render(doc: ConfirmationDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.platypus import KeepTogether

    w = Writer(fonts, Meta("司法确认申请书", doc.committee, doc.agreement_number or ""))
    w.p("司法确认申请书", "title")
    for p in doc.applicants:
        w.p(party_facts(p).replace(f"{p.role}：", f"申请人（{p.role}）：", 1), "body", f"申请人{p.name}")
    w.p("请求事项：", "heading")
    number = f"（编号：{doc.agreement_number}）" if doc.agreement_number else ""
    w.p(f"请求确认申请人于{cn_date(doc.agreement_signed)}经{doc.committee}主持调解达成的人民调解协议"
        f"{number}有效。", "body", "请求事项")
    w.p("事实和理由：", "heading")
    w.p(f"申请人之间的纠纷经{doc.committee}调解，于{cn_date(doc.agreement_signed)}自愿达成调解协议，"
        f"协议自{cn_date(doc.agreement_effective)}起生效。协议的主要内容如下：", "body", "事实和理由")
    for i, t in enumerate(doc.terms, start=1):
        w.p(term_text(t, i, doc.applicants), "body", f"第{i}项条款")
    w.p("申请人依照《中华人民共和国人民调解法》第三十三条和《中华人民共和国民事诉讼法》的规定，"
        "自调解协议生效之日起三十日内共同提出本申请。", "body")
    if doc.window_end:
        w.p(f"申请期限：本申请应于{cn_date(doc.window_end)}前（含当日）提出。", "body", "申请期限")
    w.p("申请人承诺：出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；"
        "如因虚假调解给他人造成损失的，愿意承担相应的民事责任和其他法律责任。", "body")
    w.p("此致", "body")
    w.p(doc.court, "plain", "受理法院")
    w.p("附：", "plain")
    for i, m in enumerate(doc.materials, start=1):
        w.p(f"{i}. {m}", "body", "材料清单")
    w.add(KeepTogether([
        signature_boxes(w, doc.applicants),
        w.para(cn_date(doc.applied_date), "right"),
    ]))
    return w.build(out)
