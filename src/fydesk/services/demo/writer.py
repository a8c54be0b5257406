"""Bulk inserts for the demo: multi-row VALUES statements fed from a second thread."""

from __future__ import annotations

import json
import queue
import threading
from collections import Counter
from datetime import date
from operator import itemgetter
from typing import Any, Callable, Iterator

from sqlalchemy import JSON, Date, DateTime
from sqlalchemy.orm import Session


class Writer:
    """Bulk inserts through multi-row VALUES statements, counting rows per table.

    Measured on SQLite 3.40: with the search-index triggers on a table, executemany pays
    about 75 µs of per-statement FTS5 overhead for every row (200k sessions: 32 s), while
    one statement carrying hundreds of rows pays it once (the same rows: 7 s).
    `batches` is pure, so another thread may prepare what `execute` runs.
    """

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.counts: Counter[str] = Counter()
        self._plans: dict[str, tuple] = {}

    def _plan(self, table) -> tuple:
        plan = self._plans.get(table.name)
        if plan is None:
            cols = list(table.columns)
            defaults = {}
            for c in cols:
                d = c.default
                # Callable defaults (utcnow, list) are evaluated once: the generator gives
                # every row its own id and timestamps anyway.
                defaults[c.name] = None if d is None or c.name in ("id", "updated_at") else (
                    d.arg if d.is_scalar else d.arg(None))
            # The stored text formats of SQLAlchemy's SQLite types, applied without its
            # per-value processors, which cost more than the rest of the insert.
            conv = [(i, _CONVERT[type(c.type)]) for i, c in enumerate(cols) if type(c.type) in _CONVERT]
            per = max(1, min(2000, 30000 // len(cols)))  # under SQLite's bound-parameter cap
            head = f"INSERT INTO {table.name} ({','.join(c.name for c in cols)}) VALUES "
            one = "(" + ",".join("?" * len(cols)) + ")"
            plan = (defaults, itemgetter(*defaults), conv, per, head, one, {})
            self._plans[table.name] = plan
        return plan

    def batches(self, model: type, rows: list[dict[str, Any]]) -> list[tuple[str, list, str, int]]:
        """(sql, parameters, table, row count) for each statement that inserts `rows`."""
        defaults, pick, conv, per, head, one, sqls = self._plan(model.__table__)
        out = []
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            params: list[Any] = []
            for r in chunk:
                row = {**defaults, **r}
                if row.get("updated_at", 0) is None:  # a record nobody has touched since
                    row["updated_at"] = row["created_at"]
                values = list(pick(row))
                for i, fn in conv:
                    if values[i] is not None:
                        values[i] = fn(values[i])
                params += values
            sql = sqls.get(len(chunk)) or sqls.setdefault(len(chunk), head + ",".join([one] * len(chunk)))
            out.append((sql, params, model.__tablename__, len(chunk)))
        return out

    def execute(self, batches: list[tuple[str, list, str, int]]) -> None:
        for sql, params, table, n in batches:
            self.conn.exec_driver_sql(sql, tuple(params))
            self.counts[table] += n

    def insert(self, model: type, rows: list[dict[str, Any]]) -> None:
        self.execute(self.batches(model, rows))


_ISO_DATES: dict[date, str] = {}


def _iso_date(value: date) -> str:
    # A run holds a few thousand distinct days among a million dates: format each once.
    text = _ISO_DATES.get(value)
    if text is None:
        text = _ISO_DATES[value] = value.isoformat()
    return text


_CONVERT: dict[type, Callable[[Any], Any]] = {
    Date: _iso_date,
    DateTime: lambda v: v.isoformat(sep=" ", timespec="microseconds"),
    JSON: json.dumps,
}


def pipeline(w: Writer, produce: Iterator[tuple[list, int]], report: Callable[[int], None]) -> None:
    """Run `produce` on a second thread while this one executes what it made.

    sqlite3 releases the GIL inside each statement, so on two cores drawing the next chunk
    overlaps with indexing the last one; the queue bounds how far drawing runs ahead.
    """
    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def work() -> None:
        try:
            for item in produce:
                if not put(item):
                    return
            put(None)
        except BaseException as exc:  # handed to the executing thread, which raises it
            put(exc)

    thread = threading.Thread(target=work, name="fydesk-demo", daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            w.execute(item[0])
            report(item[1])
    finally:
        stop.set()
        thread.join()
