"""Full-text search over names, summaries, records and agreement text.

Two indexes serve it: a trigram FTS5 index (search_index) for words of three or more
characters, and search_chars, the set of distinct characters in each record (migration 0018),
for shorter ones. Either way the newest matching rows are walked one at a time and the walk
stops at the `limit`-th case, so a query pays for the rows it shows rather than for every match.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from fydesk.domain.errors import ValidationError

ENTITY_LABELS = {
    "case": "调解案件", "party": "当事人", "session": "调解记录", "agreement": "调解协议",
    "agreement_term": "协议条款", "joint_case": "联动案件", "enterprise": "企业",
    "visit": "走访", "risk": "风险点", "suggestion": "司法建议",
}
MARK_OPEN, MARK_CLOSE = "【", "】"
_SNIPPET_CHARS = 24
# How many of the newest index rows are scanned before either index is opened (about 0.1 ms).
NEWEST_SCANNED = 256
# Ideographs of Unicode 3.0 (Extension A, then the unified block as first published): every
# SQLite's unicode61 tokenizer takes each of them as a letter, so search_chars holds them.
_INDEXED_IDEOGRAPHS = ((0x3400, 0x4DB5), (0x4E00, 0x9FA5))
# A voided case takes its parties, sessions and agreements out of the results with it.
_LIVE = "(m.case_id IS NULL OR c.deleted_at IS NULL)"
# The newest :scanned index rows, and the rest. Worked out inside the query, where it costs
# next to nothing; a query of its own would cost a common word a tenth of its time.
_NEWEST = "s.rowid > (SELECT max(rowid) FROM search_map) - :scanned"
_OLDER = "s.rowid <= (SELECT max(rowid) FROM search_map) - :scanned"
_JOINS = ("JOIN search_map m ON m.rowid = s.rowid "
          "LEFT JOIN mediation_cases c ON c.id = m.case_id")


@dataclass(frozen=True)
class SearchHit:
    entity: str
    entity_label: str
    record_id: str
    case_id: str | None
    case_number: str | None
    title: str
    snippet: str  # the match wrapped in 【】


@dataclass(frozen=True)
class Plan:
    """How one query finds its rows: the table walked newest first, its MATCH (if any), and the
    words checked with instr() on each row it yields."""

    source: str  # "trigram", "chars" or "scan"
    match: str | None
    checked: tuple[str, ...]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _in_chars_index(ch: str) -> bool:
    """Whether search_chars holds `ch` as a token of its own, folded as lower() folds it: ASCII
    letters and digits, and the older ideographs. Anything else is left to instr() alone."""
    code = ord(ch)
    return (ch.isascii() and ch.isalnum()) or any(lo <= code <= hi for lo, hi in _INDEXED_IDEOGRAPHS)


def _scan_agrees(word: str) -> bool:
    """Whether instr() finds a word where the trigram index does: lower() folds ASCII only,
    the index every letter with case."""
    return all(ch.isascii() or ch.lower() == ch.upper() for ch in word)


def plan(terms: list[str]) -> Plan:
    """The trigram index when any word has three characters (it cannot look up shorter ones);
    else the character index for whichever short words it covers; else a plain scan.

    Whatever narrows the rows, every word under three characters is checked with instr(), so
    the plans differ in speed only: a row matches when each word occurs in its title or body.
    """
    long = [t for t in terms if len(t) >= 3]
    short = tuple(t for t in terms if len(t) < 3)
    if long:
        return Plan("trigram", " AND ".join(_phrase(t) for t in long), short)
    chars = dict.fromkeys(ch.lower() for t in short for ch in t if _in_chars_index(ch))
    if chars:
        return Plan("chars", " AND ".join(_phrase(ch) for ch in chars), short)
    return Plan("scan", None, short)


def _checks(words: tuple[str, ...], table: str) -> tuple[list[str], dict[str, str]]:
    where, params = [], {}
    for i, t in enumerate(words):
        params[f"w{i}"] = t.lower()
        # Case-folded like the trigram index; Chinese has no case, and skipping lower() on it
        # keeps the check a third faster.
        fold = "lower" if t.lower() != t.upper() else ""
        where.append(f"(instr({fold}({table}.title), :w{i}) OR instr({fold}({table}.body), :w{i}))")
    return where, params


def _walk_sql(p: Plan, newest: bool) -> tuple[str, dict[str, object]]:
    """Rows matching every word, newest first, with what a hit shows: among the newest
    :scanned rows, or below them."""
    if p.source == "chars":
        # The characters only narrow the rows; the words themselves are checked on the text.
        source, text_of = "search_chars s JOIN search_index t ON t.rowid = s.rowid", "t"
        where, params = _checks(p.checked, text_of)
        where.insert(0, "search_chars MATCH :match")
    else:
        source, text_of = "search_index s", "s"
        where, params = _checks(p.checked, text_of)
        if p.match is not None:
            where.insert(0, "search_index MATCH :match")
    if p.match is not None:
        params["match"] = p.match
    where += [_NEWEST if newest else _OLDER, _LIVE]
    sql = (f"SELECT coalesce(m.case_id, m.record_id), m.entity, m.record_id, m.case_id, "
           f"{text_of}.title, {text_of}.body, c.case_number FROM {source} {_JOINS} "
           f"WHERE {' AND '.join(where)} ORDER BY s.rowid DESC")
    return sql, params


def _cursor(session: Session, sql: str, params: dict[str, object]):
    """A DB-API cursor on the session's connection: at a tenth of a millisecond a query,
    Session.execute's own work would double a search."""
    return session.connection().connection.driver_connection.execute(sql, params)


