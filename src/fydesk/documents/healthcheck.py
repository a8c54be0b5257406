"""法治体检报告: the firm, the visit, the team, the checklist, and the risks by colour level."""

from __future__ import annotations

import os
from typing import Any

from fydesk.domain.codes import RISK_LEVELS

from .common import seal_block
from .fonts import FontSet
from .model import HealthCheckDoc
from .page import Meta, Writer, cn_date

COLOURS = {"重大且紧急": ("红色", "#D32F2F"), "较大": ("橙色", "#F57C00"),
           "一般": ("黄色", "#FBC02D"), "提示": ("蓝色", "#1976D2")}


def render(doc: HealthCheckDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether

    w = Writer(fonts, Meta("法治体检报告", doc.issuer, doc.firm))
    w.p("法治体检报告", "title")
    w.p(doc.report_number or "", "subtitle", "报告编号")
    w.space(0.3)
    w.p("一、基本情况", "heading")
    w.add(w.table([
        ["受检企业", doc.firm],
        ["统一社会信用代码", doc.uscc or "—"],
        ["所属行业", doc.industry or "—"],
        ["企业地址", doc.address or "—"],
        ["企业联系人", doc.contact or "—"],
        ["体检日期", cn_date(doc.visit_date)],
        ["参加单位", "、".join(doc.offices) or doc.issuer],
        ["体检团队", doc.team],
    ], [1, 2.6], header=False))
    if doc.findings:
        w.p("二、总体情况", "heading")
        w.p(doc.findings, "body", "发现情况")
    w.p("三、体检项目及结果", "heading")
    bad = "#FDECEA"
    rows = [["序号", "体检项目", "结果", "说明"]]
    rows += [[str(i), c.item, c.result, c.note or "—"] for i, c in enumerate(doc.checklist, start=1)]
    extra = [("BACKGROUND", (2, i), (2, i), colors.HexColor(bad))
             for i, c in enumerate(doc.checklist, start=1) if c.result == "不符合"]
    if doc.checklist:
        w.add(w.table(rows, [0.75, 2.3, 0.9, 3.1], extra=extra, center_cols=(0, 2)))
    else:
        w.p("本次未列体检项目。", "body")
    w.p("四、风险提示及整改建议", "heading")
    counts = "，".join(f"{COLOURS[lv][0]}（{lv}）{sum(r.level == lv for r in doc.risks)}项" for lv in RISK_LEVELS)
    w.p(f"本次体检共发现风险点{len(doc.risks)}项，按风险等级分为：{counts}。"
        f"下列各表的“状态”为截至{cn_date(doc.visit_date)}的情况。", "body", "风险统计")
    for lv in RISK_LEVELS:
        group = [r for r in doc.risks if r.level == lv]
        if not group:
            continue
        name, hexcolour = COLOURS[lv]
        w.p(f"{name}风险（{lv}）", "plain", "风险等级", textColor=colors.HexColor(hexcolour))
        rows = [["类别", "风险描述", "整改建议", "整改期限", "状态"]]
        rows += [[r.category, r.description, r.suggestion or "—", cn_date(r.due) if r.due else "—", r.status]
                 for r in group]
        w.add(w.table(rows, [1.25, 2.4, 2.3, 1.35, 1.05], center_cols=(0, 3, 4), extra=[
            ("LINEBEFORE", (0, 1), (0, -1), 4, colors.HexColor(hexcolour)),
        ]))
        w.space(0.3)
    w.add(KeepTogether([
        w.para("以上风险提示仅供企业依法规范经营参考。请企业按期整改，并将整改情况反馈出具单位；"
               "出具单位将适时回访。", "body"),
        seal_block(w, "", doc.issuer, doc.visit_date),
    ]))
    return w.build(out)
