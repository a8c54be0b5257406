"""`fydesk stats`: this office's monthly figures, as its 月度通报 prints them."""

from __future__ import annotations

import argparse
from typing import Any

from .cli_common import EXIT_OK, open_dir, print_json


def cmd_stats(args: argparse.Namespace) -> int:
    from fydesk.domain.stats import format_per10k, format_rate
    from fydesk.services.context import get_setting
    from fydesk.services.stats import monthly

    store = open_dir(args)
    with store.read() as session:
        # this office's own figures, as its 月度通报 prints them
        figures = monthly(session, args.period, args.denominator, office_id=get_setting(session, "office_id"))
    if args.json:
        print_json(figures.to_json())
        return EXIT_OK
    if figures.office_name:
        print(f"本单位：{figures.office_name}")
    print(f"{figures.period} 调解：登记 {figures.registered}，受理 {figures.accepted}，"
          f"成功 {figures.succeeded}，成功率 {format_rate(figures.success_rate)}（分母：{figures.denominator_label}）")
    print(f"涉及金额 {figures.amount_involved} 元，协议金额 {figures.amount_agreed} 元")
    print(f"联动案件：新立 {figures.joint_opened}，办结 {figures.joint_concluded}"
          + "".join(f"；{j.mode} 新立 {j.opened}、办结 {j.concluded}" for j in figures.joint_by_mode))
    pt = figures.petitions
    print(f"涉诉信访：收到 {pt.received}，已化解 {pt.resolved}，终结移交 {pt.transferred}，依法终结 {pt.ended}，"
          f"化解率 {format_rate(pt.rate)}（已化解 ÷ 当月办结），月末在办 {pt.open_at_end}")
    for a in (*figures.areas, figures.area_total):
        print(f"  {a.area_name} {a.area_code}: 人口 {a.population}，起诉 {a.filings}，"
              f"万人起诉率 {format_per10k(a.rate_per_10k)}")
    for b in figures.by_dispute_type:
        print(f"  {b.key}: 受理 {b.accepted}，成功 {b.succeeded}")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    s = sub.add_parser("stats", help="月度统计")
    s.add_argument("--period", required=True)
    s.add_argument("--denominator", default="accepted", choices=("accepted", "mediated"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
