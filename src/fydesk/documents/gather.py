"""Fills the documents' values from the local store through the services (the one module here
that reads records; the renderers take plain values, so the hub can share them).

ID numbers are masked in every document except the agreement's and the 司法确认 application's
copies for the parties and the court, which need the full number; the local setting
`document_full_ids` = off masks those too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from fydesk.domain import deadlines
from fydesk.domain.codes import COMMITTEE_KINDS
from fydesk.domain.errors import FydeskError, NotFoundError
from fydesk.domain.fields import format_money
from fydesk.domain.ids import mask_id
from fydesk.domain.states import risk_status_on
from fydesk.services import records
from fydesk.services.cases import case_by_number
from fydesk.services.context import get_setting
from fydesk.services.records import RecordDTO, load_rules

from . import model as M
from .casefile import CasefileDoc, Part
from .kinds import BY_PERIOD, check_kind

FULL_IDS_SETTING = "document_full_ids"
FONT_SETTING = "document_font"


def full_ids_allowed(session: Session) -> bool:
    """The setting: full ID numbers on the copies that legally need them (default on)."""
    return (get_setting(session, FULL_IDS_SETTING) or "on").strip().lower() not in ("off", "0", "否", "no")


def _name(session: Session, entity: str, record_id: str | None) -> str | None:
    if not record_id:
        return None
    try:
        return records.get(session, entity, record_id, include_deleted=True)["name"]
    except NotFoundError:
        return None


def _party(p: RecordDTO, full: bool) -> M.PartyInfo:
    number = p["id_number"]
    return M.PartyInfo(
        role=p["role"], kind=p["kind"] or "自然人", name=p["name"], sex=p["sex"], ethnicity=p["ethnicity"],
        # Masked, the number keeps no birth date beside it: the year only (DESIGN §2).
        birth_date=p["birth_date"] if full else None,
        birth_year=p["birth_date"].year if p["birth_date"] and not full else None, id_type=p["id_type"],
        id_number=(number if full else mask_id(number)) if number else None,
        uscc=p["uscc"], legal_representative=p["legal_representative"], address=p["address"],
        phone=p["phone"], agent_name=p["agent_name"],
    )


_ROLE_ORDER = {"申请人": 0, "被申请人": 1, "第三人": 2}


def _parties(session: Session, case_id: str, full: bool) -> tuple[M.PartyInfo, ...]:
    rows = records.list_children(session, "party", "case_id", case_id)
    rows.sort(key=lambda p: (_ROLE_ORDER.get(p["role"], 9), p.id))
    return tuple(_party(p, full) for p in rows)


def _terms(session: Session, agreement_id: str) -> tuple[M.TermInfo, ...]:
    rows = sorted(records.list_children(session, "term", "agreement_id", agreement_id),
                  key=lambda t: (t["seq"] or 0, t.id))
    return tuple(M.TermInfo(t["seq"] or i, t["obligor"], t["obligee"], t["content"],
                            format_money(t["amount_cents"]), t["manner"], t["due_date"])
                 for i, t in enumerate(rows, start=1))


def _case(session: Session, key: str) -> RecordDTO:
    """A case by id or by case number."""
    try:
        return records.get(session, "case", key)
    except NotFoundError:
        found = case_by_number(session, key)
        if found is None:
            raise NotFoundError(f"找不到调解案件 {key}（可用记录编号或案号）。") from None
        return found


def _agreement_record(session: Session, key: str) -> RecordDTO:
    """An agreement by its id or number, or the latest agreement of a case (by id or case number)."""
    from sqlalchemy import select

    from fydesk.models import Agreement

    try:
        return records.get(session, "agreement", key)
    except NotFoundError:
        pass
    row = session.scalar(select(Agreement).where(Agreement.number == key, Agreement.deleted_at.is_(None)))
    if row is not None:
        return records.to_dto(records.entity("agreement"), row)
    case = _case(session, key)
    found = records.list_children(session, "agreement", "case_id", case.id)
    if not found:
        raise NotFoundError(f"案件 {case['case_number'] or case.id} 没有调解协议。")
    return found[-1]


def agreement(session: Session, key: str, *, masked: bool = False) -> M.AgreementDoc:
    a = _agreement_record(session, key)
    case = records.get(session, "case", a["case_id"], include_deleted=True)
    parties = _parties(session, case.id, full=not masked and full_ids_allowed(session))
    terms = _terms(session, a.id)
    if not terms:
        raise FydeskError(f"调解协议 {a['number'] or a.id} 没有协议条款，不能生成协议书。")
    body = presiding_body(session, case)
    return M.AgreementDoc(
        committee=body.name,
        number=a["number"], case_number=case["case_number"], dispute_type=case["dispute_type"],
        parties=parties, facts=a["facts"], disputes=a["disputes"], responsibility=a["responsibility"],
        terms=terms, mediator=_name(session, "staff", case["lead_mediator_id"]),
        signed_date=a["signed_date"], copies=len(parties) + 1, body_kind=body.kind, seal=body.seal,
    )


BLANK_BODY = "＿＿＿＿＿＿＿＿人民调解委员会"
BLANK_COURT = "＿＿＿＿＿＿＿＿人民法院"


def presiding_body(session: Session, case: RecordDTO) -> M.BodyInfo:
    """Who presides and signs (DESIGN §2): the case's body; for a case recorded before it named
    one, its office's first 调委会, or the office itself when it is a committee or an invited
    organisation. Never a tribunal, 司法所 or 综治中心: failing all else, a line to write on."""
    from sqlalchemy import select

    from fydesk.models import MediationBody, Office

    row = session.get(MediationBody, case["body_id"]) if case["body_id"] else None
    if row is None:
        row = session.scalar(select(MediationBody).where(
            MediationBody.office_id == case["office_id"], MediationBody.deleted_at.is_(None),
            MediationBody.kind.in_(COMMITTEE_KINDS)).order_by(MediationBody.active.desc(), MediationBody.id))
    if row is not None:
        name = row.name if row.kind != "特邀调解员" or row.name.startswith("特邀调解员") else f"特邀调解员{row.name}"
        seal = None if row.kind == "特邀调解员" else (row.seal_name or row.name)
        return M.BodyInfo(name, row.kind, seal, row.area_code)
    office = session.get(Office, case["office_id"])
    if office is not None and office.kind in ("调委会", "特邀调解组织"):
        kind = "特邀调解组织" if office.kind == "特邀调解组织" else "乡镇(街道)人民调解委员会"
        return M.BodyInfo(office.name, kind, office.name, office.area_code)
    return M.BodyInfo(BLANK_BODY, None, None, office.area_code if office else None)


def session_record(session: Session, key: str) -> M.SessionDoc:
    s = records.get(session, "session", key)
    case = records.get(session, "case", s["case_id"], include_deleted=True)
    siblings = sorted(records.list_children(session, "session", "case_id", case.id),
                      key=lambda r: (r["held_at"], r.id))
    seq = next((i for i, r in enumerate(siblings, start=1) if r.id == s.id), 1)
    return M.SessionDoc(
        office=_name(session, "office", case["office_id"]) or "", case_number=case["case_number"],
        dispute_type=case["dispute_type"], held_at=s["held_at"], place=s["place"], mode=s["mode"] or "现场",
        mediator=_name(session, "staff", s["mediator_id"] or case["lead_mediator_id"]),
        recorder=_name(session, "staff", s["recorder_id"]), attendees=s["attendees"], parties=_parties(session, case.id, full=False),
        record=s["record"], seq=seq,
    )


MATERIALS = (
    "人民调解协议书",
    "各申请人的身份证明材料（居民身份证复印件，或营业执照复印件及法定代表人身份证明）",
    "与调解协议相关的财产权利证明等证明材料",
    "委托代理人的授权委托书及身份证明（有委托代理人的）",
    "调解组织主持调解的证明材料（调解笔录等）",
)


def _confirmation_of(session: Session, key: str) -> tuple[RecordDTO | None, RecordDTO, RecordDTO]:
    """(司法确认 record or None, agreement, case), by 司法确认 record id, or by agreement or case."""
    try:
        c = records.get(session, "confirmation", key)
        a = records.get(session, "agreement", c["agreement_id"], include_deleted=True)
    except NotFoundError:
        a = _agreement_record(session, key)
        found = records.list_children(session, "confirmation", "agreement_id", a.id)
        c = found[-1] if found else None
    return c, a, records.get(session, "case", a["case_id"], include_deleted=True)


def confirmation_courts(session: Session, key: str) -> tuple[M.CourtChoice, ...]:
    """The courts the application of `key` (as confirmation() takes it) may go to, the default first."""
    return court_options(session, _confirmation_of(session, key)[2])


def confirmation(session: Session, key: str, *, masked: bool = False, court: str | None = None) -> M.ConfirmationDoc:
    """The joint application, by 司法确认 record id, or by agreement or case. `court`: the court
    chosen for this copy, instead of the record's (or, with none recorded, the default)."""
    c, a, case = _confirmation_of(session, key)
    rules = load_rules(session)
    window = deadlines.confirmation_window_end(a["effective_date"], rules) if a["effective_date"] else None
    body = presiding_body(session, case)
    court = court or (c["court"] if c else None) or court_choices(session, case)[0]
    applicants = _parties(session, case.id, full=not masked and full_ids_allowed(session))
    materials = [m for m in MATERIALS if m != MATERIALS[3] or any(p.agent_name for p in applicants)]
    return M.ConfirmationDoc(
        court=court, applicants=applicants,
        committee=body.name, agreement_number=a["number"],
        agreement_signed=a["signed_date"], agreement_effective=a["effective_date"], window_end=window,
        terms=_terms(session, a.id), applied_date=c["applied_date"] if c else None, materials=tuple(materials),
        agreement_kind="调解协议" if body.kind and body.kind not in COMMITTEE_KINDS else "人民调解协议",
    )


