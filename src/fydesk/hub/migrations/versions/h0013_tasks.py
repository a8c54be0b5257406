"""The 联席会议's working groups and meetings (tasks themselves are records of the store).

Revision ID: h0013
Revises: h0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0013'
down_revision = 'h0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('work_groups',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('convener_office_id', sa.String(length=36), nullable=True),
    sa.Column('member_office_ids', sa.JSON(), nullable=False),
    sa.Column('account_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['convener_office_id'], ['hub_offices.id'],
                            name=op.f('fk_work_groups_convener_office_id_hub_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_groups')),
    sa.UniqueConstraint('name', name=op.f('uq_work_groups_name'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('convener', sa.String(length=100), nullable=False),
    sa.Column('attending_office_ids', sa.JSON(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('work_group_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['work_group_id'], ['work_groups.id'],
                            name=op.f('fk_meetings_work_group_id_work_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_held_on'), ['held_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_held_on'))
    op.drop_table('meetings')
    op.drop_table('work_groups')
