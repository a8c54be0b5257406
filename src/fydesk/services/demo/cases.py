"""Mediation cases with parties, sessions, agreements, 司法确认 and joint handling."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, Iterator

from fydesk import models as m
from fydesk.domain import codes
from fydesk.domain.casenumbers import format_agreement_number, format_case_number
from fydesk.domain.ids import make_id_card
from fydesk.models import new_id

from . import text as T
from .offices import Office
from .writer import Writer


def weighted(*pairs: tuple[Any, int]) -> tuple[Any, ...]:
    # Weighted choice as one rng.choice over repeats: several times faster than rng.choices.
    return tuple(item for item, weight in pairs for _ in range(weight))


CATEGORIES = {
    "tribunal": weighted(("委派调解(诉前)", 60), ("委托调解(诉中)", 18), ("特邀调解", 17), ("联合调解", 5)),
    "jo": weighted(("人民调解", 85), ("联合调解", 8), ("委派调解(诉前)", 7)),
    "committee": weighted(("人民调解", 88), ("联合调解", 5), ("委派调解(诉前)", 7)),
    "centre": weighted(("联合调解", 55), ("人民调解", 45)),
}
SOURCES = {
    "委派调解(诉前)": ("法院委派",), "委托调解(诉中)": ("法院委托",),
    "特邀调解": weighted(("当事人申请", 7), ("法院委派", 3)),
    "人民调解": weighted(("当事人申请", 50), ("调委会主动", 10), ("网格排查", 15), ("公安移交", 17), ("政府部门指定", 8)),
    "联合调解": weighted(("网格排查", 3), ("政府部门指定", 3), ("公安移交", 2), ("当事人申请", 2)),
}
SUCCESS = {"委派调解(诉前)": 0.55, "委托调解(诉中)": 0.6, "特邀调解": 0.62, "人民调解": 0.8, "联合调解": 0.72}
# Dispute mix: (at the tribunal, at grassroots offices), per hundred cases.
TYPE_WEIGHTS = {
    "婚姻家庭纠纷": (12, 16), "邻里纠纷": (3, 20), "房屋宅基地纠纷": (5, 13), "合同纠纷": (14, 4),
    "生产经营纠纷": (6, 2), "损害赔偿纠纷": (7, 9), "劳动争议纠纷": (9, 6), "土地承包经营纠纷": (2, 5),
    "山林土地纠纷": (1, 3), "道路交通事故纠纷": (12, 5), "医疗纠纷": (2, 1), "物业纠纷": (9, 5),
    "消费纠纷": (3, 3), "征地拆迁纠纷": (1, 2), "环境污染纠纷": (1, 1), "民间借贷纠纷": (16, 5), "其他纠纷": (2, 4),
}
_BY_TYPE = {t: [s for s in T.SCENARIOS if s.dispute_type == t] for t in TYPE_WEIGHTS}
SCENARIO_POOLS = {
    side: tuple(s for t, ws in TYPE_WEIGHTS.items() for s in _BY_TYPE[t] * (ws[side] * 2 // len(_BY_TYPE[t])))
    for side in (0, 1)
}
GROUP_TYPES = ("劳动争议纠纷", "征地拆迁纠纷", "环境污染纠纷")
MODES = weighted(("现场", 70), ("电话", 10), ("视频", 12), ("线上", 8))
DUE_DAYS = (7, 15, 15, 30, 30, 30, 45, 60, 90)


def _side(template: str) -> str:
    """Who owes a term: both sides for "双方…", else whoever the sentence names first."""
    if template.startswith("双方"):
        return "ab"
    found = [(template.find("{" + k + "}"), k) for k in "abc" if "{" + k + "}" in template]
    return min(found)[1] if found else "b"


TERM_SIDES = {tpl: _side(tpl) for s in T.SCENARIOS for tpl in s.terms}


def _cn_date(o: int) -> str:
    d = date.fromordinal(o)
    return f"{d.year}年{d.month}月{d.day}日"

class CaseMaker:
    """Draws every case in registration order, with its parties, sessions and outcome."""

    def __init__(self, rng: random.Random, today: date, offices: list[Office]) -> None:
        self.rng, self.offices, self.t = rng, offices, today.toordinal()
        # Bodies are drawn apart, so that adding them left every other drawn value as it was.
        self.body_rng = random.Random(len(offices) * 7919 + today.toordinal())
        y, mo = divmod(today.year * 12 + today.month - 24, 12)  # 24 months, this one included
        self.start = date(y, mo + 1, 1)
        self.years = range(y, today.year + 1)
        self.last_numbers: dict[int, int] = {}
        # Agreements are numbered per presiding body and year (first_agreement_numbers gives
        # where each series stands); the last number of each, for the local office's leases.
        self.agreement_next: dict[tuple[str, int], int] = {}
        self.last_agreements: dict[str, dict[int, int]] = {}
        self.counters: Counter[tuple] = Counter()
        self.insurers = [T.uscc(rng, "91", "440104") for _ in T.INSURERS]
        self.rows: dict[type, list[dict]] = {model: [] for model in (
            m.MediationCase, m.Party, m.TermExtension, m.MediationSession, m.Agreement, m.AgreementTerm,
            m.Performance, m.JudicialConfirmation, m.JointCase, m.JointCaseOffice, m.Handoff)}

    def plan(self, records: int, starts: list[dict[int, int]]) -> None:
        """Registration dates and case numbers, numbered in date order per office and year."""
        rnd, s0 = self.rng.random, self.start.toordinal()
        span = self.t - s0 + 1
        pool = weighted(*((i, o.weight) for i, o in enumerate(self.offices)))
        heads = []
        for _ in range(records):
            d = s0 + int(span * rnd() ** 0.85)  # caseloads grow toward the present
            weekday = (d - 1) % 7
            if weekday >= 5 and rnd() < 0.85:
                d = max(s0, d - (weekday - 4))  # few offices register cases at weekends
            heads.append((d, self.rng.choice(pool)))
        heads.sort()
        nums = [dict(s) for s in starts]
        self.heads = []
        for d, oi in heads:
            year = date.fromordinal(d).year
            n = nums[oi][year]
            nums[oi][year] = n + 1
            number = format_case_number(year, self.offices[oi].prefix, n)
            if oi == 0:
                self.last_numbers[year] = n
            self.heads.append((d, oi, number))

    def run(self, w: Writer, chunk: int) -> Iterator[tuple[list, int]]:
        """Per chunk of cases: the statements inserting them, and how many cases are done."""
        for start in range(0, len(self.heads), chunk):
            for head in self.heads[start:start + chunk]:
                self._case(*head)
            batches = []
            for model, rows in self.rows.items():
                batches += w.batches(model, rows)
                rows.clear()
            yield batches, min(start + chunk, len(self.heads))

    # ------------------------------------------------------------------ one case

    def stamp(self, o: int) -> datetime:
        # Metadata is naive UTC: office hours 09:00–17:00 in Beijing are 01:00–09:00.
        return datetime.fromordinal(o) + timedelta(minutes=self.rng.randrange(60, 540))

    def _case(self, reg: int, oi: int, number: str) -> None:
        rng, t = self.rng, self.t
        rnd, choice = rng.random, rng.choice
        off = self.offices[oi]
        R, cid, owner = self.rows, new_id(), off.id
        cat = choice(CATEGORIES[off.role])
        sc = choice(SCENARIO_POOLS[off.role != "tribunal"])
        town = T.TOWNS[choice(off.towns)]
        village = choice(town.villages)
        incident = date.fromordinal(reg - rng.randrange(10, 300))
        amount = max(100, rng.randrange(sc.amount[0], sc.amount[1] + 1) // 100 * 100)
        slots = {"v": town.name + village, "vc": village + ("委会" if village.endswith("村") else "居委会"),
                 "y": incident.year, "m": incident.month, "y0": incident.year - rng.randint(3, 15),
                 "n": choice("三四五六七八"), "amt": amount, "c": "保险公司"}
        parties = self._parties(cid, sc, town, village, reg, owner, slots)
        group = sc.dispute_type in GROUP_TYPES and rnd() < 0.25
        lead = choice(off.mediators)
        body = self._body(off, cat)
        if body[2] == "特邀调解员":  # the invited mediator presides in person
            lead = next((s for s in off.staff if s[1] == body[1]), lead)
        case = dict(id=cid, owner_office_id=owner, created_at=self.stamp(reg), case_number=number,
                    office_id=owner, category=cat, source=choice(SOURCES[cat]), dispute_type=sc.dispute_type,
                    area_code=town.code, summary=sc.summary.format_map(slots), claims=sc.claim.format_map(slots),
                    registered_date=date.fromordinal(reg), amount_cents=amount * 100,
                    people_involved=rng.randint(8, 60) if group else len(parties), group_dispute=group,
                    risk_level="高" if group else choice("低低低低低低低中中高"), lead_mediator_id=lead[0],
                    body_id=body[0],
                    assistant_ids=[choice(off.mediators)[0]] if rnd() < 0.3 else [])
        if cat == "委派调解(诉前)":
            case["external_case_number"] = self._court_number(reg, "民诉前调")
        elif cat == "委托调解(诉中)":
            case["external_case_number"] = self._court_number(reg, "民初")
        R[m.MediationCase].append(case)
        if rnd() < 0.03:  # 不予受理: decided within days, no mediation
            decided = reg + rng.randrange(3)
            status = "登记" if decided > t else "不予受理" if t - decided < 10 else "结案"
            if status == "结案":
                case.update(close_date=date.fromordinal(decided), close_method="不予受理")
            case.update(status=status, updated_at=max(case["created_at"], self.stamp(min(decided, t))))
            return
        acc = reg + choice((0, 0, 0, 1, 1, 2, 3))
        if acc > t:
            case.update(status="登记", updated_at=case["created_at"])
            return
        ext = choice((10, 15, 20, 30)) if rnd() < 0.05 else 0
        end = acc + (31 + rng.randrange(ext) if ext else 1 + int(rnd() ** 1.6 * 29))
        decided = acc + 25 + rng.randrange(5)  # before the first term runs out
        if ext and decided <= t:
            R[m.TermExtension].append(dict(id=new_id(), owner_office_id=owner, created_at=self.stamp(decided),
                                           case_id=cid, days=ext, reason=choice(T.EXTENSION_REASONS),
                                           decided_date=date.fromordinal(decided)))
        else:
            ext = 0
        case.update(accepted_date=date.fromordinal(acc), term_end=date.fromordinal(acc + 30 + ext),
                    extension_days=ext)
        n_sessions = choice((1, 1, 1, 1, 2, 2, 2, 3, 3))
        if end > t:  # still being mediated
            status = "受理" if t - acc < 3 and rnd() < 0.6 else "调解中"
            if status == "调解中":
                self._sessions(cid, off, lead, sc, acc, t, n_sessions, slots, None)
            case.update(status=status, updated_at=max(case["created_at"], self.stamp(t if status == "调解中" else acc)))
            return
        p = SUCCESS[cat]
        result = "达成协议" if rnd() < p else "撤回" if rnd() < 0.2 else "调解不成"
        case["result"] = result
        if result == "达成协议":
            status, close = self._agreement(case, off, sc, slots, end, len(parties), lead, n_sessions, acc)
        else:
            outcome = choice(T.FAILED if result == "调解不成" else T.WITHDRAWN).format_map(slots)
            self._sessions(cid, off, lead, sc, acc, end, n_sessions, slots, outcome)
            close = min(t, end + rng.randrange(3))
            status = result if t - end < 5 else "结案"
            if status == result:
                close = None
        if close is not None:
            if t - close > 60 and rnd() < 0.75:
                status = "归档"
                key = ("archive", oi, date.fromordinal(close).year)
                self.counters[key] += 1
                case["archive_number"] = f"{off.prefix}档〔{key[2]}〕{self.counters[key]}号"
            case.update(close_date=date.fromordinal(close), close_method=result)
        case.update(status=status, updated_at=max(case["created_at"], self.stamp(min(t, close or end))))
        if cat == "联合调解" or group or (oi == 0 and rnd() < 0.02):
            self._joint(case, oi, slots, reg, close)

    def _body(self, off: Office, category: str) -> tuple[str, str, str]:
        """The presiding body: a 调委会 for people's and joint mediation, an invited organisation
        or mediator (or the 驻庭 committee) for what a court delegates, entrusts or invites."""
        committees = off.bodies_of(*codes.COMMITTEE_KINDS)
        if category in codes.COURT_CATEGORIES:
            pool = off.bodies_of(*codes.INVITED_KINDS) + (committees if category != "特邀调解" else [])
        else:
            pool = committees
        return self.body_rng.choice(pool or committees or off.bodies)

    def _court_number(self, o: int, kind: str) -> str:
        year = date.fromordinal(o).year
        self.counters[(kind, year)] += 1 + self.rng.randrange(40)  # the court numbers other cases too
        return f"（{year}）{T.COURT_ABBR}{kind}{self.counters[(kind, year)]}号"

    # ------------------------------------------------------------------ parties

    def _parties(self, cid, sc, town, village, reg, owner, slots) -> list[dict]:
        rng, rnd = self.rng, self.rng.random
        sides = [("申请人", "a"), ("被申请人", "b")]
        if sc.org == "c" and rnd() < 0.7:
            sides.append(("第三人", "c"))
        elif rnd() < 0.12:
            sides.append((rng.choice(("第三人", "被申请人")), ""))
        male_a = rnd() < 0.55
        stamp, rows = self.stamp(reg), []
        for role, key in sides:
            if key and key == sc.org:
                row = self._org(sc.org_kind, town, village)
            else:
                # Spouses in a family case are of opposite sex; elsewhere it is a coin toss.
                male = male_a if key == "a" else (not male_a) if sc.dispute_type == "婚姻家庭纠纷" else rnd() < 0.55
                row = self._person(male, reg, town, village)
            row.update(id=new_id(), owner_office_id=owner, created_at=stamp, case_id=cid, role=role)
            rows.append(row)
            if key:
                slots[key] = row["name"]
        self.rows[m.Party].extend(rows)
        return rows

    def _person(self, male: bool, reg: int, town, village: str) -> dict:
        rng = self.rng
        birth = date.fromordinal(reg - rng.randrange(20 * 365, 76 * 365))
        area, home = T.DISTRICT_CODE, f"{T.ADDRESS_PREFIX}{town.name}{village}"
        if rng.random() >= 0.65:  # registered in a home county; half of them live here as migrants
            area, place = rng.choice(T.HOME_AREAS)
            if rng.random() < 0.5:
                home = f"{place}{rng.choice(T.SURNAMES)}家村"
        row = dict(kind="自然人", name=T.full_name(rng, male), sex="男" if male else "女",
                   ethnicity="汉族" if rng.random() < 0.96 else rng.choice(T.ETHNIC_MINOR), birth_date=birth,
                   id_type="居民身份证", id_number=make_id_card(area, birth, rng.randrange(1000), "男" if male else "女"),
                   address=f"{home}{rng.randrange(1, 200)}号", phone=T.mobile(rng))
        if rng.random() < 0.1:
            row.update(agent_name=T.full_name(rng, rng.random() < 0.6), agent_phone=T.mobile(rng))
        return row

    def _org(self, kind: str, town, village: str) -> dict:
        rng = self.rng
        trade = rng.choice(T.TRADE_NAMES)
        party_kind, registrar = "法人", "91"
        if kind == "insurer":
            i = rng.randrange(len(T.INSURERS))
            name, code = T.INSURERS[i], self.insurers[i]
        else:
            if kind == "clinic":
                name, registrar = f"广州市{T.DISTRICT}{town.name}卫生院", "12"
            elif kind == "village":
                committee = village[:-1] + "村民" if village.endswith("村") else village + "居民"
                name, registrar = f"广州市{T.DISTRICT}{town.name}{committee}委员会", "54"
            elif kind == "shop":
                name, party_kind, registrar = f"{T.DISTRICT}{town.name}{trade}电器商行", "非法人组织", "92"
            elif kind == "property":
                name = f"广州市{trade}物业管理有限公司"
            else:
                name = f"广州市{trade}{rng.choice(rng.choice(list(T.INDUSTRY_NAMES.values())))}"
            code = T.uscc(rng, registrar, T.DISTRICT_CODE)
        return dict(kind=party_kind, name=name, uscc=code, legal_representative=T.full_name(rng, rng.random() < 0.7),
                    address=f"{T.ADDRESS_PREFIX}{town.name}{village}{rng.randrange(1, 120)}号",
                    phone=f"020-8{rng.randrange(10**6, 10**7)}")

    # ------------------------------------------------------------------ mediation

    def _sessions(self, cid, off, lead, sc, first, last, n, slots, outcome) -> None:
        rng, choice = self.rng, self.rng.choice
        span = max(0, last - first)
        n = min(n, span + 1)
        # 记录人: the office's clerk, or another of its staff than the mediator
        clerks = [x for x in off.staff if x[2] == "书记员"] or [x for x in off.staff if x[0] != lead[0]] or [lead]
        recorder = clerks[0]
        attendees = f"调解员{lead[1]}；记录人{recorder[1]}；申请人{slots['a']}；被申请人{slots['b']}"
        for k in range(n):
            d = first + span * (k + 1) // n
            mode = choice(MODES)
            if mode == "现场":
                place = f"{off.name}调解室" if rng.random() < 0.8 else f"{slots['vc']}会议室"
            else:
                place = {"电话": "电话调解", "视频": "视频调解室", "线上": "在线调解平台"}[mode]
            if k == 0:
                text = choice(T.OPENINGS) + sc.say_a.format_map(slots) + sc.say_b.format_map(slots)
            else:
                text = f"本次为第{k + 1}次调解，双方当事人均按时参加。"
            text += choice(T.WORK).format_map(slots)
            if k == n - 1 and outcome:
                text += outcome
            else:
                nxt = first + span * (k + 2) // n if k < n - 1 else d + rng.randint(3, 10)
                text += choice(T.NEXT_TIME).format(nd=_cn_date(nxt))
            held = datetime.fromordinal(d) + timedelta(minutes=540 + 10 * rng.randrange(48))
            self.rows[m.MediationSession].append(dict(
                id=new_id(), owner_office_id=off.id, created_at=held - timedelta(hours=8), case_id=cid,
                held_at=held, place=place, mode=mode, attendees=attendees, mediator_id=lead[0], record=text,
                recorder_id=recorder[0], signed=mode != "电话"))

    def _agreement(self, case, off, sc, slots, signed, n_parties, lead, n_sessions, acc):
        """The agreement, its terms and their performance; returns (case status, close date)."""
        rng, t, R = self.rng, self.t, self.rows
        rnd, choice = rng.random, rng.choice
        aid, owner, stamp = new_id(), off.id, self.stamp(signed)
        templates = sc.terms[:rng.randint(1, len(sc.terms))]
        if slots.get("c") == "保险公司":  # no insurer among the parties: a term cannot bind a non-party
            usable = [tpl for tpl in sc.terms if "{c}" not in tpl]
            templates = [tpl for tpl in templates if "{c}" not in tpl] or usable[:1]
        money = [tpl for tpl in templates if "{amt}" in tpl]
        agreed = max(100 * max(1, len(money)), int(case["amount_cents"] * rng.uniform(0.005, 0.01)) // 100 * 100)
        shares = [agreed // len(money) // 100 * 100 for _ in money]
        if money:
            shares[-1] += agreed - sum(shares)
        first_text, states, dones, dues = None, [], [], []
        for seq, tpl in enumerate(templates, 1):
            cents = shares.pop(0) * 100 if "{amt}" in tpl else None
            due = signed if cents and rnd() < 0.35 else signed + choice(DUE_DAYS)
            text = tpl.format_map({**slots, "amt": (cents or 0) // 100, "due": _cn_date(due)})
            first_text = first_text or text
            side = TERM_SIDES[tpl]
            obligor = f"{slots['a']}、{slots['b']}" if side == "ab" else slots[side]
            obligee = None if side == "ab" else slots["b"] if side == "a" else slots["a"]
            tid = new_id()
            R[m.AgreementTerm].append(dict(id=tid, owner_office_id=owner, created_at=stamp, agreement_id=aid,
                                           seq=seq, obligor=obligor, obligee=obligee, content=text,
                                           amount_cents=cents, manner=choice(T.MANNERS) if cents else None,
                                           due_date=date.fromordinal(due)))
            r = rnd()
            if due == signed:
                state, done, paid = "即时履行", due, cents
            elif due > t:
                state, done, paid = "未履行", None, None  # not yet due
            elif r < 0.86:
                state, done, paid = "履行完毕", max(signed, due - rng.randrange(6)), cents
            elif r < 0.92:
                state, done, paid = "部分履行", due, cents and cents // 200 * 100
            else:
                state, done, paid = "未履行", None, None
            states.append(state)
            dues.append(due)
            if done:
                dones.append(done)
            R[m.Performance].append(dict(
                id=new_id(), owner_office_id=owner, created_at=stamp, term_id=tid, status=state,
                updated_at=max(stamp, self.stamp(done)) if done else stamp, due_date=date.fromordinal(due),
                done_date=done and date.fromordinal(done), amount_cents=paid))
        form = "书面" if rnd() < 0.95 else "口头"
        R[m.Agreement].append(dict(
            id=aid, owner_office_id=owner, created_at=stamp, case_id=case["id"],
            number=self._agreement_number(off, case["body_id"], date.fromordinal(signed).year), form=form,
            facts=case["summary"], disputes=sc.focus.format_map(slots), responsibility=sc.duty.format_map(slots),
            signed_date=date.fromordinal(signed), effective_date=date.fromordinal(signed), copies=n_parties + 1))
        outcome = choice(T.AGREED).format_map({"term": first_text, "copies": "一二三四五六七八九十"[n_parties]})
        self._sessions(case["id"], off, lead, sc, acc, signed, n_sessions, slots, outcome)
        if form == "书面" and rnd() < (0.45 if case["category"] in ("委派调解(诉前)", "特邀调解") else 0.15):
            self._confirmation(aid, owner, signed)
        if all(s == "即时履行" for s in states):
            return "结案", signed
        if max(dues) > t:
            return ("达成协议" if t - signed < 2 else "履行中"), None
        if all(s in ("即时履行", "履行完毕") for s in states):
            finished = max(dones)
            return ("履行完毕", None) if t - finished < 7 else ("结案", min(t, finished + rng.randrange(4)))
        return ("未履行", None) if t - max(dues) < 30 else ("结案", max(dues) + 30)

    def _agreement_number(self, off: Office, body_id: str, year: int) -> str:
        n = self.agreement_next.get((body_id, year), 1)
        self.agreement_next[(body_id, year)] = n + 1
        self.last_agreements.setdefault(body_id, {})[year] = n
        return format_agreement_number(year, off.body_prefixes[body_id], n)

    def _confirmation(self, aid: str, owner: str, signed: int) -> None:
        """司法确认, applied for jointly within the 30-day window after the agreement."""
        rng, t = self.rng, self.t
        applied = signed + rng.randrange(20)
        row = dict(id=new_id(), owner_office_id=owner, created_at=self.stamp(min(applied, t)),
                   agreement_id=aid, court=self.offices[0].name, status="拟申请")
        if applied <= t:
            row.update(status="已申请", applied_date=date.fromordinal(applied))
            accepted = applied + rng.randrange(4)
            if accepted <= t:
                number = self._court_number(accepted, "民特")
                extended = rng.random() < 0.05
                ruling = accepted + rng.randint(2, 25 if extended else 15)
                row.update(status="已受理", court_case_number=number, ruling_extended=extended,
                           court_accepted_date=date.fromordinal(accepted))
                if ruling <= t:
                    r = rng.random()
                    result = "确认有效" if r < 0.92 else "驳回" if r < 0.95 else "撤回"
                    row.update(status=result, result=result, ruling_date=date.fromordinal(ruling))
        self.rows[m.JudicialConfirmation].append(row)

    def _joint(self, case: dict, oi: int, slots: dict, reg: int, close: int | None) -> None:
        """A 联动案件 led by the case's office, with its partners and the material handed over."""
        rng, offs, R = self.rng, self.offices, self.rows
        role = offs[oi].role
        if role == "tribunal":
            r = rng.random()
            partners, mode = (([rng.choice((1, 2))], "法庭+司法所") if r < 0.5 else ([1, 2], "一庭两所") if r < 0.7
                              else ([3], "法庭+调解组织") if r < 0.9 else ([3], "法庭+社区/村居"))
        elif role == "centre":
            partners, mode = [0, rng.choice((1, 2))], "综治中心"
        else:
            partners, mode = [0], "法庭+司法所" if role == "jo" else "法庭+调解组织"
        lead, jid = offs[oi], new_id()
        stamp = self.stamp(reg)
        report = None
        if close is not None:
            report = (f"由{lead.name}牵头，会同{'、'.join(offs[p].name for p in partners)}联合化解。" + {
                "达成协议": "经多方联合调解，双方达成调解协议并已履行，矛盾纠纷得到实质化解。",
                "调解不成": "双方未能达成一致，已引导当事人通过诉讼途径依法解决。",
                "撤回": "当事人自行和解后撤回调解申请，案件办结。"}.get(case.get("result"), "案件办结。"))
        R[m.JointCase].append(dict(
            id=jid, owner_office_id=lead.id, created_at=stamp, updated_at=case["updated_at"],
            title=f"{slots['a']}与{slots['b']}{case['dispute_type']}", mode=mode, lead_office_id=lead.id,
            mediation_case_id=case["id"], summary=case["summary"], opened_date=date.fromordinal(reg),
            closed_date=close and date.fromordinal(close), outcome_report=report,
            status="已办结" if close is not None else "办理中"))
        for p in [oi, *partners]:
            R[m.JointCaseOffice].append(dict(id=new_id(), owner_office_id=lead.id, created_at=stamp,
                                             joint_case_id=jid, office_id=offs[p].id,
                                             role="牵头" if p == oi else "参与"))
        until = close if close is not None else self.t
        n = rng.randint(1, 3)
        for k in range(n):
            src, dst = (lead, offs[partners[k // 2 % len(partners)]]) if k % 2 == 0 else (offs[partners[0]], lead)
            at = datetime.fromordinal(reg + (until - reg) * k // n) + timedelta(minutes=540 + 10 * rng.randrange(48))
            R[m.Handoff].append(dict(id=new_id(), owner_office_id=lead.id, created_at=at - timedelta(hours=8),
                                     joint_case_id=jid, at=at, from_office_id=src.id, to_office_id=dst.id,
                                     materials=rng.choice(T.MATERIALS), handler=rng.choice(src.staff)[1]))
