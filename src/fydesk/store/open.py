"""Opening a data dir: check it is there and writable (or create it), back up, migrate."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from fydesk.domain.errors import FydeskError
from fydesk.policy import Policy, load_policy

from . import backup, migrate, private
from .engine import DataDir, Store, make_engine


class MissingDataDir(FydeskError):
    """The data dir named does not exist and this command does not create one."""


class DamagedDatabase(FydeskError):
    """SQLite cannot read the database file; `good_backup` is the newest sound backup, if any."""

    def __init__(self, db_path: Path, problem: str, good_backup: Path | None) -> None:
        advice = (f"最近一份完好的备份是 {good_backup.name}，可运行 fydesk db restore {good_backup} 恢复"
                  if good_backup else "备份文件夹里没有完好的备份，请联系信息管理员")
        super().__init__(f"数据库 {db_path} 已损坏，无法打开（{problem}）；{advice}。")
        self.db_path, self.problem, self.good_backup = db_path, problem, good_backup


class ReadOnlyDataDir(FydeskError):
    """The data dir (or its database) cannot be written; SQLite's WAL needs to, even to read."""


def _ready(dd: DataDir, create: bool, named: bool) -> None:
    """The folder exists (or is created private) and can be written, else one true sentence.
    `named`: the user named the folder (--data-dir, FYDESK_DATA_DIR) rather than the default."""
    root = dd.root
    if not root.exists():
        if not create:
            why = "请检查 --data-dir 或 FYDESK_DATA_DIR 是否写错；" if named else "本机尚未设置；"
            raise MissingDataDir(f"数据目录 {root} 不存在：{why}新建数据目录请用 fydesk init、"
                                 "fydesk demo 或 fydesk enroll。")
        try:
            private.make_dir(root)
        except OSError as exc:
            raise FydeskError(f"无法创建数据目录 {root}：{exc.strerror}。") from exc
    if not root.is_dir():
        raise FydeskError(f"{root} 是文件而不是文件夹，不能作为数据目录。")
    if not os.access(root, os.R_OK | os.X_OK):
        raise FydeskError(f"数据目录 {root} 没有读取权限，无法打开。")
    locked = [p for p in (root, *backup.sidecars(dd.db_path)) if p.exists() and not os.access(p, os.W_OK)]
    if locked:
        what = "该文件夹" if locked[0] == root else f"其中的 {locked[0].name}"
        raise ReadOnlyDataDir(
            f"数据目录 {root} 不能写入（{what}只读或没有写入权限），fydesk 打开数据也须写入；"
            "数据未作改动，请检查权限或换用可写的数据目录。")
    private.tighten_tree(root)


def open_store(
    data_dir: str | os.PathLike[str] | DataDir | None = None, *, daily_backup: bool = True,
    policy: Policy | None = None, create: bool = True,
) -> Store:
    """The data dir opened and migrated, under `policy` (by default the machine's policy file,
    read first: a broken policy file stops before anything is touched). `create`: a missing
    data dir is made (set-up commands, the first-run screen); otherwise it is an error."""
    policy = load_policy() if policy is None else policy
    named = data_dir is not None or bool(os.environ.get("FYDESK_DATA_DIR"))
    dd = data_dir if isinstance(data_dir, DataDir) else DataDir.resolve(data_dir)
    _ready(dd, create, named)
    existed = dd.db_path.exists() and dd.db_path.stat().st_size > 0
    if not dd.db_path.exists():
        private.create_file(dd.db_path)  # SQLite gives its WAL and index files the same mode
    engine = make_engine(dd.db_path)
    try:
        rev = migrate.current_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        problems = backup.integrity_errors(dd.db_path) if existed else []
        if problems:
            raise DamagedDatabase(dd.db_path, problems[0], backup.newest_good(dd.backup_dir)) from exc
        raise
    if rev is not None and rev != migrate.SCHEMA_HEAD and not migrate.is_known(rev):
        engine.dispose()
        raise FydeskError(
            f"数据库 {dd.db_path} 由较新版本的 fydesk 创建（结构版本 {rev}），请先升级 fydesk；数据未作改动。"
        )
    if rev != migrate.SCHEMA_HEAD:
        if existed and not migrate.is_empty(engine):
            backup.make_backup(dd.db_path, dd.backup_dir, f"pre-migration-{rev or 'none'}")
        migrate.upgrade(engine)
    elif daily_backup and backup.daily_backup_due(dd.backup_dir):
        backup.make_backup(dd.db_path, dd.backup_dir, "daily")
    return Store(dd, engine, policy)
