"""Window sizes bounded by the screen a window opens on: a 1366×768 PC, at 125 % or 150 % too."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a window manager adds around a window (title bar, borders), in logical pixels: unknown
# until the window is shown, so a generous allowance keeps the whole frame on the screen.
FRAME_WIDTH = 8
FRAME_HEIGHT = 40


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width × height, or less where the screen's free area (less the taskbar) is
    smaller; the window's layout then scrolls what does not fit instead of running off screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    free = screen.availableGeometry()
    window.resize(min(width, free.width() - FRAME_WIDTH), min(height, free.height() - FRAME_HEIGHT))
