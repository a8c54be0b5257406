"""Settings on this PC under the IT policy: which value wins, and what a user may change."""

from __future__ import annotations

from pathlib import Path

import pytest

from fydesk.domain.errors import ValidationError
from fydesk.policy import NO_POLICY, parse_policy
from fydesk.services import settings, setup
from fydesk.services.context import set_setting

POLICY_FILE = Path("/etc/fydesk/policy.toml")


def policy(text: str):
    return parse_policy(text, POLICY_FILE)


def test_without_a_policy_everything_but_the_office_is_the_users(office_store):
    with office_store.read() as s:
        rows = {r.name: r for r in settings.read_all(s, NO_POLICY)}
    assert rows["office_code"].value == "440104001" and rows["office_code"].source == "office"
    assert not rows["office_code"].editable
    assert rows["sync_interval_minutes"].value == settings.DEFAULT_SYNC_MINUTES
    assert [n for n, r in rows.items() if r.editable] == ["hub_url", "ca_file", "sync_interval_minutes"]
    assert not any(r.locked for r in rows.values())


def test_a_locked_value_beats_the_users_and_an_unlocked_one_is_only_a_default(store):
    p = policy('hub_url = "https://hub.city.gov.cn"\nsync_interval_minutes = 15\nlocked = ["hub_url"]')
    with store.write() as s:
        set_setting(s, "hub_url", "http://old-address:8000")  # where the PC once enrolled
        assert settings.value(s, p, "hub_url") == "https://hub.city.gov.cn"
        assert settings.get(s, p, "hub_url").source == "policy"
        assert settings.value(s, p, "sync_interval_minutes") == 15
        settings.change(s, p, "sync_interval_minutes", "3")
        assert (settings.value(s, p, "sync_interval_minutes"), settings.get(s, p, "sync_interval_minutes").source) \
            == (3, "user")
        settings.change(s, p, "sync_interval_minutes", "")  # back to the policy's default
        assert settings.value(s, p, "sync_interval_minutes") == 15


def test_enrollment_records_the_address_which_a_user_choice_then_overrides(store):
    with store.write() as s:
        set_setting(s, "hub_url", "http://hub-a:8000")
        assert settings.get(s, NO_POLICY, "hub_url").source == "enrolled"
        settings.change(s, NO_POLICY, "hub_url", "https://hub-b.gov.cn/")
        assert settings.value(s, NO_POLICY, "hub_url") == "https://hub-b.gov.cn"


def test_a_locked_setting_cannot_be_changed_and_says_who_set_it(store):
    p = policy('sync_interval_minutes = 30\nlocked = ["sync_interval_minutes", "hub_url"]')
    with store.write() as s:
        with pytest.raises(ValidationError) as err:
            settings.change(s, p, "sync_interval_minutes", "1")
        assert "由信息管理员统一设置" in err.value.message and str(POLICY_FILE) in err.value.message
        # locked without a value: the built-in default holds, and no one may change it either
        with pytest.raises(ValidationError):
            settings.change(s, p, "hub_url", "https://elsewhere.gov.cn")
        assert settings.value(s, p, "hub_url") is None
        assert settings.value(s, p, "sync_interval_minutes") == 30


@pytest.mark.parametrize(("name", "raw", "says"), [
    ("sync_interval_minutes", "0", "1 至 1440"),
    ("sync_interval_minutes", "每天", "1 至 1440"),
    ("hub_url", "hub.city.gov.cn", "http:// 或 https://"),
    ("ca_file", "/no/such/ca.pem", "找不到证书文件"),
    ("office_code", "440104002", "之后不能修改"),
    ("language", "en", "没有名为"),
])
def test_bad_input_is_one_sentence_and_writes_nothing(office_store, name, raw, says):
    with pytest.raises(ValidationError) as err:
        with office_store.write() as s:
            settings.change(s, NO_POLICY, name, raw)
    assert says in err.value.message
    with office_store.read() as s:
        assert settings.get(s, NO_POLICY, "sync_interval_minutes").source == "default"


def test_setting_up_the_office_keeps_to_the_office_code_the_policy_locks(store):
    p = policy('office_code = "440104001"\nlocked = ["office_code"]')
    with store.write() as s:
        with pytest.raises(ValidationError) as err:
            setup.initialise(s, office_code="440104002", office_name="别的法庭", kind="人民法庭", policy=p)
    assert err.value.field == "office_code" and "440104001" in err.value.message
    with store.write() as s:
        info = setup.initialise(s, office_code="440104001", office_name="越秀区人民法庭", kind="人民法庭", policy=p)
    assert info.office_code == "440104001"
