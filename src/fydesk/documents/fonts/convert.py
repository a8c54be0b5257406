"""How the shipped font was made: Noto Serif CJK SC (CFF outlines) subset and turned TrueType.

reportlab embeds TrueType outlines only, so the CFF font Debian and Google publish cannot be
used as it is. Run `python -m fydesk.documents.fonts.convert SOURCE.ttc OUT.ttf` with fontTools
installed; the shipped file came from Debian 12's fonts-noto-cjk (NotoSerifCJK-Regular.ttc).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Latin, punctuation and symbols a document uses, then every Han character the font has in
# the unified block, extension A and the supplementary planes (rare characters in names).
RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F),
    (0x3200, 0x32FF), (0x3300, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F),
)
FACE = "Noto Serif CJK SC"
MAX_ERR = 1.0  # font units: the quadratic curves stay within one unit of the cubic ones


def _pick_face(source: Path):
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() == ".ttc":
        for font in TTCollection(str(source)).fonts:
            if font["name"].getDebugName(4) == FACE:
                return font
        raise SystemExit(f"{source} has no face named {FACE}")
    return TTFont(str(source))


def _to_truetype(font) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].indexToLocFormat = 1
    font.sfntVersion = "\x00\x01\x00\x00"


def convert(source: Path, out: Path) -> None:
    from fontTools import subset

    font = _pick_face(source)
    cmap = font.getBestCmap()
    wanted = [cp for lo, hi in RANGES for cp in range(lo, hi + 1) if cp in cmap]
    options = subset.Options()
    options.layout_features = []  # reportlab shapes nothing; vertical forms are not used
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    _to_truetype(font)
    font.save(str(out))
    print(f"{out}: {len(wanted)} characters, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m fydesk.documents.fonts.convert SOURCE.ttc OUT.ttf")
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
