"""The web console of the city hub, under /console: for the 联席会议办公室, working groups, IT
and office viewers, in an ordinary browser with no internet (every asset served here)."""

from __future__ import annotations

from importlib import resources
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from . import pages, taskpages
from .web import PREFIX, Console, Refused, SignInNeeded, console_error, install_routes


def install(app: FastAPI, store) -> None:
    """The console's routes, static files and error pages on the hub's app, under /console."""
    console = Console(store)
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    install_routes(router, console)
    pages.routes(router, console)
    taskpages.routes(router, console)
    app.include_router(router)
    static = StaticFiles(directory=str(resources.files("fydesk.hub.console") / "static"))
    app.mount(PREFIX + "/static", static, name="console-static")

    @app.exception_handler(SignInNeeded)
    async def _sign_in(_request: Request, exc: SignInNeeded) -> Response:
        return RedirectResponse(f"{PREFIX}/login?next={quote(exc.next_url, safe='')}", status_code=303)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return console_error(request, exc.status, exc.message, exc.viewer)


