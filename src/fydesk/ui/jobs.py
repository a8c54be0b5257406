"""The units of work the pages run on the DB worker: plain functions, no Qt, DTOs out.

Each opens and closes its own session (one unit of work), and is handed the store and user
it needs instead of reaching for the application.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fydesk.domain.errors import ValidationError

if TYPE_CHECKING:  # the ORM costs ~0.4 s to import: the DB worker loads it, not the window
    from fydesk.documents.model import CourtChoice
    from fydesk.domain.deadlines import Deadline
    from fydesk.services.records import RecordDTO
    from fydesk.store.engine import Store


@dataclass(frozen=True)
class Opened:
    store: Store
    office_name: str | None  # None: nothing set up yet, the first-run screen is due
    office_id: str | None
    demo: bool = False  # a demo data dir: made-up records, marked as such on screen and paper


@dataclass(frozen=True)
class CaseDetail:
    case: RecordDTO
    parties: tuple[RecordDTO, ...]
    sessions: tuple[RecordDTO, ...]
    agreements: tuple[RecordDTO, ...]
    terms: tuple[RecordDTO, ...]
    performances: tuple[RecordDTO, ...]
    confirmations: tuple[RecordDTO, ...]
    lead_mediator: str | None
    body: str | None = None  # the presiding body's name, as its documents name it
    body_kind: str | None = None
    courts: tuple[CourtChoice, ...] = ()  # where a 司法确认 may be applied for and why, the default first
    corrections: tuple[str, ...] = ()  # what a 更正 of the last status move may choose
    confirmation_corrections: tuple[str, ...] = ()  # the same for the latest 司法确认
    # the city coordinator's notes on the case's open 需协调 items: (field label, "when who：text")
    coordination_notes: tuple[tuple[str, str], ...] = ()


DASHBOARD_ROWS = 200


@dataclass(frozen=True)
class Dashboard:
    today: date
    deadlines: tuple[Deadline, ...]  # the most urgent DASHBOARD_ROWS
    overdue: int  # counted over all of them
    due_soon: int
    due_total: int
    sessions: tuple[Any, ...]  # lists.SessionRow, the first DASHBOARD_ROWS
    sessions_total: int
    period: str
    registered: int
    accepted: int
    succeeded: int
    success_rate: float | None
    suggestions_overdue: int
    trend: tuple[tuple[str, int, int], ...] = ()  # (YYYY-MM, accepted, succeeded), the last 12 months
    areas: tuple[tuple[str, float | None], ...] = ()  # (area, 万人起诉率) this month
    chart_font: str | None = None  # the documents' font setting: the charts use the bulletin's fonts
    petitions_open: int = 0  # 涉诉信访 not yet 化解 or closed
    petitions_resolved: int = 0  # 化解 this month


@dataclass(frozen=True)
class Monthly:
    figures: Any  # services.stats.StatsDTO
    chart_font: str | None


def open_desk(data_dir: str | Path | None) -> Opened:
    from fydesk.store.bodies import discard_copies
    from fydesk.store.open import open_store

    store = open_store(data_dir, daily_backup=True)
    discard_copies(store.data_dir.opened_dir)  # left by the last session (a crash, a file still open)
    return desk_status(store)


def restore_and_open(data_dir: str | Path | None, source: Path) -> Opened:
    """The damaged database replaced by the backup `source` (its bytes kept aside), then opened."""
    from fydesk.store import backup
    from fydesk.store.engine import DataDir

    dd = DataDir.resolve(data_dir)
    backup.restore(dd.db_path, source, dd.backup_dir)
    return open_desk(data_dir)


def desk_status(store: Store) -> Opened:
    """What open_desk says, for a store already open (after enrolling from the first run)."""
    from fydesk.services import setup

    with store.read() as session:
        info = setup.status(session)
        demo = setup.is_demo(session)
    return Opened(store, info.office_name if info else None, info.office_id if info else None, demo)


def set_up_office(store: Store, user: str | None, code: str, name: str, kind: str,
                  case_prefix: str | None) -> Opened:
    from fydesk.domain.errors import ValidationError
    from fydesk.services import setup

    # The setup service trusts its caller for these; the form names the field instead.
    for value, field, label in ((code, "office_code", "单位代码"), (name, "office_name", "单位名称"),
                                (kind, "kind", "单位类型")):
        if not value or not value.strip():
            raise ValidationError(field, label, f"请填写“{label}”。")
    with store.write() as session:
        info = setup.initialise(session, office_code=code.strip(), office_name=name.strip(), kind=kind,
                                case_prefix=(case_prefix or "").strip() or None, user=user,
                                policy=store.policy)
    return Opened(store, info.office_name, info.office_id)


def make_demo(real: Store, records: int, seed: int = 1, *, state) -> Opened:
    """Demo data in the demo data dir beside `real`, which stays as it is; demo data made there
    before is opened as it stands."""
    from fydesk.services import demo, setup
    from fydesk.store.open import open_store

    store = open_store(real.data_dir.demo_sibling, daily_backup=False, policy=real.policy)

    def progress(done: int, total: int) -> None:
        # The generator writes in one transaction: stopping here rolls all of it back.
        state.raise_if_cancelled()
        state.progress(done, total)

    try:
        with store.read() as session:
            made = setup.is_demo(session)
        if not made:
            demo.generate(store, records=records, seed=seed, progress=progress)
        return desk_status(store)
    except BaseException:
        store.close()
        raise


class RareConfirmed:
    """Rare characters (生僻字) named to the person beside a field: saving again with them is
    the confirmation the sentence asks for (names are legal facts, kept as written). Held by
    the page context for the session; read and written on the DB worker only."""

    ADVICE = "如确认无误，请再次保存"

    def __init__(self) -> None:
        self.characters: set[str] = set()


@contextmanager
def _rare(session, confirmed: RareConfirmed | None) -> Iterator[Any]:
    """The fonts' check for the services' rules; a character it names counts as shown."""
    from fydesk.documents.fonts import missing_characters
    from fydesk.documents.gather import document_font
    from fydesk.services.hooks import RareCheck

    shown = confirmed if confirmed is not None else RareConfirmed()
    try:
        yield RareCheck(missing_characters(document_font(session)), frozenset(shown.characters),
                        advice=shown.ADVICE)
    except ValidationError as exc:
        shown.characters.update(getattr(exc, "characters", ""))
        raise


def _actor(session, user: str | None):
    from fydesk.services.context import load_actor

    return load_actor(session, user)


def case_page(store: Store, status: str | None, text: str | None, after: str | None,
              limit: int, count: bool):
    from fydesk.services import lists

    with store.read() as session:
        return lists.case_page(session, status=status, text=text, after=after, limit=limit, count=count)


def suggestion_page(store: Store, today: date, status: str | None, overdue_only: bool,
                    text: str | None, after: str | None, limit: int, count: bool):
    from fydesk.services import lists

    with store.read() as session:
        return lists.suggestion_page(session, today=today, status=status, overdue_only=overdue_only,
                                     text=text, after=after, limit=limit, count=count)


@dataclass(frozen=True)
class FirmDetail:
    enterprise: RecordDTO
    visits: tuple[RecordDTO, ...]
    risks: Mapping[str, tuple[RecordDTO, ...]]  # by visit id


def enterprise_page(store: Store, text: str | None, after: str | None, limit: int, count: bool):
    from fydesk.services import lists

    with store.read() as session:
        return lists.enterprise_page(session, text=text, after=after, limit=limit, count=count)


def firm_detail(store: Store, enterprise_id: str) -> FirmDetail:
    from types import MappingProxyType

    from fydesk.services import lists, records

    with store.read() as session:
        firm = records.get(session, "enterprise", enterprise_id)
        visits, risks = lists.enterprise_children(session, enterprise_id)
    return FirmDetail(firm, visits, MappingProxyType(risks))


@dataclass(frozen=True)
class JointDetail:
    joint: RecordDTO
    participants: tuple[RecordDTO, ...]
    handoffs: tuple[RecordDTO, ...]  # in time order
    offices: tuple[tuple[str, str], ...]  # (id, name) of every office known here
    conflicts: tuple[Mapping[str, Any], ...]  # the open 需协调 records of this joint case
    corrections: tuple[str, ...] = ()  # what a 更正 of the last status move may choose


def decide_conflict(store: Store, user: str | None, conflict_id: int, take: str) -> Any:
    """A person's decision on one 需协调 item (sync.conflicts.decide)."""
    from fydesk.services.context import load_actor
    from fydesk.sync import conflicts

    with store.write() as session:
        return conflicts.decide(session, load_actor(session, user), conflict_id, take)


