"""`fydesk-hub` for the IT admin rolling out many PCs: codes in bulk, each good for one PC."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from fydesk.domain.errors import FydeskError
from fydesk.hub import admin, auth
from fydesk.hub.cli import main as hub_main
from fydesk.hub.store import HubStore


def test_enrollment_codes_come_in_bulk_and_each_enrolls_one_pc(hub_url, capsys):
    assert hub_main(["--db", hub_url, "office", "add", "--code", "T01", "--name", "溪口人民法庭",
                     "--kind", "人民法庭"]) == 0
    capsys.readouterr()
    assert hub_main(["--db", hub_url, "enroll-code", "--office", "T01", "--count", "25"]) == 0
    out = capsys.readouterr()
    codes = out.out.split()
    assert len(set(codes)) == 25 and "25 个一次性登记码" in out.err

    store = HubStore(hub_url)
    try:
        for n, code in enumerate(codes):
            with store.session() as s:
                device, office, _token = auth.redeem(s, code, f"PC{n}")
                assert office.code == "T01"
        with pytest.raises(FydeskError, match="已使用"), store.session() as s:
            auth.redeem(s, codes[0], "again")
    finally:
        store.close()

    assert hub_main(["--db", hub_url, "enroll-code", "--office", "T01", "--count", "0"]) != 0
    assert "1 至 1000" in capsys.readouterr().err


def _hub(hub_url, capsys, *argv):
    code = hub_main(["--db", hub_url, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_offices_are_edited_by_code_and_listed_with_their_pcs(hub_url, capsys):
    assert _hub(hub_url, capsys, "office", "add", "--code", "T01", "--name", "溪口人民法庭", "--kind", "人民法庭")[0] == 0
    assert _hub(hub_url, capsys, "office", "add", "--code", "S01", "--name", "溪口司法所", "--kind", "司法所")[0] == 0
    code, out, _ = _hub(hub_url, capsys, "office", "edit", "--code", "T01", "--name", "溪口法庭")
    assert code == 0 and "溪口法庭（T01，人民法庭）" in out
    code, _, err = _hub(hub_url, capsys, "office", "edit", "--code", "T01")
    assert code == 1 and err == "错误：请给出新的单位名称或单位类型。\n"
    code, _, err = _hub(hub_url, capsys, "office", "edit", "--code", "X99", "--name", "某单位")
    assert code == 1 and "没有代码为 X99" in err

    store = HubStore(hub_url)
    try:
        with store.session() as s:
            auth.redeem(s, auth.new_enroll_code(s, "T01"), "前台PC")
    finally:
        store.close()
    code, out, _ = _hub(hub_url, capsys, "office", "list")
    assert code == 0 and out.splitlines() == ["S01  溪口司法所  司法所  电脑 0 台（已停用 0 台）",
                                              "T01  溪口法庭  人民法庭  电脑 1 台（已停用 0 台）"]
    code, out, _ = _hub(hub_url, capsys, "office", "list", "--json")
    rows = json.loads(out)
    assert [(r["code"], r["name"], r["devices"]) for r in rows] == [("S01", "溪口司法所", 0), ("T01", "溪口法庭", 1)]


def test_a_code_sheet_is_printed_with_the_codes_or_nothing_is_made(hub_url, capsys, tmp_path):
    assert _hub(hub_url, capsys, "office", "add", "--code", "T01", "--name", "溪口人民法庭", "--kind", "人民法庭")[0] == 0
    sheet = tmp_path / "登记码.pdf"
    code, _, err = _hub(hub_url, capsys, "enroll-code", "--office", "T01", "--count", "3", "--sheet", str(sheet))
    assert code == 1 and "--hub" in err and not sheet.exists()
    code, _, err = _hub(hub_url, capsys, "enroll-code", "--office", "T01", "--count", "3", "--sheet",
                        str(tmp_path / "no-such-dir" / "s.pdf"), "--hub", "https://hub.example")
    assert code == 1 and "不存在" in err
    store = HubStore(hub_url)
    try:
        with store.session() as s:
            assert admin.list_codes(s) == []  # refused before any code was made
    finally:
        store.close()

    code, out, err = _hub(hub_url, capsys, "enroll-code", "--office", "T01", "--count", "6", "--sheet", str(sheet),
                          "--hub", "https://hub.example.gov.cn:8443")
    assert code == 0 and "登记码单已保存" in err and "北京时间" in err
    codes = out.split()
    text = "\n".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert len(codes) == 6 and all(f"--code {c}" in text for c in codes) and "溪口人民法庭" in text
    assert not list(tmp_path.glob("*.part"))


def test_devices_are_listed_with_their_report_and_revoked_only_with_a_reason(hub_url, capsys):
    assert _hub(hub_url, capsys, "office", "add", "--code", "T01", "--name", "溪口人民法庭", "--kind", "人民法庭")[0] == 0
    store = HubStore(hub_url)
    try:
        with store.session() as s:
            device, _office, _token = auth.redeem(s, auth.new_enroll_code(s, "T01"), "前台PC")
            device.app_version, device.clock_skew_seconds, device.ops_waiting = "0.1.0", -420, 12
    finally:
        store.close()
    code, out, _ = _hub(hub_url, capsys, "device", "list")
    assert code == 0 and device.id in out
    assert all(part in out for part in ("前台PC", "版本 0.1.0", "时钟偏差 -420 秒（需校时）", "待同步 12 条", "正常"))

    code, _, err = _hub(hub_url, capsys, "device", "revoke", device.id)
    assert code == 1 and err == "错误：停用设备须写明原因。\n"
    code, out, _ = _hub(hub_url, capsys, "device", "revoke", device.id, "--reason", "电脑失窃")
    assert code == 0 and "原因：电脑失窃" in out
    code, out, _ = _hub(hub_url, capsys, "device", "list")
    assert "已停用" in out and "电脑失窃" in out
    code, out, _ = _hub(hub_url, capsys, "device", "list", "--office", "T01", "--json")
    [row] = json.loads(out)
    assert (row["revoked"], row["revoked_reason"], row["ops_waiting"], row["clock_skew_seconds"], row["silent"]) == (
        True, "电脑失窃", 12, -420, False)
    assert {"app_version", "last_sync_at", "revoked_at", "office_code", "created_at"} <= row.keys()
