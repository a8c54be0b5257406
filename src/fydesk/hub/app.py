"""The hub's HTTP API: enroll, push, pull, leases, attachment bodies and time, one router per resource."""

import json
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic_core import from_json
from sqlalchemy import Text, func, literal_column, select, type_coerce
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from fydesk import __version__
from fydesk.domain.errors import FydeskError
from fydesk.sync import protocol as p

from . import auth, telemetry
from . import blobs as bodies
from .apply import Pusher, apply_batch, joint_push, lock_push, stored_response
from .bodylimit import BodyLimit
from .console.web import console_error, console_page
from .models import ChangeEntry, ChangeScope, Device, Lease, Record, utcnow
from .store import HubStore
from .wire import (
    ALWAYS,
    DEVICE,
    HTTP_LAYER,
    ErrorBodyResponse,
    errors,
    invalid_request_message,
    status_error,
)
from .writer import HORIZON, RecordTaken, lock_leases, log_position


class HubError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as s:
        yield s


def _versions(protocol: Annotated[int | None, Header(alias=p.HEADER_PROTOCOL)] = None) -> None:
    if protocol is None or not p.MIN_PROTOCOL_VERSION <= protocol <= p.PROTOCOL_VERSION:
        raise HubError(426, "upgrade_required",
                       f"客户端协议版本 {protocol} 不受支持（需 {p.MIN_PROTOCOL_VERSION}–"
                       f"{p.PROTOCOL_VERSION}），请升级 fydesk。")


