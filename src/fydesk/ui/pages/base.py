"""What every page is handed, and the shape every page has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..jobs import RareConfirmed
from ..language import translate
from ..tasks import Tasks

if TYPE_CHECKING:
    from fydesk.store.engine import Store


class DeskEvents(QObject):
    """Page-to-page news without pages knowing each other: a write happened."""

    wrote = Signal(str)  # entity name
    # A record asked for from elsewhere (search, the dashboard): (entity, id, visit id or "");
    # entity is "case", "suggestion" or "enterprise" (a firm, at one of its visits).
    open_record = Signal(str, str, str)


@dataclass
class PageContext:
    tasks: Tasks
    store: Store
    user: str | None
    office_id: str | None
    events: DeskEvents
    today: Callable[[], date] = field(default=date.today)
    # Rare characters the person has been shown and may now save (see jobs.RareConfirmed).
    rare: RareConfirmed = field(default_factory=RareConfirmed)


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


# --- the shape of a list page: filters on top, a lazy list beside the open record --------------

def list_table(page: QWidget, model, widths: tuple[int, ...], row_height: int = 24) -> QTableView:
    """The lazy list: whole rows selected one at a time, a fixed row height (a big list must
    never measure every row's contents), the given column widths."""
    table = QTableView(page)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    set_column_widths(table, widths)
    return table


def set_column_widths(table: QTableView, widths: tuple[int, ...]) -> None:
    """The given widths, widened where a header needs more (English headers run longer)."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    model = table.model()
    for column, width in enumerate(widths):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        table.setColumnWidth(column, max(width, metrics.horizontalAdvance(text) + 16))


def list_beside_detail(page: QWidget, top: QHBoxLayout, table: QWidget, detail: QWidget,
                       stretch: tuple[int, int] = (1, 1)) -> QSplitter:
    splitter = QSplitter(page)
    splitter.addWidget(table)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    layout = QVBoxLayout(page)
    layout.addLayout(top)
    layout.addWidget(splitter, 1)
    return splitter


def filter_on_pause(page: QWidget, text_filter: QLineEdit, apply: Callable[[], None]) -> QTimer:
    """Typing in the filter waits for a pause, so each keystroke does not query."""
    timer = QTimer(page)
    timer.setSingleShot(True)
    timer.setInterval(300)
    timer.timeout.connect(apply)
    text_filter.textChanged.connect(timer.start)
    return timer


def show_total(model, label: QLabel, total_text: str) -> None:
    """The list's count beside its filters (`total_text` is like "共 {n} 件"), and its
    one-sentence failures."""
    model.total_changed.connect(lambda total: label.setText(
        translate("Page", "正在统计…") if total is None else total_text.format(n=total)))
    model.failed.connect(label.setText)
