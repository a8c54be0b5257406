"""涉诉信访: petitions at every office over the demo's span, each with the steps of handling it,
most 化解, some 终结移交 or 依法终结 with their record, the newest still open."""

from __future__ import annotations

from datetime import date, datetime

from fydesk import models as m
from fydesk.models import new_id

from . import text as T
from .cases import CaseMaker, weighted
from .writer import Writer

MATTERS = (
    "对{case}判决结果不服，认为事实认定有误，要求重新审理",
    "反映{case}执行进度缓慢，申请执行人的权益长期未能实现",
    "反映{case}调解协议签订后对方未按期履行，要求法院督促",
    "对{case}中止执行的决定有异议，要求说明理由",
    "反映{case}审理期间承办人未及时告知开庭安排",
    "要求尽快发放{case}已执行到位的案款",
    "对{case}驳回起诉的裁定不服，已过上诉期，要求再审",
)
TRANSFERS = (
    ("区人力资源和社会保障局", "诉求涉及工伤认定，属行政机关职权范围"),
    ("区住房和城乡建设局", "诉求涉及房屋质量监管，属行政机关职权范围"),
    ("区人民检察院", "当事人申请民事检察监督，依法移送"),
    ("区信访局", "诉求与诉讼无关，转交信访部门处理"),
)
ENDINGS = ("案件经三级法院审查，原处理正确，依法终结", "经复查维持原答复意见，信访人无新的事实和理由，依法终结")
NOTES = {
    "接谈": "听取信访人陈述，登记诉求",
    "调查核实": "调阅卷宗，核实执行到位情况",
    "释法说理": "向信访人释明法律规定和救济途径",
    "组织调解": "组织双方当面协商，达成履行方案",
    "联合化解": "会同司法所、村委会共同做信访人工作",
    "司法救助": "对生活困难的信访人启动司法救助程序",
    "书面答复": "出具书面答复意见并送达信访人",
    "移交": "将信访材料移送有权处理的单位",
    "回访": "电话回访信访人，诉求已解决",
}


def _step(office_id: str, stamp: datetime, petition_id: str, day: date, action: str, handler: str) -> dict:
    return {"id": new_id(), "owner_office_id": office_id, "created_at": stamp, "petition_id": petition_id,
            "step_date": day, "action": action, "handler": handler, "note": NOTES[action]}


def make_petitions(maker: CaseMaker, w: Writer, n: int) -> int:
    """About `n` petitions at the tribunal and fewer at the other offices; returns how many."""
    rng, t, s0 = maker.rng, maker.t, maker.start.toordinal()
    rnd, choice = rng.random, rng.choice
    channels = weighted(("来访", 40), ("来信", 15), ("网上信访", 20), ("电话", 15), ("上级交办", 8), ("其他", 2))
    numbers = {}
    for d, oi, num in maker.heads:
        numbers.setdefault(oi, []).append(num)
    petitions, steps = [], []
    for oi, office in enumerate(maker.offices):
        share = n if office.role == "tribunal" else max(2, n // 4)
        handlers = [s[1] for s in office.mediators] or [s[1] for s in office.staff]
        for _ in range(share):
            received = s0 + rng.randrange(t - s0 + 1)
            case = choice(numbers[oi]) if numbers.get(oi) else None
            pid = new_id()
            row = {"id": pid, "owner_office_id": office.id, "created_at": maker.stamp(received),
                   "office_id": office.id, "petitioner": T.full_name(rng, rnd() < 0.6),
                   "matter": choice(MATTERS).format(case=case or "本人案件"),
                   "received_date": date.fromordinal(received), "channel": choice(channels),
                   "case_numbers": case, "status": "登记"}
            age, day, last = t - received, received, received
            actions = ["接谈"] + rng.sample(("调查核实", "释法说理", "组织调解", "联合化解", "司法救助"),
                                             rng.randint(0, 2)) if age >= 3 else []
            for action in actions:
                day = min(t, day + rng.randint(0 if action == "接谈" else 2, 8))
                steps.append(_step(office.id, maker.stamp(day), pid, date.fromordinal(day), action,
                                   choice(handlers)))
                last = day
            if actions:
                row["status"] = "化解中"
            closed = day + rng.randint(3, 20)
            if actions and age > 20 and closed <= t and (age > 90 or rnd() < 0.7):
                r = rnd()
                status = "已化解" if r < 0.72 else "终结移交" if r < 0.9 else "依法终结"
                final = {"已化解": "回访", "终结移交": "移交", "依法终结": "书面答复"}[status]
                steps.append(_step(office.id, maker.stamp(closed), pid, date.fromordinal(closed), final,
                                   choice(handlers)))
                year = date.fromordinal(closed).year
                maker.counters[("petition", office.id, year)] += 1
                row.update(status=status, closed_date=date.fromordinal(closed),
                           close_document=f"{office.prefix}信〔{year}〕{maker.counters[('petition', office.id, year)]}号")
                if status == "终结移交":
                    row["transfer_to"], row["status_reason"] = choice(TRANSFERS)
                elif status == "依法终结":
                    row["status_reason"] = choice(ENDINGS)
                last = closed
            row["updated_at"] = maker.stamp(last)
            petitions.append(row)
    w.insert(m.Petition, petitions)
    w.insert(m.PetitionStep, steps)
    return len(petitions)
