"""The `fydesk` command: the desktop window when run bare, and the headless subcommands of DESIGN §8."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fydesk import __version__
from fydesk.domain.errors import FydeskError

from .cli_common import (
    CONFIRM_RARE,
    EXIT_FAIL,
    EXIT_OK,
    actor_for,
    open_dir,
    print_json,
    prog_name,
    rare_check,
)
from .cli_files import cmd_attach, cmd_export, cmd_import, cmd_report
from .cli_office import add_parser as add_office_parser
from .cli_parser import ChineseArgumentParser
from .cli_petition import add_parser as add_petition_parser
from .cli_stats import add_parser as add_stats_parser
from .cli_sync import cmd_enroll, cmd_sync
from .cli_tasks import add_parser as add_task_parser

# --- commands --------------------------------------------------------------------------

def _no_display() -> bool:
    """True where Qt would abort for want of a screen (a Linux box without X or Wayland)."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args: argparse.Namespace) -> int:
    """No subcommand: the desktop window. PySide6 is imported only here, so commands stay quick."""
    if _no_display():
        cmd_status(args)
        raise FydeskError("没有可用的图形界面（未设置 DISPLAY），无法打开窗口；以上为本机状态。")
    try:
        from fydesk.ui.app import run

        if args.start_check:
            from fydesk.ui.startcheck import run_check as run
    except ImportError as exc:
        raise FydeskError(f"无法加载图形界面组件（{exc}）：请安装 fydesk[desktop]；命令行子命令仍可使用。") from None
    return run(args.data_dir, args.user, args.lang)


def cmd_status(args: argparse.Namespace) -> int:
    """What this PC holds, or the two first-run paths on a new install."""
    from sqlalchemy import func, select

    from fydesk.models import MediationCase, OutboxOp
    from fydesk.services import setup
    from fydesk.store.engine import DataDir

    dd = DataDir.resolve(args.data_dir)
    info, demo = None, False
    if dd.root.exists():  # a new install is described, not created: only setting up creates it
        store = open_dir(args, writes=True)
        with store.read() as session:
            info = setup.status(session)
            cases = session.scalar(select(func.count()).select_from(MediationCase)) or 0
            pending = session.scalar(select(func.count()).select_from(OutboxOp)) or 0
            demo = setup.is_demo(session)
    print(f"fydesk {__version__}  数据目录：{dd.root}" + ("" if dd.root.exists() else "（尚未建立）"))
    if info is None:
        prog = prog_name()
        print("本机尚未设置。请选择：")
        print(f"  1. 设置本单位：{prog} init --office-code 代码 --office-name 名称 --kind 人民法庭")
        # Demo data goes beside the real data dir, which stays empty for the office.
        print(f"  2. 先试用演示数据（另存一处，不影响正式数据）："
              f"{prog} --data-dir {dd.demo_sibling.root} demo --records 2000")
        return EXIT_OK
    if demo:
        print("这是演示数据目录：其中的记录均为虚构，不会同步到市级平台。")
    print(f"本单位：{info.office_name}（{info.office_code}，{info.office_kind}）")
    print(f"调解案件 {cases} 件，待同步变更 {pending} 条。")
    print("可用命令见 fydesk --help。")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from fydesk.services import setup

    store = open_dir(args, writes=True, create=True)
    code = args.office_code or store.policy.value("office_code")
    if not code:
        raise FydeskError("请用 --office-code 给出单位代码。")
    with store.write() as session:
        info = setup.initialise(session, office_code=str(code), office_name=args.office_name,
                                kind=args.kind, area_code=args.area_code, case_prefix=args.case_prefix,
                                user=args.user, policy=store.policy)
    print(f"已将本机设置为“{info.office_name}”（{info.office_code}）。")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    """The settings in force, where each comes from and which the IT policy locks; or change one."""
    from fydesk.services import settings

    store = open_dir(args)
    policy = store.policy
    if args.settings_command == "set":
        if args.name is None:
            raise FydeskError("用法：fydesk settings set 设置项 [值]；不给值即恢复默认。")
        with store.write() as session:
            changed = settings.change(session, policy, args.name, args.value)
        print(f"{changed.label}：{changed.value if changed.value is not None else '（未设置）'}"
              f"（{changed.source_label}）")
        return EXIT_OK
    with store.read() as session:
        rows = settings.read_all(session, policy)
    if args.json:
        print_json({"policy_file": str(policy.path) if policy.path else None,
                    "settings": [{"name": r.name, "label": r.label, "value": r.value, "source": r.source,
                                  "locked": r.locked, "editable": r.editable} for r in rows]})
        return EXIT_OK
    print(f"信息管理员策略：{policy.path or '无'}")
    for r in rows:
        shown = "（未设置）" if r.value is None else r.value
        lock = "  [已锁定]" if r.locked else ""
        print(f"  {r.label}（{r.name}）：{shown}  来自{r.source_label or '—'}{lock}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from fydesk.services import demo

    if args.records < 1:
        raise FydeskError("--records 须为正整数。")
    store = open_dir(args, create=True)
    shown = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if shown:
            print(f"\r生成中：{done}/{total} 件", end="", file=sys.stderr, flush=True)

    summary = demo.generate(store, records=args.records, seed=args.seed, progress=progress)
    if shown:
        print(file=sys.stderr)
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"已在演示数据目录 {store.data_dir.root} 生成演示数据：调解案件 {summary.cases} 件，"
              f"用时 {summary.seconds:.1f} 秒。")
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from fydesk.store import backup
    from fydesk.store.engine import DataDir

    if args.db_command == "upgrade":
        store = open_dir(args)  # opening migrates, after a backup
        print(f"数据库已是最新结构：{store.data_dir.db_path}")
        return EXIT_OK
    if args.db_command == "check":
        from fydesk.services.maintenance import check

        report = check(DataDir.resolve(args.data_dir))
        if args.json:
            print_json(report.to_json())
        elif report.ok:
            print(f"检查通过：{report.db_path}（审计记录 {report.audit_entries} 条，待同步 {report.pending_ops} 条）")
        else:
            for p in report.problems:
                print(p, file=sys.stderr)
        return EXIT_OK if report.ok else EXIT_FAIL
    if args.db_command == "backup":
        store = open_dir(args)
        path = store.data_dir.db_path
        dest = (backup.backup_to(path, Path(args.to)) if args.to
                else backup.make_backup(path, store.data_dir.backup_dir, "manual"))
        print(f"已备份到 {dest}")
        return EXIT_OK
    if args.db_command == "restore":
        from fydesk.store import private

        dd = DataDir.resolve(args.data_dir)
        private.make_dir(dd.root)  # restoring is how a desk moves to a new PC: it may create the dir
        saved = backup.restore(dd.db_path, Path(args.file), dd.backup_dir)
        open_dir(args)  # an older backup is migrated forward right away
        print(f"已从 {args.file} 恢复；恢复前的数据库已备份到 {saved}")
        return EXIT_OK
    raise AssertionError(args.db_command)


