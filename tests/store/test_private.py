"""Private by default on disk: on POSIX the data dir is 0700, the database, its backups and
attachment copies 0600, since the database holds full ID numbers."""

from __future__ import annotations

import os
import stat

import pytest

from fydesk.store import backup
from fydesk.store.bodies import Bodies
from fydesk.store.open import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask a desktop session usually has, under which files come out 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_dir_its_database_and_backups_are_its_owners_alone(tmp_path):
    store = open_store(tmp_path / "data")
    dd = store.data_dir
    with store.engine.begin() as conn:  # a write: the WAL and its index appear beside the file
        conn.exec_driver_sql("CREATE TABLE t (x)")
        sidecars = [p for p in backup.sidecars(dd.db_path) if p.exists()]
        assert len(sidecars) == 3
        assert {p.name: mode(p) for p in sidecars} == {p.name: 0o600 for p in sidecars}
    made = backup.make_backup(dd.db_path, dd.backup_dir, "manual")
    outside = backup.backup_to(dd.db_path, tmp_path / "elsewhere" / "copy.db")
    store.close()
    assert mode(dd.root) == 0o700 and mode(dd.backup_dir) == 0o700
    assert mode(dd.db_path) == 0o600 and mode(made) == 0o600 and mode(outside) == 0o600


def test_an_install_made_before_is_made_private_when_next_opened(tmp_path):
    store = open_store(tmp_path / "data")
    dd = store.data_dir
    made = backup.make_backup(dd.db_path, dd.backup_dir, "daily")
    store.close()
    body = dd.files_dir / "ab" / "cd" / "abcd"
    body.parent.mkdir(parents=True)
    body.write_bytes(b"x")
    for path, loose in ((dd.root, 0o755), (dd.db_path, 0o644), (dd.backup_dir, 0o755), (made, 0o644),
                        (body, 0o644)):
        os.chmod(path, loose)
    open_store(dd.root).close()
    assert mode(dd.root) == 0o700 and mode(dd.backup_dir) == 0o700
    assert mode(dd.db_path) == 0o600 and mode(made) == 0o600 and mode(body) == 0o600


def test_restoring_over_a_damaged_file_leaves_both_private(office_store, tmp_path):
    dd = office_store.data_dir
    good = backup.make_backup(dd.db_path, dd.backup_dir, "manual")
    office_store.close()
    with open(dd.db_path, "r+b") as f:
        f.write(b"\x00" * 100)
    backup.restore(dd.db_path, good, dd.backup_dir)
    kept = next(dd.backup_dir.glob("fydesk-damaged-*.db"))
    assert mode(dd.db_path) == 0o600 and mode(kept) == 0o600


def test_attachment_bodies_and_the_copies_made_of_them_are_private(tmp_path):
    source = tmp_path / "证据.txt"
    source.write_text("证据")
    bodies = Bodies(tmp_path / "files")
    sha, _ = bodies.put_file(source, 1 << 20)
    copy = tmp_path / "out.txt"
    bodies.copy_out(sha, copy)
    assert mode(bodies.path(sha)) == 0o600 and mode(copy) == 0o600
    assert copy.read_text() == "证据"
