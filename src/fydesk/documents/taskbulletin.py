"""调度通报: how the 联席会议's tasks stand on a chosen day — counts by state, per working group
and per office, then every task with each responsible office's latest report. Takes a
TaskBulletinDoc and nothing else (the hub gathers it from the synced records)."""

from __future__ import annotations

import os
from typing import Any

from .common import cn_index
from .fonts import FontSet
from .model import TaskBulletinDoc, TaskCount
from .page import Meta, Writer


def _day(iso: str) -> str:
    return f"{int(iso[:4])}年{int(iso[5:7])}月{int(iso[8:10])}日"


def _counts(w: Writer, first: str, rows: tuple[TaskCount, ...]) -> None:
    table = [[first, "任务数", "按期完成", "逾期完成", "未到期", "逾期未完成"]]
    table += [[c.name, c.total, c.done_on_time, c.done_late, c.open, c.overdue] for c in rows]
    w.add(w.table(table, [2.6, 0.9, 0.9, 0.9, 0.9, 1.1], center_cols=(1, 2, 3, 4, 5)))


def render(doc: TaskBulletinDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    day = _day(doc.as_of)
    title = "任务清单落实情况调度通报"
    w = Writer(fonts, Meta(title, doc.issuer, doc.as_of))
    w.p(title, "title")
    w.p(f"{doc.issuer}（截至{day}）", "subtitle", "通报单位")
    w.space(0.3)
    states = {s: sum(t.state == s for t in doc.tasks) for s in ("已完成", "推进中", "下达", "逾期")}
    w.p(f"截至{day}，联席会议及各专项工作组下达的任务共{len(doc.tasks)}项：已完成{states['已完成']}项，"
        f"推进中{states['推进中']}项，已下达尚未报告进展{states['下达']}项，逾期未完成{states['逾期']}项。"
        "各项任务由牵头单位负总责，配合单位按分工报告进展；一项任务在各责任单位均报告完成后为已完成。",
        "body", "总体情况")
    n = iter(range(1, 10))
    if doc.by_group:
        w.p(f"{cn_index(next(n))}、各专项工作组", "heading")
        _counts(w, "专项工作组", doc.by_group)
    if doc.by_office:
        w.p(f"{cn_index(next(n))}、各责任单位", "heading")
        w.p("按各单位承担的部分计：牵头或配合的每项任务各计一次。", "body", "口径")
        _counts(w, "单位", doc.by_office)
    w.p(f"{cn_index(next(n))}、任务进展", "heading")
    if not doc.tasks:
        w.p("尚无下达的任务。", "body")
    for i, t in enumerate(doc.tasks, 1):
        w.p(f"{i}. {t.content}（{t.work_group or '未分组'}；{t.source}；完成时限{_day(t.deadline)}；{t.state}）",
            "body", "任务")
        rows = [["责任单位", "状态", "最近报告", "进展情况"]]
        rows += [[p.office + ("（牵头）" if p.lead else ""), p.state, p.latest_date or "未报告", p.latest_text or "—"]
                 for p in t.parts]
        w.add(w.table(rows, [1.6, 0.8, 1.0, 3.2], center_cols=(1, 2)))
        w.space(0.3)
    return w.build(out)
