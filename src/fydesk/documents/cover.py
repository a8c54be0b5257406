"""卷宗封面 and 卷内目录 of an archived mediation case: the cover on page 1, the index after it."""

from __future__ import annotations

import os
from typing import Any

from .fonts import FontSet
from .model import CoverDoc
from .page import AREA_H, AREA_W, BODY_LEADING, Meta, Writer, cn_date


def cover_page(w: Writer, doc: CoverDoc, files: int | None = None) -> Any:
    """The cover, one page whatever the parties (a long list shrinks it rather than spill over).

    files: the number of documents in the volume (the 卷宗 counts what it binds; the cover
    printed alone counts the index entries).
    """
    from reportlab.platypus import KeepInFrame, Spacer

    rows = [
        ["案　　号", doc.case_number or "—"],
        ["归 档 号", doc.archive_number or "—"],
        ["纠纷类型", doc.dispute_type],
        ["调解类别", doc.category],
        ["当 事 人", "\n".join(doc.parties)],
        ["调 解 员", doc.mediator or "—"],
        ["受理日期", cn_date(doc.accepted_date) if doc.accepted_date else "—"],
        ["结案日期", cn_date(doc.close_date) if doc.close_date else "—"],
        ["调解结果", doc.result or "—"],
        ["结案方式", doc.close_method or "—"],
        ["保管期限", doc.retention],
        ["本卷件数", f"{len(doc.entries) if files is None else files}件"],
    ]
    cover = [
        w.para(doc.office, "subtitle", "调解组织"),
        Spacer(1, BODY_LEADING * 0.6),
        w.para("人 民 调 解 卷 宗", "title", fontSize=30, leading=48),
        Spacer(1, BODY_LEADING * 0.8),
        w.table([[w.para(a, "plain"), w.para(b, "plain")] for a, b in rows], [1, 2.6], header=False,
                extra=[("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]),
    ]
    return KeepInFrame(AREA_W, AREA_H, cover, mode="shrink")


def render(doc: CoverDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    from reportlab.platypus import PageBreak

    w = Writer(fonts, Meta("人民调解卷宗", doc.office, doc.case_number or ""))
    w.add(cover_page(w, doc))
    w.add(PageBreak())
    w.p("卷 内 目 录", "title")
    rows = [["序号", "文件名称", "日期", "页号", "备注"]]
    rows += [[str(i), e.title, cn_date(e.day) if e.day else "", "", e.note]
             for i, e in enumerate(doc.entries, start=1)]
    w.add(w.table(rows, [0.6, 2.8, 1.75, 0.6, 1.3], center_cols=(0, 2, 3)))
    w.p("注：页号由立卷人在装订编页后填写。", "note")
    return w.build(out)
