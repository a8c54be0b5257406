"""Create, edit, void and read any entity through the same rules the forms use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fydesk.domain import deadlines
from fydesk.domain.errors import NotFoundError, TransitionError, ValidationError
from fydesk.domain.fields import LONG_TEXT, format_money
from fydesk.domain.ids import mask_birth_date, mask_id, mask_ids_in_text
from fydesk.domain.schema import VOID_REASON
from fydesk.domain.states import MACHINES, check_correction, check_move
from fydesk.models import AuditEntry, DeadlineRuleRow, new_id, utcnow

from .context import Actor
from .entities import ENTITIES, HUB_WRITTEN, HUB_WRITTEN_MESSAGE, Entity, WriteContext, entity
from .hooks import RareCheck, check_phones, check_printable
from .journal import journal, wire


@dataclass(frozen=True)
class RecordDTO:
    entity: str
    id: str
    rev: int
    owner_office_id: str | None
    deleted: bool
    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def to_json(self, *, full: bool = False) -> dict[str, Any]:
        """Plain JSON: ISO dates, money as yuan text, sensitive values masked unless full.

        Masked, a birth date keeps its year only and an ID number typed into free text is
        masked too: nothing in the result puts a masked number back together.
        """
        spec = ENTITIES[self.entity]
        out: dict[str, Any] = {"entity": self.entity, "id": self.id, "rev": self.rev,
                               "owner_office_id": self.owner_office_id, "deleted": self.deleted}
        for f in spec.fields:
            value = self.values.get(f.name)
            if f.kind == "money":
                value = format_money(value)
            elif value and not full and f.sensitive:
                value = mask_birth_date(value) if f.kind == "date" else mask_id(value)
            elif value and not full and f.kind == "text" and f.limit >= LONG_TEXT:
                value = mask_ids_in_text(value)  # free text only: a code field keeps its code
            out[f.name] = wire(value)
        return out


def load_rules(session: Session) -> Mapping[str, deadlines.Rule]:
    overrides = {r.key: r.days for r in session.scalars(select(DeadlineRuleRow))}
    return deadlines.rules_with(overrides) if overrides else deadlines.DEFAULT_RULES


def snapshot(spec: Entity, obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in spec.fields}


def to_dto(spec: Entity, obj: Any) -> RecordDTO:
    return RecordDTO(
        entity=spec.name,
        id=obj.id,
        rev=obj.rev,
        owner_office_id=obj.owner_office_id,
        deleted=obj.deleted_at is not None,
        values=MappingProxyType(snapshot(spec, obj)),
    )


REASON_FIELD = "status_reason"


def _context(session: Session, actor: Actor, today: date | None, import_mode: bool,
             rare: RareCheck | None = None) -> WriteContext:
    day = today or date.today()

    def write(entity_name: str, record_id: str, values: dict[str, Any]) -> None:
        update(session, actor, entity_name, record_id, values, today=day, system=True)

    return WriteContext(session, actor, day, load_rules(session), import_mode, write=write, rare=rare)


def _load(session: Session, spec: Entity, record_id: str, *, include_deleted: bool = False) -> Any:
    obj = session.get(spec.model, record_id)
    if obj is None or (obj.deleted_at is not None and not include_deleted):
        raise NotFoundError(f"找不到{spec.label} {record_id}。")
    return obj


def _parse(spec: Entity, raw: Mapping[str, Any], *, creating: bool, system: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in raw.items():
        f = spec.field(name)
        if f.system and not system:
            raise ValidationError(f.name, f.label, f"“{f.label}”由系统维护，不能直接填写。")
        if not (f.editable or creating or system):
            raise ValidationError(f.name, f.label, f"“{f.label}”建立后不能修改。")
        values[name] = f.parse(value)
    return values


def _check_refs(session: Session, spec: Entity, values: Mapping[str, Any],
                known: set[str] | None = None) -> None:
    """Every reference names a live record; `known`: ids already found (or about to be
    written by the same import), which need no look-up."""
    for f in spec.fields:
        value = values.get(f.name)
        if f.ref is None or value is None:
            continue
        target = ENTITIES[f.ref]
        for ref_id in (value if f.kind == "list" else [value]):
            if known is not None and ref_id in known:
                continue
            row = session.get(target.model, ref_id)
            if row is None or row.deleted_at is not None:
                raise ValidationError(f.name, f.label, f"“{f.label}”指向的{target.label}不存在：{ref_id}。")
            if known is not None:
                known.add(ref_id)


def _flush(session: Session, spec: Entity) -> None:
    """Flush, turning a unique-constraint clash into a sentence naming the field."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        found = re.search(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)", str(exc.orig))
        columns = [c.split(".")[-1] for c in found[1].split(", ")] if found else []
        fields = [spec.field(c) for c in columns if c in {f.name for f in spec.fields}]
        if not fields:
            raise
        labels = "、".join(f"“{f.label}”" for f in fields)
        raise ValidationError(fields[0].name, fields[0].label,
                              f"已有{labels}相同的{spec.label}，不能重复。") from None


