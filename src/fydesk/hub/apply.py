"""Applying a pushed batch: authorise, merge field by field, and remember the answer.

The merge rules of DESIGN §4 over plain dicts; reading and writing is writer.LogWriter's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError, TransitionError
from fydesk.domain.schema import RULES, VOID_REASON, Rules, check_values
from fydesk.domain.states import MACHINES, check_correction, check_move
from fydesk.sync import protocol as p

from .models import Batch, Device, HubOffice
from .writer import LogWriter, Rec, lock_log, lock_push

__all__ = ["EVERYONE", "Pusher", "Rejected", "add_office_record", "apply_batch", "joint_push", "lock_log",
           "lock_push", "stored_response", "update_office_record"]

EVERYONE = "*"
HUB_AUTHOR = "市级平台"
# The field a void-versus-edit conflict names (_update, _void).
VOID_FIELD = "deleted_at"


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


def stored_response(session: Session, device: Device, batch_id: str, head: int) -> p.PushResponse | None:
    response = session.scalar(select(Batch.response).where(Batch.device_id == device.id,
                                                          Batch.batch_id == batch_id))
    if response is None:
        return None
    return p.PushResponse.model_validate({**response, "replayed": True, "device_acked": device.acked_op_seq,
                                          "head": head})


def apply_batch(session: Session, pusher: Pusher, request: p.PushRequest, head: int | None = None) -> p.PushResponse:
    """Every op of the batch in order, in the caller's transaction, then the stored answer.

    The caller holds the push's locks (lock_push; and may pass the log's `head`).
    """
    w = LogWriter.begin(session, pusher.device.id, head)
    ids: set[str] = set()
    for op in request.ops:
        ids.add(op.record_id)
        ids.update(_named(op))  # the records it links to are checked: one query for them all
    w.load(ids)
    results = []
    for op in request.ops:
        try:
            results.append(_apply_op(w, pusher, op))
        except Rejected as exc:
            results.append(p.OpResult(op_seq=op.op_seq, status="rejected", code=exc.code, reason=exc.reason))
    w.flush()
    if request.ops:
        pusher.device.acked_op_seq = max(pusher.device.acked_op_seq or 0, max(op.op_seq for op in request.ops))
    response = p.PushResponse(batch_id=request.batch_id, results=results, hub_time=w.now,
                              device_acked=pusher.device.acked_op_seq or 0, head=w.head)
    session.execute(insert(Batch.__table__), [{"device_id": pusher.device.id, "batch_id": request.batch_id,
                                     "response": response.model_dump(mode="json"), "created_at": w.now}])
    return response


def joint_push(request: p.PushRequest) -> bool:
    """Whether the batch writes a joint case's family (a case, its participants and handoffs, a
    file attached to one of those): records several offices write, whose scope grows."""
    return any(op.entity in p.JOINT_ENTITIES
               or (op.entity == "attachment" and op.fields.get("owner_entity") in p.JOINT_ENTITIES)
               for op in request.ops)


def add_office_record(session: Session, office_id: str, data: dict[str, Any]) -> int:
    """The hub's own record of a new office, logged for every PC. The caller holds the lock."""
    w = LogWriter.begin(session, None)
    rec = Rec(record_id=office_id, entity="office", owner_office_id=office_id, data=data,
              field_revs={}, field_authors={}, rev=0, scope=[EVERYONE])
    w.add(rec)
    seq = w.append(rec, "insert", dict(data), HUB_AUTHOR)
    rec.rev = seq
    rec.field_revs = {k: seq for k in data}
    rec.field_authors = {k: [None, HUB_AUTHOR] for k in data}
    w.flush()
    return seq


