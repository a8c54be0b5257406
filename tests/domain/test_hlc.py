"""Tests of the hybrid logical clock."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fydesk.domain.hlc import hlc_counter, hlc_ms, next_hlc


def test_a_clock_that_moved_ahead_resets_the_counter():
    value = next_hlc(0, 1_700_000_000_000)
    assert hlc_ms(value) == 1_700_000_000_000
    assert hlc_counter(value) == 0


def test_same_millisecond_bumps_the_counter():
    first = next_hlc(0, 1000)
    second = next_hlc(first, 1000)
    assert (hlc_ms(second), hlc_counter(second)) == (1000, 1)


def test_clock_going_backwards_still_increases():
    first = next_hlc(0, 5000)
    second = next_hlc(first, 4000)
    assert second > first
    assert hlc_ms(second) == 5000


def test_full_counter_carries_into_the_next_millisecond():
    full = (1000 << 16) | 0xFFFF
    value = next_hlc(full, 900)
    assert (hlc_ms(value), hlc_counter(value)) == (1001, 0)


@given(st.lists(st.integers(0, 2**42), min_size=1, max_size=200))
def test_values_strictly_increase_whatever_the_wall_clock_does(times):
    last = 0
    for now in times:
        value = next_hlc(last, now)
        assert value > last
        assert hlc_ms(value) >= now
        last = value
