"""Tests that fydesk.domain stays pure: standard library only, no Qt, no database."""

from __future__ import annotations

import json
import subprocess
import sys

MODULES = ["ids", "codes", "states", "deadlines", "stats", "casenumbers", "hlc", "errors"]

_PROBE = """
import json, sys
before = set(sys.modules)
for name in {modules!r}:
    __import__("fydesk.domain." + name)
loaded = sorted(set(sys.modules) - before)
print(json.dumps(loaded))
"""


def test_domain_modules_import_only_the_standard_library():
    # A fresh interpreter, so modules imported by other tests cannot hide a leak.
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(modules=MODULES)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    loaded = json.loads(out)
    foreign = [
        m for m in loaded
        if m.split(".")[0] not in sys.stdlib_module_names and m.split(".")[0] != "fydesk"
    ]  # fmt: skip
    assert foreign == []
    assert not [m for m in loaded if m.startswith("fydesk.") and not m.startswith("fydesk.domain")]
