"""The demo's 任务清单: the nine 专项工作组, a 联席会议 and a 协调会议 with their 议定事项, tasks made
from them and from the annual list, and the offices' progress reports pushed by their PCs as
any push is (apply_batch), so that the console's pages and the 调度通报 show a working city."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from uuid6 import uuid7

from . import tasks
from .models import ChangeEntry, ConsoleUser

GROUPS = ("诉源治理", "破产处置", "法治化营商环境", "金融风险防范", "涉诉信访化解", "行政争议实质化解",
          "知识产权保护", "执行联动", "信息共享")
TRIBUNAL, SIFA, SHILING, COMMITTEE, CENTRE = "440120-FT01", "440120-SF01", "440120-SF02", "440120-TW01", "440120-ZZ01"
# (group, convener, members) by office code
MEMBERS = {
    "诉源治理": (TRIBUNAL, (TRIBUNAL, SIFA, SHILING, COMMITTEE, CENTRE)),
    "破产处置": (TRIBUNAL, (TRIBUNAL, CENTRE)),
    "法治化营商环境": (CENTRE, (TRIBUNAL, SIFA, CENTRE)),
    "金融风险防范": (CENTRE, (TRIBUNAL, CENTRE)),
    "涉诉信访化解": (CENTRE, (TRIBUNAL, SIFA, SHILING, CENTRE)),
    "行政争议实质化解": (TRIBUNAL, (TRIBUNAL, CENTRE)),
    "知识产权保护": (TRIBUNAL, (TRIBUNAL, COMMITTEE)),
    "执行联动": (TRIBUNAL, (TRIBUNAL, SIFA, SHILING)),
    "信息共享": (CENTRE, (TRIBUNAL, SIFA, SHILING, COMMITTEE, CENTRE)),
}


def add_tasks(replay: Any) -> int:
    """Everything above, as of the demo's moment (`replay`: demo.Replay, holding the log lock);
    returns the number of tasks."""
    s, now = replay.s, replay.now
    today = now.date()
    office = {code: pc.office.id for code, pc in replay.pcs.items()}
    # The demo's working-group member reads the tasks of the two groups it sits in.
    members_accounts = list(s.scalars(select(ConsoleUser.id).where(ConsoleUser.role == "group")))
    for name in GROUPS:
        convener, members = MEMBERS[name]
        tasks.add_group(s, name, office[convener], [office[m] for m in members],
                        members_accounts if name in ("诉源治理", "执行联动") else [])
    groups = {g.name: g.id for g in tasks.groups(s)}
    joint = tasks.add_meeting(
        s, kind="联席会议", held_on=today - timedelta(days=75), title=f"{today.year}年第三次府院联席会议",
        convener="市长、市中级人民法院院长", attending_office_ids=list(office.values()),
        topics="诉源治理推进情况；涉企破产案件府院协调；执行联动机制运行情况",
        decisions=["建立诉前调解与诉讼服务衔接机制，推动纠纷分流化解", "开展辖区矛盾纠纷集中排查化解专项行动",
                   "建立破产案件府院协调处置工作机制"])
    coord = tasks.add_meeting(
        s, kind="协调会议", held_on=today - timedelta(days=20), title="执行联动专项工作组协调会议",
        convener="执行联动专项工作组", attending_office_ids=[office[TRIBUNAL], office[SIFA], office[SHILING]],
        topics="被执行人查找难问题", decisions=["司法所协助查找被执行人下落并反馈", "建立执行线索移送台账"],
        work_group_id=groups["执行联动"])
    plan = [  # (content or decision, group, lead, partners, issued days ago, deadline in days, meeting, decision)
        (None, "诉源治理", TRIBUNAL, (SIFA, SHILING, COMMITTEE), 70, 40, joint, 0),
        (None, "诉源治理", SIFA, (SHILING, COMMITTEE), 70, -10, joint, 1),
        (None, "破产处置", TRIBUNAL, (CENTRE,), 70, 20, joint, 2),
        (None, "执行联动", SIFA, (SHILING,), 18, 12, coord, 0),
        (None, "执行联动", TRIBUNAL, (SIFA,), 18, 45, coord, 1),
        ("开展企业法治体检进园区活动，每季度不少于一次", "法治化营商环境", CENTRE, (TRIBUNAL, SIFA), 120, -30, None, None),
        ("建立涉诉信访案件联合接访和化解机制", "涉诉信访化解", CENTRE, (TRIBUNAL, SIFA, SHILING), 120, 60, None, None),
        ("推动调解数据与市级平台按周同步", "信息共享", CENTRE, (TRIBUNAL, SIFA, SHILING, COMMITTEE), 120, 5, None, None),
        ("设立知识产权纠纷诉调对接工作室", "知识产权保护", TRIBUNAL, (COMMITTEE,), 3, 88, None, None),
    ]
    # Every office of the 破产 task has finished its part; the newest task has no report yet.
    modes = {2: "done", 8: "none"}
    made: list[tuple[str, date, date, list[str], str]] = []
    for content, group, lead, partners, ago, left, meeting, decision in plan:
        issued, deadline = today - timedelta(days=ago), today + timedelta(days=left)
        task_id = tasks.issue_task(
            s, content=content or meeting.decisions[decision], lead_office_id=office[lead],
            partner_office_ids=[office[p] for p in partners], deadline=deadline, work_group=group,
            source="年度清单", meeting_id=meeting.id if meeting else None, decision=decision,
            milestones="按月报告进展" if left > 0 else None, issued=issued, user="联席会议办公室")
        made.append((task_id, issued, deadline, [lead, *partners], modes.get(len(made), "mixed")))
    replay.head = s.scalar(select(func.max(ChangeEntry.seq))) or replay.head
    _report(replay, made, today)
    return len(made)


# What the offices report, in turn: the last of an office's reports may mark its part done.
TEXTS = ("已召开专题会议部署，明确责任人和时间表", "已完成前期摸底，形成问题清单", "正在按进度节点推进，本月已办结部分事项",
         "已完成本单位承担的工作，相关材料已报送")


def _report(replay: Any, made: list[tuple[str, date, date, list[str], str]], today: date) -> None:
    """Each responsible office's reports, pushed by its PC; some done, some late, some silent."""
    for n, (task_id, issued, _deadline, offices, mode) in enumerate(made):
        for k, code in enumerate(offices):
            pc = replay.pcs[code]
            # Some offices have not reported yet (a 下达 part); the others one to three times.
            count = {"done": 2, "none": 0}.get(mode, (n + k) % 4)
            for i in range(count):
                day = min(today, issued + timedelta(days=10 * (i + 1) + k))
                done = i == count - 1 and (mode == "done" or (n + k) % 3 == 0)
                at = datetime.combine(day, datetime.min.time()) + timedelta(hours=9 + k)
                write = {"entity": "task_report", "record_id": str(uuid7()), "op": "insert", "user": pc.user,
                         "fields": {"task_id": task_id, "report_date": day.isoformat(),
                                    "text": TEXTS[-1] if done else TEXTS[min(i, 2)], "done": done}}
                replay._push(pc, [(at, write)], at)
