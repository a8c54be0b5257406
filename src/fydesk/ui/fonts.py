"""Finding a font that has Chinese in it and registering it, so text never renders as boxes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

# Known places first: asking fontconfig costs a process start.
_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
_WINDOWS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf")


def candidate_files() -> list[Path]:
    found = [Path(p) for p in _CANDIDATES]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found = [windir / name for name in _WINDOWS] + found
    return [p for p in found if p.is_file()]


def _fontconfig_match() -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True,
                             text=True, timeout=5, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers; a Latin font means there is no CJK font at all.
    return Path(out) if out and Path(out).is_file() and "dejavu" not in out.lower() else None


def install_cjk_font() -> str | None:
    """Register a CJK font with Qt and make it the application font; its family, or None."""
    files = candidate_files()
    if not files:
        match = _fontconfig_match()
        files = [match] if match else []
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            family = families[0]
            font = QFont(family)
            font.setPointSize(10)
            from PySide6.QtWidgets import QApplication

            QApplication.setFont(font)
            return family
    return None
