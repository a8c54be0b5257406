"""What each device reports of itself (app version, clock skew, ops waiting), when it last
synced, and why IT revoked it. All nullable: a device enrolled earlier has said nothing yet.

Revision ID: h0009
Revises: h0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0009'
down_revision = 'h0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('last_sync_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('clock_skew_seconds', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('ops_waiting', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revoked_reason', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        for column in ('revoked_reason', 'ops_waiting', 'clock_skew_seconds', 'last_sync_at', 'app_version'):
            batch_op.drop_column(column)
