"""The printed page of GB/T 9704-2012 and a writer that checks every character before writing.

A4; top margin 37 mm, binding (left) margin 28 mm, type area 156 × 225 mm; body in 三号
(16 pt) with 22 lines of 28 characters. 28 characters of 16 pt are 448 pt, wider than the
442 pt of 156 mm, so the standard's own rule (fit 28 characters to the line) sets the body at
15.75 pt; the 22 lines give a 28.99 pt line pitch. Page numbers are 4号 (14 pt) "— N —", 7 mm
below the type area, right on odd pages and left on even ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fydesk.domain.errors import FydeskError

from .fonts import FontSet, MissingCharacterError, check

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, LEFT = 37 * MM, 28 * MM
AREA_W, AREA_H = 156 * MM, 225 * MM
BOTTOM = PAGE_H - TOP - AREA_H  # 35 mm
BODY_SIZE = AREA_W / 28
BODY_LEADING = AREA_H / 22
TITLE_SIZE = 22  # 二号
SMALL_SIZE = 12  # 小四, tables
PAGE_NUMBER_SIZE = 14  # 四号
MARK_SIZE = 10.5  # 五号: the demo mark, in the top margin

# A word printed on every page of what is written while it is set (演示数据 for a demo data
# dir), so made-up records on paper are never taken for real ones.
_MARK: ContextVar[str] = ContextVar("page_mark", default="")


@contextmanager
def marked(mark: str | None) -> Iterator[None]:
    """Every page written inside carries `mark`; None keeps the mark already in force."""
    if mark is None:
        yield
        return
    token = _MARK.set(mark)
    try:
        yield
    finally:
        _MARK.reset(token)


def draw_mark(canvas, font: str) -> None:
    """The mark in force, if any, at the top left of the page, above the type area."""
    mark = _MARK.get()
    if not mark:
        return
    canvas.saveState()
    canvas.setFont(font, MARK_SIZE)
    canvas.setFillGray(0.35)
    canvas.drawString(LEFT, PAGE_H - 15 * MM - MARK_SIZE, f"【{mark}】")
    canvas.restoreState()


@dataclass(frozen=True)
class Meta:
    title: str
    author: str = ""
    subject: str = ""


def _chinese_line_rules() -> None:
    from .linebreak import install

    install()


class Writer:
    """Builds a story of flowables; build() checks the characters, then writes the file."""

    def __init__(self, fonts: FontSet, meta: Meta) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        _chinese_line_rules()
        self.fonts = fonts
        self.meta = meta
        self.story: list[Any] = []
        self._texts: list[tuple[str, str]] = []
        self._missing: dict[str, str] = {}
        body = fonts.body
        base = ParagraphStyle("body", fontName=body, fontSize=BODY_SIZE, leading=BODY_LEADING,
                              wordWrap="CJK", alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE)
        self.styles = {
            "body": base,
            "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0),
            "title": ParagraphStyle("title", parent=base, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.6,
                                    alignment=TA_CENTER, firstLineIndent=0, spaceAfter=BODY_LEADING * 0.5),
            "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER, firstLineIndent=0),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
            "heading": ParagraphStyle("heading", parent=base, firstLineIndent=2 * BODY_SIZE,
                                      spaceBefore=BODY_LEADING * 0.25),
            "cell": ParagraphStyle("cell", parent=base, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.45,
                                   firstLineIndent=0, alignment=TA_LEFT),
            "cellc": ParagraphStyle("cellc", parent=base, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.45,
                                    firstLineIndent=0, alignment=TA_CENTER),
            "note": ParagraphStyle("note", parent=base, fontSize=SMALL_SIZE + 2, leading=(SMALL_SIZE + 2) * 1.6,
                                   firstLineIndent=0),
        }

    # --- text ---------------------------------------------------------------------------

    def markup(self, text: str, where: str = "") -> str:
        """Escaped paragraph markup; characters the body font lacks go in a fallback font."""
        text = "" if text is None else str(text)
        self._texts.append((where or text[:20], text))
        body = self.fonts.body
        out: list[str] = []
        for ch in text:
            if ch == "\n":
                out.append("<br/>")
                continue
            if ch == "\u3000":  # an ideographic space is kept (room to write), not collapsed
                out.append("\xa0" * 4)
                continue
            font = body if ch.isspace() else self.fonts.font_for(ch)
            if font is None:
                self._missing.setdefault(ch, where or text[:20])
                out.append(escape(ch))
            elif font != body:
                out.append(f'<font name="{font}">{escape(ch)}</font>')
            else:
                out.append(escape(ch))
        return "".join(out)

    def label_font(self, text: str, where: str = "图表") -> str:
        """The font for a one-font label (chart text); its characters are checked with the rest."""
        self.markup(text, where)
        return self.fonts.label_font(text)  # build() refuses a character no font has, by name

    def drawing(self, width: float, height: float):
        """A chart or figure canvas whose default font is the body font, not Helvetica."""
        from reportlab.graphics.shapes import Drawing

        d = Drawing(width, height)
        d.initialFontName = self.fonts.body
        return d

    def para(self, text: str, style: str = "body", where: str = "", **overrides: Any):
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        st = self.styles[style]
        if overrides:
            st = ParagraphStyle(f"{style}+", parent=st, **overrides)
        return Paragraph(self.markup(text, where), st)

    def add(self, *flowables: Any) -> None:
        self.story.extend(flowables)

    def p(self, text: str, style: str = "body", where: str = "", **overrides: Any) -> None:
        if style == "heading":
            # A heading never ends a page: with under three lines left it starts the next one.
            # (Keeping it with the whole next flowable instead would push a long paragraph or
            # table over and leave most of a page blank.)
            from reportlab.platypus import CondPageBreak

            self.story.append(CondPageBreak(BODY_LEADING * 3.3))
        self.story.append(self.para(text, style, where, **overrides))

    def space(self, lines: float = 1.0) -> None:
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, BODY_LEADING * lines))

    # --- tables ---------------------------------------------------------------------------

    def table(self, rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True,
              style: str = "cell", extra: Sequence[tuple] = (), repeat: bool = True,
              center_cols: Sequence[int] = ()):
        """A grid of paragraphs (strings become paragraphs in the table font, so they wrap)."""
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        cells = [
            [c if not isinstance(c, (str, int, float)) and c is not None else
             self.para("" if c is None else str(c), "cellc" if (j in center_cols or (header and i == 0)) else style)
             for j, c in enumerate(row)]
            for i, row in enumerate(rows)
        ]
        scale = AREA_W / sum(widths)
        t = Table(cells, colWidths=[w * scale for w in widths], repeatRows=1 if header and repeat else 0)
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.body),
            ("FONTSIZE", (0, 0), (-1, -1), SMALL_SIZE),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EDEDED")))
        t.setStyle(TableStyle(commands + list(extra)))
        return t

    # --- output ---------------------------------------------------------------------------

    def build(self, out: str | os.PathLike | Any) -> int:
        """Check every character, then write the PDF (to a path, atomically, or a file object).

        Returns the number of pages.
        """
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        check(self.fonts, self._texts)
        if self._missing:  # check() raises first; kept as a guard for label text
            raise MissingCharacterError(self._missing)
        pages = [0]

        def decorate(canvas, doc) -> None:
            pages[0] = doc.page
            _page_number(canvas, doc.page, self.fonts.body)
            draw_mark(canvas, self.fonts.body)

        def make(target) -> None:
            # The frame has no padding of its own: the type area is exactly 156 × 225 mm.
            frame = Frame(LEFT, BOTTOM, AREA_W, AREA_H, leftPadding=0, rightPadding=0,
                          topPadding=0, bottomPadding=0, id="body")
            doc = BaseDocTemplate(
                target, pagesize=(PAGE_W, PAGE_H), leftMargin=LEFT, rightMargin=PAGE_W - LEFT - AREA_W,
                topMargin=TOP, bottomMargin=BOTTOM, title=self.meta.title, author=self.meta.author,
                subject=self.meta.subject, creator="fydesk", initialFontName=self.fonts.body,
                pageTemplates=[PageTemplate("page", [frame], onPage=decorate)],
            )
            doc.build(list(self.story))

        if isinstance(out, (str, os.PathLike)):
            path = Path(out)
            if not path.parent.is_dir():
                raise FydeskError(f"保存文书的文件夹不存在：{path.parent}。")
            tmp = path.with_name(path.name + ".part")
            try:
                make(str(tmp))
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
        else:
            make(out)
        return pages[0]


def _page_number(canvas, page: int, font: str) -> None:
    text = f"— {page} —"
    canvas.saveState()
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    y = BOTTOM - 7 * MM - PAGE_NUMBER_SIZE
    if page % 2:
        canvas.drawRightString(LEFT + AREA_W - PAGE_NUMBER_SIZE, y, text)
    else:
        canvas.drawString(LEFT + PAGE_NUMBER_SIZE, y, text)
    canvas.restoreState()


def cn_date(day) -> str:
    """2026年3月5日: the written form of dates in documents."""
    # Undated: room to write the date by hand (ideographic spaces, which a line keeps).
    return f"{day.year}年{day.month}月{day.day}日" if day else "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def keep_with_tail(text: Any, block: Sequence[Any]) -> Any:
    """`text` (a paragraph) followed by `block`, where the block never starts a page without
    text above it: when the two do not fit, the paragraph is split and its last lines go over
    with the block (signatures stay on a page of the text they sign), filling the page before."""
    from reportlab.platypus import Flowable, KeepTogether

    def height(flowables, aw, ah) -> float:
        return sum(f.wrap(aw, ah)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)

    class _TailKeep(Flowable):
        def wrap(self, aw, ah):
            # always taller than the room: the frame then asks split(), which decides
            return aw, ah + 1

        def split(self, aw, ah):
            text_h = text.wrap(aw, ah)[1]
            if text_h + height(block, aw, ah) <= ah:
                return [text, *block]
            leading = getattr(getattr(text, "style", None), "leading", 0) or BODY_LEADING
            # this page takes what it can, but two lines at least go over with the block
            room = min(ah - 1, text_h - 2 * leading)
            parts = text.split(aw, room) if room >= leading else []
            if len(parts) < 2:
                if ah >= AREA_H - 1:  # a whole page cannot hold it either: let it flow
                    return [text, *block]
                # too little room here: start the next page and decide there
                from reportlab.platypus.doctemplate import FrameBreak

                return [FrameBreak(), keep_with_tail(text, block)]
            if height([*parts[1:], *block], aw, AREA_H) > AREA_H:  # the rest runs over more than a page
                return [parts[0], keep_with_tail(parts[1], block)]
            return [parts[0], KeepTogether([*parts[1:], *block])]

        def draw(self) -> None:  # never drawn itself: always split into its parts
            raise AssertionError("keep_with_tail is split before it is drawn")

    return _TailKeep()