def update_office_record(session: Session, office_id: str, changes: dict[str, Any]) -> int | None:
    """The hub's own edit of an office's record (IT renamed it), logged for every PC as any
    edit is, the values it replaces kept in history; None when nothing changes. The caller
    holds the lock."""
    w = LogWriter.begin(session, None)
    rec = w.get(office_id)
    if rec is None or rec.entity != "office":
        raise FydeskError("该单位在市级平台的变更记录中不存在，无法修改。")
    applied = {k: v for k, v in changes.items() if rec.data.get(k) != v}
    if not applied:
        return None
    replaced = {k: (rec.data.get(k), rec.field_authors.get(k, [None, None])[1]) for k in applied}
    rec.data = {**rec.data, **applied}
    seq = w.append(rec, "update", dict(applied), HUB_AUTHOR)
    w.history.extend({"seq": seq, "entity": rec.entity, "record_id": office_id, "field": k, "old_value": old,
                      "old_author": author, "new_value": applied[k], "new_author": HUB_AUTHOR}
                     for k, (old, author) in replaced.items())
    rec.rev = seq
    rec.field_revs = {**rec.field_revs, **dict.fromkeys(applied, seq)}
    rec.field_authors = {**rec.field_authors, **{k: [None, HUB_AUTHOR] for k in applied}}
    w.flush()
    return seq


# --- what the hub accepts ----------------------------------------------------------------
# Only what every PC in the record's scope can hold (DESIGN §4): the desk's own field rules
# (domain/schema.py), references to records the hub has and the pusher's office may see, and
# the state machines' moves. A change the hub passed on that a PC cannot apply stops nobody
# (the PC notes it as missed), but it should not happen.

_REFS: dict[str, list[tuple[str, str, bool]]] = {
    name: [(f.name, f.ref, f.kind == "list") for f in rules.fields if f.ref] for name, rules in RULES.items()
}


def _named(op: p.Op) -> list[str]:
    """The record ids an op's values link to (to load them with the batch's records)."""
    out = []
    for name, _target, many in _REFS.get(op.entity, ()):
        value = op.fields.get(name)
        for ref in (value if many and isinstance(value, list) else [value]):
            if isinstance(ref, str):
                out.append(ref)
    owner = op.fields.get("owner_id") if op.entity == "attachment" else None
    if isinstance(owner, str):
        out.append(owner)
    return out


def _check_fields(w: LogWriter, pusher: Pusher, rules: Rules, fields: dict[str, Any], rec: Rec | None) -> None:
    try:
        check_values(rules, fields, creating=rec is None, before=rec.data if rec is not None else None)
    except FydeskError as exc:
        raise Rejected("invalid", exc.message) from None
    office = pusher.office.id
    for name, target, many in _REFS[rules.name]:
        value = fields.get(name)
        if value is None:
            continue
        f = rules.field(name)
        for ref in (value if many else [value]):
            if target == "office":
                # A hub office, nothing else: a joint case's lead or participant becomes a scope
                # key, where "*" would show the case to every office and a made-up id to none.
                if not w.is_office(ref):
                    raise Rejected("invalid", f"“{f.label}”不是市级平台上登记的单位。")
                continue
            found = w.get(ref)
            if found is None or found.entity != target:
                raise Rejected("unknown_record", f"“{f.label}”指向的记录市级平台上没有（{ref}）。")
            if office not in found.scope and EVERYONE not in found.scope:
                raise Rejected("forbidden", f"“{f.label}”指向的记录不在本单位可见的范围内。")
    if rules.name == "attachment" and rec is None:
        owner = w.get(fields.get("owner_id"))
        if owner is not None and owner.entity != fields.get("owner_entity"):
            raise Rejected("invalid", "附件的所属记录类型与所属记录不符。")
    _check_unique(w, pusher, rules, fields, rec)


