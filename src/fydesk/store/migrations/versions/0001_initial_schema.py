"""Initial schema: every entity, the outbox, audit chain, and the trigram search index.

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 02:26:43.602255
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('area_stats',
    sa.Column('area_code', sa.String(length=12), nullable=False),
    sa.Column('area_name', sa.String(length=100), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('resident_population', sa.Integer(), nullable=False),
    sa.Column('floating_population', sa.Integer(), nullable=False),
    sa.Column('civil_filings', sa.Integer(), nullable=False),
    sa.Column('admin_filings', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_stats')),
    sa.UniqueConstraint('area_code', 'period', name=op.f('uq_area_stats_area_code'))
    )
    with op.batch_alter_table('area_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_stats_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_stats_period'), ['period'], unique=False)

    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=50), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_record_id'), ['record_id'], unique=False)

    op.create_table('deadline_rules',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_deadline_rules'))
    )
    op.create_table('enterprises',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('uscc_override_reason', sa.String(length=200), nullable=True),
    sa.Column('industry', sa.String(length=40), nullable=True),
    sa.Column('size', sa.String(length=4), nullable=True),
    sa.Column('area_code', sa.String(length=12), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('contact_name', sa.String(length=50), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises'))
    )
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprises_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprises_uscc'), ['uscc'], unique=False)

    op.create_table('local_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_settings'))
    )
    op.create_table('number_leases',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('next', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_number_leases'))
    )
    op.create_table('offices',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('area_code', sa.String(length=12), nullable=True),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('case_prefix', sa.String(length=20), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['offices.id'], name=op.f('fk_offices_parent_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('code', name=op.f('uq_offices_code'))
    )
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offices_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('outbox',
    sa.Column('op_seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('txn_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('base_rev', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.Integer(), nullable=False),
    sa.Column('user', sa.String(length=50), nullable=False),
    sa.Column('schema_version', sa.String(length=20), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('op_seq', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_batch_id', ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_txn_id'), ['txn_id'], unique=False)

    op.create_table('judicial_suggestions',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('source_case_number', sa.String(length=60), nullable=True),
    sa.Column('addressee', sa.String(length=200), nullable=False),
    sa.Column('cc', sa.String(length=200), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('served_date', sa.Date(), nullable=True),
    sa.Column('reply_days', sa.Integer(), nullable=True),
    sa.Column('reply_due', sa.Date(), nullable=True),
    sa.Column('reply_date', sa.Date(), nullable=True),
    sa.Column('adoption', sa.String(length=10), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_judicial_suggestions_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judicial_suggestions'))
    )
    with op.batch_alter_table('judicial_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judicial_suggestions_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_judicial_suggestions_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_judicial_suggestions_reply_due'), ['reply_due'], unique=False)

    op.create_table('staff',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_staff_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('visits',
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('office_ids', sa.JSON(), nullable=False),
    sa.Column('people', sa.Text(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('report_number', sa.String(length=60), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_visits_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('mediation_cases',
    sa.Column('case_number', sa.String(length=60), nullable=True),
    sa.Column('number_provisional', sa.Boolean(), nullable=False),
    sa.Column('external_case_number', sa.String(length=60), nullable=True),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('dispute_type', sa.String(length=20), nullable=False),
    sa.Column('area_code', sa.String(length=12), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('claims', sa.Text(), nullable=True),
    sa.Column('registered_date', sa.Date(), nullable=False),
    sa.Column('accepted_date', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('group_dispute', sa.Boolean(), nullable=False),
    sa.Column('risk_level', sa.String(length=4), nullable=False),
    sa.Column('lead_mediator_id', sa.String(length=36), nullable=True),
    sa.Column('assistant_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=True),
    sa.Column('close_method', sa.String(length=20), nullable=True),
    sa.Column('close_date', sa.Date(), nullable=True),
    sa.Column('archive_number', sa.String(length=60), nullable=True),
    sa.Column('needs_coordination', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_mediator_id'], ['staff.id'], name=op.f('fk_mediation_cases_lead_mediator_id_staff')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_mediation_cases_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_cases'))
    )
    with op.batch_alter_table('mediation_cases', schema=None) as batch_op:
        batch_op.create_index('ix_mediation_cases_accepted_date', ['accepted_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_cases_case_number'), ['case_number'], unique=False)
        batch_op.create_index('ix_mediation_cases_office_status', ['office_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_cases_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index('ix_mediation_cases_registered_date', ['registered_date'], unique=False)

    op.create_table('risks',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=True),
    sa.Column('rectification_due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rectified_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_risks_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risks'))
    )
    with op.batch_alter_table('risks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risks_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risks_rectification_due'), ['rectification_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_risks_visit_id'), ['visit_id'], unique=False)

    op.create_table('agreements',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('form', sa.String(length=4), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('disputes', sa.Text(), nullable=True),
    sa.Column('responsibility', sa.Text(), nullable=True),
    sa.Column('signed_date', sa.Date(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_cases.id'], name=op.f('fk_agreements_case_id_mediation_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_effective_date'), ['effective_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreements_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('joint_cases',
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('lead_office_id', sa.String(length=36), nullable=False),
    sa.Column('mediation_case_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('opened_date', sa.Date(), nullable=False),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('outcome_report', sa.Text(), nullable=True),
    sa.Column('needs_coordination', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_office_id'], ['offices.id'], name=op.f('fk_joint_cases_lead_office_id_offices')),
    sa.ForeignKeyConstraint(['mediation_case_id'], ['mediation_cases.id'], name=op.f('fk_joint_cases_mediation_case_id_mediation_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_cases'))
    )
    with op.batch_alter_table('joint_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_cases_mediation_case_id'), ['mediation_case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_cases_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('mediation_sessions',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.String(length=4), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('mediator_id', sa.String(length=36), nullable=True),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('signed', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_cases.id'], name=op.f('fk_mediation_sessions_case_id_mediation_cases')),
    sa.ForeignKeyConstraint(['mediator_id'], ['staff.id'], name=op.f('fk_mediation_sessions_mediator_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_sessions'))
    )
    with op.batch_alter_table('mediation_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_sessions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_sessions_held_at'), ['held_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_sessions_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('parties',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=True),
    sa.Column('ethnicity', sa.String(length=10), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_type', sa.String(length=20), nullable=True),
    sa.Column('id_number', sa.String(length=30), nullable=True),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('uscc_override_reason', sa.String(length=200), nullable=True),
    sa.Column('legal_representative', sa.String(length=50), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('agent_name', sa.String(length=50), nullable=True),
    sa.Column('agent_phone', sa.String(length=40), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_cases.id'], name=op.f('fk_parties_case_id_mediation_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties'))
    )
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parties_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parties_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('term_extensions',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_date', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_cases.id'], name=op.f('fk_term_extensions_case_id_mediation_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term_extensions'))
    )
    with op.batch_alter_table('term_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_extensions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_term_extensions_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('agreement_terms',
    sa.Column('agreement_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('obligor', sa.String(length=100), nullable=False),
    sa.Column('obligee', sa.String(length=100), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('manner', sa.String(length=100), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_terms_agreement_id_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_terms'))
    )
    with op.batch_alter_table('agreement_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_terms_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_terms_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('handoffs',
    sa.Column('joint_case_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_office_id', sa.String(length=36), nullable=False),
    sa.Column('to_office_id', sa.String(length=36), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('handler', sa.String(length=50), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_office_id'], ['offices.id'], name=op.f('fk_handoffs_from_office_id_offices')),
    sa.ForeignKeyConstraint(['joint_case_id'], ['joint_cases.id'], name=op.f('fk_handoffs_joint_case_id_joint_cases')),
    sa.ForeignKeyConstraint(['to_office_id'], ['offices.id'], name=op.f('fk_handoffs_to_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs'))
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoffs_joint_case_id'), ['joint_case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoffs_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('joint_case_offices',
    sa.Column('joint_case_id', sa.String(length=36), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['joint_case_id'], ['joint_cases.id'], name=op.f('fk_joint_case_offices_joint_case_id_joint_cases')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_joint_case_offices_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_case_offices')),
    sa.UniqueConstraint('joint_case_id', 'office_id', name=op.f('uq_joint_case_offices_joint_case_id'))
    )
    with op.batch_alter_table('joint_case_offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_case_offices_joint_case_id'), ['joint_case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_case_offices_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('judicial_confirmations',
    sa.Column('agreement_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('applied_date', sa.Date(), nullable=True),
    sa.Column('court', sa.String(length=100), nullable=True),
    sa.Column('court_case_number', sa.String(length=60), nullable=True),
    sa.Column('court_accepted_date', sa.Date(), nullable=True),
    sa.Column('ruling_extended', sa.Boolean(), nullable=False),
    sa.Column('ruling_date', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_judicial_confirmations_agreement_id_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judicial_confirmations'))
    )
    with op.batch_alter_table('judicial_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judicial_confirmations_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_judicial_confirmations_owner_office_id'), ['owner_office_id'], unique=False)

    op.create_table('performances',
    sa.Column('term_id', sa.String(length=36), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['agreement_terms.id'], name=op.f('fk_performances_term_id_agreement_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performances'))
    )
    with op.batch_alter_table('performances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_performances_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_performances_owner_office_id'), ['owner_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_performances_term_id'), ['term_id'], unique=False)


    _create_search_index()


def downgrade() -> None:
    _drop_search_index()
    with op.batch_alter_table('performances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_performances_term_id'))
        batch_op.drop_index(batch_op.f('ix_performances_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_performances_due_date'))

    op.drop_table('performances')
    with op.batch_alter_table('judicial_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judicial_confirmations_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_judicial_confirmations_agreement_id'))

    op.drop_table('judicial_confirmations')
    with op.batch_alter_table('joint_case_offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_case_offices_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_joint_case_offices_joint_case_id'))

    op.drop_table('joint_case_offices')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoffs_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_handoffs_joint_case_id'))

    op.drop_table('handoffs')
    with op.batch_alter_table('agreement_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_terms_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_terms_agreement_id'))

    op.drop_table('agreement_terms')
    with op.batch_alter_table('term_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_term_extensions_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_term_extensions_case_id'))

    op.drop_table('term_extensions')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parties_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_parties_case_id'))

    op.drop_table('parties')
    with op.batch_alter_table('mediation_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_sessions_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_sessions_held_at'))
        batch_op.drop_index(batch_op.f('ix_mediation_sessions_case_id'))

    op.drop_table('mediation_sessions')
    with op.batch_alter_table('joint_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_cases_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_joint_cases_mediation_case_id'))

    op.drop_table('joint_cases')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_agreements_effective_date'))
        batch_op.drop_index(batch_op.f('ix_agreements_case_id'))

    op.drop_table('agreements')
    with op.batch_alter_table('risks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risks_visit_id'))
        batch_op.drop_index(batch_op.f('ix_risks_rectification_due'))
        batch_op.drop_index(batch_op.f('ix_risks_owner_office_id'))

    op.drop_table('risks')
    with op.batch_alter_table('mediation_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_cases_registered_date')
        batch_op.drop_index(batch_op.f('ix_mediation_cases_owner_office_id'))
        batch_op.drop_index('ix_mediation_cases_office_status')
        batch_op.drop_index(batch_op.f('ix_mediation_cases_case_number'))
        batch_op.drop_index('ix_mediation_cases_accepted_date')

    op.drop_table('mediation_cases')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_visits_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_visits_enterprise_id'))

    op.drop_table('visits')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_staff_office_id'))

    op.drop_table('staff')
    with op.batch_alter_table('judicial_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judicial_suggestions_reply_due'))
        batch_op.drop_index(batch_op.f('ix_judicial_suggestions_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_judicial_suggestions_number'))

    op.drop_table('judicial_suggestions')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_txn_id'))
        batch_op.drop_index('ix_outbox_batch_id')

    op.drop_table('outbox')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offices_owner_office_id'))

    op.drop_table('offices')
    op.drop_table('number_leases')
    op.drop_table('local_settings')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprises_uscc'))
        batch_op.drop_index(batch_op.f('ix_enterprises_owner_office_id'))

    op.drop_table('enterprises')
    op.drop_table('deadline_rules')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_record_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('area_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_stats_period'))
        batch_op.drop_index(batch_op.f('ix_area_stats_owner_office_id'))

    op.drop_table('area_stats')


# Frozen here rather than imported from the app: a migration must keep meaning what it meant.
# (table, entity, title expression, body expression, case id expression, indexed columns)
_SEARCH_SOURCES = [
    ("mediation_cases", "case",
     "coalesce(NEW.case_number, '') || ' ' || NEW.dispute_type",
     "NEW.summary || ' ' || coalesce(NEW.claims, '')",
     "NEW.id", "case_number, dispute_type, summary, claims"),
    ("parties", "party", "NEW.name",
     "coalesce(NEW.legal_representative, '') || ' ' || coalesce(NEW.address, '')",
     "NEW.case_id", "name, legal_representative, address"),
    ("mediation_sessions", "session", "NEW.place", "NEW.record", "NEW.case_id",
     "place, record"),
    ("agreements", "agreement", "coalesce(NEW.number, '')",
     "NEW.facts || ' ' || coalesce(NEW.disputes, '') || ' ' || coalesce(NEW.responsibility, '')",
     "NEW.case_id", "number, facts, disputes, responsibility"),
    ("agreement_terms", "agreement_term", "NEW.obligor", "NEW.content",
     "(SELECT case_id FROM agreements WHERE id = NEW.agreement_id)", "obligor, content"),
    ("joint_cases", "joint_case", "NEW.title",
     "coalesce(NEW.summary, '') || ' ' || coalesce(NEW.outcome_report, '')",
     "NEW.mediation_case_id", "title, summary, outcome_report"),
    ("enterprises", "enterprise", "NEW.name", "coalesce(NEW.address, '')", "NULL",
     "name, address"),
    ("visits", "visit", "coalesce(NEW.report_number, '')", "coalesce(NEW.findings, '')",
     "NULL", "report_number, findings"),
    ("risks", "risk", "NEW.category",
     "NEW.description || ' ' || coalesce(NEW.suggestion, '')", "NULL",
     "category, description, suggestion"),
    ("judicial_suggestions", "suggestion",
     "coalesce(NEW.number, '') || ' ' || NEW.addressee",
     "NEW.problem || ' ' || NEW.suggestion", "NULL",
     "number, addressee, problem, suggestion"),
]


# Two trailing spaces give the last characters of a text trigrams that start with them.
_PAD = "  "


def _create_search_index() -> None:
    # search_map gives each indexed record a stable integer rowid (VACUUM keeps INTEGER
    # PRIMARY KEYs), so the triggers find its index row by key instead of scanning.
    op.execute(
        "CREATE TABLE search_map (rowid INTEGER PRIMARY KEY, entity TEXT NOT NULL, "
        "record_id TEXT NOT NULL UNIQUE, case_id TEXT)"
    )
    op.execute("CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize='trigram')")
    # The index's term list: a 1-2 character query becomes an OR of the trigrams that start
    # with it, which finds rare short words without scanning every row.
    op.execute("CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, row)")
    for source in _SEARCH_SOURCES:
        table = source[0]
        insert, remove = _trigger_bodies(*source)
        op.execute(f"CREATE TRIGGER search_ai_{table} AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(_update_trigger(*source))
        op.execute(f"CREATE TRIGGER search_ad_{table} AFTER DELETE ON {table} BEGIN {remove} END")


def _trigger_bodies(table, entity, title, body, case_id, columns) -> tuple[str, str]:
    insert = (
        f"INSERT INTO search_map(entity, record_id, case_id) "
        f"SELECT '{entity}', NEW.id, {case_id} WHERE NEW.deleted_at IS NULL; "
        f"INSERT INTO search_index(rowid, title, body) "
        f"SELECT last_insert_rowid(), ({title}) || '{_PAD}', ({body}) || '{_PAD}' "
        f"WHERE NEW.deleted_at IS NULL;"
    )
    remove = (
        "DELETE FROM search_index WHERE rowid = "
        "(SELECT rowid FROM search_map WHERE record_id = OLD.id); "
        "DELETE FROM search_map WHERE record_id = OLD.id;"
    )
    return insert, remove


def _update_trigger(table, entity, title, body, case_id, columns) -> str:
    """The update trigger as made here (0005 replaces it; its downgrade restores this)."""
    insert, remove = _trigger_bodies(table, entity, title, body, case_id, columns)
    return (f"CREATE TRIGGER search_au_{table} AFTER UPDATE OF {columns}, deleted_at "
            f"ON {table} BEGIN {remove} {insert} END")


def _drop_search_index() -> None:
    for table, *_ in _SEARCH_SOURCES:
        for kind in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{table}")
    op.execute("DROP TABLE IF EXISTS search_vocab")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TABLE IF EXISTS search_map")
