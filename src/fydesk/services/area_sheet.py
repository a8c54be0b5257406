"""辖区数据 from a sheet: the template's columns, and a workbook's rows put through the same rules
and outbox as figures typed on the 本单位 page (services/office.py), all or nothing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError

from . import office
from .context import Actor
from .ledger import Sheet
from .transfer import MAX_REPORTED_ERRORS, ImportFailed

POPULATION_SHEET = "人口"
FILINGS_SHEET = "收案"


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]  # the template's first, then what else a sheet may call it
    required: bool = True


# The labels are the 辖区数据 fields' own (domain/schema.py); 年度 and 月份 say how they are kept.
POPULATION_COLUMNS = (
    Column("area_code", ("区划代码", "行政区划代码")),
    Column("area_name", ("区划名称", "名称")),
    Column("year", ("年度", "年份")),
    Column("resident_population", ("户籍人口",)),
    Column("floating_population", ("登记流动人口", "流动人口"), required=False),
)
FILINGS_COLUMNS = (
    Column("area_code", ("区划代码", "行政区划代码")),
    Column("period", ("月份", "统计期间")),
    Column("civil_filings", ("一审民事收案",)),
    Column("admin_filings", ("一审行政收案",), required=False),
)
NOTES = (
    "“人口”表每行登记一个区划一年的户籍人口与登记流动人口（区划代码镇街为 9 位）。",
    "“收案”表每行登记一个区划一个月的一审民事、行政收案数；月份写成 2026-10。",
    "收案所属的区划须已在“人口”表或本单位页登记过人口。",
    "导入时任何一行有误，整个文件都不写入，并逐行说明哪一行哪一列有误。",
)


def template_sheets() -> list[Sheet]:
    """The empty template: one sheet for each year's population, one for each month's filings."""
    return [Sheet(POPULATION_SHEET, tuple(c.headers[0] for c in POPULATION_COLUMNS), ()),
            Sheet(FILINGS_SHEET, tuple(c.headers[0] for c in FILINGS_COLUMNS), ()),
            Sheet("说明", ("说明",), tuple((line,) for line in NOTES), (90,))]


@dataclass(frozen=True)
class AreaImport:
    areas: int  # distinct area codes in the file
    years: int  # population rows
    months: int  # filings rows


def _header(text: Any) -> str:
    """A header as compared: no spaces, no unit in brackets (户籍人口（人） is 户籍人口)."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+|\(.*?\)", "", text)


def _columns(title: str, header: Sequence[Any], columns: tuple[Column, ...]) -> dict[str, tuple[int, str]]:
    names = [_header(h) for h in header]
    found: dict[str, tuple[int, str]] = {}
    for col in columns:
        hits = [i for i, n in enumerate(names) if n in col.headers]
        if len(hits) > 1:
            raise FydeskError(f"“{title}”表有多列都可作为“{col.headers[0]}”，请只保留一列。")
        if hits:
            found[col.key] = (hits[0], str(header[hits[0]]).strip())
    missing = [c.headers[0] for c in columns if c.required and c.key not in found]
    if missing:
        raise FydeskError(f"“{title}”表第 1 行缺少必需的列：{'、'.join(missing)}（可用模板核对表头）。")
    return found


