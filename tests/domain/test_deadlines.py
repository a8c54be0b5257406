"""Tests of deadline rules, due dates and their classification."""

from __future__ import annotations

from datetime import date

import pytest

from fydesk.domain.deadlines import (
    DEFAULT_RULES,
    classify,
    confirmation_window_end,
    court_accept_due,
    court_ruling_due,
    make_deadline,
    mediation_term_end,
    rules_with,
    suggestion_reply_due,
)
from fydesk.domain.errors import ConfigError, ValidationError


def test_default_rules_hold_the_designed_periods():
    assert {k: r.days for k, r in DEFAULT_RULES.items()} == {
        "mediation_term": 30,
        "mediation_extension_max": 30,
        "confirmation_window": 30,
        "court_accept": 3,
        "court_ruling": 15,
        "court_ruling_extension": 10,
        "suggestion_reply": 60,
        "due_soon": 7,
    }
    assert all(r.key == k and r.label and r.basis for k, r in DEFAULT_RULES.items())


def test_mediation_term_counts_thirty_days_from_the_day_after_acceptance():
    assert mediation_term_end(date(2026, 3, 1), []) == date(2026, 3, 31)


def test_mediation_term_adds_every_recorded_extension():
    assert mediation_term_end(date(2026, 3, 1), [15, 30]) == date(2026, 5, 15)


def test_extension_longer_than_the_maximum_is_refused_on_extension_days():
    with pytest.raises(ValidationError) as info:
        mediation_term_end(date(2026, 3, 1), [10, 31])
    assert info.value.field == "extension_days"
    assert info.value.message == "每次延期不得超过 30 天，实为 31 天。"


@pytest.mark.parametrize("bad", [0, -5])
def test_extension_of_zero_or_negative_days_is_refused(bad):
    with pytest.raises(ValidationError) as info:
        mediation_term_end(date(2026, 3, 1), [bad])
    assert info.value.field == "extension_days"


def test_confirmation_window_is_thirty_days_from_effective_date():
    assert confirmation_window_end(date(2026, 1, 20)) == date(2026, 2, 19)


def test_court_acceptance_is_due_three_days_after_application():
    assert court_accept_due(date(2026, 2, 27)) == date(2026, 3, 2)


def test_court_ruling_is_due_fifteen_days_or_twenty_five_when_extended():
    assert court_ruling_due(date(2026, 3, 2), extended=False) == date(2026, 3, 17)
    assert court_ruling_due(date(2026, 3, 2), extended=True) == date(2026, 3, 27)


def test_suggestion_reply_defaults_to_sixty_days_and_takes_an_override():
    assert suggestion_reply_due(date(2026, 1, 1)) == date(2026, 3, 2)
    assert suggestion_reply_due(date(2026, 1, 1), days=30) == date(2026, 1, 31)


def test_suggestion_reply_override_must_be_positive():
    with pytest.raises(ValidationError):
        suggestion_reply_due(date(2026, 1, 1), days=0)


def test_configured_rules_change_the_computed_dates():
    rules = rules_with({"mediation_term": 15, "mediation_extension_max": 10})
    assert mediation_term_end(date(2026, 3, 1), [10], rules) == date(2026, 3, 26)
    with pytest.raises(ValidationError):
        mediation_term_end(date(2026, 3, 1), [11], rules)
    assert DEFAULT_RULES["mediation_term"].days == 30


def test_rules_with_refuses_unknown_keys_and_negative_days():
    with pytest.raises(ConfigError):
        rules_with({"no_such_rule": 3})
    with pytest.raises(ConfigError):
        rules_with({"due_soon": -1})


def test_a_rule_table_missing_a_period_is_a_config_error():
    with pytest.raises(ConfigError):
        court_accept_due(date(2026, 1, 1), rules={})


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (date(2026, 3, 14), "overdue"),
        (date(2026, 3, 15), "due_soon"),
        (date(2026, 3, 22), "due_soon"),
        (date(2026, 3, 23), "ok"),
    ],
)
def test_classify_against_today(due, state):
    assert classify(due, date(2026, 3, 15)) == state


def test_deadline_days_left_is_counted_from_its_as_of_day():
    row = make_deadline(
        "mediation_term", "MediationCase", "0190abcd", "张某与李某邻里纠纷",
        date(2026, 3, 10), today=date(2026, 3, 15),
    )  # fmt: skip
    assert row.label == "调解期限届满"
    assert row.state == "overdue"
    assert row.days_left == -5