def court_choices(session: Session, case: RecordDTO) -> tuple[str, ...]:
    """The names of court_options(), the default first."""
    return tuple(c.name for c in court_options(session, case))


def _places(session: Session) -> list[tuple[str, str | None]]:
    """(name, area code) of every place on record: the areas' figures, the offices, the bodies."""
    from sqlalchemy import select

    from fydesk.models import AreaStat, MediationBody, Office

    out: list[tuple[str, str | None]] = []
    for model, name in ((AreaStat, AreaStat.area_name), (Office, Office.name), (MediationBody, MediationBody.name)):
        out.extend(session.execute(select(name, model.area_code).where(
            model.deleted_at.is_(None), model.area_code.is_not(None)).distinct()).all())
    return out


def court_options(session: Session, case: RecordDTO) -> tuple[M.CourtChoice, ...]:
    """The courts a 司法确认 application may go to, each with why, the default first
    (domain/courts.py); where a party lives and the subject matter lies is read from the
    addresses against the places on record."""
    from sqlalchemy import select

    from fydesk.domain.courts import COURT_KINDS, INVITED, Court, competent_courts
    from fydesk.domain.places import area_of_address
    from fydesk.models import Office

    courts = [Court(*row) for row in session.execute(select(Office.name, Office.kind, Office.area_code).where(
        Office.kind.in_(COURT_KINDS), Office.deleted_at.is_(None)).order_by(Office.code))]
    row = session.get(Office, case["office_id"])
    office = Court(row.name, row.kind, row.area_code) if row is not None else None
    body = presiding_body(session, case)
    party_areas, subject_area = [], None
    if not (office and office.kind in COURT_KINDS and (case["category"] in INVITED or body.kind == "驻庭人民调解委员会")):
        places = _places(session)  # read only where other courts may be competent
        for p in sorted(records.list_children(session, "party", "case_id", case.id),
                        key=lambda p: (_ROLE_ORDER.get(p["role"], 9), p.id)):
            if area := area_of_address(p["address"], places):
                party_areas.append((p["name"], area))
        subject_area = area_of_address(case["subject_location"], places)
    found = competent_courts(courts, office=office, category=case["category"], body_kind=body.kind,
                             body_area=body.area_code, party_areas=party_areas, subject_area=subject_area)
    return tuple(M.CourtChoice(name, reasons) for name, reasons in found) or (M.CourtChoice(BLANK_COURT, ()),)


