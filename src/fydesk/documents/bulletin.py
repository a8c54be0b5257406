"""月度通报: an office's or the city's month in figures, tables and four charts.

Shared by the desktop (figures from the local store) and the hub (figures from every office's
synced records): it takes a BulletinDoc and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .common import cn_index
from .fonts import FontSet
from .model import BulletinDoc, CountRow
from .page import AREA_W, MM, Meta, Writer

SERIES = ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#BF9000", "#A5A5A5")
TOP_N = 8


def _rate(value: float | None) -> str:
    from fydesk.domain.stats import format_rate

    return format_rate(value)


def _per10k(value: float | None) -> str:
    from fydesk.domain.stats import format_per10k

    return format_per10k(value)


def _whole_steps(axis, top: int) -> None:
    """Counts are whole numbers: ticks at 1, 2 or 5 times a power of ten, at most six of them."""
    step = 1
    while top / step > 6:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1 → 2 → 5 → 10 → 20 …
    axis.valueStep = step
    axis.labelTextFormat = "%d"


def _month(period: str) -> str:
    return f"{int(period[:4])}年{int(period[5:7])}月"


def _top(rows: Sequence[CountRow], n: int = TOP_N) -> list[CountRow]:
    rows = list(rows)
    if len(rows) <= n:
        return rows
    rest = rows[n - 1:]
    return rows[: n - 1] + [CountRow("其他", sum(r.accepted for r in rest), sum(r.succeeded for r in rest))]


def _caption(w: Writer, text: str):
    return w.para(text, "cellc", f"图题{text}")


def _bar_by_type(w: Writer, doc: BulletinDoc):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.lib import colors

    rows = _top(doc.by_dispute_type)
    width, height = AREA_W, 66 * MM
    d = w.drawing(width, height)
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 34, 24, width - 50, height - 62  # room above for labels and legend
    c.data = [[r.accepted for r in rows] or [0], [r.succeeded for r in rows] or [0]]
    # "邻里纠纷" → "邻里": eight long names at chart size would run into each other.
    names = [r.key.removesuffix("纠纷") or r.key for r in rows] or ["无"]
    c.categoryAxis.categoryNames = names
    c.categoryAxis.labels.fontName = w.label_font("".join(names), "纠纷类型")
    c.categoryAxis.labels.fontSize = 8
    c.categoryAxis.labels.angle = 0
    c.categoryAxis.labels.dy = -4
    c.valueAxis.labels.fontName = w.fonts.body
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    _whole_steps(c.valueAxis, max(max(r.accepted for r in rows), 1) if rows else 1)
    c.barLabels.fontName = w.fonts.body
    c.barLabels.fontSize = 7
    c.barLabelFormat = "%d"
    c.barLabels.nudge = 6
    c.bars[0].fillColor = colors.HexColor(SERIES[0])
    c.bars[1].fillColor = colors.HexColor(SERIES[1])
    c.groupSpacing = 8
    d.add(c)
    d.add(_legend(w, [("受理", SERIES[0]), ("调解成功", SERIES[1])], width - 130, height - 4))
    return d


def _legend(w: Writer, items, x: float, y: float):
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib import colors

    lg = Legend()
    lg.x, lg.y = x, y
    lg.fontName = w.label_font("".join(label for label, _ in items), "图例")
    lg.fontSize = 8
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.dxTextSpace = 4
    lg.boxAnchor = "nw"
    lg.colorNamePairs = [(colors.HexColor(c), label) for label, c in items]
    return lg


def _trend(w: Writer, doc: BulletinDoc):
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    width, height = AREA_W, 70 * MM
    d = w.drawing(width, height)
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 34, 30, width - 50, height - 62
    c.data = [[t[1] for t in doc.trend] or [0], [t[2] for t in doc.trend] or [0]]
    names = [f"{int(p[5:7])}月" for p, _, _ in doc.trend] or [""]
    c.categoryAxis.categoryNames = names
    c.categoryAxis.labels.fontName = w.label_font("".join(names), "月份")
    c.categoryAxis.labels.fontSize = 8
    c.valueAxis.labels.fontName = w.fonts.body
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    _whole_steps(c.valueAxis, max([t[1] for t in doc.trend] + [1]))
    for i in range(2):
        c.lines[i].strokeColor = colors.HexColor(SERIES[i])
        c.lines[i].strokeWidth = 1.5
        c.lines[i].symbol = makeMarker("FilledCircle", size=3)
    c.lines[0].symbol.fillColor = colors.HexColor(SERIES[0])
    c.lines[1].symbol.fillColor = colors.HexColor(SERIES[1])
    d.add(c)
    d.add(_legend(w, [("受理", SERIES[0]), ("调解成功", SERIES[1])], width - 130, height - 4))
    return d


def _pie(w: Writer, rows: Sequence[CountRow]):
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    rows = [r for r in _top(rows, 6) if r.accepted]
    width, height = AREA_W, 70 * MM
    d = w.drawing(width, height)
    if not rows:
        d.add(String(width / 2, height / 2, "本月无受理案件", fontName=w.label_font("本月无受理案件"),
                     fontSize=10, textAnchor="middle"))
        return d
    p = Pie()
    size = height - 64  # room above and below for the side labels
    p.x, p.y, p.width, p.height = width / 2 - size / 2, 32, size, size
    total = sum(r.accepted for r in rows)
    p.data = [r.accepted for r in rows]
    p.labels = [f"{r.key} {r.accepted}件（{r.accepted * 100 / total:.0f}%）" for r in rows]
    p.simpleLabels = 0
    p.sideLabels = 1
    p.slices.fontName = w.label_font("".join(p.labels), "案件来源")
    p.slices.fontSize = 8
    p.slices.strokeColor = colors.white
    p.slices.strokeWidth = 0.8
    for i in range(len(rows)):
        p.slices[i].fillColor = colors.HexColor(SERIES[i % len(SERIES)])
    d.add(p)
    return d


def _area_bars(w: Writer, doc: BulletinDoc):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.lib import colors

    areas = [a for a in doc.areas if a.rate is not None][:14]
    names = [a.name for a in areas] or ["无辖区数据"]
    width = AREA_W
    height = max(40 * MM, 14 * len(names) + 40)
    d = w.drawing(width, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 120, 20, width - 160, height - 30
    c.data = [[a.rate for a in reversed(areas)] or [0]]
    c.categoryAxis.categoryNames = list(reversed(names))
    c.categoryAxis.labels.fontName = w.label_font("".join(names), "辖区名称")
    c.categoryAxis.labels.fontSize = 8
    c.valueAxis.labels.fontName = w.fonts.body
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    c.bars[0].fillColor = colors.HexColor(SERIES[2])
    c.barLabels.fontName = w.fonts.body
    c.barLabels.fontSize = 7
    c.barLabelFormat = "%.2f"
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    return d


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
    w.add(w.table(figures, [1.4, 2.2], center_cols=(0,)))
    w.space(0.5)
    w.add(KeepTogether([_bar_by_type(w, doc), _caption(w, "图1  各类纠纷受理及调解成功情况")]))
    w.add(KeepTogether([_trend(w, doc), _caption(w, "图2  近十二个月受理及调解成功趋势")]))
    heading("纠纷类型及来源")
    rows = [["纠纷类型", "受理", "调解成功", "成功率"]]
    rows += [[r.key, str(r.accepted), str(r.succeeded),
              _rate(round(r.succeeded * 100 / r.accepted, 1) if r.accepted else None)] for r in doc.by_dispute_type]
    w.add(w.table(rows, [2, 1, 1, 1], center_cols=(1, 2, 3)))
    w.add(KeepTogether([_pie(w, doc.by_source), _caption(w, "图3  受理案件来源构成")]))
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
    heading("万人起诉率")
    w.p("万人起诉率＝（一审民事收案数＋一审行政收案数）÷（户籍人口＋登记流动人口）×10000。", "body", "公式")
    if doc.areas:
        rows = [["辖区", "区划代码", "人口", "起诉数", "万人起诉率"]]
        rows += [[a.name, a.code, str(a.population), str(a.filings), _per10k(a.rate)] for a in doc.areas]
        if doc.area_total is not None:
            t = doc.area_total
            rows.append([t.name, "", str(t.population), str(t.filings), _per10k(t.rate)])
        w.add(w.table(rows, [2.2, 1.3, 1.2, 0.9, 1.1], center_cols=(1, 2, 3, 4)))
        w.add(KeepTogether([_area_bars(w, doc), _caption(w, "图4  各辖区万人起诉率")]))
    else:
        w.p("本月未录入辖区人口及收案数据。", "body")
    return w.build(out)
