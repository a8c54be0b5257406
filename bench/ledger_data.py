"""A 台账 as an office keeps it, written at any size: the data the import benchmark reads.

Rows are plausible cases (dates, dispute types, parties with valid ID numbers, a mediator, a
result); `bad_every=2` spoils the applicant's ID check character on every second row, which
gives a 50,000-row file about 25,000 errors — the shape of a ledger typed without checks.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fydesk.domain.ids import make_id_card

HEADER = ("序号", "登记日期", "受理日期", "纠纷类型", "纠纷简要情况", "申请人", "身份证号", "住址", "联系电话",
          "被申请人", "被申请人身份证号", "调解员", "调解结果", "结案日期", "涉及金额（元）")
TYPES = ("邻里纠纷", "婚姻家庭纠纷", "民间借贷纠纷", "物业纠纷", "劳动争议纠纷", "损害赔偿纠纷", "土地承包经营纠纷")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛")
STREETS = ("云城街道", "河口镇", "东湖街道", "石桥乡", "新村社区")


def _name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def write_ledger(path: Path, rows: int, *, mediator: str = "李明", bad_every: int = 0) -> int:
    """Writes the file; returns how many rows carry a bad ID number."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("调解台账")
    ws.append(HEADER)
    start = date(2025, 1, 2)
    bad = 0
    for i in range(rows):
        day = start + timedelta(days=i % 330)
        applicant = make_id_card("440120", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), i % 1000, "男女"[i % 2])
        respondent = make_id_card("440121", date(1955 + i % 45, 1 + (i + 5) % 12, 1 + i % 27), (i + 7) % 1000,
                                  "女男"[i % 2])
        if bad_every and i % bad_every == 0:
            applicant = applicant[:-1] + ("0" if applicant[-1] != "0" else "1")
            bad += 1
        closed = i % 5 != 0
        ws.append((i + 1, day, day + timedelta(days=1), TYPES[i % len(TYPES)],
                   f"第{i + 1}号：双方因{TYPES[i % len(TYPES)][:-2]}问题发生争执，经村委会初步调处未果",
                   _name(i), applicant, f"{STREETS[i % len(STREETS)]}{i % 300 + 1}号", f"138{i:08d}",
                   _name(i + 7), respondent, mediator, ("达成协议" if i % 4 else "调解不成") if closed else None,
                   day + timedelta(days=12) if closed else None, 1000 + i % 90_000))
    wb.save(path)
    return bad
