"""调解组织 (mediation bodies), and the body presiding over each case.

Existing data, by this rule: every office with cases on this PC and no 人民调解委员会 of its
own gets one, and those of its cases that name no body are presided over by it. An office that
is itself a 调委会 or 特邀调解组织 gives the body its own name and kind; any other office (a
tribunal, a 司法所, a 综治中心) gets "<office>人民调解委员会", of the kind 驻庭 for a court and
乡镇(街道) otherwise — a placeholder its staff rename on the 本单位 page, so that no case
is left without a body and no office other than a committee signs a 人民调解协议书.

The body's id is derived from its office's id, so every PC of one office makes the same
record; the PC's own office's body is queued for the hub (an insert the hub merges when a
second PC sends it too). Cases keep their new body_id locally: the hub learns it with the
next edit of the case.

A plain ADD COLUMN: a batch rebuild of mediation_cases would drop its search-index triggers.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_NAMESPACE = uuid.UUID("5b0c1f5e-7a43-4d0e-9a55-6f0d3c1b2a10")
_COMMITTEES = ("村(居)人民调解委员会", "乡镇(街道)人民调解委员会", "行业性专业性人民调解委员会", "驻庭人民调解委员会")


def body_id_for(office_id: str) -> str:
    """The id of an office's migrated 调委会: the same on every PC of that office."""
    return str(uuid.uuid5(_NAMESPACE, f"mediation_body:{office_id}"))


def _body_for(name: str, kind: str) -> tuple[str, str]:
    if kind == "调委会":
        return name, ("村(居)人民调解委员会" if name.endswith(("村人民调解委员会", "居人民调解委员会"))
                      else "乡镇(街道)人民调解委员会")
    if kind == "特邀调解组织":
        return name, "特邀调解组织"
    return f"{name}人民调解委员会", ("驻庭人民调解委员会" if kind in ("人民法庭", "基层法院")
                                    else "乡镇(街道)人民调解委员会")


def upgrade() -> None:
    op.create_table('mediation_bodies',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('seal_name', sa.String(length=100), nullable=True),
    sa.Column('area_code', sa.String(length=12), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_office_id', sa.String(length=36), nullable=True),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_mediation_bodies_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_bodies'))
    )
    with op.batch_alter_table('mediation_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_bodies_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_bodies_owner_office_id'), ['owner_office_id'], unique=False)
    op.execute("ALTER TABLE mediation_cases ADD COLUMN body_id VARCHAR(36) "
               "CONSTRAINT fk_mediation_cases_body_id_mediation_bodies REFERENCES mediation_bodies (id)")
    _give_every_case_a_body()


def _give_every_case_a_body() -> None:
    conn = op.get_bind()
    local = conn.execute(sa.text("SELECT value FROM local_settings WHERE key = 'office_id'")).scalar()
    offices = conn.execute(sa.text(
        "SELECT o.id, o.name, o.kind, o.area_code FROM offices o WHERE EXISTS ("
        " SELECT 1 FROM mediation_cases c WHERE c.office_id = o.id AND c.body_id IS NULL)")).all()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    hlc = int(conn.execute(sa.text("SELECT value FROM local_settings WHERE key = 'hlc_last'")).scalar() or 0)
    txn = str(uuid.uuid4())
    for office_id, name, kind, area in offices:
        bid = body_id_for(office_id)
        exists = conn.execute(sa.text("SELECT 1 FROM mediation_bodies WHERE id = :id"), {"id": bid}).first()
        if not exists:
            body_name, body_kind = _body_for(name, kind)
            values = {"office_id": office_id, "name": body_name[:100], "kind": body_kind, "seal_name": None,
                      "area_code": area, "active": True}
            conn.execute(sa.text(
                "INSERT INTO mediation_bodies (id, owner_office_id, rev, created_at, updated_at, office_id, name,"
                " kind, seal_name, area_code, active) VALUES (:id, :office_id, 0, :now, :now, :office_id, :name,"
                " :kind, NULL, :area_code, 1)"), {**values, "id": bid, "now": now})
            if office_id == local:
                hlc = max((int(time.time() * 1000)) << 16, hlc + 1)
                conn.execute(sa.text(
                    "INSERT INTO outbox (txn_id, entity, record_id, op, fields, base_rev, hlc, user,"
                    " schema_version, created_at) VALUES (:txn, 'mediation_body', :id, 'insert', :fields, 0,"
                    " :hlc, 'migration', '0010', :now)"),
                    {"txn": txn, "id": bid, "fields": json.dumps(values, ensure_ascii=False), "hlc": hlc, "now": now})
        conn.execute(sa.text("UPDATE mediation_cases SET body_id = :bid WHERE office_id = :oid AND body_id IS NULL"),
                     {"bid": bid, "oid": office_id})
    if hlc:
        conn.execute(sa.text("INSERT OR REPLACE INTO local_settings (key, value) VALUES ('hlc_last', :v)"),
                     {"v": str(hlc)})


def downgrade() -> None:
    with op.batch_alter_table('mediation_cases', schema=None) as batch_op:
        batch_op.drop_column('body_id')
    with op.batch_alter_table('mediation_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_bodies_owner_office_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_bodies_office_id'))
    op.drop_table('mediation_bodies')
