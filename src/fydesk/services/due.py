"""What is due and overdue: the dashboard's list, computed from records and the rule table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from fydesk.domain import deadlines as rules_mod
from fydesk.domain.deadlines import Deadline, Home, make_deadline
from fydesk.domain.tasks import DONE
from fydesk.models import (
    Agreement,
    AgreementTerm,
    Enterprise,
    JudicialConfirmation,
    JudicialSuggestion,
    MediationCase,
    Performance,
    Risk,
    Visit,
)

from .records import load_rules

OPEN_CASE = ("受理", "调解中")
OPEN_PERFORMANCE = ("未履行", "部分履行")
OPEN_RISK = ("发现", "已提示", "整改中", "逾期")
OPEN_SUGGESTION = ("签发", "送达")


def _short(text: str | None, n: int = 18) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def upcoming(session: Session, today: date, horizon_days: int = 30) -> list[Deadline]:
    """Every open deadline falling before today + horizon, overdue first, then by date."""
    rules = load_rules(session)
    until = today + timedelta(days=horizon_days)
    out: list[Deadline] = []
    C = MediationCase
    live_case = and_(C.deleted_at.is_(None))

    for cid, number, summary, due in session.execute(
        select(C.id, C.case_number, C.summary, C.term_end)
        .where(live_case, C.status.in_(OPEN_CASE), C.term_end <= until)
    ):
        out.append(make_deadline("mediation_term", "case", cid, f"{number} {_short(summary)}",
                                 due, today, rules, Home("case", cid)))

    # The parties may apply for 司法确认 until the window closes, unless they already did.
    window = timedelta(days=rules["confirmation_window"].days)
    applied = select(JudicialConfirmation.agreement_id).where(
        JudicialConfirmation.deleted_at.is_(None), JudicialConfirmation.status != "拟申请")
    for aid, case_id, number, effective in session.execute(
        select(Agreement.id, C.id, C.case_number, Agreement.effective_date)
        .join(C, C.id == Agreement.case_id)
        .where(Agreement.deleted_at.is_(None), live_case, Agreement.effective_date.is_not(None),
               Agreement.effective_date >= today - window,
               Agreement.effective_date <= until - window, Agreement.id.not_in(applied))
    ):
        out.append(make_deadline("confirmation_window", "agreement", aid, f"{number} 调解协议",
                                 rules_mod.confirmation_window_end(effective, rules), today, rules,
                                 Home("case", case_id)))

    J = JudicialConfirmation
    for jid, case_id, status, court, applied_on, accepted_on, extended in session.execute(
        select(J.id, Agreement.case_id, J.status, J.court, J.applied_date, J.court_accepted_date,
               J.ruling_extended)
        .join(Agreement, Agreement.id == J.agreement_id)
        .where(J.deleted_at.is_(None), J.status.in_(("已申请", "已受理")))
    ):
        if status == "已申请" and applied_on:
            due, kind = rules_mod.court_accept_due(applied_on, rules), "court_accept"
        elif status == "已受理" and accepted_on:
            due, kind = rules_mod.court_ruling_due(accepted_on, bool(extended), rules), "court_ruling"
        else:
            continue
        if due <= until:
            out.append(make_deadline(kind, "confirmation", jid, court or "司法确认", due, today, rules,
                                     Home("case", case_id)))

    S = JudicialSuggestion
    for sid, number, addressee, due in session.execute(
        select(S.id, S.number, S.addressee, S.reply_due)
        .where(S.deleted_at.is_(None), S.status.in_(OPEN_SUGGESTION), S.reply_date.is_(None),
               S.reply_due <= until)
    ):
        out.append(make_deadline("suggestion_reply", "suggestion", sid,
                                 f"{number or '（未编号）'} {addressee}", due, today, rules,
                                 Home("suggestion", sid)))

    for rid, firm_id, visit_id, firm, description, due in session.execute(
        select(Risk.id, Enterprise.id, Visit.id, Enterprise.name, Risk.description, Risk.rectification_due)
        .join(Visit, Visit.id == Risk.visit_id).join(Enterprise, Enterprise.id == Visit.enterprise_id)
        .where(Risk.deleted_at.is_(None), Risk.status.in_(OPEN_RISK), Risk.rectification_due <= until)
    ):
        out.append(make_deadline("risk_rectification", "risk", rid, f"{firm} {_short(description)}",
                                 due, today, rules, Home("enterprise", firm_id, visit_id)))

    for pid, case_id, obligor, content, due in session.execute(
        select(Performance.id, Agreement.case_id, AgreementTerm.obligor, AgreementTerm.content,
               Performance.due_date)
        .join(AgreementTerm, AgreementTerm.id == Performance.term_id)
        .join(Agreement, Agreement.id == AgreementTerm.agreement_id)
        .where(Performance.deleted_at.is_(None), Performance.status.in_(OPEN_PERFORMANCE),
               Performance.due_date <= until)
    ):
        out.append(make_deadline("performance", "performance", pid, f"{obligor} {_short(content)}",
                                 due, today, rules, Home("case", case_id)))

    # The 任务清单: this office's part of each task the hub sent, while it is not done.
    from .tasks import list_tasks

    for t in list_tasks(session, today):
        if t.my_state != DONE and t.deadline <= until:
            out.append(make_deadline("task", "task", t.id, _short(t.content), t.deadline, today, rules,
                                     Home("task", t.id)))

    return sorted(out, key=lambda d: (d.state != "overdue", d.due, d.kind))
