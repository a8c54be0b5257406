"""调解笔录: time, place, who was there, the record, and the signature lines under it."""

from __future__ import annotations

import os
from typing import Any

from .common import signature_boxes
from .fonts import FontSet
from .model import SessionDoc
from .page import AREA_W, Meta, Writer, cn_date, keep_with_tail


def render(doc: SessionDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    w = Writer(fonts, Meta("调解笔录", doc.office, doc.case_number or ""))
    w.p(doc.office, "subtitle", "调解组织")
    w.p("调 解 笔 录", "title")
    w.p(f"（第{doc.seq}次）", "subtitle")
    t = doc.held_at
    facts = [
        ("案号", doc.case_number or "（未编号）"),
        ("纠纷类型", doc.dispute_type),
        ("时间", f"{cn_date(t)}{t.hour}时{t.minute:02d}分"),
        ("地点", doc.place),
        ("调解方式", doc.mode),
        ("调解员", doc.mediator or ""),
        ("记录人", doc.recorder or "＿＿＿＿＿＿"),
        ("参加人员", doc.attendees),
    ]
    for label, value in facts:
        w.p(f"{label}：{value}", "plain", label)
    w.p("当事人：" + "；".join(f"{p.role}{p.name}" for p in doc.parties), "plain", "当事人")
    w.space(0.4)
    w.p("记录内容：", "plain")
    lines = [x for x in doc.record.splitlines() if x.strip()] or [""]
    for line in lines[:-1]:
        w.p(line, "body", "笔录内容")
    # The signatures share a page with the end of the record they sign, never a page alone.
    w.add(keep_with_tail(w.para(lines[-1], "body", "笔录内容"), [
        w.para("以上笔录经当事人阅看（或向其宣读），确认无误。", "body"),
        signature_boxes(w, doc.parties, label="签名"),
        _staff_signatures(w, doc.mediator, doc.recorder),
    ]))
    return w.build(out)


def _staff_signatures(w: Writer, mediator: str | None, recorder: str | None = None):
    from reportlab.platypus import Table, TableStyle

    t = Table([[w.para("调解员（签名）：＿＿＿＿", "plain"), w.para("记录人（签名）：＿＿＿＿", "plain")],
               [w.para(f"（{mediator}）" if mediator else "", "cell"),
                w.para(f"（{recorder}）" if recorder else "", "cell")]],
              colWidths=[AREA_W / 2, AREA_W / 2], spaceBefore=6)
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), w.fonts.body)]))
    return t
