"""Runs every benchmark and prints one table; `python -m bench --records N` for a smaller set,
`--only core`, `--only sync`, `--only desk`, `--only console`, `--only ui`, `--only documents` or `--only ledger`
for one part."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import core


def main() -> None:
    p = argparse.ArgumentParser(prog="bench")
    p.add_argument("--records", type=int, default=100_000, help="mediation cases in the data set")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--fresh", action="store_true", help="regenerate the cached data set")
    p.add_argument("--only", choices=("core", "sync", "desk", "console", "ui", "documents", "ledger"), help="run one part (default: all)")
    p.add_argument("--hub-profile", type=Path, metavar="DIR",
                   help="sync: run the hubs under cProfile and write hub-*.prof to DIR (slows them)")
    args = p.parse_args()
    rows = []
    if args.only in (None, "core"):
        rows += core.run(records=args.records, seed=args.seed, fresh=args.fresh)
    if args.only in (None, "sync"):
        from . import sync

        rows += sync.run(seed=args.seed, profile_dir=args.hub_profile)
    if args.only in (None, "desk"):
        from . import desk

        rows += desk.run(seed=args.seed)
    if args.only in (None, "console"):
        from . import console

        rows += console.run(records=args.records, seed=args.seed, fresh=args.fresh)
    if args.only in (None, "ui"):
        from . import ui

        rows += ui.run(records=args.records, seed=args.seed)
    if args.only in (None, "documents"):
        from . import documents

        rows += documents.run(records=args.records, seed=args.seed, fresh=args.fresh)
    if args.only in (None, "ledger"):
        from . import ledger

        rows += ledger.run()
    core.print_table(rows)


main()