def _check_required(spec: Entity, values: Mapping[str, Any]) -> None:
    for f in spec.fields:
        if f.required and values.get(f.name) is None:
            raise ValidationError(f.name, f.label, f"请填写“{f.label}”。")


def _run_hooks(ctx: WriteContext, spec: Entity, before: dict | None, after: dict) -> None:
    for hook in spec.hooks:
        hook(ctx, before, after)
    check_printable(ctx, spec.fields, before, after)
    check_phones(ctx, spec.fields, before, after)


def create(
    session: Session,
    actor: Actor,
    entity_name: str,
    raw: Mapping[str, Any],
    *,
    record_id: str | None = None,
    today: date | None = None,
    import_mode: bool = False,
    system_values: Mapping[str, Any] | None = None,
    rare: RareCheck | None = None,
) -> RecordDTO:
    """Insert one record with its audit entry and outbox op; raises before writing anything.

    `rare`: check the texts against the document fonts (see hooks.RareCheck)."""
    spec = entity(entity_name)
    ctx = _context(session, actor, today, import_mode, rare)
    after = prepare(ctx, spec, raw, system_values=system_values)
    obj = spec.model(id=record_id or new_id(), owner_office_id=actor.office_id)
    for name, value in after.items():
        setattr(obj, name, value)
    if record_id is not None and session.get(spec.model, record_id) is not None:
        raise ValidationError("id", "编号", f"{spec.label} {record_id} 已存在。")
    session.add(obj)
    _flush(session, spec)
    journal(session, actor, op="insert", entity=spec.name, record_id=obj.id,
            before=None, after=after, base_rev=0)
    dto = to_dto(spec, obj)
    if not import_mode:  # an import brings its parents' derived values along
        for hook in spec.after_create:
            hook(ctx, dto)
    return dto


def import_context(session: Session, actor: Actor, today: date | None = None,
                   rare: RareCheck | None = None) -> WriteContext:
    """One context for every record of an import: the rules are read once, not per row."""
    return _context(session, actor, today, True, rare)


def prepare(ctx: WriteContext, spec: Entity, raw: Mapping[str, Any], *,
            system_values: Mapping[str, Any] | None = None, known: set[str] | None = None) -> dict[str, Any]:
    """A new record's values as the form rules make them (parsed, defaulted, derived, checked),
    or ValidationError; nothing is written. `known`: see _check_refs."""
    session, import_mode = ctx.session, ctx.import_mode
    values = _parse(spec, raw, creating=True, system=import_mode)
    values.update(system_values or {})
    status = spec.status_field
    if status is not None:
        initial = MACHINES[status.machine].initial
        if values.get(status.name) is None:
            values[status.name] = initial
        elif values[status.name] != initial and not import_mode:
            raise ValidationError(status.name, status.label,
                                  f"新建{spec.label}的“{status.label}”只能是“{initial}”。")
    _check_required(spec, values)
    _check_refs(session, spec, values, known)
    # Column defaults first, so that hooks see the same values a reload would show.
    for column in spec.model.__table__.columns:
        if column.name in spec.field_names and values.get(column.name) is None:
            default = column.default
            if default is not None and default.is_scalar:
                values[column.name] = default.arg
            elif default is not None and default.is_callable and column.name not in ("id",):
                values[column.name] = default.arg(None)
    after = {f.name: values.get(f.name) for f in spec.fields}
    _run_hooks(ctx, spec, None, after)
    _check_required(spec, after)
    return after


