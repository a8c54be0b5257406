"""需协调 across the city: every open conflict as people read it, and the coordinator's notes.

The decision on a conflict stays with the offices (it is a legal field: one of them edits it
with the conflict in view, apply._settle). The city's coordinator sees every open one and may
leave a note; the note is kept here and logged for the offices that see the record, so that
it reaches their PCs with the next sync (protocol.NOTE_ENTITY). The caller owns the transaction.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from fydesk.domain.errors import FydeskError, ValidationError
from fydesk.domain.fields import format_money
from fydesk.domain.ids import mask_id
from fydesk.domain.schema import RULES
from fydesk.sync import protocol as p

from .apply import EVERYONE, VOID_FIELD
from .models import ChangeEntry, Conflict, CoordinationNote, HubOffice, Record, utcnow
from .writer import LogWriter, Rec, lock_log

__all__ = ["ConflictRow", "NoteRow", "add_note", "open_conflicts"]

EMPTY = "空"
# The link that makes a record part of another, for its label: a party "of" its case.
_PARENT_LINKS = ("case_id", "joint_case_id", "agreement_id", "term_id", "visit_id", "enterprise_id")
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")  # PostgreSQL refuses NUL; no encoding writes a lone surrogate


@dataclass(frozen=True)
class NoteRow:
    id: str
    conflict_id: int
    author: str
    text: str
    at: datetime
    seq: int

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "at": self.at.isoformat(sep=" ", timespec="seconds")}


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict as the 需协调 page shows it: values rendered, sensitive ones masked."""

    id: int
    entity: str
    entity_label: str
    record_id: str
    record_label: str  # e.g. 联动案件“土地流转纠纷联动化解”, 调解案件（2026）溪调字第 3 号 · 当事人“王芳”
    field: str
    field_label: str
    hub_value: str  # the value the hub keeps meanwhile
    hub_author: str  # "office·user"
    op_value: str  # the value the other office wrote
    op_author: str
    seq: int
    raised_at: datetime
    age_days: int
    office_ids: tuple[str, ...]
    offices: tuple[str, ...]  # the names of the offices concerned (those that see the record)
    notes: tuple[NoteRow, ...]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(raised_at=self.raised_at.isoformat(sep=" ", timespec="seconds"),
                   office_ids=list(self.office_ids), offices=list(self.offices),
                   notes=[n.to_json() for n in self.notes])
        return out


def open_conflicts(session: Session, office_id: str | None = None, min_age_days: int | None = None,
                   now: datetime | None = None) -> list[ConflictRow]:
    """Every conflict nobody has settled, oldest first; `office_id`: only those concerning that
    office; `min_age_days`: only those open at least so many whole days.

    Reads the open conflicts (an index on resolved_at), the log entries that raised them and the
    records they name (with the records those belong to, for a label): never the whole store.
    """
    if min_age_days is not None and min_age_days < 0:
        raise FydeskError("“至少已等待的天数”不能为负数。")
    now = now or utcnow()
    query = (select(Conflict, ChangeEntry.at).join(ChangeEntry, ChangeEntry.seq == Conflict.seq)
             .where(Conflict.resolved_at.is_(None)).order_by(ChangeEntry.at, Conflict.id))
    if min_age_days:
        query = query.where(ChangeEntry.at <= now - timedelta(days=min_age_days))
    found = session.execute(query).all()
    if not found:
        return []
    records = _records_with_parents(session, {c.record_id for c, _ in found})
    offices = {oid: name for oid, name in session.execute(select(HubOffice.id, HubOffice.name))}
    wanted = []
    for conflict, raised_at in found:
        rec = records.get(conflict.record_id)
        concerned = _concerned(rec)
        if office_id is None or office_id in concerned:
            wanted.append((conflict, raised_at, rec, concerned))
    notes: dict[int, list[NoteRow]] = {}
    ids = [c.id for c, *_ in wanted]
    for chunk in (ids[i:i + 1000] for i in range(0, len(ids), 1000)):
        for n in session.scalars(select(CoordinationNote).where(CoordinationNote.conflict_id.in_(chunk))
                                 .order_by(CoordinationNote.seq)):
            notes.setdefault(n.conflict_id, []).append(_note_row(n))
    rows = []
    for conflict, raised_at, rec, concerned in wanted:
        rules = RULES.get(conflict.entity)
        rows.append(ConflictRow(
            id=conflict.id, entity=conflict.entity, entity_label=rules.label if rules else conflict.entity,
            record_id=conflict.record_id, record_label=_label(rec, records) if rec else conflict.record_id,
            field=conflict.field, field_label=field_label(conflict.entity, conflict.field),
            hub_value=render(conflict.entity, conflict.field, conflict.hub_value, offices, records),
            hub_author=conflict.hub_author,
            op_value=render(conflict.entity, conflict.field, conflict.op_value, offices, records),
            op_author=conflict.op_author, seq=conflict.seq, raised_at=raised_at,
            age_days=max((now - raised_at).days, 0), office_ids=tuple(sorted(concerned)),
            offices=tuple(sorted(offices.get(o, o) for o in concerned)),
            notes=tuple(notes.get(conflict.id, ()))))
    return rows


