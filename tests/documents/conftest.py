"""A demo store shared by the documents' tests, and readers for the PDFs they write."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from fydesk.documents import fonts as font_chain
from fydesk.documents import kinds
from fydesk.services import demo
from fydesk.store.open import open_store

TODAY = date(2026, 11, 20)
RECORDS = 150


@pytest.fixture(scope="package")
def demo_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("docs-demo"), daily_backup=False)
    demo.generate(store, records=RECORDS, seed=5, today=TODAY)
    yield store
    store.close()


@pytest.fixture(scope="package")
def fonts():
    # Only the shipped font: the tests must not depend on what this machine has installed.
    return font_chain.FontSet([font_chain.shipped_font()])


def render(kind: str, doc, out: Path, fonts) -> int:
    return kinds.render(kind, doc, out, fonts)


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    """Text without line breaks and spaces: a wrapped line must not hide a phrase."""
    return re.sub(r"\s+", "", text)


def fonts_used(path: Path) -> dict[str, dict]:
    """Every font that shows text on some page: BaseFont → facts about its embedding."""
    reader = PdfReader(str(path))
    used: dict[str, dict] = {}
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        current = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                current = resources[operands[0]].get_object()
            elif op in (b"Tj", b"TJ", b"'", b'"') and current is not None:
                descriptor = current.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in current:
                    descriptor = current["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                used[str(current["/BaseFont"])] = {
                    "subtype": str(current["/Subtype"]),
                    "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                    "truetype": "/FontFile2" in descriptor,
                }
    return used


def assert_fonts_embedded(path: Path) -> None:
    used = fonts_used(path)
    assert used, "no text drawn at all"
    for name, facts in used.items():
        assert facts["embedded"] and facts["truetype"], f"{name} is not embedded: {facts}"
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{name} is not a subset"


def pdffonts(path: Path) -> list[tuple[str, bool]]:
    """Every font the PDF declares (poppler's pdffonts, as a reader would see it): (name, embedded)."""
    import shutil
    import subprocess

    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed to check the fonts"
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        cols = line.split()
        # name type [type2] encoding emb sub uni object generation
        rows.append((cols[0], cols[-5] == "yes"))
    return rows


def assert_only_embedded_fonts(path: Path) -> None:
    rows = pdffonts(path)
    assert rows, "no fonts at all"
    assert [name for name, embedded in rows if not embedded] == [], f"un-embedded fonts in {path.name}: {rows}"


def text_lines(path: Path) -> list[tuple[int, float, float, str]]:
    """Every line of text poppler finds: (page, left x, right x, text), in points."""
    import html
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    found = []
    for n, page in enumerate(out.split("<page ")[1:], start=1):
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', page, re.DOTALL):
            words = re.findall(r"<word[^>]*>(.*?)</word>", m.group(3))
            found.append((n, float(m.group(1)), float(m.group(2)), html.unescape("".join(words))))
    return found
