"""Where a Windows PC keeps the data: %LOCALAPPDATA%\\fydesk (not roaming: a SQLite file must not
follow a roaming profile), unless FYDESK_DATA_DIR says otherwise. platformdirs' Windows rules
are run here with the folders taken from the environment, so this holds on any OS."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from fydesk.store.engine import DataDir, default_data_dir


@pytest.fixture
def windows_dirs(monkeypatch, tmp_path):
    local, roaming = tmp_path / "AppData" / "Local", tmp_path / "AppData" / "Roaming"
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.delenv("FYDESK_DATA_DIR", raising=False)
    return local, roaming


def test_on_windows_the_data_lives_in_local_appdata(windows_dirs):
    local, _roaming = windows_dirs
    assert default_data_dir() == Path(local) / "fydesk"
    assert DataDir.resolve().db_path == Path(local) / "fydesk" / "fydesk.db"


def test_on_windows_the_environment_variable_still_wins(windows_dirs, monkeypatch, tmp_path):
    monkeypatch.setenv("FYDESK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
