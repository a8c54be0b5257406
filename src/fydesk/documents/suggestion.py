"""司法建议书: the number 〔年〕N号, the addressee, the problem, the suggestion, the reply asked for."""

from __future__ import annotations

import os
from typing import Any

from .common import seal_block
from .fonts import FontSet
from .model import SuggestionDoc
from .page import Meta, Writer, cn_date


def render(doc: SuggestionDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, KeepTogether

    w = Writer(fonts, Meta("司法建议书", doc.court, doc.number or ""))
    w.p(doc.court, "title", "发文机关", textColor=colors.HexColor("#C00000"))
    w.p("司 法 建 议 书", "title")
    w.p(doc.number or "（未编号）", "subtitle", "文号")
    w.add(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#C00000"), spaceBefore=2, spaceAfter=12))
    w.p(f"{doc.addressee}：", "plain", "主送单位")
    source = _source(doc)
    w.p(f"{source}，发现你单位在有关工作中存在以下问题，为促进依法治理、防范化解风险，"
        "根据《中华人民共和国民事诉讼法》等有关规定，提出如下司法建议。", "body")
    w.p("一、发现的问题", "heading")
    for line in [x for x in doc.problem.splitlines() if x.strip()]:
        w.p(line, "body", "发现的问题")
    w.p("二、司法建议", "heading")
    for line in [x for x in doc.suggestion.splitlines() if x.strip()]:
        w.p(line, "body", "建议内容")
    due = f"，即于{cn_date(doc.reply_due)}前" if doc.reply_due else ""
    # The heading, its text and the signing body stay on one page: no heading left at the foot
    # of a page, and no page of a seal alone.
    w.add(KeepTogether([
        w.para("三、答复要求", "heading"),
        w.para(f"请你单位自收到本建议书之日起{doc.reply_days}日内{due}，将采纳情况及整改措施书面回复本院。"
               "逾期未答复的，本院将依照有关规定报送你单位的上级主管部门。", "body", "答复要求"),
        seal_block(w, "", doc.court, doc.issued_date),
    ]))
    if doc.cc:
        w.add(HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceBefore=8, spaceAfter=4))
        w.p(f"抄送：{doc.cc}", "plain", "抄送单位")
    return w.build(out)


def _source(doc: SuggestionDoc) -> str:
    """What the court found the problem in: a mediation case is mediated, not tried (审理)."""
    n = doc.source_case_number
    if not n:
        return "本院在审判执行工作中"
    if doc.source_kind == "调解":
        return f"本院在办理{n}调解案件过程中"
    if doc.source_kind == "执行":
        return f"本院在执行{n}案件过程中"
    return f"本院在审理{n}案件过程中"
