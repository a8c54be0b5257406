"""Fixtures shared by the sync tests."""

from __future__ import annotations

import pytest

from ..hub.conftest import LiveHub, ServedHub


@pytest.fixture
def live_hub(request, hub_url):
    """On SQLite and on PostgreSQL: `hub_url` (tests/pgserver.py) is parametrized over both.
    In this process's threads, or, parametrized indirectly with a number of workers, served by
    `fydesk-hub serve --workers N` as production runs it."""
    from fydesk.hub.store import HubStore

    store = HubStore(hub_url)
    workers = getattr(request, "param", None)
    hub = (LiveHub(store) if workers is None else ServedHub(store, workers)).start()
    hub.office("T01", "溪口人民法庭", "人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    yield hub
    hub.stop()
    store.close()


def share_joint_case(live_hub, tmp_path, capsys, fy):
    """A tribunal PC and a 司法所 PC enrolled through `fydesk` (`fy(capsys, pc, *argv)`), and a
    joint case the tribunal made with the 司法所 taking part, synced to both: (tribunal's data
    dir, 司法所's data dir, the joint case's id)."""
    from sqlalchemy import select

    from fydesk.models import Office
    from fydesk.services import records
    from fydesk.services.context import load_actor
    from fydesk.store.open import open_store

    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    fy(capsys, tribunal, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"), "--device-name", "法庭PC")
    fy(capsys, sifa, "enroll", "--hub", live_hub.url, "--code", live_hub.code("S01"), "--device-name", "司法所PC")
    fy(capsys, tribunal, "sync")  # learn the other offices
    store = open_store(tribunal)
    with store.write() as s:
        actor = load_actor(s, "书记员")
        sifa_office = s.scalar(select(Office.id).where(Office.code == "S01"))
        joint = records.create(s, actor, "joint_case", {
            "title": "土地流转纠纷联动化解", "mode": "法庭+司法所", "lead_office_id": actor.office_id,
            "opened_date": "2026-11-01", "summary": "承包地流转费用争议"})
        records.create(s, actor, "joint_office", {"joint_case_id": joint.id, "office_id": sifa_office})
    store.close()
    assert fy(capsys, tribunal, "sync")["pushed"] == 2
    fy(capsys, sifa, "sync")
    return tribunal, sifa, joint.id
