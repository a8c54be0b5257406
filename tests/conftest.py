"""Shared fixtures: real SQLite files in tmp_path, an initialised office, an actor."""

from __future__ import annotations

from datetime import date

import pytest

from fydesk.services import setup
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

# A throwaway PostgreSQL server (one per test process) and `hub_url`, which runs each hub test
# on SQLite and on PostgreSQL; imported here so that tests/hub and tests/sync both see them.
from .pgserver import hub_pg_template, hub_sqlite_template, hub_url, pg_server  # noqa: F401

TODAY = date(2026, 11, 20)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def office_store(store):
    """A PC set up as a people's tribunal, with one mediator."""
    from fydesk.services import records

    with store.write() as session:
        info = setup.initialise(session, office_code="440104001", office_name="越秀区人民法庭",
                                kind="人民法庭", case_prefix="越秀人", user="书记员甲", today=TODAY)
        actor = load_actor(session, "书记员甲")
        records.create(session, actor, "staff",
                       {"office_id": info.office_id, "name": "李明", "role": "专职调解员"})
    return store


@pytest.fixture
def actor(office_store):
    with office_store.read() as session:
        return load_actor(session, "书记员甲")
