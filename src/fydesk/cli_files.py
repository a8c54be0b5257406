"""`fydesk report`, `fydesk attach`, `fydesk import` and `fydesk export` (JSON, and the Excel 台账
in and out): documents and files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fydesk.domain.codes import COMMITTEE_KINDS
from fydesk.domain.errors import FydeskError

from .cli_common import EXIT_OK, actor_for, open_dir, print_json, rare_check
from .cli_sync import credentials_for


def cmd_report(args: argparse.Namespace) -> int:
    from fydesk.documents import gather, kinds
    from fydesk.documents.fonts import font_set
    from fydesk.services import setup

    kind = kinds.check_kind(args.kind)
    label = kinds.KINDS[kind][0]
    if kind in kinds.BY_PERIOD and not args.period:
        raise FydeskError(f"{label}按月生成，请用 --period 年-月 指定月份。")
    if kind not in kinds.BY_PERIOD and not args.id:
        raise FydeskError(f"{label}针对一条记录，请用 --id 指定记录编号。")
    if (args.list_courts or args.court) and kind != "confirmation":
        raise FydeskError("--list-courts 和 --court 只用于司法确认申请书（confirmation）。")
    if not args.out and not args.list_courts:
        raise FydeskError(f"请用 --out 指定{label}的 PDF 文件。")
    store = open_dir(args)
    with store.read() as session:
        if args.list_courts:
            return _list_courts(gather.confirmation_courts(session, args.id))
        court = _chosen_court(gather.confirmation_courts(session, args.id), args.court) if args.court else None
        doc = gather.collect(session, kind, args.period or args.id, masked=args.masked,
                             files=store.data_dir.files_dir, court=court)
        font = args.font or gather.document_font(session)
        mark = setup.DEMO_MARK if setup.is_demo(session) else ""
    if kind == "confirmation":
        from datetime import date

        from fydesk.documents.confirmation import late_notice

        late = late_notice(doc, date.today())
        if late and not args.after_deadline:
            raise FydeskError(f"{late}确需生成（例如留档），请加 --after-deadline。")
        if late:
            print(late, file=sys.stderr)
    out = Path(args.out)
    pages = kinds.render(kind, doc, out, font_set(font), mark=mark)
    if kind == "agreement" and doc.body_kind and doc.body_kind not in COMMITTEE_KINDS:
        label = "调解协议书"  # an invited body's, as the document itself is titled
    print(f"已生成{label}：{out}（{pages} 页）")
    return EXIT_OK


def _list_courts(choices) -> int:
    for i, c in enumerate(choices, start=1):
        print(f"{i}. {c.label}" + ("（默认）" if i == 1 else ""))
    return EXIT_OK


def _chosen_court(choices, chosen: str) -> str:
    """A number from --list-courts, or a court's name as the parties chose it."""
    chosen = chosen.strip()
    if chosen.isdigit():
        if not 1 <= int(chosen) <= len(choices):
            raise FydeskError(f"没有第 {chosen} 个可选法院：可选 1 至 {len(choices)}（见 --list-courts）。")
        return choices[int(chosen) - 1].name
    if not chosen:
        raise FydeskError("--court 不能为空：请给出 --list-courts 列出的序号或法院名称。")
    return chosen


def import_ledger(args: argparse.Namespace, path: Path) -> int:
    from fydesk.documents.xlsx import read_ledger
    from fydesk.services import ledger, transfer

    sheet = read_ledger(path, ledger.choose_sheet)
    where = f"（第 {sheet.position} 个，共 {sheet.sheets} 个，按表头识别为台账）" if sheet.sheets > 1 else ""
    print(f"读取工作表“{sheet.title}”{where}。", flush=True)
    store = open_dir(args, writes=True)
    try:
        with store.write() as session:
            created = ledger.import_ledger(session, actor_for(session, args), sheet.header, sheet.rows,
                                           rare=rare_check(session, args), total=sheet.total)
    except transfer.ImportFailed as exc:
        print_errors(exc)
        raise
    print(f"台账导入完成：新增调解案件 {created.get('case', 0)} 件、当事人 {created.get('party', 0)} 名。")
    return EXIT_OK


def print_errors(exc) -> None:
    """An import's listed errors, one a line, and how many more there are."""
    for line in exc.errors:
        print(line, file=sys.stderr)
    if exc.unlisted:
        print(f"……另有 {exc.unlisted} 处错误未列出（只列出前 {len(exc.errors)} 处）。", file=sys.stderr)


def export_xlsx(args: argparse.Namespace) -> int:
    from fydesk.documents.xlsx import write_workbook
    from fydesk.services import ledger

    if args.full:
        raise FydeskError("Excel 导出一律隐去证件号码；迁移数据请用 fydesk export json --full。")
    store = open_dir(args)
    with store.read() as session:
        sheets = ledger.export_sheets(session, period=args.period)
    rows = write_workbook(args.out, sheets)
    print(f"已导出 {len(sheets)} 个工作表、{rows} 行到 {args.out}（证件号码已打码）")
    return EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    from fydesk.services import attachments

    if args.attach_command == "add":
        store = open_dir(args, writes=True)
        dto = attachments.add_file(store, args.user, args.entity, args.id, Path(args.file), args.kind)
        if args.json:
            print_json(dto.to_json())
        else:
            print(f"已添加附件 {dto.id}：{dto.name}（{dto.kind}，{dto.size} 字节，SHA-256 {dto.sha256}）")
        return EXIT_OK
    store = open_dir(args)
    if args.attach_command == "list":
        with store.read() as session:
            found = attachments.list_for(session, args.entity, args.id)
        if args.json:
            print_json([a.to_json() for a in found])
        else:
            for a in found:
                print(f"{a.id}  {a.kind}  {a.name}  {a.size} 字节  {a.body}")
        return EXIT_OK
    with store.read() as session:
        dto = attachments.get(session, args.attachment_id)
    bodies = attachments.bodies_of(store)
    if not bodies.has(dto.sha256):  # on demand from the hub, continuing any partial download
        from fydesk.sync import bodies as body_sync
        from fydesk.sync import engine

        with engine.connect(store, credentials_for(store)) as client:
            body_sync.fetch(store, client, dto.sha256)
    bodies.copy_out(dto.sha256, Path(args.out))
    print(f"已保存到 {args.out}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from fydesk.services import transfer

    path = Path(args.file)
    if path.suffix.lower() == ".xlsx":
        return import_ledger(args, path)
    if path.suffix.lower() != ".json":
        raise FydeskError(f"只能导入 .json（fydesk 导出的数据）或 .xlsx（台账）文件：{path.name}。")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FydeskError(f"找不到文件 {path}。") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FydeskError(f"文件 {path.name} 不是有效的 UTF-8 JSON：{exc}。") from None
    store = open_dir(args, writes=True)
    try:
        with store.write() as session:
            summary = transfer.import_records(session, actor_for(session, args), document,
                                              rare=rare_check(session, args))
    except transfer.ImportFailed as exc:
        print_errors(exc)
        raise
    total = sum(summary.created.values())
    print(f"导入完成：新增 {total} 条记录，跳过已有单位 {summary.skipped} 个。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from fydesk.services import transfer

    if args.format == "xlsx":
        return export_xlsx(args)
    store = open_dir(args)
    with store.read() as session:
        document = transfer.export(session, period=args.period, full=args.full)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    n = sum(len(v) for v in document["records"].values())
    print(f"已导出 {n} 条记录到 {out}" + ("" if args.full else "（证件号码已打码）"))
    return EXIT_OK
