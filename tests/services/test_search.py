"""Search finds Chinese substrings of any length and follows every edit in the same transaction."""

from __future__ import annotations

import pytest

from fydesk.domain.errors import ValidationError
from fydesk.services import cases, records
from fydesk.services.search import plan, run, search

from ..conftest import TODAY


def _case(store, actor, summary, names=("张伟", "王芳")):
    with store.write() as s:
        return cases.register_case(
            s, actor,
            {"category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷",
             "summary": summary, "registered_date": "2026-11-02"},
            [{"role": "申请人", "name": names[0]}, {"role": "被申请人", "name": names[1]}],
            today=TODAY)


def _find(store, q, **kw):
    with store.read() as s:
        return search(s, q, **kw)


def test_one_hit_per_case_even_when_several_of_its_records_match(office_store, actor):
    made = _case(office_store, actor, "排水沟堵塞引发邻里纠纷")
    with office_store.write() as s:
        records.update(s, actor, "case", made.case.id, {"status": "受理"}, today=TODAY)
        for n in range(3):
            records.create(s, actor, "session", {
                "case_id": made.case.id, "held_at": f"2026-11-0{n + 3} 10:00", "place": "调解室",
                "attendees": "双方", "record": f"第{n + 1}次调解，讨论排水沟清理方案。"})
    hits = _find(office_store, "排水沟")
    assert len(hits) == 1 and hits[0].case_id == made.case.id
    assert hits[0].entity == "session"  # the newest matching record speaks for the case


def test_words_are_combined_long_and_short(office_store, actor):
    a = _case(office_store, actor, "宅基地界址争议，涉及围墙")
    _case(office_store, actor, "宅基地使用权争议，涉及道路")
    assert {h.case_id for h in _find(office_store, "宅基地 围墙")} == {a.case.id}
    assert len(_find(office_store, "宅基")) == 2
    assert _find(office_store, "王")  # a one-character surname still finds the parties


def test_edits_and_voids_are_reflected_at_once(office_store, actor):
    made = _case(office_store, actor, "噪音扰民纠纷")
    with office_store.write() as s:
        records.update(s, actor, "case", made.case.id, {"summary": "油烟扰民纠纷"})
    assert _find(office_store, "噪音扰民") == []
    assert _find(office_store, "油烟扰民")
    with office_store.write() as s:
        records.void(s, actor, "case", made.case.id, "重复登记")
        for p in made.parties:
            records.void(s, actor, "party", p.id, "重复登记")
    assert _find(office_store, "油烟扰民") == []


def test_quotes_and_operators_in_the_query_are_plain_text(office_store, actor):
    _case(office_store, actor, '他说"AND OR NOT"都不算')
    assert _find(office_store, '"AND OR')
    assert _find(office_store, "NEAR(") == []


def test_empty_query_is_refused(office_store):
    with pytest.raises(ValidationError, match="检索词"):
        _find(office_store, "   ")


def test_limit_is_respected_across_pages(office_store, actor):
    for i in range(30):
        _case(office_store, actor, f"第{i}件相邻关系纠纷")
    assert len(_find(office_store, "相邻关系", limit=25)) == 25


def test_short_words_at_the_very_end_and_rare_characters_are_found(office_store, actor):
    a = _case(office_store, actor, "纠纷起因是邻居家的狗", names=("王䶮", "李四"))
    hits = _find(office_store, "的狗")  # the last two characters of the summary
    assert [h.case_id for h in hits] == [a.case.id] and "【的狗】" in hits[0].snippet
    assert [h.case_id for h in _find(office_store, "䶮")] == [a.case.id]
    long = _case(office_store, actor, "相" * 5000 + "鳄鱼" + "相" * 10)  # past the positions table
    for q in ("鳄", "鳄鱼"):
        with office_store.read() as s:  # through the character index alone, no rows scanned first
            assert [h.case_id for h in run(s, plan([q]), [q], 20, scanned_first=0)] == [long.case.id]
    assert _find(office_store, "猫狗") == []


def test_a_short_word_followed_by_many_different_characters_is_found_newest_first(office_store, actor):
    # Seventy different characters after 王: seventy trigrams, one character to look up.
    made = [_case(office_store, actor, f"王{chr(0x4E00 + i)}家与邻居的相邻关系纠纷") for i in range(70)]
    hits = _find(office_store, "王", limit=5)
    assert len(hits) == 5 and all("【王】" in h.snippet for h in hits)
    assert hits[0].case_id == made[-1].case.id  # newest first


