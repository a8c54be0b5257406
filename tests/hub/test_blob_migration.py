"""A hub upgraded past h0005 keeps its bodies readable by those whose records named them."""

from __future__ import annotations

import hashlib
from importlib import resources

import httpx
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

from fydesk.hub.models import Blob, BlobChunk, HubOffice, Record
from fydesk.hub.store import HubStore, make_engine
from fydesk.sync import protocol as p

from .conftest import LiveHub


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_url(request, tmp_path):
    """An empty database, no schema in it yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old-hub.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


def _migrate(engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("fydesk.hub") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _attachment(record_id: str, owner: str, scope: list[str], sha: str, size: int) -> Record:
    return Record(record_id=record_id, entity="attachment", owner_office_id=owner, rev=1, scope=scope,
                  data={"owner_entity": "joint_case", "owner_id": "j", "name": "a.pdf", "size": size, "sha256": sha},
                  field_revs={}, field_authors={})


def test_complete_bodies_stay_readable_by_their_records_owners_and_partial_ones_start_again(bare_url):
    whole, partial = b"%PDF-1.4 signed agreement", b"%PDF-1.4 half a scan"
    whole_sha, partial_sha = (hashlib.sha256(b).hexdigest() for b in (whole, partial))
    engine = make_engine(bare_url)
    _migrate(engine, "h0004")
    with Session(engine) as s, s.begin():  # what a hub at h0004 held
        # The offices as h0004 kept them (today's admin.add_office logs through tables it lacked).
        offices = [HubOffice(id=f"office-{code}", code=code, name=code, kind="司法所")
                   for code in ("T01", "S01", "S02", "S03")]
        s.add_all(offices)
        tribunal, sifa, _, late = (o.id for o in offices)
        s.add_all([_attachment("r1", tribunal, [sifa, tribunal], whole_sha, len(whole)),
                   _attachment("r2", late, [late], partial_sha, len(partial)),
                   Blob(sha256=whole_sha, size=len(whole), received=len(whole), complete=True),
                   Blob(sha256=partial_sha, size=len(partial), received=5, complete=False)])
        s.flush()
        s.add_all([BlobChunk(sha256=whole_sha, offset=0, data=whole),
                   BlobChunk(sha256=partial_sha, offset=0, data=partial[:5])])
    engine.dispose()

    store = HubStore(bare_url)  # upgrades to the head, as `fydesk-hub serve` does
    hub = LiveHub(store).start()
    try:
        devices = {code: hub.device(code) for code in ("T01", "S01", "S02", "S03")}

        def call(code, method, sha, headers=None, **kw):
            return httpx.request(method, f"{hub.url}/v1/blobs/{sha}",
                                 headers={**devices[code].headers(), **(headers or {})}, **kw)

        assert call("T01", "GET", whole_sha).content == whole  # the record's owner: taken as its uploader
        assert call("S01", "GET", whole_sha).content == whole  # in that record's scope
        assert call("S02", "GET", whole_sha).status_code == 404
        # A body part-way through its upload had no uploader the hub could name: it starts again.
        head = call("S03", "HEAD", partial_sha)
        assert (head.headers[p.HEADER_BLOB_RECEIVED], head.headers[p.HEADER_BLOB_COMPLETE]) == ("0", "0")
        sent = call("S03", "PUT", partial_sha, params={"offset": 0}, content=partial,
                    headers={p.HEADER_BLOB_SIZE: str(len(partial))})
        assert sent.json()["complete"] is True
        assert call("S03", "GET", partial_sha).content == partial
    finally:
        hub.stop()
        store.close()
