"""The attachment panel: files added through it, listed, refused over the limit, opened, removed."""

from __future__ import annotations

import io
from datetime import UTC, date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from fydesk.models import Attachment, AttachmentBody
from fydesk.services import attachments, cases
from fydesk.services.context import load_actor
from fydesk.ui.attachments import AttachmentPanel, ImageDialog
from fydesk.ui.preview import PreviewDialog

PARTY = {"role": "申请人", "name": "王秀英", "id_number": "11010519491231002X"}
RESPONDENT = {"role": "被申请人", "name": "李建国"}


def make_case(store, summary: str = "邻里纠纷") -> str:
    with store.write() as session:
        return cases.register_case(session, load_actor(session, "书记员甲"), {
            "category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷",
            "summary": summary, "registered_date": date.today().isoformat()}, [PARTY, RESPONDENT]).case.id


def counts(store) -> tuple[int, int]:
    with store.read() as session:
        return (session.scalar(select(func.count()).select_from(Attachment)),
                session.scalar(select(func.count()).select_from(AttachmentBody)))


def body_files(store) -> list[Path]:
    root = store.data_dir.files_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_bytes(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for i in range(pages):
        c.drawString(100, 700, f"page {i + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def panel(qtbot, ctx):
    p = AttachmentPanel(ctx)
    qtbot.addWidget(p)
    p.resize(800, 300)
    p.show()
    return p


def show_record(qtbot, panel, case_id: str) -> None:
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.set_owner("case", case_id)


def add(qtbot, panel, path: Path, kind: str) -> None:
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.add_files([path], kind)


def cells(panel) -> list[list[str]]:
    t = panel.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_a_file_added_through_the_panel_is_listed_and_two_records_share_one_body(qtbot, ctx, panel, tmp_path):
    first, second = make_case(ctx.store, "甲"), make_case(ctx.store, "乙")
    scan = tmp_path / "协议书.pdf"
    scan.write_bytes(pdf_bytes(1) + b"%" * 2000)
    show_record(qtbot, panel, first)
    assert cells(panel) == [] and "拖到这里" in panel.status.text()
    add(qtbot, panel, scan, "签署的协议书扫描件")
    [row] = cells(panel)
    assert row[0] == "签署的协议书扫描件" and row[1] == "协议书.pdf"
    assert row[2] == f"{scan.stat().st_size / 1024:.1f} KB"
    assert row[4] == "书记员甲" and row[5] == "在本机，待上传"
    added = panel.rows[0].added_at  # kept in UTC, shown on this PC's clock
    assert row[3] == added.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    show_record(qtbot, panel, second)
    add(qtbot, panel, scan, "证据")
    assert [r[0] for r in cells(panel)] == ["证据"]
    assert counts(ctx.store) == (2, 1)
    assert len(body_files(ctx.store)) == 1


def test_a_file_over_the_limit_is_refused_in_one_sentence_and_nothing_is_stored(qtbot, ctx, panel, tmp_path):
    case_id = make_case(ctx.store)
    with ctx.store.write() as session:
        attachments.set_size_limit(session, 1000)
    big = tmp_path / "录音.mp3"
    big.write_bytes(b"a" * 1001)
    show_record(qtbot, panel, case_id)
    before = counts(ctx.store)
    with qtbot.waitSignal(panel.refused, timeout=5000) as refused:
        panel.add_files([big], "录音")
    text = refused.args[0]
    assert "录音.mp3" in text and "上限" in text and "\n" not in text
    assert panel.error.isVisible() and panel.error.text() == text
    assert counts(ctx.store) == before == (0, 0)
    assert body_files(ctx.store) == []
    assert cells(panel) == []


def test_a_file_that_cannot_be_read_is_refused_in_one_sentence(qtbot, ctx, panel, tmp_path):
    show_record(qtbot, panel, make_case(ctx.store))
    with qtbot.waitSignal(panel.refused, timeout=5000) as refused:
        panel.add_files([tmp_path / "不存在.jpg"], "照片")
    assert "不存在.jpg" in refused.args[0] and "\n" not in refused.args[0]
    assert counts(ctx.store) == (0, 0)


def test_a_pdf_attachment_opens_in_the_preview_with_its_pages(qtbot, ctx, panel, tmp_path):
    scan = tmp_path / "申请书.pdf"
    scan.write_bytes(pdf_bytes(3))
    show_record(qtbot, panel, make_case(ctx.store))
    add(qtbot, panel, scan, "申请书")
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.opened, timeout=5000) as opened:
        panel.open_button.click()
    dialog = opened.args[0]
    assert isinstance(dialog, PreviewDialog)
    qtbot.waitUntil(lambda: dialog.page_count == 3, timeout=10000)
    assert dialog.page_label.text() == "共 3 页"
    dialog.close()


def test_an_image_attachment_opens_in_the_image_viewer(qtbot, ctx, panel, tmp_path):
    photo = tmp_path / "现场.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    assert image.save(str(photo))
    show_record(qtbot, panel, make_case(ctx.store))
    add(qtbot, panel, photo, "照片")
    with qtbot.waitSignal(panel.opened, timeout=5000) as opened:
        panel.open_attachment(panel.rows[0])
    dialog = opened.args[0]
    assert isinstance(dialog, ImageDialog)
    assert dialog.image_label.pixmap().width() == 40
    dialog.close()


def test_removing_asks_for_a_reason_and_leaves_a_tombstone(qtbot, ctx, panel, tmp_path, monkeypatch):
    scan = tmp_path / "身份证.jpg"
    scan.write_bytes(b"not really a jpeg")
    show_record(qtbot, panel, make_case(ctx.store))
    add(qtbot, panel, scan, "身份证明")
    asked = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(label)
        return "传错了文件", True

    monkeypatch.setattr("fydesk.ui.attachments.QInputDialog.getText", get_text)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.remove_button.click()
    assert asked and "身份证.jpg" in asked[0]
    assert cells(panel) == []
    with ctx.store.read() as session:
        row = session.scalars(select(Attachment)).one()
    assert row.deleted_at is not None
    assert len(body_files(ctx.store)) == 1  # the body stays: other records may name it


def test_removing_without_a_reason_is_refused(qtbot, ctx, panel, tmp_path):
    scan = tmp_path / "a.txt"
    scan.write_text("x")
    show_record(qtbot, panel, make_case(ctx.store))
    add(qtbot, panel, scan, "其他")
    with qtbot.waitSignal(panel.refused, timeout=5000) as refused:
        panel.remove(panel.rows[0].id, "  ")
    assert "原因" in refused.args[0]
    assert len(cells(panel)) == 1


def test_a_file_dropped_on_the_panel_is_added_with_the_kind_chosen(qtbot, ctx, panel, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 not a real jpeg")
    show_record(qtbot, panel, make_case(ctx.store))
    monkeypatch.setattr(panel, "choose_kind", lambda: "照片")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.dropEvent(event)
    assert [(r[0], r[1]) for r in cells(panel)] == [("照片", "现场照片.jpg")]


def test_the_panel_shows_what_a_sync_brought(qtbot, ctx, panel, tmp_path):
    case_id = make_case(ctx.store)
    show_record(qtbot, panel, case_id)
    scan = tmp_path / "回访.txt"
    scan.write_text("回访记录")
    attachments.add_file(ctx.store, "书记员甲", "case", case_id, scan, "回访记录")  # as a pull would
    with qtbot.waitSignal(panel.listed, timeout=5000):
        ctx.events.wrote.emit("sync")
    assert [r[1] for r in cells(panel)] == ["回访.txt"]


def test_every_record_page_carries_the_panel_for_the_record_shown(qtbot, ctx):
    from fydesk.services import records
    from fydesk.ui import jobs
    from fydesk.ui.pages.cases import CasesPage
    from fydesk.ui.pages.firms import FirmsPage
    from fydesk.ui.pages.joint import JointPage
    from fydesk.ui.pages.suggestions import SuggestionsPage

    today = date.today().isoformat()
    case_id = make_case(ctx.store)
    joint = jobs.create_joint_case(ctx.store, "书记员甲", {
        "title": "某小区物业纠纷联合化解", "mode": "法庭+司法所", "opened_date": today,
        "lead_office_id": ctx.office_id})
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        firm = records.create(session, actor, "enterprise", {"name": "广州市某某服装有限公司"})
        visit = records.create(session, actor, "visit", {
            "enterprise_id": firm.id, "visit_date": today, "kind": "走访", "people": "李明"})
        suggestion = records.create(session, actor, "suggestion", {
            "office_id": ctx.office_id, "kind": "综合治理类", "addressee": "某镇人民政府",
            "problem": "合同管理不规范", "suggestion": "统一合同文本"})

    for make, opening, owner in (
            (CasesPage, lambda p: p.open_case(case_id), ("case", case_id)),
            (JointPage, lambda p: p.open(joint.id), ("joint_case", joint.id)),
            (FirmsPage, lambda p: p.open(firm.id, visit.id), ("visit", visit.id)),
            (SuggestionsPage, lambda p: p.open(suggestion.id), ("suggestion", suggestion.id))):
        page = make(ctx)
        qtbot.addWidget(page)
        page.resize(1300, 900)
        page.show()
        with qtbot.waitSignal(page.attachments.listed, timeout=5000):
            opening(page)
        assert page.attachments.owner == owner, make.__name__
        assert page.attachments.isEnabled() and page.attachments.add_button.isEnabled()
        if make is CasesPage:  # a tab of the case beside its parties and sessions
            tabs = page.detail.tabs
            assert tabs.tabText(tabs.indexOf(page.attachments)) == "附件"


def test_a_body_still_on_the_hub_is_not_opened_offline_and_says_why(qtbot, ctx, panel, tmp_path):
    case_id = make_case(ctx.store)
    scan = tmp_path / "证据.docx"
    scan.write_bytes(b"word")
    dto = attachments.add_file(ctx.store, "书记员甲", "case", case_id, scan, "证据")
    # As on another PC of the office: the record came by sync, the body is still on the hub.
    attachments.bodies_of(ctx.store).path(dto.sha256).unlink()
    with ctx.store.write() as session:
        session.delete(session.get(AttachmentBody, dto.sha256))
    show_record(qtbot, panel, case_id)
    assert cells(panel)[0][5] == "在市级平台，打开时下载"
    with qtbot.waitSignal(panel.refused, timeout=5000) as refused:
        panel.open_attachment(panel.rows[0])
    text = refused.args[0]
    assert text.startswith("附件“证据.docx”的文件还在市级平台上") and "\n" not in text


@pytest.mark.parametrize("name", ["..\\\\..\\\\说明.txt", "../../说明.txt", ".."])
def test_a_file_for_another_program_is_copied_out_inside_the_data_dir(ctx, tmp_path, name):
    from fydesk.ui import attachjobs

    source = tmp_path / "src.txt"
    source.write_text("说明")
    dto = attachments.add_file(ctx.store, "书记员甲", "case", make_case(ctx.store), source, "其他", name=name)
    held = attachjobs.held_attachment(ctx.store, dto.id, True)
    assert held.path.read_text() == "说明"
    assert held.path.parent == ctx.store.data_dir.root / "opened" / dto.id
    assert held.path.name in ("说明.txt", dto.sha256)


def test_copies_for_other_programs_are_private_and_cleaned_up_at_close_and_next_start(qtbot, ctx, tmp_path,
                                                                                      tasks, settings):
    import os
    import stat

    from fydesk.ui import attachjobs, jobs
    from fydesk.ui.app import Launcher

    source = tmp_path / "说明.docx"
    source.write_bytes(b"PK")
    dto = attachments.add_file(ctx.store, "书记员甲", "case", make_case(ctx.store), source, "其他")
    opened = ctx.store.data_dir.opened_dir
    copy = attachjobs.held_attachment(ctx.store, dto.id, True).path
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    jobs.open_desk(ctx.store.data_dir.root)  # the next start clears what the last one left
    assert not opened.exists()

    launcher = Launcher(tasks, ctx.store.data_dir.root, "书记员甲", settings)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=10_000)
    qtbot.addWidget(launcher.window)
    attachjobs.held_attachment(launcher.store, dto.id, True)
    assert any(opened.rglob("*.docx"))
    launcher.discard_copies()  # what closing the app does
    assert not opened.exists()
