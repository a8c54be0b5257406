"""The `fydesk-hub` command: serve the hub and administer offices, codes and devices."""

from __future__ import annotations

import argparse
import gc
import json
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

    if bool(args.tls_cert) != bool(args.tls_key):
        raise FydeskError("--tls-cert 与 --tls-key 须同时给出。")
    app = create_app(_store(args))
    _tune_gc()
    uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.tls_cert,
                ssl_keyfile=args.tls_key, log_level="warning")
    return 0


def _tune_gc() -> None:
    """Fewer, cheaper garbage collections while serving.

    A push allocates a dict or list per field of every op, record and log entry; at Python's
    default threshold (a young collection every 700 new objects) the collector ran hundreds
    of times per batch and, every so often, walked every object of the process — FastAPI,
    SQLAlchemy and pydantic included. That was about a third of the hub's CPU time on a push.
    What was loaded at start-up is frozen out of the collector's walks; young collections come
    every 50,000 new objects (a few MB at most before cycles are freed).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def cmd_office(args: argparse.Namespace) -> int:
    from .admin import add_office

    store = _store(args)
    with store.session() as s:
        office = add_office(s, args.code, args.name, args.kind)
        print(f"已登记单位：{office.name}（{office.code}）")
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from .auth import CODE_DAYS, new_enroll_code

    if not 1 <= args.count <= 1000:
        raise FydeskError("--count 须为 1 至 1000 之间的整数。")
    store = _store(args)
    with store.session() as s:  # all of them or none
        codes = [new_enroll_code(s, args.office) for _ in range(args.count)]
    print("\n".join(codes))
    print(f"（{len(codes)} 个一次性登记码，每个只能登记一台电脑，{CODE_DAYS} 天内有效）", file=sys.stderr)
    return 0


def cmd_device(args: argparse.Namespace) -> int:
    from .admin import list_devices, revoke_device

    store = _store(args)
    with store.session() as s:
        if args.device_command == "revoke":
            device = revoke_device(s, args.id)
            print(f"已停用设备 {device.id}（{device.name}）")
            return 0
        rows = list_devices(s)
    if args.json:
        print(json.dumps([vars(r) for r in rows], ensure_ascii=False, indent=2))
    for r in rows if not args.json else ():
        state = "已停用" if r.revoked else "正常"
        print(f"{r.id}  {r.office_code} {r.office_name}  {r.name}  登记 {r.created_at}  "
              f"最近同步 {r.last_seen_at or '-'}  {state}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .admin import city_stats

    store = _store(args)
    with store.session() as s:
        data = city_stats(s, args.period, args.denominator)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        rate = "—" if data["success_rate"] is None else f"{data['success_rate']}%"
        print(f"{data['period']} 全市：受理 {data['accepted']}，成功 {data['succeeded']}，成功率 {rate}")
        for o in data["by_office"]:
            print(f"  {o['office']}: 受理 {o['accepted']}，成功 {o['succeeded']}")
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
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("office", help="单位管理")
    os_ = s.add_subparsers(dest="office_command", required=True)
    c = os_.add_parser("add")
    c.add_argument("--code", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--kind", required=True)
    c.set_defaults(func=cmd_office)
    s = sub.add_parser("enroll-code", help="为单位生成一次性登记码")
    s.add_argument("--office", required=True, help="单位代码")
    s.add_argument("--count", type=int, default=1, help="一次生成几个（每台电脑一个，默认 1）")
    s.set_defaults(func=cmd_enroll_code)
    s = sub.add_parser("device", help="设备管理")
    ds = s.add_subparsers(dest="device_command", required=True)
    c = ds.add_parser("list")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_device)
    c = ds.add_parser("revoke")
    c.add_argument("id")
    c.set_defaults(func=cmd_device)
    s = sub.add_parser("stats", help="全市月度统计")
    s.add_argument("--period", required=True)
    s.add_argument("--denominator", default="accepted", choices=("accepted", "mediated"))
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
