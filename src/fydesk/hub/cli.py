"""The `fydesk-hub` command: serve the hub and administer offices, codes and devices."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from fydesk import __version__
from fydesk.domain.errors import FydeskError


def _store(args: argparse.Namespace):
    from .store import HubStore, default_url

    return HubStore(args.db or default_url())


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .app import create_app
    except ImportError:
        raise FydeskError("本机未安装市级平台组件；请安装 fydesk[hub] 后再启动服务。") from None
    from .serving import tune_gc

    if bool(args.tls_cert) != bool(args.tls_key):
        raise FydeskError("--tls-cert 与 --tls-key 须同时给出。")
    if args.workers < 1:
        raise FydeskError("--workers 至少为 1（每个工作进程一个）。")
    store = _store(args)
    scheme = "https" if args.tls_cert else "http"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"市级平台已启动：{scheme}://{host}:{args.port}/    控制台：{scheme}://{host}:{args.port}/console", flush=True)
    from .console.accounts import has_users

    with store.session() as s:
        if not has_users(s):
            print("还没有控制台账号。先新建一个信息管理员账号（在另一个终端）：\n"
                  "  fydesk-hub user add --name 管理员 --login admin --role it", flush=True)
    tls = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    if args.workers == 1:
        app = create_app(store)
        tune_gc()
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", **tls)
        return 0
    if store.engine.dialect.name == "sqlite":
        print("提示：SQLite 同一时刻只容一个进程写入，多个工作进程不会让同步更快；要多个工作进程分担同步，"
              "请改用 PostgreSQL（--db postgresql://…）。", flush=True)
    store.close()  # each worker opens its own: a pool cannot cross into another process
    os.environ["FYDESK_HUB_DB"] = store.url
    uvicorn.run("fydesk.hub.serving:app", factory=True, workers=args.workers, host=args.host, port=args.port,
                log_level="warning", **tls)
    return 0


def cmd_office(args: argparse.Namespace) -> int:
    from . import admin

    store = _store(args)
    with store.session() as s:
        if args.office_command == "add":
            office = admin.add_office(s, args.code, args.name, args.kind)
            print(f"已登记单位：{office.name}（{office.code}）")
            return 0
        if args.office_command == "edit":
            office = admin.edit_office(s, admin.office_by_code(s, args.code).id, name=args.name, kind=args.kind)
            print(f"已修改单位：{office.name}（{office.code}，{office.kind}）；各电脑下次同步时更新。")
            return 0
        rows = admin.list_offices(s)
    if args.json:
        print(json.dumps([vars(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        silent = f"，{r.silent} 台超过 {admin.SILENT_DAYS} 天未联系" if r.silent else ""
        print(f"{r.code}  {r.name}  {r.kind}  电脑 {r.devices} 台{silent}（已停用 {r.revoked} 台）")
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .admin import make_codes
    from .codesheet import code_sheet_pdf, expiry_text

    sheet = Path(args.sheet) if args.sheet else None
    if sheet is not None:
        if not args.hub:
            raise FydeskError("印登记码单须用 --hub 给出各电脑登记时填写的市级平台地址。")
        if not sheet.parent.is_dir():
            raise FydeskError(f"目录 {sheet.parent} 不存在，登记码单无法保存。")
    store = _store(args)
    with store.session() as s:  # all of them or none: committed only once the sheet is written
        made = make_codes(s, args.office, args.count)
        if sheet is not None:
            pdf = code_sheet_pdf(made.office_name, made.office_code, args.hub, made.codes, made.expires_at,
                                 **({"fonts": _fonts(args.font)} if args.font else {}))
            partial = sheet.with_name(sheet.name + ".part")
            try:
                partial.write_bytes(pdf)
                partial.replace(sheet)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise FydeskError(f"登记码单无法保存到 {sheet}（{exc.strerror}）；登记码未生成。") from None
    print("\n".join(made.codes))
    print(f"（{len(made.codes)} 个一次性登记码，每个只能登记一台电脑，有效期至 {expiry_text(made.expires_at)}）",
          file=sys.stderr)
    if sheet is not None:
        print(f"登记码单已保存：{sheet}", file=sys.stderr)
    return 0


def _fonts(path: str):
    from fydesk.documents.fonts import font_set

    return font_set(path)


def cmd_device(args: argparse.Namespace) -> int:
    from . import admin

    store = _store(args)
    with store.session() as s:
        if args.device_command == "revoke":
            device = admin.revoke_device(s, args.id, args.reason)
            print(f"已停用设备 {device.id}（{device.name}），原因：{device.revoked_reason}")
            return 0
        office = admin.office_by_code(s, args.office).id if args.office else None
        rows = admin.list_devices(s, office)
    if args.json:
        print(json.dumps([vars(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print("  ".join(_device_line(r)))
    return 0


def _device_line(r) -> list[str]:
    from .admin import SILENT_DAYS

    if r.revoked:
        state = f"已停用（{r.revoked_at}，{r.revoked_reason or '未说明原因'}）"
    elif r.silent:
        state = f"超过 {SILENT_DAYS} 天未联系"
    else:
        state = "正常"
    skew = "-" if r.clock_skew_seconds is None else f"{r.clock_skew_seconds:+d} 秒" + ("（需校时）" if r.skew_warning else "")
    return [r.id, f"{r.office_code} {r.office_name}", r.name, f"版本 {r.app_version or '-'}", f"登记 {r.created_at}",
            f"最近同步 {r.last_sync_at or '-'}", f"时钟偏差 {skew}",
            f"待同步 {'-' if r.ops_waiting is None else r.ops_waiting} 条", state]


def cmd_stats(args: argparse.Namespace) -> int:
    from fydesk.domain.stats import format_per10k, format_rate

    from .figures import city_figures, figures_xlsx, office_by_code

    store = _store(args)
    with store.session() as s:
        office_id = office_by_code(s, args.office).id if args.office else None
        data = city_figures(s, args.period, args.denominator, office_id=office_id)
    if args.xlsx:
        from pathlib import Path

        out = Path(args.xlsx)
        if not out.parent.is_dir():
            raise FydeskError(f"保存文件的文件夹不存在：{out.parent}。")
        part = out.with_name(out.name + ".part")  # a failed write leaves no half file
        try:
            part.write_bytes(figures_xlsx(data))
            part.replace(out)
        finally:
            part.unlink(missing_ok=True)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    j, sg = data["joint"], data["suggestions"]
    print(f"{data['period']} {data['scope']}：登记 {data['registered']}，受理 {data['accepted']}，"
          f"成功 {data['succeeded']}，成功率 {format_rate(data['success_rate'])}（分母：{data['denominator_label']}）")
    print(f"联动案件：新立 {j['opened']}，办结 {j['concluded']}；企业走访 {data['visits']} 次，"
          f"未整改风险点 {data['open_risks']} 个；司法建议：发出 {sg['issued']}，答复 {sg['answered']}，"
          f"逾期未答复 {sg['overdue']}")
    pt = data["petitions"]
    print(f"涉诉信访：收到 {pt['received']}，已化解 {pt['resolved']}，终结移交 {pt['transferred']}，"
          f"依法终结 {pt['ended']}，化解率 {format_rate(pt['rate'])}（已化解 ÷ 当月办结）")
    if data["areas"]:
        print(f"万人起诉率：{len(data['areas'])} 个辖区合计 {format_per10k(data['area_total']['rate_per_10k'])}")
    else:
        print("万人起诉率：本月未录入辖区数据")
    for o in data["by_office"] if data["office"] is None else ():
        print(f"  {o['office']}（{o['office_code']}）：受理 {o['accepted']}，成功 {o['succeeded']}，"
              f"成功率 {format_rate(o['success_rate'])}")
    if args.xlsx:
        print(f"已导出：{args.xlsx}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fydesk.documents import kinds
    from fydesk.documents.fonts import font_set

    from .bulletin import city_bulletin

    if args.kind != "bulletin":
        raise FydeskError(f"市级平台只生成月度通报（bulletin），不生成“{args.kind}”。")
    store = _store(args)
    with store.session() as s:
        doc = city_bulletin(s, args.period, args.denominator, **({"issuer": args.issuer} if args.issuer else {}))
    out = Path(args.out)
    pages = kinds.render("bulletin", doc, out, font_set(args.font))
    print(f"已生成全市月度通报：{out}（{pages} 页）")
    return 0


def _password(args: argparse.Namespace) -> str:
    """From --password-file (its first line), else asked twice at the terminal, never echoed."""
    if args.password_file:
        from pathlib import Path

        try:
            text = Path(args.password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FydeskError(f"读不了密码文件 {args.password_file}：{exc.strerror or exc}。") from None
        return text.splitlines()[0] if text else ""
    import getpass

    if not sys.stdin.isatty():
        raise FydeskError("请在终端中运行以输入密码，或用 --password-file 给出密码文件。")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再输一次："):
        raise FydeskError("两次输入的密码不一致。")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from .console import accounts

    store = _store(args)
    with store.session() as s:
        if args.user_command == "add":
            user = accounts.add_user(s, args.login or args.name, args.name, args.role, _password(args), args.office)
            print(f"已新建账号：{user.login}（{accounts.ROLES[user.role]}）")
        elif args.user_command == "list":
            rows = accounts.list_users(s)
            if args.json:
                print(json.dumps([{"login": u.login, "name": u.name, "role": u.role,
                                   "office": o.code if o else None, "disabled": u.disabled_at is not None}
                                  for u, o in rows], ensure_ascii=False, indent=2))
            for u, o in rows if not args.json else ():
                state = "已停用" if u.disabled_at else "正常"
                print(f"{u.login}  {u.name}  {accounts.ROLES[u.role]}  {o.name if o else '-'}  {state}")
        elif args.user_command in ("disable", "enable"):
            user = accounts.find_user(s, args.login)
            accounts.set_disabled(s, user, args.user_command == "disable")
            print(f"已{'停用' if args.user_command == 'disable' else '启用'}账号：{user.login}")
        else:
            user = accounts.find_user(s, args.login)
            accounts.set_password(s, user, _password(args))
            print(f"已为 {user.login} 设置新密码；其已登录的会话均已结束。")
        accounts.audit(s, None, "命令行", {"add": "user_add", "disable": "user_disable", "enable": "user_enable",
                                        "password": "user_password"}.get(args.user_command, "user_list"),
                       getattr(args, "login", None) or getattr(args, "name", None) or "", login="命令行")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    """需协调: the open conflicts of the city, and a coordinator's note on one."""
    from sqlalchemy import select

    from .coordination import add_note, open_conflicts
    from .models import HubOffice

    store = _store(args)
    with store.session() as s:
        if args.conflicts_command == "note":
            add_note(s, args.id, args.author, args.text)
            print(f"已留言（第 {args.id} 号需协调事项）；有关单位下次同步时收到。")
            return 0
        office_id = None
        if args.office:
            office_id = s.scalar(select(HubOffice.id).where(HubOffice.code == args.office))
            if office_id is None:
                raise FydeskError(f"没有代码为 {args.office} 的单位。")
        rows = open_conflicts(s, office_id, args.min_age)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"#{r.id} {r.record_label} {r.field_label}：中心为“{r.hub_value}”（{r.hub_author}），"
              f"另一方为“{r.op_value}”（{r.op_author}）；已 {r.age_days} 天；涉及 {'、'.join(r.offices)}")
        for n in r.notes:
            print(f"    协调意见（{n.at:%Y-%m-%d %H:%M}，{n.author}）：{n.text}")
    print(f"（共 {len(rows)} 处需协调）", file=sys.stderr)
    return 0
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import fill

    store = _store(args)
    shown = sys.stderr.isatty()
    summary = fill(store, records=args.records, seed=args.seed,
                   progress=(lambda text: print(text, file=sys.stderr, flush=True)) if shown else None)
    silent = f"，其中 {summary.silent} 台已超过 7 天未同步" if summary.silent else ""
    print(f"已生成演示数据：单位 {summary.offices} 个，设备 {summary.devices} 台{silent}；"
          f"同步记录 {summary.records} 条（调解案件 {summary.cases} 件），待协调冲突 {summary.conflicts} 处；"
          f"用时 {summary.seconds:.1f} 秒。")
    from .console.accounts import ROLES
    from .demo import DEMO_PASSWORD, demo_people

    print(f"控制台账号（密码均为 {DEMO_PASSWORD}）：" + "；".join(
        f"{login}（{ROLES[role]}{'，' + office if office else ''}）" for login, _name, role, office in demo_people()))
    serve = "fydesk-hub serve" if not args.db else f"fydesk-hub --db {_shown_url(args.db)} serve"
    print(f"下一步：运行 {serve}，然后在浏览器打开 http://127.0.0.1:8443/console")
    return 0


