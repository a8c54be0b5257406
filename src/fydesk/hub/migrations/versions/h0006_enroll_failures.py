"""Refused enrollments, counted per client address and per office to throttle guessing codes.

Revision ID: h0006
Revises: h0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0006'
down_revision = 'h0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enroll_failures',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('office_code', sa.String(length=40), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enroll_failures'))
    )
    op.create_index('ix_enroll_failures_address_at', 'enroll_failures', ['address', 'at'], unique=False)
    op.create_index('ix_enroll_failures_office_code_at', 'enroll_failures', ['office_code', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_enroll_failures_office_code_at', table_name='enroll_failures')
    op.drop_index('ix_enroll_failures_address_at', table_name='enroll_failures')
    op.drop_table('enroll_failures')
