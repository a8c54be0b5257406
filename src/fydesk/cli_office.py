"""`fydesk office`: the office's staff, mediation bodies and areas from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from fydesk.domain.errors import FydeskError

from .cli_common import EXIT_OK, actor_for, open_dir, print_json


def _flags(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    values = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    if getattr(args, "inactive", False):
        values["active"] = False
    if getattr(args, "active", False):
        values["active"] = True
    return values


def _line(r: Any, *names: str) -> str:
    return "  ".join(str(r[n]) for n in names if r[n] not in (None, "")) + ("" if r["active"] else "  （停用）")


def _print_rows(rows, json_out: bool, *names: str) -> None:
    if json_out:
        print_json([r.to_json() for r in rows])
        return
    if not rows:
        print("（无）")
    for r in rows:
        print(f"{r.id}  {_line(r, *names)}")


STAFF_FIELDS = ("name", "role", "phone")
BODY_FIELDS = ("name", "kind", "number_prefix", "seal_name", "area_code")


def cmd_office(args: argparse.Namespace) -> int:
    from fydesk.services import office, records

    what = args.office_command
    action = getattr(args, "action", None)
    if what == "area" and action in ("import", "template"):
        return area_sheet(args)
    writes = action in ("add", "set") or what == "area"
    store = open_dir(args, writes=writes)
    if what == "show":
        with store.read() as session:
            dto = office.show(session)
        if args.json:
            print_json(dto.to_json())
            return EXIT_OK
        o = dto.office
        print(f"本单位：{o['name']}（{o['code']}，{o['kind']}）  行政区划：{o['area_code'] or '—'}")
        print(f"人员 {len(dto.staff)} 名：")
        for s in dto.staff:
            print(f"  {_line(s, 'name', 'role', 'phone')}")
        print(f"调解组织 {len(dto.bodies)} 个：")
        for b in dto.bodies:
            print(f"  {_line(b, 'name', 'kind', 'number_prefix', 'area_code')}")
        print(f"辖区 {len(dto.areas)} 个：")
        for a in dto.areas:
            print(f"  {a.area_name} {a.area_code}：{a.year} 年户籍人口 {a.resident_population}，"
                  f"登记流动人口 {a.floating_population}；有收案数的月份 {len(a.filings)} 个")
        return EXIT_OK
    if what in ("staff", "body"):
        entity = "staff" if what == "staff" else "mediation_body"
        fields = STAFF_FIELDS if what == "staff" else BODY_FIELDS
        if action == "list":
            with store.read() as session:
                rows = office.list_staff(session) if what == "staff" else office.list_bodies(session)
            _print_rows(rows, args.json, *fields)
            return EXIT_OK
        values = _flags(args, fields)
        with store.write() as session:
            actor = actor_for(session, args)
            if action == "add":
                dto = (office.add_staff if what == "staff" else office.add_body)(session, actor, values)
            else:
                if not values:
                    raise FydeskError("没有要修改的内容：请给出至少一个选项，如 --phone 或 --inactive。")
                dto = records.update(session, actor, entity, args.id, values)
        if args.json:
            print_json(dto.to_json())
        else:
            print(f"{'已添加' if action == 'add' else '已修改'}：{dto.id}  {_line(dto, *fields)}")
        return EXIT_OK
    if what == "area":
        with store.write() as session:
            actor = actor_for(session, args)
            if action == "set":
                rows = office.set_area(session, actor, args.code, name=args.name, year=args.year,
                                       population=args.population, floating=args.floating)
                text = f"已登记 {args.name}（{rows[0]['area_code']}）{args.year} 年人口：{args.population}" + (
                    f"，登记流动人口 {args.floating}" if args.floating is not None else "")
                out: Any = [r.to_json() for r in rows]
            else:
                row = office.set_filings(session, actor, args.code, period=args.period, count=args.count,
                                         admin=args.admin)
                text = f"已登记 {row['area_name']}（{row['area_code']}）{row['period']} 一审收案 {args.count} 件"
                out = row.to_json()
        print_json(out) if args.json else print(text)
        return EXIT_OK
    raise AssertionError(what)


def area_sheet(args: argparse.Namespace) -> int:
    """`office area template FILE` writes the sheet that `office area import FILE` reads."""
    import sys
    from pathlib import Path

    from fydesk.documents.xlsx import read_sheets, write_workbook
    from fydesk.services import area_sheet, transfer

    path = Path(args.file)
    if args.action == "template":
        if path.suffix.lower() != ".xlsx":
            raise FydeskError(f"模板应保存为 .xlsx 文件，而不是 {path.name}。")
        write_workbook(path, area_sheet.template_sheets())
        print(f"已生成辖区数据模板：{path}（“人口”表按年、“收案”表按月填写后用 fydesk office area import 导入）")
        return EXIT_OK
    sheets = read_sheets(path)
    store = open_dir(args, writes=True)
    try:
        with store.write() as session:
            done = area_sheet.import_areas(session, actor_for(session, args), sheets)
    except transfer.ImportFailed as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        raise
    if args.json:
        print_json({"areas": done.areas, "years": done.years, "months": done.months})
    else:
        print(f"已导入辖区数据：{done.areas} 个区划，人口 {done.years} 行（按年），收案 {done.months} 行（按月）。")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    s = sub.add_parser("office", help="本单位：人员、调解组织、辖区人口与收案数")
    osub = s.add_subparsers(dest="office_command", required=True)
    c = osub.add_parser("show", help="本单位概况")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_office)

    for what, label, fields in (("staff", "人员", STAFF_FIELDS), ("body", "调解组织", BODY_FIELDS)):
        g = osub.add_parser(what, help=f"本单位的{label}")
        gs = g.add_subparsers(dest="action", required=True)
        c = gs.add_parser("list")
        c.add_argument("--json", action="store_true")
        c.set_defaults(func=cmd_office)
        for action in ("add", "set"):
            c = gs.add_parser(action)
            if action == "set":
                c.add_argument("id", help=f"{label}编号（见 list）")
            required = action == "add"
            c.add_argument("--name", required=required)
            if what == "staff":
                c.add_argument("--role", required=required, help="如 专职调解员、兼职调解员、特邀调解员、书记员")
                c.add_argument("--phone")
            else:
                c.add_argument("--kind", required=required,
                               help="村(居)人民调解委员会、乡镇(街道)人民调解委员会、行业性专业性人民调解委员会、"
                                    "驻庭人民调解委员会、特邀调解组织 或 特邀调解员")
                c.add_argument("--prefix", dest="number_prefix",
                               help="协议编号代字，如“溪口人调”：（2026）溪口人调协字第1号；不填则按名称自动生成")
                c.add_argument("--seal-name", dest="seal_name", help="印章上的名称（与名称相同时可不填）")
                c.add_argument("--area-code", dest="area_code", help="所在行政区划代码")
            if action == "set":
                state = c.add_mutually_exclusive_group()
                state.add_argument("--inactive", action="store_true", help="停用")
                state.add_argument("--active", action="store_true", help="重新启用")
            c.add_argument("--json", action="store_true")
            c.set_defaults(func=cmd_office)

    g = osub.add_parser("area", help="辖区：人口（每年）与一审收案数（每月）")
    gs = g.add_subparsers(dest="action", required=True)
    c = gs.add_parser("set", help="登记一个区划某年的人口")
    c.add_argument("code", metavar="CODE", help="行政区划代码（镇街为 9 位）")
    c.add_argument("--name", required=True)
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--population", type=int, required=True, help="户籍人口")
    c.add_argument("--floating", type=int, help="登记流动人口")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_office)
    c = gs.add_parser("filings", help="登记一个区划某月的一审收案数")
    c.add_argument("code", metavar="CODE")
    c.add_argument("--period", required=True, help="月份，如 2026-10")
    c.add_argument("--count", type=int, required=True, help="一审民事收案数")
    c.add_argument("--admin", type=int, help="一审行政收案数（另计时）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_office)
    c = gs.add_parser("import", help="从 Excel 工作簿导入人口（“人口”表）与收案数（“收案”表），有误则整个文件不写入")
    c.add_argument("file", metavar="FILE.xlsx")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_office)
    c = gs.add_parser("template", help="生成导入用的 Excel 模板")
    c.add_argument("file", metavar="FILE.xlsx")
    c.set_defaults(func=cmd_office)
