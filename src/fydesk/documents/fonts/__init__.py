"""Which CJK fonts print a document: the chain of DESIGN §6, and the check that every character has one.

Chain: the font chosen in settings → Windows fonts → fontconfig's Chinese fonts on Linux → the
font shipped with the app. One refinement: a fontconfig match that is a sans (黑体) face is
kept for rare characters only, after the shipped serif, because body text of official
documents is set in 仿宋/宋体 and a 黑体 body looks wrong on paper.

Only TrueType-outline fonts are usable (the PDF library refuses CFF ones such as Noto CJK as
installed by Linux distributions), so every candidate's outlines are checked from its header.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fydesk.domain.errors import FydeskError

SHIPPED_FILE = "NotoSerifCJKsc-Regular-subset.ttf"
# In order of preference for body text: 仿宋 for official documents, then 宋体, then 黑体.
WINDOWS_FILES = ("simfang.ttf", "simsun.ttc", "simhei.ttf")
_SERIF = re.compile(r"仿宋|fang ?song|宋|song|ming|明|serif|楷|kai", re.IGNORECASE)
_NOT_REGULAR = re.compile(r"bold|black|heavy|light|thin|italic|oblique|粗|细", re.IGNORECASE)


class MissingCharacterError(FydeskError):
    """A character that no available font can print; the document is not written."""

    def __init__(self, missing: dict[str, str]) -> None:
        # A place may be several lines of the document (a cover's party list): one line here.
        shown = "；".join(f"“{ch}”（U+{ord(ch):04X}，见于“{' '.join(where.split())}”）"
                         for ch, where in list(missing.items())[:5])
        more = f"等 {len(missing)} 个字" if len(missing) > 5 else ""
        super().__init__(f"以下字符在本机可用的字体中都没有，文书未生成：{shown}{more}；"
                         "请在设置中选择含有该字的字体后重试。")
        self.characters = tuple(missing)


@dataclass(frozen=True)
class FontSource:
    path: Path
    index: int
    family: str
    origin: str  # setting | windows | fontconfig | shipped

    @property
    def key(self) -> str:
        return f"{self.path}#{self.index}"


def shipped_font() -> FontSource:
    path = Path(str(resources.files(__package__).joinpath(SHIPPED_FILE)))
    return FontSource(path, 0, "Noto Serif CJK SC", "shipped")


def _has_truetype_outlines(path: Path, index: int = 0) -> bool:
    """True when the font (or the index-th face of a collection) has a 'glyf' table."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return False
                f.seek(12 + 4 * index)
                offset = struct.unpack(">I", f.read(4))[0]
                f.seek(offset)
                head = f.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False  # 'OTTO': CFF outlines
            tables = struct.unpack(">H", head[4:6])[0]
            directory = f.read(16 * tables)
            return any(directory[i:i + 4] == b"glyf" for i in range(0, len(directory), 16))
    except (OSError, struct.error):
        return False


def _windows_fonts(windows_dir: Path | None) -> list[FontSource]:
    if windows_dir is None:
        if sys.platform != "win32":
            return []
        windows_dir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    found = []
    for name in WINDOWS_FILES:
        path = windows_dir / name
        if path.exists() and _has_truetype_outlines(path):
            found.append(FontSource(path, 0, Path(name).stem, "windows"))
    return found


