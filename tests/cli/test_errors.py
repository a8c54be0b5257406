"""Errors that tell the truth: a missing, read-only or mistyped data dir, a record named by its
number, argparse's own words in Chinese, and an enrollment that did not happen."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from fydesk.cli import main
from fydesk.sync.client import RetryPolicy

from .test_cli import _register, dd, run, run_json  # noqa: F401 (dd: the fixture)


@pytest.mark.parametrize("argv", [
    ("search", "调解"), ("record", "get", "case", "x"), ("stats", "--period", "2026-11"),
    ("db", "backup"), ("db", "upgrade"), ("settings",), ("sync", "status"), ("export", "json", "--out", "x.json"),
])
def test_a_mistyped_data_dir_is_named_and_not_created(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)  # where an export would land
    typo = tmp_path / "dtaa"
    code, out, err = run(capsys, "--data-dir", str(typo), *argv)
    assert code == 1 and not out
    assert err.startswith(f"错误：数据目录 {typo} 不存在") and err.count("\n") == 1
    assert not typo.exists() and not (tmp_path / "x.json").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the default data dir follows XDG_DATA_HOME on Linux")
def test_without_a_data_dir_named_a_new_pc_is_told_to_set_up_first(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("FYDESK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, _, err = run(capsys, "search", "调解")
    assert code == 1 and "本机尚未设置" in err and "fydesk init" in err and "写错" not in err
    assert not (tmp_path / "xdg").exists()


def test_status_describes_a_new_install_without_creating_it_and_set_up_creates_it(tmp_path, capsys):
    new = tmp_path / "new"
    code, out, _ = run(capsys, "--data-dir", str(new), "status")
    assert code == 0 and "尚未建立" in out and " init --office-code" in out
    assert not new.exists()
    run(capsys, "--data-dir", str(tmp_path / "demo"), "demo", "--records", "3")
    assert (tmp_path / "demo" / "fydesk.db").is_file()


def _make_read_only(path: Path) -> bool:
    """Read-only even for root: the immutable attribute (ext4 and most Linux file systems);
    elsewhere, for an ordinary user, the permission bits."""
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return True
    if os.geteuid() != 0:
        path.chmod(0o500)
        return True
    return False


def _undo_read_only(path: Path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o700)


@pytest.mark.skipif(sys.platform != "linux", reason="made read-only with chattr or the permission bits")
@pytest.mark.parametrize("argv", [("search", "调解"), ("status",), ("record", "get", "case", "x")])
def test_a_read_only_data_dir_says_it_cannot_be_written_not_that_the_database_is_damaged(dd, capsys, argv):
    root = Path(dd)
    if not _make_read_only(root):
        pytest.skip("no way to make a folder read-only for root here")
    try:
        code, _, err = run(capsys, "--data-dir", dd, *argv)
    finally:
        _undo_read_only(root)
    assert code == 1 and err.count("\n") == 1
    assert f"数据目录 {root} 不能写入" in err and "只读或没有写入权限" in err
    assert "db check" not in err and "unable to open" not in err


def test_record_get_and_set_take_a_case_number_as_report_does(dd, capsys):
    made = _register(dd)
    number = made.case["case_number"]
    assert number and number != made.case.id
    got = run_json(capsys, "--data-dir", dd, "record", "get", "case", number)
    assert got["id"] == made.case.id
    changed = run_json(capsys, "--data-dir", dd, "record", "set", "case", number, "status=受理")
    assert changed["id"] == made.case.id and changed["status"] == "受理"
    code, _, err = run(capsys, "--data-dir", dd, "record", "get", "case", "越秀人2099第9号")
    assert code == 1 and "找不到调解案件 越秀人2099第9号" in err and "案号" in err


@pytest.mark.parametrize("argv, said", [
    (["validate", "passport", "X"], "错误：参数 kind：无效的选择 'passport'（可选：'id', 'uscc'）"),
    (["search"], "错误：缺少必需的参数：text"),
    (["demo", "--records", "many"], "错误：参数 --records：'many' 不是有效的整数"),
    (["stats", "--period"], "错误：参数 --period：需要一个值"),
    (["--nonsense"], "错误：无法识别的参数：--nonsense"),
    (["report", "bulletin", "--id", "1", "--period", "2026-11", "--out", "x.pdf"],
     "错误：参数 --period：不能与参数 --id 同时使用"),
])
def test_argparse_speaks_chinese(capsys, argv, said):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.startswith("用法：") and said in err, err


def test_help_is_chinese_throughout(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：fydesk search") and "位置参数" in out and "选项" in out
    assert "显示本帮助并退出" in out
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_enroll_does_not_promise_a_later_sync(tmp_path, capsys, memory_keyring, monkeypatch):
    monkeypatch.setattr(RetryPolicy, "delay", lambda self, attempt, rng: 0.0)
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "pc"), "enroll",
                       "--hub", f"http://127.0.0.1:{_closed_port()}", "--code", "ABCD-EFGH")
    assert code == 1 and err.count("\n") == 1
    assert "无法连接市级平台" in err and "本机尚未登记" in err
    assert "稍后再同步" not in err and "数据已保存在本机" not in err
