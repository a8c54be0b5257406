"""Shared fixtures: real SQLite files in tmp_path, an initialised office, an actor."""

from __future__ import annotations

import os
from datetime import date

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from fydesk.services import setup
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

# A throwaway PostgreSQL server (one per test process) and `hub_url`, which runs each hub test
# on SQLite and on PostgreSQL; imported here so that tests/hub and tests/sync both see them.
from .pgserver import hub_pg_template, hub_sqlite_template, hub_url, pg_server  # noqa: F401

# A policy file on the machine running the tests must not steer them: an empty one is no policy.
os.environ["FYDESK_POLICY"] = os.devnull

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


# keyring picks its default lazily among all registered backends, and defining a backend class
# registers it: pin the machine's default first, so no test gets the one below by accident.
keyring.get_keyring()


class MemoryKeyring(KeyringBackend):
    """The tests' one fake at an outer edge: a secure-looking keyring that keeps secrets in a
    dict, as the OS keyring would, and refuses to delete what it does not hold."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture
def memory_keyring():
    """Device tokens kept in memory for the test, never in this machine's keyring."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """A headless PC: keyring's own `fail` backend, which raises on every call."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)

