"""A random tag on each change-log entry, so a PC can tell a hub restored from a backup, which
numbers new changes as it numbered the lost ones, from the one it pulled from. Entries already
logged keep no tag: nobody pulled a tag for them, so there is nothing to compare.

Revision ID: h0004
Revises: h0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0004'
down_revision = 'h0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tag', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_column('tag')
