"""Status moves: 状态变更理由, why a record was moved to 不予受理, 调解不成, 撤回 or corrected (更正).

Plain ADD COLUMNs: a batch rebuild of these tables would drop their search-index triggers.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TABLES = ('mediation_cases', 'judicial_confirmations', 'joint_cases', 'risks', 'judicial_suggestions')


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column('status_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, 'status_reason')
