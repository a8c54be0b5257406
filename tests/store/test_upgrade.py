"""A newer fydesk over an older one: the data dir the first release wrote opens, backed up and
migrated, with every record kept. `data/release-0.1.0.db.gz` was written by fydesk 0.1.0
(schema 0001) itself: `fydesk demo --records 80 --seed 7`, then VACUUM."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from fydesk.cli import main
from fydesk.services import records, search
from fydesk.services.context import load_actor
from fydesk.store import migrate
from fydesk.store.open import open_store

RELEASE_0_1_0 = Path(__file__).parent / "data" / "release-0.1.0.db.gz"
KEPT = ("offices", "staff", "mediation_cases", "parties", "mediation_sessions", "agreements", "agreement_terms",
        "performances", "judicial_confirmations", "joint_cases", "joint_case_offices", "handoffs", "enterprises",
        "visits", "risks", "judicial_suggestions", "term_extensions", "area_stats", "audit_log")


def unpack(dest: Path) -> Path:
    dest.mkdir(parents=True)
    with gzip.open(RELEASE_0_1_0, "rb") as src, open(dest / "fydesk.db", "wb") as out:
        shutil.copyfileobj(src, out)
    return dest / "fydesk.db"


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in KEPT}


def test_the_first_releases_data_dir_opens_migrated_with_a_backup_and_every_record(tmp_path, capsys):
    db = unpack(tmp_path / "data")
    before = counts(db)
    assert before["mediation_cases"] == 80 and before["joint_cases"] == 10
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        first_case = conn.execute("SELECT id, summary FROM mediation_cases ORDER BY id LIMIT 1").fetchone()

    assert main(["--data-dir", str(tmp_path / "data"), "status"]) == 0  # the new version, as a user starts it
    assert "调解案件 80 件" in capsys.readouterr().out

    [backup] = (tmp_path / "data" / "backups").glob("fydesk-pre-migration-0001-*.db")
    assert counts(backup) == before  # the backup beside it is the old file as it was
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)

    store = open_store(tmp_path / "data")
    assert migrate.current_revision(store.engine) == migrate.SCHEMA_HEAD
    assert counts(db) == before
    with store.write() as s:
        # columns the later schemas added have their defaults; the old records read and edit
        assert s.execute(text("SELECT count(*) FROM joint_cases WHERE status = '办理中'")).scalar() == 10
        case = records.get(s, "case", first_case[0])
        assert case.values["summary"] == first_case[1]
        records.update(s, load_actor(s, "书记员"), "case", case.id, {"summary": first_case[1] + "（续）"})
        # the index the migrations rebuilt holds the old text and follows the edit
        assert first_case[0] in {h.case_id for h in search.search(s, first_case[1][8:14], limit=100)}
        assert [h.case_id for h in search.search(s, "（续）")] == [first_case[0]]
    store.close()
    # a second start has nothing to migrate and takes no second pre-migration backup
    open_store(tmp_path / "data").close()
    assert len(list((tmp_path / "data" / "backups").glob("fydesk-pre-migration-*.db"))) == 1


def test_every_old_case_is_presided_over_by_its_offices_own_committee_after_the_upgrade(tmp_path):
    """Migration 0010's rule: each office with cases gets a 调委会 (an id every PC of the office
    derives alike), its cases point to it, and only this PC's office's body is queued."""
    db = unpack(tmp_path / "data")
    store = open_store(tmp_path / "data")
    with store.read() as s:
        rows = s.execute(text(
            "SELECT o.id, o.kind, b.id, b.office_id, b.name, b.kind FROM mediation_cases c "
            "JOIN offices o ON o.id = c.office_id JOIN mediation_bodies b ON b.id = c.body_id")).all()
        assert len(rows) == s.execute(text("SELECT count(*) FROM mediation_cases")).scalar() == 80
        assert {o_id for o_id, _, _, b_office, _, _ in rows if o_id != b_office} == set()
        assert {b_kind for *_, b_kind in rows} <= {"驻庭人民调解委员会", "乡镇(街道)人民调解委员会"}
        assert all(name.endswith("人民调解委员会") for *_, name, _ in rows)
        local = load_actor(s).office_id
        queued = s.execute(text("SELECT record_id FROM outbox WHERE entity = 'mediation_body'"
                                " AND op = 'insert'")).scalars().all()
        assert queued == sorted({b_id for o_id, _, b_id, *_ in rows if o_id == local})
        assert len(queued) == 1
    store.close()
    # The same rule on another PC of the office gives the same body id.
    other = unpack(tmp_path / "other")
    assert other != db
    store = open_store(tmp_path / "other")
    with store.read() as s:
        again = dict(s.execute(text("SELECT office_id, id FROM mediation_bodies")).all())
    store.close()
    assert again == {o_id: b_id for o_id, _, b_id, *_ in rows}


def test_each_body_gets_a_prefix_and_goes_on_past_its_offices_agreement_numbers(tmp_path):
    """Migration 0013's rule: every body gets the 代字 its name gives (one office's alike ones
    told apart by a figure), queued for the hub for this PC's office; where the office's one
    agreement series stood in a year, each of its bodies goes on from there."""
    from fydesk.domain.casenumbers import format_agreement_number
    from fydesk.services import numbering
    from fydesk.store.engine import DataDir, make_engine

    dd = DataDir(tmp_path / "data")
    unpack(dd.root)
    engine = make_engine(dd.db_path)
    migrate.upgrade(engine, target="0012")
    with engine.begin() as conn:
        local = conn.execute(text("SELECT value FROM local_settings WHERE key = 'office_id'")).scalar()
        [(body_id, name, kind)] = conn.execute(text(
            "SELECT id, name, kind FROM mediation_bodies WHERE office_id = :o"), {"o": local}).all()
        conn.execute(text(
            "INSERT INTO mediation_bodies (id, owner_office_id, rev, created_at, updated_at, office_id, name, kind,"
            " active) VALUES ('b2', :o, 0, '2030-01-01', '2030-01-01', :o, :name, :kind, 1)"),
            {"o": local, "name": name, "kind": kind})
        conn.execute(text("DELETE FROM number_leases WHERE series = 'agreement'"))
        conn.execute(text(
            "INSERT INTO number_leases (id, office_id, series, year, start, \"end\", next, source)"
            " VALUES ('l1', :o, 'agreement', 2026, 1, NULL, 7, 'local')"), {"o": local})
    engine.dispose()
    store = open_store(dd.root)
    with store.write() as s:
        prefixes = dict(s.execute(text(
            "SELECT id, number_prefix FROM mediation_bodies WHERE office_id = :o"), {"o": local}).all())
        assert prefixes["b2"] == prefixes[body_id] + "2" and all(prefixes.values())
        assert s.execute(text("SELECT count(*) FROM mediation_bodies WHERE number_prefix IS NULL")).scalar() == 0
        queued = s.execute(text("SELECT record_id, fields FROM outbox WHERE entity = 'mediation_body'"
                                " AND op = 'update'")).all()
        assert sorted(r for r, _ in queued) == sorted(prefixes)
        actor = load_actor(s)
        for bid in (body_id, "b2"):
            got = numbering.next_number(s, actor, "agreement", 2026, body_id=bid)
            assert (got.number, got.provisional) == (7, False)
        assert format_agreement_number(2026, prefixes[body_id], 7) != format_agreement_number(2026, prefixes["b2"], 7)
        assert s.execute(text("SELECT count(*) FROM number_leases WHERE series = 'agreement'"
                              " AND body_id IS NULL")).scalar() == 0
    store.close()