def insert_prepared(session: Session, actor: Actor, items: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Write records `prepare` checked — (entity, new id, values) — with their audit entries
    and outbox ops, in statements of many rows: an import's tens of thousands of records
    cost seconds this way, not minutes through the unit of work one by one."""
    from fydesk.store.bulk import Writer

    from .journal import journal_inserts

    writer = Writer(session)
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for name, record_id, after in items:
        by_entity.setdefault(name, []).append({**after, "id": record_id, "owner_office_id": actor.office_id})
    for name in ENTITIES:  # parents before children
        if name in by_entity:
            writer.insert(ENTITIES[name].model, by_entity[name])
    journal_inserts(session, actor, items)


def update(
    session: Session,
    actor: Actor,
    entity_name: str,
    record_id: str,
    raw: Mapping[str, Any],
    *,
    today: date | None = None,
    system: bool = False,
    rare: RareCheck | None = None,
    reason: str | None = None,
) -> RecordDTO:
    """Edit fields of one record; a status change must be one the state machine allows.

    `reason`: why the status moves — required for a move into 不予受理, 调解不成 or 撤回 (see
    Machine.reasoned), kept in the record's 状态变更理由 and sent with the move."""
    spec = entity(entity_name)
    if spec.append_only:
        raise ValidationError("id", spec.label, f"{spec.label}只能追加，不能修改；如有错误请追加一条更正记录。")
    obj = _load(session, spec, record_id)
    changes = _parse(spec, raw, creating=False, system=system)
    before = snapshot(spec, obj)
    after = {**before, **changes}
    status = spec.status_field
    moving = status is not None and after[status.name] != before[status.name]
    if moving:
        if after[status.name] is None:
            raise ValidationError(status.name, status.label, f"“{status.label}”不能为空。")
        check_move(status.machine, before[status.name], after[status.name], reason)
    forced: tuple[str, ...] = ()
    if reason is not None and reason.strip():
        if not moving:
            raise ValidationError(REASON_FIELD, "状态变更理由", "理由只能随状态变更一并填写。")
        after[REASON_FIELD] = spec.field(REASON_FIELD).parse(reason)
        forced = (REASON_FIELD,)  # the hub sees the reason with the move, even one written before
    return _save(session, actor, spec, obj, before, after, changes, today=today, rare=rare, forced=forced)


def correct(
    session: Session,
    actor: Actor,
    entity_name: str,
    record_id: str,
    target: str,
    reason: str,
    *,
    today: date | None = None,
) -> RecordDTO:
    """更正: undo an erroneous status move, back to the status it came from or on to the move
    that should have been made from there, with the reason written down. An ordinary audited,
    synced edit (its audit entry says "correct"); values the wrong status brought with it
    (a 受理 date, a 结案 date, a result) go with it."""
    spec = entity(entity_name)
    status = spec.status_field
    if status is None:
        raise ValidationError("status", spec.label, f"{spec.label}没有状态，无须更正。")
    obj = _load(session, spec, record_id)
    before = snapshot(spec, obj)
    current = before[status.name]
    moved, previous = _last_move(session, spec.name, obj.id, current)
    if not moved:
        raise TransitionError(f"{spec.label}一直是“{current}”状态，没有可更正的状态变更。")
    check_correction(status.machine, current, target, reason, previous)
    after = {**before, status.name: target, **_left_behind(spec.name, target),
             REASON_FIELD: spec.field(REASON_FIELD).parse(reason)}
    return _save(session, actor, spec, obj, before, after, {}, today=today, rare=None,
                 forced=(status.name, REASON_FIELD), action="correct")


def corrections(session: Session, entity_name: str, record_id: str) -> tuple[str, ...]:
    """The statuses a 更正 of the record's last status move may choose (Machine.corrections):
    none when its trail shows it has kept the status it was made with."""
    spec = entity(entity_name)
    status = spec.status_field
    if status is None:
        return ()
    current = getattr(_load(session, spec, record_id), status.name)
    moved, previous = _last_move(session, spec.name, record_id, current)
    return MACHINES[status.machine].corrections(current, previous) if moved else ()


def _last_move(session: Session, entity_name: str, record_id: str, current: str) -> tuple[bool, str | None]:
    """Whether the record's status was ever moved, and from which status the move into
    `current` came if this PC made it (None when the trail does not say: moved at another
    office and pulled, or brought in by an import)."""
    rows = session.execute(
        select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.record_id == record_id, AuditEntry.entity == entity_name)
        .order_by(AuditEntry.seq.desc())
    )
    for action, before, after in rows:
        after = after or {}
        if action.startswith("sync-"):
            if "status" in (after.get("fields") or {}):
                return True, None
            continue
        if "status" not in after:
            continue
        if action == "insert":
            return False, None
        if after["status"] != current or action not in ("update", "correct"):
            return True, None
        return True, (before or {}).get("status")
    return True, None  # no trail here at all: an imported or restored record


# Values a status brings with it, and the statuses they belong to: a correction to a status
# outside them takes them away again (the hooks would refuse them there, and the figures
# count cases by these dates).
_BELONGS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "case": (
        (("accepted_date", "term_end"), "受理 调解中 达成协议 调解不成 撤回 履行中 履行完毕 未履行 结案 归档"),
        (("result",), "达成协议 调解不成 撤回 履行中 履行完毕 未履行 结案 归档"),
        (("close_date", "close_method"), "结案 归档"),
    ),
    "confirmation": (
        (("applied_date",), "已申请 已受理 确认有效 驳回 撤回"),
        (("court_accepted_date",), "已受理 确认有效 驳回"),
        (("result", "ruling_date"), "确认有效 驳回 撤回"),
    ),
    "joint_case": ((("closed_date",), "已办结"),),
    "risk": ((("rectified_date",), "已整改"),),
    "petition": (
        (("closed_date", "close_document"), "已化解 终结移交 依法终结"),
        (("transfer_to",), "终结移交"),
    ),
    "suggestion": (
        (("served_date",), "送达 已答复 办结"),
        (("reply_date",), "已答复 办结"),
    ),
}


