"""Agreement numbers per mediation body and year: each body's 代字 (number_prefix) and its own
number series (number_leases.body_id).

Existing data, by this rule:
- every body gets the 代字 its name gives (casenumbers.body_prefix: 溪口镇人民调解委员会 →
  溪口人调), taken in the order of the bodies' ids, a figure added where two of one office
  would read alike; the bodies of this PC's office queue the change for the hub (every PC of
  the office works out the same 代字, so their edits agree);
- agreements keep the numbers they have;
- where the office's one agreement series stood at n in a year, each of its bodies goes on
  from n in that year, so no new number can repeat one already printed; a new year starts
  at 1 for each body.

Plain ADD COLUMNs: a batch rebuild of mediation_bodies would be needless, of number_leases
harmless but slower.

Revision ID: 0013
Revises: 0011
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from fydesk.domain.casenumbers import body_prefix

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('mediation_bodies', sa.Column('number_prefix', sa.String(length=20), nullable=True))
    op.add_column('number_leases', sa.Column('body_id', sa.String(length=36), nullable=True))
    conn = op.get_bind()
    bodies = _name_bodies(conn)
    _split_agreement_series(conn, bodies)


def _name_bodies(conn) -> dict[str, list[str]]:
    """Each body's 代字; returns the office's body ids, office by office."""
    local = conn.execute(sa.text("SELECT value FROM local_settings WHERE key = 'office_id'")).scalar()
    hlc = int(conn.execute(sa.text("SELECT value FROM local_settings WHERE key = 'hlc_last'")).scalar() or 0)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    txn = str(uuid.uuid4())
    taken: dict[str, set[str]] = {}
    by_office: dict[str, list[str]] = {}
    # By id, which every PC holds alike (times of creation may differ between PCs' copies).
    rows = conn.execute(sa.text("SELECT id, office_id, name, kind, rev FROM mediation_bodies ORDER BY id")).all()
    for body_id, office_id, name, kind, rev in rows:
        mine = taken.setdefault(office_id, set())
        prefix = body_prefix(name, kind, mine)
        mine.add(prefix)
        by_office.setdefault(office_id, []).append(body_id)
        conn.execute(sa.text("UPDATE mediation_bodies SET number_prefix = :p WHERE id = :id"),
                     {"p": prefix, "id": body_id})
        if office_id == local:
            hlc = max((int(time.time() * 1000)) << 16, hlc + 1)
            conn.execute(sa.text(
                "INSERT INTO outbox (txn_id, entity, record_id, op, fields, base_rev, hlc, user,"
                " schema_version, created_at) VALUES (:txn, 'mediation_body', :id, 'update', :fields, :rev,"
                " :hlc, 'migration', '0013', :now)"),
                {"txn": txn, "id": body_id, "fields": json.dumps({"number_prefix": prefix}, ensure_ascii=False),
                 "rev": rev, "hlc": hlc, "now": now})
    if hlc:
        conn.execute(sa.text("INSERT OR REPLACE INTO local_settings (key, value) VALUES ('hlc_last', :v)"),
                     {"v": str(hlc)})
    return by_office


def _split_agreement_series(conn, bodies: dict[str, list[str]]) -> None:
    old = conn.execute(sa.text(
        "SELECT office_id, year, next, \"end\", source FROM number_leases"
        " WHERE series = 'agreement' AND body_id IS NULL")).all()
    for office_id, year, nxt, end, source in old:
        if end is not None:
            continue  # only an unbounded (standalone) series ever numbered agreements
        for body_id in bodies.get(office_id, ()):
            conn.execute(sa.text(
                "INSERT INTO number_leases (id, office_id, series, body_id, year, start, \"end\", next, source)"
                " VALUES (:id, :office, 'agreement', :body, :year, :n, NULL, :n, :source)"),
                {"id": str(uuid.uuid4()), "office": office_id, "body": body_id, "year": year, "n": nxt,
                 "source": source})
    conn.execute(sa.text("DELETE FROM number_leases WHERE series = 'agreement' AND body_id IS NULL"))


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM number_leases WHERE body_id IS NOT NULL"))
    with op.batch_alter_table('number_leases') as batch:
        batch.drop_column('body_id')
    with op.batch_alter_table('mediation_bodies') as batch:
        batch.drop_column('number_prefix')
