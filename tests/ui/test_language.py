"""Languages: Chinese by default, English when chosen (flag, environment or the 语言 menu)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt

from fydesk.ui import language
from fydesk.ui.mainwindow import PAGES, MainWindow


# --- choosing the language ----------------------------------------------------------------------

def test_the_flag_outranks_the_environment_which_outranks_the_saved_choice(monkeypatch, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv(language.ENV, raising=False)
    assert language.chosen(None, settings) == "zh_CN"
    settings.setValue(language.SETTING, "en")
    assert language.chosen(None, settings) == "en"
    monkeypatch.setenv(language.ENV, "zh_CN")
    assert language.chosen(None, settings) == "zh_CN"
    assert language.chosen("en", settings) == "en"
    monkeypatch.setenv(language.ENV, "klingon")  # not a language we have: the next source decides
    assert language.chosen(None, settings) == "en"


def test_chinese_is_the_default_with_qts_own_chinese_strings(qapp):
    assert language.current_language() == "zh_CN"
    assert QLocale().language() == QLocale.Language.Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("MainWindow", "同步") == "同步"


# --- the windows in each language ---------------------------------------------------------------

def nav_texts(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_by_default_the_navigation_and_the_case_page_are_chinese(qtbot, ctx, settings):
    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    assert nav_texts(window) == list(PAGES)
    page = window.show_page("调解案件")
    assert page.new_button.text() == "登记案件（Ctrl+N）"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "案号"


def test_the_language_menu_saves_the_choice_for_the_next_start(qtbot, ctx, settings, monkeypatch):
    monkeypatch.delenv(language.ENV, raising=False)
    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    assert window.language_actions["zh_CN"].isChecked()
    window.language_actions["en"].trigger()
    assert settings.value(language.SETTING) == "en"
    assert "重新启动后生效" in window.statusBar().currentMessage()
    assert language.chosen(None, settings) == "en"
    # This window stays Chinese until the app starts again.
    assert nav_texts(window)[0] == "工作台"
