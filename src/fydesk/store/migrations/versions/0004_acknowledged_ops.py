"""Acknowledged ops kept for resending to a hub restored from a backup; op_seq never reused.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sent_ops',
    sa.Column('op_seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('txn_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('base_rev', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.Integer(), nullable=False),
    sa.Column('user', sa.String(length=50), nullable=False),
    sa.Column('schema_version', sa.String(length=20), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('op_seq', name=op.f('pk_sent_ops'))
    )
    with op.batch_alter_table('sent_ops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_ops_acked_at'), ['acked_at'], unique=False)
    op.create_table('sent_batches',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('max_op_seq', sa.Integer(), nullable=False),
    sa.Column('max_rev', sa.Integer(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_sent_batches'))
    )
    with op.batch_alter_table('sent_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_batches_max_op_seq'), ['max_op_seq'], unique=False)
    # The outbox has no search triggers, so SQLite's copy-and-swap rebuild is safe here.
    with op.batch_alter_table('outbox', schema=None, recreate='always',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_record_id'), ['record_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None, recreate='always') as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_record_id'))
    with op.batch_alter_table('sent_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_batches_max_op_seq'))
    op.drop_table('sent_batches')
    with op.batch_alter_table('sent_ops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_ops_acked_at'))
    op.drop_table('sent_ops')
