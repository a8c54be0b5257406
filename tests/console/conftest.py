"""The console over real HTTP: a live hub (uvicorn on 127.0.0.1) on SQLite and on PostgreSQL,
people with accounts of each role, and a client that signs in as a browser does."""

from __future__ import annotations

import re

import httpx
import pytest

from fydesk.hub.console import accounts
from fydesk.hub.store import HubStore

from ..hub.conftest import LiveHub

# The console in headless Chromium: `chromium` (one a module), `driver` (one a test), `desks`.
from .browsers import chromium, desks, driver  # noqa: F401

PASSWORD = "correct-horse-42"


class Browser:
    """httpx with a cookie jar: what a browser sends, forms with the token the page carries."""

    def __init__(self, hub: LiveHub) -> None:
        self.hub = hub
        self.http = httpx.Client(base_url=hub.url, follow_redirects=False, timeout=30)

    def get(self, path: str, **kw) -> httpx.Response:
        return self.http.get("/console" + path, **kw)

    def post(self, path: str, data: dict, **kw) -> httpx.Response:
        return self.http.post("/console" + path, data=data, **kw)

    def token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.text
        return csrf_of(page.text)

    def form(self, path: str, data: dict, page: str | None = None) -> httpx.Response:
        """Post `data` with the token of the page the form is on (`page`, else `path`)."""
        return self.post(path, {"csrf": self.token(page or path), **data})

    def sign_in(self, login: str, password: str = PASSWORD) -> httpx.Response:
        return self.post("/login", {"login": login, "password": password, "csrf": self.token("/login")})

    def close(self) -> None:
        self.http.close()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def alert(html: str) -> str | None:
    m = re.search(r'role="alert">([^<]+)<', html)
    return m.group(1) if m else None


@pytest.fixture
def console_hub(hub_url):
    store = HubStore(hub_url)
    with store.session() as s:
        from fydesk.hub import admin

        admin.add_office(s, "T1", "溪口人民法庭", "人民法庭")
        admin.add_office(s, "S1", "溪口司法所", "司法所")
        for login, role, office in (("coord", accounts.COORDINATOR, None), ("group", accounts.GROUP, None),
                                    ("it", accounts.IT, None), ("t1view", accounts.VIEWER, "T1"),
                                    ("s1view", accounts.VIEWER, "S1")):
            accounts.add_user(s, login, f"{login} 用户", role, PASSWORD, office)
    live = LiveHub(store).start()
    yield live
    live.stop()
    store.close()


@pytest.fixture
def browser(console_hub):
    made = []

    def open_as(login: str | None = None) -> Browser:
        b = Browser(console_hub)
        made.append(b)
        if login:
            assert b.sign_in(login).status_code == 303
        return b

    yield open_as
    for b in made:
        b.close()
