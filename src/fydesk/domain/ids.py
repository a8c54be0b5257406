"""Validation, normalisation, masking and generation of 居民身份证号 and 统一社会信用代码."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "IdCardCheck",
    "UsccCheck",
    "check_id_card",
    "check_uscc",
    "convert_15_to_18",
    "id_card_check_char",
    "make_id_card",
    "make_uscc",
    "mask_birth_date",
    "mask_id",
    "mask_ids_in_text",
    "uscc_check_char",
]

# GB 11643-1999: weight of position i counted from the right is 2^(i-1) mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
# Older than any living person's card, yet the standard's own example (440524188001010014)
# is born in 1880, so the bound sits before it rather than at 1900.
_EARLIEST_BIRTH = date(1800, 1, 1)

# GB 32100-2015 leaves out I, O, S, V, Z so they cannot be mistaken for 1, 0, 5, U, 2.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_ASCII_DIGITS = frozenset("0123456789")


def _normalise(value: str) -> str:
    # NFKC folds full-width digits and letters, which Chinese input methods often produce.
    return unicodedata.normalize("NFKC", value or "").strip().upper()


def _is_digits(text: str) -> bool:
    # str.isdigit() would also accept superscripts and other scripts' digits.
    return bool(text) and all(ch in _ASCII_DIGITS for ch in text)


# ---------------------------------------------------------------- 居民身份证


@dataclass(frozen=True)
class IdCardCheck:
    """The outcome of checking one 居民身份证号; the facts are filled only when it is valid."""

    valid: bool
    number: str
    reason: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    area_code: str | None = None
    converted_from_15: bool = False


def id_card_check_char(body17: str) -> str:
    """The check character (ISO 7064 MOD 11-2) for the first 17 digits of an 18-digit number."""
    if len(body17) != 17 or not _is_digits(body17):
        raise ValueError(f"expected 17 ASCII digits, got {body17!r}")
    total = sum(int(ch) * w for ch, w in zip(body17, _ID_WEIGHTS))
    return _ID_CHECK_CHARS[total % 11]


def convert_15_to_18(number15: str) -> str:
    """The 18-digit form of a first-generation 15-digit number (all of them were born 19xx)."""
    if len(number15) != 15 or not _is_digits(number15):
        raise ValueError(f"expected 15 ASCII digits, got {number15!r}")
    body = number15[:6] + "19" + number15[6:]
    return body + id_card_check_char(body)


def _parse_birth(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _id_invalid(number: str, reason: str, converted: bool = False) -> IdCardCheck:
    return IdCardCheck(valid=False, number=number, reason=reason, converted_from_15=converted)


def check_id_card(value: str, today: date | None = None) -> IdCardCheck:
    """Check a 居民身份证号 (18 digits, or 15 converted to 18); unknown area codes are accepted."""
    number = _normalise(value)
    if not number:
        return _id_invalid(number, "请填写身份证号。")
    if len(number) not in (15, 18):
        return _id_invalid(number, f"身份证号应为 18 位（旧号 15 位），实为 {len(number)} 位。")

    body = number if len(number) == 15 else number[:17]
    for position, ch in enumerate(body, start=1):
        if ch not in _ASCII_DIGITS:
            return _id_invalid(number, f"身份证号第 {position} 位“{ch}”不是数字。")
    if len(number) == 18 and number[17] not in _ASCII_DIGITS and number[17] != "X":
        return _id_invalid(number, f"身份证号最后一位应为数字或 X，实为“{number[17]}”。")

    converted = len(number) == 15
    if converted:
        number = convert_15_to_18(number)

    birth_text = number[6:14]
    birth = _parse_birth(birth_text)
    if birth is None:
        return _id_invalid(number, f"身份证号中的出生日期 {birth_text} 不是有效日期。", converted)
    if birth > (today or date.today()):
        return _id_invalid(
            number, f"身份证号中的出生日期 {birth.isoformat()} 晚于今天。", converted
        )
    if birth < _EARLIEST_BIRTH:
        return _id_invalid(
            number, f"身份证号中的出生日期 {birth.isoformat()} 早于 1800 年 1 月 1 日。", converted
        )

    expected = id_card_check_char(number[:17])
    if number[17] != expected:
        return _id_invalid(
            number, f"身份证号校验码错误：应为 {expected}，实为 {number[17]}。", converted
        )

    return IdCardCheck(
        valid=True,
        number=number,
        birth_date=birth,
        sex="男" if int(number[16]) % 2 == 1 else "女",
        area_code=number[:6],
        converted_from_15=converted,
    )


def make_id_card(area_code: str, birth: date, seq3: int, sex: str) -> str:
    """A well-formed 18-digit number; seq3's last digit is flipped if its parity contradicts sex."""
    if len(area_code) != 6 or not _is_digits(area_code):
        raise ValueError(f"area code must be 6 digits, got {area_code!r}")
    if not 0 <= seq3 <= 999:
        raise ValueError(f"seq3 must be within 0..999, got {seq3}")
    if sex not in ("男", "女"):
        raise ValueError(f"sex must be 男 or 女, got {sex!r}")
    want_odd = sex == "男"
    if (seq3 % 2 == 1) != want_odd:
        # XOR 1 flips only the parity bit, so the result stays within 0..999.
        seq3 ^= 1
    body = f"{area_code}{birth:%Y%m%d}{seq3:03d}"
    return body + id_card_check_char(body)