def joint_page(store: Store, status: str | None, text: str | None, after: str | None, limit: int,
               count: bool):
    from fydesk.services import lists

    with store.read() as session:
        return lists.joint_page(session, status=status, text=text, after=after, limit=limit, count=count)


def joint_detail(store: Store, joint_id: str) -> JointDetail:
    from types import MappingProxyType

    from fydesk.services import lists, records
    from fydesk.sync import engine

    with store.read() as session:
        joint = records.get(session, "joint_case", joint_id)
        participants = tuple(records.list_children(session, "joint_office", "joint_case_id", joint_id))
        handoffs = tuple(sorted(records.list_children(session, "handoff", "joint_case_id", joint_id),
                                key=lambda h: h["at"]))
        offices = lists.office_choices(session)
        fixes = records.corrections(session, "joint_case", joint_id)
    conflicts = tuple(MappingProxyType(dict(c)) for c in engine.status(store)["conflicts"]
                      if c["entity"] == "joint_case" and c["record_id"] == joint_id)
    return JointDetail(joint, participants, handoffs, offices, conflicts, fixes)


def office_choices(store: Store) -> tuple[tuple[str, str], ...]:
    from fydesk.services import lists

    with store.read() as session:
        return lists.office_choices(session)


def create_joint_case(store: Store, user: str | None, values: Mapping[str, Any],
                      confirmed: RareConfirmed | None = None) -> RecordDTO:
    """The joint case and its lead office as the first participant, in one transaction."""
    from fydesk.services import records

    with store.write() as session, _rare(session, confirmed) as rare:
        actor = _actor(session, user)
        joint = records.create(session, actor, "joint_case", values, rare=rare)
        records.create(session, actor, "joint_office",
                       {"joint_case_id": joint.id, "office_id": joint["lead_office_id"], "role": "牵头"})
        return joint


