"""The due list follows the rule table: terms, 司法确认 windows, court periods, replies, risks."""

from __future__ import annotations

from datetime import date

from fydesk.models import DeadlineRuleRow
from fydesk.services import cases, records
from fydesk.services.due import upcoming

from ..conftest import TODAY


def _accepted_case(store, actor, accepted="2026-11-01"):
    with store.write() as s:
        made = cases.register_case(
            s, actor, {"category": "人民调解", "source": "当事人申请", "dispute_type": "合同纠纷",
                       "summary": "货款结算争议", "registered_date": "2026-10-30"},
            [{"role": "申请人", "name": "甲公司"}, {"role": "被申请人", "name": "乙"}], today=TODAY)
        records.update(s, actor, "case", made.case.id, {"status": "受理", "accepted_date": accepted})
    return made.case.id


def _due(store, today=TODAY):
    with store.read() as s:
        return upcoming(s, today)


def test_mediation_term_is_listed_and_turns_overdue(office_store, actor):
    case_id = _accepted_case(office_store, actor)
    [item] = [d for d in _due(office_store) if d.record_id == case_id]
    assert (item.kind, item.due, item.state) == ("mediation_term", date(2026, 12, 1), "ok")
    [late] = [d for d in _due(office_store, date(2026, 12, 2)) if d.record_id == case_id]
    assert late.state == "overdue" and late.days_left == -1


def test_confirmation_window_appears_after_agreement_and_goes_once_applied(office_store, actor):
    case_id = _accepted_case(office_store, actor)
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "调解中"})
        agreement, _ = cases.record_agreement(
            s, actor, case_id, {"facts": "分期付清货款", "effective_date": "2026-11-15"},
            [{"obligor": "乙", "content": "支付货款", "amount_cents": "5000"}], today=TODAY)
    window = [d for d in _due(office_store) if d.kind == "confirmation_window"]
    assert [(w.record_id, w.due) for w in window] == [(agreement.id, date(2026, 12, 15))]
    with office_store.write() as s:
        conf = records.create(s, actor, "confirmation", {"agreement_id": agreement.id})
        records.update(s, actor, "confirmation", conf.id,
                       {"status": "已申请", "court": "越秀区人民法院", "applied_date": "2026-11-18"})
    kinds = {d.kind: d for d in _due(office_store)}
    assert "confirmation_window" not in kinds
    assert kinds["court_accept"].due == date(2026, 11, 21)


def test_configured_periods_replace_the_defaults(office_store, actor):
    # A term is fixed when the case is accepted: the rule in force then is what counts.
    with office_store.write() as s:
        s.add(DeadlineRuleRow(key="mediation_term", days=15))
    case_id = _accepted_case(office_store, actor)
    [item] = [d for d in _due(office_store) if d.record_id == case_id]
    assert item.due == date(2026, 11, 16)


def test_suggestion_reply_overdue_after_its_due_date(office_store, actor):
    with office_store.write() as s:
        sug = records.create(s, actor, "suggestion", {
            "office_id": actor.office_id, "kind": "个案", "addressee": "某镇人民政府",
            "problem": "征地补偿发放不规范", "suggestion": "建立补偿款公示制度"})
        records.update(s, actor, "suggestion", sug.id, {"status": "签发"}, today=date(2026, 9, 1))
        records.update(s, actor, "suggestion", sug.id, {"status": "送达", "served_date": "2026-09-05"})
    [item] = [d for d in _due(office_store) if d.kind == "suggestion_reply"]
    assert item.due == date(2026, 11, 4) and item.state == "overdue"


def test_every_item_names_the_record_that_shows_it(office_store, actor):
    case_id = _accepted_case(office_store, actor)
    with office_store.write() as s:
        records.update(s, actor, "case", case_id, {"status": "调解中"})
        agreement, _ = cases.record_agreement(
            s, actor, case_id, {"facts": "分期付清货款", "effective_date": "2026-11-15"},
            [{"obligor": "乙", "content": "支付货款", "amount_cents": "5000", "due_date": "2026-11-20"}],
            today=TODAY)
        [term] = records.list_children(s, "term", "agreement_id", agreement.id)
        if not records.list_children(s, "performance", "term_id", term.id):
            records.create(s, actor, "performance", {"term_id": term.id, "due_date": "2026-11-20",
                                                     "status": "未履行"})
        firm = records.create(s, actor, "enterprise", {"name": "广州市某某服装有限公司"})
        visit = records.create(s, actor, "visit", {"enterprise_id": firm.id, "visit_date": "2026-11-02",
                                                   "kind": "法治体检", "people": "李明"})
        records.create(s, actor, "risk", {"visit_id": visit.id, "category": "劳动用工", "level": "较大",
                                          "description": "未签劳动合同", "rectification_due": "2026-11-25"})
        sug = records.create(s, actor, "suggestion", {
            "office_id": actor.office_id, "kind": "个案", "addressee": "某镇人民政府",
            "problem": "征地补偿发放不规范", "suggestion": "建立补偿款公示制度"})
        records.update(s, actor, "suggestion", sug.id, {"status": "签发"}, today=date(2026, 9, 1))
        records.update(s, actor, "suggestion", sug.id, {"status": "送达", "served_date": "2026-09-05"})
    homes = {d.kind: (d.home.entity, d.home.id, d.home.visit_id) for d in _due(office_store)}
    assert homes["confirmation_window"] == ("case", case_id, None)
    assert homes["performance"] == ("case", case_id, None)
    assert homes["risk_rectification"] == ("enterprise", firm.id, visit.id)
    assert homes["suggestion_reply"] == ("suggestion", sug.id, None)
    with office_store.write() as s:
        conf = records.create(s, actor, "confirmation", {"agreement_id": agreement.id})
        records.update(s, actor, "confirmation", conf.id,
                       {"status": "已申请", "court": "越秀区人民法院", "applied_date": "2026-11-18"})
        records.update(s, actor, "case", case_id, {"status": "达成协议"})
    homes = {d.kind: (d.home.entity, d.home.id) for d in _due(office_store, date(2026, 11, 30))}
    assert homes["court_accept"] == ("case", case_id)