@lru_cache(maxsize=1)
def _fontconfig_zh() -> tuple[FontSource, ...]:
    """Regular-weight TrueType faces fontconfig lists for Chinese, serif faces first."""
    if sys.platform == "win32":
        return ()
    try:
        out = subprocess.run(
            ["fc-list", "-f", "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n", ":lang=zh"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in sorted(set(out.splitlines())):
        parts = line.split("\t")
        if len(parts) != 4 or _NOT_REGULAR.search(parts[3]):
            continue
        path, index = Path(parts[0]), int(parts[1] or 0)
        if _has_truetype_outlines(path, index):
            faces.append(FontSource(path, index, parts[2], "fontconfig"))
    faces.sort(key=lambda s: (not _SERIF.search(s.family), s.family))
    return tuple(faces)


def chain(setting: str | Path | None = None, *, windows_dir: Path | None = None,
          fontconfig: bool = True) -> list[FontSource]:
    """Every usable font, the body font first and the rest as fallbacks for rare characters."""
    out: list[FontSource] = []
    if setting:
        path = Path(setting)
        if not path.exists():
            raise FydeskError(f"设置中选择的字体文件不存在：{path}。")
        if not _has_truetype_outlines(path):
            raise FydeskError(f"设置中选择的字体 {path.name} 不是 TrueType 字体（PostScript 轮廓的字体无法嵌入）；"
                              "请选择 .ttf 或 TrueType 的 .ttc 字体。")
        out.append(FontSource(path, 0, path.stem, "setting"))
    out += _windows_fonts(windows_dir)
    system = list(_fontconfig_zh()) if fontconfig else []
    out += [s for s in system if _SERIF.search(s.family)]
    out.append(shipped_font())
    out += [s for s in system if not _SERIF.search(s.family)]
    seen: set[str] = set()
    return [s for s in out if not (s.key in seen or seen.add(s.key))]


@dataclass
class FontSet:
    """The fonts a document is printed with, registered with the PDF library on first use."""

    sources: list[FontSource]
    _names: dict[str, str] = field(default_factory=dict)
    _printable: dict[str, bool] = field(default_factory=dict)  # character → some font has it

    @property
    def primary(self) -> FontSource:
        return self.sources[0]

    @property
    def body(self) -> str:
        """The registered name of the body font."""
        return self.name(self.primary)

    def name(self, source: FontSource) -> str:
        if source.key not in self._names:
            self._names[source.key] = _register(source)
        return self._names[source.key]

    def _cmap(self, source: FontSource):
        from reportlab.pdfbase import pdfmetrics

        return pdfmetrics.getFont(self.name(source)).face.charToGlyph

    def font_for(self, ch: str) -> str | None:
        """The registered name of the first font that has ch, or None when none has it."""
        code = ord(ch)
        for source in self.sources:
            if code in self._cmap(source):
                return self.name(source)
        return None

    def missing(self, text: str) -> str:
        """The characters of text that no font here has, each once, in order of appearance."""
        out: dict[str, None] = {}
        known = self._printable
        for ch in text:
            has = known.get(ch)
            if has is None:  # a text repeats its characters: each is looked up once
                has = known[ch] = ch.isspace() or self.font_for(ch) is not None
            if not has:
                out[ch] = None
        return "".join(out)

    def label_font(self, text: str) -> str:
        """The font for a one-font label (chart text): the body font or the first that has it all."""
        if self.covers(text, self.body):
            return self.body
        for source in self.sources[1:]:
            name = self.name(source)
            if self.covers(text, name):
                return name
        return self.body

    def covers(self, text: str, font_name: str) -> bool:
        from reportlab.pdfbase import pdfmetrics

        cmap = pdfmetrics.getFont(font_name).face.charToGlyph
        return all(ord(ch) in cmap for ch in text if not ch.isspace())


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """The ToUnicode map of one embedded subset, with UTF-16 targets as the PDF format wants.

    The PDF library writes a character outside the Basic Multilingual Plane as five hex
    digits (<2020C>), which readers reject, so rare names (𠈌 and the like) printed right but
    read back, searched and copied as nothing. Here they become surrogate pairs (<D840DE0C>).
    """
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) /Supplement 0 >> def",
        f"/CMapName /{font_name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
    ]
    for start in range(0, len(subset), 100):  # at most 100 entries a block
        block = subset[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{start + i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(block)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _register(source: FontSource) -> str:
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

    name = _registered.get(source.key)
    if name is None:
        name = f"F{len(_registered) + 1}-" + re.sub(r"[^A-Za-z0-9]", "", source.family)[:24]
        try:
            pdfmetrics.registerFont(TTFont(name, str(source.path), subfontIndex=source.index))
        except TTFError as exc:
            raise FydeskError(f"字体 {source.path.name} 无法使用：{exc}。") from None
        _registered[source.key] = name
    return name


_registered: dict[str, str] = {}  # the PDF library's font registry is process-wide too


def font_set(setting: str | Path | None = None, **kwargs) -> FontSet:
    return FontSet(chain(setting, **kwargs))


def check(fonts: FontSet, texts: Iterable[tuple[str, str]]) -> None:
    """Raise MissingCharacterError naming every character no font has; texts are (where, text)."""
    missing: dict[str, str] = {}
    for where, text in texts:
        for ch in fonts.missing(text):
            missing.setdefault(ch, where)
    if missing:
        raise MissingCharacterError(missing)


def missing_characters(setting: str | Path | None = None) -> Callable[[str], str]:
    """The check printing makes, for a record being saved: text → the characters no font of
    the chain has. A font setting that cannot be used is reported when printing, not here."""
    try:
        fonts = font_set(setting)
    except FydeskError:
        fonts = font_set(None)
    return fonts.missing
