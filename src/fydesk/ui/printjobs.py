"""The work behind preview and printing: gather a document, write its PDF, draw its pages as pixels.

Plain functions, no Qt: gathering reads the store (the DB worker runs it), writing and drawing
only compute (the document worker runs them). What crosses back to the GUI thread is frozen
values: the document's plain values, the PDF's bytes, and pages as raw RGBX pixels.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fydesk.store.engine import Store

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Gathered:
    kind: str
    doc: Any  # the documents package's frozen values for this kind
    font: str | None  # the font file chosen in settings, if any
    warning: str | None = None  # to ask about before writing (a 司法确认 window that has passed)
    mark: str = ""  # on every page: 演示数据 when the data dir holds demo data


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


@dataclass(frozen=True)
class PageImage:
    """One page drawn as RGBX, 4 bytes a pixel, rows `stride` bytes apart."""

    index: int
    width: int
    height: int
    stride: int
    pixels: bytes


@dataclass(frozen=True)
class Drawn:
    pdf: Pdf
    scale: float
    images: tuple[PageImage, ...]


def label(kind: str) -> str:
    from fydesk.documents.kinds import KINDS, check_kind

    return KINDS[check_kind(kind)][0]


def gather_document(store: Store, kind: str, key: str) -> Gathered:
    """The values of one document (key: a record id, or a period for the bulletin). ID numbers
    are masked as the documents' privacy setting says: the parties' and court's copies of the
    agreement and the application carry them in full unless the office turned that off."""
    from fydesk.documents import gather
    from fydesk.services import setup

    with store.read() as session:
        doc = gather.collect(session, kind, key)
        font = gather.document_font(session)
        mark = setup.DEMO_MARK if setup.is_demo(session) else ""
    warning = None
    if kind == "confirmation":
        from datetime import date

        from fydesk.documents.confirmation import late_notice

        warning = late_notice(doc, date.today())
    return Gathered(kind, doc, font, warning, mark)


def write_document(gathered: Gathered) -> Pdf:
    """The PDF of gathered values; a character no font has is refused by name, as on the CLI."""
    from fydesk.documents import kinds
    from fydesk.documents.fonts import font_set

    out = io.BytesIO()
    pages = kinds.render(gathered.kind, gathered.doc, out, font_set(gathered.font), mark=gathered.mark)
    return Pdf(out.getvalue(), pages)


def read_pdf(source: bytes | str | os.PathLike) -> Pdf:
    import pypdfium2 as pdfium

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        from fydesk.domain.errors import FydeskError

        raise FydeskError(f"无法打开这个 PDF 文件（{exc}）。") from None
    try:
        return Pdf(data, len(document))
    finally:
        document.close()


def draw_pages(source: Pdf | bytes | str | os.PathLike, scale: float, indexes: range | None = None,
               *, state=None) -> Drawn:
    """Pages drawn at `scale` pixels per PDF point (all of them unless `indexes` says)."""
    import pypdfium2 as pdfium

    pdf = source if isinstance(source, Pdf) else read_pdf(source)
    document = pdfium.PdfDocument(pdf.data)
    try:
        images = []
        for index in indexes if indexes is not None else range(len(document)):
            if state is not None:
                state.raise_if_cancelled()
            page = document[index]
            try:
                bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
                images.append(PageImage(index, bitmap.width, bitmap.height, bitmap.stride,
                                        bytes(bitmap.buffer)))
                bitmap.close()
            finally:
                page.close()
    finally:
        document.close()
    return Drawn(pdf, scale, tuple(images))


def save_pdf(pdf: Pdf, path: str | os.PathLike) -> str:
    """Write the PDF beside its final name first, so a failed write leaves no half file."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(pdf.data)
    tmp.replace(target)
    return str(target)


def file_name(title: str) -> str:
    """A file name from a document's title: no characters Windows refuses, no spaces."""
    cleaned = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("._")
    return (cleaned or "文书") + ".pdf"
