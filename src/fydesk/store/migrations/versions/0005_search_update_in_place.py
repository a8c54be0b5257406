"""Search index: an edited record keeps its index row id, so bulk edits stay cheap.

The update triggers of 0001 removed a record's index row and added it again under a new,
highest row id. FTS5 writes its pending terms to disk whenever a row id is not above the last
one written, so a statement editing many records flushed once per record: a pulled page of
1,000 edits took about 200 ms in the triggers alone. Now the row keeps its id (the FTS row is
deleted and written again under it, the map row stays), and a caller editing many rows in
row-id order pays one flush. A record voided leaves the index as before; one restored comes
back under a new id.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from fydesk.store.migrate import earlier_migration

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001's frozen table of indexed sources and its trigger text: rewritten exactly.
    initial = earlier_migration("0001_initial_schema.py")
    pad = initial._PAD
    for table, entity, title, body, case_id, columns in initial._SEARCH_SOURCES:
        mapped = "(SELECT rowid FROM search_map WHERE record_id = NEW.id)"
        statements = [
            "DELETE FROM search_index WHERE rowid = (SELECT rowid FROM search_map WHERE record_id = OLD.id)",
            "DELETE FROM search_map WHERE record_id = OLD.id AND NEW.deleted_at IS NOT NULL",
            f"UPDATE search_map SET case_id = {case_id} WHERE record_id = NEW.id AND NEW.deleted_at IS NULL",
            (f"INSERT INTO search_map(entity, record_id, case_id) SELECT '{entity}', NEW.id, {case_id} "
             "WHERE NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_map WHERE record_id = NEW.id)"),
            (f"INSERT INTO search_index(rowid, title, body) SELECT {mapped}, ({title}) || '{pad}', "
             f"({body}) || '{pad}' WHERE NEW.deleted_at IS NULL"),
        ]
        op.execute(f"DROP TRIGGER IF EXISTS search_au_{table}")
        op.execute(f"CREATE TRIGGER search_au_{table} AFTER UPDATE OF {columns}, deleted_at ON {table} "
                   f"BEGIN {'; '.join(statements)}; END")


def downgrade() -> None:
    # 0001's frozen table of indexed sources and its trigger text: rewritten exactly.
    initial = earlier_migration("0001_initial_schema.py")
    for source in initial._SEARCH_SOURCES:
        op.execute(f"DROP TRIGGER IF EXISTS search_au_{source[0]}")
        op.execute(initial._update_trigger(*source))