def _check_unique(w: LogWriter, pusher: Pusher, rules: Rules, fields: dict[str, Any], rec: Rec | None) -> None:
    """What a PC's tables hold only once (their UNIQUE constraints): a second one would fail on
    every PC that receives both."""
    if rules.name == "office" and "code" in fields and rec is not None and fields["code"] != rec.data.get("code"):
        raise Rejected("forbidden", "单位代码由市级平台管理员登记，不能在办公电脑上修改。")
    if rules.name == "joint_office" and rec is None:
        office = fields.get("office_id")
        if any(r.entity == "joint_office" and r.data.get("office_id") == office
               for r in w.joint_family(fields.get("joint_case_id"))):
            raise Rejected("invalid", "该单位已是这件联动案件的参与单位。")
    if rules.name == "mediation_body" and fields.get("number_prefix") is not None:
        office = (rec.data if rec is not None else fields).get("office_id")
        if w.body_prefix_taken(office, fields["number_prefix"], rec.record_id if rec else None):
            raise Rejected("invalid", f"本单位已有调解组织使用协议编号代字“{fields['number_prefix']}”，"
                                      "两者的协议编号会相同；请另取一个。")
    if rules.name == "petition" and "office_id" in fields:
        # Counted in the figures by its 承办单位 and seen only by its owner: the two are one office.
        owner = rec.owner_office_id if rec is not None else pusher.office.id
        if fields["office_id"] != owner:
            raise Rejected("forbidden", "涉诉信访的承办单位只能是登记它的单位。")
    if rules.name == "area_stat" and ("area_code" in fields or "period" in fields):
        data = {**(rec.data if rec is not None else {}), **fields}
        owner = rec.owner_office_id if rec is not None else pusher.office.id
        if w.area_stat_taken(owner, data.get("area_code"), data.get("period"), rec.record_id if rec else None):
            raise Rejected("invalid", f"本单位已有 {data.get('area_code')} 在 {data.get('period')} 的辖区数据，"
                                      "请修改那一条，不要重复登记。")


def _check_void(fields: dict[str, Any]) -> None:
    """A void carries its reason alone, as records.void writes it."""
    if set(fields) - {"reason"}:
        raise Rejected("invalid", "作废只能附带作废原因。")
    try:
        VOID_REASON.from_wire(fields.get("reason"))
    except FydeskError as exc:
        raise Rejected("invalid", exc.message) from None


def _check_move(w: LogWriter, pusher: Pusher, rules: Rules, op: p.Op, rec: Rec, fields: dict[str, Any]) -> None:
    """A status change the op makes from the state the PC saw must be a move its machine allows,
    with the reason the move needs, or a 更正 of the last move carrying its reason. Not checked: a value written over another office's concurrent change (the merge makes that
    a conflict) or a person's decision of an open conflict (both values were reached lawfully)."""
    status = rules.status_field
    if status is None or status.name not in fields:
        return
    new, old = fields[status.name], rec.data.get(status.name)
    if new == old or old is None:
        return
    author = rec.field_authors.get(status.name, [None, ""])
    if rec.field_revs.get(status.name, 0) > op.base_rev and author[0] != pusher.device.id:
        return  # concurrent: the merge decides
    if any(seq <= op.base_rev for _cid, seq in w.conflicts_of(rec).get(status.name, ())):
        return  # settles an open conflict
    reason = fields.get("status_reason")
    try:
        try:
            check_move(status.machine, old, new, reason)
        except TransitionError as move_refused:
            # Not a move forward: a 更正 then, which carries its reason (records.correct).
            if new not in MACHINES[status.machine].corrections(old):
                raise move_refused from None
            check_correction(status.machine, old, new, reason)
    except FydeskError as exc:
        raise Rejected("invalid", exc.message) from None


# --- one op --------------------------------------------------------------------------------

def _may_write(pusher: Pusher, rec: Rec) -> bool:
    office = pusher.office.id
    return rec.owner_office_id == office or (rec.entity in p.JOINT_ENTITIES and office in rec.scope)


