"""The `fydesk` command as scripts and IT staff use it: exit codes, --json, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fydesk.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def dd(tmp_path, capsys):
    d = str(tmp_path / "data")
    code, _, err = run(capsys, "--data-dir", d, "init", "--office-code", "440104001",
                       "--office-name", "越秀区人民法庭", "--kind", "人民法庭", "--case-prefix", "越秀人")
    assert code == 0, err
    return d


def test_validate_id_card_as_the_issue_states(capsys):
    data = run_json(capsys, "validate", "id", "11010519491231002X")
    assert (data["valid"], data["birth_date"], data["sex"]) == (True, "1949-12-31", "女")
    code, out, _ = run(capsys, "validate", "id", "110105194912310021", "--json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and "校验码" in data["reason"]


def test_validate_uscc_as_the_issue_states(capsys):
    assert run(capsys, "validate", "uscc", "91350100M000100Y43")[0] == 0
    code, out, _ = run(capsys, "validate", "uscc", "91350100M000100Y4Z")
    assert code == 1 and "无效" in out


def test_validate_uscc_gives_its_advice_once(capsys):
    """A wrong check character on an early pilot code: the user may keep it with a reason,
    said once, not once by the check and again by the command."""
    code, out, _ = run(capsys, "validate", "uscc", "91350100M000100Y40")
    assert code == 1 and "应为 3" in out
    assert out.count("保存") == 1, out


def test_validate_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "passport", "X"])
    assert exc.value.code == 2


def test_fresh_install_offers_set_up_and_demo_in_a_data_dir_of_its_own(tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "new"), "status")
    assert code == 0 and " init --office-code" in out
    assert f"--data-dir {tmp_path / 'new-demo'} demo --records" in out


def test_demo_on_a_real_office_exits_non_zero_and_leaves_its_records_as_they_were(dd, capsys):
    def counts() -> dict:
        with sqlite3.connect(Path(dd) / "fydesk.db") as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    before = counts()
    code, out, err = run(capsys, "--data-dir", dd, "demo", "--records", "10")
    assert code == 1 and out == ""
    assert err.strip().startswith("错误：这个数据目录存放着") and "\n" not in err.strip()
    assert counts() == before
    assert "演示数据" not in run(capsys, "--data-dir", dd, "status")[1]


def test_init_twice_is_refused_in_one_sentence(dd, capsys):
    code, _, err = run(capsys, "--data-dir", dd, "init", "--office-code", "1", "--office-name", "x",
                       "--kind", "司法所")
    assert code == 1 and err.startswith("错误：") and err.count("\n") == 1


def _register(dd):
    from fydesk.services import cases
    from fydesk.services.context import load_actor
    from fydesk.store.open import open_store

    store = open_store(dd)
    with store.write() as s:
        made = cases.register_case(
            s, load_actor(s),
            {"category": "人民调解", "source": "当事人申请", "dispute_type": "房屋宅基地纠纷",
             "summary": "宅基地界址争议，涉及围墙拆除。", "registered_date": "2026-11-02"},
            [{"role": "申请人", "name": "张伟", "id_number": "11010519491231002X"},
             {"role": "被申请人", "name": "王芳"}])
    store.close()
    return made


def test_record_get_masks_ids_unless_full_and_set_goes_through_the_rules(dd, capsys):
    made = _register(dd)
    party = made.parties[0].id
    assert run_json(capsys, "--data-dir", dd, "record", "get", "party", party)["id_number"] == "110105********002X"
    full = run_json(capsys, "--data-dir", dd, "record", "get", "party", party, "--full")
    assert full["id_number"] == "11010519491231002X"
    changed = run_json(capsys, "--data-dir", dd, "record", "set", "case", made.case.id, "status=受理",
                       "amount_cents=12000.5")
    assert changed["status"] == "受理" and changed["amount_cents"] == "12000.50"
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "case", made.case.id, "status=归档")
    assert code == 1 and "受理" in err
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "party", party, "id_number=110105194912310021")
    assert code == 1 and "身份证号" in err


def test_record_set_moves_to_not_accepted_only_with_a_reason_and_corrects_with_one(dd, capsys):
    made = _register(dd)
    case = made.case.id
    code, out, err = run(capsys, "--data-dir", dd, "record", "set", "case", case, "status=不予受理")
    assert (code, out) == (1, "") and err.strip().endswith("调解案件变为“不予受理”须写明理由。")
    refused = run_json(capsys, "--data-dir", dd, "record", "set", "case", case, "status=不予受理",
                       "--reason", "不属于人民调解受理范围")
    assert (refused["status"], refused["status_reason"]) == ("不予受理", "不属于人民调解受理范围")
    # Setting it back is no move; only an explicit correction with its reason is.
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "case", case, "status=登记")
    assert code == 1 and "不能从“不予受理”直接变为“登记”" in err
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "case", case, "status=登记", "--correct")
    assert code == 1 and "须写明更正理由" in err
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "case", case, "status=登记", "claims=x",
                       "--correct", "--reason", "误点")
    assert code == 1 and "更正只能改状态" in err
    fixed = run_json(capsys, "--data-dir", dd, "record", "set", "case", case, "status=受理", "--correct",
                     "--reason", "误点不予受理，应予受理")
    assert (fixed["status"], fixed["status_reason"]) == ("受理", "误点不予受理，应予受理")
    assert fixed["accepted_date"] is not None  # accepted after all: the term runs


def test_search_finds_three_and_two_character_words_with_marked_snippets(dd, capsys):
    made = _register(dd)
    hits = run_json(capsys, "--data-dir", dd, "search", "宅基地")
    assert {h["case_id"] for h in hits} == {made.case.id}
    assert any("【宅基地】" in h["snippet"] for h in hits)
    short = run_json(capsys, "--data-dir", dd, "search", "围墙")
    assert short and "【围墙】" in short[0]["snippet"]
    assert run_json(capsys, "--data-dir", dd, "search", "不存在的词语") == []


def test_export_then_import_round_trips_and_a_bad_row_writes_nothing(dd, tmp_path, capsys):
    _register(dd)
    out = tmp_path / "all.json"
    assert run(capsys, "--data-dir", dd, "export", "json", "--out", str(out), "--full")[0] == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["records"]["party"]) == 2

    other = str(tmp_path / "other")
    run(capsys, "--data-dir", other, "init", "--office-code", "440104002", "--office-name", "司法所",
        "--kind", "司法所")
    bad = json.loads(json.dumps(doc))
    bad["records"]["party"][1]["id_number"] = "110105194912310021"
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", other, "import", str(bad_file))
    assert code == 1 and "当事人第 2 条" in err
    assert run_json(capsys, "--data-dir", other, "search", "宅基地") == []

    code, out_text, err = run(capsys, "--data-dir", other, "import", str(out))
    assert code == 0, err
    hits = run_json(capsys, "--data-dir", other, "search", "宅基地")
    assert hits and hits[0]["case_number"] == "（2026）越秀人调字第1号"


def test_masked_export_cannot_be_imported(dd, tmp_path, capsys):
    _register(dd)
    out = tmp_path / "masked.json"
    run(capsys, "--data-dir", dd, "export", "json", "--out", str(out))
    assert "110105********002X" in out.read_text(encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", dd, "import", str(out))
    assert code == 1 and "打码" in err


def test_stats_json_has_rate_areas_and_breakdowns(dd, capsys):
    made = _register(dd)
    run(capsys, "--data-dir", dd, "record", "set", "case", made.case.id, "status=受理", "accepted_date=2026-11-03")
    from fydesk.services import records
    from fydesk.services.context import load_actor
    from fydesk.store.open import open_store

    store = open_store(dd)
    with store.write() as s:
        records.create(s, load_actor(s), "area_stat", {
            "area_code": "440104001", "area_name": "北京街道", "period": "2026-11",
            "resident_population": 40000, "floating_population": 10000,
            "civil_filings": 45, "admin_filings": 5})
    store.close()
    data = run_json(capsys, "--data-dir", dd, "stats", "--period", "2026-11")
    assert data["accepted"] == 1 and data["success_rate"] == 0.0
    assert data["areas"][0]["rate_per_10k"] == 10.0
    assert data["by_dispute_type"][0]["key"] == "房屋宅基地纠纷"
    assert data["by_source"][0]["key"] == "当事人申请"
    code, _, err = run(capsys, "--data-dir", dd, "stats", "--period", "2026-13")
    assert code == 1 and "月份" in err


def test_db_check_names_damage_and_exits_nonzero(dd, capsys):
    assert run(capsys, "--data-dir", dd, "db", "check")[0] == 0
    import sqlite3

    _register(dd)
    with sqlite3.connect(Path(dd) / "fydesk.db") as conn:
        conn.execute("UPDATE audit_log SET after = '{}' WHERE seq = 1")
    code, _, err = run(capsys, "--data-dir", dd, "db", "check")
    assert code == 1 and "审计记录 #1" in err


def test_db_backup_and_restore_commands(dd, tmp_path, capsys):
    target = tmp_path / "b.db"
    assert run(capsys, "--data-dir", dd, "db", "backup", "--to", str(target))[0] == 0
    _register(dd)
    code, out, err = run(capsys, "--data-dir", dd, "db", "restore", str(target))
    assert code == 0, err
    assert run_json(capsys, "--data-dir", dd, "search", "宅基地") == []


def test_console_script_runs_and_reports_version():
    exe = Path(sys.executable).with_name("fydesk")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("fydesk ")


def test_first_writing_command_of_the_day_takes_the_daily_backup(tmp_path, capsys):
    d = tmp_path / "data"
    run(capsys, "--data-dir", str(d), "init", "--office-code", "1", "--office-name", "某司法所",
        "--kind", "司法所")  # a new database: nothing to back up yet
    run(capsys, "--data-dir", str(d), "search", "宅基地")  # read-only: no backup
    assert not list((d / "backups").glob("fydesk-daily-*.db"))
    assert run(capsys, "--data-dir", str(d), "status")[0] == 0  # the command a day starts with
    assert len(list((d / "backups").glob("fydesk-daily-*.db"))) == 1


def test_demo_fills_a_fresh_install_and_search_finds_agreements(tmp_path, capsys):
    d = str(tmp_path / "demo")
    data = run_json(capsys, "--data-dir", d, "demo", "--records", "300", "--seed", "3")
    assert data["cases"] == 300
    hits = run_json(capsys, "--data-dir", d, "search", "调解协议")
    assert hits and all("【调解协议】" in h["snippet"] for h in hits)
    assert run_json(capsys, "--data-dir", d, "search", "宅基")
    assert run(capsys, "--data-dir", d, "db", "check")[0] == 0
    code, out, _ = run(capsys, "--data-dir", d, "status")
    assert code == 0 and "调解案件 300 件" in out and "这是演示数据目录" in out
    code, _, err = run(capsys, "--data-dir", d, "init", "--office-code", "440104001", "--office-name", "越秀区人民法庭",
                       "--kind", "人民法庭")
    assert code == 1 and "这是演示数据目录，不能设置为正式单位" in err


def test_a_pipe_that_cannot_carry_chinese_gets_escapes_not_a_traceback(tmp_path):
    # An English Windows writes pipes in cp1252; latin-1 stands in for it on any OS.
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "fydesk", "validate", "id", "123"], env=env,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr  # invalid number: 1, not a crash
    assert b"Traceback" not in done.stderr
    assert b"\\u" in done.stdout  # the Chinese sentence, escaped


RARE = "𱍐"  # U+31350 (CJK Extension H): no font the app ships has it


def test_a_rare_character_is_flagged_when_set_and_kept_once_confirmed(dd, capsys):
    """Rare characters at the door: `record set` names the character no document font has and
    saves nothing; confirmed, the name is stored as written (names are legal facts)."""
    made = _register(dd)
    party = made.parties[1].id
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "party", party, f"name=王{RARE}")
    assert code == 1
    assert f"“{RARE}”（U+31350）" in err and "姓名/名称" in err and "--confirm-rare" in err
    assert err.count("\n") == 1
    assert run_json(capsys, "--data-dir", dd, "record", "get", "party", party)["name"] == "王芳"
    assert run_json(capsys, "--data-dir", dd, "record", "set", "party", party, f"name=王{RARE}",
                    "--confirm-rare")["name"] == f"王{RARE}"
    # Once kept, the name is not asked about again when something else of the record changes.
    assert run_json(capsys, "--data-dir", dd, "record", "set", "party", party,
                    "phone=13800001111")["phone"] == "13800001111"
    code, _, err = run(capsys, "--data-dir", dd, "record", "set", "party", party, f"address={RARE}家村")
    assert code == 1 and "住所" in err and RARE in err


def test_an_import_with_a_rare_character_names_it_by_row_until_confirmed(dd, tmp_path, capsys):
    _register(dd)
    out = tmp_path / "all.json"
    assert run(capsys, "--data-dir", dd, "export", "json", "--out", str(out), "--full")[0] == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["records"]["party"][1]["name"] = f"王{RARE}"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    other = str(tmp_path / "other")
    run(capsys, "--data-dir", other, "init", "--office-code", "440104002", "--office-name", "司法所",
        "--kind", "司法所")
    code, _, err = run(capsys, "--data-dir", other, "import", str(out))
    assert code == 1 and "当事人第 2 条" in err and f"“{RARE}”（U+31350）" in err and "--confirm-rare" in err
    code, _, err = run(capsys, "--data-dir", other, "import", str(out), "--confirm-rare")
    assert code == 0, err
