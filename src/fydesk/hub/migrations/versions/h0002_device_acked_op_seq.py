"""Each device's highest acknowledged op_seq, so a PC can tell the hub lost some of its ops;
ids that make a retried enrollment or lease request answer like the first.

Revision ID: h0002
Revises: h0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0002'
down_revision = 'h0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acked_op_seq', sa.BigInteger(), server_default='0', nullable=False))
    with op.batch_alter_table('enroll_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempt_id', sa.String(length=36), nullable=True))
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('leases', schema=None) as batch_op:
        batch_op.drop_column('request_id')
    with op.batch_alter_table('enroll_codes', schema=None) as batch_op:
        batch_op.drop_column('attempt_id')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('acked_op_seq')