def test_latin_letters_match_regardless_of_case(office_store, actor):
    made = _case(office_store, actor, "涉及APP账号转让")
    assert [h.case_id for h in _find(office_store, "app")] == [made.case.id]
    assert [h.case_id for h in _find(office_store, "Ap")] == [made.case.id]


def test_an_edit_keeps_the_index_row_a_void_drops_it_and_a_restore_brings_it_back(office_store, actor):
    """Edits rewrite a record's index row under the same row id, so a statement editing many
    records in row-id order pays FTS5's flush once (see the pull's bulk writer)."""
    from sqlalchemy import text

    made = _case(office_store, actor, "果园承包合同纠纷")

    def row_id():
        with office_store.read() as s:
            return s.scalar(text("SELECT rowid FROM search_map WHERE record_id = :id"), {"id": made.case.id})

    before = row_id()
    with office_store.write() as s:
        records.update(s, actor, "case", made.case.id, {"summary": "鱼塘承包合同纠纷"}, today=TODAY)
    assert row_id() == before
    assert [h.case_id for h in _find(office_store, "鱼塘承包")] == [made.case.id]
    assert _find(office_store, "果园承包") == []
    with office_store.write() as s:
        s.execute(text("UPDATE mediation_cases SET deleted_at = '2026-11-21 00:00:00' WHERE id = :id"),
                  {"id": made.case.id})
    assert row_id() is None and _find(office_store, "鱼塘承包") == []
    with office_store.write() as s:
        s.execute(text("UPDATE mediation_cases SET deleted_at = NULL WHERE id = :id"), {"id": made.case.id})
    assert row_id() is not None and [h.case_id for h in _find(office_store, "鱼塘承包")] == [made.case.id]
    with office_store.write() as s:  # FTS5 raises if the index no longer matches its content
        s.execute(text("INSERT INTO search_index(search_index) VALUES('integrity-check')"))


# Few distinct characters, so that one- and two-character words match many rows, and pairs of
# characters often occur apart (基…宅) without occurring together (宅基).
_ALPHABET = "宅基地王李调解漏水鱼塘纠纷界址Ab1"
_WORDS = ("王", "宅", "基", "b", "B", "1", "宅基", "基宅", "调解", "Ab", "水鱼", "地王", "王王", "，",
          "宅基地", "调解纠", "ab1", "王 宅", "宅基 水", "漏水 纠纷界", "王 李 1", "塘纠纷", "无")


def _truth(store, query: str, limit: int) -> list[tuple[str, str]]:
    """The newest matching record per case, found by reading every indexed row in Python."""
    from sqlalchemy import text

    words = [w.lower() for w in query.split()]
    with store.read() as s:
        rows = s.execute(text(
            "SELECT m.entity, m.record_id, m.case_id, i.title, i.body, c.deleted_at "
            "FROM search_map m JOIN search_index i ON i.rowid = m.rowid "
            "LEFT JOIN mediation_cases c ON c.id = m.case_id ORDER BY m.rowid DESC")).all()
    out, seen = [], set()
    for entity, record_id, case_id, title, body, voided in rows:
        if (case_id and voided) or not all(w in title.lower() or w in body.lower() for w in words):
            continue
        if (case_id or record_id) not in seen:
            seen.add(case_id or record_id)
            out.append((entity, record_id))
    return out[:limit]