def healthcheck(session: Session, key: str) -> M.HealthCheckDoc:
    v = records.get(session, "visit", key)
    firm = records.get(session, "enterprise", v["enterprise_id"], include_deleted=True)
    risks = records.list_children(session, "risk", "visit_id", v.id)
    offices = tuple(n for n in (_name(session, "office", i) for i in v["office_ids"] or ()) if n)
    return M.HealthCheckDoc(
        report_number=v["report_number"], firm=firm["name"], uscc=firm["uscc"], industry=firm["industry"],
        address=firm["address"],
        contact=" ".join(x for x in (firm["contact_name"], firm["contact_phone"]) if x) or None,
        visit_date=v["visit_date"], offices=offices, team=v["people"], findings=v["findings"],
        checklist=tuple(M.ChecklistItem(str(i.get("item", "")), str(i.get("result", "")), str(i.get("note") or ""))
                        for i in (v["checklist"] or ()) if isinstance(i, dict)),
        # each risk as it stood on the report's date: a later rectification is not printed back
        risks=tuple(M.RiskInfo(r["category"], r["description"], r["level"], r["suggestion"],
                               r["rectification_due"],
                               risk_status_on(r["status"] or "发现", r["rectified_date"], r["rectification_due"],
                                              v["visit_date"]))
                    for r in risks),
        issuer=offices[0] if offices else (_name(session, "office", v.owner_office_id) or ""),
    )


