"""Telephone numbers as a clerk types them: a mobile, or a landline with its area code.

Mainland numbers (GB/T 13400 numbering and the 工信部 number plan): mobiles are eleven digits
starting 13–19; a landline is a trunk prefix 0, a two- or three-digit area code (010, 020…029
are two digits; the rest three) and a seven- or eight-digit subscriber number, optionally
followed by an extension. 400/800 service numbers are ten digits. A field may hold more than
one number, separated by a comma, semicolon, slash or 或.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["check_phone", "split_numbers"]

_SEPARATORS = re.compile(r"\s*(?:[,，;；/、]|或)\s*")
_FILLERS = re.compile(r"[\s\-－—()（）]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_TWO_DIGIT_AREA = re.compile(r"010|02\d")
_LANDLINE = re.compile(r"0(?:10|2\d|[3-9]\d{2})\d{7,8}")
_SERVICE = re.compile(r"[48]00\d{7}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)(\d{1,6})$", re.IGNORECASE)


def split_numbers(text: str) -> list[str]:
    """The numbers of a field, as typed (full-width digits folded)."""
    text = unicodedata.normalize("NFKC", text).strip()
    return [n for n in _SEPARATORS.split(text) if n]


def check_phone(text: str) -> str | None:
    """None when every number in `text` is a valid one, else one sentence saying what is wrong."""
    for typed in split_numbers(text):
        reason = _check_one(typed)
        if reason:
            return f"电话号码“{typed}”{reason}"
    return None


def _check_one(typed: str) -> str | None:
    number = _EXTENSION.sub("", typed)
    if number != typed and not number.strip():
        return "只有分机号，缺少总机号码。"
    digits = _FILLERS.sub("", number)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit():
        return "含有数字以外的字符。"
    if digits.startswith("1"):
        return None if _MOBILE.fullmatch(digits) else "不是 11 位手机号码。"
    if _SERVICE.fullmatch(digits):
        return None
    if digits.startswith("0"):
        if _LANDLINE.fullmatch(digits):
            # a two-digit area code (Beijing, Guangzhou, …) takes an eight-digit number
            if _TWO_DIGIT_AREA.match(digits) and len(digits) != 11:
                return "位数不对：区号后应为 8 位号码。"
            return None
        return "位数不对：固定电话应为区号加 7 至 8 位号码。"
    if 7 <= len(digits) <= 8:
        return "缺少区号：固定电话请写成“区号-号码”，如 020-83123456。"
    return "位数不对：手机号码为 11 位，固定电话为区号加 7 至 8 位号码。"