def _apply_op(w: LogWriter, pusher: Pusher, op: p.Op) -> p.OpResult:
    rules = RULES.get(op.entity)
    if op.entity not in p.LEGAL_FIELDS or rules is None:
        raise Rejected("invalid", f"未知的记录类型“{op.entity[:40]}”。")
    if op.entity in p.HUB_ENTITIES:
        raise Rejected("forbidden", f"{rules.label}由市级平台下达，不能在办公电脑上新增或修改。")
    fields = op.fields if p.HUB_FIELDS.isdisjoint(op.fields) else {
        k: v for k, v in op.fields.items() if k not in p.HUB_FIELDS}
    rec = w.get(op.record_id)
    who = pusher.who(op.user)
    if op.entity == "task_report" and op.op == "insert" and rec is None:
        task = w.get(fields.get("task_id"))
        if task is not None and task.entity == "task" and pusher.office.id not in task.scope:
            raise Rejected("forbidden", "本单位不是该任务的责任单位，不能报告其进展。")
    if op.op == "insert" and rec is None:
        _check_fields(w, pusher, rules, fields, None)
        return _insert(w, pusher, op, fields, who)
    if rec is None:
        raise Rejected("unknown_record", f"中心没有这条{rules.label}记录，无法修改。")
    if rec.entity != op.entity:
        raise Rejected("invalid", "记录编号与已有的另一类记录重复。")
    if not _may_write(pusher, rec):
        raise Rejected("forbidden", f"本单位无权修改其他单位的记录（{rules.label} {op.record_id}）。")
    if op.op == "delete":
        _check_void(fields)
        return _void(w, pusher, op, rec, who)
    if op.entity in p.APPEND_ONLY and op.op == "update":
        raise Rejected("invalid", "只能追加的记录不能修改。")
    _check_fields(w, pusher, rules, fields, rec)
    _check_move(w, pusher, rules, op, rec, fields)
    result = _update(w, pusher, op, rec, fields, who)
    if op.entity == "joint_case" and rec.data.get("lead_office_id") not in rec.scope:
        # Leadership handed to an office not yet taking part: it sees the case from now on.
        _widen(w, rec, rec.data.get("lead_office_id"), who)
    return result


def _insert(w: LogWriter, pusher: Pusher, op: p.Op, fields: dict[str, Any], who: str) -> p.OpResult:
    office = pusher.office.id
    parent_field = p.JOINT_ENTITIES.get(op.entity)
    if parent_field:
        parent = w.get(fields.get(parent_field))
        if parent is None or office not in parent.scope:
            raise Rejected("forbidden", "本单位未参与该联动案件，不能添加其记录。")
    elif op.entity == "office":
        raise Rejected("forbidden", "单位由市级平台管理员登记，不能由办公电脑新增。")
    elif op.entity == "attachment":
        owner = w.get(fields.get("owner_id"))
        if owner is None or office not in owner.scope:
            raise Rejected("forbidden", "附件所属的记录不在本单位可见的范围内。")
    rec = Rec(record_id=op.record_id, entity=op.entity, owner_office_id=office, data=dict(fields),
              field_revs={}, field_authors={}, rev=0, scope=_initial_scope(w, op.entity, fields, office))
    w.add(rec)
    seq = w.append(rec, "insert", fields, who)
    rec.rev = seq
    rec.field_revs = dict.fromkeys(fields, seq)
    me = pusher.device.id  # an ORM attribute: read once, not once per field
    rec.field_authors = dict.fromkeys(fields, [me, who])  # one list for all: never changed in place
    if op.entity == "joint_office":
        _widen_joint_case(w, rec, who)
    return p.OpResult(op_seq=op.op_seq, status="applied", rev=seq)


def _initial_scope(w: LogWriter, entity: str, data: dict[str, Any], owner: str) -> list[str]:
    if entity == "joint_case":
        return sorted({owner, data.get("lead_office_id") or owner})
    parent_field = p.JOINT_ENTITIES.get(entity)
    if parent_field:
        parent = w.get(data.get(parent_field))
        return sorted(set(parent.scope) if parent else {owner})
    if entity == "task_report":  # every responsible office sees every office's reports
        parent = w.get(data.get("task_id"))
        return sorted(set(parent.scope) | {owner} if parent else {owner})
    if entity == "attachment":  # a file is seen by whoever sees the record it belongs to
        parent = w.get(data.get("owner_id"))
        return sorted(set(parent.scope) | {owner} if parent else {owner})
    return [owner]


def _widen_joint_case(w: LogWriter, link: Rec, who: str) -> None:
    """A new participant office sees the joint case and all that hangs off it, from now on."""
    joint = w.get(link.data.get("joint_case_id"))
    if joint is not None:
        _widen(w, joint, link.data.get("office_id"), who, link)