def get_record(store: Store, entity: str, record_id: str) -> RecordDTO:
    from fydesk.services import records

    with store.read() as session:
        return records.get(session, entity, record_id)


def case_detail(store: Store, case_id: str) -> CaseDetail:
    from fydesk.services import lists, records

    with store.read() as session:
        case = records.get(session, "case", case_id)
        children = lists.case_children(session, case_id)
        lead = None
        if case["lead_mediator_id"]:
            lead = records.get(session, "staff", case["lead_mediator_id"], include_deleted=True)["name"]
        from fydesk.documents.gather import court_options, presiding_body

        body = presiding_body(session, case)
        courts = court_options(session, case)
        fixes = records.corrections(session, "case", case_id)
        latest = children["confirmation"][-1].id if children["confirmation"] else None
        confirmation_fixes = records.corrections(session, "confirmation", latest) if latest else ()
        from fydesk.sync.conflicts import notes_on

        from .hubjobs import note_lines

        ids = {case_id, *(r.id for rows in children.values() for r in rows)}
        notes = tuple((label, note_lines([n])) for label, n in notes_on(session, ids))
    return CaseDetail(case, children["party"], children["session"], children["agreement"],
                      children["term"], children["performance"], children["confirmation"], lead,
                      body.name, body.kind, courts, fixes, confirmation_fixes, notes)


def register_case(store: Store, user: str | None, values: Mapping[str, Any],
                  parties: Sequence[Mapping[str, Any]], confirmed: RareConfirmed | None = None):
    from fydesk.services import cases

    with store.write() as session, _rare(session, confirmed) as rare:
        return cases.register_case(session, _actor(session, user), values, parties, rare=rare)


