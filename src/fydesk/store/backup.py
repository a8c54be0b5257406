"""Online backups through SQLite's backup API, their rotation, and restore."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from fydesk.domain.errors import FydeskError

from . import private

KEEP_DAILY = 7
KEEP_PRE_MIGRATION = 5


def _copy(src: Path, dest: Path) -> None:
    # The backup API copies a consistent snapshot even while other connections write.
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    s.close()
    d.close()


def sidecars(db_path: Path) -> list[Path]:
    """The database file and the WAL and shared-memory files SQLite keeps beside it."""
    return [db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")]


def backup_to(db_path: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        private.create_file(tmp)  # a backup holds full ID numbers: its owner's alone
        _copy(db_path, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(dest)  # a half-written backup never carries the final name
    return dest


def _keep_damaged(db_path: Path, backup_dir: Path) -> Path:
    """A file SQLite cannot read is kept byte for byte (with its WAL) before it is replaced."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = backup_dir / f"fydesk-damaged-{stamp}.db"
    private.make_dir(backup_dir)
    for src in sidecars(db_path):
        if src.exists():
            kept = dest.with_name(dest.name + src.name[len(db_path.name):])
            shutil.copy2(src, kept)
            private.tighten(kept)
    return dest


def make_backup(db_path: Path, backup_dir: Path, kind: str, now: datetime | None = None) -> Path:
    """kind: "daily", "manual", "pre-migration-<rev>", "pre-restore"; old ones are rotated."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = backup_dir / f"fydesk-{kind}-{stamp}.db"
    private.make_dir(backup_dir)
    backup_to(db_path, dest)
    _rotate(backup_dir)
    return dest


def _rotate(backup_dir: Path) -> None:
    for prefix, keep in (("fydesk-daily-", KEEP_DAILY), ("fydesk-pre-migration-", KEEP_PRE_MIGRATION)):
        files = sorted(backup_dir.glob(prefix + "*.db"), key=lambda p: p.name[-18:])
        for old in files[:-keep]:
            old.unlink(missing_ok=True)


def daily_backup_due(backup_dir: Path, today: datetime | None = None) -> bool:
    day = (today or datetime.now()).strftime("%Y%m%d")
    return not any(backup_dir.glob(f"fydesk-daily-{day}-*.db"))


def integrity_errors(db_path: Path, *, settled: bool = False) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check on a file; [] when sound. `settled`: a
    backup no program writes, read without the WAL index a read-only open leaves beside it."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?{'immutable=1' if settled else 'mode=ro'}", uri=True)
    except sqlite3.Error as exc:
        return [f"无法打开数据库：{exc}"]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} 第 {rowid} 行引用的 {parent} 记录不存在")
        return problems
    except sqlite3.DatabaseError as exc:
        return [f"文件不是有效的数据库：{exc}"]
    finally:
        conn.close()


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, from the stamp its name ends in."""
    try:
        return datetime.strptime(path.name[-18:-3], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def newest_good(backup_dir: Path) -> Path | None:
    """The most recent backup in the folder that passes the integrity check (kept copies of
    damaged files and half-written ones are not candidates)."""
    found = [p for p in backup_dir.glob("fydesk-*.db")
             if not p.name.startswith("fydesk-damaged-") and taken_at(p) is not None]
    for path in sorted(found, key=taken_at, reverse=True):
        if not integrity_errors(path, settled=True):
            return path
    return None


def restore(db_path: Path, source: Path, backup_dir: Path) -> Path:
    """Replace the live database with `source`; the current one is backed up first."""
    if not source.is_file():
        raise FydeskError(f"找不到要恢复的备份文件：{source}。")
    problems = integrity_errors(source)
    if problems:
        raise FydeskError(f"备份文件 {source} 已损坏，未恢复：{problems[0]}。")
    saved = None
    if db_path.exists():
        try:
            saved = make_backup(db_path, backup_dir, "pre-restore")
        except sqlite3.DatabaseError:
            saved = _keep_damaged(db_path, backup_dir)
    try:
        # Copy page by page into the live file: one transaction, so a crash leaves either
        # the old or the restored database, and open WAL readers see a consistent switch.
        _copy(source, db_path)
    except sqlite3.DatabaseError:
        # The live file is past reading (its copy is kept above): replace it whole.
        for path in sidecars(db_path):
            path.unlink(missing_ok=True)
        private.create_file(db_path)
        _copy(source, db_path)
    return saved or source
