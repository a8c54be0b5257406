"""Fonts: rare characters printed with a font that has them, or the document refused by name."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from fydesk.documents import agreement
from fydesk.documents import fonts as chain
from fydesk.documents.model import AgreementDoc, PartyInfo, TermInfo
from fydesk.domain.errors import FydeskError

from .conftest import assert_fonts_embedded, flat, fonts_used, page_texts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _doc(*names: str) -> AgreementDoc:
    parties = tuple(PartyInfo("申请人" if i == 0 else "被申请人", "自然人", n, "男", "汉族", None,
                              "居民身份证", "11010519491231002X") for i, n in enumerate(names))
    return AgreementDoc(
        committee="云溪区云城街道人民调解委员会", number="（2026）云城人调协字第7号", case_number=None,
        dispute_type="邻里纠纷", parties=parties, facts="双方因排水沟堵塞发生争执。", disputes="排水沟由谁清理。",
        responsibility="双方均有责任。", terms=(TermInfo(1, names[0], names[1], f"{names[0]}于本月底前清理排水沟",
                                                    None, "自行履行", None),),
        mediator="李明", signed_date=None, copies=len(names) + 1)


def test_rare_characters_in_names_are_printed_with_the_shipped_font(tmp_path):
    fonts = chain.FontSet([chain.shipped_font()])
    out = tmp_path / "rare.pdf"
    agreement.render(_doc("刘䶮", "王𠈌"), out, fonts)
    text = flat("".join(page_texts(out)))
    assert "刘䶮" in text and "王𠈌" in text  # read back as the characters, not blanks or boxes
    assert_fonts_embedded(out)


def test_a_character_no_font_has_is_refused_by_name_and_nothing_is_written(tmp_path):
    fonts = chain.FontSet([chain.shipped_font()])
    rare = "\U00031350"  # CJK extension H: in no font the app ships or finds here
    assert fonts.font_for(rare) is None
    out = tmp_path / "refused.pdf"
    with pytest.raises(chain.MissingCharacterError) as caught:
        agreement.render(_doc(f"张{rare}", "李四"), out, fonts)
    assert rare in caught.value.message and "U+31350" in caught.value.message
    assert "当事人张" in caught.value.message  # where it was found
    assert caught.value.characters == (rare,)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_the_refusal_is_one_line_even_when_the_place_spans_several():
    rare = "\U00031350"
    fonts = chain.FontSet([chain.shipped_font()])
    with pytest.raises(chain.MissingCharacterError) as caught:
        chain.check(fonts, [(f"申请人 张{rare}\n被申请人 李四", f"张{rare}")])
    assert "\n" not in caught.value.message
    assert f"见于“申请人 张{rare} 被申请人 李四”" in caught.value.message


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs DejaVu Sans as a second font")
def test_a_character_the_body_font_lacks_comes_from_the_next_font_in_the_chain(tmp_path):
    extra = chain.FontSource(DEJAVU, 0, "DejaVu Sans", "fontconfig")
    fonts = chain.FontSet([chain.shipped_font(), extra])
    odd = "Ő"  # Latin Extended-A: not in the shipped subset, in DejaVu
    assert fonts.font_for(odd) == fonts.name(extra)
    out = tmp_path / "fallback.pdf"
    agreement.render(_doc(f"Kovács {odd}rs", "李四"), out, fonts)
    assert f"Kovács{odd}rs" in flat("".join(page_texts(out)))
    used = fonts_used(out)
    assert any("DejaVu" in name for name in used)
    assert_fonts_embedded(out)


def test_the_chain_puts_a_chosen_font_first_and_refuses_postscript_outlines(tmp_path):
    assert chain.chain(fontconfig=False) == [chain.shipped_font()]
    copy = tmp_path / "chosen.ttf"
    shutil.copy(chain.shipped_font().path, copy)
    got = chain.chain(copy, fontconfig=False)
    assert got[0].path == copy and got[0].origin == "setting" and got[-1].origin == "shipped"
    cff = tmp_path / "cff.otf"
    cff.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(FydeskError, match="不是 TrueType"):
        chain.chain(cff, fontconfig=False)
    with pytest.raises(FydeskError, match="不存在"):
        chain.chain(tmp_path / "none.ttf", fontconfig=False)


def test_windows_fonts_come_before_the_shipped_one(tmp_path):
    windows = tmp_path / "Fonts"
    windows.mkdir()
    shutil.copy(chain.shipped_font().path, windows / "simfang.ttf")
    got = chain.chain(windows_dir=windows, fontconfig=False)
    assert [s.origin for s in got] == ["windows", "shipped"]
    assert got[0].path.name == "simfang.ttf"


def test_the_page_keeps_the_gbt9704_margins(tmp_path):
    """Rendered at 72 dpi, nothing but the page number is inked outside the 156 × 225 mm type area."""
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):  # make test installs it under CI: missing there is a failure, not a skip
            pytest.fail("pdftoppm (poppler-utils) is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    fonts = chain.FontSet([chain.shipped_font()])
    doc = _doc("刘䶮", "王五")
    doc = replace(doc, facts="双方因排水沟堵塞发生争执。" * 60)  # fill whole pages
    out = tmp_path / "m.pdf"
    agreement.render(doc, out, fonts)
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
                   check=True)
    pgm = next(tmp_path.glob("p*.pgm")).read_bytes()
    header = pgm.split(b"\n", 3)
    width, height = map(int, header[1].split())
    pixels = header[3]
    mm = 72 / 25.4

    def inked(x0, y0, x1, y1) -> list[tuple[int, int]]:
        return [(x, y) for y in range(int(y0), int(y1)) for x in range(int(x0), int(x1))
                if pixels[y * width + x] < 128]

    top, left, right, bottom = 37 * mm, 28 * mm, (28 + 156) * mm, (37 + 225) * mm
    assert inked(0, 0, width, top - 1) == []  # above the type area
    assert inked(0, 0, left - 1, height) == []  # the binding margin
    # The outer margin: a full-width stop or comma that may not start a line hangs at the end
    # of the one before (标点悬挂); its ink stays within half a character of the edge.
    assert inked(right + 0.5 * 16, 0, width, height) == []
    below = inked(0, bottom + 1, width, height)
    assert below and min(y for _, y in below) > bottom + 5 * mm  # only the page number, 7 mm down
    inside = inked(left, top, right, bottom)
    assert len(inside) > 2_000  # the body really is in the type area, filling it edge to edge
    assert min(x for x, _ in inside) < left + 3 * mm and max(x for x, _ in inside) > right - 3 * mm
    assert min(y for _, y in inside) < top + 8 * mm and max(y for _, y in inside) > bottom - 12 * mm
