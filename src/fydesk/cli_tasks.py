"""`fydesk task`: the 任务清单 the hub sent this office, and its progress reports."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from fydesk.domain.errors import ValidationError

from .cli_common import EXIT_OK, actor_for, open_dir, print_json


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("date", "报告日期", f"报告日期“{text}”不是 YYYY-MM-DD 格式的日期。") from None


def cmd_task(args: argparse.Namespace) -> int:
    from fydesk.services import attachments, tasks

    store = open_dir(args, writes=args.task_command == "report")
    if args.task_command == "list":
        with store.read() as s:
            found = tasks.list_tasks(s)
        if args.json:
            print_json([t.to_json() for t in found])
            return EXIT_OK
        if not found:
            print("本机没有任务。（任务由市级平台下达，同步后出现在这里。）")
        for t in found:
            offices = "、".join((t.lead_office, *t.partner_offices))
            print(f"{t.id}  {t.deadline}  [{t.my_state}]  {t.content}（{offices}）")
        return EXIT_OK
    when = _day(args.date)
    if args.attach and not Path(args.attach).is_file():
        raise ValidationError("attach", "附件", f"找不到文件 {args.attach}。")
    with store.write() as s:
        made = tasks.report(s, actor_for(s, args), args.id, args.text, when, args.done)
    if args.attach:
        attachments.add_file(store, args.user, "task_report", made.id, Path(args.attach), args.kind)
    with store.read() as s:
        view = tasks.get_task(s, args.id)
    if args.json:
        print_json({"report_id": made.id, "task": view.to_json()})
    else:
        print(f"已记录进展（{made.id}），本单位状态：{view.my_state}。同步后报送市级平台。")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    s = sub.add_parser("task", help="任务清单：列出任务、报告进展")
    ts = s.add_subparsers(dest="task_command", required=True)
    c = ts.add_parser("list", help="列出本机收到的任务（按完成时限）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_task)
    c = ts.add_parser("report", help="报告本单位对一项任务的进展")
    c.add_argument("id", help="任务编号")
    c.add_argument("--text", required=True, help="进展情况")
    c.add_argument("--date", help="报告日期 YYYY-MM-DD（默认今天）")
    c.add_argument("--done", action="store_true", help="本单位承担的部分已完成")
    c.add_argument("--attach", help="附件文件，如扫描的反馈函")
    c.add_argument("--kind", default="反馈函", help="附件类别（默认“反馈函”）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_task)
