"""Case-number allocation from leased blocks, and the printed forms of case and suggestion numbers.

Several PCs of one office may be offline at once, so no PC may count on "the last number
used". Each PC draws only from number blocks leased to it (from the city hub, which never
leases one number twice); an office without a hub holds one unbounded local lease. When no
lease has a number left, the case gets a provisional number tagged with the device, which is
replaced by a real one after the next sync. This module decides; the caller stores the
advanced lease in the same transaction as the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = [
    "Allocation",
    "Lease",
    "advance",
    "allocate",
    "format_agreement_number",
    "format_case_number",
    "format_provisional",
    "format_suggestion_number",
    "overlaps",
    "remaining",
]


@dataclass(frozen=True)
class Lease:
    """Numbers start..end (inclusive; end None = no upper bound) of one year; `next` is the
    first one not yet handed out, so next == end + 1 means the block is used up."""

    id: str
    year: int
    start: int
    end: int | None
    next: int

    def __post_init__(self) -> None:
        if self.start < 1:
            raise ValueError(f"lease {self.id}: start must be at least 1, got {self.start}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"lease {self.id}: end {self.end} is before start {self.start}")
        last = None if self.end is None else self.end + 1
        if self.next < self.start or (last is not None and self.next > last):
            raise ValueError(f"lease {self.id}: next {self.next} is outside the block")

    @property
    def exhausted(self) -> bool:
        return self.end is not None and self.next > self.end


@dataclass(frozen=True)
class Allocation:
    """A number drawn from a lease, or (number None, provisional True) when none is left."""

    number: int | None
    lease_id: str | None
    provisional: bool


def allocate(leases: Sequence[Lease], year: int) -> Allocation:
    """The lowest number still free in this year's leases, or a provisional allocation."""
    open_leases = [lease for lease in leases if lease.year == year and not lease.exhausted]
    if not open_leases:
        return Allocation(number=None, lease_id=None, provisional=True)
    # Blocks are disjoint, so the lowest `next` is also the earliest block: numbers are
    # used in order and a later block is only touched once the earlier one is used up.
    best = min(open_leases, key=lambda lease: (lease.next, lease.start, lease.id))
    return Allocation(number=best.next, lease_id=best.id, provisional=False)


def advance(lease: Lease) -> Lease:
    """The lease after its next number has been handed out."""
    if lease.exhausted:
        raise ValueError(f"lease {lease.id} is used up")
    return replace(lease, next=lease.next + 1)


def remaining(leases: Sequence[Lease], year: int) -> int | None:
    """Numbers left for the year (None = unbounded), so sync can ask for a block in time."""
    total = 0
    for lease in leases:
        if lease.year != year:
            continue
        if lease.end is None:
            return None
        total += lease.end - lease.next + 1
    return total


def overlaps(a: Lease, b: Lease) -> bool:
    """Whether two leases could hand out the same number (the hub must never grant such)."""
    if a.year != b.year:
        return False
    a_end = a.end if a.end is not None else float("inf")
    b_end = b.end if b.end is not None else float("inf")
    return a.start <= b_end and b.start <= a_end


def _require_positive(n: int) -> None:
    if n < 1:
        raise ValueError(f"a sequence number starts at 1, got {n}")


def format_case_number(year: int, prefix: str, n: int) -> str:
    """E.g. （2026）城南调字第12号; the brackets are full-width as printed on documents."""
    _require_positive(n)
    return f"（{year}）{prefix}调字第{n}号"


def format_provisional(year: int, prefix: str, device_tag: str, n: int) -> str:
    """E.g. （2026）城南调字临A3-1号: visibly provisional and unique to the device."""
    _require_positive(n)
    return f"（{year}）{prefix}调字临{device_tag}-{n}号"


def format_agreement_number(year: int, prefix: str, n: int) -> str:
    """E.g. （2026）城南调协字第12号: an agreement's number, given when it is signed."""
    _require_positive(n)
    return f"（{year}）{prefix}调协字第{n}号"


def format_provisional_agreement(year: int, prefix: str, device_tag: str, n: int) -> str:
    """E.g. （2026）城南调协字临A3-1号: visibly provisional and unique to the device."""
    _require_positive(n)
    return f"（{year}）{prefix}调协字临{device_tag}-{n}号"


# The kind character that ends a case prefix (溪口法, 越秀人): doubled before 法建 otherwise.
_KIND_SUFFIXES = "法庭人司调综"


def court_abbreviation(prefix: str) -> str:
    """The abbreviation in a suggestion number: 溪口法 → 溪口 (溪口法建〔2026〕3号)."""
    prefix = prefix.strip()
    return prefix[:-1] if len(prefix) > 2 and prefix[-1] in _KIND_SUFFIXES else prefix


def format_suggestion_number(court_abbr: str, year: int, n: int) -> str:
    """E.g. 城南法建〔2026〕3号, with the hexagonal brackets 〔〕 of official documents."""
    _require_positive(n)
    return f"{court_abbr}法建〔{year}〕{n}号"
