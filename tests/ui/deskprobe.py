"""Run in a child process by the screen tests: the app's windows opened on demo data, measured.

Qt reads fontconfig and the screen's scale once per process, so each condition (a fontconfig
listing only DejaVu, QT_SCALE_FACTOR 1.25 …) gets a process of its own. Prints one JSON object: whether the
system had a Chinese face before the app started, the app's font, and per window its size, the
screen's available size, its minimum size and the Chinese characters its font cannot draw.

    python tests/ui/deskprobe.py DATA_DIR [LANG]
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FYDESK_POLICY"] = os.devnull

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_TAG = re.compile(r"<[^>]+>")


def _wait(app, until, timeout_s: float = 30.0) -> None:
    end = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the window did not finish loading")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _texts(widget):
    """(font, text) of everything a window shows as words, down to hidden tabs and list items."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTabBar,
    )

    for w in [widget, *widget.findChildren(QLabel), *widget.findChildren(QAbstractButton),
              *widget.findChildren(QGroupBox), *widget.findChildren(QTabBar),
              *widget.findChildren(QComboBox), *widget.findChildren(QLineEdit),
              *widget.findChildren(QAbstractItemView)]:
        font = w.font()
        if isinstance(w, QLabel):
            yield font, html.unescape(_TAG.sub("", w.text()))
        elif isinstance(w, QAbstractButton):
            yield font, w.text()
        elif isinstance(w, QGroupBox):
            yield font, w.title()
        elif isinstance(w, QTabBar):
            yield from ((font, w.tabText(i)) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            yield from ((font, w.itemText(i)) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            yield font, w.text() + w.placeholderText()
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list's model keeps its one column private
                columns = 1
            for row in range(min(model.rowCount(), 20)):
                for col in range(columns):
                    yield font, str(model.index(row, col).data() or "")
            for col in range(columns):
                yield font, str(model.headerData(col, Qt.Orientation.Horizontal) or "")


def _cut_short(window) -> list[str]:
    """Words the window shows cut off: a tab neither wholly shown nor reachable by the tab bar's
    arrows, a one-line label or a button narrower than its text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    out = []
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            shown = bar.rect().contains(bar.tabRect(i))
            whole = bar.elideMode() == Qt.TextElideMode.ElideNone or (
                bar.tabRect(i).width() >= bar.tabSizeHint(i).width())
            if not whole or not (shown or bar.usesScrollButtons()):
                out.append(f"tab {bar.tabText(i)!r}")
    for w in [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]:
        if not w.isVisible() or not w.text() or isinstance(w, QTabBar):
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or w.textFormat() == Qt.TextFormat.RichText
                                      or "<" in w.text()):
            continue
        if w.width() < w.sizeHint().width() or w.height() < w.minimumSizeHint().height():
            out.append(f"{type(w).__name__} {w.text()!r} {w.width()}<{w.sizeHint().width()}")
    return out


def _tabs(window) -> list[list]:
    """Each shown tab bar's tabs as [text, wholly in view without scrolling]."""
    from PySide6.QtWidgets import QTabBar

    return [[[bar.tabText(i), bar.rect().contains(bar.tabRect(i))] for i in range(bar.count())]
            for bar in window.findChildren(QTabBar) if bar.isVisible()]


def _scrolls_sideways(window) -> bool:
    """True when the window's own content is wider than the window (its outer scroll area)."""
    from PySide6.QtWidgets import QScrollArea

    outer = [a for a in window.findChildren(QScrollArea) if a.isVisible()
             and a.window() is window and a.widget() is not None
             and not any(isinstance(p, QScrollArea) for p in _ancestors(a, window))]
    return any(a.horizontalScrollBar().maximum() > 0 for a in outer)


def _ancestors(widget, top):
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def _measure(name: str, window) -> dict:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QFontMetrics

    # A text set by a job that has just answered lays out on the next turn of the event loop.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.processEvents()

    missing: set[str] = set()
    chinese = 0
    for font, text in _texts(window):
        metrics = QFontMetrics(font)
        for ch in set(_CJK.findall(text)):
            chinese += 1
            if not metrics.inFontUcs4(ord(ch)):  # inFont(str) garbles code points above U+7FFF
                missing.add(ch)
    avail = window.screen().availableGeometry()
    frame = window.frameGeometry()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    return {"name": name, "size": [frame.width(), frame.height()],
            "available": [avail.width(), avail.height()],
            "minimum": [minimum.width(), minimum.height()],
            "chinese": chinese, "missing": "".join(sorted(missing)), "cut": _cut_short(window), "tabs": _tabs(window),
            "sideways": _scrolls_sideways(window)}


def main(data_dir: str, lang: str = "zh_CN") -> dict:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    before = bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    from fydesk.services import demo
    from fydesk.store.open import open_store
    from fydesk.ui.app import Launcher, make_application
    from fydesk.ui.attachments import ImageDialog
    from fydesk.ui.preview import PreviewDialog
    from fydesk.ui.search import SearchDialog
    from fydesk.ui.tasks import Tasks

    make_application(lang=lang)
    root = Path(data_dir)
    out = {"system_had_chinese": before, "font": QApplication.font().families(), "windows": []}
    tasks = Tasks()
    settings = QSettings(str(root / "desktop.ini"), QSettings.Format.IniFormat)
    first = Launcher(tasks, root / "empty", "书记员", settings)
    first.start()
    _wait(app, lambda: first.window is not None and first.window.isVisible())
    _settle(app)
    out["windows"].append(_measure("first-run", first.window))
    first.window.close()

    store = open_store(root / "demo")
    demo.generate(store, records=20, seed=1)
    store.close()
    launcher = Launcher(tasks, root / "demo", "书记员", settings)
    launcher.start()
    _wait(app, lambda: launcher.window is not None and launcher.window.__class__.__name__ == "MainWindow")
    window = launcher.window
    from fydesk.ui.mainwindow import PAGES

    for page_name in PAGES:
        page = window.show_page(page_name)
        if hasattr(page, "model") and hasattr(page, "table"):
            _wait(app, lambda p=page: p.model.rowCount() > 0 and not p.model.loading)
            page.table.selectRow(0)
        _settle(app, 1.0)  # the chosen record's detail and attachments load on the DB worker
        out["windows"].append(_measure(f"main:{page_name}", window))

    for name, dialog in (("preview", PreviewDialog(tasks, "调解协议书", window)),
                         ("search", SearchDialog(window.ctx, window)),
                         ("image", ImageDialog("现场照片", root / "none.png", window))):
        dialog.show()
        _settle(app, 0.1)
        out["windows"].append(_measure(name, dialog))
        dialog.close()
    window.close()
    tasks.shutdown(wait=True)
    return out


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:]), ensure_ascii=False))
