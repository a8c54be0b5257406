"""设置 under an IT policy file: locked settings shown locked, the rest saved and put to use."""

from __future__ import annotations

from fydesk.services import settings as settings_service
from .test_shell import start


def write_policy(tmp_path, monkeypatch, text: str):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FYDESK_POLICY", str(path))
    return path


def open_settings(qtbot, tasks, settings, data_dir):
    launcher = start(qtbot, tasks, settings, data_dir)
    window = launcher.window
    window.launcher = launcher  # the desk's events live as long as the launcher does
    page = window.show_page("设置")
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    return window, page


def test_the_policy_sets_the_hub_address_and_the_page_shows_it_locked(qtbot, tasks, settings, tmp_path,
                                                                     monkeypatch, office_store):
    path = write_policy(tmp_path, monkeypatch,
                        'hub_url = "https://hub.city.gov.cn"\nsync_interval_minutes = 10\nlocked = ["hub_url"]\n')
    window, page = open_settings(qtbot, tasks, settings, office_store.data_dir.root)
    assert page.hub.text() == "https://hub.city.gov.cn" and not page.hub.isEnabled()
    assert page.notes["hub_url"].text() == "已由信息管理员锁定"
    assert str(path) in page.policy_note.text()
    assert page.interval.isEnabled() and page.interval.value() == 10
    assert page.notes["sync_interval_minutes"].text() == "来自：信息管理员策略"
    assert page.office.text() == "440104001" and not page.office.isEnabled()

    # The unlocked interval is the user's to change; the sync timer follows it.
    page.interval.setValue(3)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "已保存。", timeout=5000)
    assert page.notes["sync_interval_minutes"].text() == "来自：本机设置"
    qtbot.waitUntil(lambda: window.syncer.every_ms == 3 * 60_000, timeout=5000)
    with office_store.read() as s:
        assert settings_service.value(s, window.ctx.store.policy, "sync_interval_minutes") == 3
        assert settings_service.value(s, window.ctx.store.policy, "hub_url") == "https://hub.city.gov.cn"
    window.close()


def test_a_bad_value_is_named_under_its_field_and_nothing_is_saved(qtbot, tasks, settings, tmp_path, monkeypatch,
                                                                   office_store):
    write_policy(tmp_path, monkeypatch, "")
    window, page = open_settings(qtbot, tasks, settings, office_store.data_dir.root)
    assert "没有信息管理员的策略文件" in page.policy_note.text()
    assert page.hub.isEnabled() and page.ca.isEnabled()
    page.interval.setValue(7)
    page.ca.setText(str(tmp_path / "missing-ca.pem"))
    page.save_button.click()
    qtbot.waitUntil(lambda: not page.errors["ca_file"].isHidden(), timeout=5000)
    assert page.errors["ca_file"].text().startswith("找不到证书文件")
    with office_store.read() as s:  # the interval went with it: one save, one transaction
        assert settings_service.get(s, window.ctx.store.policy, "sync_interval_minutes").source == "default"
    window.close()


def test_a_new_install_is_given_the_office_code_and_hub_the_policy_names(qtbot, tasks, settings, tmp_path,
                                                                         monkeypatch):
    write_policy(tmp_path, monkeypatch, 'office_code = "440104001"\nhub_url = "https://hub.city.gov.cn"\n'
                                        'locked = ["office_code", "hub_url"]\n')
    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    qtbot.waitUntil(lambda: first.code.text() == "440104001", timeout=5000)
    assert first.code.isReadOnly() and first.hub_url.isReadOnly()
    assert first.hub_url.text() == "https://hub.city.gov.cn"
    assert first.code.toolTip() == "已由信息管理员锁定"
