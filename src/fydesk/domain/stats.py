"""The formulas behind the reported figures (万人起诉率, 调解成功率, 信访化解率) and statistical periods.

Rates round half up (四舍五入), as figures in official tables are expected to, not to the
nearest even digit as Python's round() does; they are computed in Decimal so that binary
floating point cannot tip a value like 12.345 the wrong way.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fydesk.domain.errors import ValidationError

__all__ = [
    "PETITION_CLOSED",
    "PETITION_RATE_NOTE",
    "SUCCESS_DENOMINATORS",
    "format_per10k",
    "format_period",
    "format_rate",
    "litigation_rate_per_10k",
    "period_bounds",
    "petition_resolution_rate",
    "success_rate",
]

SUCCESS_DENOMINATORS: dict[str, str] = {"accepted": "受理案件数", "mediated": "进入调解案件数"}

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _ratio(numerator: int, denominator: int, scale: int, places: int) -> float:
    value = Decimal(numerator) * scale / Decimal(denominator)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _require_counts(**counts: int) -> None:
    for name, n in counts.items():
        if n < 0:
            raise ValueError(f"{name} must not be negative, got {n}")


def litigation_rate_per_10k(
    civil_filings: int, admin_filings: int, resident: int, floating: int
) -> float | None:
    """万人起诉率 = (一审民事 + 行政 filings) ÷ (户籍人口 + 登记流动人口) × 10,000, to 2 places.

    None when no population is recorded, since a rate over nobody is not zero but unknown.
    """
    _require_counts(
        civil_filings=civil_filings,
        admin_filings=admin_filings,
        resident=resident,
        floating=floating,
    )
    population = resident + floating
    if population == 0:
        return None
    return _ratio(civil_filings + admin_filings, population, 10_000, 2)


def success_rate(
    succeeded: int, accepted: int, mediated: int, denominator: str = "accepted"
) -> float | None:
    """调解成功率 in percent, to 1 place: succeeded ÷ the chosen denominator × 100.

    "accepted" divides by all accepted cases, "mediated" only by those that entered
    mediation (offices report both ways). None when the denominator is zero.
    """
    if denominator not in SUCCESS_DENOMINATORS:
        raise ValueError(
            f"unknown denominator {denominator!r}; expected one of {sorted(SUCCESS_DENOMINATORS)}"
        )
    _require_counts(succeeded=succeeded, accepted=accepted, mediated=mediated)
    base = accepted if denominator == "accepted" else mediated
    if base == 0:
        return None
    return _ratio(succeeded, base, 100, 1)


# How a 涉诉信访件 ends (domain/states.py "petition"); a petition counts as 办结 in the month of
# its 化解/终结日期 (closed_date), and as received in the month of its 收到日期.
PETITION_CLOSED = ("已化解", "终结移交", "依法终结")

PETITION_RATE_NOTE = ("信访化解率 = 当月已化解件数 ÷ 当月办结件数（已化解 + 终结移交 + 依法终结）× 100%，"
                      "按化解/终结日期计入月份；当月没有办结的，化解率记为“—”。")


def petition_resolution_rate(resolved: int, transferred: int, ended: int) -> float | None:
    """信访化解率 in percent, to 1 place: 已化解 ÷ (已化解 + 终结移交 + 依法终结) × 100, over the
    petitions closed in the period (by their closing date).

    Closed petitions are the base, not those received: a 信访 office judges how the matters it
    finished ended, and a petition received on the 30th is not yet a failure; dividing by the
    month's intake would also pass 100% whenever older matters are settled. None when nothing
    was closed.
    """
    _require_counts(resolved=resolved, transferred=transferred, ended=ended)
    closed = resolved + transferred + ended
    if closed == 0:
        return None
    return _ratio(resolved, closed, 100, 1)


def _bad_period(sentence: str) -> ValidationError:
    return ValidationError("period", "统计期间", sentence)


def period_bounds(period: str) -> tuple[date, date]:
    """The half-open range [first day, first day of the next month) of a "YYYY-MM" period."""
    text = unicodedata.normalize("NFKC", period or "").strip()
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise _bad_period(f"统计期间应写成“年-月”形式，如 2026-03，实为“{text}”。")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise _bad_period(f"统计期间的月份应在 01 到 12 之间，实为 {match[2]}。")
    if not 1900 <= year <= 9998:
        raise _bad_period(f"统计期间的年份 {year} 不在合理范围内。")
    start = date(year, month, 1)
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end


def format_period(day: date) -> str:
    """The "YYYY-MM" period a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def format_rate(value: float | None) -> str:
    """调解成功率 as printed everywhere (command line, window, PDF): one place, "—" when unknown."""
    return "—" if value is None else f"{value:.1f}%"


def format_per10k(value: float | None) -> str:
    """万人起诉率 as printed everywhere: two places, "—" when no population is recorded."""
    return "—" if value is None else f"{value:.2f}"
