"""Hybrid logical clock values stamped on outbox operations: (milliseconds << 16) | counter.

A PC's wall clock may jump back (manual changes, a dead CMOS battery), yet a device's own
operations must stay ordered, so each value is strictly greater than the previous one. The
hub never orders by these values across devices. With today's millisecond times the value
needs about 57 bits, so it fits SQLite's signed 64-bit INTEGER.
"""

from __future__ import annotations

__all__ = ["COUNTER_BITS", "hlc_counter", "hlc_ms", "next_hlc"]

COUNTER_BITS = 16
_COUNTER_MASK = (1 << COUNTER_BITS) - 1


def next_hlc(last: int, now_ms: int) -> int:
    """The value following `last`, taking the wall clock `now_ms` when it has moved ahead."""
    if last < 0 or now_ms < 0:
        raise ValueError("HLC values and times must not be negative")
    # When the clock has not moved past `last`, last + 1 bumps the counter, and once the
    # counter is full the carry moves the millisecond part on by one: both stay increasing.
    return max(now_ms << COUNTER_BITS, last + 1)


def hlc_ms(value: int) -> int:
    """The millisecond part of an HLC value."""
    return value >> COUNTER_BITS


def hlc_counter(value: int) -> int:
    """The counter part of an HLC value."""
    return value & _COUNTER_MASK
