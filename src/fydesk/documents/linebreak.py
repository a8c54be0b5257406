"""Chinese line breaking (行首行尾禁则) for the PDF library's CJK word wrap.

The library breaks a CJK line anywhere, lets an opening bracket end a line, and hangs a
character that may not start one (，。）) in the right margin, past the type area. Here a line
never exceeds its width: where the break would fall before a closing mark or after an opening
one, the break moves back a character or two and those go down together. A run of Latin letters
or digits (an ID number, an amount) is kept whole when it fits in half a line.
"""

from __future__ import annotations

from collections.abc import Sequence

# 行首禁则: never at the start of a line. 行尾禁则: never at the end of one.
CANNOT_START = "，。、；：？！）》〉】」』〕”’…·％,.;:?!)]}"
CANNOT_END = "（《〈【「『〔“‘([{"
_FUZZ = 1e-6


def _is_run(ch: str) -> bool:
    """A character of a Latin word or a number, which should not be split mid-way."""
    return ord(ch) < 0x3000 and not ch.isspace()


def break_points(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float],
                 hard: Sequence[bool] = ()) -> list[tuple[int, int, float]]:
    """(start, end, width used) of each line: chars[start:end] fits max_widths[line].

    hard[i]: a forced line break after chars[i] (a <br/>).
    """
    lines: list[tuple[int, int, float]] = []
    n = len(chars)
    start = 0
    while start < n:
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        forced = False
        while end < n:
            if used + widths[end] > limit + _FUZZ and end > start:
                break
            used += widths[end]
            end += 1
            if hard and hard[end - 1]:
                forced = True
                break
        if end < n and not forced:
            k = end
            if _is_run(chars[k]) and _is_run(chars[k - 1]):
                j = k - 1
                while j > start and _is_run(chars[j - 1]):
                    j -= 1
                if j - start > (k - start) // 2:  # the run goes down whole if that costs under half a line
                    k = j
            while k > start + 1 and (chars[k] in CANNOT_START or chars[k - 1] in CANNOT_END):
                k -= 1
            end = k
            used = sum(widths[start:end])
        lines.append((start, end, used))
        start = end
        while start < n and chars[start] == " " and not (hard and hard[start - 1]):
            start += 1  # a space the break fell on is not carried to the next line
    return lines


def install() -> None:
    """Route the library's two CJK wrapping paths (plain and marked-up paragraphs) through
    break_points. Idempotent."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    if getattr(paragraph, "_fydesk_linebreak", False):
        return

    def word_split(word, max_widths, font_name, font_size, encoding="utf8"):
        if isinstance(word, bytes):
            word = word.decode(encoding)
        if not isinstance(max_widths, (list, tuple)):
            max_widths = [max_widths]
        widths = [stringWidth(ch, font_name, font_size) for ch in word]
        out = []
        for i, (a, b, used) in enumerate(break_points(word, widths, max_widths)):
            limit = max_widths[min(i, len(max_widths) - 1)]
            out.append([limit - used, word[a:b]])
        return out

    def frag_split(frags, max_widths, calc_bounds, encoding="utf8"):
        glyphs = []
        for f in frags:
            text = f.text
            if isinstance(text, bytes):
                text = text.decode(encoding)
            if text:
                glyphs.extend(paragraph.cjkU(t, f, encoding) for t in text)
            else:
                glyphs.append(paragraph.cjkU(text, f, encoding))
        if not isinstance(max_widths, (list, tuple)):
            max_widths = [max_widths]
        widths = []
        for g in glyphs:
            w = g.width
            if hasattr(w, "normalizedValue"):
                w = w.normalizedValue(max_widths[0])
            widths.append(w)
        hard = [hasattr(g.frag, "lineBreak") for g in glyphs]
        chars = [str(g) or "\0" for g in glyphs]
        lines = []
        for i, (a, b, used) in enumerate(break_points(chars, widths, max_widths, hard)):
            limit = max_widths[min(i, len(max_widths) - 1)]
            lines.append(paragraph.makeCJKParaLine(glyphs[a:b], limit, used, limit - used,
                                                   hard[b - 1] if b > a else False, calc_bounds))
        return paragraph.ParaLines(kind=1, lines=lines)

    paragraph.wordSplit = word_split
    paragraph.cjkFragSplit = frag_split
    paragraph._fydesk_linebreak = True
