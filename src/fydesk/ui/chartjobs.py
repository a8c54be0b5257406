"""The work behind the pages' charts: the 月度通报's own drawings (documents/charts.py) as a
one-page PDF, drawn to pixels by the PDF library the preview uses, and written out as PNG.

Plain functions, no Qt: the document worker runs them. A chart on screen is the chart on paper,
labels in the same embedded font, and it adds nothing to the bundle (QtSvg would, and would
need the fonts' names mapped for Qt besides).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .printjobs import PageImage, draw_pages

# A chart on screen is narrower than on paper (442 pt), so its 8 pt labels come out larger.
SCREEN_WIDTH = 360.0
TREND_HEIGHT = 190.0


@dataclass(frozen=True)
class Chart:
    pdf: bytes
    width: float  # points
    height: float


def _alone(font: str | None):
    from fydesk.documents.charts import Alone
    from fydesk.documents.fonts import font_set
    from fydesk.domain.errors import FydeskError

    try:
        fonts = font_set(font)
    except FydeskError:  # a font setting gone bad is reported when printing; a chart still shows
        fonts = font_set(None)
    return Alone(fonts)


def _chart(drawing) -> Chart:
    from fydesk.documents.charts import to_pdf

    return Chart(to_pdf(drawing), float(drawing.width), float(drawing.height))


def trend_chart(points: Sequence[tuple[str, int, int]], series: tuple[str, str], font: str | None) -> Chart:
    """Accepted and succeeded cases by month: points are (month label, accepted, succeeded)."""
    from fydesk.documents import charts

    return _chart(charts.trend(_alone(font), points, series, width=SCREEN_WIDTH, height=TREND_HEIGHT))


def area_chart(areas: Sequence[tuple[str, float | None]], empty: str, font: str | None) -> Chart:
    """万人起诉率 by area: (area name, rate); `empty` is said when no area has a rate."""
    from fydesk.documents import charts

    return _chart(charts.area_rates(_alone(font), areas, empty, width=SCREEN_WIDTH))


def draw_chart(chart: Chart, scale: float) -> PageImage:
    """The chart at `scale` pixels per point."""
    return draw_pages(chart.pdf, scale).images[0]


def save_png(chart: Chart, scale: float, path: str | os.PathLike) -> str:
    """Write the chart as a PNG beside its final name first, so a failed write leaves no half file."""
    from PIL import Image

    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_name(target.name + ".png")
    page = draw_chart(chart, scale)
    image = Image.frombuffer("RGBX", (page.width, page.height), page.pixels, "raw", "RGBX", page.stride, 1)
    tmp = target.with_name(target.name + ".part")
    try:
        image.convert("RGB").save(tmp, format="PNG", dpi=(round(72 * scale),) * 2)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        from fydesk.domain.errors import FydeskError

        raise FydeskError(f"图表未能保存到 {target}：{exc.strerror or exc}。") from None
    return str(target)


def png_name(title: str) -> str:
    """A file name from a chart's title: no characters Windows refuses, no spaces."""
    from .printjobs import file_name

    return file_name(title).removesuffix(".pdf") + ".png"
