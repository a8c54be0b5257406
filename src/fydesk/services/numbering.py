"""Hands out case, suggestion and agreement numbers from this device's leases, never twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain import casenumbers
from fydesk.models import LocalSetting, NumberLease, new_id

from .context import Actor, get_setting, set_setting


def next_number(session: Session, actor: Actor, series: str, year: int, *,
                provisional: bool = True, body_id: str | None = None) -> casenumbers.Allocation:
    """The next number of a series for the year, or a provisional one when no lease is left.
    Agreements are numbered per mediation body: `body_id` names whose series.

    A standalone office's unbounded lease rolls over to each later year by itself. An earlier
    year without a lease gets provisional numbers: its real numbers may have been given out
    before this PC kept the register.
    """
    return Numbers(session, actor, series, body_id).next(year, provisional=provisional)


class Numbers:
    """next_number for many records in one transaction (an import's thousands of cases): the
    leases and counters are read once and held, not looked up again for every number."""

    def __init__(self, session: Session, actor: Actor, series: str, body_id: str | None = None) -> None:
        self.session, self.actor, self.series, self.body_id = session, actor, series, body_id
        rows = list(session.scalars(
            select(NumberLease).where(NumberLease.office_id == actor.office_id,
                                      NumberLease.series == series, NumberLease.body_id.is_(None)
                                      if body_id is None else NumberLease.body_id == body_id)
        ))
        self.standalone = _standalone(session, actor.office_id)
        if not self.standalone:
            # A linked PC draws only from the hub's blocks: an agreement series still open from
            # before is closed by the next sync (sync.engine), and meanwhile gives nothing.
            rows = [r for r in rows if not (r.source == "local" and r.end is None)]
        self.rows = rows
        self._counters: dict[str, LocalSetting] = {}

    def next(self, year: int, *, provisional: bool = True) -> casenumbers.Allocation:
        session, actor, series, body_id, rows = self.session, self.actor, self.series, self.body_id, self.rows
        # A series a standalone office has not used yet (a new body's agreements) opens like a new year.
        first_use = not rows and self.standalone
        if first_use or (rows and not any(r.year == year for r in rows) and year > max(r.year for r in rows)):
            local = [r for r in rows if r.source == "local" and r.end is None]
            if local or first_use:
                fresh = NumberLease(id=new_id(), office_id=actor.office_id, series=series, body_id=body_id,
                                    year=year, start=1, end=None, next=1, source="local")
                session.add(fresh)
                rows.append(fresh)
        leases = [casenumbers.Lease(r.id, r.year, r.start, r.end, r.next) for r in rows]
        allocation = casenumbers.allocate(leases, year)
        if allocation.lease_id is not None:
            row = next(r for r in rows if r.id == allocation.lease_id)
            row.next = allocation.number + 1
            return allocation
        if not provisional:
            return casenumbers.Allocation(number=None, lease_id=None, provisional=True)
        key = f"provisional_{series}_{year}" if body_id is None else f"provisional_{series}_{body_id}_{year}"
        counter = self._counters.get(key)
        if counter is None:
            set_setting(session, key, get_setting(session, key) or "0")
            counter = self._counters[key] = session.get(LocalSetting, key)
        n = int(counter.value or 0) + 1
        counter.value = str(n)
        return casenumbers.Allocation(number=n, lease_id=None, provisional=True)


def _standalone(session: Session, office_id: str) -> bool:
    """Whether the office numbers on its own (an unbounded local lease of its cases or
    suggestions, closed on enrolling), not from the hub. An agreement series left unbounded
    says nothing: enrolling a PC before agreements were leased did not close it."""
    return session.scalar(select(NumberLease.id).where(
        NumberLease.office_id == office_id, NumberLease.source == "local", NumberLease.end.is_(None),
        NumberLease.series.in_(("case", "suggestion"))
    ).limit(1)) is not None