def _widen(w: LogWriter, joint: Rec, newcomer: Any, who: str, logged: Rec | None = None) -> None:
    """Show the joint case and its family to `newcomer` (a new participant or lead office).
    `logged` was just logged before the scope grew; the newcomer is sent it too."""
    if not newcomer or newcomer in joint.scope:
        return
    family = [joint, *(r for r in w.joint_family(joint.record_id) if r is not logged)]
    for r in family + ([logged] if logged else []):
        r.scope = sorted(set(r.scope) | {newcomer})
    # The newcomer has never seen these: send each whole, to it alone.
    for r in family + ([logged] if logged else []):
        w.append(r, "insert", dict(r.data), who, scope=[newcomer])


def _update(w: LogWriter, pusher: Pusher, op: p.Op, rec: Rec, fields: dict[str, Any], who: str) -> p.OpResult:
    applied: dict[str, Any] = {}
    conflicts: list[p.FieldConflict] = []
    overwritten: list[tuple[str, Any, Any]] = []
    concurrent = False
    me = pusher.device.id
    # Someone else changed other fields of the record since the op's view: a clean merge.
    others_since = _others_since(rec, op.base_rev, me)
    if rec.deleted_at is not None and rec.deleted_by != me:
        # Edited here, voided there: neither silently wins.
        conflicts.append(_conflict(rec, "deleted_at", True, "（已作废）", fields, who))
    settled = _settle(w, rec, fields, op.base_rev)
    # Edited with a void-versus-edit question in view, the record in force: kept in force.
    kept_in_force = rec.deleted_at is None and _settle_void(w, rec, op.base_rev)
    for name, value in fields.items():
        rev = rec.field_revs.get(name, 0)
        author = rec.field_authors.get(name, [None, ""])
        if name in settled:
            applied[name] = value  # a person's decision: logged even when it keeps the value
            continue
        if rev <= op.base_rev or author[0] == me:
            if rec.data.get(name) != value:
                applied[name] = value
            continue
        concurrent = True
        if rec.data.get(name) == value:
            continue  # both sides made the same change
        if name in p.LEGAL_FIELDS[op.entity]:
            conflicts.append(_conflict(rec, name, rec.data.get(name), author[1], value, who))
        else:
            overwritten.append((name, rec.data.get(name), author[1]))
            applied[name] = value
    if conflicts:
        rec.needs_coordination = True
    elif (settled or kept_in_force) and rec.deleted_at is None:
        _unflag(w, rec)
    if not applied and not conflicts and not kept_in_force:
        status = "merged" if concurrent or others_since else "applied"
        return p.OpResult(op_seq=op.op_seq, status=status, rev=rec.rev)
    kept: dict[str, Any] = {}
    if rec.deleted_at is not None and conflicts and conflicts[0].field == "deleted_at":
        # A voided record stays voided until a person decides: nothing of the op is applied,
        # so nothing is overwritten either, and the editor is told the values the hub kept.
        applied, overwritten = {}, []
        # Only fields the hub holds: one it never had would go out as an explicit empty value,
        # which a PC's NOT NULL column refuses (its default stands for it there).
        kept = {k: rec.data[k] for k in fields if k in rec.data}
    rec.data = {**rec.data, **applied}
    if conflicts:
        logged = {**kept, **applied, **{c.field: c.hub_value for c in conflicts if c.field != "deleted_at"}}
    else:
        logged = applied
    seq = w.append(rec, "flag" if conflicts else "update", logged, who, conflicts)
    for c in conflicts:
        c.seq = seq
        w.conflict(c)
    for name, old, old_author in overwritten:
        w.history.append({"seq": seq, "entity": rec.entity, "record_id": rec.record_id, "field": name,
                          "old_value": old, "old_author": old_author, "new_value": applied[name],
                          "new_author": who})
    rec.rev = seq
    rec.field_revs = {**rec.field_revs, **{k: seq for k in applied}}
    rec.field_authors = {**rec.field_authors, **dict.fromkeys(applied, [me, who])}
    status = "conflict" if conflicts else ("merged" if concurrent or others_since else "applied")
    return p.OpResult(op_seq=op.op_seq, status=status, rev=seq, conflicts=conflicts)


