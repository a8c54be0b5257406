"""Languages: Chinese by default, English when chosen (flag, environment or the 语言 menu)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QLabel, QPushButton

from fydesk import cli
from fydesk.ui import app as ui_app
from fydesk.ui import language
from fydesk.ui.app import Launcher
from fydesk.ui.mainwindow import PAGES, MainWindow
from fydesk.ui.pages.cases import CasesPage


@pytest.fixture
def english(qapp):
    language.set_language(language.ENGLISH)
    yield
    language.set_language(language.CHINESE)


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


def test_english_loads_the_app_translation_and_not_qts_chinese(qapp, english):
    assert QLocale().language() == QLocale.Language.English
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QCoreApplication.translate("MainWindow", "同步") == "Sync"


def test_chinese_is_the_default_with_qts_own_chinese_strings(qapp):
    assert language.current_language() == "zh_CN"
    assert QLocale().language() == QLocale.Language.Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("MainWindow", "同步") == "同步"


def file_dialog_labels(qtbot) -> list[str]:
    """The labels of Qt's own file dialog, drawn by Qt as on a Linux desk (no native dialog)."""
    dialog = QFileDialog(None, "", "", "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    return [label.text() for label in dialog.findChildren(QLabel) if label.text()]


def test_qts_file_dialog_speaks_chinese_look_in_and_files_of_type_too(qtbot, qapp):
    labels = file_dialog_labels(qtbot)
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels and "文件名称(&N)：" in labels
    assert not [text for text in labels if re.search("[A-Za-z]{2}", text)], labels


def test_qts_print_dialog_speaks_chinese(qtbot, qapp):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "页面组(&S)：" in labels
    assert not [t for t in labels if re.search("[A-Za-z]{3}", t.replace("PDF", ""))], labels


def test_in_english_qts_file_dialog_keeps_its_own_words(qtbot, english):
    labels = file_dialog_labels(qtbot)
    assert "&Look in:" in labels and "Files of &type:" in labels


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


def test_with_english_chosen_the_navigation_and_the_case_page_are_english(qtbot, ctx, settings, english):
    window = MainWindow(ctx, "越秀区人民法庭", settings)
    qtbot.addWidget(window)
    assert nav_texts(window) == ["Dashboard", "Mediation cases", "Joint cases", "Firm visits",
                                 "Judicial suggestions", "Petitions", "Task list", "Statistics", "Sync", "Settings"]
    assert window.windowTitle() == "Court–Government Liaison Desk — 越秀区人民法庭"
    # The keys stay Chinese: pages are still found by them.
    page = window.show_page("调解案件")
    assert isinstance(page, CasesPage)
    assert page.new_button.text() == "Register case (Ctrl+N)"
    buttons = {b.text() for b in page.findChildren(QPushButton)}
    assert {"Save (Ctrl+S)", "Cancel (Esc)", "Add party"} <= buttons
    # Domain words at display time: column headers, state names in the filter, field labels.
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:3] == ["Case number", "Registered on", "Mediation category"]
    # The list's columns widen to their longer English headers.
    metrics = page.table.horizontalHeader().fontMetrics()
    # (compared with the Chinese header, not a pixel count: that depends on the font fontconfig
    # picks, 107 px with WenQuanYi Zen Hei, which CI installs)
    english, chinese = metrics.horizontalAdvance("Mediation category"), metrics.horizontalAdvance("调解类别")
    assert page.table.columnWidth(2) > english > chinese
    states = [page.status_filter.itemText(i) for i in range(page.status_filter.count())]
    assert states[0] == "All statuses" and "In mediation" in states
    assert page.status_filter.itemData(states.index("In mediation")) == "调解中"  # the data stays Chinese
    form = page.register.case_form.layout()
    assert form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().text() == "Mediation category＊"


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


def test_the_first_run_screen_switches_language_at_once_and_saves_the_choice(qtbot, tasks, settings, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.delenv(language.ENV, raising=False)
    launcher = Launcher(tasks, tmp_path / "new", "书记员甲", settings)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10_000)
    first = launcher.window
    qtbot.addWidget(first)
    assert first.findChildren(QGroupBox)[0].title() == "一、设置本单位"
    try:
        first.language.setCurrentIndex(first.language.findData("en"))
        again = launcher.window
        qtbot.addWidget(again)
        assert again is not first and again.isVisible() and not first.isVisible()
        assert again.findChildren(QGroupBox)[0].title() == "1. Set up this office"
        assert again.setup_button.text() == "Save and start"
        assert again.language.currentData() == "en"
        assert settings.value(language.SETTING) == "en"
    finally:
        language.set_language(language.CHINESE)


def test_the_lang_flag_reaches_the_desktop_app(monkeypatch):
    asked = {}
    monkeypatch.setattr(ui_app, "run", lambda data_dir, user, lang: asked.update(lang=lang) or 0)
    assert cli.main(["--lang", "en"]) == 0
    assert asked == {"lang": "en"}
