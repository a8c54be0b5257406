"""The 联席会议's tasks (received from the hub) and this office's reports on them.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
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
    op.create_table('tasks',
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('work_group', sa.String(length=100), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('source_meeting_id', sa.String(length=36), nullable=True),
    sa.Column('source_label', sa.String(length=300), nullable=True),
    sa.Column('lead_office_id', sa.String(length=36), nullable=False),
    sa.Column('partner_office_ids', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('milestones', sa.Text(), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=False),
    *_synced(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_lead_office_id'), ['lead_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_owner_office_id'), ['owner_office_id'], unique=False)
    op.create_table('task_reports',
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_reports_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_reports'))
    )
    with op.batch_alter_table('task_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_reports_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_reports_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    op.drop_table('task_reports')
    op.drop_table('tasks')
