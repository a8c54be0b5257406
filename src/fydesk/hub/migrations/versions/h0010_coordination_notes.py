"""Notes the city's coordinator leaves on open conflicts, and an index to find the open ones.

Revision ID: h0010
Revises: h0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0010'
down_revision = 'h0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coordination_notes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('conflict_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['conflict_id'], ['conflicts.id'],
                            name=op.f('fk_coordination_notes_conflict_id_conflicts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordination_notes'))
    )
    with op.batch_alter_table('coordination_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coordination_notes_conflict_id'), ['conflict_id'], unique=False)
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_resolved_at'), ['resolved_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_resolved_at'))
    with op.batch_alter_table('coordination_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coordination_notes_conflict_id'))
    op.drop_table('coordination_notes')
