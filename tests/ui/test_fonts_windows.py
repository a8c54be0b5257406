"""On Windows the UI's Chinese font comes from %WINDIR%\\Fonts (微软雅黑 first, then 宋体, 黑体),
before any of the Linux and macOS places; checked on any OS with a made-up Windows folder."""

from __future__ import annotations

import sys

from fydesk.ui import fonts


def test_windows_fonts_come_first_from_windir(monkeypatch, tmp_path):
    font_dir = tmp_path / "Windows" / "Fonts"
    font_dir.mkdir(parents=True)
    for name in ("simsun.ttc", "msyh.ttc"):
        (font_dir / name).write_bytes(b"not really a font")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    found = fonts.candidate_files()
    assert found[:2] == [font_dir / "msyh.ttc", font_dir / "simsun.ttc"]


def test_without_windir_the_usual_windows_folder_is_tried(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("WINDIR", raising=False)
    seen = []
    real_is_file = fonts.Path.is_file

    def is_file(path):
        seen.append(str(path))
        return real_is_file(path)

    monkeypatch.setattr(fonts.Path, "is_file", is_file)
    fonts.candidate_files()
    assert any(s.startswith("C:\\Windows") and s.endswith("msyh.ttc") for s in seen), seen


def test_off_windows_no_windows_folder_is_looked_at(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "msyh.ttc").write_bytes(b"x")
    assert all(tmp_path not in p.parents for p in fonts.candidate_files())
