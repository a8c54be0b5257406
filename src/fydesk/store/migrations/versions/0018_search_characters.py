"""Search index: which characters each indexed record contains, so 1-2 character words use an index.

The trigram index cannot look up a word shorter than three characters. Search expanded such a
word into the indexed trigrams it begins, but a common character begins thousands of them (王
began 4,131 at 100,000 cases) and the OR of so many is slower than scanning, so those words were
found by walking the newest rows with instr() — about 12 ms for 王 at 100,000 cases, where the
newest 10,000 rows (enterprises, visits, risks) hold none of it.

search_chars indexes each record's set of distinct characters, one token each. A word of one or
two characters is looked up as "every one of its characters", newest first, and each candidate
is checked with instr(), so the index narrows the rows and never decides a match by itself.
detail=none keeps no positions, and the characters are not stored: the table reads them from a
view over the trigram index's own copy of the text. An external-content FTS5 table must be told
the old value of a row it removes, so the triggers hand it the row's characters, computed from
that same copy, just before the trigram row goes. (FTS5's integrity-check, on SQLite 3.40, does
not compare an external-content index with its content; the search tests compare every plan
with reading every row instead.)

At 100,000 cases (674,487 indexed records) the index takes 42 MB, building it takes about 30 s
of this migration, and each indexed record written costs about 60 µs more (generating 5,000
demo cases: 1,080 cases/s before, 740 after).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from alembic import op

from fydesk.store.migrate import earlier_migration

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# Positions 1..N as rows, to take a text apart by.
_POSITIONS = 4096
_PIECE = 64
# A text's characters, comma-separated (commas, spaces and punctuation separate tokens in
# unicode61, so each letter, digit or ideograph becomes a token of its own; repeats cost FTS5
# less than DISTINCT costs SQL). substr() walks a text from its start, so taking N characters
# one by one costs N²/2 steps: the text is cut into 64-character pieces first, and each piece
# into characters. Triggers may not hold a WITH clause but may read a view that does, and FTS5
# reads its content with virtual tables barred (no json_each): pieces past the positions table
# (texts over 262,144 characters) are counted off by recursion.
_CHARS = (
    f"(WITH pieces(piece) AS MATERIALIZED (SELECT substr({{t}}, (i - 1) * {_PIECE} + 1, {_PIECE}) FROM ("
    f"SELECT n AS i FROM search_positions WHERE n <= (length({{t}}) + {_PIECE - 1}) / {_PIECE} "
    "UNION ALL SELECT * FROM (WITH RECURSIVE p(i) AS ("
    f"SELECT {_POSITIONS + 1} WHERE length({{t}}) > {_POSITIONS * _PIECE} "
    f"UNION ALL SELECT i + 1 FROM p WHERE i < (length({{t}}) + {_PIECE - 1}) / {_PIECE}) SELECT i FROM p))) "
    "SELECT group_concat(substr(piece, c.n, 1)) FROM pieces CROSS JOIN search_positions c "
    "WHERE c.n <= length(piece))"
)
# The trigram table's content is stored as c0 (title) and c1 (body); both end in padding spaces.
_TEXT = "(c0 || c1)"
_MAPPED_NEW = "(SELECT rowid FROM search_map WHERE record_id = NEW.id)"
_MAPPED_OLD = "(SELECT rowid FROM search_map WHERE record_id = OLD.id)"
ADD = (f"INSERT INTO search_chars(rowid, chars) SELECT id, chars FROM search_chars_source "
       f"WHERE id = {_MAPPED_NEW} AND NEW.deleted_at IS NULL")
REMOVE = (f"INSERT INTO search_chars(search_chars, rowid, chars) "
          f"SELECT 'delete', id, chars FROM search_chars_source WHERE id = {_MAPPED_OLD}")


def _triggers(source, initial, skip_unchanged) -> dict[str, str]:
    """0001's insert and delete triggers and 0008's update trigger, each with search_chars
    following the trigram row: removed before it, added after it."""
    table, entity, title, body, case_id, columns = source
    insert, remove = initial._trigger_bodies(*source)
    pad = initial._PAD
    update = [  # 0008's, word for word, with the two search_chars statements
        REMOVE,
        f"DELETE FROM search_index WHERE rowid = {_MAPPED_OLD}",
        "DELETE FROM search_map WHERE record_id = OLD.id AND NEW.deleted_at IS NOT NULL",
        f"UPDATE search_map SET case_id = {case_id} WHERE record_id = NEW.id AND NEW.deleted_at IS NULL",
        (f"INSERT INTO search_map(entity, record_id, case_id) SELECT '{entity}', NEW.id, {case_id} "
         "WHERE NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_map WHERE record_id = NEW.id)"),
        (f"INSERT INTO search_index(rowid, title, body) SELECT {_MAPPED_NEW}, ({title}) || '{pad}', "
         f"({body}) || '{pad}' WHERE NEW.deleted_at IS NULL"),
        ADD,
    ]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in skip_unchanged._watched(title, body, case_id, columns))
    return {
        "ai": f"CREATE TRIGGER search_ai_{table} AFTER INSERT ON {table} BEGIN {insert} {ADD}; END",
        "au": (f"CREATE TRIGGER search_au_{table} AFTER UPDATE OF {columns}, deleted_at ON {table} "
               f"WHEN {changed} BEGIN {'; '.join(update)}; END"),
        "ad": f"CREATE TRIGGER search_ad_{table} AFTER DELETE ON {table} BEGIN {REMOVE}; {remove} END",
    }


def upgrade() -> None:
    initial = earlier_migration("0001_initial_schema.py")
    skip_unchanged = earlier_migration("0008_search_skip_unchanged.py")
    op.execute("CREATE TABLE search_positions (n INTEGER PRIMARY KEY)")
    op.execute(f"WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < {_POSITIONS}) "
               "INSERT INTO search_positions SELECT n FROM p")
    op.execute(f"CREATE VIEW search_chars_source AS SELECT id, {_CHARS.format(t=_TEXT)} AS chars "
               "FROM search_index_content")
    op.execute("CREATE VIRTUAL TABLE search_chars USING fts5(chars, content='search_chars_source', "
               "content_rowid='id', detail=none, columnsize=0, "
               "tokenize='unicode61 remove_diacritics 0')")
    op.execute("INSERT INTO search_chars(search_chars) VALUES('rebuild')")
    for source in initial._SEARCH_SOURCES:
        for kind, sql in _triggers(source, initial, skip_unchanged).items():
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{source[0]}")
            op.execute(sql)


def downgrade() -> None:
    initial = earlier_migration("0001_initial_schema.py")
    for source in initial._SEARCH_SOURCES:
        table = source[0]
        insert, remove = initial._trigger_bodies(*source)
        for kind in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{table}")
        op.execute(f"CREATE TRIGGER search_ai_{table} AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER search_ad_{table} AFTER DELETE ON {table} BEGIN {remove} END")
    earlier_migration("0008_search_skip_unchanged.py").upgrade()
    op.execute("DROP TABLE search_chars")
    op.execute("DROP VIEW search_chars_source")
    op.execute("DROP TABLE search_positions")
