"""`fydesk petition`: the office's 涉诉信访 register from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from .cli_common import (
    CONFIRM_RARE,
    EXIT_OK,
    actor_for,
    open_dir,
    print_json,
    rare_check,
)

REGISTER_FIELDS = ("petitioner", "matter", "received_date", "channel", "case_numbers")
STEP_FIELDS = ("step_date", "action", "handler", "note")


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def _show(dto: Any, json_out: bool) -> None:
    data = dto.to_json()
    if json_out:
        print_json(data)
        return
    for key, value in data.items():
        if key != "steps":
            print(f"{key}: {'' if value is None else value}")
    steps = data.get("steps")
    if steps is not None:
        print(f"办理记录 {len(steps)} 条：")
        for s in steps:
            print(f"  {s['step_date']}  {s['action']}  {s['handler']}  {s['note'] or ''}".rstrip())


def cmd_petition(args: argparse.Namespace) -> int:
    from fydesk.services import petitions, records

    what = args.petition_command
    store = open_dir(args, writes=what in ("add", "step", "set"))
    if what == "list":
        with store.read() as session:
            found = petitions.page(session, status=args.status, text=args.text, limit=args.limit, count=True)
        if args.json:
            print_json({"total": found.total, "rows": [
                {"id": r.id, "received_date": r.received_date.isoformat(), "petitioner": r.petitioner,
                 "channel": r.channel, "case_numbers": r.case_numbers, "status": r.status,
                 "closed_date": r.closed_date.isoformat() if r.closed_date else None, "steps": r.steps}
                for r in found.rows]})
            return EXIT_OK
        if not found.rows:
            print("（无）")
        for r in found.rows:
            print(f"{r.id}  {r.received_date}  {r.petitioner}  {r.channel}  {r.status}"
                  f"{'  ' + str(r.closed_date) if r.closed_date else ''}  办理记录 {r.steps} 条")
        if found.total is not None and found.total > len(found.rows):
            print(f"共 {found.total} 件，显示前 {len(found.rows)} 件。")
        return EXIT_OK
    if what == "show":
        with store.read() as session:
            _show(petitions.detail(session, args.id), args.json)
        return EXIT_OK
    with store.write() as session:
        actor = actor_for(session, args)
        rare = rare_check(session, args) if what != "set" else None
        if what == "add":
            dto = petitions.register(session, actor, _given(args, REGISTER_FIELDS), rare=rare)
        elif what == "step":
            dto = petitions.add_step(session, actor, args.id, _given(args, STEP_FIELDS), rare=rare)
        else:
            dto = petitions.move(session, actor, args.id, args.status, reason=args.reason,
                                 closing={"closed_date": args.date, "transfer_to": args.to,
                                          "close_document": args.document})
        out = petitions.detail(session, dto.id) if what != "step" else records.get(session, "petition_step", dto.id)
    _show(out, args.json)
    return EXIT_OK


def add_parser(sub: Any) -> None:
    from fydesk.domain import codes
    from fydesk.domain.states import MACHINES

    s = sub.add_parser("petition", help="涉诉信访：登记、办理记录、化解或终结移交")
    ps = s.add_subparsers(dest="petition_command", required=True)
    c = ps.add_parser("add", help="登记一件涉诉信访")
    c.add_argument("--petitioner", required=True, help="信访人")
    c.add_argument("--matter", required=True, help="信访事项")
    c.add_argument("--received-date", dest="received_date", help="收到日期（默认今天）")
    c.add_argument("--channel", required=True, help="信访方式：" + "、".join(codes.PETITION_CHANNELS))
    c.add_argument("--case-numbers", dest="case_numbers", help="关联案号（本机有该调解案件的，一并关联）")
    c.add_argument(CONFIRM_RARE, action="store_true", help="确认保存文书字体中没有的生僻字")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_petition)
    c = ps.add_parser("list", help="列出信访件（新收的在前）")
    c.add_argument("--status", help="只列此状态：" + "、".join(MACHINES["petition"].states))
    c.add_argument("--text", help="按信访人、事项或案号查找")
    c.add_argument("--limit", type=int, default=200)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_petition)
    c = ps.add_parser("show", help="一件信访件及其办理记录")
    c.add_argument("id", help="信访件编号")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_petition)
    c = ps.add_parser("step", help="追加一条办理记录（登记状态的信访件随之转为化解中）")
    c.add_argument("id", help="信访件编号")
    c.add_argument("--action", required=True, help="办理事项：" + "、".join(codes.PETITION_ACTIONS))
    c.add_argument("--handler", required=True, help="经办人")
    c.add_argument("--date", dest="step_date", help="办理日期（默认今天）")
    c.add_argument("--note", help="情况说明")
    c.add_argument(CONFIRM_RARE, action="store_true", help="确认保存文书字体中没有的生僻字")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_petition)
    c = ps.add_parser("set", help="变更状态：化解中、已化解、终结移交、依法终结")
    c.add_argument("id", help="信访件编号")
    c.add_argument("status", help="新状态")
    c.add_argument("--reason", help="理由（终结移交、依法终结须写明）")
    c.add_argument("--date", help="化解/终结日期（默认今天）")
    c.add_argument("--to", help="移交单位（终结移交须写明）")
    c.add_argument("--document", help="终结/移交文书号")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_petition)
