"""The machine-wide IT policy file: where it is looked for, what it may say, and its faults."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from fydesk.domain.errors import ConfigError
from fydesk.policy import NO_POLICY, load_policy, parse_policy, policy_path

GOOD = """
# 全市统一
hub_url = "https://hub.city.gov.cn/"
ca_file = "/etc/fydesk/city-ca.pem"
office_code = "440104001"
sync_interval_minutes = 10
locked = ["hub_url", "ca_file"]
"""


def test_a_policy_gives_values_and_locks():
    policy = parse_policy(GOOD, Path("/etc/fydesk/policy.toml"))
    assert policy.value("hub_url") == "https://hub.city.gov.cn"  # one spelling: no trailing slash
    assert policy.value("sync_interval_minutes") == 10
    assert policy.is_locked("hub_url") and policy.is_locked("ca_file")
    assert not policy.is_locked("sync_interval_minutes") and not policy.is_locked("office_code")


def test_the_policy_is_looked_for_under_etc_and_programdata_unless_the_environment_names_one():
    assert policy_path({}, "linux") == Path("/etc/fydesk/policy.toml")
    windows = policy_path({"ProgramData": r"D:\ProgramData"}, "win32")
    assert PureWindowsPath(windows) == PureWindowsPath(r"D:\ProgramData\fydesk\policy.toml")
    assert PureWindowsPath(policy_path({}, "win32")) == PureWindowsPath(r"C:\ProgramData\fydesk\policy.toml")
    assert policy_path({"FYDESK_POLICY": "/srv/p.toml"}, "win32") == Path("/srv/p.toml")


def test_no_file_or_an_empty_one_is_no_policy(tmp_path):
    assert load_policy(tmp_path / "missing.toml") is NO_POLICY
    empty = tmp_path / "empty.toml"
    empty.write_text("\n# nothing yet\n", encoding="utf-8")
    assert load_policy(empty) is NO_POLICY


def test_a_file_saved_with_a_bom_by_a_windows_editor_is_read(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_bytes("\ufeff".encode() + GOOD.encode())
    assert load_policy(path).value("office_code") == "440104001"


@pytest.mark.parametrize(("text", "says"), [
    ("hub_url = \"hub.city.gov.cn\"", "hub_url（市级平台地址）应为 http:// 或 https:// 开头的网址"),
    ("sync_interval_minutes = 0", "1 至 1440 之间的整数"),
    ("sync_interval_minutes = true", "1 至 1440 之间的整数"),
    ("hub = \"https://x\"", "未知的设置项“hub”"),
    ("locked = [\"hub\"]", "未知的设置项“hub”"),
    ("locked = \"hub_url\"", "locked 应为设置项名称的列表"),
    ("hub_url = https://x", "格式有误"),
])
def test_a_wrong_policy_is_refused_with_one_sentence_naming_the_file(tmp_path, text, says):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_policy(path)
    assert str(path) in err.value.message and says in err.value.message


def test_a_policy_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_bytes("office_code = \"四\"".encode("gbk"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_policy(path)


def test_opening_a_data_dir_under_a_broken_policy_touches_nothing(tmp_path, monkeypatch):
    from fydesk.store.open import open_store

    path = tmp_path / "policy.toml"
    path.write_text("sync_interval_minutes = -1", encoding="utf-8")
    monkeypatch.setenv("FYDESK_POLICY", str(path))
    with pytest.raises(ConfigError):
        open_store(tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_the_example_shipped_for_it_is_a_valid_policy():
    example = Path(__file__).parents[1] / "packaging" / "policy.toml.example"
    policy = load_policy(example)
    assert policy.value("hub_url") == "https://fyhub.example.gov.cn"
    assert policy.locked == {"hub_url", "ca_file", "office_code"}
