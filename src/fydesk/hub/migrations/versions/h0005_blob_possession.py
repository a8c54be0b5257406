"""Who sent a body: offices holding each body, and each office's upload staged apart.

Up to h0004 any office naming a hash in an attachment record could read the body, and the
size a record claimed bounded everyone's upload. From here an office reads a body only
through records of an office that sent the bytes (blob_holders), and each office's upload is
staged on its own (blob_uploads, blob_upload_chunks) until its hash checks.

Existing data, by this rule: the owner office of an attachment record whose body is complete
on the hub is taken as the body's uploader (before h0005 only such an owner could send it; the
hub did not note which one did, and a record made to reach someone else's body cannot be
told apart). A body still part-way through its upload is dropped: no uploader can be named
for its pieces, and the desk, finding nothing received, simply sends it again.

Revision ID: h0005
Revises: h0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h0005'
down_revision = 'h0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blob_holders',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['hub_offices.id'], name=op.f('fk_blob_holders_office_id_hub_offices')),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_blob_holders_sha256_blobs')),
    sa.PrimaryKeyConstraint('sha256', 'office_id', name=op.f('pk_blob_holders'))
    )
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['hub_offices.id'], name=op.f('fk_blob_uploads_office_id_hub_offices')),
    sa.PrimaryKeyConstraint('sha256', 'office_id', name=op.f('pk_blob_uploads'))
    )
    op.create_table('blob_upload_chunks',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('offset', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sha256', 'office_id'], ['blob_uploads.sha256', 'blob_uploads.office_id'],
                            name=op.f('fk_blob_upload_chunks_sha256_blob_uploads')),
    sa.PrimaryKeyConstraint('sha256', 'office_id', 'offset', name=op.f('pk_blob_upload_chunks'))
    )

    blobs = sa.table('blobs', sa.column('sha256', sa.String), sa.column('complete', sa.Boolean),
                     sa.column('created_at', sa.DateTime), sa.column('completed_at', sa.DateTime))
    chunks = sa.table('blob_chunks', sa.column('sha256', sa.String))
    records = sa.table('records', sa.column('entity', sa.String), sa.column('owner_office_id', sa.String),
                       sa.column('data', sa.JSON))
    offices = sa.table('hub_offices', sa.column('id', sa.String))
    holders = sa.table('blob_holders', sa.column('sha256', sa.String), sa.column('office_id', sa.String),
                       sa.column('since', sa.DateTime))
    partial = sa.select(blobs.c.sha256).where(blobs.c.complete == sa.false())
    op.execute(chunks.delete().where(chunks.c.sha256.in_(partial)))
    op.execute(blobs.delete().where(blobs.c.complete == sa.false()))
    owners = sa.select(blobs.c.sha256, records.c.owner_office_id,
                       sa.func.coalesce(blobs.c.completed_at, blobs.c.created_at)).distinct().where(
        records.c.entity == 'attachment', records.c.data['sha256'].as_string() == blobs.c.sha256,
        records.c.owner_office_id.in_(sa.select(offices.c.id)))
    op.execute(holders.insert().from_select(['sha256', 'office_id', 'since'], owners))


def downgrade() -> None:
    op.drop_table('blob_upload_chunks')
    op.drop_table('blob_uploads')
    op.drop_table('blob_holders')
