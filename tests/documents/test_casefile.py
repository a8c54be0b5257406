"""The whole 卷宗 of a demo case as one PDF: checklist order, page numbers, scans bound in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from fydesk.cli import main
from fydesk.domain.casefile import CHECKLIST
from fydesk.models import Agreement, AgreementTerm, MediationCase, MediationSession
from fydesk.services import attachments, demo
from fydesk.store.open import open_store


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def case_store(tmp_path):
    store = open_store(tmp_path / "data", daily_backup=False)
    demo.generate(store, records=60, seed=5, today=date(2026, 11, 20))
    yield store
    store.close()


def a_full_case(store) -> tuple[str, str]:
    """(id, case number) of a demo case with sessions and an agreement that has terms."""
    from sqlalchemy import select

    with store.read() as s:
        row = s.execute(select(MediationCase.id, MediationCase.case_number)
                        .join(MediationSession, MediationSession.case_id == MediationCase.id)
                        .join(Agreement, Agreement.case_id == MediationCase.id)
                        .join(AgreementTerm, AgreementTerm.agreement_id == Agreement.id)
                        .where(MediationCase.deleted_at.is_(None)).order_by(MediationCase.id).limit(1)).one()
    return row.id, row.case_number


def scanned_pdf(path, pages: int) -> None:
    c = canvas.Canvas(str(path))
    for i in range(1, pages + 1):
        c.drawString(100, 700, f"SCANNED-AGREEMENT-PAGE-{i}")
        c.showPage()
    c.save()


def test_the_case_file_pdf_has_checklist_order_page_numbers_and_the_scans(case_store, tmp_path, capsys):
    case_id, number = a_full_case(case_store)
    scan, photo, sound = tmp_path / "协议书签字页.pdf", tmp_path / "身份证.png", tmp_path / "调解录音.mp3"
    scanned_pdf(scan, 2)
    Image.new("RGB", (400, 250), (200, 180, 160)).save(photo)
    sound.write_bytes(b"ID3" + bytes(1000))
    for path, kind in ((scan, "签署的协议书扫描件"), (photo, "身份证明"), (sound, "录音")):
        attachments.add_file(case_store, "书记员", "case", case_id, path, kind)
    root = case_store.data_dir.root
    case_store.close()
    out = tmp_path / "卷宗.pdf"
    assert main(["--data-dir", str(root), "report", "casefile", "--id", number, "--out", str(out)]) == 0
    capsys.readouterr()

    pages = [p.extract_text() or "" for p in PdfReader(str(out)).pages]
    assert "人民调解卷宗" in flat(pages[0]) and number in flat(pages[0])
    contents = flat(pages[1])
    assert "卷内目录" in contents
    # checklist order in the contents, a missing mandatory item named as such
    labels = ["身份证明：身份证.png", "证据：调解录音.mp3", "调解记录：调解笔录（第1次）", "协议书：人民调解协议书",
              "协议书：协议书签字页.pdf", "卷内备考表"]
    at = [contents.index(label) for label in labels]
    assert at == sorted(at)
    assert "权利义务告知书" in contents and "缺（必备材料）" in contents
    assert "调解录音.mp3" in contents and "非图文文件" in contents
    # the scans are inside, at the pages the contents give, after the generated agreement
    body = pages[2:]
    scan_at = next(i for i, t in enumerate(body) if "SCANNED-AGREEMENT-PAGE-1" in t)
    assert "SCANNED-AGREEMENT-PAGE-2" in body[scan_at + 1]
    assert re.search(rf"协议书签字页\.pdf.*?{scan_at + 1}-{scan_at + 2}", contents)
    assert any("调解协议书" in flat(t) for t in body[:scan_at])
    # the ID scan (an image) is page 1: nothing on it but its number (and, this being demo data, the mark)
    assert flat(body[0]) == "【演示数据】1"
    assert str(scan_at + 1) in flat(body[scan_at]).replace("SCANNED-AGREEMENT-PAGE-1", "")
    # every body page carries its archive number; the back cover is the last
    assert len(body) == int(re.search(r"卷内备考表（封底）(\d+)", contents).group(1))
    assert "卷内备考表" in flat(body[-1]) and f"共{len(body)}页" in flat(body[-1])
    assert [item.key for item in CHECKLIST][-1] == "back_cover"


def test_every_font_of_the_case_file_is_embedded_and_its_covers_count_right(case_store, tmp_path, capsys):
    from .conftest import assert_only_embedded_fonts

    case_id, number = a_full_case(case_store)
    photo = tmp_path / "身份证.png"
    Image.new("RGB", (400, 250), (200, 180, 160)).save(photo)
    attachments.add_file(case_store, "书记员", "case", case_id, photo, "身份证明")
    root = case_store.data_dir.root
    case_store.close()
    out, alone = tmp_path / "卷宗.pdf", tmp_path / "封面.pdf"
    assert main(["--data-dir", str(root), "report", "casefile", "--id", number, "--out", str(out)]) == 0
    assert main(["--data-dir", str(root), "report", "cover", "--id", number, "--out", str(alone)]) == 0
    capsys.readouterr()
    assert_only_embedded_fonts(out)  # the page-number stamps and the scanned image's page too

    pages = [flat(p.extract_text() or "") for p in PdfReader(str(out)).pages]
    raw = PdfReader(str(out)).pages[1].extract_text()
    # the index numbers its entries; the back cover is the last of them
    documents = int(re.search(r"^\s*(\d+)\s*卷内备考表", raw, re.MULTILINE).group(1))
    assert f"本卷共有文件材料{documents - 1}件" in pages[-1]
    assert "立卷人" in pages[-1] and "说明" in pages[-1]
    # the volume's cover carries every line the cover printed alone carries
    alone_cover = flat(PdfReader(str(alone)).pages[0].extract_text())
    for label in ("案号", "归档号", "纠纷类型", "调解类别", "当事人", "调解员", "受理日期", "结案日期",
                  "调解结果", "结案方式", "保管期限", "本卷件数"):
        assert label in alone_cover and label in pages[0], label
    assert f"本卷件数{documents - 1}件" in pages[0]