# scope="function": commit before the reply is sent. FastAPI's default for a dependency with
# yield ("request") runs the code after yield, our commit, only after the response has gone out,
# so a client could be told "applied" for a batch whose commit then failed, and a read right
# after a reply could miss what that reply reported (seen on PostgreSQL, where a reader does not
# wait for the writer as SQLite's BEGIN IMMEDIATE makes it).
SessionDep = Annotated[Session, Depends(_session, scope="function")]


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` header; the scheme's case does not matter
    (RFC 9110 §11.1). Anything else is no token."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def revoked_message(reason: str | None) -> str:
    why = f"（原因：{reason.rstrip('。')}）" if reason else ""
    return f"本机已被信息管理员停用{why}，不能再同步；已保存的数据不受影响。"


def _authenticate(s: Session, authorization: str | None, report: telemetry.DeviceReport | None = None) -> Pusher:
    """The device of this token, refused when revoked; what it reports of itself is kept on the
    row just loaded, written with last_seen_at in one UPDATE (no query of its own)."""
    token = bearer_token(authorization)
    found = auth.device_for_token(s, token) if token else None
    if found is None:
        raise HubError(401, "unauthorized", "设备令牌无效，请重新登记本机。", {"WWW-Authenticate": "Bearer"})
    device, office = found
    if device.revoked_at is not None:
        raise HubError(403, "revoked", revoked_message(device.revoked_reason))
    device.last_seen_at = utcnow()
    telemetry.note(device, report)
    return Pusher(device, office)


async def _report(
    app: Annotated[str | None, Header(alias=p.HEADER_APP)] = None,
    waiting: Annotated[str | None, Header(alias=p.HEADER_OPS_WAITING,
                                          description="ops waiting in the device's outbox")] = None,
    client_time: Annotated[str | None, Header(alias=p.HEADER_CLIENT_TIME,
                                              description="the device's clock, ISO 8601 with its zone")] = None,
) -> telemetry.DeviceReport:
    """Read as text, whatever comes: a value the hub cannot read is dropped, never a 422.
    Async: read on arrival, with no trip through a worker thread."""
    return telemetry.read(app, waiting, client_time)


Report = Annotated[telemetry.DeviceReport, Depends(_report)]


def _current(s: SessionDep, report: Report, authorization: Annotated[str | None, Header()] = None) -> Pusher:
    return _authenticate(s, authorization, report)


CurrentDevice = Annotated[Pusher, Depends(_current)]


def _check_series(s: Session, body: p.LeaseRequest, office_id: str) -> None:
    """Agreement numbers belong to one mediation body of the asking office, named by body_id;
    the office's own series (cases, suggestions) name none."""
    if body.series != "agreement":
        if body.body_id is not None:
            raise HubError(422, "bad_request", "只有协议编号按调解组织分配：案号和司法建议编号不能指定调解组织。")
        return
    if body.body_id is None:
        raise HubError(422, "bad_request", "申请协议编号须指明调解组织（body_id）。")
    found = s.get(Record, body.body_id)
    if found is None or found.entity != "mediation_body" or found.deleted_at is not None:
        raise HubError(404, "not_found", "市级平台上没有这个调解组织；请先同步本机的调解组织，再申请协议编号。")
    if found.owner_office_id != office_id or found.data.get("office_id") != office_id:
        raise HubError(403, "forbidden", "该调解组织不属于本单位，不能为它申请协议编号。")
Authorization = Annotated[str | None, Header()]

# Requests that touch the database run in worker threads, at most this many at once, each
# with its own session from start to commit. Fewer than the pool's connections: a request
# holding a connection never waits for a thread, and one waiting for a thread holds nothing.
# (A dependency-provided session held a connection while the endpoint queued for a thread;
# 200 devices at once exhausted the pool and every request timed out.)
DB_WORKERS = 8


def push_batch(store: HubStore, authorization: str | None, body: p.PushRequest,
               report: telemetry.DeviceReport | None = None) -> p.PushResponse:
    """One push, one transaction, committed before the answer leaves; tried once more if
    another office's push, committed meanwhile, made a record of an id this batch makes new
    (writer.LogWriter._flush_postgresql): the second try finds that record there."""
    try:
        return _push_once(store, authorization, body, report)
    except RecordTaken:
        return _push_once(store, authorization, body, report)


def _push_once(store: HubStore, authorization: str | None, body: p.PushRequest,
               report: telemetry.DeviceReport | None = None) -> p.PushResponse:
    """A hub that went back (restored from a backup) applies nothing: it holds fewer of the
    device's ops than it acknowledged, or the change the PC last pulled is not there as the
    PC saw it, so the ops' base revs would name changes the PC never saw."""
    # Nothing written before the locks (writer.py says why); the device's row (last seen, last
    # sync, ops acknowledged) written once, as the transaction commits with the answer.
    with store.session() as s, s.no_autoflush:
        who = _authenticate(s, authorization, report)
        lock_push(s, who.office.id, joint_push(body))
        telemetry.synced(s, who.device, utcnow())
        head, moved = log_position(s, body.cursor, body.cursor_tag)
        replay = stored_response(s, who.device, body.batch_id, head)
        if replay is not None:
            return replay
        held = who.device.acked_op_seq or 0
        if held < body.acked_before or moved:
            return p.PushResponse(batch_id=body.batch_id, results=[], hub_time=utcnow(), device_acked=held,
                                  head=head, cursor_unknown=moved)
        return apply_batch(s, who, body, head)


@dataclass
class PulledPage:
    """A page of an office's changes as the hub sends it. Each change's fields and conflicts
    go out as the JSON text the log holds, each checked when it was pushed: spliced into the
    answer, never parsed and written again (which was half a pull's time on the hub)."""

    rows: list[Sequence[Any]]  # _PAGE_COLUMNS, fields and conflicts as stored text
    cursor: int
    more: bool
    device_acked: int
    head: int
    cursor_unknown: bool
    hub_time: datetime = field(default_factory=utcnow)

    def json(self) -> bytes:
        changes = [{**dict(zip(_PAGE_NAMES, row[:-2])), "fields": orjson.Fragment(row[-2]),
                    "conflicts": orjson.Fragment(row[-1] or "[]")} for row in self.rows]
        return orjson.dumps({"changes": changes, "cursor": self.cursor, "more": self.more,
                             "hub_time": self.hub_time.replace(tzinfo=UTC), "device_acked": self.device_acked,
                             "head": self.head, "cursor_unknown": self.cursor_unknown}, option=orjson.OPT_UTC_Z)


def pull_page(store: HubStore, authorization: str | None, cursor: int, limit: int,
              tag: str | None = None, report: telemetry.DeviceReport | None = None) -> PulledPage:
    """The office's changes past `cursor`; none if the change there is not the one the PC
    pulled (tagged `tag`): the hub went back, and the PC must ask from an earlier point."""
    with store.session() as s:
        with s.no_autoflush:  # read before this transaction writes: it is not among those running
            who = _authenticate(s, authorization, report)
            head, moved = log_position(s, cursor, tag)
            rows: list[Sequence[Any]] = []
            if not moved:
                seqs = select(ChangeScope.seq).where(
                    ChangeScope.office_id.in_((who.office.id, "*")), ChangeScope.seq > cursor,
                ).order_by(ChangeScope.seq).limit(limit)
                if s.get_bind().dialect.name == "postgresql":
                    # Only below every transaction still running (writer.py): none of them can
                    # log a seq the PC would then have passed.
                    seqs = seqs.where(ChangeScope.seq < literal_column(HORIZON))
                # Core, not the ORM: the page is plain rows, and the ORM's statement machinery
                # cost a fifth of a pull.
                rows = s.connection().execute(select(*_PAGE_COLUMNS).where(ChangeEntry.seq.in_(seqs))
                                              .order_by(ChangeEntry.seq)).all()
        telemetry.synced(s, who.device, utcnow())
    if rows:
        # On PostgreSQL each statement sees what had committed when it began: a push may have
        # landed between reading the head and reading the page.
        head = max(head, rows[-1][0])
    return PulledPage(rows, cursor=rows[-1][0] if rows else cursor, more=len(rows) == limit,
                      device_acked=who.device.acked_op_seq or 0, head=head, cursor_unknown=moved)


# A change's columns as the protocol names them, its JSON last and read as the text it is kept as.
_PAGE_NAMES = [name for name in p.Change.model_fields if name not in ("fields", "conflicts")]
_PAGE_COLUMNS = [*(getattr(ChangeEntry, name) for name in _PAGE_NAMES),
                 type_coerce(ChangeEntry.fields, Text), type_coerce(ChangeEntry.conflicts, Text)]
RESENT_BY = "市级平台（补发）"


def fetch_records(store: HubStore, authorization: str | None, body: p.FetchRequest,
                  report: telemetry.DeviceReport | None = None) -> p.FetchResponse:
    """Records asked for again, whole, as far as the asking office may see them."""
    wanted = {(r.entity, r.record_id) for r in body.records}
    with store.session() as s:
        who = _authenticate(s, authorization, report)
        rows = s.scalars(select(Record).where(Record.record_id.in_([rid for _, rid in wanted]))).all()
        head, _ = log_position(s)
        changes = [
            p.Change(seq=r.rev, entity=r.entity, record_id=r.record_id, owner_office_id=r.owner_office_id,
                     op="insert", fields=r.data, deleted=r.deleted_at is not None,
                     needs_coordination=r.needs_coordination, author=RESENT_BY)
            for r in rows
            if (r.entity, r.record_id) in wanted and ("*" in r.scope or who.office.id in r.scope)
        ]
    return p.FetchResponse(changes=sorted(changes, key=lambda c: c.seq), hub_time=utcnow(), head=head)


def blob_call(store: HubStore, authorization: str | None, report: telemetry.DeviceReport | None, fn, *args):
    """One body request in its own short transaction (a piece of a few MB at most)."""
    with store.session() as s:
        return fn(s, _authenticate(s, authorization, report), *args)


def _json(answer: p.PushResponse | p.FetchResponse | p.BlobStatus) -> Response:
    """Serialised by pydantic straight to bytes; FastAPI's own path dumps, re-validates and
    encodes every change of a page again (about a hundred times slower on a full page)."""
    return Response(answer.model_dump_json(), media_type="application/json")


class _Request(Request):
    """A request whose JSON body pydantic's parser reads, in a third less time than the
    standard library's (what FastAPI uses) on a batch; as that one, it reads NaN and
    integers of any size, for the protocol's checks to refuse them with its own sentence."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = from_json(body, allow_inf_nan=True)
            except ValueError as exc:  # FastAPI answers this one with its 422
                raise json.JSONDecodeError(str(exc), body.decode("utf-8", "replace"), 0) from None
        return self._json


class _Route(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_Request(request.scope, request.receive))

        return route


def _body_limit(path: str) -> int:
    """Attachment pieces have a limit of their own; everything else is a batch at most."""
    return p.MAX_BLOB_PIECE if path.startswith("/v1/blobs/") else p.MAX_BATCH_BYTES


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return ErrorBodyResponse(p.ErrorBody(code=code, message=message), status, headers)


def create_app(store: HubStore) -> FastAPI:
    app = FastAPI(title="fydesk city hub", version=__version__,
                  description="The sync protocol between desk PCs and the city hub. Every answer "
                              "other than 2xx carries an ErrorBody: a stable code and one Chinese sentence.")
    app.state.store = store
    app.state.limiter = CapacityLimiter(DB_WORKERS)
    app.add_middleware(BodyLimit, limit_for=_body_limit)
    checked = [Depends(_versions)]

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> Response:
        return _error(exc.status, exc.code, exc.message, exc.headers)

    # FastAPI's own answers (its 422 with the offending input echoed back, which a NaN or a lone
    # surrogate made a 500; Starlette's 404, 405 and 413) become ErrorBody answers as well.
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if console_page(request):
            return console_error(request, 400, "请求的参数不对（可能是手工改过的网址）；请从页面上的链接或表单重新进入。")
        return _error(422, "bad_request", invalid_request_message(exc.errors()))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        status, code, message = status_error(exc.status_code, exc.detail)
        if console_page(request):
            return console_error(request, status, "没有这个页面。" if status == 404 else message)
        return _error(status, code, message, exc.headers)

    @app.exception_handler(Exception)
    async def _failed(request: Request, _exc: Exception) -> Response:
        if console_page(request):
            return console_error(request, 500, "市级平台处理此页时出错，已记录；请稍后再试。")
        return _error(500, "server_error", "市级平台处理请求时出错，已记录；本机数据不受影响，请稍后再同步。")

    enroll = APIRouter(prefix="/v1", tags=["enroll"], dependencies=checked, route_class=_Route)

    @enroll.post("/enroll", response_model=p.EnrollResponse, responses=errors(400, 429))
    def enroll_device(body: p.EnrollRequest, request: Request, s: SessionDep, report: Report) -> Any:
        address = request.client.host if request.client else "?"
        wait = auth.enroll_wait(s, address, body.office_code)
        if wait is not None:
            raise HubError(429, "too_many_requests",
                           f"登记码输错的次数过多，请 {-(-wait // 60)} 分钟后再试；如登记码无误，请向信息管理员核对。",
                           {"Retry-After": str(wait)})
        try:
            device, office, token = auth.redeem(s, body.code, body.device_name, body.attempt_id, body.office_code)
        except FydeskError as exc:
            auth.note_failure(s, address, body.office_code)
            # Answered, not raised: the failure just noted must be committed with the answer.
            return _error(400, "bad_request", exc.message)
        telemetry.note(device, report)  # IT sees the new PC's version before its first sync
        return p.EnrollResponse(device_id=device.id, token=token, hub_time=utcnow(),
                                office=p.OfficeInfo(id=office.id, code=office.code, name=office.name,
                                                    kind=office.kind))

    sync = APIRouter(prefix="/v1", tags=["sync"], dependencies=checked, route_class=_Route)

    @sync.post("/push", response_model=p.PushResponse)
    async def push(body: p.PushRequest, report: Report, authorization: Authorization = None) -> p.PushResponse:
        answer = await to_thread.run_sync(push_batch, app.state.store, authorization, body, report,
                                          limiter=app.state.limiter)
        return _json(answer)

    @sync.get("/pull", response_model=p.PullResponse)
    async def pull(report: Report, authorization: Authorization = None,
                   cursor: int = Query(0, ge=0, le=p.INT64_MAX),
                   limit: int = Query(1000, ge=1, le=p.MAX_PULL_PAGE),
                   tag: str | None = Query(None, max_length=32, pattern=p.NO_NUL)) -> p.PullResponse:
        """Changes past `cursor`; `tag`: that of the change at `cursor` as the PC pulled it."""
        page = await to_thread.run_sync(pull_page, app.state.store, authorization, cursor, limit, tag, report,
                                        limiter=app.state.limiter)
        return Response(page.json(), media_type="application/json")

    @sync.post("/records", response_model=p.FetchResponse)
    async def records(body: p.FetchRequest, report: Report, authorization: Authorization = None) -> p.FetchResponse:
        return _json(await to_thread.run_sync(fetch_records, app.state.store, authorization, body, report,
                                              limiter=app.state.limiter))

    leases = APIRouter(prefix="/v1", tags=["leases"], dependencies=checked, route_class=_Route)

    @leases.post("/leases", response_model=p.LeaseResponse, response_model_exclude_none=True,
                 responses=errors(403, 404, 409))
    def lease(body: p.LeaseRequest, s: SessionDep, who: CurrentDevice) -> p.LeaseResponse:
        _check_series(s, body, who.office.id)
        lock_leases(s, who.office.id)  # two devices are never given one block
        if body.request_id:
            given = s.scalar(select(Lease).where(Lease.device_id == who.device.id,
                                                 Lease.request_id == body.request_id))
            if given is not None:
                return p.LeaseResponse(grant=p.LeaseGrant(series=given.series, year=given.year, start=given.start,
                                                          end=given.end, body_id=given.body_id), hub_time=utcnow())
        last = s.scalar(select(func.max(Lease.end)).where(
            Lease.office_id == who.office.id, Lease.series == body.series, Lease.year == body.year,
            Lease.body_id.is_(None) if body.body_id is None else Lease.body_id == body.body_id))
        start = max((last or 0) + 1, body.min_start)
        if start + body.count - 1 > p.MAX_LEASE_NUMBER:
            raise HubError(409, "conflict", f"{body.year} 年的编号已分配到 {start - 1}，剩余的不足 {body.count} 个，"
                                            "无法再分配；请向信息管理员报告。")
        row = Lease(office_id=who.office.id, device_id=who.device.id, series=body.series, body_id=body.body_id,
                    year=body.year, start=start, end=start + body.count - 1, request_id=body.request_id)
        s.add(row)
        grant = p.LeaseGrant(series=body.series, year=body.year, start=row.start, end=row.end, body_id=body.body_id)
        return p.LeaseResponse(grant=grant, hub_time=utcnow())

    @app.exception_handler(bodies.BlobError)
    async def _blob_error(_request: Request, exc: bodies.BlobError) -> JSONResponse:
        body = p.ErrorBody(code=exc.code, message=exc.message)
        return JSONResponse(body.model_dump(), status_code=exc.status)

    # Bodies have a channel of their own: a large file never waits in, or holds up, a record batch.
    # Every parameter is taken as text and checked by the hub itself, so a malformed request is
    # answered with an ErrorBody and a status the route declares, never FastAPI's own 422.
    def _blob_versions(protocol: Annotated[str | None, Header(alias=p.HEADER_PROTOCOL)] = None) -> None:
        _versions(bodies.number(protocol))

    blobs = APIRouter(prefix="/v1/blobs", tags=["blobs"], dependencies=[Depends(_blob_versions)])
    refused = {status: {"model": p.ErrorBody} for status in (400, 401, 403, 404, 426)}
    too_large = f"每次最多上传 {p.MAX_BLOB_PIECE // (1024 * 1024)} MB。"

    async def _in_worker(fn, authorization: str | None, report: telemetry.DeviceReport, *args):
        return await to_thread.run_sync(blob_call, app.state.store, authorization, report, fn, *args,
                                        limiter=app.state.limiter)

    @blobs.head("/{sha256}", responses=refused)
    async def blob_head(sha256: str, report: Report, authorization: Authorization = None) -> Response:
        """This office's view of the body, in the X-Fydesk-Blob-* headers: its size once this
        office may read it, how much of this office's own upload the hub holds, whether it is
        readable (Complete) and whether this office sent it whole itself (Uploaded)."""
        st = await _in_worker(bodies.status, authorization, report, sha256)
        return Response(status_code=200, headers={
            p.HEADER_BLOB_SIZE: str(st.size), p.HEADER_BLOB_RECEIVED: str(st.received),
            p.HEADER_BLOB_COMPLETE: "1" if st.complete else "0",
            p.HEADER_BLOB_UPLOADED: "1" if st.uploaded else "0"})

    @blobs.put("/{sha256}", response_model=p.BlobStatus,
               responses={**refused, **{status: {"model": p.ErrorBody} for status in (409, 413, 422)}})
    async def blob_put(sha256: str, request: Request, report: Report,
                       offset: Annotated[str | None, Query(description="where this piece starts: as many bytes "
                                                           "as the hub holds of this office's upload")] = None,
                       size: Annotated[str | None, Header(alias=p.HEADER_BLOB_SIZE,
                                                         description="the whole body's size in bytes")] = None,
                       authorization: Authorization = None) -> Response:
        """Append one piece of this office's upload at `offset` (what the hub holds of it), the
        whole body being X-Fydesk-Blob-Size bytes; the hash is checked at the last byte."""
        at, total = bodies.piece_params(offset, size)
        if (bodies.number(request.headers.get("content-length")) or 0) > p.MAX_BLOB_PIECE:
            raise HubError(413, "payload_too_large", too_large)
        await _in_worker(bodies.may_send, authorization, report, sha256)
        data = bytearray()  # a body cut short never gets past here: nothing is stored
        async for part in request.stream():
            data += part
            if len(data) > p.MAX_BLOB_PIECE:
                raise HubError(413, "payload_too_large", too_large)
        st, refusal = await _in_worker(bodies.append, authorization, report, sha256, at, total, bytes(data))
        if refusal is not None:  # raised only now: what it threw away is committed
            raise refusal
        return _json(st)

    @blobs.get("/{sha256}", response_class=Response,
               responses={**refused, 206: {"description": "The part asked for, as Content-Range says"},
                          416: {"model": p.ErrorBody}})
    async def blob_get(sha256: str, report: Report, range_: Annotated[str | None, Header(alias="Range")] = None,
                       authorization: Authorization = None) -> Response:
        """A body this office may read, or the part a Range header asks for (at most a few MB
        per answer); 206 with Content-Range for a part."""
        data, start, total = await _in_worker(bodies.read, authorization, report, sha256, range_)
        partial = range_ is not None or len(data) < total
        headers = {"Accept-Ranges": "bytes"}
        if partial and data:
            headers["Content-Range"] = f"bytes {start}-{start + len(data) - 1}/{total}"
        return Response(data, status_code=206 if partial and data else 200,
                        media_type="application/octet-stream", headers=headers)

    @app.get("/v1/time", tags=["time"], response_model=p.TimeResponse)
    def hub_time() -> p.TimeResponse:
        return p.TimeResponse(hub_time=utcnow(), protocol=p.PROTOCOL_VERSION)

    # What these routes may answer besides their own: the body limit, the request's validation,
    # the version check; and for a device's requests, its token.
    for router, more in ((enroll, ALWAYS), (sync, {**ALWAYS, **DEVICE}), (leases, {**ALWAYS, **DEVICE}),
                         (blobs, HTTP_LAYER)):
        app.include_router(router, responses=more)

    from .console import install as install_console

    install_console(app, store)
    return app


def device_rows(s: Session) -> list[Device]:
    return list(s.scalars(select(Device).order_by(Device.created_at)))