def suggestion(session: Session, key: str) -> M.SuggestionDoc:
    try:
        s = records.get(session, "suggestion", key)
    except NotFoundError:
        from sqlalchemy import select

        from fydesk.models import JudicialSuggestion as S

        row = session.scalar(select(S).where(S.number == key, S.deleted_at.is_(None)))
        if row is None:
            raise NotFoundError(f"找不到司法建议 {key}（可用记录编号或文号）。") from None
        s = records.to_dto(records.entity("suggestion"), row)
    days = s["reply_days"] or load_rules(session)["suggestion_reply"].days
    source = s["source_case_number"]
    return M.SuggestionDoc(
        court=_issuing_court(session, s["office_id"]), number=s["number"], kind=s["kind"],
        addressee=s["addressee"], cc=s["cc"], source_case_number=source,
        problem=s["problem"], suggestion=s["suggestion"], issued_date=s["issued_date"],
        reply_days=days, reply_due=s["reply_due"], source_kind=_source_kind(session, source),
    )


def _issuing_court(session: Session, office_id: str | None) -> str:
    """The court a suggestion issues from: a 人民法庭 is part of its basic court and signs as it
    (本院 is the basic court), so its parent office, or the court its own name begins with."""
    from fydesk.models import Office

    office = session.get(Office, office_id) if office_id else None
    if office is None:
        return ""
    if office.kind != "人民法庭":
        return office.name
    parent = session.get(Office, office.parent_id) if office.parent_id else None
    if parent is not None and parent.kind == "基层法院":
        return parent.name
    head, found, _ = office.name.partition("人民法院")
    return head + found if found and head else office.name


def _source_kind(session: Session, number: str | None) -> str | None:
    """调解 for a mediation case in the register, 执行 for an enforcement case, else 审理."""
    if not number:
        return None
    if case_by_number(session, number) is not None or "调字" in number:
        return "调解"
    return "执行" if "执" in number else "审理"


