"""Search index: an update that leaves a record's indexed text as it was leaves its index row.

The update triggers (0005) ran whenever an indexed column was named in an UPDATE, changed or
not: FTS5 read the row's old text, tokenized it to delete it, and tokenized the same text
again to add it back — about 50 µs a record. A PC pulls back every change it pushed, so each
of its own edits and new records came back as an update setting the same values, and paid
that twice over. Now the trigger runs only when a value it reads differs (`IS NOT`, so NULL
to text counts as a change); what it does when it runs is 0005's, unchanged.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import re

from alembic import op

from fydesk.store.migrate import earlier_migration

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _watched(title: str, body: str, case_id: str, columns: str) -> list[str]:
    """Every column the trigger reads: the indexed ones, those its texts and case id are made
    of (a term's case comes through its agreement_id), and deleted_at."""
    names = [c.strip() for c in columns.split(",")]
    names += re.findall(r"NEW\.(\w+)", f"{title} {body} {case_id}")
    return list(dict.fromkeys([*names, "deleted_at"]))


def upgrade() -> None:
    initial = earlier_migration("0001_initial_schema.py")
    pad = initial._PAD
    for table, entity, title, body, case_id, columns in initial._SEARCH_SOURCES:
        mapped = "(SELECT rowid FROM search_map WHERE record_id = NEW.id)"
        statements = [  # 0005's, word for word
            "DELETE FROM search_index WHERE rowid = (SELECT rowid FROM search_map WHERE record_id = OLD.id)",
            "DELETE FROM search_map WHERE record_id = OLD.id AND NEW.deleted_at IS NOT NULL",
            f"UPDATE search_map SET case_id = {case_id} WHERE record_id = NEW.id AND NEW.deleted_at IS NULL",
            (f"INSERT INTO search_map(entity, record_id, case_id) SELECT '{entity}', NEW.id, {case_id} "
             "WHERE NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_map WHERE record_id = NEW.id)"),
            (f"INSERT INTO search_index(rowid, title, body) SELECT {mapped}, ({title}) || '{pad}', "
             f"({body}) || '{pad}' WHERE NEW.deleted_at IS NULL"),
        ]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _watched(title, body, case_id, columns))
        op.execute(f"DROP TRIGGER IF EXISTS search_au_{table}")
        op.execute(f"CREATE TRIGGER search_au_{table} AFTER UPDATE OF {columns}, deleted_at ON {table} "
                   f"WHEN {changed} BEGIN {'; '.join(statements)}; END")


def downgrade() -> None:
    earlier_migration("0005_search_update_in_place.py").upgrade()