def _shown_url(url: str) -> str:
    """The database address as it may be printed: without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # not an address SQLAlchemy reads: the store would have said so already
        return url


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fydesk-hub", description="府院联动 市级平台")
    p.add_argument("--version", action="version", version=f"fydesk-hub {__version__}")
    p.add_argument("--db", help="数据库地址，如 postgresql://user@host/fydesk（默认 FYDESK_HUB_DB 或本机 SQLite）")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="启动市级平台服务")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8443)
    s.add_argument("--tls-cert")
    s.add_argument("--tls-key")
    s.add_argument("--workers", type=int, default=1,
                   help="工作进程数（默认 1）；多个进程共用一个 PostgreSQL 时同步可并行")
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("office", help="单位管理")
    os_ = s.add_subparsers(dest="office_command", required=True)
    c = os_.add_parser("add")
    c.add_argument("--code", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--kind", required=True)
    c.set_defaults(func=cmd_office)
    c = os_.add_parser("edit", help="修改单位名称或类型（单位代码不变）")
    c.add_argument("--code", required=True, help="要修改的单位的代码")
    c.add_argument("--name", help="新名称")
    c.add_argument("--kind", help="新类型")
    c.set_defaults(func=cmd_office)
    c = os_.add_parser("list", help="各单位及其电脑数")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_office)
    s = sub.add_parser("enroll-code", help="为单位生成一次性登记码")
    s.add_argument("--office", required=True, help="单位代码")
    s.add_argument("--count", type=int, default=1, help="一次生成几个（每台电脑一个，默认 1）")
    s.add_argument("--sheet", help="同时把登记码印成 PDF（A4，每台电脑剪下一张）")
    s.add_argument("--hub", help="印在登记码单上的市级平台地址（各电脑登记时填写的地址）")
    s.add_argument("--font", help="登记码单改用此 TrueType 字体文件")
    s.set_defaults(func=cmd_enroll_code)
    s = sub.add_parser("device", help="设备管理")
    ds = s.add_subparsers(dest="device_command", required=True)
    c = ds.add_parser("list")
    c.add_argument("--office", help="只列此单位代码的电脑")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_device)
    c = ds.add_parser("revoke")
    c.add_argument("id")
    c.add_argument("--reason", default="", help="停用原因（必填，会告知该电脑）")
    c.set_defaults(func=cmd_device)
    s = sub.add_parser("user", help="控制台账号（/console）")
    us = s.add_subparsers(dest="user_command", required=True)
    c = us.add_parser("add", help="新建账号")
    c.add_argument("--name", required=True, help="姓名")
    c.add_argument("--login", help="登录名（默认与姓名相同）")
    c.add_argument("--role", required=True, choices=("coordinator", "group", "it", "viewer"),
                   help="coordinator 联席会议办公室；group 专项工作组成员；it 信息管理员；viewer 单位查看")
    c.add_argument("--office", help="单位代码（仅 viewer）")
    c.add_argument("--password-file", help="从此文件的第一行读密码（默认在终端输入）")
    c.set_defaults(func=cmd_user)
    c = us.add_parser("list", help="列出账号")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_user)
    for name, text in (("disable", "停用账号（其会话立即结束）"), ("enable", "重新启用账号")):
        c = us.add_parser(name, help=text)
        c.add_argument("login")
        c.set_defaults(func=cmd_user)
    c = us.add_parser("password", help="设置新密码")
    c.add_argument("login")
    c.add_argument("--password-file", help="从此文件的第一行读密码（默认在终端输入）")
    c.set_defaults(func=cmd_user)
    s = sub.add_parser("stats", help="全市（或一个单位的）月度统计，即全市概览页的数字")
    s.add_argument("--period", required=True, help="月份，如 2026-10")
    s.add_argument("--denominator", default="accepted", choices=("accepted", "mediated"))
    s.add_argument("--office", help="只统计这个单位（单位代码）")
    s.add_argument("--xlsx", help="另存为 Excel 工作簿（.xlsx）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
    s = sub.add_parser("report", help="生成全市月度通报 PDF")
    s.add_argument("kind", choices=("bulletin",))
    s.add_argument("--period", required=True, help="月份，如 2026-10")
    s.add_argument("--out", required=True, help="输出的 PDF 文件")
    s.add_argument("--denominator", default="accepted", choices=("accepted", "mediated"))
    s.add_argument("--issuer", help="通报单位（默认：府院联动联席会议办公室）")
    s.add_argument("--font", help="改用此 TrueType 字体文件")
    s.set_defaults(func=cmd_report)
    s = sub.add_parser("conflicts", help="需协调：全市未决的冲突，协调意见")
    cs = s.add_subparsers(dest="conflicts_command", required=True)
    c = cs.add_parser("list")
    c.add_argument("--office", help="只列涉及此单位（代码）的")
    c.add_argument("--min-age", type=int, help="只列已等待至少这么多天的")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_conflicts)
    c = cs.add_parser("note", help="给一处需协调事项留言，送达有关单位")
    c.add_argument("id", type=int, help="需协调事项编号（见 conflicts list）")
    c.add_argument("--author", required=True, help="留言人，如 联席会议办公室·张三")
    c.add_argument("--text", required=True, help="协调意见（最多 500 字）")
    c.set_defaults(func=cmd_conflicts)
    s = sub.add_parser("demo", help="在新建的空平台上生成演示数据（单位、设备、一年的同步记录）")
    s.add_argument("--records", type=int, default=3000, help="调解案件数（默认 3000）")
    s.add_argument("--seed", type=int, default=1, help="随机种子（相同的种子生成相同的记录）")
    s.set_defaults(func=cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FydeskError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
