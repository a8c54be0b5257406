"""What every `fydesk` subcommand shares: exit codes, JSON output, opening the data dir."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def open_dir(args: argparse.Namespace, *, writes: bool = False, create: bool = False):
    """Open the data dir; the day's first writing command also takes the daily backup. Only
    the set-up commands (`create`) make a missing one: a mistyped --data-dir is an error."""
    from fydesk.store.open import open_store

    return open_store(args.data_dir, daily_backup=writes, create=create)


def actor_for(session, args: argparse.Namespace):
    from fydesk.services.context import load_actor

    return load_actor(session, args.user)


CONFIRM_RARE = "--confirm-rare"


def rare_check(session, args: argparse.Namespace):
    """Texts written from the command line are checked against the document fonts, as the
    form checks them; --confirm-rare keeps characters no font has (names are legal facts)."""
    from fydesk.documents.fonts import missing_characters
    from fydesk.documents.gather import document_font
    from fydesk.services.hooks import RareCheck

    return RareCheck(missing_characters(document_font(session)), confirm_all=args.confirm_rare,
                     advice=f"如确认无误，请加 {CONFIRM_RARE} 重新运行")


def prog_name() -> str:
    """How to type this command here: `fydesk` when it is on the PATH, else its own path."""
    import os
    import shutil

    if shutil.which("fydesk"):
        return "fydesk"
    try:
        return os.path.relpath(sys.argv[0])
    except ValueError:  # another drive on Windows
        return sys.argv[0]