def add_record(store: Store, user: str | None, entity: str, values: Mapping[str, Any],
               confirmed: RareConfirmed | None = None) -> RecordDTO:
    from fydesk.services import records

    with store.write() as session, _rare(session, confirmed) as rare:
        return records.create(session, _actor(session, user), entity, values, rare=rare)


def update_record(store: Store, user: str | None, entity: str, record_id: str,
                  values: Mapping[str, Any], confirmed: RareConfirmed | None = None,
                  reason: str | None = None) -> RecordDTO:
    from fydesk.services import records

    with store.write() as session, _rare(session, confirmed) as rare:
        return records.update(session, _actor(session, user), entity, record_id, values, rare=rare,
                              reason=reason or None)


def corrections(store: Store, entity: str, record_id: str) -> tuple[str, ...]:
    """The statuses a 更正 of the record's last status move may choose."""
    from fydesk.services import records

    with store.read() as session:
        return records.corrections(session, entity, record_id)


def correct_record(store: Store, user: str | None, entity: str, record_id: str, target: str,
                   reason: str) -> RecordDTO:
    """更正 an erroneous status move (records.correct)."""
    from fydesk.services import records

    with store.write() as session:
        return records.correct(session, _actor(session, user), entity, record_id, target, reason)


@dataclass(frozen=True)
class LedgerImported:
    sheet: str  # the sheet read, found by its header row
    position: int
    sheets: int
    cases: int
    parties: int


def import_ledger(store: Store, user: str | None, path: Path, confirmed: RareConfirmed | None = None, *,
                  state) -> LedgerImported:
    """An office's Excel 台账 in one transaction, reporting rows read; cancelled, nothing stays."""
    from fydesk.documents.xlsx import read_ledger
    from fydesk.services import ledger

    sheet = read_ledger(path, ledger.choose_sheet)

    def progress(done: int, total: int) -> None:
        state.raise_if_cancelled()  # inside the transaction: stopping rolls all of it back
        state.progress(done, total)

    state.progress(0, sheet.total)
    with store.write() as session, _rare(session, confirmed) as rare:
        created = ledger.import_ledger(session, _actor(session, user), sheet.header, sheet.rows, rare=rare,
                                       progress=progress, total=sheet.total)
    return LedgerImported(sheet.title, sheet.position, sheet.sheets, created.get("case", 0),
                          created.get("party", 0))


class PartyRefused(ValidationError):
    """A party's edit was refused: the service's sentence, and which party it was about."""

    def __init__(self, party_id: str, exc: ValidationError) -> None:
        super().__init__(exc.field, exc.label, exc.message)
        self.party_id = party_id
        self.characters = getattr(exc, "characters", "")  # a rare character's refusal stays one


def edit_case(store: Store, user: str | None, case_id: str, case_values: Mapping[str, Any],
              party_values: Mapping[str, Mapping[str, Any]], confirmed: RareConfirmed | None = None) -> None:
    """The case's own fields and its parties' details, edited together: saved all or none."""
    from fydesk.services import records

    with store.write() as session, _rare(session, confirmed) as rare:
        actor = _actor(session, user)
        if case_values:
            records.update(session, actor, "case", case_id, case_values, rare=rare)
        for party_id, values in party_values.items():
            if not values:
                continue
            party = records.get(session, "party", party_id)
            if party["case_id"] != case_id:
                raise ValidationError("case_id", "所属案件", "这名当事人不属于本案件。")
            try:
                records.update(session, actor, "party", party_id, values, rare=rare)
            except ValidationError as exc:
                raise PartyRefused(party_id, exc) from None


def record_agreement(store: Store, user: str | None, case_id: str, values: Mapping[str, Any],
                     terms: Sequence[Mapping[str, Any]], confirmed: RareConfirmed | None = None):
    from fydesk.services import cases

    with store.write() as session, _rare(session, confirmed) as rare:
        return cases.record_agreement(session, _actor(session, user), case_id, values, terms, rare=rare)


