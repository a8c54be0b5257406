"""The app's language: which one is chosen, its translators installed, domain words shown in it.

Chinese is the source language: every UI string is written in Chinese and wrapped in
`self.tr(...)` or `translate("Context", ...)` so lupdate finds it; English comes from
`i18n/fydesk_en.qm`, built from `resources/fydesk_en.ts` by `make translations`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

CHINESE, ENGLISH = "zh_CN", "en"
LANGUAGES = (CHINESE, ENGLISH)
# Each language named in itself, for the menus that choose one.
NAMES = ((CHINESE, "中文"), (ENGLISH, "English"))
SETTING = "ui/language"
ENV = "FYDESK_LANG"
# Field labels, state and entity names come from the services as Chinese data; they are
# translated when shown, under this context (marked for lupdate in domain_text.py).
DOMAIN = "Domain"

_installed: list[QTranslator] = []


def translate(context: str, text: str) -> str:
    """A UI string outside a QObject; lupdate reads `translate("Context", "literal")` calls."""
    return QCoreApplication.translate(context, text)


def domain(text: str | None) -> str:
    """A field label, state or entity name from the services, in the chosen language."""
    return QCoreApplication.translate(DOMAIN, text) if text else (text or "")


def normalise(lang: object) -> str | None:
    """"en", "en_US", "English" → en; "zh", "zh_CN" → zh_CN; anything else → None."""
    if not isinstance(lang, str) or not lang:
        return None
    lang = lang.strip().lower().replace("-", "_")
    if lang.startswith("en"):
        return ENGLISH
    if lang.startswith("zh"):
        return CHINESE
    return None


def chosen(flag: str | None = None, settings: QSettings | None = None) -> str:
    """The language to start in: --lang, then FYDESK_LANG, then the saved choice, else Chinese."""
    for candidate in (flag, os.environ.get(ENV), settings.value(SETTING) if settings is not None else None):
        lang = normalise(candidate)
        if lang is not None:
            return lang
    return CHINESE


def _load(name: str, directories: Iterable[str]) -> QTranslator | None:
    translator = QTranslator(QCoreApplication.instance())
    for directory in directories:
        if translator.load(name, directory):
            return translator
    return None


def qm_dir() -> str:
    """Where the built .qm files live inside the installed package."""
    return str(resources.files("fydesk.ui") / "i18n")


def set_language(lang: str) -> str:
    """Install the translators for `lang` (replacing any installed before) and the Qt locale.

    Chinese: Qt's own qtbase_zh_CN (and fydesk's additions to it) so standard dialogs speak
    Chinese; the source strings are already Chinese. English: fydesk_en.qm, and no Qt translation (Qt's source is English).
    """
    app = QCoreApplication.instance()
    lang = normalise(lang) or CHINESE
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang == ENGLISH:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        wanted = [("fydesk_en", [qm_dir()])]
    else:
        # The Qt locale only: the C library's locale is left alone (zh_CN may not be generated).
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        # fydesk's own catalogue, installed after Qt's and so asked first, fills the few
        # strings Qt's leaves in English (the file dialog's "Look in:", "Files of type:").
        wanted = [("qtbase_zh_CN", [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]),
                  ("qtbase_extra_zh_CN", [qm_dir()])]
    for name, directories in wanted:
        translator = _load(name, directories)
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    app.setProperty("fydesk_language", lang)
    return lang


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property("fydesk_language") if app is not None else None
    return value if value in LANGUAGES else CHINESE
