"""Field descriptions and the parsing of user input (form, CLI, import) into typed values."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fydesk.domain.errors import ValidationError

_TRUE = {"1", "true", "yes", "y", "是", "有", "真"}
_FALSE = {"0", "false", "no", "n", "否", "无", "假"}
# Far beyond any real count or sum, well inside SQLite's 64-bit integers.
MAX_COUNT = 10**12
MAX_FEN = 10**15
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_TIME = re.compile(r"\s*[T ]?\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?")


def normalise(text: str) -> str:
    """Full-width digits, letters and brackets from Chinese input methods made plain."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | int | money | bool | date | datetime | choice | ref | list
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None  # entity name the value points at
    editable: bool = True  # False: fixed once the record exists (the case a party belongs to)
    system: bool = False  # kept by the services (numbers, derived dates); never typed in
    legal: bool = False  # legally significant: concurrent edits escalate to 需协调
    sensitive: bool = False  # masked in lists and exports unless the full value is asked for
    machine: str | None = None  # status field governed by this state machine

    def error(self, message: str) -> ValidationError:
        return ValidationError(self.name, self.label, message)

    def parse(self, raw: Any) -> Any:
        """Typed value from raw input; empty input is None. Raises one clear sentence."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        parser = getattr(self, f"_parse_{self.kind}")
        if isinstance(raw, str):
            # Free text keeps its characters; codes, numbers and dates are normalised.
            raw = raw.strip() if self.kind == "text" else normalise(raw)
        return parser(raw)

    def _parse_text(self, raw: Any) -> str:
        return str(raw)

    def _parse_ref(self, raw: Any) -> str:
        return str(raw)

    def _parse_int(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise self.error(f"“{self.label}”必须是整数。")
        if isinstance(raw, int):
            value = raw
        else:
            try:
                value = int(str(raw).replace(",", ""))
            except ValueError:
                raise self.error(f"“{self.label}”必须是整数，收到“{raw}”。") from None
        if value < 0:
            raise self.error(f"“{self.label}”不能为负数。")
        if value > MAX_COUNT:
            raise self.error(f"“{self.label}”数值过大（{raw}）。")
        return value

    def _parse_money(self, raw: Any) -> int:
        """Amounts are kept as whole fen (分) so that sums never drift."""
        try:
            amount = Decimal(str(raw).replace(",", "").replace("元", ""))
        except InvalidOperation:
            raise self.error(f"“{self.label}”必须是金额（元，最多两位小数），收到“{raw}”。") from None
        if not amount.is_finite() or amount < 0:
            raise self.error(f"“{self.label}”必须是不小于零的金额。")
        if amount * 100 > MAX_FEN:
            raise self.error(f"“{self.label}”数额过大（{raw}）。")
        if amount != amount.quantize(Decimal("0.01")):
            raise self.error(f"“{self.label}”最多保留两位小数。")
        return int(amount * 100)

    def _parse_bool(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise self.error(f"“{self.label}”只能是“是”或“否”，收到“{raw}”。")

    def _parse_date(self, raw: Any) -> date:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        found = _DATE.fullmatch(str(raw))
        try:
            if found is None:
                raise ValueError
            return date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            raise self.error(f"“{self.label}”不是有效日期（应为 YYYY-MM-DD），收到“{raw}”。") from None

    def _parse_datetime(self, raw: Any) -> datetime:
        if isinstance(raw, datetime):
            return raw.replace(microsecond=0)
        if isinstance(raw, date):
            return datetime(raw.year, raw.month, raw.day)
        text = str(raw)
        found = _DATE.match(text)
        when = _TIME.fullmatch(text[found.end():]) if found else None
        try:
            if found is None or (when is None and text[found.end():].strip()):
                raise ValueError
            day = date(int(found[1]), int(found[2]), int(found[3]))
            h, mi, sec = (int(when[1]), int(when[2]), int(when[3] or 0)) if when else (0, 0, 0)
            return datetime(day.year, day.month, day.day, h, mi, sec)
        except ValueError:
            raise self.error(
                f"“{self.label}”不是有效时间（应为 YYYY-MM-DD HH:MM），收到“{raw}”。"
            ) from None

    def _parse_choice(self, raw: Any) -> str:
        value = str(raw)
        if value not in self.choices:
            raise self.error(f"“{self.label}”须为以下之一：{'、'.join(self.choices)}；收到“{value}”。")
        return value

    def _parse_list(self, raw: Any) -> list[Any]:
        if isinstance(raw, (list, tuple)):
            return list(raw)
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            value = [part.strip() for part in re.split(r"[,，、;；]", str(raw)) if part.strip()]
        if not isinstance(value, list):
            raise self.error(f"“{self.label}”必须是列表。")
        return value


def format_money(cents: int | None) -> str | None:
    if cents is None:
        return None
    return f"{Decimal(cents) / 100:.2f}"
