"""`fydesk --start-check`: the real start ends itself once the first window is drawn, and says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from fydesk.cli import build_parser, main
from fydesk.store.engine import DB_FILENAME
from fydesk.ui import startcheck


def start_check(tmp_path, data_dir) -> tuple[int, dict, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "home" / "config")}
    before = time.time()
    done = subprocess.run([sys.executable, "-m", "fydesk", "--data-dir", str(data_dir), "--start-check"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 1, done.stdout + done.stderr
    result = json.loads(lines[0])
    if result.get("ok"):
        assert before < result["shown_at"] < time.time()
    return done.returncode, result, done.stderr


def test_the_flag_is_part_of_the_command_line():
    assert build_parser().parse_args(["--start-check"]).start_check is True
    assert build_parser().parse_args([]).start_check is False


def test_a_new_data_dir_is_created_migrated_and_opens_on_the_first_run_screen(tmp_path):
    code, result, err = start_check(tmp_path, tmp_path / "new")
    assert code == 0, err
    assert result["ok"] is True and result["window"] == "first_run"
    assert (tmp_path / "new" / DB_FILENAME).is_file()


def test_a_set_up_office_opens_on_the_main_window(tmp_path, capsys):
    data = tmp_path / "office"
    assert main(["--data-dir", str(data), "init", "--office-code", "440104001",
                 "--office-name", "越秀区人民法庭", "--kind", "人民法庭"]) == 0
    code, result, err = start_check(tmp_path, data)
    assert code == 0, err
    assert result["window"] == "main" and "越秀区人民法庭" in result["title"]
    if sys.platform.startswith("linux"):
        assert 0 < result["seconds"] < 120


def test_a_data_dir_that_cannot_be_opened_fails_at_once_in_one_sentence(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    started = time.monotonic()
    code, result, err = start_check(tmp_path, blocker)
    assert code == 1 and result["ok"] is False
    assert "是文件而不是文件夹，不能作为数据目录" in result["error"]
    assert "启动检查未通过" in err
    assert time.monotonic() - started < 60  # the error box did not wait for a click


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_process_age_counts_from_the_process_start():
    assert 0 < startcheck.process_age() < 24 * 3600


def test_process_age_is_unknown_where_the_os_does_not_say(monkeypatch):
    def no_proc(*_a, **_k):
        raise FileNotFoundError("/proc/self/stat")

    monkeypatch.setattr("builtins.open", no_proc)
    assert startcheck.process_age() is None
