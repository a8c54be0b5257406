"""The case list as a lazy Qt model: pages of rows fetched by keyset on the DB worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from fydesk.services.lists import CasePage, CaseRow
from fydesk.store.engine import Store

from .. import jobs
from ..forms import display
from ..tasks import Tasks, error_message

PAGE_ROWS = 200

COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_number", "案号"),
    ("registered_date", "登记日期"),
    ("category", "调解类别"),
    ("dispute_type", "纠纷类型"),
    ("parties", "当事人"),
    ("status", "状态"),
    ("term_end", "调解期限"),
    ("needs_coordination", "需协调"),
)


class CaseListModel(QAbstractTableModel):
    """Holds the rows fetched so far; the view asks for more as it scrolls to the end."""

    total_changed = Signal(object)  # int, or None while counting
    loaded = Signal()  # a page arrived
    failed = Signal(str)

    def __init__(self, tasks: Tasks, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._store = store
        self._rows: list[CaseRow] = []
        self._after: str | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._status: str | None = None
        self._text: str | None = None
        self.total: int | None = None

    # --- the filter -------------------------------------------------------------------------

    def set_filter(self, status: str | None = None, text: str | None = None) -> None:
        """Start over with another filter (or the same one, after a write)."""
        self.beginResetModel()
        self._generation += 1
        self._status, self._text = status or None, (text or "").strip() or None
        self._rows, self._after, self._exhausted, self._loading = [], None, False, False
        self.total = None
        self.endResetModel()
        self.total_changed.emit(None)
        self._fetch(first=True)

    def reload(self) -> None:
        self.set_filter(self._status, self._text)

    # --- lazy fetching ----------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def _fetch(self, *, first: bool) -> None:
        self._loading = True
        generation = self._generation
        self._tasks.run_db(
            jobs.case_page, self._store, self._status, self._text, self._after, PAGE_ROWS, first,
            on_done=lambda page: self._arrived(generation, page),
            on_error=lambda exc: self._error(generation, exc), owner=self,
        )

    def _arrived(self, generation: int, page: CasePage) -> None:
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

    # --- the model --------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        name = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, name)
            if name == "needs_coordination":
                return "需协调" if value else ""
            if name == "case_number":
                return value or "（未编号）"
            return display(value)
        if role == Qt.ItemDataRole.ForegroundRole and name == "needs_coordination" and row.needs_coordination:
            return QColor("#c62828")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
