"""The console's pages: the city's and an office's figures, 需协调, and IT's offices, codes, devices and users."""

from __future__ import annotations

from typing import Annotated

from datetime import date, timedelta
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from fydesk.domain import codes as domain_codes
from fydesk.domain.errors import FydeskError

from fydesk.sync.protocol import MAX_NOTE_LENGTH

from fydesk.domain.stats import SUCCESS_DENOMINATORS

from .. import admin, bulletin, coordination, figures
from ..codesheet import code_sheet_pdf, expiry_text
from ..models import ConsoleUser, HubOffice
from . import accounts
from .accounts import COORDINATOR, GROUP, IT, ROLES, VIEWER
from .web import PREFIX, Console, Refused, address, render

Csrf = Annotated[str, Form()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _see_other(path: str, notice: str | None = None, query: str = "") -> RedirectResponse:
    parts = [q for q in (query, f"notice={quote(notice)}" if notice else "") if q]
    return RedirectResponse(PREFIX + path + ("?" + "&".join(parts) if parts else ""), status_code=303)


def routes(r: APIRouter, console: Console) -> None:
    from . import scoreboard

    _figures_routes(r, console)
    scoreboard.routes(r, console)
    _it_routes(r, console)
    _coordination_routes(r, console)


CITY_READERS = (COORDINATOR, GROUP)


def _last_month(today: date | None = None) -> str:
    """The month superiors ask about: the one that ended last."""
    first = (today or date.today()).replace(day=1)
    return f"{(first - timedelta(days=1)):%Y-%m}"


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:g}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _charts(fig: dict) -> dict:
    return {"areas": {"names": [a["area_name"] for a in fig["areas"]],
                      "rates": [a["rate_per_10k"] for a in fig["areas"]]},
            "trend": {"months": [t["month"] for t in fig["trend"]],
                      "accepted": [t["accepted"] for t in fig["trend"]],
                      "succeeded": [t["succeeded"] for t in fig["trend"]]}}


def _office_for(s, viewer, code: str | None) -> HubOffice:
    """The office whose figures are asked for: a viewer's own only; the city's readers any."""
    if viewer.role == VIEWER:
        if code is not None and code != viewer.office_code:
            raise Refused("单位查看账号只能查看本单位的数据。")
        code = viewer.office_code
    office = s.scalar(select(HubOffice).where(HubOffice.code == code)) if code else None
    if office is None:
        raise Refused(f"没有代码为 {code} 的单位。", status=404)
    return office


def _figures(s, period: str | None, denominator: str, office: HubOffice | None) -> dict:
    try:
        return figures.city_figures(s, period or _last_month(), denominator, office_id=office.id if office else None)
    except FydeskError as exc:
        raise Refused(exc.message, status=400) from None


def _figures_routes(r: APIRouter, console: Console) -> None:
    def page(request, s, viewer, fig: dict, title: str, here: str, bulletin: bool) -> HTMLResponse:
        return render(request, "figures.html", viewer, fig=fig, title=title, here=here, bulletin=bulletin,
                      charts=_charts(fig), denominators=SUCCESS_DENOMINATORS, pct=_pct, num=_num,
                      office_link=viewer.role in CITY_READERS)

    def download(request, s, viewer, fig: dict, what: str, data: bytes, media: str, name: str) -> Response:
        accounts.audit(s, viewer, address(request), "download", f"{what}（{fig['scope']}，{fig['period']}）")
        return Response(data, media_type=media, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "Cache-Control": "no-store"})

    @r.get("/city", response_class=HTMLResponse)
    def city(request: Request, period: str | None = None, denominator: str = "accepted") -> Response:
        with console.page(request, *CITY_READERS) as (s, viewer):
            fig = _figures(s, period, denominator, None)
            return page(request, s, viewer, fig, "全市概览", PREFIX + "/city", True)

    @r.get("/city/figures.xlsx")
    def city_xlsx(request: Request, period: str | None = None, denominator: str = "accepted") -> Response:
        with console.page(request, *CITY_READERS) as (s, viewer):
            fig = _figures(s, period, denominator, None)
            return download(request, s, viewer, fig, "全市概览表格", figures.figures_xlsx(fig), XLSX,
                            f"全市概览-{fig['period']}.xlsx")

    @r.get("/city/bulletin.pdf")
    def city_bulletin(request: Request, period: str | None = None, denominator: str = "accepted") -> Response:
        with console.page(request, *CITY_READERS) as (s, viewer):
            fig = _figures(s, period, denominator, None)
            pdf = bulletin.bulletin_pdf(s, fig["period"], denominator)
            return download(request, s, viewer, fig, "全市月度通报", pdf, "application/pdf",
                            f"全市月度通报-{fig['period']}.pdf")

    @r.get("/office", response_class=HTMLResponse)
    def own_office(request: Request) -> Response:
        with console.page(request, VIEWER) as (s, viewer):
            return _see_other(f"/office/{quote(viewer.office_code, safe='')}")

    @r.get("/office/{code}", response_class=HTMLResponse)
    def office_page(request: Request, code: str, period: str | None = None, denominator: str = "accepted") -> Response:
        with console.page(request, VIEWER, *CITY_READERS) as (s, viewer):
            office = _office_for(s, viewer, code)
            fig = _figures(s, period, denominator, office)
            return page(request, s, viewer, fig, office.name, f"{PREFIX}/office/{quote(office.code, safe='')}", False)

    @r.get("/office/{code}/figures.xlsx")
    def office_xlsx(request: Request, code: str, period: str | None = None, denominator: str = "accepted") -> Response:
        with console.page(request, VIEWER, *CITY_READERS) as (s, viewer):
            office = _office_for(s, viewer, code)
            fig = _figures(s, period, denominator, office)
            return download(request, s, viewer, fig, "单位概览表格", figures.figures_xlsx(fig), XLSX,
                            f"{office.name}-{fig['period']}.xlsx")