def _walk(session: Session, p: Plan, limit: int, chosen: list[tuple], seen: set[str], *,
          scanned: int, newest: bool) -> None:
    """Add to `chosen` per case (or record outside cases) its newest matching row, newest
    first, until there are `limit`. The walk is stepped row by row and dropped at the
    `limit`-th case, so SQLite reads no more rows than that takes."""
    sql, params = _walk_sql(p, newest)
    params["scanned"] = scanned
    cursor = _cursor(session, sql, params)
    try:
        for row in cursor:
            if row[0] not in seen:
                seen.add(row[0])
                chosen.append(row)
                if len(chosen) == limit:
                    break
    finally:
        cursor.close()


def _mark(piece: str, terms: list[str]) -> str:
    piece = piece.strip()
    lowered = piece.lower()
    spans: list[tuple[int, int]] = []
    for t in terms:
        start = lowered.find(t.lower())
        while start >= 0:
            spans.append((start, start + len(t)))
            start = lowered.find(t.lower(), start + len(t))
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue  # overlapping words: the first one wins
        out += [piece[pos:a], MARK_OPEN, piece[a:b], MARK_CLOSE]
        pos = b
    return "".join(out) + piece[pos:]


def _snippet_around(body: str, terms: list[str]) -> str:
    """A window around the first match. FTS5's snippet() would cost more than the rest of a
    search (it re-reads the match positions of each row) and has no counterpart on the scan."""
    lowered = body.lower()
    pos = min((p for p in (lowered.find(t.lower()) for t in terms) if p >= 0), default=0)
    start = max(0, pos - _SNIPPET_CHARS)
    end = pos + _SNIPPET_CHARS * 2
    piece = body[start:end].strip()
    return ("…" if start else "") + _mark(piece, terms) + ("…" if end < len(body.rstrip()) else "")


def search(session: Session, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Newest first, one hit per case (or per record outside cases); every word must occur."""
    terms = query.split()
    if not terms:
        raise ValidationError("query", "检索词", "请输入检索词。")
    if limit < 1:
        raise ValidationError("limit", "条数", "条数须为正整数。")
    return run(session, plan(terms), terms, limit)


def run(session: Session, p: Plan, terms: list[str], limit: int, *,
        scanned_first: int = NEWEST_SCANNED) -> list[SearchHit]:
    """search() by a given plan; the benchmark runs the scan plan as its like-for-like baseline.

    Before either index, the newest rows are scanned: a word in most records (的, 调解, 物业费)
    finds its cases among the first few dozen, sooner than an index opens its long lists of
    rows. The walk goes on through the index below the rows scanned.
    """
    chosen: list[tuple] = []
    seen: set[str] = set()
    if p.source == "scan" or not all(_scan_agrees(t) for t in terms):
        scanned_first = 0
    if scanned_first:
        _walk(session, Plan("scan", None, tuple(terms)), limit, chosen, seen,
              scanned=scanned_first, newest=True)
    if len(chosen) < limit:
        _walk(session, p, limit, chosen, seen, scanned=scanned_first, newest=False)
    hits = []
    for _, entity, record_id, case_id, title, body, case_number in chosen:
        # The words may be in the title (a party's name) rather than the body.
        in_body = any(t.lower() in body.lower() for t in terms)
        snip = _snippet_around(body if in_body else title, terms)
        hits.append(SearchHit(entity, ENTITY_LABELS.get(entity, entity), record_id, case_id,
                              case_number, title.strip(), snip.strip()))
    return hits
