"""The document kinds of `fydesk report KIND`: their names, labels and renderers."""

from __future__ import annotations

import importlib
import os
from typing import Any

from fydesk.domain.errors import FydeskError

from .fonts import FontSet

# kind → (Chinese label, renderer module)
KINDS: dict[str, tuple[str, str]] = {
    "agreement": ("人民调解协议书", "agreement"),
    "session": ("调解笔录", "transcript"),
    "confirmation": ("司法确认申请书", "confirmation"),
    "healthcheck": ("法治体检报告", "healthcheck"),
    "suggestion": ("司法建议书", "suggestion"),
    "cover": ("卷宗封面及卷内目录", "cover"),
    "casefile": ("人民调解卷宗", "casefile"),
    "bulletin": ("月度通报", "bulletin"),
}
BY_PERIOD = frozenset({"bulletin"})  # the others are of one record, given by --id


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise FydeskError(f"没有“{kind}”这种文书；可用的有：" + "、".join(f"{k}（{v[0]}）" for k, v in KINDS.items()) + "。")
    return kind


def render(kind: str, doc: Any, out: str | os.PathLike | Any, fonts: FontSet, *, mark: str | None = None) -> int:
    """Write the document; returns its number of pages. `mark` (演示数据 for a demo data dir)
    is printed on every page; None keeps the mark of a document this one is bound into."""
    from .page import marked

    module = importlib.import_module(f"{__package__}.{KINDS[check_kind(kind)][1]}")
    with marked(mark):
        return module.render(doc, out, fonts)
