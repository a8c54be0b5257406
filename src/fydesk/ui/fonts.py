"""Finding a font that has Chinese in it and registering it, so text never renders as boxes.

A PC with a Chinese font gets it as the whole UI's font, as before. A stock PC without one (a
Linux desktop with DejaVu only, say) gets the font shipped for documents: Qt would otherwise
draw every Chinese character as a box and say nothing. Latin text then keeps the system's own
face and only Chinese comes from the shipped serif, so English labels do not look printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

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


def system_has_chinese() -> bool:
    """True when the font database Qt reads (fontconfig, Windows, macOS) has a Chinese face."""
    return any(not QFontDatabase.isPrivateFamily(family)
               for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def install_cjk_font() -> str | None:
    """Register a CJK font with Qt and make it the application font; its family, or None."""
    if not system_has_chinese():
        return _install_shipped()
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
    # Qt knows a Chinese face, found nowhere above: its own fallback draws Chinese with it.
    return None


def _install_shipped() -> str | None:
    from PySide6.QtWidgets import QApplication

    from fydesk.documents.fonts import shipped_font

    font_id = QFontDatabase.addApplicationFont(str(shipped_font().path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(QApplication.font())
    # The system face first for Latin; Qt takes each character from the first face that has it.
    # The face the default resolves to, not its generic name ("Sans Serif"), which a list of
    # families would skip in favour of the shipped serif's own Latin.
    font.setFamilies([QFontInfo(font).family(), families[0]])
    font.setPointSize(10)
    QApplication.setFont(font)
    return families[0]
