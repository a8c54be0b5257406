"""Draws fydesk.png (256 px, for the Linux desktop entry) and fydesk.ico (Windows) from fydesk.svg.

Run from the repository root with the dev venv: `.venv/bin/python packaging/icons/make_icons.py`.
The outputs are committed, so a build needs no SVG renderer.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841  (QImage writers need an application)
    renderer = QSvgRenderer(str(HERE / "fydesk.svg"))
    if not renderer.isValid():
        raise SystemExit("fydesk.svg could not be read")
    if not render(renderer, 256).save(str(HERE / "fydesk.png")):
        raise SystemExit("could not write fydesk.png")
    # Qt's ICO writer stores one uncompressed size; Pillow (reportlab's dependency) stores
    # several, PNG-compressed, so Explorer's small icons are drawn, not scaled down.
    from PIL import Image

    Image.open(HERE / "fydesk.png").save(HERE / "fydesk.ico",
                                         sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
