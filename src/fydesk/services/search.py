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


def _snippet_around(body: str, terms: list[str]) -> str:
    """For the short-term fallback, where FTS5's snippet() is not available."""
    pos = min((body.find(t) for t in terms if t in body), default=-1)
    if pos < 0:
        return body[:_SNIPPET_CHARS * 2]
    start = max(0, pos - _SNIPPET_CHARS)
    piece = body[start:pos + _SNIPPET_CHARS * 2]
    for t in terms:
        piece = piece.replace(t, f"{MARK_OPEN}{t}{MARK_CLOSE}")
    return ("…" if start else "") + piece + ("…" if pos + _SNIPPET_CHARS * 2 < len(body) else "")


def search(session: Session, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Newest first, one hit per case (or per record outside cases); every word must occur.

    Trigram MATCH needs 3+ characters a word. Shorter words (宅基, 王) are matched with
    instr() instead: on SQLite 3.40 LIKE against a trigram table wrongly finds nothing for
    them. Ordering by rowid (newest first) lets SQLite stop at `limit` instead of ranking
    every match, which keeps common words fast on 100k cases.
    """
    terms = query.split()
    if not terms:
        raise ValidationError("query", "检索词", "请输入检索词。")
    if limit < 1:
        raise ValidationError("limit", "条数", "条数须为正整数。")
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    params: dict[str, object] = {}
    where = []
    if long_terms:
        params["match"] = " AND ".join(_phrase(t) for t in long_terms)
        where.append("search_index MATCH :match")
    for i, t in enumerate(short_terms):
        params[f"s{i}"] = t
        where.append(f"(instr(search_index.title, :s{i}) OR instr(search_index.body, :s{i}))")
    snippet = (
        f"snippet(search_index, -1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 16)"
        if long_terms else "search_index.body"
    )
    sql = text(
        f"SELECT search_index.rowid, m.entity, m.record_id, m.case_id, search_index.title, "
        f"{snippet}, c.case_number "
        "FROM search_index JOIN search_map m ON m.rowid = search_index.rowid "
        "LEFT JOIN mediation_cases c ON c.id = m.case_id "
        f"WHERE {' AND '.join(where)} AND search_index.rowid < :before "
        "ORDER BY search_index.rowid DESC LIMIT :page"
    )
    params["page"] = max(limit * 3, _SCAN_PAGE)
    params["before"] = 2**63 - 1
    hits: list[SearchHit] = []
    seen: set[str] = set()
    # One hit per case (its newest matching record), so walk pages until `limit` cases.
    while len(hits) < limit:
        rows = session.execute(sql, params).all()
        for rowid, entity, record_id, case_id, title, snip, case_number in rows:
            key = case_id or record_id
            if key in seen:
                continue
            seen.add(key)
            if not long_terms:
                snip = _snippet_around(snip, short_terms)
            hits.append(SearchHit(entity, ENTITY_LABELS.get(entity, entity), record_id, case_id,
                                  case_number, title.strip(), snip))
            if len(hits) == limit:
                break
        if len(rows) < params["page"]:
            break
        params["before"] = rows[-1][0]
    return hits
