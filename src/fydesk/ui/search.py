"""Global search (Ctrl+F): every word typed is looked for in names, summaries, records, agreements."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fydesk.store.engine import Store

from .language import domain
from .pages.base import PageContext
from .screenfit import fit_to_screen
from .tasks import error_message

LIMIT = 50


def run_search(store: Store, text: str, limit: int):
    from fydesk.services.search import search

    with store.read() as session:
        return tuple(search(session, text, limit=limit))


class SearchDialog(QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("全局检索"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 640, 480)
        v = QVBoxLayout(self)
        self.query = QLineEdit(self)
        self.query.setObjectName("search_query")
        self.query.setPlaceholderText(self.tr("输入姓名、案号或笔录中的词语，回车检索"))
        self.note = QLabel(self)
        self.results = QListWidget(self)
        self.results.setObjectName("search_results")
        v.addWidget(self.query)
        v.addWidget(self.note)
        v.addWidget(self.results, 1)
        self._asked = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.search)
        self.query.textChanged.connect(self._debounce.start)
        self.query.returnPressed.connect(self.search)
        self.results.itemActivated.connect(self._open)

    def search(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        if not text:
            self.results.clear()
            self.note.setText("")
            return
        self._asked += 1
        asked = self._asked
        self.note.setText(self.tr("检索中…"))
        self.ctx.tasks.run_db(run_search, self.ctx.store, text, LIMIT, owner=self,
                              on_done=lambda hits: self._show(asked, hits),
                              on_error=lambda exc: self.note.setText(error_message(exc)))

    def _show(self, asked: int, hits) -> None:
        if asked != self._asked:
            return
        self.results.clear()
        self.note.setText(self.tr("找到 {n} 条").format(n=len(hits))
                          + (self.tr("（仅显示前 {n} 条）").format(n=LIMIT) if len(hits) == LIMIT else ""))
        for h in hits:
            item = QListWidgetItem(f"{h.case_number or '-'}  [{domain(h.entity_label)}] {h.title}\n    {h.snippet}")
            item.setData(256, h.case_id)
            self.results.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        case_id = item.data(256)
        if case_id:
            self.ctx.events.open_record.emit("case", case_id, "")
            self.accept()
