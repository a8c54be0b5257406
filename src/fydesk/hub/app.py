"""The hub's HTTP API: enroll, push, pull, leases and time, one router per resource."""

from typing import Annotated, Iterator

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fydesk import __version__
from fydesk.domain.errors import FydeskError
from fydesk.sync import protocol as p

from . import auth
from .apply import Pusher, apply_batch, lock_log, stored_response
from .models import ChangeEntry, ChangeScope, Device, HubOffice, Lease, utcnow
from .store import HubStore


class HubError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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


def _current(s: SessionDep, authorization: Annotated[str | None, Header()] = None) -> Pusher:
    token = (authorization or "").removeprefix("Bearer ").strip()
    device = auth.device_for_token(s, token) if token else None
    if device is None:
        raise HubError(401, "unauthorized", "设备令牌无效，请重新登记本机。")
    if device.revoked_at is not None:
        raise HubError(403, "revoked", "本机已被信息管理员停用，不能再同步；已保存的数据不受影响。")
    device.last_seen_at = utcnow()
    return Pusher(device, s.get(HubOffice, device.office_id))


CurrentDevice = Annotated[Pusher, Depends(_current)]


def create_app(store: HubStore) -> FastAPI:
    app = FastAPI(title="fydesk city hub", version=__version__,
                  description="The sync protocol between desk PCs and the city hub.")
    app.state.store = store
    checked = [Depends(_versions)]

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        body = p.ErrorBody(code=exc.code, message=exc.message)
        return JSONResponse(body.model_dump(), status_code=exc.status)

    enroll = APIRouter(prefix="/v1", tags=["enroll"], dependencies=checked)

    @enroll.post("/enroll", response_model=p.EnrollResponse, responses={400: {"model": p.ErrorBody}})
    def enroll_device(body: p.EnrollRequest, s: SessionDep) -> p.EnrollResponse:
        try:
            device, office, token = auth.redeem(s, body.code, body.device_name)
        except FydeskError as exc:
            raise HubError(400, "bad_request", exc.message) from None
        return p.EnrollResponse(device_id=device.id, token=token, hub_time=utcnow(),
                                office=p.OfficeInfo(id=office.id, code=office.code, name=office.name,
                                                    kind=office.kind))

    sync = APIRouter(prefix="/v1", tags=["sync"], dependencies=checked)

    @sync.post("/push", response_model=p.PushResponse,
               responses={401: {"model": p.ErrorBody}, 403: {"model": p.ErrorBody}})
    def push(body: p.PushRequest, s: SessionDep, who: CurrentDevice) -> p.PushResponse:
        lock_log(s)
        replay = stored_response(s, who.device.id, body.batch_id)
        if replay is not None:
            return replay
        return apply_batch(s, who, body)

    @sync.get("/pull", response_model=p.PullResponse, responses={401: {"model": p.ErrorBody}})
    def pull(s: SessionDep, who: CurrentDevice, cursor: int = Query(0, ge=0),
             limit: int = Query(1000, ge=1, le=p.MAX_PULL_PAGE)) -> p.PullResponse:
        seqs = select(ChangeScope.seq).where(
            ChangeScope.office_id.in_((who.office.id, "*")), ChangeScope.seq > cursor,
        ).order_by(ChangeScope.seq).limit(limit)
        rows = s.scalars(select(ChangeEntry).where(ChangeEntry.seq.in_(seqs)).order_by(ChangeEntry.seq)).all()
        changes = [p.Change(seq=r.seq, entity=r.entity, record_id=r.record_id,
                            owner_office_id=r.owner_office_id, op=r.op, fields=r.fields, deleted=r.deleted,
                            needs_coordination=r.needs_coordination, conflicts=r.conflicts, author=r.author)
                   for r in rows]
        return p.PullResponse(changes=changes, cursor=changes[-1].seq if changes else cursor,
                              more=len(changes) == limit, hub_time=utcnow())

    leases = APIRouter(prefix="/v1", tags=["leases"], dependencies=checked)

    @leases.post("/leases", response_model=p.LeaseResponse)
    def lease(body: p.LeaseRequest, s: SessionDep, who: CurrentDevice) -> p.LeaseResponse:
        lock_log(s)  # the same lock keeps two devices from being given one block
        last = s.scalar(select(func.max(Lease.end)).where(
            Lease.office_id == who.office.id, Lease.series == body.series, Lease.year == body.year))
        start = max((last or 0) + 1, body.min_start)
        row = Lease(office_id=who.office.id, device_id=who.device.id, series=body.series,
                    year=body.year, start=start, end=start + body.count - 1)
        s.add(row)
        grant = p.LeaseGrant(series=body.series, year=body.year, start=row.start, end=row.end)
        return p.LeaseResponse(grant=grant, hub_time=utcnow())

    @app.get("/v1/time", tags=["time"])
    def hub_time() -> dict:
        return {"hub_time": utcnow().isoformat(), "protocol": p.PROTOCOL_VERSION}

    for router in (enroll, sync, leases):
        app.include_router(router)
    return app


def device_rows(s: Session) -> list[Device]:
    return list(s.scalars(select(Device).order_by(Device.created_at)))
