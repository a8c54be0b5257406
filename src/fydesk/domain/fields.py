"""Field descriptions: the parsing of user input (form, CLI, import) into typed values, and
the strict reading of a value as it travels on the wire. One set of rules, used by the desk
when a person types and by the hub when a device pushes, so that the hub accepts only what
every PC can hold."""

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
# Text lengths in characters: a name or a code, and free text (a 笔录 of 100,000 characters is
# some fifty printed pages). A wire op stays far below the hub's batch size limit.
SHORT_TEXT = 500
LONG_TEXT = 100_000
MAX_ITEMS = 200  # entries of a list field
MAX_ID = 36  # a record id: a UUID string
_DATE_WIRE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_WIRE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")  # as journal.wire writes it
# What no column may hold: NUL (PostgreSQL refuses it), and lone surrogates (no encoding can
# write them, so the database driver fails on them).
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
# Dates a record can sensibly hold: deadlines are computed from them (a term ending past year
# 9999 cannot even be represented), and the standard's own example of an ID number was born in 1880.
FIRST_DAY = date(1800, 1, 1)
LAST_DAY = date(2199, 12, 31)
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
    # masked in lists and exports unless the full value is asked for (ids.mask_id; a date
    # keeps its year only)
    sensitive: bool = False
    machine: str | None = None  # status field governed by this state machine
    max_length: int | None = None  # text: characters; None is SHORT_TEXT
    nullable: bool = True  # False: may be left out (the column's default), never set empty
    # text: the form a stored value has (user input may be looser: the services normalise it)
    wire_pattern: str | None = None

    @property
    def limit(self) -> int:
        return self.max_length or SHORT_TEXT

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
        return self._text(str(raw), self.limit)

    def _parse_ref(self, raw: Any) -> str:
        return self._text(str(raw), MAX_ID)

    def _text(self, value: str, limit: int) -> str:
        if len(value) > limit:
            raise self.error(f"“{self.label}”最多 {limit} 个字，现有 {len(value)} 个字。")
        if _UNWRITABLE.search(value):
            raise self.error(f"“{self.label}”含有无法保存的字符（空字符或不成对的代理码位）。")
        return value

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
            return self._in_range(date(int(found[1]), int(found[2]), int(found[3])))
        except ValueError:
            raise self.error(f"“{self.label}”不是有效日期（应为 YYYY-MM-DD），收到“{raw}”。") from None

    def _in_range(self, day: date) -> date:
        if not FIRST_DAY <= day <= LAST_DAY:
            raise self.error(f"“{self.label}”应在 {FIRST_DAY.year} 年至 {LAST_DAY.year} 年之间，收到“{day}”。")
        return day

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
            day = self._in_range(date(int(found[1]), int(found[2]), int(found[3])))
            h, mi, sec = (int(when[1]), int(when[2]), int(when[3] or 0)) if when else (0, 0, 0)
            return datetime(day.year, day.month, day.day, h, mi, sec)
        except ValueError:
            raise self.error(
                f"“{self.label}”不是有效时间（应为 YYYY-MM-DD HH:MM），收到“{raw}”。"
            ) from None

    def _parse_choice(self, raw: Any) -> str:
        value = str(raw)
        if value not in self.choices:
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise self.error(f"“{self.label}”须为以下之一：{'、'.join(self.choices)}；收到“{shown}”。")
        return value

    def _parse_list(self, raw: Any) -> list[Any]:
        if isinstance(raw, (list, tuple)):
            return list(raw)
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            value = [part.strip() for part in re.split(r"[,，、;；]", str(raw)) if part.strip()]
        return self._list(value)

    def _list(self, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(f"“{self.label}”必须是列表。")
        if len(value) > MAX_ITEMS:
            raise self.error(f"“{self.label}”最多 {MAX_ITEMS} 项。")
        # In all no more text than one long field, so that one op stays far below the hub's
        # batch size (a lone op past it could never be sent).
        total = sum(len(str(v)) for item in value for v in (item.values() if isinstance(item, dict) else [item]))
        if total > LONG_TEXT:
            raise self.error(f"“{self.label}”的内容合计最多 {LONG_TEXT} 个字。")
        for item in value:
            if self.ref is not None:
                if not isinstance(item, str) or not item:
                    raise self.error(f"“{self.label}”的每一项都必须是记录编号。")
                self._text(item, MAX_ID)
            elif isinstance(item, dict):
                if len(item) > 20 or not all(isinstance(k, str) and len(k) <= 64 for k in item):
                    raise self.error(f"“{self.label}”的项目格式不对。")
                for k, v in item.items():
                    self._text(k, 64)
                    self._scalar(v)
            else:
                self._scalar(item)
        return value

    def _scalar(self, item: Any) -> None:
        if item is None or isinstance(item, bool):
            return
        if isinstance(item, int):
            if not -MAX_FEN <= item <= MAX_FEN:
                raise self.error(f"“{self.label}”中的数值过大。")
        elif isinstance(item, str):
            self._text(item, SHORT_TEXT)
        else:
            raise self.error(f"“{self.label}”的项目只能是文字、整数或是否。")

    # --- the wire ------------------------------------------------------------------------

    def from_wire(self, value: Any) -> Any:
        """The column value of a pushed or pulled value, read strictly: exactly the form the
        desk sends (journal.wire) within the same limits a person's input meets, or one clear
        sentence. None stays None; whether it is allowed is the entity's business."""
        if value is None:
            return None
        kind = self.kind
        if kind in ("text", "ref", "choice"):
            if not isinstance(value, str):
                raise self.error(f"“{self.label}”必须是文字。")
            if kind == "choice":
                return self._parse_choice(value)
            value = self._text(value, MAX_ID if kind == "ref" else self.limit)
            if self.wire_pattern and not re.fullmatch(self.wire_pattern, value):
                raise self.error(f"“{self.label}”的格式不对。")
            return value
        if kind in ("int", "money"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.error(f"“{self.label}”必须是整数。")
            top = MAX_FEN if kind == "money" else MAX_COUNT
            if not 0 <= value <= top:
                raise self.error(f"“{self.label}”超出允许的范围（0–{top}）。")
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                raise self.error(f"“{self.label}”只能是是或否。")
            return value
        if kind == "date":
            if not isinstance(value, str) or not _DATE_WIRE.fullmatch(value):
                raise self.error(f"“{self.label}”不是有效日期（应为 YYYY-MM-DD）。")
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise self.error(f"“{self.label}”不是有效日期：{value}。") from None
            return self._in_range(day)
        if kind == "datetime":
            if not isinstance(value, str) or not _DATETIME_WIRE.fullmatch(value):
                raise self.error(f"“{self.label}”不是有效时间（应为 YYYY-MM-DD HH:MM:SS）。")
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                raise self.error(f"“{self.label}”不是有效时间：{value}。") from None
            self._in_range(when.date())
            return when
        if kind == "list":
            return self._list(value)
        raise self.error(f"“{self.label}”的类型未知。")  # pragma: no cover - every kind above


def format_money(cents: int | None) -> str | None:
    if cents is None:
        return None
    return f"{Decimal(cents) / 100:.2f}"
