"""考核 in the console: the scoreboard for a period, its formula beside it, the weights the
coordinator sets, and the board as xlsx and PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fydesk.domain.errors import FydeskError

from .. import assessment
from . import accounts
from .accounts import COORDINATOR, GROUP
from .web import PREFIX, Console, Refused, address, render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _default_months(today: date | None = None) -> tuple[str, str]:
    """This year up to the month that ended last (January: the whole of last year)."""
    today = today or date.today()
    if today.month == 1:
        return f"{today.year - 1}-01", f"{today.year - 1}-12"
    return f"{today.year}-01", f"{today.year}-{today.month - 1:02d}"


def _board(s, start: str | None, end: str | None) -> assessment.Board:
    if not start:  # this year so far
        start, end = _default_months()
    try:
        return assessment.board(s, start, end or start)
    except FydeskError as exc:
        raise Refused(exc.message, status=400) from None


def routes(r: APIRouter, console: Console) -> None:
    def page(request, s, viewer, b: assessment.Board, status: int = 200, **more) -> HTMLResponse:
        return render(request, "assessment.html", viewer, status=status, board=b, measures=assessment.MEASURES,
                      formula=assessment.SCORE_FORMULA, may_weigh=viewer.role == COORDINATOR, **more)

    @r.get("/assessment", response_class=HTMLResponse)
    def board(request: Request, start: str | None = None, end: str | None = None,
              notice: str | None = None) -> Response:
        with console.page(request, COORDINATOR, GROUP) as (s, viewer):
            return page(request, s, viewer, _board(s, start, end), notice=notice)

    @r.post("/assessment/weights", response_class=HTMLResponse)
    def set_weights(request: Request, csrf: Annotated[str, Form()] = "", start: Annotated[str, Form()] = "",
                    end: Annotated[str, Form()] = "", mediation: Annotated[str, Form()] = "",
                    suggestions: Annotated[str, Form()] = "", petitions: Annotated[str, Form()] = "",
                    sync: Annotated[str, Form()] = "", tasks: Annotated[str, Form()] = "") -> Response:
        with console.form(request, csrf, COORDINATOR) as (s, viewer):
            values = {"tasks": tasks, "mediation": mediation, "suggestions": suggestions, "petitions": petitions,
                      "sync": sync}
            try:
                with s.begin_nested():
                    kept = assessment.set_weights(s, values, viewer.login)
            except FydeskError as exc:
                return page(request, s, viewer, _board(s, start or None, end or None), status=400, error=exc.message)
            accounts.audit(s, viewer, address(request), "weights",
                           "；".join(f"{m.label} {kept[m.key]}" for m in assessment.MEASURES))
        query = f"start={quote(start)}&end={quote(end)}&" if start else ""
        return RedirectResponse(f"{PREFIX}/assessment?{query}notice={quote('已保存权重。')}", status_code=303)

    def download(request, s, viewer, b: assessment.Board, what: str, data: bytes, media: str, name: str):
        accounts.audit(s, viewer, address(request), "download", f"{what}（{b.title}）")
        return Response(data, media_type=media, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "Cache-Control": "no-store"})

    @r.get("/assessment/board.xlsx")
    def board_xlsx(request: Request, start: str | None = None, end: str | None = None) -> Response:
        with console.page(request, COORDINATOR, GROUP) as (s, viewer):
            b = _board(s, start, end)
            return download(request, s, viewer, b, "考核表格", assessment.board_xlsx(b), XLSX, f"考核-{b.title}.xlsx")

    @r.get("/assessment/board.pdf")
    def board_pdf(request: Request, start: str | None = None, end: str | None = None) -> Response:
        with console.page(request, COORDINATOR, GROUP) as (s, viewer):
            b = _board(s, start, end)
            return download(request, s, viewer, b, "考核表", assessment.board_pdf(b), "application/pdf",
                            f"考核-{b.title}.pdf")
