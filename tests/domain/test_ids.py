"""Tests of 居民身份证 and 统一社会信用代码 validation, masking and generation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fydesk.domain.ids import (
    check_id_card,
    check_uscc,
    convert_15_to_18,
    id_card_check_char,
    make_id_card,
    make_uscc,
    mask_id,
    uscc_check_char,
)

TODAY = date(2026, 3, 15)


# ---------------------------------------------------------------- 居民身份证


@pytest.mark.parametrize(
    ("body", "check"),
    [("11010519491231002", "X"), ("44052418800101001", "4")],
)
def test_check_char_matches_the_standards_examples(body, check):
    assert id_card_check_char(body) == check


def test_check_char_refuses_a_body_that_is_not_17_digits():
    with pytest.raises(ValueError):
        id_card_check_char("1101051949123100")
    with pytest.raises(ValueError):
        id_card_check_char("1101051949123100A")


def test_standard_example_with_x_is_valid_and_yields_birth_date_sex_and_area():
    result = check_id_card("11010519491231002X", today=TODAY)
    assert result.valid is True
    assert result.reason is None
    assert result.number == "11010519491231002X"
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "女"
    assert result.area_code == "110105"
    assert result.converted_from_15 is False


def test_standard_example_born_in_1880_is_valid_and_male():
    result = check_id_card("440524188001010014", today=TODAY)
    assert result.valid is True
    assert result.birth_date == date(1880, 1, 1)
    assert result.sex == "男"
    assert result.area_code == "440524"


def test_lowercase_x_and_surrounding_spaces_are_normalised():
    result = check_id_card("  11010519491231002x \n", today=TODAY)
    assert result.valid is True
    assert result.number == "11010519491231002X"


def test_full_width_digits_from_a_chinese_input_method_are_accepted():
    result = check_id_card("１１０１０５１９４９１２３１００２Ｘ", today=TODAY)
    assert result.valid is True
    assert result.number == "11010519491231002X"


def test_fifteen_digit_number_converts_to_eighteen():
    assert convert_15_to_18("110105491231002") == "11010519491231002X"


def test_fifteen_digit_number_checks_as_its_eighteen_digit_form():
    result = check_id_card("110105491231002", today=TODAY)
    assert result.valid is True
    assert result.converted_from_15 is True
    assert result.number == "11010519491231002X"
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "女"


def test_convert_refuses_anything_but_15_digits():
    with pytest.raises(ValueError):
        convert_15_to_18("11010549123100")


def test_wrong_check_char_names_expected_and_given():
    result = check_id_card("110105194912310023", today=TODAY)
    assert result.valid is False
    assert result.reason == "身份证号校验码错误：应为 X，实为 3。"
    assert result.birth_date is None
    assert result.sex is None


@pytest.mark.parametrize("value", ["1101051949123100", "1101051949123100200", "123"])
def test_wrong_length_is_refused_with_the_length_given(value):
    result = check_id_card(value, today=TODAY)
    assert result.valid is False
    assert f"实为 {len(value)} 位" in result.reason


def test_empty_input_asks_for_a_number():
    result = check_id_card("   ", today=TODAY)
    assert result.valid is False
    assert result.reason == "请填写身份证号。"


def test_letter_inside_the_number_is_refused_by_position():
    result = check_id_card("1101051949A231002X", today=TODAY)
    assert result.valid is False
    assert result.reason == "身份证号第 11 位“A”不是数字。"


def test_last_char_other_than_digit_or_x_is_refused():
    result = check_id_card("11010519491231002Y", today=TODAY)
    assert result.valid is False
    assert "最后一位" in result.reason


def _with_check(body17: str) -> str:
    return body17 + id_card_check_char(body17)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "20230229"])
def test_impossible_birth_date_is_refused_even_with_a_correct_check_char(birth):
    result = check_id_card(_with_check(f"110105{birth}002"), today=TODAY)
    assert result.valid is False
    assert result.reason == f"身份证号中的出生日期 {birth} 不是有效日期。"


def test_leap_day_birth_is_accepted():
    result = check_id_card(_with_check("11010520000229002"), today=TODAY)
    assert result.valid is True
    assert result.birth_date == date(2000, 2, 29)


def test_birth_date_in_the_future_is_refused():
    result = check_id_card(_with_check("11010520260316002"), today=TODAY)
    assert result.valid is False
    assert result.reason == "身份证号中的出生日期 2026-03-16 晚于今天。"


def test_birth_today_is_accepted():
    assert check_id_card(_with_check("11010520260315002"), today=TODAY).valid is True


def test_birth_before_1800_is_refused():
    result = check_id_card(_with_check("11010517991231002"), today=TODAY)
    assert result.valid is False
    assert "早于 1800 年" in result.reason


def test_unknown_area_code_is_not_a_reason_to_refuse():
    number = make_id_card("999999", date(1990, 5, 4), 123, "男")
    result = check_id_card(number, today=TODAY)
    assert result.valid is True
    assert result.area_code == "999999"


def test_make_id_card_adjusts_sequence_parity_to_sex():
    male = make_id_card("110105", date(1990, 5, 4), 998, "男")
    female = make_id_card("110105", date(1990, 5, 4), 999, "女")
    assert male[14:17] == "999"
    assert female[14:17] == "998"
    assert check_id_card(male, today=TODAY).sex == "男"
    assert check_id_card(female, today=TODAY).sex == "女"


def test_make_id_card_refuses_bad_arguments():
    with pytest.raises(ValueError):
        make_id_card("11010", date(1990, 1, 1), 1, "男")
    with pytest.raises(ValueError):
        make_id_card("110105", date(1990, 1, 1), 1000, "男")
    with pytest.raises(ValueError):
        make_id_card("110105", date(1990, 1, 1), 1, "未知")


area_codes = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1800, 1, 1), max_value=TODAY)
sexes = st.sampled_from(["男", "女"])


@given(area_codes, births, st.integers(0, 999), sexes)
def test_every_generated_id_passes_the_check(area, birth, seq, sex):
    result = check_id_card(make_id_card(area, birth, seq, sex), today=TODAY)
    assert result.valid is True
    assert result.birth_date == birth
    assert result.sex == sex
    assert result.area_code == area


@given(area_codes, births, st.integers(0, 999), sexes)
def test_generated_ids_satisfy_the_iso_7064_mod_11_2_equation(area, birth, seq, sex):
    # The standard's own definition: with X = 10 and the check char weighted 1, the
    # weighted sum of all 18 characters is congruent to 1 modulo 11.
    number = make_id_card(area, birth, seq, sex)
    values = [10 if ch == "X" else int(ch) for ch in number]
    assert sum(v * pow(2, 17 - i, 11) for i, v in enumerate(values)) % 11 == 1


@given(area_codes, births, st.integers(0, 999), sexes, st.data())
def test_changing_any_one_character_of_a_valid_id_makes_it_invalid(area, birth, seq, sex, data):
    number = make_id_card(area, birth, seq, sex)
    position = data.draw(st.integers(0, 17), label="position")
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(
        st.sampled_from([c for c in alphabet if c != number[position]]), label="replacement"
    )
    changed = number[:position] + replacement + number[position + 1 :]
    assert check_id_card(changed, today=TODAY).valid is False


# ---------------------------------------------------------------- 统一社会信用代码


def test_uscc_check_char_matches_the_standards_worked_example():
    assert uscc_check_char("91350100M000100Y4") == "3"


def test_uscc_weights_give_zero_when_the_remainder_is_zero():
    # Body of all zeros sums to 0; 31 - 0 = 31, which the standard maps to 0.
    assert uscc_check_char("0" * 17) == "0"


def test_uscc_check_char_refuses_letters_outside_the_alphabet():
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000100O4")


def test_valid_uscc_reports_area_code_and_checksum():
    result = check_uscc(" 91350100m000100y43 ")
    assert result.valid is True
    assert result.code == "91350100M000100Y43"
    assert result.checksum_ok is True
    assert result.expected_check == "3"
    assert result.overridable is False
    assert result.area_code == "350100"
    assert result.reason is None


def test_uscc_with_a_wrong_check_char_is_an_overridable_warning():
    result = check_uscc("91350100M000100Y44")
    assert result.valid is False
    assert result.checksum_ok is False
    assert result.overridable is True
    assert result.expected_check == "3"
    assert result.area_code == "350100"
    assert result.reason.startswith("统一社会信用代码校验码错误：应为 3，实为 4")


def test_uscc_ending_in_z_is_a_hard_error_since_z_is_never_a_check_char():
    result = check_uscc("91350100M000100Y4Z")
    assert result.valid is False
    assert result.overridable is False
    assert result.reason.startswith("统一社会信用代码第 18 位“Z”不是允许的字符")


def test_uscc_with_a_forbidden_letter_is_a_hard_error_naming_char_and_position():
    result = check_uscc("91350100M000100O43")
    assert result.valid is False
    assert result.overridable is False
    assert result.reason.startswith("统一社会信用代码第 16 位“O”不是允许的字符")


def test_uscc_with_letters_in_the_area_code_is_a_hard_error():
    body = "9135A100M000100Y4"
    result = check_uscc(make_uscc(body))
    assert result.valid is False
    assert result.overridable is False
    assert "第 3–8 位" in result.reason


def test_uscc_of_the_wrong_length_is_a_hard_error():
    result = check_uscc("91350100M000100Y4")
    assert result.valid is False
    assert result.overridable is False
    assert result.reason == "统一社会信用代码应为 18 位，实为 17 位。"


def test_make_uscc_appends_the_check_char():
    assert make_uscc("91350100M000100Y4") == "91350100M000100Y43"


uscc_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
uscc_bodies = st.builds(
    lambda head, area, tail: head + area + tail,
    st.text(alphabet=uscc_alphabet, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=uscc_alphabet, min_size=9, max_size=9),
)


@given(uscc_bodies)
def test_every_made_uscc_passes_the_check(body):
    assert check_uscc(make_uscc(body)).valid is True


@given(uscc_bodies)
def test_made_usccs_make_the_weighted_sum_a_multiple_of_31(body):
    code = make_uscc(body)
    weighted = sum(uscc_alphabet.index(ch) * pow(3, i, 31) for i, ch in enumerate(code[:17]))
    assert (weighted + uscc_alphabet.index(code[17])) % 31 == 0


@given(uscc_bodies, st.data())
def test_changing_one_character_of_a_uscc_outside_the_area_is_an_overridable_failure(body, data):
    code = make_uscc(body)
    position = data.draw(st.sampled_from([0, 1, *range(8, 18)]), label="position")
    replacement = data.draw(
        st.sampled_from([c for c in uscc_alphabet if c != code[position]]), label="replacement"
    )
    changed = code[:position] + replacement + code[position + 1 :]
    result = check_uscc(changed)
    assert result.valid is False
    assert result.overridable is True


# ---------------------------------------------------------------- masking


def test_mask_keeps_first_six_and_last_four():
    assert mask_id("11010519491231002X") == "110105********002X"


def test_mask_of_a_15_digit_number_hides_the_middle():
    assert mask_id("110105491231002") == "110105*****1002"


@pytest.mark.parametrize(
    ("value", "masked"),
    [("E12345678", "E*******8"), ("H1234", "H***4"), ("1234", "****"), ("", "")],
)
def test_mask_of_short_numbers_never_reveals_the_middle(value, masked):
    assert mask_id(value) == masked


def test_a_masked_birth_date_keeps_the_year_only():
    from fydesk.domain.ids import mask_birth_date

    assert mask_birth_date(date(1949, 12, 31)) == "1949"
    assert mask_birth_date(None) is None


def test_id_numbers_typed_into_free_text_are_masked():
    from fydesk.domain.ids import mask_ids_in_text

    text = "申请人张三（身份证号11010519491231002X）、李四（440524188001010014，电话13800138000）到场。"
    assert mask_ids_in_text(text) == (
        "申请人张三（身份证号110105********002X）、李四（440524********0014，电话13800138000）到场。")
    # A mistyped number is still most of someone's; an old 15-digit card is masked as well.
    assert "*" in mask_ids_in_text("号码110105194912310021")
    assert mask_ids_in_text("旧证 110105491231002") == "旧证 110105*****1002"
    assert mask_ids_in_text("订单号 123456789012345") == "订单号 123456789012345"
