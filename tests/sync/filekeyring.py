"""A keyring backend FOR TESTS ONLY: secrets in a plain JSON file named by an env variable.

A `fydesk sync` run in a subprocess (the kill test) cannot see the test's in-memory keyring,
so both sides share this file instead:

    PYTHON_KEYRING_BACKEND=filekeyring.FileKeyring PYTHONPATH=tests/sync
    FYDESK_TEST_KEYRING_FILE=/tmp/.../keyring.json

It keeps tokens in plain text, which is exactly what fydesk must never do with real tokens,
so it lives under tests/, is never installed, and refuses to work without the variable or an
explicit path. Priority 1 makes fydesk's `keyring_is_secure` treat it as a real store, as a
test needs; but keyring's own auto-detection (which instantiates every imported backend
class it deems viable) must never pick it, so as a class it is viable only where the
variable is set, i.e. in the subprocess a test starts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

ENV = "FYDESK_TEST_KEYRING_FILE"


class _Priority:
    def __get__(self, obj, cls) -> int:
        if obj is None and not os.environ.get(ENV):
            # keyring probes `cls.priority` to find viable backends: not this one by chance.
            raise RuntimeError("FileKeyring is a test backend, not for auto-detection")
        return 1


class FileKeyring(KeyringBackend):
    priority = _Priority()  # type: ignore[assignment]

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        super().__init__()
        where = path or os.environ.get(ENV)
        if not where:
            raise RuntimeError(f"FileKeyring is a test backend; set {ENV} to use it")
        self.path = Path(where)

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _write(self, data: dict[str, str]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)  # a killed writer leaves the old file, never half of one

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\x00{username}"

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._write({**self._read(), self._key(service, username): password})

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        data.pop(self._key(service, username), None)
        self._write(data)
