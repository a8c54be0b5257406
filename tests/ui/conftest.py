"""UI tests run offscreen on real widgets, real services and real SQLite files in tmp_path."""

from __future__ import annotations

import os
import shutil

# Before anything imports Qt: without a display Qt would abort the whole test process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from fydesk.ui.app import make_application
from fydesk.ui.pages.base import DeskEvents, PageContext
from fydesk.ui.tasks import Tasks

from ..hub.conftest import LiveHub


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls):
    # The app as fydesk makes it: zh_CN, Qt's Chinese strings, a CJK font registered.
    return make_application(qapp_args)


@pytest.fixture
def tasks(qapp):
    t = Tasks()
    yield t
    t.shutdown(wait=True)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "desktop.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(office_store, tasks):
    """What the main window hands its pages, over the initialised office of tests/conftest.py."""
    events = DeskEvents()
    # The services date writes by the real calendar, so the pages do too.
    c = PageContext(tasks, office_store, "书记员甲", None, events)
    with office_store.read() as session:
        from fydesk.services.context import load_actor

        c.office_id = load_actor(session).office_id
    yield c
    events.deleteLater()


@pytest.fixture
def hub(tmp_path, hub_sqlite_template):
    """A live city hub on SQLite, knowing the office of tests/conftest.py's office_store."""
    from fydesk.hub.store import HubStore

    path = tmp_path / "hub.db"
    shutil.copyfile(hub_sqlite_template, path)
    store = HubStore(f"sqlite:///{path}")
    live = LiveHub(store).start()
    live.office("440104001", "越秀区人民法庭", "人民法庭")
    yield live
    live.stop()
    store.close()
