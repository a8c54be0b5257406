"""`fydesk enroll`, `fydesk sync [status | resolve]`: this PC and the city hub."""

from __future__ import annotations

import argparse
import sys

from .cli_common import EXIT_OK, EXIT_USAGE, open_dir, print_json


def credentials_for(store):
    from fydesk.sync.credentials import CredentialStore

    return CredentialStore(fallback_dir=store.data_dir.root / "credentials")


def cmd_enroll(args: argparse.Namespace) -> int:
    import platform

    from fydesk.sync import engine

    store = open_dir(args, writes=True, create=True)
    creds = credentials_for(store)
    passphrase = _enroll_passphrase(args, creds)
    result = engine.enroll(store, creds, args.hub, args.code, ca_file=args.ca, passphrase=passphrase,
                           device_name=args.device_name or platform.node() or "fydesk")
    if passphrase and result["token_storage"] == "keyring":
        print("本机有可用的系统密钥环，设备令牌已保存在其中，未使用口令。", file=sys.stderr)
    if result["warning"]:
        print(result["warning"], file=sys.stderr)
    if args.json:
        print_json(result)
    else:
        print(f"已登记到市级平台：{result['office']['name']}（设备 {result['device_id']}）")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from fydesk.sync import engine

    store = open_dir(args)
    if args.sync_command == "status":
        data = engine.status(store)
        if args.json:
            print_json(data)
            return EXIT_OK
        print(f"上次同步：{data['last_sync_at'] or '从未'}；待同步 {data['pending']} 条；"
              f"需协调 {len(data['conflicts'])} 处；被拒 {len(data['quarantined'])} 条；"
              f"附件待上传 {data['bodies_to_send']} 个，待下载 {data['bodies_to_fetch']} 个")
        for c in data["conflicts"]:
            print(f"  需协调 #{c['id']} {c['entity']} {c['record_id']} {c['field']}：中心为“{c['hub_value']}”"
                  f"（{c['hub_author']}），另一方为“{c['op_value']}”（{c['op_author']}）")
            for n in c["notes"]:
                print(f"    市级协调意见（{n['at']}，{n['author']}）：{n['text']}")
        for q in data["quarantined"]:
            print(f"  被拒 #{q['op_seq']} {q['entity']} {q['record_id']}：{q['reason']}")
        for m in data["missed"]:
            print(f"  待补取 {m['entity']} {m['record_id']}（第 {m['seq']} 号变更未能接收，已补取 {m['attempts']} 次）："
                  f"{m['reason']}")
        if data["last_error"]:
            print(f"  最近错误：{data['last_error']['at']} {data['last_error']['message']}")
        return EXIT_OK
    if args.sync_command == "resolve":
        return _resolve(args, store)
    with _connect(args, store) as client:
        summary = engine.sync(store, client)
    for warning in summary.warnings:
        print(warning, file=sys.stderr)
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"同步完成：推送 {summary.pushed} 条，接收 {summary.pulled} 条，需协调 {summary.conflicts} 处，"
              f"被拒 {summary.quarantined} 条，待同步 {summary.pending} 条；"
              f"附件上传 {summary.bodies_sent} 个，下载 {summary.bodies_fetched} 个。")
    return EXIT_OK


# --- the passphrase, where no keyring keeps the device token -----------------------------------

def _enroll_passphrase(args: argparse.Namespace, creds) -> str | None:
    """From --passphrase-file, or asked twice at a terminal when no keyring is usable; None keeps
    the token for this run only (the warning says so). Settled before the hub is asked."""
    import getpass

    from fydesk.domain.errors import FydeskError
    from fydesk.sync.credentials import read_passphrase_file

    if args.passphrase_file:
        return read_passphrase_file(args.passphrase_file)
    if creds.storage.durable or not sys.stdin.isatty():
        return None
    first = getpass.getpass("本机没有可用的系统密钥环。请设置口令，用来加密保存设备令牌"
                            "（直接回车则只保存在本次运行中）：")
    if not first:
        return None
    if getpass.getpass("再次输入口令：") != first:
        raise FydeskError("两次输入的口令不一致，未登记。")
    return first


def _connect(args: argparse.Namespace, store):
    """The hub client; a token saved under a passphrase is opened with --passphrase-file, the
    FYDESK_PASSPHRASE_FILE file (a scheduled task), or a prompt at a terminal. The file is read
    only when needed, so one rollout script serves PCs with a keyring as well."""
    import getpass
    import os

    from fydesk.domain.errors import ConfigError
    from fydesk.sync import engine
    from fydesk.sync.credentials import PASSPHRASE_FILE_ENV, PassphraseRequired, read_passphrase_file

    creds = credentials_for(store)
    try:
        return engine.connect(store, creds)
    except PassphraseRequired:
        given = args.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV)
        if not given and not sys.stdin.isatty():
            raise ConfigError(f"设备令牌已用口令加密保存：请用 --passphrase-file 文件或环境变量 "
                              f"{PASSPHRASE_FILE_ENV} 给出口令。") from None
    passphrase = read_passphrase_file(given) if given else getpass.getpass("设备令牌已用口令加密保存，请输入口令：")
    return engine.connect(store, creds, passphrase=passphrase)


def _resolve(args: argparse.Namespace, store) -> int:
    """`fydesk sync resolve ID --take hub|office`: a person's decision on one 需协调 item."""
    from fydesk.services.context import load_actor
    from fydesk.sync import conflicts

    if args.conflict is None or args.take is None:
        print("错误：用法为 fydesk sync resolve 编号 --take hub|office（编号见 fydesk sync status）。",
              file=sys.stderr)
        return EXIT_USAGE
    with store.write() as s:
        decided = conflicts.decide(s, load_actor(s, args.user), args.conflict, args.take)
    kept = decided.hub_value if args.take == "hub" else decided.op_value
    if args.json:
        print_json({"id": decided.id, "entity": decided.entity, "record_id": decided.record_id,
                     "field": decided.field, "value": kept})
    else:
        print(f"已决定：{decided.label}采用“{kept}”；下次同步时通知各单位。")
    return EXIT_OK
