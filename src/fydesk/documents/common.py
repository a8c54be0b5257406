"""Pieces several documents share: a party's basic facts, agreement terms, signature boxes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .model import PartyInfo, TermInfo
from .page import AREA_W, BODY_LEADING, MM, Writer, cn_date

CN_NUMBERS = "一二三四五六七八九十"


def cn_index(n: int) -> str:
    """一, 二 … 十, 十一 … 九十九: the numbering of items in Chinese documents."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def party_facts(p: PartyInfo) -> str:
    """申请人：张三，男，汉族，1980年1月2日出生，居民身份证号码…，住…，联系电话…。"""
    bits: list[str] = []
    if p.kind == "自然人":
        bits += [x for x in (p.sex, p.ethnicity) if x]
        if p.birth_date:
            bits.append(f"{cn_date(p.birth_date)}出生")
        elif p.birth_year:
            bits.append(f"{p.birth_year}年出生")
        if p.id_number:
            bits.append(f"{p.id_type or '证件'}号码{p.id_number}")
        if p.address:
            bits.append(f"住{p.address}")
    else:
        if p.uscc:
            bits.append(f"统一社会信用代码{p.uscc}")
        if p.address:
            bits.append(f"住所地{p.address}")
    if p.phone:
        bits.append(f"联系电话{p.phone}")
    text = f"{p.role}：{p.name}" + ("，" + "，".join(bits) if bits else "") + "。"
    if p.kind != "自然人" and p.legal_representative:
        text += f"\n法定代表人（负责人）：{p.legal_representative}。"
    if p.agent_name:
        text += f"\n委托代理人：{p.agent_name}。"
    return text


def _who(names: str, roles: dict[str, str]) -> str:
    """被申请人李四 (or 申请人张三、被申请人李四): each name with its role in the case."""
    parts = [n.strip() for n in re.split(r"[、，,；;]", names or "") if n.strip()]
    return "、".join(f"{roles.get(n, '')}{n}" for n in parts)


def _with_roles(text: str, roles: dict[str, str]) -> str:
    """The first mention of each party's name gets its role before it, unless it has it already."""
    for name in sorted(roles, key=len, reverse=True):
        role = roles[name]
        i = text.find(name)
        if i < 0 or not role or text[max(0, i - len(role)):i] == role:
            continue
        if any(name in other and other != name and other in text for other in roles):
            continue  # a longer name that contains this one: leave it as written
        text = text[:i] + role + text[i:]
    return text


def term_text(t: TermInfo, n: int, parties: Sequence[PartyInfo] = ()) -> str:
    """一、被申请人李四于…前向申请人张三…。金额…；履行方式…；履行期限…。

    Every term says who owes it and to whom, with their roles: where the agreed wording already
    names them it is kept (the role added before the first mention); otherwise the obligor and
    the obligee lead the term. (No brackets: an opening one could end a line.)
    """
    roles = {p.name: p.role for p in parties}
    content = t.content.rstrip("。；;.")
    obligors = [x.strip() for x in re.split(r"[、，,；;]", t.obligor or "") if x.strip()]
    obligees = [x.strip() for x in re.split(r"[、，,；;]", t.obligee or "") if x.strip()]
    named = all(x in content for x in obligors + obligees)
    if named:
        content = _with_roles(content, roles)
    elif obligees:
        content = f"{_who(t.obligor, roles)}向{_who(t.obligee or '', roles)}履行：{content}"
    else:  # a term both sides keep, or one with no named obligee
        content = f"{_who(t.obligor, roles)}：{content}"
    details = []
    if t.amount:
        details.append(f"金额：人民币{t.amount}元")
    details.append(f"履行方式：{t.manner or '当事人自行履行'}")
    details.append(f"履行期限：{cn_date(t.due_date) + '前' if t.due_date else '本协议生效后即时履行'}")
    return f"{cn_index(n)}、{content}。" + "；".join(details) + "。"


def cn_count(n: int) -> str:
    """一式四份: a count in Chinese numerals (一 … 九十九)."""
    return cn_index(n) if 1 <= n < 100 else str(n)


def _fingerprint_box(w: Writer, size: float) -> Any:
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    d = w.drawing(size, size)
    d.add(Rect(0, 0, size, size, strokeColor=colors.black, strokeWidth=0.8, fillColor=None))
    d.add(String(size / 2, 3, "按指印", fontName=w.label_font("按指印"), fontSize=8,
                 fillColor=colors.HexColor("#888888"), textAnchor="middle"))
    return d


def signature_boxes(w: Writer, parties: Sequence[PartyInfo], *, label: str = "签名或盖章") -> Any:
    """Two parties a row: who signs, room to sign, and a square for the fingerprint.

    Two a row keeps the whole signing block (with the mediator's signature and the seal) small
    enough to share a page with the last term even for five or six parties.
    """
    from reportlab.platypus import Spacer, Table, TableStyle

    box = 16 * MM
    cells = []
    for p in parties:
        cells += [[w.para(f"{p.role}（{label}）：", "cell"), Spacer(1, 5 * MM), w.para(f"（{p.name}）", "cell")],
                  _fingerprint_box(w, box)]
    if len(cells) % 4:
        cells += ["", ""]
    rows = [cells[i:i + 4] for i in range(0, len(cells), 4)]
    text_w = (AREA_W - 2 * (box + 4 * MM)) / 2
    t = Table(rows, colWidths=[text_w, box + 4 * MM] * 2, hAlign="LEFT", spaceBefore=8)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), w.fonts.body),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * MM),
        ("RIGHTPADDING", (1, 0), (1, -1), 4 * MM),
        ("RIGHTPADDING", (3, 0), (3, -1), 0),
    ]))
    return t


def seal_block(w: Writer, left: str, signer: str, day, *, seal_label: str = "（印章）",
               signer_note: str = "") -> Any:
    """A signature line on the left; on the right the seal area (a dashed circle) over the
    signing body's name and the date, as an issuing body signs (GB/T 9704 署名 and 成文日期)."""
    from reportlab.graphics.shapes import Circle, String
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    r = 17 * MM
    # GB/T 9704-2012 7.3.5.1: the seal presses down on the signer's name and the date, which sit
    # below its centre; so the circle reaches down over those two lines instead of standing
    # above them (which also keeps the signing block small enough to share a page with text).
    overlap = 1.5 * BODY_LEADING
    seal = w.drawing(2 * r + 4, 2 * r + 4 - overlap)
    seal.add(Circle(r + 2, r + 2 - overlap, r, strokeColor=colors.HexColor("#AAAAAA"), strokeDashArray=[3, 3],
                    fillColor=None, strokeWidth=0.8))
    size = 9
    seal.add(String(r + 2, r + 2 - overlap + r / 2, seal_label, fontName=w.label_font(seal_label, "印章处"),
                    fontSize=size, fillColor=colors.HexColor("#999999"), textAnchor="middle"))
    sign: Any = [w.para(left, "plain")] if left else ""
    if signer_note and left:
        sign.append(w.para(signer_note, "cell"))
    right = AREA_W * 0.5
    # The name and the date take the whole width, flush right: a body's full name
    # (云溪区溪口镇驻庭人民调解委员会) is longer than half a line and must not break.
    t = Table([[sign, seal], [w.para(signer, "right", "署名"), ""], [w.para(cn_date(day), "right"), ""]],
              colWidths=[AREA_W - right, right])
    t.setStyle(TableStyle([
        ("SPAN", (0, 1), (1, 1)),
        ("SPAN", (0, 2), (1, 2)),
        ("FONTNAME", (0, 0), (-1, -1), w.fonts.body),
        ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
        ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return t
