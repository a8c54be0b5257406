"""Cases: 标的物所在地, where the subject matter lies (a court there may confirm the agreement).

A plain ADD COLUMN: a batch rebuild of mediation_cases would drop its search-index triggers.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('mediation_cases', sa.Column('subject_location', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mediation_cases') as batch:
        batch.drop_column('subject_location')
