"""The console's plumbing: who is signed in, what each role may open, forms with their CSRF
token, pages rendered from templates, and the sign-in, sign-out, password and audit pages.

Every page is a plain HTML form or table that reads without JavaScript; charts are drawn by
the vendored ECharts from data the page carries. Handlers are plain functions (FastAPI runs
them in its worker threads), each one request in one transaction of the hub's store.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from fydesk import __version__
from fydesk.domain.errors import FydeskError

from . import accounts
from .accounts import COORDINATOR, GROUP, IT, ROLES, VIEWER, Viewer

COOKIE = "fydesk_console"
LOGIN_COOKIE = "fydesk_login_csrf"  # the sign-in form's token, before there is a session
PREFIX = "/console"
HOME = {COORDINATOR: "/city", GROUP: "/city", IT: "/devices", VIEWER: "/office"}
# What each role sees in the menu, in order (the pages check the roles again themselves).
MENU = [
    ("/city", "全市概览", (COORDINATOR, GROUP)),
    ("/office", "本单位概览", (VIEWER,)),
    ("/tasks", "任务清单", (COORDINATOR, GROUP)),
    ("/meetings", "会议", (COORDINATOR, GROUP)),
    ("/groups", "专项工作组", (COORDINATOR, GROUP)),
    ("/conflicts", "需协调", (COORDINATOR,)),
    ("/assessment", "考核", (COORDINATOR, GROUP)),
    ("/audit", "操作记录", (COORDINATOR,)),
    ("/offices", "单位", (IT,)),
    ("/codes", "登记码", (IT,)),
    ("/devices", "设备", (IT,)),
    ("/users", "账号", (IT,)),
]
# The browser runs only the hub's own scripts; styles may be set by ECharts at run time.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# How the audit page names what was done.
ACTIONS = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出", "password": "修改密码", "refused": "被拒绝访问",
    "csrf_refused": "表单校验失败", "office_add": "登记单位", "office_edit": "修改单位", "codes": "生成登记码",
    "code_sheet": "打印登记码单", "revoke": "停用设备", "user_add": "新建账号", "user_disable": "停用账号",
    "user_enable": "启用账号", "user_password": "重设密码", "download": "下载", "note": "协调留言", "weights": "修改考核权重",
    "group_add": "新建专项工作组", "group_edit": "修改专项工作组", "meeting_add": "记录会议", "task_add": "下达任务",
    "task_edit": "修改任务", "task_import": "导入年度任务清单",
}

_templates = Jinja2Templates(directory=str(resources.files("fydesk.hub.console") / "templates"))


def install_routes(router: APIRouter, console: Console) -> None:
    """Sign-in, sign-out, one's own password, and the audit trail."""
    _account_routes(router, console)


def console_page(request: Request) -> bool:
    path = request.url.path
    return (path == PREFIX or path.startswith(PREFIX + "/")) and not path.startswith(PREFIX + "/static/")


def console_error(request: Request, status: int, message: str, viewer: "Viewer | None" = None) -> HTMLResponse:
    """An error as a page of the console, in one sentence, never the API's JSON."""
    return render(request, "error.html", viewer, status=status, message=message)


