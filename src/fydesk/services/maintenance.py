"""db check: file integrity, the search index, the audit hash chain and attachment bodies in one report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError, OperationalError

from fydesk.models import AuditEntry, OutboxOp
from fydesk.store import backup
from fydesk.store.bodies import Bodies
from fydesk.store.engine import DataDir
from fydesk.store.open import open_store

from .attachments import body_problems
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


def check(data_dir: DataDir) -> CheckReport:
    """Read-only on a damaged file: it is examined before anything (a migration) opens it."""
    path = data_dir.db_path
    if not path.exists():
        return CheckReport(False, (f"找不到数据库文件 {path}。",), 0, 0, str(path))
    problems = backup.integrity_errors(path)
    if problems:
        return CheckReport(False, tuple(problems), 0, 0, str(path))
    store = open_store(data_dir, daily_backup=False)
    audit_entries = pending = 0
    try:
        # FTS5's integrity-check is written as an INSERT: in a write transaction it waits for
        # another program's write to finish instead of failing as if the index were broken.
        with store.write() as session:
            try:
                for index in ("search_index", "search_chars"):
                    session.execute(text(f"INSERT INTO {index}({index}) VALUES('integrity-check')"))
            except OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                problems.append("数据库正被其他程序占用，未能检查全文检索索引，请稍后再试。")
            except DatabaseError:
                problems.append("全文检索索引与数据不一致。")
        with store.read() as session:
            problems.extend(verify_chain(session))
            problems.extend(body_problems(session, Bodies(data_dir.files_dir)))
            audit_entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            pending = session.scalar(select(func.count()).select_from(OutboxOp)) or 0
    finally:
        store.close()
    return CheckReport(not problems, tuple(problems), audit_entries, pending, str(path))
