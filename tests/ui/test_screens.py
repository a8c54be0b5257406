"""A stock PC: no Chinese font but DejaVu, a 1366×768 screen less its taskbar, scaled 125 % and
150 %. Each condition runs the app in a child process (tests/ui/deskprobe.py): Qt reads
fontconfig and the scale factor once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fydesk

PROBE = Path(__file__).with_name("deskprobe.py")
# Debian's fonts-dejavu-core: fontconfig's own configuration package depends on it first, so a
# machine set up for the desktop tests has it.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# 1366×768 less a 40-pixel taskbar; at 150 % the app sees about 911×485 logical pixels.
SCREEN = {"screens": [{"name": "stock", "x": 0, "y": 0, "width": 1366, "height": 728,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def dejavu_only(folder: Path) -> Path:
    """A fontconfig set-up that knows DejaVu and nothing else, as on a stock Linux PC."""
    assert DEJAVU.is_dir(), f"{DEJAVU} is missing: install Debian's fonts-dejavu-core"
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{DEJAVU}</dir>
  <cachedir>{folder / "cache"}</cachedir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
</fontconfig>
""", encoding="utf-8")
    return conf


def probe(folder: Path, scale: float, lang: str = "zh_CN") -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    screen = folder / "screen.json"
    screen.write_text(json.dumps(SCREEN), encoding="utf-8")
    src = str(Path(fydesk.__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(FONTCONFIG_FILE=str(dejavu_only(folder)), QT_SCALE_FACTOR=str(scale),
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               PYTHONPATH=os.pathsep.join([src, env.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, str(PROBE), str(folder), lang], capture_output=True,
                         text=True, env=env, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=[1.0, 1.25, 1.5], ids=["100%", "125%", "150%"])
def stock_pc(request, tmp_path_factory):
    return request.param, probe(tmp_path_factory.mktemp("stock"), request.param)


def test_with_only_dejavu_the_first_run_screen_and_main_window_draw_their_chinese(stock_pc):
    _scale, seen = stock_pc
    assert not seen["system_had_chinese"]  # the condition holds: fontconfig offers no Chinese
    assert "Noto Serif CJK SC" in seen["font"]  # the font shipped for documents, registered
    names = [w["name"] for w in seen["windows"]]
    assert "first-run" in names and "main:调解案件" in names
    for window in seen["windows"]:
        assert window["chinese"] > 0, window["name"]
        assert window["missing"] == "", f"{window['name']} draws these as boxes: {window['missing']}"


def test_every_window_fits_the_screen_and_scrolls_rather_than_clips(stock_pc):
    scale, seen = stock_pc
    for window in seen["windows"]:
        (width, height), (free_w, free_h) = window["size"], window["available"]
        assert width <= free_w and height <= free_h, (scale, window)
        # A layout that needs more than the screen would force the window past its edge.
        min_w, min_h = window["minimum"]
        assert min_w <= free_w and min_h <= free_h, (scale, window)


def test_no_window_cuts_a_label_or_button_short(stock_pc):
    scale, seen = stock_pc
    for window in seen["windows"]:
        assert window["cut"] == [], (scale, window["name"])


@pytest.fixture(scope="module")
def english_at_150(tmp_path_factory):
    """English runs longer than Chinese; 150 % on 1366×768 is the narrowest screen here."""
    return probe(tmp_path_factory.mktemp("english"), 1.5, "en")


def test_in_english_every_case_tab_is_in_view_and_nothing_is_cut_short(english_at_150):
    windows = {w["name"]: w for w in english_at_150["windows"]}
    (tabs,) = windows["main:调解案件"]["tabs"]
    # A tab's "&&" is a plain ampersand on screen (one "&" would mark a shortcut key instead).
    assert [text for text, _shown in tabs] == [
        "Parties", "Sessions", "Agreement", "Performance && confirmation", "Attachments"]
    assert all(shown for _text, shown in tabs), tabs
    # Long texts wrap: the first-run screen's language choice is in view, not scrolled away, and
    # the pages need no sideways scrolling. Not yet 工作台 (the due list's long title beside the
    # charts) and 设置 (本单位's area table and titles): they scroll, nothing is cut.
    sideways = {name for name, w in windows.items() if w["sideways"]}
    assert sideways <= {"main:工作台", "main:设置"}, sideways
    for window in windows.values():
        assert window["cut"] == [], window["name"]
        (width, height), (free_w, free_h) = window["size"], window["available"]
        assert width <= free_w and height <= free_h, window
