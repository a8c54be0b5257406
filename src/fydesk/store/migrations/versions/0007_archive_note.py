"""Cases: 归档说明, the recorded reason for archiving a file that lacks a mandatory item.

A plain ADD COLUMN: a batch rebuild of mediation_cases would drop its search-index triggers.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('mediation_cases', sa.Column('archive_note', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('mediation_cases', 'archive_note')