def test_every_plan_finds_what_reading_every_row_finds(office_store, actor):
    """Trigram, character-index and scan plans against a brute-force answer, through inserts,
    edits (which rewrite the character index) and voids."""
    import random

    from sqlalchemy import text

    rnd = random.Random(17)

    def words(n):
        return "".join(rnd.choice(_ALPHABET) for _ in range(n)) + rnd.choice(("，", "。", " "))

    made = []
    for i in range(40):
        made.append(_case(office_store, actor, words(12) + words(8), names=(words(3), words(2))))
        if i % 3 == 0:
            with office_store.write() as s:
                records.update(s, actor, "case", made[-1].case.id, {"status": "受理"}, today=TODAY)
                records.create(s, actor, "session", {
                    "case_id": made[-1].case.id, "held_at": "2026-11-03 10:00", "place": words(2),
                    "attendees": "双方", "record": words(30)})
    with office_store.write() as s:
        for m in made[::5]:
            records.update(s, actor, "case", m.case.id, {"summary": words(15)}, today=TODAY)
        for m in made[1::7]:
            records.void(s, actor, "case", m.case.id, "重复登记")
        records.update(s, actor, "party", made[2].parties[0].id, {"name": "王宅基"}, today=TODAY)
    checked = 0
    for q in _WORDS:
        for limit in (1, 5, 20):
            want = _truth(office_store, q, limit)
            assert [(h.entity, h.record_id) for h in _find(office_store, q, limit=limit)] == want, q
            # The newest rows are scanned before an index is opened; here none, or some of them,
            # so that the indexes find rows too and the seam between the two ways is crossed.
            for scanned_first in (0, 40):
                with office_store.read() as s:
                    hits = run(s, plan(q.split()), q.split(), limit, scanned_first=scanned_first)
                assert [(h.entity, h.record_id) for h in hits] == want, (q, limit, scanned_first)
            checked += bool(want)
    assert checked > 40  # most words find something, so the comparison says something
    with office_store.write() as s:  # FTS5 raises if an index no longer matches its content
        s.execute(text("INSERT INTO search_index(search_index) VALUES('integrity-check')"))
        s.execute(text("INSERT INTO search_chars(search_chars) VALUES('integrity-check')"))


def test_short_words_are_planned_by_what_the_character_index_holds():
    assert plan(["王"]).source == "chars" and plan(["宅基", "Ab"]).match == '"宅" AND "基" AND "a" AND "b"'
    assert plan(["宅基地", "王"]).source == "trigram" and plan(["宅基地", "王"]).checked == ("王",)
    assert plan(["，"]).source == "scan" and plan(["é"]).source == "scan"
    assert plan(["王，"]).checked == ("王，",) and plan(["王，"]).match == '"王"'


