"""Where a place written in words lies: an address matched against the names of the areas on
record (an office's 辖区, its bodies' and the courts' areas), the most specific match first."""

from __future__ import annotations

import re
from collections.abc import Iterable

# What an institution's name adds to its place: "溪口镇人民调解委员会" lies in 溪口镇.
_SUFFIXES = ("驻庭人民调解委员会", "人民调解委员会", "调解委员会", "人民法庭", "人民法院", "司法所", "调委会",
             "综治中心")
# The levels above a county or town, after which a shorter name still names the place.
_LEVELS = re.compile(r"(?:省|自治区|市|自治州)")  # not 州 alone: 广州, 杭州 are names
_CODE = re.compile(r"\d{6}(?:\d{3}){0,2}")


def place_names(name: str) -> tuple[str, ...]:
    """The ways an address may write the place a name stands for, longest first: "广州市云溪区
    人民法院" → 广州市云溪区, 云溪区; "云溪区人民法院溪口人民法庭" → 溪口."""
    text = re.sub(r"\s+", "", name or "")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    # A tribunal named after its basic court: the part after 人民法院 is its own place.
    _, found, tail = text.rpartition("人民法院")
    if found and tail:
        text = tail
    out = [text]
    for m in _LEVELS.finditer(text):
        rest = text[m.end():]
        if len(rest) >= 2:
            out.append(rest)
    return tuple(dict.fromkeys(n for n in out if len(n) >= 2))


def area_of_address(address: str | None, places: Iterable[tuple[str, str | None]]) -> str | None:
    """The area code of the most specific place (longest code, then longest name) whose name the
    address contains; an address that is itself an area code is that code; None when nothing matches."""
    text = re.sub(r"\s+", "", address or "")
    if not text:
        return None
    if _CODE.fullmatch(text):
        return text
    best: tuple[int, int, str] | None = None
    for name, code in places:
        if not code:
            continue
        for n in place_names(name):
            if n in text:
                key = (len(code), len(n), code)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None
