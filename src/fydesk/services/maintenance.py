"""db check: file integrity, the search index, and the audit hash chain in one report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from fydesk.models import AuditEntry, OutboxOp
from fydesk.store import backup
from fydesk.store.engine import Store

from .journal import verify_chain


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    problems: tuple[str, ...]
    audit_entries: int
    pending_ops: int
    db_path: str

    def to_json(self) -> dict:
        return {"ok": self.ok, "problems": list(self.problems), "audit_entries": self.audit_entries,
                "pending_ops": self.pending_ops, "db_path": self.db_path}


def check(store: Store) -> CheckReport:
    problems = list(backup.integrity_errors(store.data_dir.db_path))
    audit_entries = pending = 0
    if not problems:
        with store.read() as session:
            try:
                session.execute(text("INSERT INTO search_index(search_index) VALUES('integrity-check')"))
            except DatabaseError:
                problems.append("全文检索索引与数据不一致。")
            session.rollback()
            problems.extend(verify_chain(session))
            audit_entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            pending = session.scalar(select(func.count()).select_from(OutboxOp)) or 0
    return CheckReport(not problems, tuple(problems), audit_entries, pending, str(store.data_dir.db_path))
