"""The demo generator fills a store with valid, consistent, searchable and unsynced records."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from fydesk import models as m
from fydesk.domain.errors import ConfigError
from fydesk.domain.ids import check_id_card, check_uscc
from fydesk.domain.states import MACHINES
from fydesk.domain.stats import litigation_rate_per_10k
from fydesk.services import demo, journal, numbering, setup
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

TODAY = date(2026, 5, 10)
RECORDS = 300


def _generate(path, **kw):
    store = open_store(path)
    summary = demo.generate(store, **{"records": RECORDS, "seed": 7, "today": TODAY, **kw})
    return store, summary


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    seen = []
    store, summary = _generate(tmp_path_factory.mktemp("demo"), progress=lambda d, t: seen.append((d, t)))
    yield store, summary, seen
    store.close()


@pytest.fixture
def session(made):
    with made[0].read() as s:
        yield s


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_generates_the_requested_cases_and_reports_every_row_it_wrote(made, session):
    _, summary, _ = made
    assert summary.cases == RECORDS == _count(session, m.MediationCase)
    for model in (m.Party, m.MediationSession, m.Agreement, m.AgreementTerm, m.Performance,
                  m.JudicialConfirmation, m.TermExtension, m.JointCase, m.JointCaseOffice, m.Handoff,
                  m.Enterprise, m.Visit, m.Risk, m.JudicialSuggestion, m.AreaStat, m.Staff):
        assert summary.counts[model.__tablename__] == _count(session, model) > 0, model.__tablename__
    assert 2 <= summary.counts["parties"] / RECORDS <= 3


def test_progress_rises_to_the_total(made):
    seen = made[2]
    assert seen[0] == (0, RECORDS) and seen[-1] == (RECORDS, RECORDS)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_every_identity_number_and_credit_code_is_valid(session):
    people = session.execute(select(m.Party.id_number, m.Party.birth_date, m.Party.sex)
                             .where(m.Party.kind == "自然人")).all()
    assert people
    for number, birth, sex in people:
        check = check_id_card(number, today=TODAY)
        assert check.valid, (number, check.reason)
        assert (check.birth_date, check.sex) == (birth, sex)
    codes = session.scalars(select(m.Party.uscc).where(m.Party.kind != "自然人")).all()
    codes += session.scalars(select(m.Enterprise.uscc)).all()
    assert codes and all(check_uscc(code).valid for code in codes)


def test_statuses_are_states_of_the_case_machine_and_agreed_cases_have_agreements(session):
    states = set(MACHINES["case"].states)
    with_agreement = set(session.scalars(select(m.Agreement.case_id)))
    for case in session.scalars(select(m.MediationCase)):
        assert case.status in states
        assert (case.result == "达成协议") == (case.id in with_agreement)
        assert (case.close_date is not None) == (case.status in ("结案", "归档"))
        assert (case.archive_number is not None) == (case.status == "归档")
        if case.result is not None or case.status in ("调解中", "受理"):
            assert case.term_end == case.accepted_date + timedelta(days=30 + case.extension_days)
        if case.close_date:
            assert case.registered_date <= case.close_date <= TODAY
    extended = dict(session.execute(select(m.TermExtension.case_id, m.TermExtension.days)).all())
    assert extended and all(session.get(m.MediationCase, cid).extension_days == d for cid, d in extended.items())


def test_case_numbers_run_from_one_per_office_and_year_in_registration_order(session):
    numbers = defaultdict(list)
    rows = session.execute(select(m.MediationCase.office_id, m.MediationCase.case_number)
                           .order_by(m.MediationCase.registered_date)).all()
    for office_id, number in rows:
        year, n = re.fullmatch(r"（(\d{4})）\w+调字第(\d+)号", number).groups()
        numbers[office_id, year].append(int(n))
    assert len({office for office, _ in numbers}) == 5
    for seq in numbers.values():
        assert sorted(seq) == list(range(1, len(seq) + 1))
        assert seq == sorted(seq)  # registration order, ties aside, since dates sort the same way


def test_nothing_goes_to_the_outbox_and_the_audit_chain_holds(session):
    assert _count(session, m.OutboxOp) == 0
    assert journal.verify_chain(session) == []
    entry = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.seq.desc())).first()
    assert (entry.action, entry.after) == ("demo", {"records": RECORDS, "seed": 7})


def test_search_index_finds_the_generated_text(session):
    for phrase in ("调解协议", "宅基地", "赔偿数额"):
        hits = session.scalar(text("SELECT count(*) FROM search_index WHERE search_index MATCH :q"),
                              {"q": f'"{phrase}"'})
        assert hits > 0, phrase
    # Trigram MATCH needs three characters; shorter words are found with instr() (DESIGN §3).
    assert session.scalar(text("SELECT count(*) FROM mediation_sessions WHERE instr(record, '赔偿')")) > 0


def test_firm_risks_come_in_all_four_levels_and_some_suggestions_are_overdue(session):
    assert set(session.scalars(select(m.Risk.level))) == {"重大且紧急", "较大", "一般", "提示"}
    overdue = _count(session, m.JudicialSuggestion, m.JudicialSuggestion.reply_date.is_(None),
                     m.JudicialSuggestion.reply_due < TODAY)
    replied = _count(session, m.JudicialSuggestion, m.JudicialSuggestion.reply_date.is_not(None))
    assert overdue > 0 and replied > 0
    for number in session.scalars(select(m.JudicialSuggestion.number).where(m.JudicialSuggestion.number.is_not(None))):
        assert re.fullmatch(r"\w+法建〔\d{4}〕\d+号", number)


def test_joint_cases_name_a_lead_and_at_least_one_partner(session):
    roles = defaultdict(list)
    for joint_id, role in session.execute(select(m.JointCaseOffice.joint_case_id, m.JointCaseOffice.role)):
        roles[joint_id].append(role)
    assert roles and all(r.count("牵头") == 1 and len(r) >= 2 for r in roles.values())


def test_a_joint_case_with_a_closing_date_is_closed_and_one_without_is_in_hand(session):
    # As the desk's own form makes them: moving to 已办结 dates the closing (hooks.joint_case_rules).
    rows = session.execute(select(m.JointCase.status, m.JointCase.closed_date)).all()
    assert {s for s, _ in rows} == {"已办结", "办理中"}
    assert all((status == "已办结") == (closed is not None) for status, closed in rows)


def test_area_stats_cover_every_town_and_month_at_a_plausible_litigation_rate(session):
    stats = session.scalars(select(m.AreaStat).where(m.AreaStat.period < f"{TODAY:%Y-%m}")).all()
    assert len({s.area_code for s in stats}) == 6 and len({s.period for s in stats}) == 23
    rates = [litigation_rate_per_10k(s.civil_filings, s.admin_filings, s.resident_population,
                                     s.floating_population) for s in stats]
    assert all(1 <= r <= 20 for r in rates)


def test_the_same_seed_gives_the_same_cases(tmp_path):
    def summaries(path, seed):
        store, _ = _generate(path, seed=seed)
        with store.read() as s:
            rows = s.execute(select(m.MediationCase.case_number, m.MediationCase.summary)
                             .order_by(m.MediationCase.case_number)).all()
        store.close()
        return rows

    first = summaries(tmp_path / "a", 7)
    assert summaries(tmp_path / "b", 7) == first
    assert summaries(tmp_path / "c", 8) != first


def _row_counts(store) -> dict[str, int]:
    with store.read() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in m.Base.metadata.sorted_tables}


def test_a_real_office_refuses_demo_data_and_nothing_is_written(tmp_path):
    store = open_store(tmp_path / "pc")
    with store.write() as s:
        setup.initialise(s, office_code="440104001", office_name="越秀区人民法庭", kind="人民法庭",
                         case_prefix="越秀人", user="书记员甲", today=TODAY)
    before = _row_counts(store)
    with pytest.raises(ConfigError, match="“越秀区人民法庭”的正式数据，演示数据不能混入") as refused:
        demo.generate(store, records=20, seed=3, today=TODAY)
    assert "\n" not in str(refused.value)
    assert _row_counts(store) == before
    with store.read() as s:
        assert not setup.is_demo(s)
    store.close()


def test_a_demo_data_dir_is_marked_for_good_refuses_a_real_office_and_a_hub_and_numbers_on(tmp_path):
    from fydesk.sync.engine import enroll_target

    store, _ = _generate(tmp_path / "pc", records=120, seed=3)
    demo.generate(store, records=60, seed=4, today=TODAY)  # a second run continues the numbering
    with store.write() as s:
        assert setup.is_demo(s) and _count(s, m.Office) == 5
        local = setup.status(s).office_id
        mine = s.scalars(select(m.MediationCase.case_number).where(m.MediationCase.office_id == local)).all()
        assert len(mine) == len(set(mine))
        used = [int(re.search(r"第(\d+)号", n)[1]) for n in mine if n.startswith(f"（{TODAY.year}）")]
        following = numbering.next_number(s, load_actor(s), "case", TODAY.year)
        assert following.number == max(used) + 1 and not following.provisional
        assert _count(s, m.OutboxOp) == 0
        assert journal.verify_chain(s) == []
    with store.write() as s, pytest.raises(ConfigError, match="这是演示数据目录，不能设置为正式单位"):
        setup.initialise(s, office_code="440104001", office_name="越秀区人民法庭", kind="人民法庭")
    with pytest.raises(ConfigError, match="演示数据不能登记到市级平台"):
        enroll_target(store, "https://hub.example.gov.cn", None)
    store.close()


def test_agreements_run_from_one_per_body_and_year_and_signing_goes_on_with_the_series(tmp_path):
    from fydesk.services import cases, records

    store = open_store(tmp_path / "pc")
    local = demo.generate(store, records=150, seed=3, today=TODAY).office_id
    demo.generate(store, records=80, seed=4, today=TODAY)  # a second run goes on with each series
    with store.write() as s:
        rows = s.execute(select(m.MediationCase.body_id, m.MediationBody.number_prefix, m.Agreement.number,
                                m.Agreement.signed_date)
                         .join(m.MediationCase, m.MediationCase.id == m.Agreement.case_id)
                         .join(m.MediationBody, m.MediationBody.id == m.MediationCase.body_id)).all()
        numbers = defaultdict(list)
        for body_id, prefix, number, signed in rows:
            year, n = re.fullmatch(rf"（(\d{{4}})）{prefix}协字第(\d+)号", number).groups()
            assert int(year) == signed.year
            numbers[body_id, int(year)].append(int(n))
        assert len({body for body, _ in numbers}) > 5
        for seq in numbers.values():
            assert sorted(seq) == list(range(1, len(seq) + 1))
        assert len({number for *_, number, _ in rows}) == len(rows)
        prefixes = s.execute(select(m.MediationBody.office_id, m.MediationBody.number_prefix)).all()
        assert len(set(prefixes)) == len(prefixes)  # within an office, no two bodies alike
        # The local office's busiest body signs one more: the next of its series, no 临.
        actor = load_actor(s)
        mine = [(len(v), body, year) for (body, year), v in numbers.items()
                if year == TODAY.year and s.get(m.MediationBody, body).office_id == local]
        _, body, year = max(mine)
        case = cases.register_case(s, actor, {"dispute_type": "邻里纠纷", "summary": "排水沟堵塞。",
                                              "category": "人民调解", "source": "当事人申请", "body_id": body},
                                   [{"role": "申请人", "name": "张三"}, {"role": "被申请人", "name": "李四"}],
                                   today=TODAY).case
        records.update(s, actor, "case", case.id, {"status": "受理"}, today=TODAY)
        records.update(s, actor, "case", case.id, {"status": "调解中"}, today=TODAY)
        signed, _ = cases.record_agreement(s, actor, case.id, {"facts": "事实。", "signed_date": TODAY},
                                           [{"obligor": "张三", "content": "赔礼道歉"}], today=TODAY)
        prefix = s.get(m.MediationBody, body).number_prefix
        assert signed["number"] == f"（{year}）{prefix}协字第{len(numbers[body, year]) + 1}号"
    store.close()


def test_the_demo_pc_holds_the_citys_tasks_in_every_state_with_its_reports(session):
    from fydesk.domain import tasks as rules
    from fydesk.services.demo.feed import writes

    tasks = session.scalars(select(m.Task)).all()
    reports = session.scalars(select(m.TaskReport)).all()
    assert len(tasks) >= 5 and reports
    states = set()
    for t in tasks:
        offices = [t.lead_office_id, *t.partner_office_ids]
        mine = [rules.Report(r.owner_office_id, r.report_date, r.done, r.text, r.id) for r in reports if r.task_id == t.id]
        assert all(r.office_id in offices and t.issued_date <= r.report_date <= TODAY for r in mine)
        states.add(rules.task_state(offices, t.deadline, mine, TODAY))
    assert states == set(rules.STATES)
    # The hub issues its own tasks: the demo hub is fed neither the PC's tasks nor reports on them.
    offices = dict(session.execute(select(m.Office.id, m.Office.code)).all())
    assert not {w["entity"] for w in writes(session, offices)} & {"task", "task_report"}
