"""The case list: a lazy model over keyset pages of cases, newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from fydesk.services.lists import CaseRow
from fydesk.store.engine import Store

from .. import jobs
from ..forms import display
from ..language import domain
from ..lazymodel import PAGE_ROWS, LazyTableModel
from ..tasks import Tasks

__all__ = ["COLUMNS", "PAGE_ROWS", "CaseListModel"]

COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_number", QT_TRANSLATE_NOOP("Domain", "案号")),
    ("registered_date", QT_TRANSLATE_NOOP("Domain", "登记日期")),
    ("category", QT_TRANSLATE_NOOP("Domain", "调解类别")),
    ("dispute_type", QT_TRANSLATE_NOOP("Domain", "纠纷类型")),
    ("parties", QT_TRANSLATE_NOOP("Domain", "当事人")),
    ("status", QT_TRANSLATE_NOOP("Domain", "状态")),
    ("term_end", QT_TRANSLATE_NOOP("Domain", "调解期限")),
    ("needs_coordination", QT_TRANSLATE_NOOP("Domain", "需协调")),
)


class CaseListModel(LazyTableModel):
    def __init__(self, tasks: Tasks, store: Store, parent: QObject | None = None) -> None:
        def fetch(filters: dict[str, Any], after: str | None, limit: int, count: bool):
            return jobs.case_page, (store, filters.get("status"), filters.get("text"), after, limit, count)

        super().__init__(tasks, fetch, COLUMNS, parent)

    def set_filter(self, status: str | None = None, text: str | None = None) -> None:  # type: ignore[override]
        super().set_filter(status=status or None, text=(text or "").strip() or None)

    def cell(self, row: CaseRow, name: str) -> str:
        if name == "needs_coordination":
            return domain("需协调") if row.needs_coordination else ""
        if name == "case_number":
            return row.case_number or self.tr("（未编号）")
        value = display(getattr(row, name))
        return domain(value) if name in ("status", "category", "dispute_type") else value

    def colour(self, row: CaseRow, name: str) -> str | None:
        return "#c62828" if name == "needs_coordination" and row.needs_coordination else None
