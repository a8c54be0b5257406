"""A PC with no keyring: `fydesk enroll --passphrase-file` keeps the token encrypted in the data
dir, and `fydesk sync` opens it with the same file (or FYDESK_PASSPHRASE_FILE) on a schedule."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backends import fail

from fydesk.cli import main
from fydesk.sync.credentials import CredentialStore


@pytest.fixture
def no_keyring():
    """A headless PC: keyring's own `fail` backend, which raises on every call."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def secret_file(path, text):
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def fy(capsys, pc, *argv):
    code = main(["--data-dir", str(pc), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def enrolled(live_hub, no_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    right = secret_file(tmp_path / "pass.txt", "溪口 调解 2026")
    code, out, err = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"),
                        "--passphrase-file", str(right), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["token_storage"] == "passphrase-file" and result["warning"] is None
    assert "密钥环" not in err  # the token outlives this run: nothing to warn about
    return pc, right, result


def test_sync_opens_the_token_with_the_same_file_and_nothing_is_in_clear(enrolled, live_hub, tmp_path, capsys):
    pc, right, result = enrolled
    files = list((pc / "credentials").glob("token-*.json"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    token = CredentialStore(pc / "credentials").load(live_hub.url, result["device_id"], "溪口 调解 2026")
    assert token and token.encode() not in b"".join(p.read_bytes() for p in pc.rglob("*") if p.is_file())

    code, out, err = fy(capsys, pc, "sync", "--passphrase-file", str(right), "--json")
    assert code == 0, err
    assert json.loads(out)["pending"] == 0


def test_a_scheduled_sync_finds_the_file_through_the_environment(enrolled, monkeypatch, capsys):
    pc, right, _ = enrolled
    monkeypatch.setenv("FYDESK_PASSPHRASE_FILE", str(right))
    code, _, err = fy(capsys, pc, "sync", "--json")
    assert code == 0, err


def test_a_wrong_passphrase_is_refused_in_one_sentence_and_syncs_nothing(enrolled, tmp_path, capsys):
    pc, _, _ = enrolled
    wrong = secret_file(tmp_path / "wrong.txt", "不是这个")
    code, out, err = fy(capsys, pc, "sync", "--passphrase-file", str(wrong))
    assert code != 0 and out == ""
    assert err.strip() == "错误：口令不正确，无法解开保存的设备令牌。"
    code, out, _ = fy(capsys, pc, "sync", "status", "--json")
    assert json.loads(out)["last_sync_at"] is None


def test_without_a_passphrase_a_scheduled_sync_says_how_to_give_one(enrolled, monkeypatch, capsys):
    pc, _, _ = enrolled
    monkeypatch.delenv("FYDESK_PASSPHRASE_FILE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = fy(capsys, pc, "sync")
    assert code != 0
    assert err.strip().splitlines() == [
        "错误：设备令牌已用口令加密保存：请用 --passphrase-file 文件或环境变量 FYDESK_PASSPHRASE_FILE 给出口令。"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_passphrase_file_others_can_read_is_refused_before_enrolling(live_hub, no_keyring, tmp_path, capsys):
    pc = tmp_path / "pc"
    loose = secret_file(tmp_path / "pass.txt", "溪口 调解 2026")
    loose.chmod(0o644)
    code, _, err = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"),
                      "--passphrase-file", str(loose))
    assert code != 0
    assert err.strip() == f"错误：口令文件 {loose} 所有人都能读取，请先改为仅本人可读（chmod 600）。"
    assert not (pc / "credentials").exists()
    code, out, _ = fy(capsys, pc, "sync", "status", "--json")
    assert json.loads(out)["hub_url"] is None  # nothing half written: not enrolled


def test_at_a_terminal_enroll_asks_twice_and_sync_asks_once(live_hub, no_keyring, tmp_path, monkeypatch, capsys):
    pc = tmp_path / "pc"
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["口令一", "口令二"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    assert code != 0 and err.strip() == "错误：两次输入的口令不一致，未登记。"

    answers = iter(["口令一", "口令一"])
    code, _, err = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"))
    assert code == 0, err
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "口令一")
    code, _, err = fy(capsys, pc, "sync")
    assert code == 0, err
    assert len(asked) == 1


def test_with_a_keyring_a_rollout_passphrase_file_is_not_needed(live_hub, memory_keyring, tmp_path, monkeypatch,
                                                                capsys):
    """One script for every PC: where a keyring keeps the token, the passphrase goes unused."""
    pc = tmp_path / "pc"
    right = secret_file(tmp_path / "pass.txt", "溪口 调解 2026")
    code, out, err = fy(capsys, pc, "enroll", "--hub", live_hub.url, "--code", live_hub.code("T01"),
                        "--passphrase-file", str(right), "--json")
    assert code == 0, err
    assert json.loads(out)["token_storage"] == "keyring"
    assert err.strip() == "本机有可用的系统密钥环，设备令牌已保存在其中，未使用口令。"
    assert not (pc / "credentials").exists()
    monkeypatch.setenv("FYDESK_PASSPHRASE_FILE", str(tmp_path / "not-there.txt"))
    code, _, err = fy(capsys, pc, "sync", "--json")
    assert code == 0, err