def _left_behind(entity_name: str, target: str) -> dict[str, Any]:
    return {name: None for names, states in _BELONGS.get(entity_name, ())
            if target not in states.split() for name in names}


def _save(session: Session, actor: Actor, spec: Entity, obj: Any, before: dict[str, Any],
          after: dict[str, Any], changes: Mapping[str, Any], *, today: date | None,
          rare: RareCheck | None, forced: tuple[str, ...] = (), action: str = "update") -> RecordDTO:
    """Check, write and journal an edit; `forced` fields go out even when unchanged."""
    ctx = _context(session, actor, today, False, rare)
    ctx.record_id = obj.id
    _check_required(spec, after)
    _check_refs(session, spec, changes)
    _run_hooks(ctx, spec, before, after)
    diff = {k: v for k, v in after.items() if v != before[k] or k in forced}
    if not diff:
        return to_dto(spec, obj)
    for name, value in diff.items():
        setattr(obj, name, value)
    _flush(session, spec)
    journal(session, actor, op="update", entity=spec.name, record_id=obj.id,
            before={k: before[k] for k in diff}, after=diff, base_rev=obj.rev, action=action)
    return to_dto(spec, obj)


def decide(session: Session, actor: Actor, entity_name: str, record_id: str, field_name: str,
           value: Any, *, seen_rev: int = 0) -> RecordDTO:
    """A person settles a 需协调 field between the values two offices wrote: the chosen value is
    written and journaled even when it is the one already here (the hub must hear the
    decision), without the state machine (both values were reached legitimately). `seen_rev`:
    the hub revision of the conflict, which the person has seen even if this copy's record has
    not caught up with it yet."""
    spec = entity(entity_name)
    obj = _load(session, spec, record_id)
    f = spec.field(field_name)
    parsed = f.parse(value)
    before = snapshot(spec, obj)
    after = {**before, field_name: parsed}
    _check_required(spec, after)
    _check_refs(session, spec, {field_name: parsed})
    setattr(obj, field_name, parsed)
    _flush(session, spec)
    journal(session, actor, op="update", entity=spec.name, record_id=obj.id,
            before={field_name: before[field_name]}, after={field_name: parsed}, base_rev=max(obj.rev, seen_rev))
    return to_dto(spec, obj)


def void(session: Session, actor: Actor, entity_name: str, record_id: str, reason: str) -> RecordDTO:
    """Tombstone a record: nothing synced is ever hard-deleted."""
    spec = entity(entity_name)
    if spec.name in HUB_WRITTEN:
        raise ValidationError("id", spec.label, HUB_WRITTEN_MESSAGE)
    if not reason or not reason.strip():
        raise ValidationError("reason", "作废原因", "作废记录须写明原因。")
    reason = VOID_REASON.parse(reason)  # the hub reads it by the same rule
    obj = _load(session, spec, record_id)
    obj.deleted_at = utcnow()
    session.flush()
    journal(session, actor, op="delete", entity=spec.name, record_id=obj.id,
            before=snapshot(spec, obj), after={"reason": reason}, base_rev=obj.rev)
    return to_dto(spec, obj)


def get(session: Session, entity_name: str, record_id: str, *, include_deleted: bool = False) -> RecordDTO:
    spec = entity(entity_name)
    return to_dto(spec, _load(session, spec, record_id, include_deleted=include_deleted))


# The numbers people know a record by, which a command takes in place of its id (as
# `report --id` does): 案号, 协议编号, 文号. Voided records are not found by number.
NUMBERS = {"case": ("case_number", "案号"), "agreement": ("number", "协议编号"), "suggestion": ("number", "文号")}


def find_id(session: Session, entity_name: str, key: str) -> str:
    """The id of the record `key` names: its id, or for a case, agreement or suggestion its number."""
    spec = entity(entity_name)
    if session.get(spec.model, key) is not None or spec.name not in NUMBERS:
        return key  # a missing id is reported by get/update in their own words
    column, label = NUMBERS[spec.name]
    found = session.scalar(select(spec.model.id).where(getattr(spec.model, column) == key,
                                                       spec.model.deleted_at.is_(None)))
    if found is None:
        raise NotFoundError(f"找不到{spec.label} {key}（可用记录编号或{label}）。")
    return found


def list_children(session: Session, entity_name: str, parent_field: str, parent_id: str) -> list[RecordDTO]:
    spec = entity(entity_name)
    column = getattr(spec.model, parent_field)
    rows = session.scalars(
        select(spec.model).where(column == parent_id, spec.model.deleted_at.is_(None))
        .order_by(spec.model.id)
    )
    return [to_dto(spec, r) for r in rows]
