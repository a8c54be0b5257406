"""Masks that hold (DESIGN §2): nothing a masked export, a masked record or a masked document
shows lets the hidden digits of an ID number be rebuilt, from any field or any mix of fields."""

from __future__ import annotations

import calendar
import collections
import itertools
import json
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from fydesk.cli import main
from fydesk.domain.ids import check_id_card, mask_id

MASKED_18 = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`fydesk demo --records 200`, exported three ways: full JSON (the truth), masked JSON, xlsx."""
    root = tmp_path_factory.mktemp("masks")
    dd = str(root / "data")
    assert main(["--data-dir", dd, "demo", "--records", "200", "--seed", "1"]) == 0
    files = {"full": root / "full.json", "masked": root / "masked.json", "xlsx": root / "all.xlsx"}
    assert main(["--data-dir", dd, "export", "json", "--full", "--out", str(files["full"])]) == 0
    assert main(["--data-dir", dd, "export", "json", "--out", str(files["masked"])]) == 0
    assert main(["--data-dir", dd, "export", "xlsx", "--out", str(files["xlsx"])]) == 0
    full = json.loads(files["full"].read_text(encoding="utf-8"))
    numbers = {p["id"]: p["id_number"] for p in full["records"]["party"] if p["id_number"]}
    assert len(numbers) > 300
    return dd, files, numbers


def _text(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _pieces(fields: dict) -> dict[str, str]:
    """Every field's digits, as a reader would pull them out (dates, codes, numbers in text):
    the field's digits run together, and each run of digits in it. Record ids are random and
    say nothing of a number; a chance match in them is no rebuild."""
    out = {}
    for name, value in fields.items():
        text = UUID.sub(" ", _text(value))
        out[f"{name}"] = re.sub(r"\D", "", text)
        for k, run in enumerate(re.findall(r"\d+", text)):
            out[f"{name}#{k}"] = run
    return {k: v for k, v in out.items() if v}


def _ways(truth: str, fields: dict) -> set[tuple]:
    """Every way of putting visible fields together that fills the masked middle with the
    hidden digits: one field, or two or three of them (or runs of digits in them) side by
    side in any order, read at any offset."""
    middle = truth[6:14]
    pieces = _pieces(fields)
    short = {k: v for k, v in pieces.items() if len(v) < 8}
    ways = set()

    def look(names: tuple, text: str) -> None:
        at = text.find(middle)
        while at >= 0:
            ways.add((names, at))
            at = text.find(middle, at + 1)

    for name, text in pieces.items():
        look((name,), text)
    for k in (2, 3):
        for names in itertools.permutations(short, k):
            look(names, "".join(short[n] for n in names))
    return ways


def _candidates_left(masked: str, per_record: list) -> int:
    """How many valid numbers fit the mask and every year the record shows: more than one means
    even the check character cannot single the number out."""
    years = {int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", " ".join(map(_text, per_record)))}
    count = 0
    for year in years or range(1900, 2027):
        for month in range(1, 13):
            for day in range(1, calendar.monthrange(year, month)[1] + 1):
                number = f"{masked[:6]}{year:04d}{month:02d}{day:02d}{masked[-4:]}"
                if check_id_card(number, today=date(2026, 12, 31)).valid:
                    count += 1
                    if count > 1:
                        return count
    return count


def _attack(parties: list[tuple[str, str, dict]], numbers: dict[str, str], everything: list) -> None:
    """parties: (record id, masked number as shown, the record's visible fields by name).

    A way of combining fields that gives back the hidden digits of one number by chance is
    no rebuild: the reader cannot tell which. A leak is a way that works across the file, as
    the birth date field did for every number before the year-only mask.
    """
    assert parties
    counts: collections.Counter = collections.Counter()
    for record_id, masked, fields in parties:
        truth = numbers[record_id]
        assert masked == mask_id(truth) and MASKED_18.match(masked), masked
        counts.update(_ways(truth, fields))
        assert _candidates_left(masked, list(fields.values())) > 1, masked
    leaks = [(way, n) for way, n in counts.items() if n > max(2, len(parties) // 100)]
    assert leaks == []
    # And no number, nor its hidden middle, stands anywhere in the file beside its own head.
    blob = UUID.sub(" ", " ".join(_text(v) for v in everything))
    plain = re.sub(r"\D", "", blob)
    leaked = [n for n in numbers.values() if n in blob or n[:17] in plain or n[:14] in plain]
    assert leaked == []


def test_a_masked_json_export_lets_no_id_number_be_rebuilt(demo):
    _, files, numbers = demo
    doc = json.loads(files["masked"].read_text(encoding="utf-8"))
    assert doc["masked"] is True
    everything = [v for rows in doc["records"].values() for r in rows for v in r.values()]
    parties = [(p["id"], p["id_number"], p) for p in doc["records"]["party"] if p["id_number"]]
    assert len(parties) == len(numbers)
    _attack(parties, numbers, everything)
    assert all(re.fullmatch(r"\d{4}", p["birth_date"]) for p in doc["records"]["party"] if p["birth_date"])


def test_an_xlsx_export_lets_no_id_number_be_rebuilt(demo):
    _, files, numbers = demo
    wb = load_workbook(files["xlsx"], read_only=True)
    everything = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    sheet = list(wb["当事人"].iter_rows(values_only=True))
    header = sheet[0]
    masked_index = header.index("身份证号")
    # The sheet carries no record ids: pair each row with its number through the case, the
    # name and the mask, as the full export holds them.
    by_key = {}
    full = json.loads(files["full"].read_text(encoding="utf-8"))
    for p in full["records"]["party"]:
        if p["id_number"]:
            by_key[(p["name"], mask_id(p["id_number"]))] = p["id"]
    name_index = header.index("姓名/名称")
    parties = [(by_key[(r[name_index], r[masked_index])], r[masked_index], dict(zip(header, r)))
               for r in sheet[1:] if r[masked_index]]
    assert len(parties) == len(numbers)
    _attack(parties, numbers, everything)
    birth = header.index("出生日期")
    assert all(not isinstance(r[birth], (date, datetime)) for r in sheet[1:])


def test_record_get_without_full_shows_the_birth_year_only(demo, capsys):
    dd, _, numbers = demo
    record_id, number = next(iter(numbers.items()))
    code, out, err = _run(capsys, "--data-dir", dd, "record", "get", "party", record_id, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["id_number"] == mask_id(number)
    assert shown["birth_date"] == number[6:10]
    code, out, _ = _run(capsys, "--data-dir", dd, "record", "get", "party", record_id, "--json", "--full")
    shown = json.loads(out)
    assert shown["id_number"] == number
    assert shown["birth_date"] == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


def test_a_masked_export_is_refused_on_import_in_one_sentence(demo, tmp_path, capsys):
    _, files, _ = demo
    other = str(tmp_path / "other")
    assert _run(capsys, "--data-dir", other, "init", "--office-code", "440104002", "--office-name", "司法所",
                "--kind", "司法所")[0] == 0
    code, _, err = _run(capsys, "--data-dir", other, "import", str(files["masked"]))
    assert code == 1 and "打码" in err and err.count("\n") == 1
    code, _, err = _run(capsys, "--data-dir", other, "import", str(files["xlsx"]))
    assert code == 1 and "打码" in err and err.count("\n") == 1, err