def _others_since(rec: Rec, base_rev: int, me: str) -> bool:
    """Whether a field of the record was changed past `base_rev` by another device."""
    if rec.rev <= base_rev:
        return False  # the record's rev is its latest change: nothing past the base at all
    authors = rec.field_authors
    for name, rev in rec.field_revs.items():
        if rev > base_rev and authors.get(name, _NOBODY)[0] != me:
            return True
    return False


_NOBODY = (None, "")


def _settle(w: LogWriter, rec: Rec, fields: dict[str, Any], base_rev: int) -> set[str]:
    """Fields of the op that answer an open conflict: the editor had seen it (its base is at
    or past the conflict), so this edit is the resolution (DESIGN §4: an ordinary edit)."""
    if not rec.needs_coordination:
        return set()
    settled = set()
    open_ = w.conflicts_of(rec)
    for name in fields:
        answered = [cid for cid, seq in open_.get(name, ()) if seq <= base_rev]
        if answered:
            w.resolved.extend(answered)
            open_[name] = [(cid, seq) for cid, seq in open_[name] if cid not in answered]
            settled.add(name)
    return settled


def _settle_void(w: LogWriter, rec: Rec, base_rev: int) -> bool:
    """Whether the op answers an open void-versus-edit conflict of the record: made with it in
    view (its base at or past it), a void confirms the void and an edit keeps the record in
    force. The desk asks people to decide such a conflict so (sync/conflicts.py)."""
    if not rec.needs_coordination:
        return False
    open_ = w.conflicts_of(rec)
    answered = [cid for cid, seq in open_.get(VOID_FIELD, ()) if seq <= base_rev]
    if not answered:
        return False
    w.resolved.extend(answered)
    open_[VOID_FIELD] = [(cid, seq) for cid, seq in open_[VOID_FIELD] if cid not in answered]
    return True


def _unflag(w: LogWriter, rec: Rec) -> None:
    """The record is 需协调 no longer once none of its conflicts is open."""
    if not any(w.conflicts_of(rec).values()) and not w.raised_on(rec):
        rec.needs_coordination = False


def _conflict(rec: Rec, name: str, hub_value: Any, hub_author: str, op_value: Any, who: str) -> p.FieldConflict:
    return p.FieldConflict(entity=rec.entity, record_id=rec.record_id, field=name, hub_value=hub_value,
                           hub_author=hub_author, op_value=op_value, op_author=who, seq=0)


def _void(w: LogWriter, pusher: Pusher, op: p.Op, rec: Rec, who: str) -> p.OpResult:
    settles = _settle_void(w, rec, op.base_rev)
    if rec.deleted_at is not None:
        if not settles:
            return p.OpResult(op_seq=op.op_seq, status="applied", rev=rec.rev)
        # Voided again with the question in view: the void stands, and every office hears it.
        _unflag(w, rec)
        seq = w.append(rec, "delete", {"reason": op.fields.get("reason")}, who)
        rec.rev = seq
        return p.OpResult(op_seq=op.op_seq, status="applied", rev=seq)
    me = pusher.device.id
    edited_elsewhere = rec.rev > op.base_rev and any(
        rec.field_revs.get(k, 0) > op.base_rev and rec.field_authors.get(k, [None, ""])[0] != me
        for k in rec.field_revs
    )
    if edited_elsewhere:
        last = max(rec.field_revs, key=lambda k: rec.field_revs[k])
        conflict = _conflict(rec, "deleted_at", "（仍有效，另有修改）", rec.field_authors[last][1],
                             "（作废）" + str(op.fields.get("reason") or ""), who)
        rec.needs_coordination = True
        seq = w.append(rec, "flag", {}, who, [conflict])
        conflict.seq = seq
        w.conflict(conflict)
        rec.rev = seq
        return p.OpResult(op_seq=op.op_seq, status="conflict", rev=seq, conflicts=[conflict])
    rec.deleted_at = w.now
    rec.deleted_by = me
    if settles:
        _unflag(w, rec)
    seq = w.append(rec, "delete", {"reason": op.fields.get("reason")}, who)
    rec.rev = seq
    return p.OpResult(op_seq=op.op_seq, status="applied", rev=seq)
