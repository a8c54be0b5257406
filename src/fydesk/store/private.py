"""The data dir kept private on disk: on POSIX its folders are 0700 and its files 0600.

The database holds full ID numbers; the permissions a umask of 022 gives (0644 in a 0755
folder) would let every local account read them. Windows keeps a user's profile private
through its ACLs, so nothing is changed there.
"""

from __future__ import annotations

import os
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE, FILE_MODE = 0o700, 0o600


def make_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with the folder private; an existing one is made so."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path)
    return path


def tighten(path: Path) -> None:
    """Folder 0700, file 0600, where the mode is looser and the file is ours to change."""
    if not POSIX:
        return
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    wanted = DIR_MODE if path.is_dir() else FILE_MODE
    if st.st_mode & 0o777 & ~wanted and st.st_uid == os.geteuid():
        os.chmod(path, wanted)


def create_file(path: Path) -> None:
    """An empty file only its owner reads, for a writer (SQLite) that then fills it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    tighten(path)  # an existing file keeps its mode through O_CREAT


def opener(path: str, flags: int) -> int:
    """For `open(..., opener=opener)`: a new file is created readable by its owner only."""
    return os.open(path, flags, FILE_MODE)


def is_loose(path: Path) -> bool:
    return POSIX and bool(path.stat().st_mode & 0o077)


def tighten_tree(root: Path) -> None:
    """The data dir and everything in it made private: done once, for an install made
    before this rule (everything written since is created private)."""
    if not POSIX or not is_loose(root):
        return
    tighten(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            tighten(Path(folder) / name)
