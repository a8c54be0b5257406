"""On PostgreSQL, the JSON the hub only writes and reads back whole kept as text; the change
log's scopes keyed by (office, seq) without a row number of their own.

Revision ID: h0016
Revises: h0015

A `json` column parses each value it is given only to check it: for a record's per-field
revisions, authors and scope and a log entry's fields and conflicts, values the hub itself
encoded, that was a tenth of the server's work on a push (measured on the sync bench). Nothing
reads them in SQL; an ad hoc query casts (`fields::json`). The text is the same: a `json`
column keeps what it was given. records.data stays JSONB, which the city's figures read
field by field.

A scope row's own number was a second index and a sequence to advance for every row, used by
nothing: the (office, seq) index every pull reads becomes the key. SQLite copies the table.
"""

from __future__ import annotations

from alembic import op

revision = 'h0016'
down_revision = 'h0015'
branch_labels = None
depends_on = None

AS_TEXT = {"records": ("field_revs", "field_authors", "scope"), "change_log": ("fields", "conflicts")}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, columns in AS_TEXT.items():
            changes = ", ".join(f"ALTER COLUMN {c} TYPE text USING {c}::text" for c in columns)
            op.execute(f"ALTER TABLE {table} {changes}")
    with op.batch_alter_table('change_scope', recreate="auto") as batch_op:
        batch_op.drop_index('ix_change_scope_office_seq')
        batch_op.drop_constraint('pk_change_scope', type_='primary')
        batch_op.drop_column('id')
        batch_op.create_primary_key('pk_change_scope', ['office_id', 'seq'])


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute("ALTER TABLE change_scope RENAME TO change_scope_keyed")
    if postgresql:  # its key's name is the new table's
        op.execute("ALTER TABLE change_scope_keyed DROP CONSTRAINT pk_change_scope")
    op.execute(f"CREATE TABLE change_scope (id {'BIGSERIAL' if postgresql else 'INTEGER'} NOT NULL, "
               "office_id VARCHAR(36) NOT NULL, seq BIGINT NOT NULL, CONSTRAINT pk_change_scope PRIMARY KEY (id))")
    op.execute("INSERT INTO change_scope (office_id, seq) SELECT office_id, seq FROM change_scope_keyed ORDER BY seq")
    op.execute("DROP TABLE change_scope_keyed")
    op.execute("CREATE UNIQUE INDEX ix_change_scope_office_seq ON change_scope (office_id, seq)")
    if postgresql:
        for table, columns in AS_TEXT.items():
            changes = ", ".join(f"ALTER COLUMN {c} TYPE json USING {c}::json" for c in columns)
            op.execute(f"ALTER TABLE {table} {changes}")