def revise_agreement(store: Store, user: str | None, agreement_id: str, changes: Mapping[str, Any],
                     terms: Sequence[tuple[str | None, Mapping[str, Any]]], confirmed: RareConfirmed | None = None):
    from fydesk.services import cases

    with store.write() as session, _rare(session, confirmed) as rare:
        return cases.revise_agreement(session, _actor(session, user), agreement_id, changes, terms, rare=rare)


def dashboard(store: Store, today: date) -> Dashboard:
    from fydesk.documents.gather import document_font
    from fydesk.services import due, lists, stats
    from fydesk.services.context import get_setting

    period = f"{today.year:04d}-{today.month:02d}"
    with store.read() as session:
        deadlines = tuple(due.upcoming(session, today))
        sessions = lists.sessions_on(session, today)
        figures = stats.monthly(session, period, today=today, office_id=get_setting(session, "office_id"))
        font = document_font(session)
    # A big office has thousands of open items; a table that long helps nobody and would cost
    # the GUI thread a second to fill, so the page shows the most urgent and counts the rest.
    return Dashboard(today, deadlines[:DASHBOARD_ROWS], sum(d.state == "overdue" for d in deadlines),
                     sum(d.state == "due_soon" for d in deadlines), len(deadlines),
                     sessions[:DASHBOARD_ROWS], len(sessions), period, figures.registered,
                     figures.accepted, figures.succeeded, figures.success_rate,
                     figures.suggestions_overdue, figures.trend,
                     tuple((a.area_name, a.rate_per_10k) for a in figures.areas), font,
                     figures.petitions.open_at_end, figures.petitions.resolved)


def monthly_stats(store: Store, period: str, denominator: str, today: date) -> Monthly:
    from fydesk.documents.gather import document_font
    from fydesk.services import stats
    from fydesk.services.context import get_setting

    with store.read() as session:
        # this office's own figures, as its 月度通报 and `fydesk stats` give them
        return Monthly(stats.monthly(session, period, denominator, today=today,
                                     office_id=get_setting(session, "office_id")), document_font(session))


# --- 涉诉信访 --------------------------------------------------------------------------------

def petition_page(store: Store, status: str | None, text: str | None, after: str | None, limit: int,
                  count: bool):
    from fydesk.services import petitions

    with store.read() as session:
        return petitions.page(session, status=status, text=text, after=after, limit=limit, count=count)


def petition_detail(store: Store, petition_id: str):
    from fydesk.services import petitions

    with store.read() as session:
        return petitions.detail(session, petition_id)


def register_petition(store: Store, user: str | None, values: Mapping[str, Any],
                      confirmed: RareConfirmed | None = None):
    from fydesk.services import petitions

    with store.write() as session, _rare(session, confirmed) as rare:
        made = petitions.register(session, _actor(session, user), values, rare=rare)
        return petitions.detail(session, made.id)


def add_petition_step(store: Store, user: str | None, petition_id: str, values: Mapping[str, Any],
                      confirmed: RareConfirmed | None = None):
    from fydesk.services import petitions

    with store.write() as session, _rare(session, confirmed) as rare:
        petitions.add_step(session, _actor(session, user), petition_id, values, rare=rare)
        return petitions.detail(session, petition_id)


def edit_petition(store: Store, user: str | None, petition_id: str, values: Mapping[str, Any],
                  confirmed: RareConfirmed | None = None, reason: str | None = None):
    """An edit of the petition's own fields, a status move among them (its reason with it)."""
    from fydesk.services import petitions, records

    with store.write() as session, _rare(session, confirmed) as rare:
        records.update(session, _actor(session, user), "petition", petition_id, values, rare=rare,
                       reason=reason or None)
        return petitions.detail(session, petition_id)


def correct_petition(store: Store, user: str | None, petition_id: str, target: str, reason: str):
    from fydesk.services import petitions, records

    with store.write() as session:
        records.correct(session, _actor(session, user), "petition", petition_id, target, reason)
        return petitions.detail(session, petition_id)
