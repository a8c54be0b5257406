"""The local file: pragmas, migrations (backed up, all or nothing), backup and restore."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import inspect, text

from fydesk.store import backup, migrate
from fydesk.store.engine import make_engine, read_pragmas
from fydesk.store.open import open_store


def test_pragmas_are_durable_and_read_back(store):
    assert read_pragmas(store.engine) == {
        "journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 10_000,
    }


def test_schema_head_constant_matches_alembic_head():
    assert migrate.SCHEMA_HEAD == migrate.head_revision()


def test_new_store_has_every_table_and_the_search_index(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"mediation_cases", "parties", "outbox", "audit_log", "search_map", "search_index"} <= names
    assert migrate.current_revision(store.engine) == migrate.SCHEMA_HEAD


def test_models_and_migration_agree(store):
    """Autogenerate against a migrated file finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fydesk.models import Base

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": migrate.include_name})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def _broken_scripts(tmp_path):
    scripts = tmp_path / "scripts"
    shutil.copytree(migrate.script_location(), scripts)
    (scripts / "versions" / "0099_broken.py").write_text(
        '"""A migration that fails half-way."""\n'
        "from alembic import op\n"
        f"revision = '0099'\ndown_revision = '{migrate.SCHEMA_HEAD}'\nbranch_labels = None\n"
        "depends_on = None\n"
        "def upgrade():\n"
        "    op.execute('CREATE TABLE half_done (x INTEGER)')\n"
        "    op.execute(\"UPDATE offices SET name = 'changed'\")\n"
        "    raise RuntimeError('disk says no')\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    return scripts


def test_failed_migration_leaves_schema_and_data_as_they_were(office_store, tmp_path):
    engine = office_store.engine
    with engine.connect() as conn:
        before = conn.execute(text("SELECT id, name FROM offices")).all()
    with pytest.raises(RuntimeError, match="disk says no"):
        migrate.upgrade(engine, scripts=_broken_scripts(tmp_path))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, name FROM offices")).all() == before
        assert not inspect(conn).has_table("half_done")
    assert migrate.current_revision(engine) == migrate.SCHEMA_HEAD
    assert backup.integrity_errors(office_store.data_dir.db_path) == []


def test_opening_an_old_file_backs_it_up_before_migrating(tmp_path):
    db = tmp_path / "data" / "fydesk.db"
    db.parent.mkdir()
    engine = make_engine(db)
    migrate.upgrade(engine, target="base")  # an empty but existing schema-less file
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE legacy (x INTEGER)"))
        conn.execute(text("INSERT INTO legacy VALUES (42)"))
    engine.dispose()
    store = open_store(tmp_path / "data")
    backups = list((tmp_path / "data" / "backups").glob("fydesk-pre-migration-none-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT x FROM legacy").fetchall() == [(42,)]
    assert migrate.current_revision(store.engine) == migrate.SCHEMA_HEAD


def test_a_first_release_database_upgrades_with_its_data_search_and_a_backup(tmp_path):
    """A file at schema 0001 (the first release) opens in this version, migrated."""
    from fydesk.services.search import search
    from fydesk.store.engine import DataDir

    dd = DataDir(tmp_path / "old")
    dd.root.mkdir()
    engine = make_engine(dd.db_path)
    migrate.upgrade(engine, target="0001")
    with engine.begin() as conn:  # a joint case as the first release stored it
        conn.execute(text(
            "INSERT INTO offices (id, code, name, kind, rev, created_at, updated_at) "
            "VALUES ('o1', '1', '某法庭', '人民法庭', 0, '2026-01-01', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO joint_cases (id, title, mode, lead_office_id, opened_date, needs_coordination, "
            "rev, created_at, updated_at) VALUES ('j1', '土地流转纠纷联动化解', '法庭+司法所', 'o1', "
            "'2026-01-05', 0, 0, '2026-01-05', '2026-01-05')"))
    engine.dispose()
    store = open_store(dd.root)
    assert migrate.current_revision(store.engine) == migrate.SCHEMA_HEAD
    assert list(dd.backup_dir.glob("fydesk-pre-migration-0001-*.db"))
    with store.read() as s:
        assert s.execute(text("SELECT status FROM joint_cases WHERE id = 'j1'")).scalar() == "办理中"
        assert [h.record_id for h in search(s, "土地流转")] == ["j1"]


def test_backup_and_restore_round_trip(office_store, tmp_path):
    db = office_store.data_dir.db_path
    saved = backup.backup_to(db, tmp_path / "copy.db")
    with office_store.engine.begin() as conn:
        conn.execute(text("UPDATE offices SET name = '改过的名称'"))
    pre = backup.restore(db, saved, office_store.data_dir.backup_dir)
    with office_store.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM offices")).scalar() == "越秀区人民法庭"
    with sqlite3.connect(pre) as conn:  # what was there before the restore is kept
        assert conn.execute("SELECT name FROM offices").fetchone() == ("改过的名称",)


def test_restore_refuses_a_damaged_file(office_store, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    with pytest.raises(Exception, match="已损坏"):
        backup.restore(office_store.data_dir.db_path, bad, office_store.data_dir.backup_dir)


def test_daily_backups_are_rotated(tmp_path):
    from datetime import datetime, timedelta

    db = tmp_path / "x.db"
    sqlite3.connect(db).close()
    start = datetime(2026, 1, 1)
    for day in range(backup.KEEP_DAILY + 3):
        backup.make_backup(db, tmp_path / "b", "daily", now=start + timedelta(days=day))
    kept = sorted(p.name for p in (tmp_path / "b").glob("fydesk-daily-*.db"))
    assert len(kept) == backup.KEEP_DAILY
    assert kept[-1].startswith("fydesk-daily-20260110")
