"""Opening a data dir: create it, back up, migrate to the current schema."""

from __future__ import annotations

import os

from fydesk.domain.errors import FydeskError
from fydesk.policy import Policy, load_policy

from . import backup, migrate
from .engine import DataDir, Store, make_engine


def open_store(
    data_dir: str | os.PathLike[str] | DataDir | None = None, *, daily_backup: bool = True,
    policy: Policy | None = None,
) -> Store:
    """The data dir opened and migrated, under `policy` (by default the machine's policy file,
    read first: a broken policy file stops before anything is touched)."""
    policy = load_policy() if policy is None else policy
    dd = data_dir if isinstance(data_dir, DataDir) else DataDir.resolve(data_dir)
    try:
        dd.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FydeskError(f"无法创建数据目录 {dd.root}：{exc.strerror}。") from exc
    existed = dd.db_path.exists() and dd.db_path.stat().st_size > 0
    engine = make_engine(dd.db_path)
    rev = migrate.current_revision(engine)
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
