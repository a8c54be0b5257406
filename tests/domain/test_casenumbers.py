"""Tests of case-number leases, allocation and number formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fydesk.domain import casenumbers
from fydesk.domain.casenumbers import (
    Allocation,
    Lease,
    advance,
    allocate,
    format_case_number,
    format_provisional,
    format_suggestion_number,
    overlaps,
    remaining,
)


def _draw(leases: list[Lease], year: int) -> tuple[Allocation, list[Lease]]:
    got = allocate(leases, year)
    if got.provisional:
        return got, leases
    return got, [advance(lease) if lease.id == got.lease_id else lease for lease in leases]


def test_allocation_uses_the_earliest_block_then_moves_to_the_next():
    leases = [Lease("b", 2026, 11, 12, 11), Lease("a", 2026, 1, 2, 1)]
    numbers = []
    for _ in range(4):
        got, leases = _draw(leases, 2026)
        numbers.append((got.number, got.lease_id))
    assert numbers == [(1, "a"), (2, "a"), (11, "b"), (12, "b")]


def test_exhausted_leases_give_a_provisional_allocation():
    leases = [Lease("a", 2026, 1, 2, 3)]
    assert allocate(leases, 2026) == Allocation(number=None, lease_id=None, provisional=True)


def test_leases_of_another_year_are_not_used():
    leases = [Lease("old", 2025, 1, None, 57)]
    assert allocate(leases, 2026).provisional is True


def test_a_standalone_office_never_runs_out():
    leases = [Lease("local", 2026, 1, None, 1_000_000)]
    got = allocate(leases, 2026)
    assert got == Allocation(number=1_000_000, lease_id="local", provisional=False)
    assert remaining(leases, 2026) is None


def test_remaining_counts_the_numbers_left_in_the_year():
    leases = [Lease("a", 2026, 1, 10, 8), Lease("b", 2026, 21, 30, 21), Lease("c", 2025, 1, 5, 1)]
    assert remaining(leases, 2026) == 13


@pytest.mark.parametrize(
    "args",
    [("x", 2026, 0, 5, 1), ("x", 2026, 5, 4, 5), ("x", 2026, 1, 5, 7), ("x", 2026, 3, 5, 2)],
)
def test_inconsistent_leases_are_refused(args):
    with pytest.raises(ValueError):
        Lease(*args)


def test_advancing_a_used_up_lease_is_refused():
    with pytest.raises(ValueError):
        advance(Lease("a", 2026, 1, 2, 3))


def test_overlap_is_detected_within_a_year_only():
    assert overlaps(Lease("a", 2026, 1, 10, 1), Lease("b", 2026, 10, 20, 10))
    assert not overlaps(Lease("a", 2026, 1, 10, 1), Lease("b", 2026, 11, 20, 11))
    assert not overlaps(Lease("a", 2026, 1, 10, 1), Lease("b", 2025, 1, 10, 1))
    assert overlaps(Lease("a", 2026, 1, None, 1), Lease("b", 2026, 500, 600, 500))


def test_case_number_format_uses_full_width_brackets():
    assert format_case_number(2026, "城南", 12) == "（2026）城南调字第12号"


def test_provisional_number_carries_the_device_tag():
    assert format_provisional(2026, "城南", "A3", 1) == "（2026）城南调字临A3-1号"


def test_suggestion_number_format():
    assert format_suggestion_number("城南", 2026, 3) == "城南法建〔2026〕3号"


def test_numbers_start_at_one():
    with pytest.raises(ValueError):
        format_case_number(2026, "城南", 0)


@st.composite
def two_devices_with_disjoint_leases(draw):
    """Cut 1..N into consecutive blocks and hand each block to one of two devices."""
    cuts = sorted(draw(st.sets(st.integers(2, 200), min_size=1, max_size=8)))
    bounds = [1, *cuts, 201]
    leases: dict[str, list[Lease]] = {"A": [], "B": []}
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        device = draw(st.sampled_from("AB"))
        used = draw(st.integers(0, hi - lo))
        leases[device].append(Lease(f"{device}{i}", 2026, lo, hi - 1, lo + used))
    return leases


@given(two_devices_with_disjoint_leases(), st.integers(0, 250), st.integers(0, 250))
def test_two_devices_with_disjoint_leases_never_allocate_the_same_number(leases, n_a, n_b):
    handed_out: dict[str, list[int]] = {}
    for device, count in (("A", n_a), ("B", n_b)):
        mine = leases[device]
        numbers = []
        for _ in range(count):
            got, mine = _draw(mine, 2026)
            if got.provisional:
                break
            numbers.append(got.number)
        handed_out[device] = numbers
        assert numbers == sorted(set(numbers))
        assert all(any(le.start <= n <= le.end for le in leases[device]) for n in numbers)
    assert not set(handed_out["A"]) & set(handed_out["B"])


@pytest.mark.parametrize("name, kind, prefix", [
    ("溪口镇人民调解委员会", "乡镇(街道)人民调解委员会", "溪口人调"),
    ("云溪区溪口镇城东村人民调解委员会", "村(居)人民调解委员会", "城东人调"),
    ("东村人民调解委员会", "村(居)人民调解委员会", "东村人调"),  # one character alone says too little
    ("云溪区溪口镇驻庭人民调解委员会", "驻庭人民调解委员会", "溪口驻调"),
    ("云溪区社会矛盾纠纷联合人民调解委员会", "行业性专业性人民调解委员会", "云溪人调"),
    ("云溪区律师调解工作室", "特邀调解组织", "律师特调"),
    ("王五", "特邀调解员", "王五特调"),
])
def test_a_bodys_prefix_comes_from_the_place_its_name_names(name, kind, prefix):
    assert casenumbers.body_prefix(name, kind) == prefix
    assert casenumbers.check_body_prefix(prefix) is None


def test_a_prefix_the_office_has_gets_a_figure_and_distinct_prefixes_print_distinct_numbers():
    taken = {"溪口人调", "溪口人调2"}
    assert casenumbers.body_prefix("溪口镇人民调解委员会", "乡镇(街道)人民调解委员会", taken) == "溪口人调3"
    assert casenumbers.format_agreement_number(2026, "溪口人调", 12) == "（2026）溪口人调协字第12号"
    assert casenumbers.format_provisional_agreement(2026, "溪口人调", "A3", 1) == "（2026）溪口人调协字临A3-1号"
    # 代字 may not hold what frames them, so no two of them can end in the same number.
    for bad in ("溪口）（2026）城东", "城东协字", "第一", "", "溪 口", "很长很长很长很长很长很长"):
        assert casenumbers.check_body_prefix(bad) is not None, bad