def cmd_validate(args: argparse.Namespace) -> int:
    from fydesk.domain import ids

    if args.kind == "id":
        r = ids.check_id_card(args.value)
        data = {"kind": "id", "value": args.value, "valid": r.valid, "number": r.number,
                "reason": r.reason, "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "sex": r.sex, "area_code": r.area_code, "converted_from_15": r.converted_from_15,
                "masked": ids.mask_id(r.number)}
        text = (f"有效：出生日期 {data['birth_date']}，性别 {r.sex}，号码 {r.number}" if r.valid
                else f"无效：{r.reason}")
    else:
        u = ids.check_uscc(args.value)
        data = {"kind": "uscc", "value": args.value, "valid": u.valid, "code": u.code, "reason": u.reason,
                "checksum_ok": u.checksum_ok, "expected_check": u.expected_check,
                "overridable": u.overridable, "area_code": u.area_code}
        # The check's reason already says when the code may be kept with a reason.
        text = "有效" if u.valid else f"无效：{u.reason}"
    if args.json:
        print_json(data)
    else:
        print(text)
    return EXIT_OK if data["valid"] else EXIT_FAIL


def cmd_search(args: argparse.Namespace) -> int:
    from fydesk.services.search import search

    store = open_dir(args)
    with store.read() as session:
        hits = search(session, args.text, limit=args.limit)
    if args.json:
        print_json([vars(h) for h in hits])
    elif not hits:
        print("没有找到匹配的记录。")
    for h in hits if not args.json else ():
        print(f"{h.case_number or '-'}  [{h.entity_label}] {h.title}\n    {h.snippet}")
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from fydesk.services import records

    store = open_dir(args, writes=args.record_command == "set")
    if args.record_command == "get":
        with store.read() as session:
            dto = records.get(session, args.entity, records.find_id(session, args.entity, args.id))
        data = dto.to_json(full=args.full)
    else:
        pairs = {}
        for item in args.assignments:
            field, sep, value = item.partition("=")
            if not sep or not field:
                raise FydeskError(f"“{item}”应写成 字段=值 的形式。")
            pairs[field.strip()] = value
        with store.write() as session:
            record_id = records.find_id(session, args.entity, args.id)
            if args.correct:
                dto = records.correct(session, actor_for(session, args), args.entity, record_id,
                                      _correction_target(pairs), args.reason or "")
            else:
                dto = records.update(session, actor_for(session, args), args.entity, record_id, pairs,
                                     rare=rare_check(session, args), reason=args.reason)
        data = dto.to_json()
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {'' if value is None else value}")
    return EXIT_OK


