"""Case-number allocation from leased blocks, and the printed forms of case and suggestion numbers.

Several PCs of one office may be offline at once, so no PC may count on "the last number
used". Each PC draws only from number blocks leased to it (from the city hub, which never
leases one number twice); an office without a hub holds one unbounded local lease. When no
lease has a number left, the case gets a provisional number tagged with the device, which is
replaced by a real one after the next sync. This module decides; the caller stores the
advanced lease in the same transaction as the case.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = [
    "Allocation",
    "Lease",
    "advance",
    "allocate",
    "body_prefix",
    "check_body_prefix",
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
    """E.g. （2026）溪口人调协字第12号: the number of an agreement issued by the body whose 代字
    is 溪口人调, given when it is signed. The office-wide series of old wrote its prefix with
    调 after it (城南 → （2026）城南调协字第12号), the same shape."""
    _require_positive(n)
    return f"（{year}）{prefix}协字第{n}号"


def format_provisional_agreement(year: int, prefix: str, device_tag: str, n: int) -> str:
    """E.g. （2026）溪口人调协字临A3-1号: visibly provisional and unique to the device."""
    _require_positive(n)
    return f"（{year}）{prefix}协字临{device_tag}-{n}号"


# A body's 代字 stands between "）" and "协字" in every number it issues: with none of these in
# it, two different 代字 can never print the same number.
BODY_PREFIX_MAX = 10
BODY_PREFIX_PATTERN = r"[^\s（）()〔〕\[\]【】第号协字]{1,10}"
_PLACE_UNITS = ("特别行政区", "自治区", "自治州", "自治县", "街道", "社区", "居委会", "村委会",
                "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "村", "居")


def _last_place(text: str) -> str:
    """The smallest place a name ends on: 云溪区溪口镇 → 溪口; 城东村 → 城东; 东村 → 东村."""
    segments, current, i = [], "", 0
    while i < len(text):
        unit = next((u for u in _PLACE_UNITS if text.startswith(u, i)), None)
        if unit is None:
            current += text[i]
            i += 1
            continue
        segments.append((current, unit))
        current, i = "", i + len(unit)
    if current:
        return current
    for core, unit in reversed(segments):
        if core:
            return core if len(core) >= 2 else core + unit
    return ""


def body_prefix(name: str, kind: str, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """The 代字 a body's agreement numbers carry unless someone sets another: the smallest place
    its name names (or the name itself), then 人调 for a 人民调解委员会 (驻调 for one at a
    tribunal) or 特调 for an invited organisation or mediator; 溪口镇人民调解委员会 → 溪口人调. A 代字 in `taken` (the office's
    other bodies) gets a figure after it: 溪口人调2."""
    text = re.sub(r"\s+", "", name)
    for marker in ("人民调解委员会", "调解委员会", "调解"):
        if marker in text:
            text = text[:text.index(marker)]
            break
    # Words that say what kind of committee it is, not where: the place is what tells bodies apart.
    text = re.sub(r"[（）()〔〕\[\]【】第号协字]|人民法庭|法庭|驻庭|联合|社会|矛盾|纠纷", "", text)
    core = _last_place(text)
    kind_mark = "特调" if "人民调解委员会" not in kind else "驻调" if kind.startswith("驻庭") else "人调"
    base = core[:4] + kind_mark
    prefix, n = base, 2
    while prefix in taken:
        prefix, n = f"{base}{n}", n + 1
    return prefix


def check_body_prefix(prefix: str) -> str | None:
    """Why a typed 代字 cannot be used, in one sentence; None when it can."""
    if not re.fullmatch(BODY_PREFIX_PATTERN, prefix):
        return (f"协议编号代字须为 1–{BODY_PREFIX_MAX} 个字，不含空格、括号和“第”“号”“协”“字”，"
                "如“溪口人调”。")
    return None


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