AGES = (("", "不限"), ("1", "1 天以上"), ("7", "7 天以上"), ("30", "30 天以上"))


def _conflicts_page(request: Request, s, viewer, office: str | None, age: str | None, status: int = 200,
                    **more) -> HTMLResponse:
    offices = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
    chosen = next((o for o in offices if o.code == office), None)
    min_age = int(age) if age and age.isdigit() else None
    rows = coordination.open_conflicts(s, chosen.id if chosen else None, min_age)
    return render(request, "conflicts.html", viewer, status=status, rows=rows, offices=offices, office=chosen,
                  age=str(min_age or ""), ages=AGES, max_note=MAX_NOTE_LENGTH, **more)


def _coordination_routes(r: APIRouter, console: Console) -> None:
    @r.get("/conflicts", response_class=HTMLResponse)
    def conflicts(request: Request, office: str | None = None, age: str | None = None,
                  notice: str | None = None) -> Response:
        with console.page(request, COORDINATOR) as (s, viewer):
            return _conflicts_page(request, s, viewer, office, age, notice=notice)

    @r.post("/conflicts/{conflict_id}/note", response_class=HTMLResponse)
    def conflict_note(request: Request, conflict_id: int, csrf: Csrf = "", text: Annotated[str, Form()] = "",
                      office: Annotated[str, Form()] = "", age: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            try:
                with s.begin_nested():
                    note = coordination.add_note(s, conflict_id, f"{ROLES[COORDINATOR]}·{viewer.name}", text)
            except FydeskError as exc:
                return _conflicts_page(request, s, viewer, office, age, status=400, error=exc.message,
                                       failed_id=conflict_id, failed_text=text)
            accounts.audit(s, viewer, address(request), "note", f"第 {conflict_id} 号：{note.text}")
        query = urlencode({k: v for k, v in (("office", office), ("age", age)) if v})
        return _see_other("/conflicts", "已留言；有关单位下次同步时收到。", query)


def _offices_page(request: Request, s, viewer, status: int = 200, **more) -> HTMLResponse:
    return render(request, "offices.html", viewer, status=status, offices=admin.list_offices(s),
                  kinds=domain_codes.OFFICE_KINDS, **more)


def _codes_page(request: Request, s, viewer, status: int = 200, **more) -> HTMLResponse:
    offices = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
    return render(request, "codes.html", viewer, status=status, offices=offices, codes=admin.list_codes(s),
                  hub_url=_hub_url(request), **more)


def _hub_url(request: Request) -> str:
    """The address this browser reached the hub at: the one the office PCs will use too."""
    return str(request.base_url).rstrip("/")


def _devices_page(request: Request, s, viewer, office: str | None, status: int = 200, **more) -> HTMLResponse:
    offices = list(s.scalars(select(HubOffice).order_by(HubOffice.code)))
    chosen = next((o for o in offices if o.code == office), None)
    rows = admin.list_devices(s, chosen.id if chosen else None)
    return render(request, "devices.html", viewer, status=status, devices=rows, offices=offices,
                  office=chosen, silent_days=admin.SILENT_DAYS, **more)


def _it_routes(r: APIRouter, console: Console) -> None:
    @r.get("/offices", response_class=HTMLResponse)
    def offices(request: Request, notice: str | None = None) -> Response:
        with console.page(request, IT) as (s, viewer):
            return _offices_page(request, s, viewer, notice=notice)

    @r.post("/offices/{office_id}", response_class=HTMLResponse)
    def office_edit(request: Request, office_id: str, csrf: Csrf = "", name: Annotated[str, Form()] = "",
                    kind: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            if s.get(HubOffice, office_id) is None:
                raise Refused("没有这个单位。", status=404)
            try:
                with s.begin_nested():
                    office = admin.edit_office(s, office_id, name=name, kind=kind)
            except FydeskError as exc:
                return _offices_page(request, s, viewer, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "office_edit", f"{office.code}：{office.name}，{office.kind}")
        return _see_other("/offices", f"已修改单位：{office.name}（{office.code}）；各电脑下次同步时更新。")

    @r.get("/codes", response_class=HTMLResponse)
    def codes(request: Request) -> Response:
        with console.page(request, IT) as (s, viewer):
            return _codes_page(request, s, viewer)

    @r.post("/codes", response_class=HTMLResponse)
    def codes_make(request: Request, csrf: Csrf = "", office: Annotated[str, Form()] = "",
                   count: Annotated[str, Form()] = "1") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                if not count.strip().isdigit():
                    raise FydeskError("个数须为 1 至 1000 之间的整数。")
                with s.begin_nested():
                    batch = admin.make_codes(s, office, int(count))
            except FydeskError as exc:
                return _codes_page(request, s, viewer, status=400, error=exc.message,
                                   form={"office": office, "count": count})
            accounts.audit(s, viewer, address(request), "codes", f"{batch.office_name}（{batch.office_code}）"
                           f" {len(batch.codes)} 个")
            return render(request, "codes_made.html", viewer, batch=batch, hub_url=_hub_url(request),
                          expires=expiry_text(batch.expires_at))

    @r.post("/codes/sheet.pdf")
    def code_sheet(request: Request, csrf: Csrf = "", office: Annotated[str, Form()] = "",
                   hub_url: Annotated[str, Form()] = "", codes: Annotated[list[str] | None, Form()] = None) -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                batch = admin.codes_to_print(s, office, codes or [])
                pdf = code_sheet_pdf(batch.office_name, batch.office_code, hub_url, batch.codes, batch.expires_at)
            except FydeskError as exc:
                raise Refused(exc.message, status=400) from None
            accounts.audit(s, viewer, address(request), "code_sheet", f"{batch.office_name} {len(batch.codes)} 个")
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f"attachment; filename=\"enroll-codes-{batch.office_code}.pdf\"",
            "Cache-Control": "no-store"})

    @r.get("/devices", response_class=HTMLResponse)
    def devices(request: Request, office: str | None = None, notice: str | None = None) -> Response:
        with console.page(request, IT) as (s, viewer):
            return _devices_page(request, s, viewer, office, notice=notice)

    @r.post("/devices/{device_id}/revoke", response_class=HTMLResponse)
    def device_revoke(request: Request, device_id: str, csrf: Csrf = "",
                      reason: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                with s.begin_nested():
                    device = admin.revoke_device(s, device_id, reason)
            except FydeskError as exc:
                return _devices_page(request, s, viewer, None, status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "revoke", f"{device.name}（{device.id}）：{device.revoked_reason}")
        return _see_other("/devices", f"已停用设备“{device.name}”；它下次同步时会看到停用原因。")

    @r.post("/offices", response_class=HTMLResponse)
    def office_add(request: Request, csrf: Csrf = "", code: Annotated[str, Form()] = "",
                   name: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, IT) as (s, viewer):
            try:
                with s.begin_nested():
                    office = admin.add_office(s, code, name, kind)
            except FydeskError as exc:
                return _offices_page(request, s, viewer, status=400, error=exc.message,
                                     form={"code": code, "name": name, "kind": kind})
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
