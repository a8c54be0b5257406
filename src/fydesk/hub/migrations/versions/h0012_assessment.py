"""考核: the days each device synced, and the weights the coordinator gives each measure.

Revision ID: h0012
Revises: h0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0012'
down_revision = 'h0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sync_days',
        sa.Column('device_id', sa.String(36), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('office_id', sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint('device_id', 'day', name='pk_sync_days'),
    )
    op.create_index('ix_sync_days_office_day', 'sync_days', ['office_id', 'day'])
    op.create_table(
        'assessment_weights',
        sa.Column('key', sa.String(20), nullable=False),
        sa.Column('weight', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint('key', name='pk_assessment_weights'),
    )


def downgrade() -> None:
    op.drop_table('assessment_weights')
    op.drop_index('ix_sync_days_office_day', table_name='sync_days')
    op.drop_table('sync_days')
