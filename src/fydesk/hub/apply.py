"""Applying a pushed batch: authorise, merge field by field, log, and remember the answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.sync import protocol as p

from .models import (
    Batch,
    ChangeEntry,
    ChangeScope,
    Conflict,
    Device,
    History,
    HubOffice,
    Record,
    utcnow,
)

EVERYONE = "*"


@dataclass
class Pusher:
    device: Device
    office: HubOffice

    def who(self, user: str) -> str:
        return f"{self.office.name}·{user}"


class Rejected(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def lock_log(session: Session) -> None:
    """Serialise log appends so that sequence order is commit order.

    A sequence value is handed out at insert, not at commit; with two batches committing
    concurrently a lower seq could become visible after a higher one and a "since cursor"
    pull would skip it for ever. One transaction-scoped lock makes that impossible. SQLite
    needs nothing: its writers are already serialised.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text("SELECT pg_advisory_xact_lock(7243001)"))


def stored_response(session: Session, device_id: str, batch_id: str) -> p.PushResponse | None:
    row = session.get(Batch, (device_id, batch_id))
    if row is None:
        return None
    return p.PushResponse.model_validate({**row.response, "replayed": True})


def apply_batch(session: Session, pusher: Pusher, request: p.PushRequest) -> p.PushResponse:
    """Every op of the batch in order, in the caller's transaction, then the stored answer."""
    ids = list({op.record_id for op in request.ops})
    records = {r.record_id: r for r in session.scalars(select(Record).where(Record.record_id.in_(ids)))}
    results = []
    for op in request.ops:
        try:
            results.append(_apply_op(session, pusher, op, records))
        except Rejected as exc:
            results.append(p.OpResult(op_seq=op.op_seq, status="rejected", code=exc.code, reason=exc.reason))
    response = p.PushResponse(batch_id=request.batch_id, results=results, hub_time=utcnow())
    session.add(Batch(device_id=pusher.device.id, batch_id=request.batch_id,
                      response=response.model_dump(mode="json")))
    return response


# --- one op --------------------------------------------------------------------------------

def _record(session: Session, record_id: str | None, records: dict[str, Record]) -> Record | None:
    if record_id is None:
        return None
    if record_id not in records:
        row = session.get(Record, record_id)
        if row is None:
            return None
        records[record_id] = row
    return records[record_id]


def _may_write(pusher: Pusher, record: Record) -> bool:
    office = pusher.office.id
    return record.owner_office_id == office or (
        record.entity in p.JOINT_ENTITIES and office in record.scope
    )


def _log(session: Session, pusher: Pusher | None, record: Record, op: str, fields: dict[str, Any],
         author: str, conflicts: list[p.FieldConflict] = (), scope: list[str] | None = None) -> int:
    entry = ChangeEntry(entity=record.entity, record_id=record.record_id,
                        owner_office_id=record.owner_office_id, op=op, fields=fields,
                        deleted=record.deleted_at is not None,
                        needs_coordination=record.needs_coordination,
                        conflicts=[c.model_dump(mode="json") for c in conflicts], author=author,
                        device_id=pusher.device.id if pusher else None, at=utcnow())
    session.add(entry)
    session.flush()
    for office_id in scope or record.scope:
        session.add(ChangeScope(office_id=office_id, seq=entry.seq))
    return entry.seq


def _apply_op(session: Session, pusher: Pusher, op: p.Op, records: dict[str, Record]) -> p.OpResult:
    if op.entity not in p.LEGAL_FIELDS:
        raise Rejected("invalid", f"未知的记录类型“{op.entity}”。")
    fields = {k: v for k, v in op.fields.items() if k not in p.HUB_FIELDS}
    record = _record(session, op.record_id, records)
    who = pusher.who(op.user)
    if op.op == "insert" and record is None:
        return _insert(session, pusher, op, fields, records, who)
    if record is None:
        raise Rejected("unknown_record", f"中心没有这条{op.entity}记录，无法修改。")
    if record.entity != op.entity:
        raise Rejected("invalid", "记录编号与已有的另一类记录重复。")
    if not _may_write(pusher, record):
        raise Rejected("forbidden", f"本单位无权修改其他单位的记录（{op.entity} {op.record_id}）。")
    if op.op == "delete":
        return _void(session, pusher, op, record, who)
    if op.entity in p.APPEND_ONLY and op.op == "update":
        raise Rejected("invalid", "只能追加的记录不能修改。")
    return _update(session, pusher, op, record, fields, who)


