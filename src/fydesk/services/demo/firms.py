"""Firms with visits, 法治体检 and risks, and the tribunal's 司法建议."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from fydesk import models as m
from fydesk.domain.casenumbers import court_abbreviation, format_suggestion_number
from fydesk.domain.codes import RISK_LEVELS
from fydesk.models import new_id

from . import text as T
from .cases import CaseMaker, weighted
from .writer import Writer


def make_firms(maker: CaseMaker, w: Writer, n: int) -> None:
    """Enterprises, visits and 法治体检 with their checklists, and the risks found."""
    rng, t, s0 = maker.rng, maker.t, maker.start.toordinal()
    rnd, choice = rng.random, rng.choice
    trib = maker.offices[0]
    industries = list(T.INDUSTRY_NAMES)
    kinds = weighted(("走访", 40), ("法治体检", 35), ("回访", 15), ("涉诉分析", 10))
    sizes = weighted(("微型", 45), ("小型", 35), ("中型", 15), ("大型", 5))
    levels = weighted(("重大且紧急", 8), ("较大", 22), ("一般", 45), ("提示", 25))
    days = {"重大且紧急": 15, "较大": 30, "一般": 60, "提示": 90}
    firms, visits, risks, names = [], [], [], {}
    for _ in range(n):
        ti = rng.randrange(len(T.TOWNS))
        town, industry = T.TOWNS[ti], choice(industries)
        name = f"广州市{choice(T.TRADE_NAMES)}{choice(T.INDUSTRY_NAMES[industry])}"
        if name in names:
            name = f"广州市{T.DISTRICT}{town.name[:2]}{name[3:]}"
        names[name] = True
        fid, stamp = new_id(), maker.stamp(s0 + rng.randrange(30))
        firms.append(dict(id=fid, owner_office_id=trib.id, created_at=stamp, updated_at=stamp, name=name,
                          uscc=T.uscc(rng, "91", T.DISTRICT_CODE), industry=industry, size=choice(sizes),
                          area_code=town.code, address=f"{T.ADDRESS_PREFIX}{town.name}{choice(town.villages)}"
                          f"工业区{rng.randrange(1, 80)}号", contact_name=T.full_name(rng, rnd() < 0.6),
                          contact_phone=T.mobile(rng)))
        jo = next((o for o in maker.offices if o.role == "jo" and ti in o.towns), maker.offices[1])
        for _ in range(choice((1, 1, 2, 2, 3))):
            day, kind = s0 + rng.randrange(t - s0 + 1), choice(kinds)
            size = {"法治体检": 6, "涉诉分析": 2}.get(kind, 0)
            checklist, bad = [], []
            for item, cat in rng.sample(T.CHECK_ITEMS, size):
                r = rnd()
                result = "不符合" if r < 0.25 else "不适用" if r < 0.33 else "符合"
                checklist.append({"item": item, "result": result,
                                  "note": T.RISK_TEXT[cat][0] if result == "不符合" else ""})
                if result == "不符合":
                    bad.append(cat)
            vid = new_id()
            people = (choice(trib.mediators), choice(jo.mediators))
            topic = bad[0] if bad else choice(T.CHECK_ITEMS)[1]
            visits.append(dict(id=vid, owner_office_id=trib.id, created_at=maker.stamp(day), enterprise_id=fid,
                               visit_date=date.fromordinal(day), kind=kind, office_ids=[trib.id, jo.id],
                               people="、".join(f"{s[1]}（{s[2]}）" for s in people),
                               checklist=checklist, findings=choice(T.FINDINGS).format(cat=topic)))
            for cat in bad:
                # The first four risks take one level each, so every colour shows on the dashboard.
                level = RISK_LEVELS[len(risks)] if len(risks) < 4 else choice(levels)
                due = day + days[level]
                row = dict(id=new_id(), owner_office_id=trib.id, created_at=maker.stamp(day), visit_id=vid,
                           category=cat, description=T.RISK_TEXT[cat][0], level=level,
                           suggestion=T.RISK_TEXT[cat][1], rectification_due=date.fromordinal(due))
                age = t - day
                status = ("发现" if age < 3 else "已提示" if age < 10 else "整改中" if due > t
                          else "已整改" if rnd() < 0.8 else "逾期")
                if status == "已整改":
                    row["rectified_date"] = date.fromordinal(due - rng.randrange(min(10, due - day)))
                row["status"] = status
                risks.append(row)
    checks = sorted((v for v in visits if v["kind"] == "法治体检"), key=lambda v: v["visit_date"])
    for v in checks:
        year = v["visit_date"].year
        maker.counters[("check", year)] += 1
        v["report_number"] = f"{trib.prefix}体检〔{year}〕{maker.counters[('check', year)]}号"
    w.insert(m.Enterprise, firms)
    w.insert(m.Visit, visits)
    w.insert(m.Risk, risks)

def make_suggestions(maker: CaseMaker, w: Writer, n: int, first: dict[int, int]) -> dict[int, int]:
    """司法建议 from the tribunal, numbered in issue order; the oldest one is left unanswered."""
    rng, t, s0 = maker.rng, maker.t, maker.start.toordinal()
    rnd, choice = rng.random, rng.choice
    trib = maker.offices[0]
    abbr = court_abbreviation(trib.prefix)
    sources = [(d, num) for d, oi, num in maker.heads if oi == 0]
    keys = [d for d, _ in sources]
    numbers, rows = dict(first), []
    used: dict[int, int] = {}
    for i, d0 in enumerate(sorted(s0 + 30 + rng.randrange(max(1, t - s0 - 30)) for _ in range(n))):
        town = choice(T.TOWNS)
        village = choice(town.villages)
        fmt = {"town": f"{T.DISTRICT}{town.name}",
               "village": village[:-1] + "村民" if village.endswith("村") else village + "居民"}
        addressee, cc, problem, advice, measures = choice(T.SUGGESTIONS)
        earlier = [num for _, num in sources[max(0, bisect_left(keys, d0) - 500):bisect_left(keys, d0)]]
        row = dict(id=new_id(), owner_office_id=trib.id, created_at=maker.stamp(d0), office_id=trib.id,
                   kind="个案" if earlier and rnd() < 0.6 else "综合治理类", addressee=addressee.format(**fmt),
                   cc=cc.format(**fmt), problem=problem, suggestion=advice, reply_days=60, status="起草")
        if row["kind"] == "个案":
            row["source_case_number"] = choice(earlier)
        issued = d0 + rng.randint(1, 5)
        served = issued + rng.randint(1, 5)
        last = d0
        if issued <= t:
            year = date.fromordinal(issued).year
            used[year] = numbers[year]
            numbers[year] += 1
            row.update(status="签发", issued_date=date.fromordinal(issued),
                       number=format_suggestion_number(abbr, year, used[year]))
            last = issued
        if served <= t:
            row.update(status="送达", served_date=date.fromordinal(served),
                       reply_due=date.fromordinal(served + 60))
            last = served
            reply = served + rng.randrange(20, 80)  # some answer after the due date
            if i > 0 and reply <= t and rnd() < 0.75:
                done = t - reply > 20 and rnd() < 0.6
                row.update(status="办结" if done else "已答复", reply_date=date.fromordinal(reply),
                           adoption=choice(("采纳",) * 14 + ("部分采纳",) * 5 + ("不采纳",)), measures=measures)
                last = reply
        row["updated_at"] = maker.stamp(last)
        rows.append(row)
    w.insert(m.JudicialSuggestion, rows)
    return used
