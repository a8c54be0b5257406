"""A hub upgraded past h0016 keeps its log: the same JSON read back from the columns it holds
as text on PostgreSQL, every office's scope rows, and pulls that serve them in order."""

from __future__ import annotations

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from fydesk.hub import admin, auth
from fydesk.hub.app import pull_page
from fydesk.hub.models import ChangeEntry, ChangeScope, Record
from fydesk.hub.store import HUB_SCHEMA_HEAD, HubStore, make_engine
from fydesk.sync import protocol as p

from .test_blob_migration import _migrate, bare_url  # noqa: F401


def _conflict(seq: int) -> dict:
    return {"entity": "case", "record_id": "r1", "field": "summary", "hub_value": "甲", "hub_author": "一号法庭·书记员",
            "op_value": "乙", "op_author": "二号法庭·书记员", "seq": seq}


FIELDS = {"summary": "邻里纠纷：宅基地边界“一米线”", "amount_cents": 5400000, "tags": ["土地", None, True]}


def test_an_upgraded_hub_reads_its_log_and_scopes_as_before_and_pulls_them(bare_url):  # noqa: F811
    engine = make_engine(bare_url)
    _migrate(engine, "h0015")
    with Session(engine) as s, s.begin():  # what a hub at h0015 held, written as it wrote it then
        office_id = admin.add_office(s, "T01", "一号法庭", "人民法庭").id
        s.execute(insert(Record.__table__).values(
            record_id="r1", entity="case", owner_office_id=office_id, data=FIELDS, rev=7,
            field_revs={"summary": 7}, field_authors={"summary": ["d1", "一号法庭·书记员"]}, scope=[office_id]))
        for seq in (5, 6, 7):
            s.execute(insert(ChangeEntry.__table__).values(
                seq=seq, entity="case", record_id="r1", owner_office_id=office_id, op="update", fields=FIELDS,
                conflicts=[_conflict(seq)], author="一号法庭·书记员", tag=f"t{seq}"))
        s.execute(text("INSERT INTO change_scope (office_id, seq) VALUES (:o, 5), ('*', 6), (:o, 7)"),
                  {"o": office_id})
        code = auth.new_enroll_code(s, "T01")
    engine.dispose()

    store = HubStore(bare_url)  # upgrades to the head
    try:
        assert store._revision() == HUB_SCHEMA_HEAD
        with store.session() as s:
            rec = s.get(Record, "r1")
            assert (rec.field_revs, rec.field_authors, rec.scope) == (
                {"summary": 7}, {"summary": ["d1", "一号法庭·书记员"]}, [office_id])
            assert s.execute(select(ChangeEntry.fields, ChangeEntry.conflicts).where(ChangeEntry.record_id == "r1")
                             .order_by(ChangeEntry.seq)).all() == [(FIELDS, [_conflict(n)])
                                                                    for n in (5, 6, 7)]
            assert sorted(s.execute(select(ChangeScope.office_id, ChangeScope.seq)).all(), key=lambda r: r[1])[-3:] \
                == [(office_id, 5), ("*", 6), (office_id, 7)]
            _device, _office, token = auth.redeem(s, code, "PC")
        page = p.PullResponse.model_validate_json(pull_page(store, f"Bearer {token}", 0, 100).json())
        pulled = [(c.seq, c.fields, c.tag) for c in page.changes if c.record_id == "r1"]
        assert pulled == [(5, FIELDS, "t5"), (6, FIELDS, "t6"), (7, FIELDS, "t7")]
    finally:
        store.close()
