"""Attachment bodies: one row per body, its bytes in pieces as they were uploaded.

Revision ID: h0003
Revises: h0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0003'
down_revision = 'h0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('blob_chunks',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('offset', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_blob_chunks_sha256_blobs')),
    sa.PrimaryKeyConstraint('sha256', 'offset', name=op.f('pk_blob_chunks'))
    )


def downgrade() -> None:
    op.drop_table('blob_chunks')
    op.drop_table('blobs')
