"""The English translation: the .ts holds every marked string, translated, and the built .qm ships."""

from __future__ import annotations

import ast
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from fydesk.ui import language, translations

ROOT = Path(__file__).resolve().parents[2]


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → its <translation> element."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            out[(name, message.findtext("source"))] = message.find("translation")
    return out


def test_the_domain_markers_are_generated_from_the_current_labels_and_states():
    # A new field label or state must reach the .ts: `make translations` regenerates this file.
    assert translations.MARKERS.read_text(encoding="utf-8") == translations.markers_source(), \
        "run `make translations`"
    words = translations.domain_words()
    assert "案号" in words and "调解中" in words and "汉族" in words


def test_the_ts_holds_exactly_the_strings_the_sources_mark(tmp_path):
    fresh = tmp_path / "fresh.ts"
    translations.lupdate(fresh)
    wanted, have = set(messages(fresh)), set(messages(translations.TS))
    assert wanted - have == set(), "strings missing from resources/fydesk_en.ts: run `make translations`"
    assert have - wanted == set(), "strings no longer in the sources: run `make translations`"
    assert len(wanted) > 500


def test_every_string_has_a_finished_english_translation_with_the_same_placeholders():
    for (context, source), translation in messages(translations.TS).items():
        # A count's message has English singular and plural forms, each saying %n.
        forms = [form.text or "" for form in translation.iter("numerusform")]
        assert translation.get("type") is None, f"untranslated: {context} {source!r}"
        for text in forms or [translation.text or ""]:
            assert text.strip(), f"untranslated: {context} {source!r}"
            assert not re.search(r"[\u4e00-\u9fff]", text) or "越秀人" in text, f"Chinese left in: {text!r}"
            assert sorted(re.findall(r"\{\w*\}", text)) == sorted(re.findall(r"\{\w*\}", source)), (context, source)
            assert ("%n" in text) == ("%n" in source), (context, source)


def test_the_shipped_qm_is_built_from_the_ts(tmp_path):
    built = tmp_path / "fydesk_en.qm"
    translations.lrelease(translations.TS, built)
    assert built.read_bytes() == translations.QM.read_bytes(), "run `make translations`"


def test_the_additions_to_qts_chinese_are_built_from_their_ts(tmp_path):
    built = tmp_path / "qtbase_extra_zh_CN.qm"
    translations.lrelease(translations.QT_EXTRA_TS, built)
    assert built.read_bytes() == translations.QT_EXTRA_QM.read_bytes(), "run `make translations`"
    assert all(t.text and t.get("type") is None for t in messages(translations.QT_EXTRA_TS).values())


def test_the_qm_is_package_data_and_loads_from_the_installed_package(qapp):
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "ui/i18n/*.qm" in package_data["fydesk"]
    translator = QTranslator()
    assert translator.load("fydesk_en", language.qm_dir())
    assert translator.translate("MainWindow", "调解案件") == "Mediation cases"
    assert translator.translate("Domain", "调解中") == "In mediation"


# Calls that put text on screen: a Chinese literal handed straight to one of them would never be
# translated (lupdate sees only tr(), translate() and QT_TRANSLATE_NOOP()).
TEXT_CALLS = {
    "QLabel", "QPushButton", "QGroupBox", "QCheckBox", "QRadioButton", "QAction", "DocumentButton",
    "setText", "setTitle", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip",
    "addItem", "addItems", "addTab", "addRow", "addAction", "addMenu", "showMessage", "show_message",
    "setHorizontalHeaderLabels", "fill_table", "critical", "warning", "information", "question",
    "getText", "getItem", "getMultiLineText", "getOpenFileName", "getOpenFileNames", "getSaveFileName",
    "setApplicationDisplayName",
}
# Deliberately in both languages, so that either reader finds it.
BILINGUAL = {"语言 / Language"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _untranslated(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if _CJK.search(node.value) and node.value not in BILINGUAL else []
    if isinstance(node, ast.JoinedStr):  # an f-string
        return [v.value for v in node.values if isinstance(v, ast.Constant) and _CJK.search(str(v.value))]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [s for element in node.elts for s in _untranslated(element)]
    if isinstance(node, ast.BinOp):  # "a" + "b"
        return _untranslated(node.left) + _untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return _untranslated(node.body) + _untranslated(node.orelse)
    return []


def test_no_chinese_literal_reaches_the_screen_without_going_through_translation():
    offences = []
    for path in translations.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in TEXT_CALLS:
                continue
            for arg in (*node.args, *(k.value for k in node.keywords)):
                offences += [f"{path.name}:{node.lineno}: {text!r}" for text in _untranslated(arg)]
    assert offences == [], "wrap these in self.tr() or translate(), then run `make translations`"


def test_no_translation_call_hides_inside_an_f_string():
    # lupdate does not read inside f-strings: a tr() there is looked up but never extracted.
    offences = [
        f"{path.name}:{node.lineno}"
        for path in translations.sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.JoinedStr)
        and any(isinstance(call, ast.Call) and getattr(call.func, "attr", getattr(call.func, "id", ""))
                in ("tr", "translate") for call in ast.walk(node))
    ]
    assert offences == [], "take these tr() calls out of the f-string"
