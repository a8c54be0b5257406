"""Sorting people's and offices' names as a Chinese reader expects: by pinyin, not code point."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale

T = TypeVar("T")


def pinyin_sorted(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """SQLite and Python's sorted() order Chinese by code point (张 before 李); Qt's collator
    with the Chinese locale orders by pinyin (李 before 张)."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return sorted(items, key=lambda item: collator.sortKey(key(item)))
