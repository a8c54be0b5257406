"""Full-text search over names, summaries, records and agreement text (trigram FTS5)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from fydesk.domain.errors import ValidationError

ENTITY_LABELS = {
    "case": "调解案件", "party": "当事人", "session": "调解记录", "agreement": "调解协议",
    "agreement_term": "协议条款", "joint_case": "联动案件", "enterprise": "企业",
    "visit": "走访", "risk": "风险点", "suggestion": "司法建议",
}
MARK_OPEN, MARK_CLOSE = "【", "】"
_SNIPPET_CHARS = 24
_SCAN_PAGE = 200
_MAX_EXPANSION = 64
# How many of the newest index rows a short word is first looked for in, by plain scan.
_RECENT_ROWS = 5000


@dataclass(frozen=True)
class SearchHit:
    entity: str
    entity_label: str
    record_id: str
    case_id: str | None
    case_number: str | None
    title: str
    snippet: str  # the match wrapped in 【】


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


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
    """A window around the first match, where FTS5's snippet() is not available."""
    lowered = body.lower()
    pos = min((p for p in (lowered.find(t.lower()) for t in terms) if p >= 0), default=0)
    start = max(0, pos - _SNIPPET_CHARS)
    end = pos + _SNIPPET_CHARS * 2
    piece = body[start:end].strip()
    return ("…" if start else "") + _mark(piece, terms) + ("…" if end < len(body.rstrip()) else "")


def _expand(session: Session, term: str) -> list[str] | None:
    """The indexed trigrams starting with a 1-2 character term; None when there are so many
    that the term is common, and a plain scan finds enough rows sooner."""
    rows = session.scalars(
        text("SELECT term FROM search_vocab WHERE term >= :lo AND term < :hi LIMIT :cap"),
        # The trigram tokenizer folds case, so its terms are lower case.
        {"lo": term.lower(), "hi": term.lower() + "\U0010ffff", "cap": _MAX_EXPANSION + 1},
    ).all()
    return None if len(rows) > _MAX_EXPANSION else list(rows)


def search(session: Session, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Newest first, one hit per case (or per record outside cases); every word must occur.

    Trigram MATCH needs 3+ characters. For a shorter word (宅基, 王) the newest rows are
    scanned with instr() first: a common word fills the page from them at once. Otherwise
    the word becomes an OR of the indexed trigrams that begin with it — every occurrence
    begins one, since indexed text ends in padding — so rare short words are found through
    the index too. (LIKE against a trigram table is no option: on SQLite 3.40 it wrongly
    finds nothing for patterns under three characters.) Ordering by rowid lets SQLite stop
    at `limit` instead of ranking every match.
    """
    terms = query.split()
    if not terms:
        raise ValidationError("query", "检索词", "请输入检索词。")
    if limit < 1:
        raise ValidationError("limit", "条数", "条数须为正整数。")
    groups = [_phrase(t) for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    hits: list[SearchHit] = []
    seen: set[str] = set()
    below = 2**63 - 1
    if short:
        newest = session.scalar(text("SELECT max(rowid) FROM search_map")) or 0
        below = max(0, newest - _RECENT_ROWS) + 1
        _run(session, terms, groups, short, limit, hits, seen, floor=below - 1)
        if len(hits) == limit:
            return hits
    scanned: list[str] = []
    for t in short:
        expansion = _expand(session, t)
        if expansion is None:
            scanned.append(t)
        elif not expansion:
            return hits  # no indexed text contains it
        else:
            groups.append("(" + " OR ".join(_phrase(x) for x in expansion) + ")")
    # Both forms select the same rows, so the walk goes on below the rows already scanned.
    _run(session, terms, groups, scanned, limit, hits, seen, floor=0, before=below)
    return hits


def _run(session: Session, terms: list[str], groups: list[str], scanned: list[str], limit: int,
         hits: list[SearchHit], seen: set[str], *, floor: int, before: int = 2**63 - 1) -> None:
    """Add to `hits` the matches in index rows floor < rowid < before, newest first, one per
    case, until there are `limit`."""
    params: dict[str, object] = {"floor": floor}
    # A voided case takes its parties, sessions and agreements out of the results with it.
    where = ["search_index.rowid > :floor", "(m.case_id IS NULL OR c.deleted_at IS NULL)"]
    if groups:
        params["match"] = " AND ".join(groups)
        where.append("search_index MATCH :match")
    for i, t in enumerate(scanned):
        params[f"s{i}"] = t.lower()
        # Case-folded like the trigram index, so that both ways of matching agree; Chinese
        # has no case, and skipping lower() on it keeps the scan a third faster.
        fold = "lower" if t.lower() != t.upper() else ""
        where.append(f"(instr({fold}(search_index.title), :s{i}) OR instr({fold}(search_index.body), :s{i}))")
    # FTS marks whole trigrams (【宅基地】 for 宅基); the words themselves are marked afterwards.
    snippet = "snippet(search_index, -1, '', '', '…', 16)" if groups else "search_index.body"
    sql = text(
        f"SELECT search_index.rowid, m.entity, m.record_id, m.case_id, search_index.title, "
        f"{snippet}, c.case_number "
        "FROM search_index JOIN search_map m ON m.rowid = search_index.rowid "
        "LEFT JOIN mediation_cases c ON c.id = m.case_id "
        f"WHERE {' AND '.join(where)} AND search_index.rowid < :before "
        "ORDER BY search_index.rowid DESC LIMIT :page"
    )
    params["page"] = max(limit * 3, _SCAN_PAGE)
    params["before"] = before
    # One hit per case (its newest matching record), so walk pages until `limit` cases.
    while len(hits) < limit:
        rows = session.execute(sql, params).all()
        for rowid, entity, record_id, case_id, title, snip, case_number in rows:
            key = case_id or record_id
            if key in seen:
                continue
            seen.add(key)
            if groups:
                snip = _mark(snip, terms)
            else:  # the scanned word may be in the title (a party's name) rather than the body
                in_body = any(t.lower() in snip.lower() for t in terms)
                snip = _snippet_around(snip if in_body else title, terms)
            hits.append(SearchHit(entity, ENTITY_LABELS.get(entity, entity), record_id, case_id,
                                  case_number, title.strip(), snip.strip()))
            if len(hits) == limit:
                break
        if len(rows) < params["page"]:
            break
        params["before"] = rows[-1][0]
