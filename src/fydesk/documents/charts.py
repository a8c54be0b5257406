"""The figures' charts as reportlab drawings: one source for the printed 月度通报 and the window.

A chart takes plain values and a writer that chooses its fonts: the bulletin's Writer (which
also checks every label's characters before the PDF is written), or Alone, for a chart drawn
by itself, which the desktop turns into pixels through a one-page PDF (fonts embedded, so the
window shows the labels in the very font the paper prints them in).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Protocol

from .fonts import FontSet
from .model import CountRow
from .page import AREA_W, MM

SERIES = ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#BF9000", "#A5A5A5")
TOP_N = 8
MOST_AREAS = 14


class Fonts(Protocol):
    """What a chart asks of whoever draws it."""

    fonts: FontSet

    def label_font(self, text: str, where: str = "图表") -> str: ...

    def drawing(self, width: float, height: float) -> Any: ...


class Alone:
    """Fonts for a chart drawn by itself: the body font, or one that has the whole label."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts

    def label_font(self, text: str, where: str = "图表") -> str:
        return self.fonts.label_font(text)

    def drawing(self, width: float, height: float):
        """A drawing whose default font is the body font, not Helvetica (as the Writer's)."""
        from reportlab.graphics.shapes import Drawing

        d = Drawing(width, height)
        d.initialFontName = self.fonts.body
        return d


def to_pdf(drawing) -> bytes:
    """The drawing as a one-page PDF of its own size, its fonts embedded."""
    from reportlab.graphics import renderPDF

    out = io.BytesIO()
    renderPDF.drawToFile(drawing, out)
    return out.getvalue()


def whole_steps(axis, top: int) -> None:
    """Counts are whole numbers: ticks at 1, 2 or 5 times a power of ten, at most six of them."""
    step = 1
    while top / step > 6:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1 → 2 → 5 → 10 → 20 …
    axis.valueStep = step
    axis.labelTextFormat = "%d"


def top(rows: Sequence[CountRow], n: int = TOP_N) -> list[CountRow]:
    rows = list(rows)
    if len(rows) <= n:
        return rows
    rest = rows[n - 1:]
    return rows[: n - 1] + [CountRow("其他", sum(r.accepted for r in rest), sum(r.succeeded for r in rest))]


def legend(w: Fonts, items: Sequence[tuple[str, str]], x: float, y: float):
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


def _note(w: Fonts, d, text: str):
    """A chart with nothing to show says so in its middle, instead of drawing empty axes."""
    from reportlab.graphics.shapes import String

    d.add(String(d.width / 2, d.height / 2, text, fontName=w.label_font(text), fontSize=10,
                 textAnchor="middle"))
    return d


def by_type(w: Fonts, rows: Sequence[CountRow], width: float = AREA_W):
    """Accepted and succeeded cases of each dispute type, side by side."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.lib import colors

    rows = top(rows)
    height = 66 * MM
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
    whole_steps(c.valueAxis, max(max(r.accepted for r in rows), 1) if rows else 1)
    c.barLabels.fontName = w.fonts.body
    c.barLabels.fontSize = 7
    c.barLabelFormat = "%d"
    c.barLabels.nudge = 6
    c.bars[0].fillColor = colors.HexColor(SERIES[0])
    c.bars[1].fillColor = colors.HexColor(SERIES[1])
    c.groupSpacing = 8
    d.add(c)
    d.add(legend(w, [("受理", SERIES[0]), ("调解成功", SERIES[1])], width - 130, height - 4))
    return d


def trend(w: Fonts, points: Sequence[tuple[str, int, int]], series: tuple[str, str] = ("受理", "调解成功"),
          width: float = AREA_W, height: float = 70 * MM):
    """Two lines over the months: points are (month label, accepted, succeeded), oldest first."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    d = w.drawing(width, height)
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 34, 30, width - 50, height - 62
    c.data = [[p[1] for p in points] or [0], [p[2] for p in points] or [0]]
    names = [p[0] for p in points] or [""]
    c.categoryAxis.categoryNames = names
    c.categoryAxis.labels.fontName = w.label_font("".join(names), "月份")
    c.categoryAxis.labels.fontSize = 8
    c.valueAxis.labels.fontName = w.fonts.body
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    whole_steps(c.valueAxis, max([p[1] for p in points] + [p[2] for p in points] + [1]))
    for i in range(2):
        c.lines[i].strokeColor = colors.HexColor(SERIES[i])
        c.lines[i].strokeWidth = 1.5
        c.lines[i].symbol = makeMarker("FilledCircle", size=3)
        c.lines[i].symbol.fillColor = colors.HexColor(SERIES[i])
    d.add(c)
    d.add(legend(w, [(series[0], SERIES[0]), (series[1], SERIES[1])], width - 130, height - 4))
    return d


def sources(w: Fonts, rows: Sequence[CountRow], empty: str = "本月无受理案件", width: float = AREA_W):
    """The share of each source in the cases accepted, as a pie with its labels at the sides."""
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.lib import colors

    rows = [r for r in top(rows, 6) if r.accepted]
    height = 70 * MM
    d = w.drawing(width, height)
    if not rows:
        return _note(w, d, empty)
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


def area_rates(w: Fonts, areas: Sequence[tuple[str, float | None]], empty: str = "无辖区数据",
               width: float = AREA_W):
    """万人起诉率 of each area, a bar each, in the order given; areas without a rate are left out."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.lib import colors

    areas = [(name, rate) for name, rate in areas if rate is not None][:MOST_AREAS]
    names = [name for name, _ in areas]
    height = max(40 * MM, 14 * len(names) + 40)
    d = w.drawing(width, height)
    if not areas:
        return _note(w, d, empty)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 120, 20, width - 160, height - 30
    c.data = [[rate for _, rate in reversed(areas)]]
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