def test_the_character_index_goes_and_comes_back_with_its_migration(office_store, actor):
    """0018 down: the triggers of 0017 write as before; 0018 up again: the index is rebuilt
    from the text, records written in between included."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from fydesk.store import migrate

    def to(revision: str, step) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", migrate.script_location())
        with office_store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, revision)

    before = _case(office_store, actor, "鳄鱼池塘纠纷")
    to("0017", command.downgrade)
    with office_store.read() as s:
        assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_chars%' "
                             "OR sql LIKE '%search_chars%'")) == 0
    between = _case(office_store, actor, "鳄鱼养殖场噪音")
    to("head", command.upgrade)
    after = _case(office_store, actor, "鳄鱼逃逸")
    with office_store.read() as s:
        hits = run(s, plan(["鳄"]), ["鳄"], 20, scanned_first=0)
    assert [h.case_id for h in hits] == [after.case.id, between.case.id, before.case.id]


def _chars_index(store) -> dict[str, set[int]]:
    """Per character of the indexed texts, the index rows search_chars finds it in."""
    from sqlalchemy import text

    from fydesk.services.search import _in_chars_index

    with store.read() as s:
        texts = s.execute(text("SELECT id, c0 || c1 FROM search_index_content")).all()
        found = {}
        for ch in sorted({ch.lower() for _, t in texts for ch in t if _in_chars_index(ch)} | set("鳄z")):
            found[ch] = set(s.scalars(text("SELECT rowid FROM search_chars WHERE search_chars MATCH :q"),
                                      {"q": f'"{ch}"'}))
    return found


def _chars_truth(store) -> dict[str, set[int]]:
    from sqlalchemy import text

    with store.read() as s:
        texts = s.execute(text("SELECT id, c0 || c1 FROM search_index_content")).all()
    truth = {ch: set() for ch in _chars_index(store)}
    for rowid, t in texts:
        for ch in t.lower():
            if ch in truth:
                truth[ch].add(rowid)
    return truth


def chars_totals(store) -> tuple[bytes, bytes]:
    """search_chars' record of its rows and tokens, as kept and as a rebuild from the text
    makes it: a row taken out with other tokens than it went in with leaves them apart (and
    FTS5 calls the index malformed once they go below zero)."""
    from sqlalchemy import text

    with store.write() as s:
        kept = s.scalar(text("SELECT block FROM search_chars_data WHERE id = 1"))
        s.execute(text("INSERT INTO search_chars(search_chars) VALUES('rebuild')"))
        rebuilt = s.scalar(text("SELECT block FROM search_chars_data WHERE id = 1"))
        s.rollback()
    return kept, rebuilt


def test_a_bulk_write_keeps_the_character_index_itself_as_the_triggers_would(office_store, actor):
    """Around a bulk write the triggers leave search_chars alone (migration 0019); afterwards
    the records whose text changed lose their old characters and gain their new ones —
    inserts, edits of indexed text and of other fields, voids, restores."""
    from datetime import datetime

    from sqlalchemy import select, text

    from fydesk.models import MediationCase
    from fydesk.store.bulk import Writer, chars_kept_in_bulk

    made = [_case(office_store, actor, f"{s}的纠纷") for s in ("宅基地界址", "鱼塘承包", "果园租金", "Abc漏水")]
    ids = [m.case.id for m in made]
    with office_store.read() as s:
        rows = {c.id: c for c in s.scalars(select(MediationCase).where(MediationCase.id.in_(ids)))}
    with office_store.write() as s:
        writer = Writer(s)
        new = {k: getattr(rows[ids[0]], k) for k in MediationCase.__table__.c.keys()}  # noqa: SIM118
        new.update(id="bulk-new-case", case_number="(2026)越秀人民调99号", summary="鳄鱼池塘纠纷")
        with chars_kept_in_bulk(writer.conn, [*ids, "bulk-new-case"]):
            writer.insert(MediationCase, [new])
            writer.update(MediationCase, [{"id": ids[0], "summary": "山林权属的纠纷"},
                                          {"id": ids[1], "summary": "鱼塘承包的纠纷"}], ["summary"])
            writer.update(MediationCase, [{"id": ids[2], "deleted_at": datetime(2026, 11, 21)}], ["deleted_at"])
            writer.update(MediationCase, [{"id": ids[3], "summary": "ZZ漏水的纠纷"}], ["summary"])
            # Meanwhile the triggers stand aside: the new case's characters are not there yet.
            assert s.scalars(text("SELECT rowid FROM search_chars WHERE search_chars MATCH '\"鳄\"'")).all() == []
    assert _chars_index(office_store) == _chars_truth(office_store)
    kept, rebuilt = chars_totals(office_store)
    assert kept == rebuilt
    assert [h.case_id for h in _find(office_store, "鳄")] == ["bulk-new-case"]
    assert _find(office_store, "宅") == [] and _find(office_store, "果") == []  # edited away, voided
    assert [h.case_id for h in _find(office_store, "Z")] == [ids[3]] and _find(office_store, "bc") == []
    with office_store.write() as s:  # and the triggers write it again after
        records.update(s, actor, "case", ids[1], {"summary": "鳄鱼逃逸"}, today=TODAY)
        s.execute(text("UPDATE mediation_cases SET deleted_at = NULL WHERE id = :id"), {"id": ids[2]})
        assert s.scalar(text("SELECT count(*) FROM search_chars_deferred")) == 0
    assert _chars_index(office_store) == _chars_truth(office_store)
    kept, rebuilt = chars_totals(office_store)
    assert kept == rebuilt
    assert {h.case_id for h in _find(office_store, "鳄")} == {"bulk-new-case", ids[1]}
    assert [h.case_id for h in _find(office_store, "果")] == [ids[2]]
    with office_store.write() as s:
        s.execute(text("INSERT INTO search_chars(search_chars) VALUES('integrity-check')"))


def test_a_failed_bulk_write_leaves_the_triggers_writing(office_store, actor):
    from sqlalchemy import text

    from fydesk.store.bulk import chars_kept_in_bulk

    with office_store.write() as s, pytest.raises(RuntimeError), chars_kept_in_bulk(s.connection(), []):
        raise RuntimeError("a bad row")
    with office_store.write() as s:
        assert s.scalar(text("SELECT count(*) FROM search_chars_deferred")) == 0
    made = _case(office_store, actor, "鳄鱼池塘纠纷")
    assert [h.case_id for h in _find(office_store, "鳄")] == [made.case.id]
