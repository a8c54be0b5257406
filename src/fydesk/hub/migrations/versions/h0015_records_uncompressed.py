"""On PostgreSQL, records and log entries kept whole in their pages, not compressed.

Revision ID: h0015
Revises: h0014

PostgreSQL tries to compress a row's long values as soon as the row passes about 2 KB, and a
case with its per-field revisions and authors often does. Chinese text barely compresses: the
attempt mostly fails and the value is stored as it was, yet it cost a fifth of the server's
work on a push (measured on the sync bench). With the row's target raised to what a page
holds, a row is compressed only when it would not fit in a page at all. The tables grow by
what compression used to save, which was little. SQLite has no such setting.
"""

from __future__ import annotations

from alembic import op

revision = 'h0015'
down_revision = 'h0014'
branch_labels = None
depends_on = None

TABLES = ("records", "change_log")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The largest target PostgreSQL accepts: a page less its header and one item pointer.
    target = int(bind.exec_driver_sql("SHOW block_size").scalar()) - 32
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} SET (toast_tuple_target = {target})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} RESET (toast_tuple_target)")