class SignInNeeded(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class Refused(Exception):
    """A page or form this person may not have: 403 with one sentence, as a page."""

    def __init__(self, message: str, status: int = 403, viewer: Viewer | None = None) -> None:
        super().__init__(message)
        self.message, self.status, self.viewer = message, status, viewer


def address(request: Request) -> str:
    return request.client.host if request.client else "-"


def render(request: Request, template: str, viewer: Viewer | None, status: int = 200, **context: Any) -> HTMLResponse:
    menu = [(PREFIX + path, label) for path, label, roles in MENU if viewer and viewer.role in roles]
    response = _templates.TemplateResponse(request, template, {
        "viewer": viewer, "menu": menu, "prefix": PREFIX, "version": __version__, "roles": ROLES,
        "path": request.url.path, **context}, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


class Console:
    """Opens one request's transaction and finds who is asking."""

    def __init__(self, store) -> None:
        self.store = store

    @contextmanager
    def page(self, request: Request, *roles: str) -> Iterator[tuple[Session, Viewer]]:
        """The signed-in viewer, refused unless of one of `roles` (any role when none given)."""
        with self.store.session() as s:
            viewer = accounts.viewer_for(s, request.cookies.get(COOKIE))
            if viewer is None:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                raise SignInNeeded(target)
            if roles and viewer.role not in roles:
                accounts.audit(s, viewer, address(request), "refused", f"{request.method} {request.url.path}")
                s.commit()
                raise Refused(f"{viewer.role_label}账号不能打开此页。", viewer=viewer)
            try:
                yield s, viewer
            except Refused as exc:
                exc.viewer = exc.viewer or viewer
                raise

    @contextmanager
    def form(self, request: Request, csrf: str, *roles: str) -> Iterator[tuple[Session, Viewer]]:
        """As `page`, for a posted form: its token must be the session's."""
        with self.page(request, *roles) as (s, viewer):
            if not hmac.compare_digest(csrf.encode(), viewer.csrf.encode()):
                accounts.audit(s, viewer, address(request), "csrf_refused", f"POST {request.url.path}")
                s.commit()
                raise Refused("表单缺少有效的校验码（可能页面已过期或来自别的网站），未做任何更改；请刷新页面后重试。",
                              viewer=viewer)
            yield s, viewer


def _safe_next(target: str | None) -> str | None:
    """Only a path of the console itself: no other site, no scheme-relative //host."""
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def _account_routes(r: APIRouter, console: Console) -> None:
    def login_page(request: Request, error: str | None = None, next_url: str | None = None,
                   login: str = "", status: int = 200) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = render(request, "login.html", None, status=status, error=error, csrf=token,
                          next=_safe_next(next_url) or "", login=login)
        _set_cookie(response, request, LOGIN_COOKIE, token, max_age=3600)
        return response

    @r.get("", response_class=HTMLResponse)
    @r.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        with console.page(request) as (_s, viewer):
            return RedirectResponse(PREFIX + HOME[viewer.role], status_code=303)

    @r.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str | None = None) -> Response:
        return login_page(request, next_url=next)

    @r.post("/login")
    def login(request: Request, login: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
              csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "") -> Response:
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if not csrf or not hmac.compare_digest(csrf.encode(), cookie.encode()):
            return login_page(request, "登录页已过期或不是从本平台打开的；请重新输入后登录。", next, login, 403)
        with console.store.session() as s:
            try:
                user = accounts.authenticate(s, login, password, address(request))
            except FydeskError as exc:
                accounts.audit(s, None, address(request), "login_failed", exc.message, login=login.strip())
                failure, status = exc.message, 429 if isinstance(exc, accounts.Throttled) else 401
            else:
                failure = None
                token = accounts.start_session(s, user)
                accounts.audit(s, None, address(request), "login", f"{ROLES[user.role]}", login=user.login)
                target = _safe_next(next) or PREFIX + HOME[user.role]
        if failure is not None:
            return login_page(request, failure, next, login, status)
        response = RedirectResponse(target, status_code=303)
        _set_cookie(response, request, COOKIE, token)
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    @r.post("/logout")
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf) as (s, viewer):
            accounts.end_session(s, viewer)
            accounts.audit(s, viewer, address(request), "logout")
        response = RedirectResponse(PREFIX + "/login", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    @r.get("/password", response_class=HTMLResponse)
    def password_form(request: Request) -> Response:
        with console.page(request) as (_s, viewer):
            return render(request, "password.html", viewer)

    @r.post("/password", response_class=HTMLResponse)
    def password(request: Request, csrf: Annotated[str, Form()] = "", old: Annotated[str, Form()] = "",
                 new: Annotated[str, Form()] = "", again: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf) as (s, viewer):
            user = s.get(accounts.ConsoleUser, viewer.user_id)
            try:
                accounts.authenticate(s, viewer.login, old, address(request))
                if new != again:
                    raise FydeskError("两次输入的新密码不一致。")
                accounts.set_password(s, user, new)
            except FydeskError as exc:
                error = exc.message
            else:
                accounts.audit(s, viewer, address(request), "password", "本人修改密码")
                error = None
        if error:
            return render(request, "password.html", viewer, status=400, error=error)
        response = RedirectResponse(PREFIX + "/login", status_code=303)  # every session ended
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    @r.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, page: int = 1) -> Response:
        page = max(1, min(page, 10_000))
        with console.page(request, COORDINATOR) as (s, viewer):
            rows = accounts.audit_rows(s, limit=100, offset=(page - 1) * 100)
            return render(request, "audit.html", viewer, rows=rows, page=page, actions=ACTIONS)