class _BadCell(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def _number(key: str, label: str, value: Any, required: bool) -> int | None:
    if isinstance(value, bool):
        raise _BadCell(key, f"{label}应为整数，实为“{value}”。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _text(value)
        if text is None:
            if required:
                raise _BadCell(key, f"{label}不能为空。")
            return None
        text = text.replace(",", "").removesuffix("年").removesuffix("人").removesuffix("件")
        if not re.fullmatch(r"-?\d+", text):
            raise _BadCell(key, f"{label}应为整数，实为“{_text(value)}”。")
        number = int(text)
    if number < 0:
        raise _BadCell(key, f"{label}不能为负数。")
    return number


def _month(value: Any) -> str:
    if isinstance(value, date):  # a date cell (datetime is a date too): its month
        return f"{value.year:04d}-{value.month:02d}"
    text = _text(value)
    if text is None:
        raise _BadCell("period", "月份不能为空。")
    found = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text)
    if found is None:
        raise _BadCell("period", f"月份应写成 2026-10 的样子，实为“{text}”。")
    return f"{int(found[1]):04d}-{int(found[2]):02d}"


def _rows(title, rows, columns: dict[str, tuple[int, str]]):
    """(sheet row number, {key: cell}) for every row that is not blank."""
    for number, cells in rows:
        values = {key: cells[i] if i < len(cells) else None for key, (i, _) in columns.items()}
        if any(_text(v) is not None for v in values.values()):
            yield number, values


# Where a refused value belongs in the population sheet: the services name the field.
_POPULATION_FIELD = {"period": "year", "floating_population": "floating_population"}
_FILINGS_FIELD = {"admin_filings": "admin_filings"}


def import_areas(session: Session, actor: Actor,
                 sheets: Sequence[tuple[str, Sequence[Any], Sequence[tuple[int, Sequence[Any]]]]]) -> AreaImport:
    """Every row of a workbook's 人口 and 收案 sheets (told apart by their headers), as
    office.set_area and office.set_filings would take it typed: population first, so that a
    month's filings may name an area the same file registers. Any bad row and ImportFailed,
    naming each by sheet, row and column (the first 50, then how many); the caller rolls back."""
    population, filings = [], []
    for title, header, rows in sheets:
        names = {_header(h) for h in header}
        if names & set(POPULATION_COLUMNS[3].headers):
            population.append((title, _columns(title, header, POPULATION_COLUMNS), rows))
        elif names & set(FILINGS_COLUMNS[2].headers):
            filings.append((title, _columns(title, header, FILINGS_COLUMNS), rows))
    if not population and not filings:
        raise FydeskError("工作簿中没有可导入的辖区数据表：需要表头含“区划代码、区划名称、年度、户籍人口”"
                          "或“区划代码、月份、一审民事收案”的工作表（可先下载模板）。")
    errors: list[str] = []
    total = 0
    codes: set[str] = set()
    done = {"years": 0, "months": 0}

    def refuse(where: str, columns: dict[str, tuple[int, str]], key: str | None, message: str) -> None:
        nonlocal total
        total += 1
        if len(errors) < MAX_REPORTED_ERRORS:
            column = columns.get(key or "", (0, ""))[1]
            errors.append(f"{where}，{column}列：{message}" if column else f"{where}：{message}")

    def apply(kind: str, title: str, columns, rows, write) -> None:
        seen: dict[tuple[str, str], int] = {}
        for number, values in _rows(title, rows, columns):
            where = f"“{title}”表第 {number} 行"
            try:
                key, label, args = write(values)
                if (key, label) in seen:
                    raise _BadCell("area_code", f"与第 {seen[(key, label)]} 行重复（同一区划同一{kind}）。")
                seen[(key, label)] = number
                with session.begin_nested():
                    args()
                codes.add(key)
            except _BadCell as exc:
                refuse(where, columns, exc.key, exc.message)
            except FydeskError as exc:
                field = getattr(exc, "field", None)
                mapped = (_POPULATION_FIELD if kind == "年度" else _FILINGS_FIELD).get(field, field)
                refuse(where, columns, mapped if mapped in columns else None, exc.message)

    def population_row(v: dict[str, Any]):
        code = _text(v.get("area_code"))
        if code is None:
            raise _BadCell("area_code", "区划代码不能为空。")
        name = _text(v.get("area_name"))
        if name is None:
            raise _BadCell("area_name", "区划名称不能为空。")
        year = _number("year", "年度", v.get("year"), True)
        resident = _number("resident_population", "户籍人口", v.get("resident_population"), True)
        floating = _number("floating_population", "登记流动人口", v.get("floating_population"), False)
        done["years"] += 1
        return code, str(year), lambda: office.set_area(session, actor, code, name=name, year=year,
                                                          population=resident, floating=floating)

    def filings_row(v: dict[str, Any]):
        code = _text(v.get("area_code"))
        if code is None:
            raise _BadCell("area_code", "区划代码不能为空。")
        period = _month(v.get("period"))
        civil = _number("civil_filings", "一审民事收案", v.get("civil_filings"), True)
        admin = _number("admin_filings", "一审行政收案", v.get("admin_filings"), False)
        done["months"] += 1
        return code, period, lambda: office.set_filings(session, actor, code, period=period, count=civil,
                                                          admin=admin)

    for title, columns, rows in population:
        apply("年度", title, columns, rows, population_row)
    for title, columns, rows in filings:
        apply("月份", title, columns, rows, filings_row)
    if total:
        raise ImportFailed(errors, total)
    if not done["years"] and not done["months"]:
        raise FydeskError("工作簿中的辖区数据表没有数据行：请在表头下逐行填写后再导入。")
    return AreaImport(len(codes), done["years"], done["months"])
