"""What the bundle keeps (packaging/bundle_rules.py, used by packaging/fydesk.spec), on Linux
and Windows names alike, and the installers' fixed parts: menu entry, Inno Setup script."""

from __future__ import annotations

import configparser
import importlib.util
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _load_rules():
    spec = importlib.util.spec_from_file_location("bundle_rules", PACKAGING / "bundle_rules.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_rules", module)
    spec.loader.exec_module(module)
    return module


rules = _load_rules()


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlpsql.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    # Windows wheels put plugins beside the modules, as DLLs, and PyInstaller writes backslashes.
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qoffscreen.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\printsupport\\windowsprintersupport.dll", True),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),  # not a plugin: other rules decide
])
def test_which_qt_plugins_stay(dest, kept):
    assert rules.plugin_kept(dest) is kept


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_zh_CN.qm", False),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6\\translations\\designer_zh_CN.qm", False),
    ("fydesk/ui/i18n/fydesk_en.qm", True),  # the app's own translations always go
])
def test_only_qts_chinese_strings_go_along(dest, kept):
    assert rules.translation_kept(dest) is kept


@pytest.mark.parametrize(("dest", "windows", "droppable"), [
    ("PySide6/Qt/lib/libQt6Network.so.6", False, True),
    ("PySide6/Qt/lib/libicudata.so.73", False, True),
    ("libgtk-3.so.0", False, True),
    ("libpython3.11.so.1.0", False, False),
    ("pillow.libs/libjpeg-6dc8d115.so.62.4.0", False, False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False, False),
    ("PySide6\\Qt6Network.dll", True, True),
    ("python311.dll", True, False),
    ("VCRUNTIME140.dll", True, False),
])
def test_which_libraries_may_go_when_nothing_links_to_them(dest, windows, droppable):
    assert rules.is_dependency(dest, windows) is droppable


def test_a_library_stays_while_something_kept_links_to_it_even_indirectly():
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/w/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/w/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/w/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/w/libQt6Network.so.6", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/p/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {"/w/QtWidgets.abi3.so": ["libQt6Widgets.so.6"], "/w/libQt6Widgets.so.6": ["libQt6Gui.so.6"]}
    said = []
    kept = rules.drop_unlinked(binaries, lambda src: [(n, None) for n in links.get(src, [])],
                               windows=False, log=said.append)
    assert {b[0] for b in kept} == {"PySide6/QtWidgets.abi3.so", "PySide6/Qt/lib/libQt6Widgets.so.6",
                                    "PySide6/Qt/lib/libQt6Gui.so.6", "libpython3.11.so.1.0"}
    assert len(said) == 1 and "libgtk-3.so.0" in said[0] and "libqt6network.so.6" in said[0]


def test_links_to_dropped_libraries_go_with_them():
    entries = [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
               ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
               ("base_library.zip", "/b/base_library.zip", "DATA")]
    kept = rules.symlinks_kept(entries, {"PySide6/Qt/lib/libQt6Core.so.6", "base_library.zip"})
    assert [e[0] for e in kept] == ["libQt6Core.so.6", "base_library.zip"]


def test_debian_libraries_are_left_to_their_packages_and_listed(monkeypatch):
    monkeypatch.setattr(rules.shutil, "which", lambda _name: "/usr/bin/dpkg-query")
    owners = {"/usr/lib/libz.so.1": "zlib1g"}
    binaries = [("libz.so.1", "/usr/lib/libz.so.1", "BINARY"),
                ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
                ("pillow.libs/libjpeg.so", "/v/libjpeg.so", "BINARY")]
    kept, packages = rules.leave_to_debian(binaries, windows=False, owner=owners.get, log=lambda _s: None)
    assert [b[0] for b in kept] == ["libpython3.11.so.1.0", "pillow.libs/libjpeg.so"]
    assert packages == ["zlib1g"]
    assert rules.leave_to_debian(binaries, windows=True, owner=owners.get) == (binaries, [])


def test_the_menu_entry_names_the_app_in_chinese_and_english():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "deb" / "fydesk.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Name"] == "府院联动工作台" and d["Name[en]"] == "fydesk"
    assert (d["Exec"], d["Icon"], d["Type"], d["Terminal"]) == ("fydesk", "fydesk", "Application", "false")


def test_the_windows_installer_is_per_machine_with_a_menu_entry_and_silent_switches_documented():
    iss = (PACKAGING / "windows" / "fydesk.iss").read_bytes()
    assert iss.startswith(b"\xef\xbb\xbf")  # Inno Setup reads the Chinese as UTF-8 only with a BOM
    text = iss.decode("utf-8-sig")
    assert r"DefaultDirName={autopf}\fydesk" in text and "PrivilegesRequired=admin" in text
    assert r'Name: "{autoprograms}\府院联动工作台"; Filename: "{app}\fydeskw.exe"' in text
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/DIR="):
        assert switch in text
