"""同步 as a clerk uses it: enroll with a real (local) hub, sync now, pending changes go to zero."""

from __future__ import annotations

import pytest

from fydesk.services import cases
from fydesk.services.context import load_actor
from fydesk.ui.pages.sync import SyncPage
from fydesk.ui.syncer import Syncer


@pytest.fixture
def page(qtbot, ctx):
    syncer = Syncer(ctx.tasks, ctx.store, automatic=False)
    p = SyncPage(ctx, syncer)
    qtbot.addWidget(p)
    p.resize(1100, 900)
    p.show()
    qtbot.waitUntil(lambda: p.details is not None, timeout=5000)
    return p


def test_without_a_hub_the_page_says_so_and_a_blank_code_is_refused(qtbot, page):
    assert "本机尚未登记到市级平台" in page.summary.text()
    assert page.enroll_box.isVisible() and not page.sync_button.isEnabled()
    page.hub.setText("http://127.0.0.1:9")
    page.enroll()
    qtbot.waitUntil(lambda: not page.errors["code"].isHidden(), timeout=5000)
    assert page.errors["code"].text() == "请填写“登记码”。"


def test_enroll_then_sync_now_sends_the_pending_changes(qtbot, page, ctx, hub, memory_keyring):
    page.hub.setText(hub.url)
    page.code.setText("WRONG-CODE")
    page.enroll()
    qtbot.waitUntil(lambda: not page.enroll_error.isHidden(), timeout=10_000)
    assert page.enroll_error.text() and page.enroll_box.isVisible()

    page.code.setText(hub.code("440104001"))
    page.enroll()
    qtbot.waitUntil(lambda: page.details.hub_url == hub.url, timeout=10_000)
    assert not page.enroll_box.isVisible() and page.sync_button.isEnabled()
    assert page.result.text().startswith("已登记：越秀区人民法庭。")

    with ctx.store.write() as session:
        cases.register_case(session, load_actor(session, "书记员甲"), {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷", "summary": "噪音"},
            [{"role": "申请人", "name": "王秀英"}, {"role": "被申请人", "name": "李建国"}])
    page.refresh()
    qtbot.waitUntil(lambda: page.details.state.pending > 0, timeout=5000)
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.result.text().startswith("同步"), timeout=20_000)
    assert page.result.text().startswith("同步完成：推送"), page.result.text()
    qtbot.waitUntil(lambda: page.details.state.pending == 0 and bool(page.details.state.last_sync_at),
                    timeout=5000)
    assert "上次同步：从未" not in page.summary.text()
    log = page.tables["log"][0]
    assert log.rowCount() >= 2  # the enrollment and the sync


def test_a_failed_sync_says_why_and_tries_again_sooner(qtbot, ctx):
    from fydesk.ui import syncer as syncer_mod

    syncer = Syncer(ctx.tasks, ctx.store, automatic=False)
    with qtbot.waitSignal(syncer.failed, timeout=5000) as failed:
        assert syncer.sync_now()
        assert not syncer.sync_now()  # one at a time
    assert failed.args[0].startswith("本机尚未登记到市级平台")
    assert not syncer.running and syncer.timer.isActive()
    assert syncer.timer.interval() == syncer_mod.RETRY_MS < syncer_mod.EVERY_MS
