"""月度通报: an office's or the city's month in figures, tables and four charts (charts.py draws them).

Shared by the desktop (figures from the local store) and the hub (figures from every office's
synced records): it takes a BulletinDoc and nothing else.
"""

from __future__ import annotations

import os
from typing import Any

from fydesk.domain.stats import PETITION_RATE_NOTE

from . import charts
from .common import cn_index
from .fonts import FontSet
from .model import BulletinDoc
from .page import Meta, Writer


def _rate(value: float | None) -> str:
    from fydesk.domain.stats import format_rate

    return format_rate(value)


def _per10k(value: float | None) -> str:
    from fydesk.domain.stats import format_per10k

    return format_per10k(value)


def _month(period: str) -> str:
    return f"{int(period[:4])}年{int(period[5:7])}月"


def _caption(w: Writer, text: str):
    return w.para(text, "cellc", f"图题{text}")


def render(doc: BulletinDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.platypus import KeepTogether

    month = _month(doc.period)
    w = Writer(fonts, Meta(f"{month}矛盾纠纷调解工作通报", doc.issuer, doc.period))
    w.p(f"{month}矛盾纠纷调解工作通报", "title")
    w.p(f"{doc.issuer}（{doc.scope}）", "subtitle", "通报单位")
    w.space(0.3)
    whose = (f"本通报数据为{doc.issuer}本单位受理、办理的案件和工作，不含其他单位。" if doc.scope == "本单位"
             else f"本通报数据为{doc.scope}各单位的汇总。")
    w.p(whose, "body", "统计范围")
    n = iter(range(1, 10))  # sections are numbered as they appear: some are left out

    def heading(text: str) -> None:
        w.p(f"{cn_index(next(n))}、{text}", "heading")

    heading("总体情况")
    registered = f"登记纠纷{doc.registered}件，" if doc.registered is not None else ""
    agreed = f"，协议金额{doc.amount_agreed}元" if doc.amount_agreed is not None else ""
    w.p(f"{month}，{registered}受理{doc.accepted}件，进入调解{doc.mediated}件，调解成功{doc.succeeded}件，"
        f"调解成功率{_rate(doc.success_rate)}（以{doc.denominator_label}为分母）；涉及金额{doc.amount_involved}元"
        f"{agreed}。", "body", "总体情况")
    figures = [["指标", "数值"],
               ["受理案件", f"{doc.accepted}件"], ["进入调解", f"{doc.mediated}件"],
               ["调解成功", f"{doc.succeeded}件"], ["调解成功率", _rate(doc.success_rate)],
               ["涉及金额", f"{doc.amount_involved}元"]]
    if doc.registered is not None:
        figures.insert(1, ["登记纠纷", f"{doc.registered}件"])
    if doc.failed is not None:
        figures.append(["调解不成", f"{doc.failed}件"])
    if doc.amount_agreed is not None:
        figures.append(["协议金额", f"{doc.amount_agreed}元"])
    if doc.visits is not None:
        figures.append(["企业走访及法治体检", f"{doc.visits}次"])
    if doc.suggestions_issued is not None:
        replies = f"收到答复{doc.suggestions_replied}件，逾期未答复{doc.suggestions_overdue}件"
        figures.append(["发出司法建议", f"{doc.suggestions_issued}件（{replies}）"])
    pt = doc.petitions
    if pt is not None:
        figures.append(["涉诉信访", f"收到{pt.received}件（化解{pt.resolved}件，化解率{_rate(pt.rate)}）"])
    w.add(w.table(figures, [1.4, 2.2], center_cols=(0,)))
    w.space(0.5)
    w.add(KeepTogether([charts.by_type(w, doc.by_dispute_type), _caption(w, "图1  各类纠纷受理及调解成功情况")]))
    months = [(f"{int(p[5:7])}月", a, b) for p, a, b in doc.trend]
    w.add(KeepTogether([charts.trend(w, months), _caption(w, "图2  近十二个月受理及调解成功趋势")]))
    heading("纠纷类型及来源")
    rows = [["纠纷类型", "受理", "调解成功", "成功率"]]
    rows += [[r.key, str(r.accepted), str(r.succeeded),
              _rate(round(r.succeeded * 100 / r.accepted, 1) if r.accepted else None)] for r in doc.by_dispute_type]
    w.add(w.table(rows, [2, 1, 1, 1], center_cols=(1, 2, 3)))
    w.add(KeepTogether([charts.sources(w, doc.by_source), _caption(w, "图3  受理案件来源构成")]))
    if doc.by_office:
        heading("各单位情况")
        rows = [["单位", "受理", "调解成功"]] + [[r.key, str(r.accepted), str(r.succeeded)] for r in doc.by_office]
        w.add(w.table(rows, [3, 1, 1], center_cols=(1, 2)))
    if doc.joint_opened is not None:
        heading("联动案件")
        w.p(f"{_month(doc.period)}，新立联动案件{doc.joint_opened}件，办结{doc.joint_concluded}件。", "body", "联动案件")
        if doc.joint_by_mode:
            rows = [["联动模式", "新立", "办结"]] + [[m, str(a), str(b)] for m, a, b in doc.joint_by_mode]
            w.add(w.table(rows, [3, 1, 1], center_cols=(1, 2)))
    if pt is not None:
        heading("涉诉信访")
        w.p(f"{_month(doc.period)}，收到涉诉信访{pt.received}件；化解{pt.resolved}件，终结移交{pt.transferred}件，"
            f"依法终结{pt.ended}件，化解率{_rate(pt.rate)}。", "body", "涉诉信访")
        w.p(f"{PETITION_RATE_NOTE}", "body", "公式")
        rows = [["收到", "已化解", "终结移交", "依法终结", "化解率"],
                [str(pt.received), str(pt.resolved), str(pt.transferred), str(pt.ended), _rate(pt.rate)]]
        w.add(w.table(rows, [1, 1, 1, 1, 1], center_cols=(0, 1, 2, 3, 4)))
    heading("万人起诉率")
    w.p("万人起诉率＝（一审民事收案数＋一审行政收案数）÷（户籍人口＋登记流动人口）×10000。", "body", "公式")
    if doc.areas:
        rows = [["辖区", "区划代码", "人口", "起诉数", "万人起诉率"]]
        rows += [[a.name, a.code, str(a.population), str(a.filings), _per10k(a.rate)] for a in doc.areas]
        if doc.area_total is not None:
            t = doc.area_total
            rows.append([t.name, "", str(t.population), str(t.filings), _per10k(t.rate)])
        w.add(w.table(rows, [2.2, 1.3, 1.2, 0.9, 1.1], center_cols=(1, 2, 3, 4)))
        rates = [(a.name, a.rate) for a in doc.areas]
        w.add(KeepTogether([charts.area_rates(w, rates), _caption(w, "图4  各辖区万人起诉率")]))
    else:
        w.p("本月未录入辖区人口及收案数据。", "body")
    return w.build(out)
