"""涉诉信访: petitions and the steps of handling them.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('owner_office_id', sa.String(length=36), nullable=True),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('petitions',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('petitioner', sa.String(length=100), nullable=False),
    sa.Column('matter', sa.Text(), nullable=False),
    sa.Column('received_date', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('case_numbers', sa.String(length=200), nullable=True),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('transfer_to', sa.String(length=200), nullable=True),
    sa.Column('close_document', sa.String(length=60), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_petitions_office_id_offices')),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_cases.id'], name=op.f('fk_petitions_case_id_mediation_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petitions'))
    )
    for column in ('office_id', 'owner_office_id', 'received_date', 'status', 'closed_date'):
        op.create_index(op.f(f'ix_petitions_{column}'), 'petitions', [column], unique=False)
    op.create_table('petition_steps',
    sa.Column('petition_id', sa.String(length=36), nullable=False),
    sa.Column('step_date', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('handler', sa.String(length=50), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], name=op.f('fk_petition_steps_petition_id_petitions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_steps'))
    )
    for column in ('petition_id', 'owner_office_id'):
        op.create_index(op.f(f'ix_petition_steps_{column}'), 'petition_steps', [column], unique=False)


def downgrade() -> None:
    op.drop_table('petition_steps')
    op.drop_table('petitions')
