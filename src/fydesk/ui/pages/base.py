"""What every page is handed, and the shape every page has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..tasks import Tasks

if TYPE_CHECKING:
    from fydesk.store.engine import Store


class DeskEvents(QObject):
    """Page-to-page news without pages knowing each other: a write happened."""

    wrote = Signal(str)  # entity name
    open_case = Signal(str)  # case id asked for from elsewhere (search, dashboard)


@dataclass
class PageContext:
    tasks: Tasks
    store: Store
    user: str | None
    office_id: str | None
    events: DeskEvents
    today: Callable[[], date] = field(default=date.today)


class Page(QWidget):
    """A page: the main window calls these from its shortcuts when the page is shown."""

    title = ""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def new_item(self) -> None:  # Ctrl+N
        pass

    def save(self) -> None:  # Ctrl+S
        pass

    def cancel(self) -> None:  # Esc
        pass

    def shown(self) -> None:
        """Called each time the page comes to the front."""
