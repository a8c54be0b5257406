"""Every printed page from a demo data dir says 演示数据; pages from a real office never do."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import delete, select

from fydesk import models as m
from fydesk.cli import main
from fydesk.services import attachments, setup
from fydesk.store.open import open_store

from .conftest import flat, page_texts


def _ids(store) -> dict[str, str]:
    """A record to print for every document kind of one record."""
    with store.read() as s:
        case_id = s.scalar(select(m.MediationCase.id).join(m.Agreement, m.Agreement.case_id == m.MediationCase.id)
                           .join(m.MediationSession, m.MediationSession.case_id == m.MediationCase.id)
                           .order_by(m.MediationCase.id))
        return {
            "agreement": s.scalar(select(m.Agreement.id).where(m.Agreement.case_id == case_id)),
            "session": s.scalar(select(m.MediationSession.id).where(m.MediationSession.case_id == case_id)),
            "confirmation": s.scalar(select(m.JudicialConfirmation.id).order_by(m.JudicialConfirmation.id)),
            "healthcheck": s.scalar(select(m.Visit.id).join(m.Risk, m.Risk.visit_id == m.Visit.id)
                                    .order_by(m.Visit.id)),
            "suggestion": s.scalar(select(m.JudicialSuggestion.id).order_by(m.JudicialSuggestion.id)),
            "cover": case_id,
            "casefile": case_id,
        }


@pytest.fixture(scope="module")
def dirs(tmp_path_factory):
    """A demo data dir, whose case has a scanned PDF bound into its 卷宗, and a real office's
    copy of the same records (the demo mark taken off), with what to print from each."""
    root = tmp_path_factory.mktemp("marks")
    demo_dir, real_dir = root / "fydesk-demo", root / "fydesk"
    assert main(["--data-dir", str(demo_dir), "demo", "--records", "60", "--seed", "2"]) == 0
    store = open_store(demo_dir, daily_backup=False)
    ids = _ids(store)
    assert all(ids.values()), ids
    scan = root / "签字页.pdf"
    c = canvas.Canvas(str(scan))
    for _ in range(2):
        c.drawString(100, 700, "SCANNED")
        c.showPage()
    c.save()
    attachments.add_file(store, "书记员", "case", ids["casefile"], scan, "签署的协议书扫描件")
    store.close()
    assert main(["--data-dir", str(demo_dir), "db", "backup", "--to", str(root / "copy.db")]) == 0
    real_dir.mkdir()
    shutil.copy(root / "copy.db", real_dir / "fydesk.db")
    shutil.copytree(demo_dir / "files", real_dir / "files")
    store = open_store(real_dir, daily_backup=False)
    with store.write() as s:
        s.execute(delete(m.LocalSetting).where(m.LocalSetting.key == setup.DEMO_KEY))
    store.close()
    today = date.today()
    ids["bulletin"] = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    return demo_dir, real_dir, ids


KINDS = ("agreement", "session", "confirmation", "healthcheck", "suggestion", "cover", "casefile", "bulletin")


def _print(data_dir, kind, key, out, capsys) -> list[str]:
    where = ["--period", key] if kind == "bulletin" else ["--id", key]
    late = ["--after-deadline"] if kind == "confirmation" else []
    assert main(["--data-dir", str(data_dir), "report", kind, *where, "--out", str(out), *late]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    return [flat(t) for t in page_texts(out)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_printed_from_demo_data_says_so_and_a_real_offices_never(dirs, kind, tmp_path, capsys):
    demo_dir, real_dir, ids = dirs
    marked = _print(demo_dir, kind, ids[kind], tmp_path / "demo.pdf", capsys)
    plain = _print(real_dir, kind, ids[kind], tmp_path / "real.pdf", capsys)
    assert marked and all("【演示数据】" in page for page in marked)
    assert len(plain) == len(marked) and not any("演示数据" in page for page in plain)
    if kind == "casefile":  # the scanned pages, which bring no mark of their own, get one too
        scanned = [page for page in marked if "SCANNED" in page]
        assert len(scanned) == 2 and all("【演示数据】" in page for page in scanned)
