"""同步 on a PC with no keyring: the token saved under a passphrase is asked for once per start,
kept in memory for the run, and scheduled syncs go on; cancel leaves sync off and says so."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QInputDialog, QLineEdit

from fydesk.services import cases
from fydesk.services.context import load_actor
from fydesk.sync import engine
from fydesk.sync.credentials import CredentialStore
from fydesk.ui.pages.sync import SyncPage
from fydesk.ui.syncer import Syncer

PASSPHRASE = "溪口 调解 2026"


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def asked(monkeypatch):
    """Answers the passphrase dialog from a list, and records each time it was shown."""
    answers: list[tuple[str, bool]] = []
    shown: list[QLineEdit.EchoMode] = []

    def get_text(parent, title, label, echo=QLineEdit.EchoMode.Normal, *args, **kwargs):
        shown.append(echo)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return answers, shown


@pytest.fixture
def enrolled_earlier(ctx, hub, no_keyring):
    """As after an earlier run: enrolled with a passphrase, the token only in the encrypted file."""
    root = ctx.store.data_dir.root
    result = engine.enroll(ctx.store, CredentialStore(root / "credentials"), hub.url, hub.code("440104001"),
                           device_name="PC", passphrase=PASSPHRASE)
    assert result["token_storage"] == "passphrase-file"
    with ctx.store.write() as session:
        cases.register_case(session, load_actor(session, "书记员甲"), {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷", "summary": "噪音"},
            [{"role": "申请人", "name": "王秀英"}, {"role": "被申请人", "name": "李建国"}])
    return result


def open_page(qtbot, ctx):
    syncer = Syncer(ctx.tasks, ctx.store, automatic=False)
    page = SyncPage(ctx, syncer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.details is not None, timeout=5000)
    return page


def test_the_page_asks_once_then_syncs_and_syncs_again_without_asking(qtbot, ctx, enrolled_earlier, asked):
    answers, shown = asked
    answers.append((PASSPHRASE, True))
    page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.result.text().startswith("同步完成"), timeout=20_000)
    assert shown == [QLineEdit.EchoMode.Password]
    qtbot.waitUntil(lambda: page.details.state.pending == 0, timeout=5000)

    with qtbot.waitSignal(page.syncer.finished, timeout=20_000):
        page.sync_button.click()  # the token is in memory now: no second question
    assert len(shown) == 1 and not page.syncer.locked


def test_cancel_leaves_sync_off_and_a_wrong_passphrase_is_one_sentence(qtbot, ctx, enrolled_earlier, asked):
    answers, shown = asked
    answers.append(("", False))
    page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert page.result.text() == "未输入口令，本次运行不同步；点击“立即同步”可再输入口令。"
    assert page.syncer.locked and not page.syncer.sync_now()  # the timer's way in syncs nothing either

    answers.append(("不是这个", True))
    page.sync_button.click()  # asked again because the user asks
    qtbot.waitUntil(lambda: page.result.text().startswith("同步失败"), timeout=10_000)
    assert page.result.text() == "同步失败：口令不正确，无法解开保存的设备令牌。"
    assert page.syncer.locked and len(shown) == 2
    page.refresh()
    qtbot.waitUntil(lambda: page.details.state.pending > 0 and not page.details.state.last_sync_at, timeout=5000)


def test_enrolling_here_without_a_keyring_offers_a_passphrase(qtbot, ctx, hub, no_keyring, asked):
    answers, shown = asked
    page = open_page(qtbot, ctx)
    qtbot.waitUntil(page.passphrase.isVisible, timeout=5000)
    page.hub.setText(hub.url)
    page.code.setText(hub.code("440104001"))
    page.passphrase.setText(PASSPHRASE)
    page.passphrase_again.setText(PASSPHRASE + "x")
    page.enroll()
    qtbot.waitUntil(lambda: not page.errors["passphrase"].isHidden(), timeout=5000)
    assert page.errors["passphrase"].text() == "两次输入的口令不一致。"

    page.passphrase_again.setText(PASSPHRASE)
    page.enroll()
    qtbot.waitUntil(lambda: bool(page.details.hub_url), timeout=10_000)
    assert page.result.text() == "已登记：越秀区人民法庭。"  # no warning: the token outlives this run
    with qtbot.waitSignal(page.syncer.finished, timeout=20_000):
        page.sync_button.click()  # this run enrolled: the token is already in memory
    assert shown == []

    answers.append((PASSPHRASE, True))  # the next start asks once
    later = open_page(qtbot, ctx)
    with qtbot.waitSignal(later.syncer.finished, timeout=20_000):
        pass
    assert shown == [QLineEdit.EchoMode.Password]



def test_at_start_the_window_opens_sync_and_asks_once(qtbot, ctx, settings, enrolled_earlier, asked):
    from fydesk.ui.mainwindow import MainWindow

    answers, shown = asked
    answers.append((PASSPHRASE, True))
    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "同步" in window.pages, timeout=5000)
    page = window.pages["同步"]
    assert window.current_page is page
    qtbot.waitUntil(lambda: page.result.text().startswith("同步完成"), timeout=20_000)
    assert shown == [QLineEdit.EchoMode.Password]
