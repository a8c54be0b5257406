"""The console's pages: the city's and an office's figures, 需协调, and IT's offices, codes, devices and users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from fydesk.domain import codes as domain_codes
from fydesk.domain.errors import FydeskError

from .. import admin
from ..models import ConsoleUser, HubOffice
from . import accounts
from .accounts import IT, ROLES
from .web import PREFIX, Console, Refused, address, render

Csrf = Annotated[str, Form()]


def _see_other(path: str, notice: str | None = None) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(PREFIX + path + (f"?notice={quote(notice)}" if notice else ""), status_code=303)


def routes(r: APIRouter, console: Console) -> None:
    _it_routes(r, console)


def _it_routes(r: APIRouter, console: Console) -> None:
    @r.get("/offices", response_class=HTMLResponse)
    def offices(request: Request, notice: str | None = None) -> Response:
        with console.page(request, IT) as (s, viewer):
            rows = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
            return render(request, "offices.html", viewer, offices=rows, kinds=domain_codes.OFFICE_KINDS,
                          notice=notice)

    @r.post("/offices", response_class=HTMLResponse)
    def office_add(request: Request, csrf: Csrf = "", code: Annotated[str, Form()] = "",
                   name: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                with s.begin_nested():
                    office = admin.add_office(s, code, name, kind)
            except FydeskError as exc:
                rows = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
                return render(request, "offices.html", viewer, status=400, offices=rows, error=exc.message,
                              kinds=domain_codes.OFFICE_KINDS, form={"code": code, "name": name, "kind": kind})
            accounts.audit(s, viewer, address(request), "office_add", f"{office.name}（{office.code}）")
        return _see_other("/offices", f"已登记单位：{office.name}（{office.code}）")

    @r.get("/users", response_class=HTMLResponse)
    def users(request: Request, notice: str | None = None) -> Response:
        with console.page(request, IT) as (s, viewer):
            return _users_page(request, s, viewer, notice=notice)

    @r.post("/users", response_class=HTMLResponse)
    def user_add(request: Request, csrf: Csrf = "", login: Annotated[str, Form()] = "",
                 name: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "",
                 office: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                with s.begin_nested():
                    user = accounts.add_user(s, login, name, role, password, office or None)
            except FydeskError as exc:
                return _users_page(request, s, viewer, status=400, error=exc.message,
                                   form={"login": login, "name": name, "role": role, "office": office})
            accounts.audit(s, viewer, address(request), "user_add", f"{user.login}（{ROLES[user.role]}）")
        return _see_other("/users", f"已新建账号 {user.login}。")

    @r.post("/users/{user_id}", response_class=HTMLResponse)
    def user_change(request: Request, user_id: int, csrf: Csrf = "", action: Annotated[str, Form()] = "",
                    password: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            user = s.get(ConsoleUser, user_id)
            if user is None:
                raise Refused("没有这个账号。", status=404)
            try:
                with s.begin_nested():
                    if action == "password":
                        accounts.set_password(s, user, password)
                        done, what = f"已为 {user.login} 重设密码。", "user_password"
                    elif action in ("disable", "enable"):
                        if user.id == viewer.user_id:
                            raise FydeskError("不能停用自己正在使用的账号。")
                        accounts.set_disabled(s, user, action == "disable")
                        done = f"已{'停用' if action == 'disable' else '启用'}账号 {user.login}。"
                        what = f"user_{action}"
                    else:
                        raise FydeskError("不明白要做什么。")
            except FydeskError as exc:
                return _users_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), what, user.login)
        return _see_other("/users", done)


def _users_page(request: Request, s, viewer, status: int = 200, **more) -> HTMLResponse:
    offices = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
    return render(request, "users.html", viewer, status=status, users=accounts.list_users(s), offices=offices,
                  min_password=accounts.MIN_PASSWORD, **more)
