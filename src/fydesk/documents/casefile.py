"""人民调解卷宗 as one PDF: cover, contents with page numbers, then the file's documents —
generated ones and scanned PDFs or images — in checklist order, and the back cover.

Pages of the documents are numbered for the archive from 1 (stamped at the top right, as a
clerk numbers a bound file); the cover and the contents are not counted, as is customary.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fydesk.domain.casefile import CHECKLIST
from fydesk.domain.errors import FydeskError

from . import kinds
from .fonts import FontSet
from .model import CoverDoc
from .page import (
    AREA_H,
    AREA_W,
    BODY_LEADING,
    LEFT,
    PAGE_H,
    PAGE_W,
    TOP,
    Meta,
    Writer,
    cn_date,
    draw_mark,
)

PDF_TYPES = ("application/pdf",)
BLANK_DATE = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # written in by hand; fits a narrow cell
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff")


@dataclass(frozen=True)
class Part:
    """One document of the file: generated (kind + its values) or an attachment body."""

    item: str  # a CHECKLIST key
    title: str
    day: date | None
    kind: str | None = None  # a document kind of kinds.KINDS, when generated
    doc: Any = None
    path: Path | None = None  # an attachment body here, when scanned
    media_type: str | None = None
    note: str = ""


@dataclass(frozen=True)
class CasefileDoc:
    cover: CoverDoc
    parts: tuple[Part, ...]


@dataclass
class _Rendered:
    part: Part
    pdf: bytes | None
    pages: int
    note: str


def _render_part(part: Part, fonts: FontSet) -> _Rendered:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if part.kind is not None:
        buf = io.BytesIO()
        pages = kinds.render(part.kind, part.doc, buf, fonts)
        return _Rendered(part, buf.getvalue(), pages, part.note)
    if part.path is None:
        return _Rendered(part, None, 0, part.note)
    if part.media_type in PDF_TYPES:
        data = part.path.read_bytes()
        try:
            return _Rendered(part, data, len(PdfReader(io.BytesIO(data)).pages), part.note)
        except (PdfReadError, ValueError, OSError):
            return _Rendered(part, None, 0, "PDF 无法读取，未装入")
    if part.media_type in IMAGE_TYPES:
        return _Rendered(part, _image_page(part.path, fonts), 1, part.note)
    return _Rendered(part, None, 0, part.note or "非图文文件，另行保存")


def _image_page(path: Path, fonts: FontSet) -> bytes:
    """A scanned image on one A4 page, fitted to the type area."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), initialFontName=fonts.body)
    c.drawImage(str(path), LEFT, PAGE_H - TOP - AREA_H, AREA_W, AREA_H, preserveAspectRatio=True, anchor="c")
    draw_mark(c, fonts.body)
    c.showPage()
    c.save()
    return buf.getvalue()


def _front(doc: CasefileDoc, rows: list[list[str]], files: int, fonts: FontSet) -> bytes:
    from reportlab.platypus import PageBreak

    from .cover import cover_page

    cover = doc.cover
    w = Writer(fonts, Meta("人民调解卷宗", cover.office, cover.case_number or ""))
    w.add(cover_page(w, cover, files))  # what `report cover` prints, counting what is bound in
    w.add(PageBreak())
    w.p("卷 内 目 录", "title")
    w.add(w.table([["序号", "文件名称", "日期", "页号", "备注"], *rows], [0.6, 2.8, 1.6, 0.8, 1.4],
                  center_cols=(0, 2, 3)))
    buf = io.BytesIO()
    w.build(buf)
    return buf.getvalue()


def _back_cover(doc: CasefileDoc, files: int, pages: int, fonts: FontSet) -> bytes:
    """卷内备考表: the count (the documents before it; the pages with it), room to write the
    volume's notes, and who made it up and checked it."""
    from reportlab.platypus import Spacer

    w = Writer(fonts, Meta("卷宗封底", doc.cover.office, doc.cover.case_number or ""))
    w.p("卷 内 备 考 表", "title")
    w.p(f"本卷共有文件材料 {files} 件，共 {pages} 页（含本表）。")
    w.p("说明：", "plain")
    w.add(Spacer(1, BODY_LEADING * 8))  # for the clerk to write in by hand
    w.add(w.table([["立卷人", "", "检查人", ""], ["立卷日期", BLANK_DATE, "检查日期", BLANK_DATE]],
                  [1, 1.6, 1, 1.6], header=False, center_cols=(0, 2),
                  extra=[("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    buf = io.BytesIO()
    w.build(buf)
    return buf.getvalue()


def _stamp(numbers: list[int], font: str, marked: frozenset[int] = frozenset()) -> bytes:
    """One page per number, blank but for the archive page number at the top right (and, for
    the numbers in `marked`, the mark in force: a scanned PDF has none of its own)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    # The canvas names a default font on every page (Helvetica, never embedded) unless told.
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), initialFontName=font)
    for n in numbers:
        c.setFont(font, 12)
        c.drawRightString(PAGE_W - 20 * 72 / 25.4, PAGE_H - 15 * 72 / 25.4, str(n))
        if n in marked:
            draw_mark(c, font)
        c.showPage()
    c.save()
    return buf.getvalue()


def render(doc: CasefileDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    """Write the whole file; returns its number of pages."""
    from pypdf import PdfReader, PdfWriter

    done = [_render_part(part, fonts) for part in doc.parts]
    order = {item.key: i for i, item in enumerate(CHECKLIST)}
    done.sort(key=lambda r: order[r.part.item])  # stable: within an item, the order given
    body_pages = sum(r.pages for r in done) + 1  # and the back cover
    rows: list[list[str]] = []
    page = 1
    n = 0
    for item in CHECKLIST:
        mine = [r for r in done if r.part.item == item.key]
        if item.key == "back_cover":
            n += 1
            rows.append([str(n), "卷内备考表（封底）", "", str(body_pages), ""])
            continue
        if not mine:
            if item.mandatory:
                rows.append(["", item.label, "", "—", "缺（必备材料）"])
            continue
        for r in mine:
            n += 1
            pages = "—" if not r.pages else (str(page) if r.pages == 1 else f"{page}-{page + r.pages - 1}")
            rows.append([str(n), f"{item.label}：{r.part.title}", cn_date(r.part.day) if r.part.day else "", pages, r.note])
            page += r.pages
    scanned: set[int] = set()  # archive page numbers of scanned PDFs
    page = 1
    for r in done:
        if r.part.kind is None and r.part.media_type in PDF_TYPES:
            scanned.update(range(page, page + r.pages))
        page += r.pages
    writer = PdfWriter()
    files = n - 1  # the back cover counts the documents before it, not itself
    for blob in (_front(doc, rows, files, fonts), *(r.pdf for r in done if r.pdf),
                 _back_cover(doc, files, body_pages, fonts)):
        for p in PdfReader(io.BytesIO(blob)).pages:
            writer.add_page(p)
    front_pages = len(writer.pages) - body_pages
    stamps = PdfReader(io.BytesIO(_stamp(list(range(1, body_pages + 1)), fonts.body, frozenset(scanned)))).pages
    for i, stamp in enumerate(stamps):
        writer.pages[front_pages + i].merge_page(stamp)
    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        if not path.parent.is_dir():
            raise FydeskError(f"保存卷宗的文件夹不存在：{path.parent}。")
        tmp = path.with_name(path.name + ".part")
        try:
            with open(tmp, "wb") as f:
                writer.write(f)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        writer.write(out)
    return len(writer.pages)
