"""JSON export and all-or-nothing import of records, validated by the same rules as forms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError
from fydesk.domain.stats import format_period, period_bounds
from fydesk.models import new_id, utcnow
from fydesk.store.migrate import SCHEMA_HEAD

from . import records
from .context import Actor
from .entities import ENTITIES, Entity
from .hooks import RareCheck
from .journal import wire

FORMAT = "fydesk-export"
FORMAT_VERSION = 1
# A file typed without checks can hold tens of thousands of errors: the first ones, and a count.
MAX_REPORTED_ERRORS = 200

# Children are selected through their parent's ids when a period narrows the export.
_PARENT = {
    "party": ("case_id", "case"), "extension": ("case_id", "case"), "session": ("case_id", "case"),
    "agreement": ("case_id", "case"), "term": ("agreement_id", "agreement"),
    "performance": ("term_id", "term"), "confirmation": ("agreement_id", "agreement"),
    "joint_office": ("joint_case_id", "joint_case"), "handoff": ("joint_case_id", "joint_case"),
    "risk": ("visit_id", "visit"), "petition_step": ("petition_id", "petition"),
}
_PERIOD_FIELD = {"case": "registered_date", "joint_case": "opened_date", "visit": "visit_date",
                 "suggestion": "issued_date", "petition": "received_date"}


class ImportFailed(FydeskError):
    """`errors`: the first MAX_REPORTED_ERRORS, each naming its place; `unlisted`: the rest."""

    def __init__(self, errors: list[str], total: int) -> None:
        self.errors = errors[:MAX_REPORTED_ERRORS]
        self.total = total
        self.unlisted = total - len(self.errors)
        more = f"（另有 {self.unlisted} 处未列出）" if self.unlisted else ""
        super().__init__(f"导入失败，共 {total} 处错误{more}，未写入任何记录：" + "；".join(self.errors[:3]))


class Errors:
    """An import's errors as it meets them: the first MAX_REPORTED_ERRORS kept, all counted."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self.total = 0

    def add(self, where: str, message: str, column: str = "") -> None:
        self.total += 1
        if len(self.listed) < MAX_REPORTED_ERRORS:
            self.listed.append(f"{where}，{column}列：{message}" if column else f"{where}：{message}")

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportFailed(self.listed, self.total)


@dataclass(frozen=True)
class ImportSummary:
    created: Mapping[str, int]
    skipped: int


def export(session: Session, *, period: str | None = None, full: bool = False) -> dict[str, Any]:
    """Every live record (or one period's), parents before children; IDs masked unless full."""
    bounds = period_bounds(period) if period else None
    out: dict[str, list[dict[str, Any]]] = {}
    kept: dict[str, set[str]] = {}
    for name, spec in ENTITIES.items():
        q = select(spec.model).where(spec.model.deleted_at.is_(None)).order_by(spec.model.id)
        if bounds and name in _PERIOD_FIELD:
            col = getattr(spec.model, _PERIOD_FIELD[name])
            q = q.where(col >= bounds[0], col < bounds[1])
        elif bounds and name == "area_stat":
            q = q.where(spec.model.period == format_period(bounds[0]))
        rows = [records.to_dto(spec, r) for r in session.scalars(q)]
        if bounds and name in _PARENT:
            parent_field, parent = _PARENT[name]
            rows = [r for r in rows if r[parent_field] in kept.get(parent, set())]
        kept[name] = {r.id for r in rows}
        out[name] = [r.to_json(full=full) for r in rows]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_HEAD,
        "exported_at": wire(utcnow().replace(microsecond=0)),
        "period": period,
        "masked": not full,
        "records": out,
    }


def _row_values(spec: Entity, row: Mapping[str, Any]) -> dict[str, Any]:
    names = {f.name for f in spec.fields}
    return {k: v for k, v in row.items() if k in names}


