"""The renderers take plain values: the hub can share them without the client's store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import fydesk.documents

DOCS = Path(fydesk.documents.__file__).parent


def test_renderers_import_no_store_services_or_qt():
    offenders = []
    for path in DOCS.rglob("*.py"):
        if path.name == "gather.py":  # the one module that reads the local store, by design
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                     else [])
            offenders += [f"{path.name}: {n}" for n in names
                          if n.startswith(("fydesk.services", "fydesk.models", "fydesk.store", "fydesk.ui",
                                           "fydesk.hub", "sqlalchemy", "PySide6"))]
    assert offenders == []


def test_importing_the_bulletin_loads_neither_the_client_store_nor_qt():
    code = ("import sys, fydesk.documents.bulletin, fydesk.documents.agreement, fydesk.documents.fonts\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')"
            " or m.startswith(('fydesk.services', 'fydesk.store', 'fydesk.models')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
