"""For the city's figures (hub/figures.py): records' data as JSONB on PostgreSQL, and indexes of
the dates and links the figures count by, inside the JSON.

Reading a field out of a `json` column parses the record's whole text each time (about 1 KB
for a case, several fields a row); JSONB is stored parsed. The change rewrites the table once.

Each JSON index holds one kind of live record (a partial index: its entity, not voided) and is
written exactly as hub/figures.py writes the same value in its queries — PostgreSQL's
`data ->> 'name'`, SQLite's `json_extract(data, '$.name')` — since a planner uses an index on
an expression only for that very expression. The case index carries the result and the
office after the acceptance date, so that a month's count of cases, or of successful ones,
is answered from the index without reading a record's JSON.

No plain index of the entity: SQLite, which keeps no statistics unless asked to, would take it
for the better one (an equality beats a range) and read every case of the hub's history.

Revision ID: h0011
Revises: h0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'h0011'
down_revision = 'h0010'
branch_labels = None
depends_on = None

# (index name, entity, JSON fields). Named ix_records_json_*: the models cannot declare an index
# written differently per dialect, and comparisons of the schema with them leave these aside
# by that prefix (models.include_object).
JSON_INDEXES = (
    ("ix_records_json_case_accepted", "case", ("accepted_date", "result", "office_id")),
    ("ix_records_json_case_registered", "case", ("registered_date", "office_id")),
    ("ix_records_json_joint_case_opened", "joint_case", ("opened_date",)),
    ("ix_records_json_joint_case_closed", "joint_case", ("closed_date",)),
    ("ix_records_json_joint_office_case", "joint_office", ("joint_case_id", "office_id")),
    ("ix_records_json_visit_date", "visit", ("visit_date",)),
    ("ix_records_json_risk_visit", "risk", ("visit_id",)),
    ("ix_records_json_risk_rectified", "risk", ("rectified_date",)),
    ("ix_records_json_agreement_signed", "agreement", ("signed_date",)),
    ("ix_records_json_term_agreement", "term", ("agreement_id",)),
    ("ix_records_json_suggestion_office", "suggestion", ("office_id",)),
    ("ix_records_json_area_stat_period", "area_stat", ("period",)),
)


def _field(dialect: str, name: str) -> str:
    return f"(data ->> '{name}')" if dialect == "postgresql" else f"json_extract(data, '$.{name}')"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.alter_column('records', 'data', type_=postgresql.JSONB(), postgresql_using='data::jsonb')
    for name, entity, fields in JSON_INDEXES:
        columns = ", ".join(_field(dialect, f) for f in fields)
        op.execute(f"CREATE INDEX {name} ON records ({columns}) "
                   f"WHERE entity = '{entity}' AND deleted_at IS NULL")


def downgrade() -> None:
    for name, _entity, _fields in reversed(JSON_INDEXES):
        op.execute(f"DROP INDEX {name}")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('records', 'data', type_=sa.JSON(), postgresql_using='data::json')
