"""The web console's accounts, sessions, sign-in failures and audit trail.

Revision ID: h0008
Revises: h0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0008'
down_revision = 'h0007'
branch_labels = None
depends_on = None

_seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'console_users',
        sa.Column('id', _seq, primary_key=True, autoincrement=True),
        sa.Column('login', sa.String(64), nullable=False),
        sa.Column('name', sa.String(100), nullable=False),
        sa.Column('role', sa.String(20), nullable=False),
        sa.Column('office_id', sa.String(36), sa.ForeignKey('hub_offices.id',
                  name='fk_console_users_office_id_hub_offices'), nullable=True),
        sa.Column('password_hash', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('password_changed_at', sa.DateTime(), nullable=False),
        sa.Column('disabled_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_console_users'),
        sa.UniqueConstraint('login', name='uq_console_users_login'),
    )
    op.create_table(
        'console_sessions',
        sa.Column('token_hash', sa.String(64), nullable=False),
        sa.Column('user_id', _seq, sa.ForeignKey('console_users.id',
                  name='fk_console_sessions_user_id_console_users'), nullable=False),
        sa.Column('csrf', sa.String(64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash', name='pk_console_sessions'),
    )
    op.create_index('ix_console_sessions_user_id', 'console_sessions', ['user_id'])
    op.create_table(
        'login_failures',
        sa.Column('id', _seq, primary_key=True, autoincrement=True),
        sa.Column('login', sa.String(64), nullable=False),
        sa.Column('address', sa.String(64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_login_failures'),
    )
    op.create_index('ix_login_failures_login_at', 'login_failures', ['login', 'at'])
    op.create_index('ix_login_failures_address_at', 'login_failures', ['address', 'at'])
    op.create_table(
        'console_audit',
        sa.Column('id', _seq, primary_key=True, autoincrement=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('login', sa.String(64), nullable=False),
        sa.Column('address', sa.String(64), nullable=False),
        sa.Column('action', sa.String(40), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_console_audit'),
    )
    op.create_index('ix_console_audit_at', 'console_audit', ['at'])


def downgrade() -> None:
    op.drop_table('console_audit')
    op.drop_table('login_failures')
    op.drop_table('console_sessions')
    op.drop_table('console_users')
