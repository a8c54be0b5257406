"""The log's clock on PostgreSQL: seqs come from transaction ids, not from one lock.

Revision ID: h0014
Revises: h0013

One row: `shift`, added to a transaction id before it becomes the high part of the seqs that
transaction logs (writer.py). It is 0 unless the log holds seqs past what the server's
transaction ids would give — a log copied into a fresh cluster by pg_dump — and is raised,
never lowered, when a hub starts (writer.settle_clock).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0014'
down_revision = 'h0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    clock = op.create_table(
        'log_clock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('shift', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_log_clock'),
    )
    op.bulk_insert(clock, [{"id": 1, "shift": 0}])


def downgrade() -> None:
    op.drop_table('log_clock')
