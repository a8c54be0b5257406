"""Attachment bodies in the data dir, content-addressed: files/ab/cd/<sha256>.

A body is written to a temporary file beside its final place, fsynced, then renamed, so
a crash leaves either the whole file or none under its hash name. One file per hash,
however many records point at it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO
from uuid import uuid4

from fydesk.domain.errors import FydeskError

from . import private

BLOCK = 1024 * 1024
MB = 1024 * 1024


class BodyTooLarge(FydeskError):
    pass


def describe_size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size % MB else f"{size // MB} MB"


def too_large(name: str, size: int | None, limit: int) -> BodyTooLarge:
    told = f"（{describe_size(size)}）" if size is not None else ""
    return BodyTooLarge(f"文件“{name}”{told}超过单个附件 {describe_size(limit)} 的上限，未保存。")


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync there; NTFS journals renames
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def discard_copies(folder: Path) -> None:
    """Remove the copies made for other programs; one still held open (Windows) stays for the
    next time."""
    shutil.rmtree(folder, ignore_errors=True)


class Bodies:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def relative(self, sha256: str) -> str:
        return self.path(sha256).relative_to(self.root.parent).as_posix()

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    # --- adding a local file ---------------------------------------------------------------

    def put_file(self, source: Path, limit: int) -> tuple[str, int]:
        """Copy `source` in, hashing as it goes; (sha256, size). Nothing stays on refusal."""
        size = source.stat().st_size
        if size > limit:
            raise too_large(source.name, size, limit)
        with open(source, "rb") as f:
            return self.put_stream(f, limit, source.name)

    def put_stream(self, stream: BinaryIO, limit: int, name: str) -> tuple[str, int]:
        self.tmp.mkdir(parents=True, exist_ok=True)
        temp = self.tmp / f"{uuid4().hex}.part"
        h = hashlib.sha256()
        size = 0
        try:
            with open(temp, "wb", opener=private.opener) as out:
                for block in iter(lambda: stream.read(BLOCK), b""):
                    size += len(block)
                    if size > limit:  # the file grew while being read
                        raise too_large(name, None, limit)
                    h.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            sha = h.hexdigest()
            self._place(temp, sha)
        finally:
            temp.unlink(missing_ok=True)
        return sha, size

    def _place(self, temp: Path, sha256: str) -> None:
        target = self.path(sha256)
        if target.is_file() and self.problem(sha256) is None:
            return  # stored once: the copy already here is the same bytes
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
        _fsync_dir(target.parent)

    # --- a body arriving from the hub in pieces --------------------------------------------

    def partial(self, sha256: str) -> Path:
        return self.tmp / f"{sha256}.part"

    def partial_size(self, sha256: str) -> int:
        part = self.partial(sha256)
        return part.stat().st_size if part.exists() else 0

    def append_partial(self, sha256: str, offset: int, data: bytes) -> int:
        """Write `data` at `offset` of the partial download (cutting anything past it)."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        part = self.partial(sha256)
        with open(part, "r+b" if part.exists() else "wb", opener=private.opener) as f:
            f.truncate(offset)
            f.seek(offset)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return offset + len(data)

    def finish_partial(self, sha256: str) -> bool:
        """The whole body is here: keep it if its hash matches, else throw it away."""
        part = self.partial(sha256)
        if file_sha256(part) != sha256:
            part.unlink(missing_ok=True)
            return False
        self._place(part, sha256)
        part.unlink(missing_ok=True)
        return True

    # --- reading and checking --------------------------------------------------------------

    def copy_out(self, sha256: str, dest: Path) -> None:
        """A copy readable by its owner only, like the body it comes from."""
        private.create_file(dest)
        shutil.copyfile(self.path(sha256), dest)

    def problem(self, sha256: str) -> str | None:
        """None when the body is here and matches its hash; else "missing" or "altered"."""
        path = self.path(sha256)
        if not path.is_file():
            return "missing"
        return None if file_sha256(path) == sha256 else "altered"
