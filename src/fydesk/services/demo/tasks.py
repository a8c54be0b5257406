"""任务清单 on a demo PC: tasks of the city's 专项工作组 as a PC holds them after pulling them
from the hub (a PC never makes one), each responsible office's progress reports, some parts
done by the deadline, some overdue, the newest not yet reported on."""

from __future__ import annotations

from datetime import date, timedelta

from fydesk import models as m
from fydesk.models import new_id

from .cases import CaseMaker
from .writer import Writer

# (content, working group, source, lead office's role, partners' roles, issued days ago, deadline in days)
PLAN = (
    ("建立诉前调解与诉讼服务衔接机制，推动纠纷分流化解", "诉源治理", "联席会议", "tribunal",
     ("jo", "committee"), 75, 40),
    ("开展辖区矛盾纠纷集中排查化解专项行动", "诉源治理", "联席会议", "jo", ("tribunal", "committee"), 75, -10),
    ("司法所协助查找被执行人下落并反馈", "执行联动", "协调会议", "jo", ("tribunal",), 20, 12),
    ("开展企业法治体检进园区活动，每季度不少于一次", "法治化营商环境", "年度清单", "tribunal", ("jo",), 150, -30),
    ("建立涉诉信访案件联合接访和化解机制", "涉诉信访化解", "年度清单", "tribunal", ("jo", "committee"), 120, 60),
    ("设立知识产权纠纷诉调对接工作室", "知识产权保护", "年度清单", "tribunal", ("committee",), 3, 88),
)
PROGRESS = ("已召开专题会议部署，明确责任人和时间表", "已完成前期摸底，形成问题清单", "正在按进度节点推进，本月已办结部分事项")
DONE = "已完成本单位承担的工作，相关材料已报送"


def make_tasks(maker: CaseMaker, w: Writer) -> int:
    rng, today = maker.rng, date.fromordinal(maker.t)
    by_role = {}
    for o in maker.offices:
        by_role.setdefault(o.role, o)
    tasks, reports = [], []
    for i, (content, group, source, lead, partners, ago, left) in enumerate(PLAN):
        if lead not in by_role:
            continue
        offices = [by_role[lead], *(by_role[r] for r in partners if r in by_role and r != lead)]
        issued, deadline = today - timedelta(days=ago), today + timedelta(days=left)
        tid = new_id()
        tasks.append({"id": tid, "owner_office_id": offices[0].id, "created_at": maker.stamp(issued.toordinal()),
                      "content": content, "work_group": group, "source": source,
                      "source_label": f"{today.year}年府院联动{source}" if source != "年度清单" else None,
                      "lead_office_id": offices[0].id, "partner_office_ids": [o.id for o in offices[1:]],
                      "deadline": deadline, "milestones": "按月报告进展" if left > 0 else None,
                      "issued_date": issued})
        if ago < 7:  # issued days ago: no one has reported yet
            continue
        for k, office in enumerate(offices):
            day = issued + timedelta(days=rng.randint(3, 10))
            texts = list(PROGRESS[:rng.randint(1, 3)])
            # Two tasks fully done by the deadline; the others with an office still working on it.
            finished = i in (0, 3) and k == 0 or i == 0 or (left < 0 and k == 0)
            if finished:
                texts.append(DONE)
            for n, text in enumerate(texts):
                if day > today or (left < 0 and day > deadline and not finished):
                    break
                reports.append({"id": new_id(), "owner_office_id": office.id,
                                "created_at": maker.stamp(day.toordinal()), "task_id": tid, "report_date": day,
                                "text": text, "done": text == DONE})
                day += timedelta(days=rng.randint(5, 20))
    w.insert(m.Task, tasks)
    w.insert(m.TaskReport, reports)
    return len(tasks)
