"""Excel workbooks: the registers and figures written as sheets, and a 台账 read back as rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from fydesk.domain.errors import FydeskError


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its tab's title, the header row, the rows, and column widths (in
    characters; the header's width where none is given)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int] = ()


class SheetLike(Protocol):
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int]


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_workbook(path: str | os.PathLike, sheets: Iterable[SheetLike]) -> int:
    """One sheet each, bold frozen Chinese header row, dates and money as typed cells.

    Written to a temporary name and renamed, so a failed export leaves no half file.
    Returns the number of data rows written.
    """
    out = Path(path)
    if not out.parent.is_dir():
        raise FydeskError(f"保存文件的文件夹不存在：{out.parent}。")
    wb, total = _workbook(sheets)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return total


def workbook_bytes(sheets: Iterable[SheetLike]) -> bytes:
    """The same workbook as write_workbook's, as the bytes of an .xlsx file (for a download)."""
    import io

    wb, _ = _workbook(sheets)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _workbook(sheets: Iterable[SheetLike]):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EDEDED")
    total = 0
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.freeze_panes = "A2"
        widths = list(sheet.widths) or [
            min(40, max([_width(h) + 2] + [_width(str(r[i])) + 1 for r in sheet.rows[:200] if r[i] is not None]))
            for i, h in enumerate(sheet.headers)]
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(w, 6)
        header = []
        for h in sheet.headers:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill, c.alignment = bold, fill, Alignment(horizontal="center")
            header.append(c)
        ws.append(header)
        for row in sheet.rows:
            cells = []
            for value in row:
                c = WriteOnlyCell(ws, value=value)
                if isinstance(value, Decimal):
                    c.number_format = "#,##0.00"
                elif isinstance(value, datetime):
                    c.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    c.number_format = "yyyy-mm-dd"
                cells.append(c)
            ws.append(cells)
            total += 1
    return wb, total


def _open(path: str | os.PathLike):
    """The workbook, read-only; anything that is no .xlsx (empty, a picture, a CSV renamed) is
    one sentence, not a traceback."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise FydeskError(f"找不到文件 {path}。") from None
    except IsADirectoryError:
        raise FydeskError(f"{path} 是文件夹，不是 Excel 工作簿。") from None
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError):
        raise FydeskError(f"文件 {Path(path).name} 不是可读取的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中"
                          "另存为 .xlsx 后再导入。") from None


def read_sheets(path: str | os.PathLike) -> list[tuple[str, list[Any], list[tuple[int, list[Any]]]]]:
    """Every sheet with a header row: (title, header, data rows as (sheet row number, cells))."""
    wb = _open(path)
    try:
        out = []
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header and any(h is not None for h in header):
                out.append((ws.title, list(header), [(n, list(r)) for n, r in enumerate(rows, start=2)]))
        return out
    finally:
        wb.close()


@dataclass
class LedgerSheet:
    """The sheet a 台账 is read from: its place in the workbook, header row and data rows."""

    title: str
    position: int  # 1 for the first sheet
    sheets: int  # sheets in the workbook
    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]  # (sheet row number, cells)
    total: int  # data rows by the size the file records; 0 when it records none


Chooser = Callable[[Sequence[tuple[str, Sequence[Any]]]], int]


def read_ledger(path: str | os.PathLike, choose: Chooser | None = None) -> LedgerSheet:
    """The sheet `choose` picks from every sheet's (title, header row) — the first without it —
    read row by row, never whole: a ledger of tens of thousands of rows stays small in memory."""
    name = Path(path).name
    wb = _open(path)
    try:
        sheets = wb.worksheets
        if not sheets:
            raise FydeskError(f"{name} 中没有工作表。")
        headers = [(ws.title, list(next(ws.iter_rows(max_row=1, values_only=True), ()))) for ws in sheets]
        index = choose(headers) if choose is not None and len(sheets) > 1 else 0
        ws = sheets[index]
        title, header = headers[index]
        if not any(h is not None and str(h).strip() for h in header):
            raise FydeskError(f"{name} 的工作表“{title}”第 1 行没有表头。")
        rows = ws.iter_rows(min_row=2, values_only=True)
        total = max(0, (ws.max_row or 0) - 1)
    except _unreadable():
        wb.close()
        raise FydeskError(f"文件 {name} 的内容已损坏，无法读取；请用 Excel 打开后另存为 .xlsx 再导入。") from None
    except BaseException:
        wb.close()
        raise

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(rows, start=2):
                yield number, list(row)
        except _unreadable():
            raise FydeskError(f"文件 {name} 的内容已损坏，无法读取；请用 Excel 打开后另存为 .xlsx 再导入。") from None
        finally:
            wb.close()

    return LedgerSheet(title, index + 1, len(sheets), header, data(), total)


def _unreadable() -> tuple[type[BaseException], ...]:
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    # What openpyxl lets through for a file that is not a workbook, or a broken one.
    return (BadZipFile, InvalidFileException, ParseError, KeyError, OSError, ValueError, TypeError, EOFError)