def import_records(session: Session, actor: Actor, document: Mapping[str, Any], *,
                   today: date | None = None, rare: RareCheck | None = None) -> ImportSummary:
    """Create every record of an export; any error anywhere and nothing is written.

    Each row runs in a savepoint so that all errors can be listed, by entity and row,
    before the caller's transaction is rolled back.
    """
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise FydeskError("文件不是 fydesk 导出的 JSON 数据（缺少 format 标记）。")
    if document.get("masked"):
        raise FydeskError("该文件中的证件号码已打码，不能导入；请用 fydesk export json --full 重新导出。")
    recs = document.get("records")
    if not isinstance(recs, Mapping):
        raise FydeskError("文件中没有 records 部分。")
    unknown = [k for k in recs if k not in ENTITIES]
    if unknown:
        raise FydeskError(f"文件中有无法识别的记录类型：{'、'.join(unknown)}。")
    skipped = 0
    pending: list[Pending] = []
    for name, spec in ENTITIES.items():
        for index, row in enumerate(_rows(recs.get(name, [])), start=1):
            record_id = row.get("id")
            if name == "office" and record_id and session.get(spec.model, record_id) is not None:
                skipped += 1
                continue
            pending.append(Pending(f"{spec.label}第 {index} 条", name, _row_values(spec, row), record_id))
    return ImportSummary(create_all(session, actor, pending, today=today, rare=rare), skipped)


@dataclass(frozen=True)
class Pending:
    """One record an import will create. `columns` names the file's column of each field, so
    that an error can say where in the file it is; `system` holds values the rules keep."""

    where: str
    entity: str
    values: Mapping[str, Any]
    record_id: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    system: Mapping[str, Any] = field(default_factory=dict)
    parent: str | None = None  # record id created earlier in the same file: skipped if that failed


def create_all(session: Session, actor: Actor, pending: Iterable[Pending], *,
               today: date | None = None, rare: RareCheck | None = None) -> Mapping[str, int]:
    """Create every record through the same rules as the forms; any error and nothing is written.

    Each record runs in a savepoint so that all errors can be listed, by place in the file,
    before ImportFailed makes the caller roll its transaction back.
    """
    errors = Errors()
    created: dict[str, int] = {}
    failed: set[str] = set()
    for item in pending:
        if item.parent in failed:
            continue  # its parent's error is reported; "parent not found" would only repeat it
        try:
            with session.begin_nested():
                records.create(session, actor, item.entity, item.values, record_id=item.record_id,
                               today=today, import_mode=True, system_values=item.system or None,
                               rare=rare)
            created[item.entity] = created.get(item.entity, 0) + 1
        except (FydeskError, IntegrityError) as exc:
            if item.record_id:
                failed.add(item.record_id)
            _note(errors, item, exc)
    errors.raise_if_any()
    return created


def create_new(session: Session, actor: Actor, pending: Iterable[Pending], *, today: date | None = None,
               rare: RareCheck | None = None, errors: Errors | None = None,
               chunk: int = 2000) -> Mapping[str, int]:
    """create_all for records that are all new and need nothing of one another but their
    parent's id (a 台账's cases and parties): each checked by the same rules without writing,
    then written many at a time; after the first error nothing more is written, the rest only
    checked, and ImportFailed makes the caller roll its transaction back. `errors` may
    already hold the caller's own (a row naming an unknown mediator)."""
    errors = errors or Errors()
    ctx = records.import_context(session, actor, today, rare)
    known: set[str] = set()  # ids found or made: each looked up once
    failed: set[str] = set()
    created: dict[str, int] = {}
    ready: list[tuple[str, str, dict[str, Any]]] = []
    for item in pending:
        if item.parent in failed:
            continue
        record_id = item.record_id or new_id()
        try:
            after = records.prepare(ctx, ENTITIES[item.entity], item.values,
                                    system_values=item.system or None, known=known)
        except FydeskError as exc:
            failed.add(record_id)
            _note(errors, item, exc)
            ready.clear()
            continue
        known.add(record_id)
        created[item.entity] = created.get(item.entity, 0) + 1
        if errors.total:
            continue  # the file will be refused: check the rest, write nothing more
        ready.append((item.entity, record_id, after))
        if len(ready) >= chunk:
            records.insert_prepared(session, actor, ready)
            ready.clear()
    errors.raise_if_any()
    records.insert_prepared(session, actor, ready)
    return created


def _note(errors: Errors, item: Pending, exc: Exception) -> None:
    message = exc.message if isinstance(exc, FydeskError) else "与已有记录重复（编号或代码相同）。"
    errors.add(item.where, message, item.columns.get(getattr(exc, "field", ""), ""))


def _rows(value: Any) -> Iterable[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
        raise FydeskError("records 中每一类记录都应是对象列表。")
    return value
