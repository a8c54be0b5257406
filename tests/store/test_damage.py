"""When the file is damaged, busy or from a newer fydesk, the commands still answer plainly."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import text

from fydesk.cli import main
from fydesk.domain.errors import FydeskError
from fydesk.services.maintenance import check
from fydesk.store import backup
from fydesk.store.open import DamagedDatabase, open_store


def _damage(path):
    with open(path, "r+b") as f:
        f.write(b"\x00" * 100)  # the header: SQLite no longer recognises the file


def test_check_reports_a_damaged_file_without_touching_it(office_store, capsys):
    dd = office_store.data_dir
    office_store.close()
    _damage(dd.db_path)
    damaged = dd.db_path.read_bytes()
    report = check(dd)
    assert not report.ok and report.problems
    assert main(["--data-dir", str(dd.root), "db", "check"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert dd.db_path.read_bytes() == damaged
    assert not list(dd.backup_dir.glob("fydesk-pre-migration-*"))


def test_restore_over_a_damaged_file_keeps_its_bytes_and_brings_the_backup_back(office_store, tmp_path, capsys):
    dd = office_store.data_dir
    good = backup.backup_to(dd.db_path, tmp_path / "good.db")
    office_store.close()
    _damage(dd.db_path)
    assert main(["--data-dir", str(dd.root), "db", "restore", str(good)]) == 0, capsys.readouterr().err
    assert check(dd).ok
    kept = list(dd.backup_dir.glob("fydesk-damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes()[:16] == b"\x00" * 16
    assert not list(dd.backup_dir.glob("*.part"))


def test_check_waits_for_another_writer_instead_of_calling_the_index_broken(office_store):
    conn = sqlite3.connect(office_store.data_dir.db_path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE local_settings SET value = value")
    threading.Thread(target=lambda: (time.sleep(0.5), conn.execute("COMMIT")), daemon=True).start()
    report = check(office_store.data_dir)
    assert report.ok, report.problems


def test_a_database_from_a_newer_fydesk_is_refused_and_left_alone(office_store, capsys):
    with office_store.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    dd = office_store.data_dir
    office_store.close()
    with pytest.raises(FydeskError, match="较新版本"):
        open_store(dd)
    assert main(["--data-dir", str(dd.root), "search", "宅基地"]) == 1
    assert "升级 fydesk" in capsys.readouterr().err
    assert not list(dd.backup_dir.glob("fydesk-pre-migration-*"))


def test_a_damaged_database_is_named_as_such_with_the_newest_good_backup_to_restore(office_store, capsys):
    dd = office_store.data_dir
    older = backup.make_backup(dd.db_path, dd.backup_dir, "daily", now=datetime(2026, 11, 1, 9, 0))
    good = backup.make_backup(dd.db_path, dd.backup_dir, "manual", now=datetime(2026, 11, 2, 9, 0))
    newest = backup.make_backup(dd.db_path, dd.backup_dir, "daily", now=datetime(2026, 11, 3, 9, 0))
    _damage(newest)  # a backup itself damaged is passed over
    office_store.close()
    _damage(dd.db_path)
    with pytest.raises(DamagedDatabase) as err:
        open_store(dd.root)
    assert err.value.good_backup == good and older != good
    assert main(["--data-dir", str(dd.root), "search", "调解"]) == 1
    said = capsys.readouterr().err
    assert "已损坏" in said and f"fydesk db restore {good}" in said and "db check" not in said
    assert not list(dd.backup_dir.glob("*-shm")), "looking for a good backup leaves nothing behind"


def test_without_a_good_backup_a_damaged_database_says_so(office_store, capsys):
    dd = office_store.data_dir
    office_store.close()
    _damage(dd.db_path)
    with pytest.raises(DamagedDatabase) as err:
        open_store(dd.root)
    assert err.value.good_backup is None and "没有完好的备份" in err.value.message
