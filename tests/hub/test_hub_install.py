"""The city hub's server installs `fydesk[hub]`: no Qt and no PDFium (the `desktop` extra); the hub
never touches a keyring either."""

from __future__ import annotations

import os
import subprocess
import sys

# Run in a fresh interpreter in which importing the desktop's libraries fails, as it would in
# a venv that never installed them.
BLOCKED = """
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in {'PySide6', 'shiboken6', 'pypdfium2', 'keyring'}:
            raise ModuleNotFoundError(f"No module named '{name}'")
sys.meta_path.insert(0, NotInstalled())
"""


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKED + code], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_the_hub_starts_and_writes_its_bulletin_without_the_desktop_libraries(tmp_path):
    code = f"""
from fydesk.hub.cli import main
db = "sqlite:///{tmp_path / 'hub.db'}"
assert main(["--db", db, "office", "add", "--code", "T01", "--name", "溪口人民法庭", "--kind", "人民法庭"]) == 0
assert main(["--db", db, "report", "bulletin", "--period", "2026-10", "--out", "{tmp_path / 'b.pdf'}"]) == 0
from fydesk.hub.app import create_app
from fydesk.hub.store import HubStore
create_app(HubStore(db))
print("hub ok")
"""
    done = run(code)
    assert done.returncode == 0, done.stderr
    assert "hub ok" in done.stdout and (tmp_path / "b.pdf").stat().st_size > 1000


def test_fydesk_without_the_desktop_extra_says_what_to_install(tmp_path):
    done = run(f"from fydesk.cli import main; raise SystemExit(main(['--data-dir', r'{tmp_path}']))",
               QT_QPA_PLATFORM="offscreen")
    assert done.returncode != 0
    assert "请安装 fydesk[desktop]" in done.stderr
