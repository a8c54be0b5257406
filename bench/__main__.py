"""Runs every benchmark and prints one table; `python -m bench --records N` for a smaller set."""

from __future__ import annotations

import argparse

from . import core


def main() -> None:
    p = argparse.ArgumentParser(prog="bench")
    p.add_argument("--records", type=int, default=100_000, help="mediation cases in the data set")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--fresh", action="store_true", help="regenerate the cached data set")
    args = p.parse_args()
    rows = core.run(records=args.records, seed=args.seed, fresh=args.fresh)
    core.print_table(rows)


main()
