"""One sync: push the outbox in batches, then pull and apply; plus enrollment and status."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from fydesk.domain.errors import ConfigError, FydeskError, ValidationError
from fydesk.models import (
    LocalSetting,
    MissedRecord,
    Office,
    OutboxOp,
    QuarantinedOp,
    SyncConflict,
    SyncLogEntry,
    new_id,
    utcnow,
)
from fydesk.policy import parse_hub_url
from fydesk.services import settings, setup
from fydesk.services.context import get_setting, load_actor, set_setting
from fydesk.store.engine import Store
from fydesk.store.migrate import SCHEMA_HEAD

from . import bodies, inbound, leases, outbox
from . import protocol as p
from .client import HubClient, HubError, PayloadTooLarge
from .conflicts import notes_of
from .credentials import CredentialStore


@dataclass
class SyncSummary:
    pushed: int = 0
    quarantined: int = 0
    pulled: int = 0
    refetched: int = 0  # of those pulled: records fetched whole after a change of them missed
    conflicts: int = 0
    pending: int = 0
    bodies_sent: int = 0
    bodies_fetched: int = 0
    skew_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _log(store: Store, kind: str, code: str, detail: str, batch_id: str | None = None) -> None:
    with store.write() as s:
        s.add(SyncLogEntry(kind=kind, code=code, detail=detail[:2000], batch_id=batch_id))


def _link(store: Store) -> tuple[str, str, str | None, str]:
    """The hub address and CA file to use (the policy may lock them), this PC's device id, and
    the address the device token was saved under: the one enrolled at, whatever the hub is
    reached by now (a policy or the user may point the PC at the hub's new address)."""
    with store.read() as s:
        enrolled, device = get_setting(s, "hub_url"), get_setting(s, "device_id")
        url = settings.value(s, store.policy, "hub_url")
        ca = settings.value(s, store.policy, "ca_file")
    if not enrolled or not url:
        raise ConfigError("本机尚未登记到市级平台：请先运行 fydesk enroll --hub 地址 --code 登记码。")
    return str(url), device or "", str(ca) if ca else None, enrolled


def hub_settings(store: Store) -> tuple[str, str, str | None]:
    """The hub address and CA file to use, and this PC's device id."""
    return _link(store)[:3]


def connect(store: Store, credentials: CredentialStore, *, passphrase: str | None = None,
            **client_args: Any) -> HubClient:
    """A client holding this PC's token; `passphrase` opens a token saved under one (without
    it such a token raises PassphraseRequired, and a wrong one refuses before anything moves)."""
    url, device, ca, enrolled = _link(store)
    token = credentials.load(enrolled, device, passphrase)
    if token is None:
        raise ConfigError("找不到本机的设备令牌（系统密钥环中没有）：请重新登记本机。")

    def current_token() -> str | None:
        # Re-read: `fydesk enroll` in another window may have given this PC a new device.
        _, now_device, _, now_enrolled = _link(store)
        return credentials.load(now_enrolled, now_device) if now_enrolled == enrolled else None

    client_args.setdefault("ops_waiting", lambda: ops_waiting(store))
    return HubClient(url, token=token, ca_file=ca, schema_version=SCHEMA_HEAD, reauthenticate=current_token,
                     **client_args)


def ops_waiting(store: Store) -> int | None:
    """The ops in the outbox, as this PC reports them to the hub; None when the count cannot be
    had now (the report is for IT's list, and never stops a sync)."""
    try:
        with store.read() as s:
            return outbox.pending(s)
    except SQLAlchemyError:
        return None


def token_locked(store: Store, credentials: CredentialStore) -> bool:
    """True when this PC is enrolled and its token waits behind a passphrase not yet given."""
    try:
        _, device, _, enrolled = _link(store)
    except ConfigError:
        return False
    return credentials.locked(enrolled, device)


def unlock(store: Store, credentials: CredentialStore, passphrase: str) -> None:
    """Open the token saved under a passphrase and keep it in `credentials` for this run."""
    _, device, _, enrolled = _link(store)
    credentials.load(enrolled, device, passphrase)


def sync(store: Store, client: HubClient, *, now: Callable[[], datetime] = utcnow,
         with_bodies: bool = True) -> SyncSummary:
    """Push everything pending, then pull until the hub has nothing more for this office;
    then attachment bodies (sync/bodies.py), which never hold up or fail the records.

    Each step commits on its own: batch ids before sending, an answer's settlement, each
    pulled page with its cursor. Killed at any point, the next sync picks up where this left.
    """
    summary = SyncSummary()
    try:
        leases.top_up(store, client, now().year)
        leases.replace_provisional_cases(store)
        # A second round only when the hub turns out to have been restored from a backup:
        # the ops it lost, put back in the outbox when the pull found that out, go again.
        for _round in range(2):
            restored = _push_all(store, client, summary, now)
            restored = _pull_all(store, client, summary, now) or restored
            if not restored:
                break
        # After the push: a body made on this PC must be on the hub before it leases numbers.
        for body_id, code, message in leases.top_up_agreements(store, client, now().year):
            _log(store, "lease", code, f"调解组织 {body_id} 的协议编号暂未取得：{message}")
        if leases.replace_provisional_agreements(store):
            _push_all(store, client, summary, now)
        _fetch_missed(store, client, summary)
    except HubError as exc:
        _log(store, "error", exc.code, exc.message)
        raise
    except FydeskError as exc:
        # Whatever stops a sync is shown by `sync status` and the 同步 page, not only raised.
        _log(store, "error", "sync", exc.message)
        raise
    except Exception as exc:
        _log(store, "error", "internal", f"同步中断：{type(exc).__name__}: {exc}")
        raise
    with store.write() as s:
        set_setting(s, "last_sync_at", now().isoformat(sep=" ", timespec="seconds"))
        summary.pending = s.scalar(select(func.count()).select_from(OutboxOp)) or 0
        s.add(SyncLogEntry(kind="pull", code="ok", detail=f"推送 {summary.pushed}，接收 {summary.pulled}"))
    if with_bodies:
        moved = bodies.transfer(store, client)
        summary.bodies_sent, summary.bodies_fetched = moved.sent, moved.fetched
        summary.warnings.extend(moved.errors)
    if abs(summary.skew_seconds) > p.SKEW_WARNING_SECONDS:
        summary.warnings.append(
            f"本机时钟与市级平台相差约 {abs(summary.skew_seconds) / 60:.0f} 分钟，请校准时间；同步不受影响。")
    return summary


def _push_all(store: Store, client: HubClient, summary: SyncSummary, now: Callable[[], datetime]) -> bool:
    limit = outbox.BATCH_OPS
    restored = 0
    while True:
        # No garbage collection while a batch is read, checked, sent and settled: a batch of
        # 1,000 ops and the hub's answer are some hundred thousand objects, freed as it goes
        # (inbound.collector_paused); the collector walked them dozens of times a batch.
        with inbound.collector_paused():
            with store.write() as s:
                request = outbox.next_batch(s, max_ops=limit)
                acked = outbox.acked_op_seq(s)
                request_cursor = inbound.position(s)
            if request is None:
                return restored > 0
            request.acked_before = acked
            request.cursor, request.cursor_tag = request_cursor
            try:
                response = client.push(request)
            except PayloadTooLarge as exc:
                if len(request.ops) <= 1:
                    # One op alone past the hub's limit would stop every later op for good.
                    with store.write() as s:
                        summary.quarantined += outbox.quarantine_batch(
                            s, request.batch_id, "payload_too_large",
                            f"这条变更超过市级平台一次可接收的大小，未能上传：{exc.message}")
                    continue
                limit = max(1, len(request.ops) // 2)
                with store.write() as s:
                    outbox.forget_batch(s, request.batch_id)
                continue
            summary.skew_seconds = (response.hub_time - now()).total_seconds()
            if response.device_acked < acked or response.cursor_unknown:
                # Nothing of the batch was applied: it is re-formed, with the lost ops in front and
                # no base past what the hub still holds as this PC saw it.
                restored = _went_back(restored)
                _recover(store, client, summary, response.device_acked, response.head, response.cursor_unknown,
                         forget=request.batch_id)
                continue
            with store.write() as s:
                done, bad = outbox.settle(s, response)
                s.add(SyncLogEntry(kind="push", batch_id=request.batch_id, code="ok",
                                   detail=f"{done} 条已确认，{bad} 条被拒"))
            summary.pushed += done
            summary.quarantined += bad


# The changes a pull asks for at a time (the hub gives at most p.MAX_PULL_PAGE).
PULL_PAGE = 1000


def _pull_all(store: Store, client: HubClient, summary: SyncSummary, now: Callable[[], datetime]) -> bool:
    """Pages pulled and applied in turn, each with its cursor in one transaction.

    (Asking for the next page on a thread while one is applied was tried: on a 2-core PC the
    page's parsing and the apply share one interpreter, and the pull took as long as this.)"""
    restored = 0
    while True:
        # No garbage collection while a page is fetched, read and applied: reading its
        # thousand changes made the collector run as often as the apply did (see _push_all).
        with inbound.collector_paused():
            with store.read() as s:
                start, tag = inbound.position(s)
            page = client.pull(start, PULL_PAGE, tag=tag)
            summary.skew_seconds = (page.hub_time - now()).total_seconds()
            # The hub says the change at the cursor is not the one pulled there; a hub too old to
            # say has at least its head, which a cursor past it has outrun.
            moved = page.cursor_unknown or (page.head is not None and start > page.head)
            with store.write() as s:
                behind = page.device_acked < outbox.acked_op_seq(s)
                if not (behind or moved):
                    result = inbound.apply_page(s, load_actor(s, "sync"), page)
            if behind or moved:
                restored = _went_back(restored)
                _recover(store, client, summary, page.device_acked, page.head, moved)
                continue
            summary.pulled += result.applied
            summary.conflicts += result.conflicts
            if not page.more:
                return restored > 0


def _fetch_missed(store: Store, client: HubClient, summary: SyncSummary) -> None:
    """Records whose pulled change did not land here, asked for whole (sync/inbound.py): a
    thousand at a time while that settles some (after a hub restore there may be many)."""
    while True:
        with store.read() as s:
            asked = inbound.missed(s)
        if not asked:
            return
        answer = client.fetch(asked)
        with store.write() as s:
            result = inbound.apply_missed(s, load_actor(s, "sync"), asked, answer.changes)
        summary.pulled += result.applied
        summary.conflicts += result.conflicts
        summary.refetched += result.applied
        still = {change.record_id for change, _ in result.missed}
        if len(asked) < p.MAX_FETCH or len(still) == len(asked):
            return


# Finding out that the hub went back, and recovering, more often than this in one pass means
# it is going back while this PC syncs (or does not answer as it should): stop and say so.
MAX_RECOVERIES = 3


def _went_back(times: int) -> int:
    if times >= MAX_RECOVERIES:
        raise HubError("市级平台的数据在同步过程中反复回退（可能正在从备份恢复），请稍后再同步；数据已保存在本机。",
                       "hub_restored")
    return times + 1


def _recover(store: Store, client: HubClient, summary: SyncSummary, device_acked: int, head: int | None,
             moved: bool, forget: str | None = None) -> None:
    """The hub went back: it was restored from a backup older than what this PC holds.

    Ops it acknowledged and lost go back into the outbox (it holds this device's only up to
    `device_acked`). The pull goes back to the latest point of this PC's pull that the hub
    still holds as it was pulled (`_agreed`; `moved`: not the cursor itself, the hub said
    so): past it the hub hands the same seqs out again for other changes, so pulling on from
    the old cursor would skip those for ever, and no record or waiting op may claim to have
    seen them (inbound.rewind).
    """
    with store.write() as s:
        if forget:
            outbox.forget_batch(s, forget)
        requeued = outbox.requeue_lost(s, device_acked)
        start, start_tag = inbound.position(s)
        points = [pt for pt in inbound.checkpoints(s) if pt[0] < start]
        if not moved:
            points.append((start, start_tag))
    seq, tag = _agreed(client, points, head)
    if requeued is not None and (tag is None or requeued.known_rev > seq):
        # The revision the hub gave the last op of this PC it still holds is a point it surely
        # holds as it was: the one to go back to, unless a tag proved a later one. (Without a
        # tag — changes pulled before the hub tagged its log — a point only seemed to hold.)
        seq, tag = min(requeued.known_rev, start), None
    with store.write() as s:
        done = []
        if requeued is not None:
            done.append(f"本机重新发送了 {requeued.ops} 条已确认的变更")
        if seq < start:
            refetch = inbound.rewind(s, seq, tag)
            done.append(f"从第 {seq} 号变更起重新接收，并向其补取 {refetch} 条记录的现状")
        message = "市级平台的数据比本机记录的旧（可能已从备份恢复）" + ("：" + "，".join(done) if done else "") + "。"
        s.add(SyncLogEntry(kind="warning", code="hub_restored", detail=message))
    summary.warnings.append(message)


def _agreed(client: HubClient, points: list[tuple[int, str | None]], head: int | None) -> tuple[int, str | None]:
    """The latest point of this PC's pull that the hub holds as it was pulled; (0, None) if
    none. A point past the hub's head is gone; any other, the hub is asked about (a point
    holds exactly when every change up to it does: a restored log is a copy of an earlier one)."""
    for seq, tag in reversed(points):
        if seq <= 0 or (head is not None and seq > head):
            continue
        probe = client.pull(seq, 1, tag=tag)
        if not probe.cursor_unknown and (probe.head is None or seq <= probe.head):
            return seq, tag
        head = probe.head
    return 0, None


def enroll_target(store: Store, hub_url: str | None, ca_file: str | None) -> tuple[str, str | None, str | None]:
    """Where to enroll: the address and CA given, checked against the policy (a locked one
    wins and may not be contradicted), and the office code this PC must belong to, if any."""
    policy = store.policy
    with store.read() as s:
        if setup.is_demo(s):
            raise ConfigError("这是演示数据目录，演示数据不能登记到市级平台：请在正式数据目录中登记。")
        known_url = settings.value(s, policy, "hub_url")
        known_ca = settings.value(s, policy, "ca_file")
        office_code = settings.value(s, policy, "office_code")
    given = (hub_url or "").strip()
    if given:
        try:
            given = parse_hub_url(given)
        except ValueError as exc:
            raise ValidationError("hub", "市级平台地址", f"市级平台地址{exc}。") from None
    locked_url = policy.is_locked("hub_url") and known_url
    if locked_url and given and given != known_url:
        raise ConfigError(f"市级平台地址已由信息管理员统一设置为 {known_url}，不能另行指定。")
    url = str(known_url) if locked_url else given or str(known_url or "")
    if not url:
        raise ValidationError("hub", "市级平台地址", "请填写市级平台地址。")
    ca = (ca_file or "").strip() or None
    if policy.is_locked("ca_file") and known_ca and ca and ca != known_ca:
        raise ConfigError(f"证书文件已由信息管理员统一设置为 {known_ca}，不能另行指定。")
    if policy.is_locked("ca_file") or not ca:
        ca = str(known_ca) if known_ca else None
    return url, ca, str(office_code) if office_code else None


def enroll(store: Store, credentials: CredentialStore, hub_url: str | None, code: str, *, device_name: str,
           ca_file: str | None = None, today: date | None = None, passphrase: str | None = None,
           **client_args: Any) -> dict[str, Any]:
    """Enroll this PC with the hub: token to the keyring, the office and number blocks set up.

    `hub_url` and `ca_file` may be left out where the policy or an earlier setting gives them.
    Where no keyring is usable, a `passphrase` keeps the token encrypted in the data dir.
    """
    hub_url, ca_file, office_code = enroll_target(store, hub_url, ca_file)
    # Asked again after a lost answer, the same code and attempt enroll the same device.
    key = "enroll_attempt:" + hashlib.sha256(code.upper().encode()).hexdigest()[:16]
    with store.write() as s:
        attempt = get_setting(s, key)
        if attempt is None:
            attempt = new_id()
            set_setting(s, key, attempt)
    client_args.setdefault("ops_waiting", lambda: ops_waiting(store))
    with HubClient(hub_url, ca_file=ca_file, schema_version=SCHEMA_HEAD, **client_args) as client:
        try:
            answer = client.enroll(code, device_name, attempt_id=attempt, office_code=office_code)
        except HubError as exc:
            if exc.cause == exc.message:
                raise
            advice = "请核对市级平台地址和网络后" if exc.code == "unreachable" else "请处理后"
            raise type(exc)(f"{exc.cause}；本机尚未登记，{advice}重新登记。", exc.code, exc.status) from None
        where = credentials.save(hub_url, answer.device_id, answer.token, passphrase)
        client.token = answer.token
        year = (today or date.today()).year
        with store.write() as s:
            _adopt_office(s, answer.office)
            set_setting(s, "hub_url", hub_url)
            set_setting(s, "device_id", answer.device_id)
            if ca_file:
                set_setting(s, "hub_ca", ca_file)
            else:
                s.execute(delete(LocalSetting).where(LocalSetting.key == "hub_ca"))
            settings.forget_user_choice(s, "hub_url", "ca_file")
            s.execute(delete(LocalSetting).where(LocalSetting.key == key))
            used = {series: leases.close_local(s, answer.office.id, series, year) for series in ("case", "suggestion")}
            # Agreement series are closed once the hub has leased each body a block (the first
            # sync: the bodies must reach the hub first); until then a new agreement waits on
            # a provisional number rather than one another PC could give too.
        for series, first in used.items():
            leases.lease(store, client, answer.office.id, series, year, min_start=first)
    _log(store, "enroll", "ok", f"已登记到 {hub_url}，单位 {answer.office.name}")
    return {"office": answer.office.model_dump(), "device_id": answer.device_id, "token_storage": where,
            "hub_url": hub_url, "warning": credentials.storage.warning if where == "session" else None}


def _adopt_office(s, office: p.OfficeInfo) -> None:
    """This PC's office becomes the hub's record of it (same id everywhere)."""
    current = get_setting(s, "office_id")
    if current and current != office.id:
        mine = s.get(Office, current)
        if mine is not None and mine.code != office.code:
            raise FydeskError(f"本机已设置为“{mine.name}”（{mine.code}），与登记码所属单位“{office.name}”"
                              f"（{office.code}）不符。")
        _rekey_office(s, current, office.id)
    if s.get(Office, office.id) is None:
        s.add(Office(id=office.id, owner_office_id=office.id, code=office.code, name=office.name,
                     kind=office.kind))
    set_setting(s, "office_id", office.id)
    # The office itself is the hub's to create; its local insert must not be pushed.
    s.execute(OutboxOp.__table__.delete().where(OutboxOp.entity == "office"))


_OFFICE_REFS = [("staff", "office_id"), ("mediation_bodies", "office_id"), ("mediation_cases", "office_id"), ("judicial_suggestions", "office_id"),
                ("joint_cases", "lead_office_id"), ("joint_case_offices", "office_id"),
                ("handoffs", "from_office_id"), ("handoffs", "to_office_id"), ("number_leases", "office_id"),
                ("offices", "parent_id")]


def _rekey_office(s, old: str, new: str) -> None:
    from sqlalchemy import text

    from fydesk.models import Base

    s.execute(text("PRAGMA defer_foreign_keys = ON"))
    s.execute(text("UPDATE offices SET id = :new, owner_office_id = :new WHERE id = :old"), {"new": new, "old": old})
    for table, column in _OFFICE_REFS:
        s.execute(text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"), {"new": new, "old": old})
    for table in Base.metadata.tables.values():
        if "owner_office_id" in table.c:
            s.execute(update(table).where(table.c.owner_office_id == old).values(owner_office_id=new))
    # Ops written before enrolling carry the old id in their values: they must name the new one.
    for op in s.scalars(select(OutboxOp)):
        if old in op.fields.values():
            op.fields = {k: (new if v == old else v) for k, v in op.fields.items()}
    s.flush()  # expire_all() would otherwise drop the rewritten values
    s.expire_all()


def status(store: Store) -> dict[str, Any]:
    with store.read() as s:
        pending = s.scalar(select(func.count()).select_from(OutboxOp)) or 0
        oldest = s.scalar(select(func.min(OutboxOp.created_at)))
        conflicts = s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                              .order_by(SyncConflict.id)).all()
        notes = notes_of(s, list(conflicts))
        quarantined = s.scalars(select(QuarantinedOp).order_by(QuarantinedOp.id)).all()
        last_error = s.scalar(select(SyncLogEntry).where(SyncLogEntry.kind == "error")
                              .order_by(SyncLogEntry.id.desc()).limit(1))
        log = s.scalars(select(SyncLogEntry).order_by(SyncLogEntry.id.desc()).limit(10)).all()
        age = (utcnow() - oldest).total_seconds() if oldest else None
        return {
            # Where this PC syncs to now (None: not enrolled); a policy may have moved it.
            "hub_url": settings.value(s, store.policy, "hub_url") if get_setting(s, "hub_url") else None,
            "device_id": get_setting(s, "device_id"),
            "last_sync_at": get_setting(s, "last_sync_at"),
            "sync_interval_minutes": settings.value(s, store.policy, "sync_interval_minutes"),
            "cursor": inbound.cursor(s),
            "pending": pending,
            # attachment bodies: held here and not yet on the hub / of joint cases, not yet here
            # records whose pulled change could not be applied, fetched whole at the next sync
            "missed": [{"entity": m.entity, "record_id": m.record_id, "seq": m.seq, "attempts": m.attempts,
                        "reason": m.reason} for m in s.scalars(select(MissedRecord).order_by(MissedRecord.seq))],
            "bodies_to_send": len(bodies.pending_uploads(store)),
            "bodies_to_fetch": len(bodies.wanted_downloads(store)),
            "oldest_pending_seconds": round(age) if age is not None else None,
            "conflicts": [{"id": c.id, "entity": c.entity, "record_id": c.record_id, "field": c.field,
                           "hub_value": c.hub_value, "hub_author": c.hub_author,
                           "op_value": c.op_value, "op_author": c.op_author, "hub_seq": c.hub_seq,
                           # the city coordinator's notes on it (author, text, at), oldest first
                           "notes": notes.get((c.hub_seq, c.record_id, c.field), [])}
                          for c in conflicts],
            "quarantined": [{"op_seq": q.op_seq, "entity": q.entity, "record_id": q.record_id, "op": q.op,
                             "code": q.code, "reason": q.reason} for q in quarantined],
            "last_error": ({"at": last_error.at.isoformat(sep=" ", timespec="seconds"), "code": last_error.code,
                            "message": last_error.detail} if last_error else None),
            "log": [{"at": e.at.isoformat(sep=" ", timespec="seconds"), "kind": e.kind, "batch_id": e.batch_id,
                     "code": e.code, "detail": e.detail} for e in log],
        }