def cover(session: Session, key: str) -> M.CoverDoc:
    case = _case(session, key)
    parties = _parties(session, case.id, full=False)
    entries: list[M.FileEntry] = [
        M.FileEntry("人民调解申请书（登记表）", case["registered_date"]),
        M.FileEntry("当事人身份证明材料", case["registered_date"]),
    ]
    if case["accepted_date"]:
        entries.append(M.FileEntry("受理通知", case["accepted_date"]))
    sessions = sorted(records.list_children(session, "session", "case_id", case.id), key=lambda r: r["held_at"])
    for i, s in enumerate(sessions, start=1):
        entries.append(M.FileEntry(f"调解笔录（第{i}次）", s["held_at"].date()))
    for ext in records.list_children(session, "extension", "case_id", case.id):
        entries.append(M.FileEntry("延长调解期限决定", ext["decided_date"], f"{ext['days']}日"))
    for a in records.list_children(session, "agreement", "case_id", case.id):
        entries.append(M.FileEntry("人民调解协议书", a["signed_date"], a["number"] or ""))
        for c in records.list_children(session, "confirmation", "agreement_id", a.id):
            entries.append(M.FileEntry("司法确认申请书及法院裁定", c["ruling_date"] or c["applied_date"],
                                       c["result"] or c["status"] or ""))
        terms = records.list_children(session, "term", "agreement_id", a.id)
        done = [p["done_date"] for t in terms
                for p in records.list_children(session, "performance", "term_id", t.id) if p["done_date"]]
        if done:
            entries.append(M.FileEntry("协议履行情况回访记录", max(done)))
    if case["close_date"]:
        entries.append(M.FileEntry("结案报告", case["close_date"], case["result"] or ""))
    entries.sort(key=lambda e: e.day or date.max)
    return M.CoverDoc(
        office=_name(session, "office", case["office_id"]) or "", case_number=case["case_number"],
        archive_number=case["archive_number"], dispute_type=case["dispute_type"], category=case["category"],
        parties=tuple(f"{p.role} {p.name}" for p in parties),
        mediator=_name(session, "staff", case["lead_mediator_id"]), accepted_date=case["accepted_date"],
        close_date=case["close_date"], result=case["result"], close_method=case["close_method"],
        retention="长期", entries=tuple(entries),
    )


def casefile(session: Session, key: str, files: Path | None = None) -> CasefileDoc:
    """The 卷宗 of a case: the generated documents and the attachments of the case and its
    parties, sessions and agreements, each under its checklist item. `files`: the data dir's
    attachment bodies; an attachment whose body is not here is listed, not bound in."""
    from sqlalchemy import select

    from fydesk.domain.casefile import BY_KIND
    from fydesk.models import Attachment, AttachmentBody
    from fydesk.store.bodies import Bodies

    case = _case(session, key)
    parts: list[Part] = []
    sessions = sorted(records.list_children(session, "session", "case_id", case.id),
                      key=lambda r: (r["held_at"], r.id))
    for i, s in enumerate(sessions, start=1):
        parts.append(Part("sessions", f"调解笔录（第{i}次）", s["held_at"].date(), "session",
                          session_record(session, s.id)))
    agreements = records.list_children(session, "agreement", "case_id", case.id)
    for a in agreements:
        try:
            parts.append(Part("agreement", "人民调解协议书", a["signed_date"], "agreement", agreement(session, a.id)))
        except FydeskError as exc:  # an agreement with no terms yet: listed, with why
            parts.append(Part("agreement", "人民调解协议书", a["signed_date"], note=exc.message[:40]))
        for c in records.list_children(session, "confirmation", "agreement_id", a.id):
            parts.append(Part("confirmation", "司法确认申请书", c["applied_date"], "confirmation",
                              confirmation(session, c.id)))
    owners = {case.id, *(r.id for r in sessions), *(r.id for r in agreements),
              *(r.id for r in records.list_children(session, "party", "case_id", case.id))}
    bodies = Bodies(files) if files is not None else None
    held = set(session.scalars(select(AttachmentBody.sha256)))
    for att in session.scalars(select(Attachment).where(Attachment.owner_id.in_(owners),
                                                        Attachment.deleted_at.is_(None))
                               .order_by(Attachment.added_at, Attachment.id)):
        here = bodies is not None and att.sha256 in held and bodies.has(att.sha256)
        parts.append(Part(BY_KIND.get(att.kind, "explanation"), att.name,
                          att.added_at.date() if att.added_at else None,
                          path=bodies.path(att.sha256) if here else None, media_type=att.media_type,
                          note="" if here else "内容未下载到本机"))
    return CasefileDoc(cover=cover(session, case.id), parts=tuple(parts))


