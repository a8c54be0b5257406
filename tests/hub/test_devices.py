"""IT's view of the PCs: what each desk reports of itself, the silent ones, revoking with a
reason, offices renamed through the change log, and enrollment codes made and printed in bulk."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from fydesk import __version__
from fydesk.cli import main as fydesk_main
from fydesk.cli_sync import credentials_for
from fydesk.documents.fonts import MissingCharacterError
from fydesk.domain.errors import FydeskError
from fydesk.hub import admin
from fydesk.hub.codesheet import SLIPS_PER_PAGE, code_sheet_pdf
from fydesk.hub.models import ChangeEntry, Device, EnrollCode, utcnow
from fydesk.models import Office
from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store
from fydesk.sync import engine
from fydesk.sync import protocol as p

from .conftest import HEADERS


def run(capsys, *argv):
    code = fydesk_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def fy(capsys, pc, *argv):
    code, out, err = run(capsys, "--data-dir", str(pc), *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def enroll(hub, capsys, pc, office="T01", name="法庭PC"):
    return fy(capsys, pc, "enroll", "--hub", hub.url, "--code", hub.code(office), "--device-name", name)


def add_firms(pc, *names):
    store = open_store(pc)
    try:
        with store.write() as s:
            actor = load_actor(s)
            for name in names:
                records.create(s, actor, "enterprise", {"name": name})
    finally:
        store.close()


def device_row(hub, device_id, now=None) -> admin.DeviceRow:
    with hub.store.session() as s:
        [row] = [r for r in admin.list_devices(s, now=now) if r.id == device_id]
    return row


def test_a_desk_reports_its_version_clock_and_waiting_ops_on_every_request(hub, memory_keyring, tmp_path, capsys):
    hub.office("T01", "溪口人民法庭")
    pc = tmp_path / "pc"
    device_id = enroll(hub, capsys, pc)["device_id"]
    row = device_row(hub, device_id)
    assert row.app_version == __version__ and row.last_sync_at is None  # told when it enrolled
    add_firms(pc, "某某科技有限公司", "某某建材有限公司")
    assert fy(capsys, pc, "sync", "status")["pending"] > 0

    before = utcnow()
    fy(capsys, pc, "sync")
    row = device_row(hub, device_id)
    assert row.app_version == __version__
    assert row.ops_waiting == 0  # the last request of the sync came after the hub took them all
    assert abs(row.clock_skew_seconds) <= 5 and not row.skew_warning
    assert datetime.fromisoformat(row.last_sync_at) >= before.replace(microsecond=0)
    assert not row.silent and not row.revoked

    # Offline edits, then the PC's real client with its clock ten minutes fast checks in.
    add_firms(pc, "某某物流有限公司", "某某食品有限公司", "某某纺织有限公司")
    waiting = fy(capsys, pc, "sync", "status")["pending"]
    assert waiting >= 3
    store = open_store(pc)
    try:
        ahead = lambda: datetime.now(UTC) + timedelta(minutes=10)  # noqa: E731
        with engine.connect(store, credentials_for(store), clock=ahead) as client:
            client.pull(0, limit=1)
            row = device_row(hub, device_id)
            assert row.ops_waiting == waiting
            assert 595 <= row.clock_skew_seconds <= 605 and row.skew_warning
            engine.sync(store, client)
    finally:
        store.close()
    row = device_row(hub, device_id)
    assert row.ops_waiting == 0 and 595 <= row.clock_skew_seconds <= 605


def test_an_old_desk_without_the_report_syncs_as_before(hub):
    hub.office("T01", "溪口人民法庭")
    pc = hub.device("T01")
    r = httpx.get(f"{hub.url}/v1/pull", headers={p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION),
                                                  "Authorization": f"Bearer {pc.token}"})
    assert r.status_code == 200
    row = device_row(hub, pc.id)
    # Its version came with its enrollment (desks always sent that header); nothing more is made up.
    assert (row.app_version, row.ops_waiting, row.clock_skew_seconds) == ("test", None, None)
    assert row.last_sync_at is not None


BAD_VERSIONS = ["", "1.0 beta", "v" * 41, "-1.0", "版本1", "1.0\tbeta", "1.0;DROP"]
BAD_COUNTS = ["", "-1", "+5", "1_000", "1e3", "5.0", "0x10", "99999999999", "2147483648", "１２"]
BAD_TIMES = ["", "yesterday", "2026-12-06T12:00:00", "2026-12-06", "2026-13-01T00:00:00Z",
             "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-05:00", "2026-12-06T12:00:00+25:00",
             "2026-12-06T12:00:00." + "0" * 30 + "Z", "１２"]


def test_malformed_report_values_are_ignored_never_refused_nor_stored(hub):
    hub.office("T01", "溪口人民法庭")
    pc = hub.device("T01")
    fast = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    good = {**pc.headers(), p.HEADER_APP: "1.2.0rc1+win", p.HEADER_OPS_WAITING: "42", p.HEADER_CLIENT_TIME: fast}
    assert httpx.get(f"{hub.url}/v1/pull", headers=good).status_code == 200
    kept = device_row(hub, pc.id)
    assert (kept.app_version, kept.ops_waiting) == ("1.2.0rc1+win", 42)
    assert 3590 <= kept.clock_skew_seconds <= 3610

    bad = ([(p.HEADER_APP, v) for v in BAD_VERSIONS] + [(p.HEADER_OPS_WAITING, v) for v in BAD_COUNTS]
           + [(p.HEADER_CLIENT_TIME, v) for v in BAD_TIMES])
    plain = {k: v for k, v in pc.headers().items() if k != p.HEADER_APP}
    for n, (header, value) in enumerate(bad):
        headers = {**plain, header: value.encode()}  # as bytes: some are not ASCII
        pulled = httpx.get(f"{hub.url}/v1/pull", headers=headers)
        assert pulled.status_code == 200, (header, value, pulled.text)
        body = {"batch_id": f"bad-{n}", "ops": [], "acked_before": 0}
        assert httpx.post(f"{hub.url}/v1/push", headers=headers, json=body).status_code == 200
        # the attachment channel reads them too
        blob = httpx.head(f"{hub.url}/v1/blobs/{'0' * 64}", headers=headers)
        assert blob.status_code in (200, 404), (header, value)
        row = device_row(hub, pc.id)
        assert (row.app_version, row.ops_waiting, row.clock_skew_seconds) == (
            "1.2.0rc1+win", 42, kept.clock_skew_seconds), (header, value)


def test_a_pc_not_heard_from_for_more_than_seven_days_is_flagged(hub):
    hub.office("T01", "溪口人民法庭")
    hub.office("S01", "溪口司法所", "司法所")
    seen, never, revoked, other = hub.device("T01", "常用"), hub.device("T01", "未用"), hub.device("T01", "停用"), \
        hub.device("S01", "司法所PC")
    seen.pull()
    with hub.store.session() as s:
        admin.revoke_device(s, revoked.id, "电脑报废")
    now = utcnow()
    with hub.store.session() as s:
        soon = {r.name: r.silent for r in admin.list_devices(s, now=now + timedelta(days=6))}
        later = {r.name: r.silent for r in admin.list_devices(s, now=now + timedelta(days=8))}
        mine = admin.list_devices(s, office_id=seen.office_id, now=now + timedelta(days=8))
        offices = {o.code: o for o in admin.list_offices(s, now=now + timedelta(days=8))}
    assert soon == {"常用": False, "未用": False, "停用": False, "司法所PC": False}
    # Never synced counts from enrollment; a revoked PC is expected to be silent.
    assert later == {"常用": True, "未用": True, "停用": False, "司法所PC": True}
    assert {r.name for r in mine} == {"常用", "未用", "停用"}
    assert (offices["T01"].devices, offices["T01"].revoked, offices["T01"].silent) == (2, 1, 2)
    assert (offices["S01"].devices, offices["S01"].revoked, offices["S01"].silent) == (1, 0, 1)
    # A PC heard from yesterday is not silent, whenever it enrolled.
    with hub.store.session() as s:
        s.get(Device, seen.id).last_seen_at = now + timedelta(days=7)
    with hub.store.session() as s:
        later = {r.name: r.silent for r in admin.list_devices(s, now=now + timedelta(days=8))}
    assert later["常用"] is False
    with pytest.raises(FydeskError, match="没有编号"), hub.store.session() as s:
        admin.list_devices(s, office_id="no-such-office")


def test_a_revoked_pc_is_refused_with_the_reason_and_keeps_its_changes(hub, memory_keyring, tmp_path, capsys):
    hub.office("T01", "溪口人民法庭")
    pc = tmp_path / "pc"
    device_id = enroll(hub, capsys, pc)["device_id"]
    fy(capsys, pc, "sync")
    for reason in ("", "   ", "\n"):
        with pytest.raises(FydeskError, match="须写明原因"), hub.store.session() as s:
            admin.revoke_device(s, device_id, reason)
    with pytest.raises(FydeskError, match="200"), hub.store.session() as s:
        admin.revoke_device(s, device_id, "原因" * 101)
    assert not device_row(hub, device_id).revoked  # nothing written by a refused revoke

    with hub.store.session() as s:
        admin.revoke_device(s, device_id, "电脑已报废，\n由新电脑替换")
    row = device_row(hub, device_id)
    assert row.revoked and row.revoked_at and row.revoked_reason == "电脑已报废， 由新电脑替换"
    with pytest.raises(FydeskError, match="已于 .*停用（原因：电脑已报废"), hub.store.session() as s:
        admin.revoke_device(s, device_id, "再停一次")
    assert device_row(hub, device_id).revoked_reason == "电脑已报废， 由新电脑替换"

    add_firms(pc, "某某科技有限公司")
    code, _, err = run(capsys, "--data-dir", str(pc), "sync")
    assert code == 1 and "停用" in err and "原因：电脑已报废， 由新电脑替换" in err
    status = fy(capsys, pc, "sync", "status")
    assert status["pending"] == 1 and status["last_error"]["code"] == "revoked"


def test_an_office_renamed_on_the_hub_reaches_its_pcs_and_keeps_its_code(hub, memory_keyring, tmp_path, capsys):
    office_id = hub.office("T01", "溪口人民法庭")
    tribunal, sifa = tmp_path / "tribunal", tmp_path / "sifa"
    hub.office("S01", "溪口司法所", "司法所")
    enroll(hub, capsys, tribunal)
    enroll(hub, capsys, sifa, "S01", "司法所PC")
    fy(capsys, sifa, "sync")
    with hub.store.session() as s:
        entries = s.scalar(select(func.count()).select_from(ChangeEntry))
        for bad in ({}, {"name": "  "}, {"kind": "法院"}, {"name": "名" * 101}):
            with pytest.raises(FydeskError):
                admin.edit_office(s, office_id, **bad)
        assert s.scalar(select(func.count()).select_from(ChangeEntry)) == entries  # nothing logged
    with hub.store.session() as s:
        office = admin.edit_office(s, office_id, name="溪口人民法庭（新址）", kind="基层法院")
        assert (office.code, office.name, office.kind) == ("T01", "溪口人民法庭（新址）", "基层法院")
    with hub.store.session() as s:  # the same again changes nothing and logs nothing
        entries = s.scalar(select(func.count()).select_from(ChangeEntry))
        admin.edit_office(s, office_id, name="溪口人民法庭（新址）")
        assert s.scalar(select(func.count()).select_from(ChangeEntry)) == entries
    for pc in (tribunal, sifa):
        fy(capsys, pc, "sync")
        store = open_store(pc)
        try:
            with store.read() as s:
                mine = s.get(Office, office_id)
                assert (mine.code, mine.name, mine.kind) == ("T01", "溪口人民法庭（新址）", "基层法院")
        finally:
            store.close()
    with hub.store.session() as s:
        [row] = [o for o in admin.list_offices(s) if o.code == "T01"]
        assert (row.name, row.kind, row.devices) == ("溪口人民法庭（新址）", "基层法院", 1)
        with pytest.raises(FydeskError, match="没有编号"):
            admin.edit_office(s, "no-such-office", name="x")


def test_codes_come_in_batches_all_or_none_and_are_listed_without_the_codes(hub, memory_keyring, tmp_path,
                                                                          capsys):
    hub.office("T01", "溪口人民法庭")
    for count in (0, 1001, -3, True, 2.0):
        with pytest.raises(FydeskError, match="1 至 1000"), hub.store.session() as s:
            admin.make_codes(s, "T01", count)
    with pytest.raises(FydeskError, match="没有代码为 X99"), hub.store.session() as s:
        admin.make_codes(s, "X99", 3)
    with hub.store.session() as s:
        assert s.scalar(select(func.count()).select_from(EnrollCode)) == 0

    with hub.store.session() as s:
        made = admin.make_codes(s, "T01", 3)
    assert len(set(made.codes)) == 3 and made.office_name == "溪口人民法庭"
    assert timedelta(days=6, hours=23) < made.expires_at - utcnow() <= timedelta(days=7)
    pc = tmp_path / "pc"
    device_id = fy(capsys, pc, "enroll", "--hub", hub.url, "--code", made.codes[1], "--device-name", "前台PC")[
        "device_id"]
    with hub.store.session() as s:
        rows = admin.list_codes(s)
        later = admin.list_codes(s, now=utcnow() + timedelta(days=8))
    assert sorted(r.state for r in rows) == ["已使用", "未使用", "未使用"]
    [used] = [r for r in rows if r.state == "已使用"]
    assert used.device_name == "前台PC" and used.used_at and used.office_code == "T01"
    assert {r.expires_at for r in rows} == {made.expires_at.isoformat(sep=" ", timespec="seconds")}
    assert sorted(r.state for r in later) == ["已使用", "已过期", "已过期"]
    shown = json.dumps([vars(r) for r in rows], ensure_ascii=False)
    for code in made.codes:
        assert code not in shown and code.replace("-", "") not in shown
    assert device_row(hub, device_id).name == "前台PC"


def _fonts_of(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get(
                "/FontDescriptor")
            found.append({"name": font["/BaseFont"], "embedded": descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))})
    return found


def test_the_code_sheet_holds_every_code_on_slips_with_its_fonts_embedded(hub):
    hub.office("T01", "溪口人民法庭")
    with hub.store.session() as s:
        made = admin.make_codes(s, "T01", 7)
    pdf = code_sheet_pdf(made.office_name, made.office_code, "https://hub.example.gov.cn:8443", made.codes,
                         made.expires_at)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == -(-7 // SLIPS_PER_PAGE) == 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    for code in made.codes:
        assert f"--code {code}" in text  # the command to type, whole
    assert text.count("溪口人民法庭") >= 7 and "https://hub.example.gov.cn:8443" in text
    assert "北京时间" in text and "“同步”页" in text
    fonts = _fonts_of(reader)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert reader.metadata.title == "溪口人民法庭 市级平台登记码"

    with pytest.raises(MissingCharacterError, match="U\\+E000"):
        code_sheet_pdf("溪口\ue000法庭", "T01", "https://hub", made.codes, made.expires_at)
    with pytest.raises(FydeskError, match="市级平台地址"):
        code_sheet_pdf("溪口人民法庭", "T01", " ", made.codes, made.expires_at)
