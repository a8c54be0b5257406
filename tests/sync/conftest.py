"""Fixtures shared by the sync tests."""

from __future__ import annotations

import pytest

from ..hub.conftest import LiveHub


@pytest.fixture
def live_hub(hub_url):
    """On SQLite and on PostgreSQL: `hub_url` (tests/pgserver.py) is parametrized over both."""
    from fydesk.hub.store import HubStore

    store = HubStore(hub_url)
    hub = LiveHub(store).start()
    hub.office("T01", "溪口人民法庭", "人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    yield hub
    hub.stop()
    store.close()