def _insert(session: Session, pusher: Pusher, op: p.Op, fields: dict[str, Any],
            records: dict[str, Record], who: str) -> p.OpResult:
    office = pusher.office.id
    parent_field = p.JOINT_ENTITIES.get(op.entity)
    if parent_field:
        parent = _record(session, fields.get(parent_field), records)
        if parent is None or office not in parent.scope:
            raise Rejected("forbidden", "本单位未参与该联动案件，不能添加其记录。")
    elif op.entity == "office":
        raise Rejected("forbidden", "单位由市级平台管理员登记，不能由办公电脑新增。")
    if op.entity == "joint_case":
        _registered_office(session, fields.get("lead_office_id"), "牵头单位")
    elif op.entity == "joint_office":
        _registered_office(session, fields.get("office_id"), "参与单位")
    record = Record(record_id=op.record_id, entity=op.entity, owner_office_id=office, data=dict(fields),
                    field_revs={}, field_authors={}, rev=0, scope=[], needs_coordination=False)
    record.scope = _initial_scope(session, op.entity, fields, office, records)
    session.add(record)
    records[op.record_id] = record
    seq = _log(session, pusher, record, "insert", fields, who)
    record.rev = seq
    record.field_revs = {k: seq for k in fields}
    record.field_authors = {k: [pusher.device.id, who] for k in fields}
    if op.entity == "joint_office":
        _widen_joint_case(session, pusher, record, records, who)
    return p.OpResult(op_seq=op.op_seq, status="applied", rev=seq)


def _registered_office(session: Session, office_id: Any, role: str) -> None:
    """An office a client names as a joint case's lead or participant must be a hub office.

    The id becomes a scope key: "*" would show the case to every office, a made-up id to
    no real one; a non-string broke sorting the scope, and one longer than an office id broke
    the scope insert on PostgreSQL (varchar(36)), failing the whole batch on every retry.
    """
    if office_id is None:
        return
    if not isinstance(office_id, str) or session.get(HubOffice, office_id) is None:
        raise Rejected("invalid", f"{role}不是市级平台上登记的单位。")


def _initial_scope(session: Session, entity: str, data: dict[str, Any], owner: str,
                   records: dict[str, Record]) -> list[str]:
    if entity == "joint_case":
        return sorted({owner, data.get("lead_office_id") or owner})
    parent_field = p.JOINT_ENTITIES.get(entity)
    if parent_field:
        parent = _record(session, data.get(parent_field), records)
        return sorted(set(parent.scope) if parent else {owner})
    return [owner]


def _widen_joint_case(session: Session, pusher: Pusher, link: Record, records: dict[str, Record],
                      who: str) -> None:
    """A new participant office sees the joint case and all that hangs off it, from now on."""
    joint = _record(session, link.data.get("joint_case_id"), records)
    newcomer = link.data.get("office_id")
    if joint is None or not newcomer or newcomer in joint.scope:
        return
    family = [joint, *session.scalars(select(Record).where(
        Record.entity.in_(("joint_office", "handoff")), Record.record_id != link.record_id))]
    family = [r for r in family if r is joint or r.data.get("joint_case_id") == joint.record_id]
    for r in family + [link]:
        r.scope = sorted(set(r.scope) | {newcomer})
        if r is not link:
            # The newcomer has never seen these: send each whole, to it alone.
            _log(session, pusher, r, "insert", dict(r.data), who, scope=[newcomer])
    # The link was logged before the scope grew; the newcomer needs it too.
    _log(session, pusher, link, "insert", dict(link.data), who, scope=[newcomer])


