"""Tests of the statistics formulas and period parsing."""

from __future__ import annotations

from datetime import date

import pytest

from fydesk.domain.errors import ValidationError
from fydesk.domain.stats import (
    SUCCESS_DENOMINATORS,
    format_period,
    litigation_rate_per_10k,
    period_bounds,
    success_rate,
)


def test_litigation_rate_counts_civil_and_admin_over_resident_and_floating():
    # (120 + 5) / (40000 + 10000) * 10000 = 25
    assert litigation_rate_per_10k(120, 5, 40_000, 10_000) == 25.0


def test_litigation_rate_rounds_half_up_to_two_places():
    # 1 / 80000 * 10000 = 0.125 exactly, which round() would take down to 0.12
    assert litigation_rate_per_10k(1, 0, 80_000, 0) == 0.13
    assert litigation_rate_per_10k(1, 0, 3, 0) == 3333.33


def test_litigation_rate_is_unknown_without_population():
    assert litigation_rate_per_10k(3, 1, 0, 0) is None


def test_litigation_rate_refuses_negative_counts():
    with pytest.raises(ValueError):
        litigation_rate_per_10k(-1, 0, 100, 0)


def test_success_rate_over_accepted_cases_by_default():
    assert success_rate(succeeded=45, accepted=60, mediated=50) == 75.0


def test_success_rate_over_cases_that_entered_mediation():
    assert success_rate(45, 60, 50, denominator="mediated") == 90.0


def test_success_rate_rounds_half_up_to_one_place():
    # 1 / 16 * 100 = 6.25
    assert success_rate(1, 16, 16) == 6.3
    assert success_rate(2, 3, 3) == 66.7


def test_success_rate_is_unknown_with_a_zero_denominator():
    assert success_rate(0, 0, 5) is None
    assert success_rate(0, 5, 0, denominator="mediated") is None


def test_success_rate_refuses_an_unknown_denominator():
    with pytest.raises(ValueError):
        success_rate(1, 2, 2, denominator="filed")


def test_success_denominators_are_labelled_in_chinese():
    assert SUCCESS_DENOMINATORS == {"accepted": "受理案件数", "mediated": "进入调解案件数"}


def test_period_bounds_are_half_open_month():
    assert period_bounds("2026-03") == (date(2026, 3, 1), date(2026, 4, 1))


def test_december_period_ends_on_next_new_year():
    assert period_bounds("2025-12") == (date(2025, 12, 1), date(2026, 1, 1))


@pytest.mark.parametrize("text", ["2026-3", "202603", "2026/03", "March 2026", "", "2026-03-01"])
def test_badly_written_period_is_refused_on_the_period_field(text):
    with pytest.raises(ValidationError) as info:
        period_bounds(text)
    assert info.value.field == "period"
    assert info.value.label == "统计期间"
    assert info.value.message.endswith("。")


@pytest.mark.parametrize("text", ["2026-00", "2026-13"])
def test_period_month_out_of_range_is_refused(text):
    with pytest.raises(ValidationError) as info:
        period_bounds(text)
    assert info.value.message == f"统计期间的月份应在 01 到 12 之间，实为 {text[-2:]}。"


def test_format_period_is_the_inverse_of_period_bounds():
    assert format_period(date(2026, 3, 31)) == "2026-03"
    assert period_bounds(format_period(date(2026, 3, 31)))[0] == date(2026, 3, 1)


# --- 信访化解率 --------------------------------------------------------------------------------

def test_the_petition_rate_divides_the_resolved_by_all_closed_in_the_period():
    from fydesk.domain.stats import PETITION_RATE_NOTE, petition_resolution_rate

    assert petition_resolution_rate(3, 1, 0) == 75.0
    assert petition_resolution_rate(2, 0, 1) == 66.7  # 66.666… rounds half up to one place
    assert petition_resolution_rate(1, 1, 1) == 33.3
    assert petition_resolution_rate(0, 2, 0) == 0.0
    assert petition_resolution_rate(0, 0, 0) is None  # nothing closed: unknown, not 0 %
    assert "已化解 + 终结移交 + 依法终结" in PETITION_RATE_NOTE
    with pytest.raises(ValueError):
        petition_resolution_rate(-1, 0, 0)
