"""Attachments on one PC: content-addressed bodies, the size limit, tombstones, db check."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fydesk.cli import main
from fydesk.models import Attachment, AttachmentBody, OutboxOp
from fydesk.services import attachments, records
from fydesk.services.context import load_actor
from fydesk.store.bodies import MB


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def dd(tmp_path, capsys):
    d = str(tmp_path / "data")
    code, _, err = run(capsys, "--data-dir", d, "init", "--office-code", "440104001",
                       "--office-name", "越秀区人民法庭", "--kind", "人民法庭")
    assert code == 0, err
    return d


def firm(store, name: str) -> str:
    with store.write() as s:
        return records.create(s, load_actor(s, "书记员甲"), "enterprise", {"name": name}).id


def scan(tmp_path: Path, name: str, size: int, seed: int = 1) -> Path:
    path = tmp_path / name
    path.write_bytes(hashlib.sha256(str(seed).encode()).digest() * (size // 32) + b"x" * (size % 32))
    return path


def stored_files(store) -> list[Path]:
    root = store.data_dir.files_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_same_scan_on_two_records_is_stored_once(office_store, tmp_path):
    a, b = firm(office_store, "甲有限公司"), firm(office_store, "乙有限公司")
    path = scan(tmp_path, "协议书.pdf", 300_000)
    first = attachments.add_file(office_store, "书记员甲", "enterprise", a, path, "签署的协议书扫描件")
    second = attachments.add_file(office_store, "书记员甲", "enterprise", b, path, "签署的协议书扫描件")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert first.sha256 == second.sha256 == digest and first.id != second.id
    assert (first.size, first.media_type, first.added_by) == (300_000, "application/pdf", "书记员甲")
    files = stored_files(office_store)
    assert files == [office_store.data_dir.files_dir / digest[:2] / digest[2:4] / digest]
    assert files[0].read_bytes() == path.read_bytes()
    with office_store.read() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentBody)) == 1
        ops = s.scalars(select(OutboxOp).where(OutboxOp.entity == "attachment")).all()
    assert sorted(op.record_id for op in ops) == sorted([first.id, second.id])
    assert ops[0].fields["sha256"] == digest and ops[0].fields["owner_id"] in (a, b)
    with office_store.read() as s:
        assert [x.id for x in attachments.list_for(s, "enterprise", a)] == [first.id]


def test_removing_an_attachment_is_a_tombstone_and_keeps_the_body(office_store, tmp_path):
    a = firm(office_store, "甲有限公司")
    dto = attachments.add_file(office_store, None, "enterprise", a, scan(tmp_path, "照片.jpg", 5000), "照片")
    with office_store.write() as s:
        records.void(s, load_actor(s, "书记员甲"), "attachment", dto.id, "传错了文件")
    with office_store.read() as s:
        assert s.get(Attachment, dto.id).deleted_at is not None
        assert attachments.list_for(s, "enterprise", a) == []
        assert s.scalar(select(OutboxOp.op).where(OutboxOp.record_id == dto.id, OutboxOp.op == "delete"))
    assert len(stored_files(office_store)) == 1


def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_half_stored(office_store, tmp_path):
    a = firm(office_store, "甲有限公司")
    with office_store.write() as s:
        attachments.set_size_limit(s, 1 * MB)
    with pytest.raises(attachments.BodyTooLarge) as err:
        attachments.add_file(office_store, None, "enterprise", a, scan(tmp_path, "录音.mp3", MB + 1), "录音")
    assert "录音.mp3" in err.value.message and "1 MB 的上限" in err.value.message
    assert err.value.message.endswith("。") and err.value.message.count("。") == 1
    assert stored_files(office_store) == []
    with office_store.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert s.scalar(select(func.count()).select_from(AttachmentBody)) == 0


def test_the_default_limit_is_200_mb_and_the_command_says_so(dd, tmp_path, capsys):
    from fydesk.store.open import open_store

    store = open_store(dd, daily_backup=False)
    a = firm(store, "甲有限公司")
    store.close()
    big = tmp_path / "监控录像.mp4"
    with open(big, "wb") as f:  # sparse: 200 MB and one byte without writing them
        f.truncate(200 * MB + 1)
    code, out, err = run(capsys, "--data-dir", dd, "attach", "add", "enterprise", a, str(big), "--kind", "证据")
    assert code == 1 and out == ""
    assert "200 MB 的上限" in err and err.strip().count("\n") == 0
    assert not (Path(dd) / "files").exists() or not [p for p in (Path(dd) / "files").rglob("*") if p.is_file()]


def test_a_missing_owner_or_unknown_kind_is_refused_before_anything_is_copied(office_store, tmp_path):
    a = firm(office_store, "甲有限公司")
    path = scan(tmp_path, "x.pdf", 1000)
    with pytest.raises(Exception, match="找不到要添加附件的企业"):
        attachments.add_file(office_store, None, "enterprise", "no-such-id", path, "证据")
    with pytest.raises(Exception, match="附件类别"):
        attachments.add_file(office_store, None, "enterprise", a, path, "合同")
    assert stored_files(office_store) == []


def test_attach_commands_add_list_get(dd, tmp_path, capsys):
    from fydesk.store.open import open_store

    store = open_store(dd, daily_backup=False)
    a = firm(store, "甲有限公司")
    store.close()
    path = scan(tmp_path, "身份证复印件.png", 20_000)
    code, out, err = run(capsys, "--data-dir", dd, "attach", "add", "enterprise", a, str(path),
                         "--kind", "身份证明", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["kind"], added["name"], added["media_type"], added["body"]) == (
        "身份证明", "身份证复印件.png", "image/png", attachments.UPLOADING)
    code, out, err = run(capsys, "--data-dir", dd, "attach", "list", "enterprise", a, "--json")
    assert [x["id"] for x in json.loads(out)] == [added["id"]]
    dest = tmp_path / "out.png"
    code, out, err = run(capsys, "--data-dir", dd, "attach", "get", added["id"], "--out", str(dest))
    assert code == 0, err
    assert dest.read_bytes() == path.read_bytes()


def test_db_check_names_an_altered_or_missing_body_and_fails(dd, tmp_path, capsys):
    from fydesk.store.open import open_store

    store = open_store(dd, daily_backup=False)
    a = firm(store, "甲有限公司")
    one = attachments.add_file(store, None, "enterprise", a, scan(tmp_path, "协议书.pdf", 50_000, 1), "申请书")
    two = attachments.add_file(store, None, "enterprise", a, scan(tmp_path, "照片.jpg", 40_000, 2), "照片")
    bodies = attachments.bodies_of(store)
    store.close()
    assert run(capsys, "--data-dir", dd, "db", "check")[0] == 0
    altered = bodies.path(one.sha256)
    data = bytearray(altered.read_bytes())
    data[1000] ^= 0xFF
    altered.write_bytes(bytes(data))
    code, out, err = run(capsys, "--data-dir", dd, "db", "check")
    assert code == 1
    assert f"files/{one.sha256[:2]}/{one.sha256[2:4]}/{one.sha256}" in err and "协议书.pdf" in err
    assert "改动" in err and two.sha256 not in err
    os.remove(bodies.path(two.sha256))
    code, out, err = run(capsys, "--data-dir", dd, "db", "check", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert [p for p in report["problems"] if two.sha256 in p and "缺失" in p and "照片.jpg" in p]
