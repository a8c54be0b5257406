"""`fydesk petition`: register, record steps, 化解 or 终结移交 from the command line, list and show
with --json, refusals in one sentence with nothing written, and `fydesk stats` counting them."""

from __future__ import annotations

import json
from datetime import date

from fydesk.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def ok_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def _office(capsys, tmp_path):
    d = str(tmp_path / "desk")
    assert run(capsys, "--data-dir", d, "init", "--office-code", "T01", "--office-name", "溪口人民法庭",
               "--kind", "人民法庭")[0] == 0
    return d


def test_a_petition_registered_worked_on_and_resolved_from_the_command_line(capsys, tmp_path):
    d = _office(capsys, tmp_path)
    made = ok_json(capsys, "--data-dir", d, "petition", "add", "--petitioner", "王某", "--matter", "对执行进度不满",
                   "--channel", "网上信访", "--case-numbers", "（2026）溪民初12号")
    assert (made["status"], made["channel"], made["received_date"], made["steps"]) == (
        "登记", "网上信访", date.today().isoformat(), [])
    step = ok_json(capsys, "--data-dir", d, "petition", "step", made["id"], "--action", "接谈", "--handler", "张法官",
                   "--note", "释明执行程序")
    assert (step["entity"], step["action"], step["handler"]) == ("petition_step", "接谈", "张法官")
    done = ok_json(capsys, "--data-dir", d, "petition", "set", made["id"], "已化解", "--document", "溪信化1号")
    assert (done["status"], done["closed_date"], done["close_document"]) == (
        "已化解", date.today().isoformat(), "溪信化1号")
    shown = ok_json(capsys, "--data-dir", d, "petition", "show", made["id"])
    assert [s["action"] for s in shown["steps"]] == ["接谈"] and shown["status"] == "已化解"

    other = ok_json(capsys, "--data-dir", d, "petition", "add", "--petitioner", "李某", "--matter", "要求再审",
                    "--channel", "来信")
    listed = ok_json(capsys, "--data-dir", d, "petition", "list")
    assert listed["total"] == 2 and [r["petitioner"] for r in listed["rows"]] == ["李某", "王某"]
    assert [r["id"] for r in ok_json(capsys, "--data-dir", d, "petition", "list", "--status", "登记")["rows"]] == [
        other["id"]]
    code, out, _ = run(capsys, "--data-dir", d, "petition", "list")
    assert code == 0 and "王某" in out and "已化解" in out and "办理记录 1 条" in out

    figures = ok_json(capsys, "--data-dir", d, "stats", "--period", date.today().strftime("%Y-%m"))["petitions"]
    assert (figures["received"], figures["resolved"], figures["rate"]) == (2, 1, 100.0)
    code, out, _ = run(capsys, "--data-dir", d, "stats", "--period", date.today().strftime("%Y-%m"))
    assert code == 0 and "涉诉信访：收到 2，已化解 1，终结移交 0，依法终结 0，化解率 100.0%" in out


def test_a_refused_move_is_one_sentence_and_nothing_written(capsys, tmp_path):
    d = _office(capsys, tmp_path)
    made = ok_json(capsys, "--data-dir", d, "petition", "add", "--petitioner", "王某", "--matter", "事项",
                   "--channel", "来访")
    code, out, err = run(capsys, "--data-dir", d, "petition", "set", made["id"], "已化解")
    assert code != 0 and out == ""
    assert err.strip() == "错误：涉诉信访不能从“登记”直接变为“已化解”；可选：化解中。"
    ok_json(capsys, "--data-dir", d, "petition", "set", made["id"], "化解中")
    code, _, err = run(capsys, "--data-dir", d, "petition", "set", made["id"], "终结移交", "--reason", "属行政职权")
    assert code != 0 and err.strip() == "错误：终结移交须写明移交给哪个单位。"
    code, _, err = run(capsys, "--data-dir", d, "petition", "add", "--petitioner", "王某", "--matter", "事项",
                       "--channel", "托人转告")
    assert code != 0 and "信访方式" in err and len(err.strip().splitlines()) == 1
    shown = ok_json(capsys, "--data-dir", d, "petition", "show", made["id"])
    assert (shown["status"], shown["transfer_to"], shown["closed_date"]) == ("化解中", None, None)
    assert ok_json(capsys, "--data-dir", d, "petition", "list")["total"] == 1
