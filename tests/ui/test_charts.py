"""The bulletin's trend and 万人起诉率 charts on the 工作台 and 统计报表 pages: drawn from demo data,
labels and all, copied to the clipboard and saved as PNG files."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from fydesk.services import demo
from fydesk.services.context import load_actor
from fydesk.store.open import open_store
from fydesk.ui.charts import EXPORT_SCALE
from fydesk.ui.pages.base import DeskEvents, PageContext
from fydesk.ui.pages.dashboard import DashboardPage
from fydesk.ui.pages.stats import StatsPage

BLUE = QColor("#2F5597")  # the first series (受理) in the bulletin's colours
GREEN = QColor("#548235")  # the 万人起诉率 bars


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("charts-demo"), daily_backup=False)
    demo.generate(store, records=80, seed=3)
    yield store
    store.close()


@pytest.fixture
def demo_ctx(demo_store, tasks):
    events = DeskEvents()
    with demo_store.read() as session:
        office_id = load_actor(session).office_id
    yield PageContext(tasks, demo_store, "书记员甲", office_id, events)
    events.deleteLater()


def _near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def _count(image: QImage, wanted, x0: float = 0.0, x1: float = 1.0, step: int = 2) -> int:
    """Pixels (every `step`-th) between the fractions x0 and x1 of the width that `wanted` accepts."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(1 for x in range(int(image.width() * x0), int(image.width() * x1), step)
               for y in range(0, image.height(), step) if wanted(image.pixelColor(x, y)))


def _dark(c: QColor) -> bool:
    return c.lightness() < 110


def _shown(qtbot, page) -> None:
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.trend_chart.image() is not None and page.area_chart.image() is not None,
                    timeout=15_000)


def _pdf_text(chart) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(chart.pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


@pytest.mark.parametrize("make", [DashboardPage, StatsPage], ids=["dashboard", "stats"])
def test_the_page_draws_the_trend_and_area_charts_of_demo_data_with_their_labels(qtbot, demo_ctx, make):
    page = make(demo_ctx)
    _shown(qtbot, page)
    trend, areas = page.trend_chart.image(), page.area_chart.image()
    assert trend.width() > 300 and areas.width() > 300
    assert _count(trend, lambda c: _near(c, BLUE)) > 50  # the 受理 line and its markers
    assert _count(areas, lambda c: _near(c, GREEN)) > 200  # the bars
    # The labels are text in the embedded font: the area names fill the strip left of the bars,
    # where nothing but text is drawn.
    assert _count(areas, _dark, 0.03, 0.30, step=1) > 100
    rates = page.data.areas if make is DashboardPage else [(a.area_name, a.rate_per_10k) for a in page.figures.areas]
    names = [name for name, rate in rates if rate is not None]
    assert names
    said = _pdf_text(page.area_chart.chart)
    assert all(name in said for name in names[:3])
    assert {"受理", "调解成功"} <= set(_pdf_text(page.trend_chart.chart).split())


def test_copy_puts_the_chart_on_the_clipboard_sharper_than_on_screen(qtbot, demo_ctx):
    page = DashboardPage(demo_ctx)
    _shown(qtbot, page)
    view = page.trend_chart
    QGuiApplication.clipboard().clear()
    assert {a.text() for a in view.canvas.actions()} == {"复制图表", "另存为 PNG…"}  # its context menu
    with qtbot.waitSignal(view.copied, timeout=10_000):
        view.copy_action.trigger()
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull()
    assert copied.width() == round(view.chart.width * EXPORT_SCALE)
    assert _count(copied, lambda c: _near(c, BLUE), step=4) > 50
    assert view.note.text() == "已复制图表，可粘贴到文档中。"


def test_save_writes_a_png_where_the_dialog_says(qtbot, demo_ctx, tmp_path, monkeypatch):
    page = StatsPage(demo_ctx)
    _shown(qtbot, page)
    asked = []

    def choose(parent, caption, name, filters):
        asked.append(name)
        return str(tmp_path / "万人起诉率"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    view = page.area_chart
    with qtbot.waitSignal(view.saved, timeout=10_000) as saved:
        view.save_action.trigger()
    assert asked == ["万人起诉率（按辖区）.png"]
    path = tmp_path / "万人起诉率.png"
    assert saved.args == [str(path)]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["万人起诉率.png"]  # nothing half written beside it
    image = QImage(str(path))
    assert image.width() == round(view.chart.width * EXPORT_SCALE)
    assert _count(image, lambda c: _near(c, GREEN), step=4) > 100


def test_a_save_that_cannot_be_written_says_so_and_leaves_nothing(qtbot, demo_ctx, tmp_path):
    page = StatsPage(demo_ctx)
    _shown(qtbot, page)
    view = page.trend_chart
    target = tmp_path / "无此目录" / "趋势.png"
    view.save_to(str(target))
    qtbot.waitUntil(lambda: view.note.text() != "", timeout=10_000)
    assert view.note.text().startswith(f"图表未能保存到 {target}：")
    assert not target.parent.exists()
