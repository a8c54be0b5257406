"""Telephone numbers: a mobile, or a landline with its area code."""

import pytest

from fydesk.domain.phones import check_phone


@pytest.mark.parametrize("typed", [
    "13614427811", "136 1442 7811", "+86 136-1442-7811", "１３６１４４２７８１１",
    "020-83123456", "(0755)86001234", "0311-8765432", "010 6512 3456", "400-810-8888",
    "020-83123456转123", "13614427811，020-83123456", "13614427811 或 13800138000",
])
def test_numbers_as_clerks_type_them_pass(typed):
    assert check_phone(typed) is None


@pytest.mark.parametrize("typed, says", [
    ("83123456", "缺少区号"),
    ("1361442781", "不是 11 位手机号码"),
    ("020-8312345", "区号后应为 8 位号码"),
    ("0755-861", "位数不对"),
    ("5678", "位数不对"),
    ("电话13614427811", "数字以外"),
    ("13614427811，8312345", "“8312345”缺少区号"),
])
def test_a_wrong_number_gets_one_sentence_naming_it(typed, says):
    reason = check_phone(typed)
    assert reason is not None and says in reason and reason.endswith("。")
