"""A Qt table model over keyset pages fetched on the DB worker as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from .forms import display
from .language import domain
from .tasks import Tasks, error_message

PAGE_ROWS = 200

# (filters, after key, page size, count wanted?) -> (job function, its arguments); the job
# returns an object with `rows`, `last_key` (None when exhausted) and `total` (or None).
Fetch = Callable[[dict[str, Any], str | None, int, bool], tuple[Callable[..., Any], tuple[Any, ...]]]


class LazyTableModel(QAbstractTableModel):
    """Holds the rows fetched so far; the view asks for more as it reaches the end."""

    total_changed = Signal(object)  # int, or None while counting
    loaded = Signal()  # a page arrived
    failed = Signal(str)

    def __init__(self, tasks: Tasks, fetch: Fetch, columns: Sequence[tuple[str, str]],
                 parent: QObject | None = None, page_rows: int = PAGE_ROWS) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._fetch_job = fetch
        self.columns = tuple(columns)
        self.page_rows = page_rows
        self._rows: list[Any] = []
        self._after: str | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._filters: dict[str, Any] = {}
        self.total: int | None = None

    # --- what a subclass may change ----------------------------------------------------------

    def cell(self, row: Any, name: str) -> str:
        return display(getattr(row, name))

    def colour(self, row: Any, name: str) -> str | None:
        return None

    # --- the filter ---------------------------------------------------------------------------

    def set_filter(self, **filters: Any) -> None:
        """Start over with another filter (or the same one, after a write)."""
        self.beginResetModel()
        self._generation += 1
        self._filters = filters
        self._rows, self._after, self._exhausted, self._loading = [], None, False, False
        self.total = None
        self.endResetModel()
        self.total_changed.emit(None)
        self._fetch(first=True)

    def reload(self) -> None:
        self.set_filter(**self._filters)

    # --- lazy fetching ------------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def _fetch(self, *, first: bool) -> None:
        self._loading = True
        generation = self._generation
        fn, args = self._fetch_job(self._filters, self._after, self.page_rows, first)
        self._tasks.run_db(fn, *args, owner=self,
                           on_done=lambda page: self._arrived(generation, page),
                           on_error=lambda exc: self._error(generation, exc))

    def _arrived(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return  # an answer to a filter no longer shown
        self._loading = False
        self._exhausted = page.last_key is None
        self._after = page.last_key
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        if page.total is not None:
            self.total = page.total
            self.total_changed.emit(page.total)
        self.loaded.emit()

    def _error(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._exhausted = True
            self.failed.emit(error_message(exc))

    # --- the model ----------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return domain(self.columns[section][1])  # headers are marked under Domain
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        name = self.columns[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, name)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.colour(row, name)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
