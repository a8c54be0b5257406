"""Hands out case and suggestion numbers from this device's leases, never twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain import casenumbers
from fydesk.models import LocalSetting, NumberLease, new_id

from .context import Actor, get_setting, set_setting


def next_number(session: Session, actor: Actor, series: str, year: int, *,
                provisional: bool = True) -> casenumbers.Allocation:
    """The next number of a series for the year, or a provisional one when no lease is left.

    A standalone office's unbounded lease rolls over to each later year by itself. An earlier
    year without a lease gets provisional numbers: its real numbers may have been given out
    before this PC kept the register.
    """
    return Numbers(session, actor, series).next(year, provisional=provisional)


class Numbers:
    """next_number for many records in one transaction (an import's thousands of cases): the
    leases and counters are read once and held, not looked up again for every number."""

    def __init__(self, session: Session, actor: Actor, series: str) -> None:
        self.session, self.actor, self.series = session, actor, series
        self.rows = list(session.scalars(
            select(NumberLease).where(NumberLease.office_id == actor.office_id,
                                      NumberLease.series == series)
        ))
        self._counters: dict[str, LocalSetting] = {}

    def next(self, year: int, *, provisional: bool = True) -> casenumbers.Allocation:
        session, actor, series, rows = self.session, self.actor, self.series, self.rows
        # A series a standalone office has not used yet (agreement numbers) opens like a new year.
        first_use = not rows and _standalone(session, actor.office_id)
        if first_use or (rows and not any(r.year == year for r in rows) and year > max(r.year for r in rows)):
            local = [r for r in rows if r.source == "local" and r.end is None]
            if local or first_use:
                fresh = NumberLease(id=new_id(), office_id=actor.office_id, series=series, year=year,
                                    start=1, end=None, next=1, source="local")
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
        key = f"provisional_{series}_{year}"
        counter = self._counters.get(key)
        if counter is None:
            set_setting(session, key, get_setting(session, key) or "0")
            counter = self._counters[key] = session.get(LocalSetting, key)
        n = int(counter.value or 0) + 1
        counter.value = str(n)
        return casenumbers.Allocation(number=n, lease_id=None, provisional=True)


def _standalone(session: Session, office_id: str) -> bool:
    """Whether the office numbers on its own (an unbounded local lease), not from the hub."""
    return session.scalar(select(NumberLease.id).where(
        NumberLease.office_id == office_id, NumberLease.source == "local", NumberLease.end.is_(None)
    ).limit(1)) is not None
