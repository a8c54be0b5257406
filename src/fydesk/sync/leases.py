"""Number blocks from the hub: case, suggestion and per-body agreement series leased in
blocks while online, so a PC offline numbers on without ever giving a number another PC gives;
and the provisional numbers given when a block ran out, replaced at the next sync."""

from __future__ import annotations

from sqlalchemy import delete, select

from fydesk.models import LocalSetting, MediationBody, NumberLease, new_id
from fydesk.services.context import get_setting, load_actor, set_setting
from fydesk.store.engine import Store

from . import protocol as p
from .client import HubClient, HubError

LEASE_BLOCK = 200


def close_local(s, office_id: str, series: str, year: int, body_id: str | None = None) -> int:
    """Close this PC's own numbering: from now on the hub hands out blocks. Returns the first
    number of `year` not yet used here, so the hub's block starts past it."""
    rows = s.scalars(select(NumberLease).where(
        NumberLease.office_id == office_id, NumberLease.series == series, NumberLease.source == "local",
        NumberLease.body_id.is_(None) if body_id is None else NumberLease.body_id == body_id)).all()
    first = max((r.next for r in rows if r.year == year), default=1)
    for r in rows:
        if r.next == r.start:
            s.delete(r)
        elif r.end is None:
            r.end = r.next - 1
    return first


def top_up(store: Store, client: HubClient, year: int, low: int = LEASE_BLOCK // 4) -> None:
    """Ask for another block while online, before the PC runs short offline."""
    with store.read() as s:
        office_id = get_setting(s, "office_id")
        left = {series: sum((r.end - r.next + 1) for r in s.scalars(select(NumberLease).where(
                    NumberLease.office_id == office_id, NumberLease.series == series, NumberLease.body_id.is_(None),
                    NumberLease.year == year, NumberLease.source == "hub")) if r.end is not None)
                for series in ("case", "suggestion")}
    for series, remaining in left.items():
        if remaining < low:
            lease(store, client, office_id, series, year)


def top_up_agreements(store: Store, client: HubClient, year: int,
                      low: int = LEASE_BLOCK // 4) -> list[tuple[str, str, str]]:
    """Each body of the office gets agreement numbers from the hub like the office's cases;
    a series this PC still kept itself (numbered before agreements were leased) is closed once
    the hub's block starting past it is here.

    A body the hub does not know yet, or a hub from before agreement leases, only leaves the
    body on provisional numbers: nothing else of the sync waits on it. Returns those refusals,
    (body id, code, message), for the sync log."""
    with store.read() as s:
        office_id = get_setting(s, "office_id")
        wanted = []
        for body_id in s.scalars(select(MediationBody.id).where(
                MediationBody.office_id == office_id, MediationBody.deleted_at.is_(None)).order_by(MediationBody.id)):
            rows = s.scalars(select(NumberLease).where(
                NumberLease.office_id == office_id, NumberLease.series == "agreement",
                NumberLease.body_id == body_id)).all()
            left = sum(r.end - r.next + 1 for r in rows if r.source == "hub" and r.year == year and r.end is not None)
            still_local = any(r.source == "local" and r.end is None for r in rows)
            if left < low or still_local:
                first = max((r.next for r in rows if r.source == "local" and r.year == year), default=1)
                wanted.append((body_id, first, left < low))
    refused = []
    for body_id, first, short in wanted:
        if short:
            try:
                lease(store, client, office_id, "agreement", year, min_start=first, body_id=body_id)
            except HubError as exc:
                if exc.status not in (403, 404, 422):
                    raise
                refused.append((body_id, exc.code, exc.message))
                continue
        with store.write() as s:
            close_local(s, office_id, "agreement", year, body_id)
    return refused


def lease(store: Store, client: HubClient, office_id: str, series: str, year: int, min_start: int = 1,
           body_id: str | None = None) -> None:
    """One more block; the request id is stored first, so asking again after a lost answer
    (even after a restart) gets the same block instead of skipping one."""
    key = f"lease_request:{series}:{year}" if body_id is None else f"lease_request:{series}:{body_id}:{year}"
    with store.write() as s:
        request_id = get_setting(s, key)
        if request_id is None:
            request_id = new_id()
            set_setting(s, key, request_id)
    grant = client.lease(series, year, LEASE_BLOCK, min_start=min_start, request_id=request_id,
                         body_id=body_id).grant
    with store.write() as s:
        _take(s, office_id, grant)
        s.execute(delete(LocalSetting).where(LocalSetting.key == key))


def replace_provisional_cases(store: Store) -> int:
    """Cases numbered provisionally while no block was left get real numbers, in the order
    they were registered; the change syncs like any edit."""
    from fydesk.models import MediationCase
    from fydesk.services import cases as case_service

    replaced = 0
    with store.write() as s:
        actor = load_actor(s, "sync")
        for row in s.scalars(select(MediationCase).where(
                MediationCase.number_provisional.is_(True), MediationCase.deleted_at.is_(None),
                MediationCase.office_id == actor.office_id).order_by(MediationCase.created_at)):
            if case_service.renumber(s, actor, row.id) is None:
                break  # no block for that year yet: the rest wait too, keeping the order
            replaced += 1
    return replaced


def replace_provisional_agreements(store: Store) -> int:
    """Agreements signed with a provisional number (no block of their body was left) get their
    body's real one, in the order they were signed, as cases do."""
    from fydesk.models import Agreement, MediationCase
    from fydesk.services import cases as case_service

    replaced = 0
    with store.write() as s:
        actor = load_actor(s, "sync")
        waiting = s.scalars(select(Agreement.id).join(MediationCase, MediationCase.id == Agreement.case_id).where(
            Agreement.number.contains("协字临"), Agreement.signed_date.is_not(None), Agreement.deleted_at.is_(None),
            MediationCase.office_id == actor.office_id).order_by(Agreement.signed_date, Agreement.created_at)).all()
        for agreement_id in waiting:
            if case_service.renumber_agreement(s, actor, agreement_id) is not None:
                replaced += 1  # another body's block may be empty: each body waits on its own
    return replaced


def _take(s, office_id: str, grant: p.LeaseGrant) -> None:
    s.add(NumberLease(id=new_id(), office_id=office_id, series=grant.series, body_id=grant.body_id,
                      year=grant.year, start=grant.start, end=grant.end, next=grant.start, source="hub"))