def _update(session: Session, pusher: Pusher, op: p.Op, record: Record, fields: dict[str, Any],
            who: str) -> p.OpResult:
    applied: dict[str, Any] = {}
    conflicts: list[p.FieldConflict] = []
    overwritten: list[tuple[str, Any, Any]] = []
    concurrent = False
    # Someone else changed other fields of the record since the op's view: a clean merge.
    others_since = any(
        rev > op.base_rev and record.field_authors.get(k, [None])[0] != pusher.device.id
        for k, rev in record.field_revs.items()
    )
    if record.deleted_at is not None and record.deleted_by != pusher.device.id:
        # Edited here, voided there: neither silently wins.
        conflicts.append(_conflict(record, "deleted_at", True, "（已作废）", fields, who, op))
    for name, value in fields.items():
        rev = record.field_revs.get(name, 0)
        author = record.field_authors.get(name, [None, ""])
        if rev <= op.base_rev or author[0] == pusher.device.id:
            if record.data.get(name) != value:
                applied[name] = value
            continue
        concurrent = True
        if record.data.get(name) == value:
            continue  # both sides made the same change
        if name in p.LEGAL_FIELDS[op.entity]:
            conflicts.append(_conflict(record, name, record.data.get(name), author[1], value, who, op))
        else:
            overwritten.append((name, record.data.get(name), author[1]))
            applied[name] = value
    if conflicts:
        record.needs_coordination = True
    if not applied and not conflicts:
        status = "merged" if concurrent or others_since else "applied"
        return p.OpResult(op_seq=op.op_seq, status=status, rev=record.rev)
    kept: dict[str, Any] = {}
    if record.deleted_at is not None and conflicts and conflicts[0].field == "deleted_at":
        # A voided record stays voided until a person decides: nothing of the op is applied,
        # so nothing is overwritten either, and the editor is told the values the hub kept.
        applied, overwritten = {}, []
        kept = {k: record.data.get(k) for k in fields}
    record.data = {**record.data, **applied}
    seq = _log(session, pusher, record, "update" if not conflicts else "flag",
               applied if not conflicts else {**kept, **applied, **{c.field: c.hub_value for c in conflicts
                                                                       if c.field != "deleted_at"}},
               who, conflicts)
    for c in conflicts:
        c.seq = seq
        session.add(Conflict(entity=c.entity, record_id=c.record_id, field=c.field, hub_value=c.hub_value,
                             hub_author=c.hub_author, op_value=c.op_value, op_author=c.op_author, seq=seq))
    for name, old, old_author in overwritten:
        session.add(History(seq=seq, entity=record.entity, record_id=record.record_id, field=name,
                            old_value=old, old_author=old_author, new_value=applied[name], new_author=who))
    record.rev = seq
    record.field_revs = {**record.field_revs, **{k: seq for k in applied}}
    record.field_authors = {**record.field_authors, **{k: [pusher.device.id, who] for k in applied}}
    status = "conflict" if conflicts else ("merged" if concurrent or others_since else "applied")
    return p.OpResult(op_seq=op.op_seq, status=status, rev=seq, conflicts=conflicts)


def _conflict(record: Record, name: str, hub_value: Any, hub_author: str, op_value: Any, who: str,
              op: p.Op) -> p.FieldConflict:
    return p.FieldConflict(entity=record.entity, record_id=record.record_id, field=name,
                           hub_value=hub_value, hub_author=hub_author, op_value=op_value,
                           op_author=who, seq=0)


def _void(session: Session, pusher: Pusher, op: p.Op, record: Record, who: str) -> p.OpResult:
    if record.deleted_at is not None:
        return p.OpResult(op_seq=op.op_seq, status="applied", rev=record.rev)
    edited_elsewhere = record.rev > op.base_rev and any(
        rev > op.base_rev and author[0] != pusher.device.id
        for rev, author in ((record.field_revs.get(k, 0), record.field_authors.get(k, [None, ""]))
                            for k in record.field_revs)
    )
    if edited_elsewhere:
        last = max(record.field_revs, key=lambda k: record.field_revs[k])
        conflict = _conflict(record, "deleted_at", "（仍有效，另有修改）", record.field_authors[last][1],
                             "（作废）" + str(op.fields.get("reason") or ""), who, op)
        record.needs_coordination = True
        seq = _log(session, pusher, record, "flag", {}, who, [conflict])
        conflict.seq = seq
        session.add(Conflict(entity=record.entity, record_id=record.record_id, field="deleted_at",
                             hub_value=conflict.hub_value, hub_author=conflict.hub_author,
                             op_value=conflict.op_value, op_author=who, seq=seq))
        record.rev = seq
        return p.OpResult(op_seq=op.op_seq, status="conflict", rev=seq, conflicts=[conflict])
    record.deleted_at = utcnow()
    record.deleted_by = pusher.device.id
    seq = _log(session, pusher, record, "delete", {"reason": op.fields.get("reason")}, who)
    record.rev = seq
    return p.OpResult(op_seq=op.op_seq, status="applied", rev=seq)

