"""The enrollment code sheet: an A4 PDF that IT prints and cuts into slips, one per PC.

Each slip carries what the person at that PC needs and nothing else: the office, the hub's
address, the code set large in even cells (read aloud over the phone and typed by hand), when
it expires, and the two ways to enroll. Fonts come from the documents' chain (CJK embedded).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from fydesk.documents.fonts import FontSet, check, font_set
from fydesk.domain.errors import FydeskError

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 16 * MM, 12 * MM
SLIPS_PER_PAGE = 5
SLIP_H = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) / SLIPS_PER_PAGE
PAD = 6 * MM
WIDTH = PAGE_W - 2 * MARGIN_X - 2 * PAD
CODE_SIZE = 30
CODE_CELL = CODE_SIZE * 0.78  # every character in a cell of its own width: a monospace reading
# China keeps one zone and no summer time: a fixed offset needs no time zone database.
BEIJING = timezone(timedelta(hours=8))


def expiry_text(expires_at: datetime) -> str:
    """A naive UTC time (the hub's) as the people at the PCs read the clock."""
    moment = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    return f"{moment.astimezone(BEIJING):%Y年%m月%d日 %H:%M}（北京时间）"


def _lines(office_name: str, office_code: str, hub_url: str, code: str, expires: str) -> dict[str, str]:
    return {
        "office": office_name,
        "office_code": f"单位代码 {office_code}",
        "hub": f"市级平台地址：{hub_url}",
        "label": "登记码",
        "expires": f"有效期至 {expires}　每个登记码只能登记一台电脑，用后即失效",
        "how1": f"① 在电脑上运行：fydesk enroll --hub {hub_url} --code {code}",
        "how2": "② 或打开 fydesk，在“同步”页的“登记到市级平台”中填写上面的地址和登记码，点“登记”",
    }


def code_sheet_pdf(office_name: str, office_code: str, hub_url: str, codes: Sequence[str],
                   expires_at: datetime, *, fonts: FontSet | None = None) -> bytes:
    """The sheet as PDF bytes, SLIPS_PER_PAGE slips to an A4 page with cut lines between them.
    Every character is checked against the fonts before anything is drawn."""
    from reportlab.pdfgen.canvas import Canvas

    hub_url, office_name = hub_url.strip(), office_name.strip()
    if not hub_url:
        raise FydeskError("请给出各电脑登记时填写的市级平台地址。")
    if not codes:
        raise FydeskError("没有登记码可印。")
    fonts = fonts or font_set()
    expires = expiry_text(expires_at)
    # The texts of every slip differ only in the code, whose letters and digits are checked too.
    check(fonts, [(k, v) for k, v in _lines(office_name, office_code, hub_url, "".join(codes), expires).items()])

    out = io.BytesIO()
    # The body font from the start: the PDF library's default (Helvetica) would be listed
    # among the page's fonts, unembedded, though nothing is set in it.
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=fonts.body)
    canvas.setTitle(f"{office_name} 市级平台登记码")
    canvas.setSubject(f"{len(codes)} 个一次性登记码")
    pages = -(-len(codes) // SLIPS_PER_PAGE)
    for page in range(pages):
        batch = codes[page * SLIPS_PER_PAGE:(page + 1) * SLIPS_PER_PAGE]
        _header(canvas, fonts, office_name, office_code, len(codes), page + 1, pages)
        for i, code in enumerate(batch):
            top = PAGE_H - MARGIN_TOP - i * SLIP_H
            _slip(canvas, fonts, top, _lines(office_name, office_code, hub_url, code, expires), code)
        _cut_lines(canvas, len(batch))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _text(canvas, fonts: FontSet, x: float, y: float, text: str, size: float, *, right: bool = False,
          grey: bool = False, width: float = WIDTH) -> None:
    """One line in the first font that has all of it, made smaller if it would not fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = fonts.label_font(text)
    natural = stringWidth(text, font, size)
    if natural > width:
        size *= width / natural
    canvas.setFont(font, size)
    canvas.setFillGray(0.35 if grey else 0)
    (canvas.drawRightString if right else canvas.drawString)(x, y, text)


def _header(canvas, fonts: FontSet, office_name: str, office_code: str, total: int, page: int, pages: int) -> None:
    y = PAGE_H - MARGIN_TOP + 5 * MM
    _text(canvas, fonts, MARGIN_X, y, f"市级平台登记码 · {office_name}（{office_code}）· 共 {total} 个", 8,
          grey=True, width=WIDTH * 0.7)
    _text(canvas, fonts, PAGE_W - MARGIN_X, y, f"沿虚线剪开，每台电脑一张 · 第 {page}/{pages} 页", 8,
          right=True, grey=True, width=WIDTH * 0.3)


def _slip(canvas, fonts: FontSet, top: float, lines: dict[str, str], code: str) -> None:
    left, right = MARGIN_X + PAD, PAGE_W - MARGIN_X - PAD
    y = top - PAD - 12
    _text(canvas, fonts, left, y, lines["office"], 13, width=WIDTH * 0.72)
    _text(canvas, fonts, right, y, lines["office_code"], 9, right=True, grey=True, width=WIDTH * 0.26)
    y -= 16
    _text(canvas, fonts, left, y, lines["hub"], 10)
    y -= CODE_SIZE + 8
    _text(canvas, fonts, left, y + 8, lines["label"], 9, grey=True)
    _code(canvas, fonts, left + 14 * MM, y, code)
    y -= 20
    _text(canvas, fonts, left, y, lines["expires"], 9)
    y -= 15
    _text(canvas, fonts, left, y, lines["how1"], 9)
    y -= 13
    _text(canvas, fonts, left, y, lines["how2"], 9)


def _code(canvas, fonts: FontSet, x: float, y: float, code: str) -> None:
    """The code in cells of one width, each character centred in its own: letters and digits
    line up whatever the font's own widths, and a group of four reads as one."""
    font = fonts.label_font(code)
    canvas.setFillGray(0)
    canvas.setFont(font, CODE_SIZE)
    for ch in code:
        cell = CODE_CELL * (0.7 if ch == "-" else 1)
        canvas.drawCentredString(x + cell / 2, y, ch)
        x += cell


def _cut_lines(canvas, slips: int) -> None:
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.55)
    for i in range(slips + 1):
        y = PAGE_H - MARGIN_TOP - i * SLIP_H
        canvas.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)
    canvas.restoreState()
