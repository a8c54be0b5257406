"""Bulk writes on SQLite: statements of many rows each, with SQLAlchemy's stored formats.

Measured on SQLite 3.40: with the search-index triggers on a table, executemany pays about
75 µs of per-statement FTS5 overhead for every row (SQLite opens a statement savepoint and
FTS5 flushes its pending terms at each), while one statement carrying hundreds of rows pays
it once. The demo generator and the pull of a page of changes write this way.

`chars_kept_in_bulk` goes further for the 1-2 character index (migration 0019): its triggers
take each text apart in SQL, character by character; around a bulk write they stand aside and
the index is brought up to date afterwards from Python, a few µs a record instead of 40-75.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import JSON, Date, DateTime
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# SQLite 3.32+ takes 32,766 bound parameters in one statement.
MAX_PARAMS = 30_000


class Writer:
    """Bulk inserts through multi-row VALUES statements, counting rows per table; updates of
    many rows by id through one UPDATE … FROM a VALUES list. (200k demo sessions: 32 s by
    executemany, 7 s this way.) `batches` is pure, so another thread may prepare what
    `execute` runs."""

    def __init__(self, session: Session) -> None:
        # What the ORM holds pending goes first: these statements bypass its unit of work, so
        # an audit entry added before a bulk one would otherwise land after it in the chain.
        session.flush()
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
            per = max(1, min(2000, MAX_PARAMS // len(cols)))
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


    def _search_order(self, ids: list[str]) -> dict[str, int]:
        """Each id's search-index row id (0 for a record not in the index)."""
        order = dict.fromkeys(ids, 0)
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            order.update(self.conn.exec_driver_sql(
                f"SELECT record_id, rowid FROM search_map WHERE record_id IN ({marks})", tuple(chunk)).all())
        return order

    def update(self, model: type, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
        """Set `columns` of the rows named by their "id", in statements of many rows, in the
        order of their search-index rows: FTS5 writes its pending terms out whenever a row id
        is not above the last one written, so any other order flushes once per row."""
        table = model.__table__
        names = ["id", *(c for c in columns if c != "id")]
        conv = [(i, _CONVERT[type(table.c[n].type)]) for i, n in enumerate(names)
                if type(table.c[n].type) in _CONVERT]
        quoted = [f'"{n}"' for n in names]
        head = (f"WITH v({', '.join(quoted)}) AS (VALUES ")
        tail = (f') UPDATE "{table.name}" SET ' + ", ".join(f"{q} = v.{q}" for q in quoted[1:])
                + f' FROM v WHERE "{table.name}".id = v."id"')
        one = "(" + ",".join("?" * len(names)) + ")"
        per = max(1, min(2000, MAX_PARAMS // len(names)))
        order = self._search_order([r["id"] for r in rows])
        rows = sorted(rows, key=lambda r: order[r["id"]])
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            params: list[Any] = []
            for r in chunk:
                values = [r[n] for n in names]
                for i, fn in conv:
                    if values[i] is not None:
                        values[i] = fn(values[i])
                params += values
            self.conn.exec_driver_sql(head + ",".join([one] * len(chunk)) + tail, tuple(params))
            self.counts[table.name] += len(chunk)


def _indexed_texts(conn: Connection, record_ids: Iterable[str]) -> dict[int, str]:
    """The search-index text of each of these records in the index, by its index row id: the
    text 0018's search_chars_source view takes apart (the trigram table's stored copy)."""
    ids = orjson.dumps(list(record_ids)).decode()
    return dict(conn.exec_driver_sql(
        "SELECT m.rowid, t.c0 || t.c1 FROM search_map m JOIN search_index_content t ON t.id = m.rowid "
        "WHERE m.record_id IN (SELECT value FROM json_each(?)) ORDER BY m.rowid", (ids,)).all())


def index_chars(text: str) -> str:
    """A text's characters, comma-separated, as 0018's view hands them to search_chars
    (unicode61 makes each letter, digit or ideograph a token and drops the rest). Repeats
    included: FTS5 keeps a count of the tokens it was given, and a row must be taken out with
    as many as it went in with, by the triggers or here (else the index is "malformed")."""
    return ",".join(text)


@contextmanager
def chars_kept_in_bulk(conn: Connection, record_ids: Iterable[str],
                       new_ids: frozenset[str] | set[str] = frozenset()) -> Iterator[None]:
    """Around writes of these records (inserts and updates of indexed tables, no deletes) in
    the caller's transaction: the triggers leave search_chars alone meanwhile, and afterwards
    each record whose indexed text changed has its old characters taken out and its new ones
    put in, one statement each way. `new_ids`: those of them not yet in the file, whose index
    rows need not be looked for before the writes.

    The triggers keep search_chars equal to the characters of the trigram index's text, row
    by row; so the old characters are those of the text before the writes, and only rows whose
    text the writes changed (or added, or took out) are touched, as the triggers would.
    """
    ids = list(record_ids)
    held = [i for i in ids if i not in new_ids] if new_ids else ids
    before = _indexed_texts(conn, held) if held else {}
    conn.exec_driver_sql("INSERT INTO search_chars_deferred (one) VALUES (1)")
    try:
        yield
    finally:
        # Also on failure, so that no later write in this transaction goes unindexed; the
        # caller's savepoint or transaction undoes the half-done writes as a whole.
        conn.exec_driver_sql("DELETE FROM search_chars_deferred")
    after = _indexed_texts(conn, ids)
    # Row ids ascending in each statement: FTS5 writes its pending terms out at every row id
    # not above the last one, so another order would cost a flush per row.
    gone = [(rowid, index_chars(text)) for rowid, text in before.items() if after.get(rowid) != text]
    new = [(rowid, index_chars(text)) for rowid, text in after.items() if before.get(rowid) != text]
    per = MAX_PARAMS // 2
    for start in range(0, len(gone), per):
        chunk = gone[start:start + per]
        conn.exec_driver_sql("INSERT INTO search_chars (search_chars, rowid, chars) VALUES "
                             + ",".join(["('delete',?,?)"] * len(chunk)), tuple(v for row in chunk for v in row))
    for start in range(0, len(new), per):
        chunk = new[start:start + per]
        conn.exec_driver_sql("INSERT INTO search_chars (rowid, chars) VALUES " + ",".join(["(?,?)"] * len(chunk)),
                             tuple(v for row in chunk for v in row))


_ISO_DATES: dict[date, str] = {}


def _iso_date(value: date) -> str:
    # A run holds a few thousand distinct days among a million dates: format each once.
    text = _ISO_DATES.get(value)
    if text is None:
        text = _ISO_DATES[value] = value.isoformat()
    return text


_ISO_TIMES: dict[datetime, str] = {}


def _iso_datetime(value: datetime) -> str:
    # A bulk write stamps its rows with one or two times (a pulled page's thousand rows and
    # their audit entries): each formatted once. Bounded, for a long-running app. Only naive
    # times: aware ones of one instant in two zones are equal keys with different texts.
    if value.tzinfo is not None:
        return value.isoformat(sep=" ", timespec="microseconds")
    text = _ISO_TIMES.get(value)
    if text is None:
        if len(_ISO_TIMES) > 1000:
            _ISO_TIMES.clear()
        text = _ISO_TIMES[value] = value.isoformat(sep=" ", timespec="microseconds")
    return text


class RawJSON(str):
    """JSON text made already: written as it is into a JSON column."""


def _json(value: Any) -> str:
    return value if isinstance(value, RawJSON) else json.dumps(value)


_CONVERT: dict[type, Callable[[Any], Any]] = {
    Date: _iso_date,
    DateTime: _iso_datetime,
    JSON: _json,
}
