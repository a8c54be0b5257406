"""Joint cases get a status of their own (办理中 / 已办结 / 已退回).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch table rebuild: a rebuild would drop the search triggers.
    op.add_column(
        "joint_cases",
        sa.Column("status", sa.String(length=10), server_default="办理中", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("joint_cases", schema=None) as batch_op:
        batch_op.drop_column("status")
