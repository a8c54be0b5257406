"""A damaged database at start: a Chinese dialog offers the newest good backup, and restoring
it opens the desk on that backup's data (the damaged file kept aside)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QApplication, QMessageBox

from fydesk.services import setup
from fydesk.store import backup
from fydesk.ui.app import Launcher
from fydesk.ui.mainwindow import MainWindow


def damaged_office(tmp_path, office_store):
    """The office's database, backed up on two days, then damaged past reading."""
    dd = office_store.data_dir
    backup.make_backup(dd.db_path, dd.backup_dir, "daily", now=datetime(2026, 11, 2, 8, 30))
    good = backup.make_backup(dd.db_path, dd.backup_dir, "manual", now=datetime(2026, 11, 3, 17, 5))
    office_store.close()
    with open(dd.db_path, "r+b") as f:
        f.write(b"\x00" * 100)
    return dd, good


def offered(qtbot, tasks, settings, dd, monkeypatch) -> tuple[Launcher, QMessageBox]:
    # Only a plain error box that offers nothing would be modal (and block the test).
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: QMessageBox.StandardButton.Ok)
    launcher = Launcher(tasks, dd.root, "书记员甲", settings)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.damage_box is not None and launcher.damage_box.isVisible(), timeout=10_000)
    return launcher, launcher.damage_box


def test_a_damaged_database_offers_the_newest_good_backup_and_restoring_opens_the_desk(
        qtbot, tasks, settings, office_store, tmp_path, monkeypatch):
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    dd, good = damaged_office(tmp_path, office_store)
    launcher, box = offered(qtbot, tasks, settings, dd, monkeypatch)
    assert box.windowTitle() == "数据库已损坏"
    assert box.text() == "本机的数据库文件已损坏，无法打开。"
    assert "2026-11-03 17:05" in box.informativeText() and good.name in box.informativeText()
    buttons = {b.text(): b for b in box.buttons() if b.text()}
    assert set(buttons) >= {"用这份备份恢复", "退出"}
    with qtbot.waitSignal(launcher.main_shown, timeout=20_000) as shown:
        buttons["用这份备份恢复"].click()
    window = shown.args[0]
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and "越秀区人民法庭" in window.windowTitle()
    assert backup.integrity_errors(dd.db_path) == []
    kept = list(dd.backup_dir.glob("fydesk-damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes()[:16] == b"\x00" * 16
    with launcher.store.read() as session:
        assert setup.status(session).office_name == "越秀区人民法庭"


def test_choosing_to_quit_leaves_the_damaged_file_as_it_was(qtbot, tasks, settings, office_store, tmp_path,
                                                           monkeypatch):
    dd, _ = damaged_office(tmp_path, office_store)
    before = dd.db_path.read_bytes()
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    launcher, box = offered(qtbot, tasks, settings, dd, monkeypatch)
    next(b for b in box.buttons() if b.text() == "退出").click()
    qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    assert dd.db_path.read_bytes() == before and launcher.window is None
    assert not list(dd.backup_dir.glob("fydesk-damaged-*.db"))
