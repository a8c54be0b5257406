"""Agreement number blocks per mediation body: the body a lease of series "agreement" is for.

Existing leases are all of cases or suggestions and name no body. "agreement" fits the
series column as it is (String(20)); the body is a column of its own, not packed into it.

Revision ID: h0007
Revises: h0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0007'
down_revision = 'h0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM leases WHERE body_id IS NOT NULL")
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.drop_column('body_id')