def _correction_target(pairs: dict[str, str]) -> str:
    if set(pairs) != {"status"}:
        raise FydeskError("更正只能改状态：请只写 status=更正后的状态。")
    return pairs["status"].strip()


# --- parser ----------------------------------------------------------------------------

RECORD_ID_HELP = "记录编号；调解案件也可用案号，调解协议用协议编号，司法建议用文号"
RARE_HELP = "确认保存文书字体中没有的生僻字（姓名等按原样保存，打印前须选择含有该字的字体）"


def build_parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="fydesk", description="府院联动工作台")
    p.add_argument("--version", action="version", version=f"fydesk {__version__}", help="显示版本号并退出")
    p.add_argument("--data-dir", help="数据目录（默认取 FYDESK_DATA_DIR 或用户数据目录）")
    p.add_argument("--user", help="记入审计的用户名（默认为系统登录名）")
    p.add_argument("--start-check", action="store_true",
                   help="启动检查：照常打开窗口，第一个窗口显示后即退出，并输出一行 JSON（含用时）")
    p.add_argument("--lang", choices=("zh_CN", "en"),
                   help="界面语言（默认取 FYDESK_LANG 或程序内的选择，否则为 zh_CN）")
    p.set_defaults(func=cmd_gui)
    sub = p.add_subparsers(dest="command")

    s = sub.add_parser("status", help="本机状态（不打开窗口）")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("init", help="首次设置本机所属单位（不连接市级平台）")
    s.add_argument("--office-code", help="单位代码（信息管理员策略给出时可不填）")
    s.add_argument("--office-name", required=True)
    s.add_argument("--kind", required=True)
    s.add_argument("--area-code")
    s.add_argument("--case-prefix", help="案号代字，如“越秀人”")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("settings", help="查看本机设置（含信息管理员锁定项）或修改一项")
    s.add_argument("settings_command", nargs="?", choices=("set",))
    s.add_argument("name", nargs="?", help="设置项：hub_url、ca_file、sync_interval_minutes")
    s.add_argument("value", nargs="?", help="新值；不给即恢复登记时或策略给出的值")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_settings)

    s = sub.add_parser("demo", help="生成演示数据")
    s.add_argument("--records", type=int, default=2000)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("db", help="数据库维护")
    dbs = s.add_subparsers(dest="db_command", required=True)
    dbs.add_parser("upgrade").set_defaults(func=cmd_db)
    c = dbs.add_parser("check")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_db)
    c = dbs.add_parser("backup")
    c.add_argument("--to")
    c.set_defaults(func=cmd_db)
    c = dbs.add_parser("restore")
    c.add_argument("file")
    c.set_defaults(func=cmd_db)

    s = sub.add_parser("validate", help="校验身份证号或统一社会信用代码")
    s.add_argument("kind", choices=("id", "uscc"))
    s.add_argument("value")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("search", help="全文检索")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("record", help="查看或修改一条记录")
    rs = s.add_subparsers(dest="record_command", required=True)
    c = rs.add_parser("get")
    c.add_argument("entity")
    c.add_argument("id", help=RECORD_ID_HELP)
    c.add_argument("--full", action="store_true", help="显示完整证件号码")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_record)
    c = rs.add_parser("set")
    c.add_argument("entity")
    c.add_argument("id", help=RECORD_ID_HELP)
    c.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    c.add_argument("--reason", help="状态变更理由（不予受理、调解不成、撤回和更正须填写）")
    c.add_argument("--correct", action="store_true",
                   help="更正：把误操作的状态改回原状态或应有的状态（须同时写明 --reason）")
    c.add_argument(CONFIRM_RARE, action="store_true", help=RARE_HELP)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_record)

    add_office_parser(sub)
    add_petition_parser(sub)

    s = sub.add_parser("import", help="导入 .json 数据或 .xlsx 台账（全部成功或全部不写入）")
    s.add_argument("file")
    s.add_argument(CONFIRM_RARE, action="store_true", help=RARE_HELP)
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="导出记录")
    s.add_argument("format", choices=("json", "xlsx"))
    s.add_argument("--out", required=True)
    s.add_argument("--period")
    s.add_argument("--full", action="store_true", help="包含完整证件号码（用于迁移数据）")
    s.set_defaults(func=cmd_export)

    add_stats_parser(sub)
    add_task_parser(sub)
    s = sub.add_parser("report", help="生成文书 PDF：agreement 调解协议书、session 调解笔录、"
                       "confirmation 司法确认申请书、healthcheck 法治体检报告、suggestion 司法建议书、"
                       "cover 卷宗封面及目录、casefile 整本卷宗、bulletin 月度通报")
    s.add_argument("kind", metavar="KIND")
    which = s.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", help="记录编号（也可用案号或文号）")
    which.add_argument("--period", help="月度通报的月份，如 2026-10")
    s.add_argument("--out", help="输出的 PDF 文件")
    s.add_argument("--masked", action="store_true", help="协议书和申请书也隐去完整证件号码")
    s.add_argument("--font", help="改用此 TrueType 字体文件")
    s.add_argument("--after-deadline", action="store_true",
                   help="司法确认申请书：申请期限（协议生效后三十日）已过仍要生成")
    s.add_argument("--list-courts", action="store_true", help="司法确认申请书：列出可以受理的法院及理由")
    s.add_argument("--court", help="司法确认申请书：向此法院申请（--list-courts 列出的序号或法院名称）")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("enroll", help="登记到市级平台")
    s.add_argument("--hub", help="市级平台地址，如 https://hub.example.gov.cn（信息管理员策略给出时可不填）")
    s.add_argument("--code", required=True, help="信息管理员给出的一次性登记码")
    s.add_argument("--ca", help="自建证书颁发机构的证书文件")
    s.add_argument("--device-name", help="本机名称（默认为计算机名）")
    s.add_argument("--passphrase-file", metavar="FILE",
                   help="本机没有系统密钥环时，用此文件中的口令加密保存设备令牌（文件须仅本人可读）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_enroll)

    s = sub.add_parser("sync", help="与市级平台同步（推送后接收）")
    s.add_argument("sync_command", nargs="?", choices=("status", "resolve"),
                   help="status：查看同步状态；resolve 编号 --take hub|office：决定一处需协调事项")
    s.add_argument("conflict", nargs="?", type=int, help="resolve：需协调事项的编号")
    s.add_argument("--take", choices=("hub", "office"), help="resolve：采用市级平台现有的值或另一方的值")
    s.add_argument("--passphrase-file", metavar="FILE",
                   help="设备令牌用口令加密保存时，口令所在的文件（也可用环境变量 FYDESK_PASSPHRASE_FILE）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sync)

    s = sub.add_parser("attach", help="附件：添加、列出、取出")
    at = s.add_subparsers(dest="attach_command", required=True)
    c = at.add_parser("add", help="把文件作为附件加到一条记录")
    c.add_argument("entity", help="记录类型，如 case、joint_case、visit、suggestion")
    c.add_argument("id")
    c.add_argument("file")
    c.add_argument("--kind", required=True, help="附件类别，如 证据、照片、签署的协议书扫描件")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_attach)
    c = at.add_parser("list", help="列出一条记录的附件")
    c.add_argument("entity")
    c.add_argument("id")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_attach)
    c = at.add_parser("get", help="取出附件内容（本机没有时从市级平台下载）")
    c.add_argument("attachment_id")
    c.add_argument("--out", required=True)
    c.set_defaults(func=cmd_attach)
    return p


def _output_that_cannot_fail() -> None:
    """A pipe in a code page without Chinese (cp1252 on an English Windows) would end a
    command in UnicodeEncodeError; write such characters as escapes there instead."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "府院".encode(stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="backslashreplace")
        except AttributeError:  # no stream at all (a windowed program on Windows)
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _output_that_cannot_fail()
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except FydeskError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        print(f"错误：无法读写文件（{exc.strerror or exc}）：{exc.filename or ''}", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:
        # A damaged or locked database must still end in one sentence, not a traceback.
        if type(exc).__module__.split(".")[0] not in ("sqlalchemy", "sqlite3", "alembic"):
            raise
        print(f"错误：数据库操作失败（{type(exc).__name__}）：{str(exc).splitlines()[0]}。"
              "可运行 fydesk db check 检查数据库。", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
