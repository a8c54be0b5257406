"""The city coordinator's notes on 需协调 items, as the hub sends them.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coordination_notes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('hub_seq', sa.Integer(), nullable=False),
    sa.Column('conflict_seq', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordination_notes'))
    )
    op.create_index('ix_coordination_notes_record', 'coordination_notes', ['record_id', 'field'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_coordination_notes_record', table_name='coordination_notes')
    op.drop_table('coordination_notes')
