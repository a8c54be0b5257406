"""Sessions: 记录人, the staff member who recorded the session (printed on the 调解笔录).

A plain ADD COLUMN: a batch rebuild of mediation_sessions would drop its search-index triggers.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key: SQLite adds none without rebuilding the table (and its triggers).
    op.add_column('mediation_sessions', sa.Column('recorder_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mediation_sessions') as batch:
        batch.drop_column('recorder_id')
