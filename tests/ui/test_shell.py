"""The app as a whole: first run, the main window, its status bar, shortcuts and global search."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QGroupBox, QMenu, QPushButton

from fydesk.services import setup
from fydesk.ui.app import Launcher
from fydesk.ui.firstrun import FirstRunWindow
from fydesk.ui.mainwindow import PAGES, MainWindow

from .test_cases_page import choose, register, type_into


def start(qtbot, tasks, settings, data_dir) -> Launcher:
    launcher = Launcher(tasks, data_dir, "书记员甲", settings)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10_000)
    qtbot.addWidget(launcher.window)
    return launcher


def test_a_new_install_offers_set_up_and_demo_and_demo_data_opens_the_main_window(qtbot, tasks, settings,
                                                                                 tmp_path):
    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    assert isinstance(first, FirstRunWindow)
    assert first.setup_button.isVisible() and first.demo_button.isVisible()
    assert [b.title() for b in first.findChildren(QGroupBox)] == [
        "一、设置本单位", "二、或登记到市级平台（信息管理员已给出登记码时）", "三、先试用演示数据"]

    first.records.setValue(30)
    with qtbot.waitSignal(launcher.main_shown, timeout=30_000) as shown:
        first.demo_button.click()
    window: MainWindow = shown.args[0]
    qtbot.addWidget(window)
    assert first.progress.value() == 30  # progress reached the end before the window came
    page = window.show_page("调解案件")
    qtbot.waitUntil(lambda: page.model.total is not None, timeout=5000)
    assert page.model.total == 30 and page.model.rowCount() == 30


def test_demo_data_opens_apart_from_the_real_data_dir_says_so_and_leads_back_to_real_work(
        qtbot, tasks, settings, tmp_path):
    from PySide6.QtWidgets import QLabel

    launcher = start(qtbot, tasks, settings, tmp_path / "fydesk")
    first = launcher.window
    first.records.setValue(20)
    with qtbot.waitSignal(launcher.main_shown, timeout=30_000) as shown:
        first.demo_button.click()
    window: MainWindow = shown.args[0]  # the launcher deletes it on the way back: not qtbot's
    assert window.ctx.store.data_dir.root == tmp_path / "fydesk-demo"
    assert window.windowTitle().endswith("— 演示数据")
    assert window.findChild(QLabel, "demo_badge").text().startswith("演示数据")
    with first.store.read() as session:  # the real data dir holds nothing of the demo
        assert setup.status(session) is None and not setup.is_demo(session)

    assert window.leave_demo_action.isEnabled()
    window.leave_demo_action.trigger()
    qtbot.waitUntil(lambda: isinstance(launcher.window, FirstRunWindow), timeout=10_000)
    back = launcher.window
    assert back.store.data_dir.root == tmp_path / "fydesk"

    # Trying the demo again opens the demo data made before, as it stands.
    back.records.setValue(50)
    with qtbot.waitSignal(launcher.main_shown, timeout=30_000) as shown:
        back.demo_button.click()
    again: MainWindow = shown.args[0]
    qtbot.addWidget(again)
    page = again.show_page("调解案件")
    qtbot.waitUntil(lambda: page.model.total is not None, timeout=5000)
    assert page.model.total == 20


def test_a_real_office_window_has_no_demo_mark(qtbot, tasks, settings, tmp_path):
    from fydesk.store.open import open_store

    store = open_store(tmp_path / "data", daily_backup=False)
    with store.write() as session:
        setup.initialise(session, office_code="440104001", office_name="越秀区人民法庭", kind="人民法庭")
    store.close()
    launcher = start(qtbot, tasks, settings, tmp_path / "data")
    window = launcher.window
    assert isinstance(window, MainWindow)
    assert window.windowTitle() == "府院联动工作台 — 越秀区人民法庭" and window.findChild(QMenu, "demo_menu") is None


def test_setting_up_the_office_refuses_a_blank_name_then_opens_the_main_window(qtbot, tasks, settings, tmp_path):
    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    first.code.setText("440104001")
    choose(first.kind, "人民法庭")
    first.setup_button.click()
    qtbot.waitUntil(lambda: not first.errors["office_name"].isHidden(), timeout=5000)
    assert first.errors["office_name"].text() == "请填写“单位名称”。"
    with first.store.read() as session:
        assert setup.status(session) is None  # nothing saved

    first.name.insert("越秀区人民法庭")
    first.prefix.insert("越秀人")
    first.setup_button.click()
    # The office is saved; its staff, bodies and areas come next, on the 本单位 page.
    qtbot.waitUntil(lambda: getattr(first, "finish_button", None) is not None
                    and first.office_page.view is not None, timeout=10_000)
    with qtbot.waitSignal(launcher.main_shown, timeout=10_000) as shown:
        first.finish_button.click()
    window = shown.args[0]
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("越秀区人民法庭")
    with first.store.read() as session:
        assert setup.status(session).office_code == "440104001"


def test_an_office_already_set_up_goes_straight_to_the_main_window(qtbot, tasks, settings, office_store):
    launcher = start(qtbot, tasks, settings, office_store.data_dir.root)
    assert isinstance(launcher.window, MainWindow)
    assert launcher.window.windowTitle().endswith("越秀区人民法庭")


@pytest.fixture
def window(qtbot, ctx, settings):
    w = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.status.state is not None, timeout=5000)
    return w


def test_pages_are_made_when_first_shown(qtbot, window):
    assert list(window.pages) == ["工作台"]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(PAGES)
    window.nav.setCurrentRow(PAGES.index("调解案件"))
    assert list(window.pages) == ["工作台", "调解案件"]
    assert window.current_page is window.pages["调解案件"]
    window.nav.setCurrentRow(PAGES.index("同步"))
    assert list(window.pages) == ["工作台", "调解案件", "同步"]


def test_an_agreement_shows_its_confirmation_deadline_on_the_dashboard_and_pending_changes_rise(
        qtbot, window, ctx):
    status = window.status

    def pending() -> int:
        return int(status.pending.text().split()[1])

    assert status.online.text() == "离线（未登记市级平台）"
    assert status.last_sync.text() == "上次同步：从未" and status.conflicts.text() == "需协调 0 处"
    start_pending = pending()
    page = window.show_page("调解案件")
    register(qtbot, page)
    qtbot.waitUntil(lambda: pending() == start_pending + 3, timeout=5000)  # the case and two parties

    for target in ("受理", "调解中"):
        page.detail.findChild(QPushButton, f"status_{target}").click()
        qtbot.waitUntil(lambda t=target: page.detail.detail.case["status"] == t, timeout=5000)
    qtbot.waitUntil(lambda: pending() == start_pending + 5, timeout=5000)

    effective = date.today()
    page.detail.new_agreement_button.click()
    form = page.detail.agreement_form
    type_into(qtbot, form.form.inputs["facts"], "双方自愿达成协议")
    type_into(qtbot, form.form.inputs["effective_date"], effective.isoformat())
    type_into(qtbot, form.terms.forms[0].inputs["obligor"], "李建国")
    type_into(qtbot, form.terms.forms[0].inputs["content"], "赔偿损失")
    form.save_button.click()
    qtbot.waitUntil(lambda: page.detail.detail.case["status"] == "达成协议", timeout=5000)
    # The agreement, its term and the case's new status.
    qtbot.waitUntil(lambda: pending() == start_pending + 8, timeout=5000)

    number = page.detail.detail.case["case_number"]
    dashboard = window.show_page("工作台")
    expected = ("未到期", "司法确认申请期限届满", f"{number} 调解协议",
                (effective + timedelta(days=30)).isoformat(), "还剩 30 天")
    qtbot.waitUntil(lambda: expected in dashboard.due_rows(), timeout=5000)


def test_window_geometry_and_page_are_remembered(qtbot, ctx, settings):
    first = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(30, 40, 700, 500))  # inside the offscreen 800×600 screen
    first.show_page("调解案件")
    first.close()
    again = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(again)
    again.show()
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.current_page is again.pages["调解案件"]


def test_keyboard_new_save_and_escape_reach_the_current_page(qtbot, window, ctx):
    page = window.show_page("调解案件")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.right.currentWidget() is page.register
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # An empty form is refused before anything is sent: every required field says so at once.
    qtbot.waitUntil(lambda: not page.register.error.isHidden(), timeout=5000)
    assert page.register.error.text() == "请改正标红的各项后再保存。"
    form = page.register.case_form
    assert [n for n in ("category", "source", "dispute_type", "summary") if form.error_text(n)] == \
        ["category", "source", "dispute_type", "summary"]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert page.right.currentWidget() is page.hint


def test_global_search_finds_a_party_and_opens_the_case(qtbot, window, ctx):
    from fydesk.ui.search import SearchDialog

    page = window.show_page("调解案件")
    case_id = register(qtbot, page)
    window.show_page("工作台")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SearchDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.query.insert("王秀英")
    dialog.search()
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    assert "【王秀英】" in dialog.results.item(0).text()
    page.detail.detail = None
    dialog.results.itemActivated.emit(dialog.results.item(0))
    assert window.current_page is page
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.case.id == case_id,
                    timeout=5000)


def test_bare_fydesk_without_a_display_says_so_and_loads_no_qt(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = (
        "import sys\nfrom fydesk.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'd')!r}])\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT', rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                         check=False)
    assert out.stdout.strip().endswith("NOQT 1")
    assert "本机尚未设置" in out.stdout
    assert out.stderr.strip().startswith("错误：没有可用的图形界面")


def test_a_new_install_can_enroll_with_the_hub_and_gets_its_office_from_there(qtbot, tasks, settings, tmp_path,
                                                                             hub, memory_keyring):
    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    first.hub_url.setText(hub.url)
    first.enroll_button.click()
    qtbot.waitUntil(lambda: not first.errors["code"].isHidden(), timeout=10_000)
    assert first.errors["code"].text() == "请填写“登记码”。"

    first.hub_code.setText(hub.code("440104001"))
    with qtbot.waitSignal(launcher.main_shown, timeout=20_000) as shown:
        first.enroll_button.click()
    window = shown.args[0]
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("越秀区人民法庭")
    qtbot.waitUntil(lambda: window.status.state is not None, timeout=5000)
    assert window.status.online.text() == "在线"


def test_cancelling_demo_generation_leaves_the_install_empty(qtbot, tasks, settings, tmp_path):
    from sqlalchemy import func, select

    from fydesk.models import MediationCase

    launcher = start(qtbot, tasks, settings, tmp_path / "new")
    first = launcher.window
    first.records.setValue(5000)
    first.demo_button.click()
    assert first.cancel_button.isVisible()
    first.cancel_button.click()
    qtbot.waitUntil(lambda: first.demo_button.isEnabled(), timeout=30_000)
    assert first.demo_error.text() == "操作已取消。" and not first.cancel_button.isVisible()
    with first.store.read() as session:
        assert setup.status(session) is None
        assert session.scalar(select(func.count()).select_from(MediationCase)) == 0
    assert launcher.window is first  # still the first-run screen