def bulletin(session: Session, period: str, *, today: date | None = None) -> M.BulletinDoc:
    from fydesk.services.stats import monthly

    office_id = get_setting(session, "office_id")
    s = monthly(session, period, today=today, office_id=office_id)  # 本单位: this office's own figures
    office = s.office_name or _name(session, "office", office_id) or ""

    def rows(items) -> tuple[M.CountRow, ...]:
        return tuple(M.CountRow(b.key, b.accepted, b.succeeded) for b in items)

    def area(a) -> M.AreaRow:
        return M.AreaRow(a.area_code, a.area_name, a.population, a.filings, a.rate_per_10k)

    return M.BulletinDoc(
        issuer=office, scope="本单位", period=s.period, registered=s.registered, accepted=s.accepted,
        mediated=s.mediated, succeeded=s.succeeded, failed=s.failed, success_rate=s.success_rate,
        denominator_label=s.denominator_label, amount_involved=s.amount_involved,
        amount_agreed=s.amount_agreed, areas=tuple(area(a) for a in s.areas),
        area_total=area(s.area_total) if s.areas else None, by_dispute_type=rows(s.by_dispute_type),
        by_source=rows(s.by_source), by_office=rows(s.by_office), trend=s.trend, visits=s.visits,
        risks_by_level=s.risks_by_level, suggestions_issued=s.suggestions_issued,
        suggestions_replied=s.suggestions_replied, suggestions_overdue=s.suggestions_overdue,
        joint_opened=s.joint_opened, joint_concluded=s.joint_concluded,
        joint_by_mode=tuple((j.mode, j.opened, j.concluded) for j in s.joint_by_mode),
        petitions=M.PetitionCounts(s.petitions.received, s.petitions.resolved, s.petitions.transferred,
                                   s.petitions.ended, s.petitions.rate),
    )


_GATHER: dict[str, Callable[..., object]] = {
    "agreement": agreement, "session": session_record, "confirmation": confirmation,
    "healthcheck": healthcheck, "suggestion": suggestion, "cover": cover, "bulletin": bulletin,
}


def collect(session: Session, kind: str, key: str, *, masked: bool = False, today: date | None = None,
            files: Path | None = None, court: str | None = None):
    """The values of one document: key is a record id (or case number, 文号) or, for the
    bulletin, a period YYYY-MM. masked hides full ID numbers even where the copy needs them.
    files: where attachment bodies are kept, for the 卷宗 that binds them in. court: the court
    a 司法确认 application is printed for, instead of the recorded one."""
    check_kind(kind)
    if kind == "casefile":
        return casefile(session, key, files)
    if kind in BY_PERIOD:
        return bulletin(session, key, today=today)
    if kind == "confirmation":
        return confirmation(session, key, masked=masked, court=court)
    if kind == "agreement":
        return _GATHER[kind](session, key, masked=masked)
    return _GATHER[kind](session, key)


def document_font(session: Session) -> str | None:
    """The font file chosen in settings, if any: first in the font chain."""
    return get_setting(session, FONT_SETTING)