# ---------------------------------------------------------------- 统一社会信用代码


@dataclass(frozen=True)
class UsccCheck:
    """The outcome of checking one 统一社会信用代码.

    A wrong check character alone is `overridable`: some early pilot codes were issued that
    way, so the user may keep the code after giving a reason.
    """

    valid: bool
    code: str
    reason: str | None = None
    checksum_ok: bool = False
    expected_check: str | None = None
    overridable: bool = False
    area_code: str | None = None


def uscc_check_char(body17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code."""
    if len(body17) != 17 or any(ch not in USCC_ALPHABET for ch in body17):
        raise ValueError(f"expected 17 characters of the USCC alphabet, got {body17!r}")
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> UsccCheck:
    """Check a 统一社会信用代码; see UsccCheck for which failures the user may override."""
    code = _normalise(value)
    if not code:
        return UsccCheck(valid=False, code=code, reason="请填写统一社会信用代码。")
    if len(code) != 18:
        return UsccCheck(
            valid=False, code=code, reason=f"统一社会信用代码应为 18 位，实为 {len(code)} 位。"
        )
    for position, ch in enumerate(code, start=1):
        if ch not in USCC_ALPHABET:
            return UsccCheck(
                valid=False,
                code=code,
                reason=f"统一社会信用代码第 {position} 位“{ch}”不是允许的字符（不使用 I、O、S、V、Z）。",
            )
    area = code[2:8]
    if not _is_digits(area):
        return UsccCheck(
            valid=False,
            code=code,
            reason=f"统一社会信用代码第 3–8 位应为 6 位数字的行政区划代码，实为“{area}”。",
        )

    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return UsccCheck(
            valid=False,
            code=code,
            reason=(
                f"统一社会信用代码校验码错误：应为 {expected}，实为 {code[17]}"
                "（如确为早期试点代码，可注明理由后保存）。"
            ),
            checksum_ok=False,
            expected_check=expected,
            overridable=True,
            area_code=area,
        )
    return UsccCheck(
        valid=True, code=code, checksum_ok=True, expected_check=expected, area_code=area
    )


def make_uscc(body_without_check: str) -> str:
    """The full 18-character code: the 17-character body with its check character appended."""
    return body_without_check + uscc_check_char(body_without_check)


# ---------------------------------------------------------------- masking


def mask_id(value: str) -> str:
    """An identity number as lists, exports and public copies may show it.

    18-digit numbers keep the first 6 (area) and last 4; short numbers of other ID types
    keep at most one character at each end, and the shortest keep nothing.
    """
    text = (value or "").strip()
    n = len(text)
    if n >= 11:
        return text[:6] + "*" * (n - 10) + text[-4:]
    if n >= 5:
        return text[0] + "*" * (n - 2) + text[-1]
    # Showing both ends of four or fewer characters would reveal half the number or more.
    return "*" * n


def mask_birth_date(value: date | None) -> str | None:
    """A birth date shown beside a masked number: the year only, as ISO 8601 writes a year.

    The full date is the masked middle of an 18-digit number (digits 7–14); shown whole, it
    would let anyone put the number back together. With the year alone, dozens of dates still
    fit the check character.
    """
    return None if value is None else f"{value.year:04d}"


# An 18-character number (or a 15-digit one of the old cards) standing alone in free text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_ids_in_text(text: str) -> str:
    """Free text (a 笔录, a list of attendees) with every identity number in it masked.

    Every 18-character run is masked, valid or not (a mistyped number is still most of
    someone's number); a 15-digit run only when it reads as an old card, since other
    15-digit numbers are common.
    """
    def masked(found: re.Match[str]) -> str:
        number = found[0]
        if len(number) == 15 and not check_id_card(number).valid:
            return number
        return mask_id(number)

    return _ID_IN_TEXT.sub(masked, text)