def add_note(session: Session, conflict_id: int, author: str, text: str) -> NoteRow:
    """The coordinator's note on an open conflict, kept and logged for the offices that see the
    record (they receive it with their next sync). Refused for a settled or unknown conflict."""
    text = (text or "").strip()
    author = (author or "").strip()
    if not text:
        raise ValidationError("text", "协调意见", "请填写协调意见。")
    if len(text) > p.MAX_NOTE_LENGTH:
        raise ValidationError("text", "协调意见", f"协调意见最多 {p.MAX_NOTE_LENGTH} 个字，现有 {len(text)} 个字。")
    if not author or len(author) > 200:
        raise ValidationError("author", "留言人", "留言人须为 1 至 200 个字。")
    if _UNWRITABLE.search(text) or _UNWRITABLE.search(author):
        raise ValidationError("text", "协调意见", "协调意见含有无法保存的字符，请删去后再提交。")
    lock_log(session)  # the note's log entry is an append like any push's
    conflict = session.get(Conflict, conflict_id) if isinstance(conflict_id, int) else None
    if conflict is None:
        raise FydeskError(f"没有第 {conflict_id} 号需协调事项。")
    if conflict.resolved_at is not None:
        raise FydeskError(f"第 {conflict_id} 号需协调事项已由有关单位作出决定，不能再留言。")
    record = session.get(Record, conflict.record_id)
    w = LogWriter.begin(session, None)
    note_id = str(uuid7())
    fields = p.NoteFields(conflict_seq=conflict.seq, entity=conflict.entity, record_id=conflict.record_id,
                          field=conflict.field, author=author, text=text, at=w.now).model_dump(mode="json")
    # Logged as the conflicted record is scoped: both offices, and nobody else. Not a record of
    # the store: nothing ever edits a note.
    carrier = Rec(record_id=note_id, entity=p.NOTE_ENTITY,
                  owner_office_id=record.owner_office_id if record else None, data=fields, field_revs={},
                  field_authors={}, rev=0, scope=list(record.scope) if record else [])
    seq = w.append(carrier, "insert", fields, author)
    w.flush()
    note = CoordinationNote(id=note_id, conflict_id=conflict.id, author=author, text=text, at=w.now, seq=seq)
    session.add(note)
    session.flush()
    return _note_row(note)


# --- reading people's way ----------------------------------------------------------------------

def field_label(entity: str, field: str) -> str:
    if field == VOID_FIELD:
        return "作废"
    rules = RULES.get(entity)
    found = rules.by_name.get(field) if rules else None
    return found.label if found else field


def render(entity: str, field: str, value: Any, offices: dict[str, str],
           records: dict[str, Record] | None = None) -> str:
    """A value as a person reads it: money in yuan, links by name, yes/no, 空 for nothing;
    an ID number masked, as every list shows it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field == VOID_FIELD:
        if value is True:
            return "已作废"
        if isinstance(value, dict):  # the edit that met the void: which fields it changed
            return "修改" + "、".join(field_label(entity, k) for k in value)
        return str(value)
    rules = RULES.get(entity)
    f = rules.by_name.get(field) if rules else None
    if f is None:
        return str(value)
    if f.kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return f"{format_money(value)} 元"
    if isinstance(value, bool):
        return "是" if value else "否"
    if f.sensitive and isinstance(value, str):
        return mask_id(value) if f.kind == "text" else value[:4]
    if f.ref == "office":
        return offices.get(value, str(value))
    if f.ref and records is not None and value in records:
        return _title(records[value]) or str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _note_row(n: CoordinationNote) -> NoteRow:
    return NoteRow(n.id, n.conflict_id, n.author, n.text, n.at, n.seq)


def _concerned(rec: Record | None) -> set[str]:
    if rec is None:
        return set()
    return {o for o in (rec.scope or []) if o != EVERYONE} | {rec.owner_office_id}


def _records_with_parents(session: Session, ids: set[str]) -> dict[str, Record]:
    """The records named, those they belong to, and those their legal fields link to (a
    presiding body by name): a few queries, one per level, never the whole store."""
    out: dict[str, Record] = {}
    wanted, depth = set(ids), 0
    while wanted and depth < 4:
        found = []
        chunks = sorted(wanted)
        for chunk in (chunks[i:i + 1000] for i in range(0, len(chunks), 1000)):
            found += session.scalars(select(Record).where(Record.record_id.in_(chunk))).all()
        for r in found:
            out[r.record_id] = r
        wanted = set()
        for r in found:
            rules = RULES.get(r.entity)
            for f in rules.fields if rules else ():
                linked = r.data.get(f.name)
                if (f.name in _PARENT_LINKS or (f.legal and f.ref and f.ref != "office")) \
                        and isinstance(linked, str) and linked not in out:
                    wanted.add(linked)
        depth += 1
    return out


def _title(rec: Record) -> str | None:
    rules = RULES.get(rec.entity)
    if rules is None:
        return None
    value = rec.data.get(rules.title_field)
    if value is None or value == "":
        return None
    return str(value)


def _label(rec: Record, records: dict[str, Record], depth: int = 0) -> str:
    rules = RULES.get(rec.entity)
    title = _title(rec)
    own = (rules.label if rules else rec.entity) + (f"“{title}”" if title else "")
    if rec.entity == "case" and title:
        own = f"调解案件 {title}"  # 案号 read as they are printed
    parent = next((records[rec.data[k]] for k in _PARENT_LINKS
                   if isinstance(rec.data.get(k), str) and rec.data[k] in records), None)
    if parent is None or depth >= 3:
        return own
    return f"{_label(parent, records, depth + 1)} · {own}"
