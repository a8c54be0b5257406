"""Tests of the code tables and their English labels."""

from __future__ import annotations

import pytest

from fydesk.domain import codes
from fydesk.domain.errors import ValidationError
from fydesk.domain.states import MACHINES


def test_there_are_56_distinct_ethnicities_with_han_first():
    assert len(codes.ETHNICITIES) == 56
    assert len(set(codes.ETHNICITIES)) == 56
    assert codes.ETHNICITIES[0] == "汉族"
    assert "基诺族" in codes.ETHNICITIES


def test_tables_keep_design_labels_and_order():
    assert codes.PARTY_KINDS == ("自然人", "法人", "非法人组织")
    assert codes.RISK_LEVELS == ("重大且紧急", "较大", "一般", "提示")
    assert codes.CASE_CATEGORIES[1] == "委派调解(诉前)"
    assert codes.OFFICE_KINDS[0] == "人民法庭"
    assert codes.OFFICE_KINDS[-1] == "其他"
    assert codes.CONFIRMATION_RESULTS == ("确认有效", "驳回", "撤回")
    assert codes.ADOPTIONS == ("采纳", "部分采纳", "不采纳")


def test_every_risk_level_has_its_colour():
    assert codes.RISK_LEVEL_COLOURS == {
        "重大且紧急": "red",
        "较大": "orange",
        "一般": "yellow",
        "提示": "blue",
    }


@pytest.mark.parametrize("name", sorted(codes.TABLES))
def test_no_table_repeats_a_label(name):
    table = codes.TABLES[name]
    assert len(table) == len(set(table)), name


def test_every_table_has_a_chinese_name():
    assert set(codes.TABLE_LABELS) == set(codes.TABLES)


def test_every_label_in_every_table_has_an_english_label():
    missing = [label for table in codes.TABLES.values() for label in table if label not in codes.EN]
    assert missing == []


def test_every_state_machine_label_and_state_has_an_english_label():
    missing = [
        s for m in MACHINES.values() for s in (m.label, *m.states) if s not in codes.EN
    ]
    assert missing == []


def test_english_labels_are_not_empty_and_not_chinese():
    for chinese, english in codes.EN.items():
        assert english.strip(), chinese
        assert all(ord(ch) < 0x2E80 for ch in english), chinese


def test_require_code_accepts_a_listed_value():
    assert codes.require_code("dispute_type", "邻里纠纷", "dispute_type") == "邻里纠纷"


def test_require_code_refuses_an_unlisted_value_with_the_table_name():
    with pytest.raises(ValidationError) as info:
        codes.require_code("dispute_type", "吵架", "dispute_type")
    assert info.value.field == "dispute_type"
    assert info.value.label == "纠纷类型"
    assert info.value.message == "“吵架”不是可选的纠纷类型。"
