"""What packaging/fydesk.spec keeps of what PyInstaller collects: Qt plugins and translations
by name, libraries only while something kept links to them, and on Debian the system's own
libraries left to their packages. Plain functions over PyInstaller's (dest, source, kind)
entries, so tests run them on Linux and Windows names alike without PyInstaller.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]  # (path inside the bundle, source file or link target, kind)

# Plugin folders kept, and within each the plugins kept (None: all of them). Names are without
# "lib" and the extension, so one table serves libqxcb.so and qwindows.dll.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qoffscreen", "qwindows"},  # Wayland desktops run xcb through XWayland
    "xcbglintegrations": None,  # the xcb platform loads one of these for its OpenGL context
    "platforminputcontexts": {"composeplatforminputcontextplugin",
                              "ibusplatforminputcontextplugin"},  # typing Chinese on Linux
    # Attachments shown in the app; SVG is never drawn (attachments.py), so QtSvg goes too.
    "imageformats": {"qgif", "qico", "qjpeg", "qtiff", "qwebp"},
    "printsupport": None,
    "styles": None,  # Windows: the native look
}
KEEP_TRANSLATIONS = {"qtbase_zh_CN.qm"}  # standard dialogs in Chinese; the app ships its own

EXCLUDES = [
    # The hub is installed on its server apart; none of its libraries belong on a clerk's PC.
    "fydesk.hub", "fastapi", "starlette", "uvicorn", "psycopg", "psycopg_binary", "httptools", "uvloop",
    # Database drivers PyInstaller's SQLAlchemy hook asks for; the app only speaks SQLite.
    # (SQLAlchemy's dialect modules stay: Alembic imports every one of them.)
    "psycopg2", "MySQLdb", "pymysql", "pysqlite2", "pyodbc", "asyncpg", "aiosqlite",
    "oracledb", "cx_Oracle", "pymssql",
    "sqlalchemy.testing", "alembic.testing",
    "tkinter", "PIL.ImageTk", "IPython", "pytest", "numpy", "readline", "pydoc_data",
    # Pillow serves reportlab's PNG and JPEG; AVIF, WebP and colour management weigh 7 MB.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL.ImageCms",
    "PIL._imagingcms",
    # Python's codecs for Japanese, Korean and traditional-Chinese encodings (GBK/GB18030 stay).
    "_codecs_jp", "_codecs_kr", "_codecs_tw", "_codecs_hk", "_codecs_iso2022",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDBus", "PySide6.QtSvg",
]


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts  # PyInstaller writes os.sep


def plugin_kept(dest: str) -> bool:
    parts = _parts(dest)
    if "plugins" not in parts or len(parts) < parts.index("plugins") + 3:
        return True
    folder, name = parts[parts.index("plugins") + 1], parts[-1]
    if folder not in KEEP_PLUGINS:
        return False
    wanted = KEEP_PLUGINS[folder]
    return wanted is None or re.sub(r"^lib", "", name.split(".")[0]) in wanted


def translation_kept(dest: str) -> bool:
    parts = _parts(dest)
    if "PySide6" not in parts or "translations" not in parts:
        return True
    return parts[-1] in KEEP_TRANSLATIONS


def is_dependency(dest: str, windows: bool) -> bool:
    """A shared library collected because something links to it, so droppable when nothing
    kept does: Qt's own libraries (and ICU, which only QtCore uses) anywhere, and on Linux
    the system libraries at the top of the bundle (GTK, Wayland … came with dropped plugins).
    """
    parts = _parts(dest)
    name = parts[-1]
    if "plugins" in parts or re.match(r"^(lib)?python\d", name):
        return False  # the bootloader loads libpython itself; nothing links to it
    if "PySide6" in parts:
        return re.match(r"^(lib)?(Qt6\w+|icu\w+)\.(so\.\d+|dll)$", name, re.IGNORECASE) is not None
    # Other Windows DLLs are left alone: that build cannot be tried from here.
    return not windows and len(parts) == 1 and ".so" in name


def drop_unlinked(binaries: list[Entry], imports: Callable[[str], Iterable[tuple[str, str | None]]],
                  windows: bool, log: Callable[[str], None] = print) -> list[Entry]:
    """Keep a dependency only if something kept links to it, directly or through another.
    `imports(source)` names what a binary links to (PyInstaller's bindepend.get_imports)."""
    kept = [b for b in binaries if b[2] == "EXTENSION" or not is_dependency(b[0], windows)]
    pool = {_parts(b[0])[-1].lower(): b for b in binaries if b not in kept}
    needed: dict[str, Entry] = {}
    todo = list(kept)
    while todo:
        for name, _path in imports(todo.pop()[1]):
            key = PurePosixPath(name.replace("\\", "/")).name.lower()
            if key in pool and key not in needed:
                needed[key] = pool[key]
                todo.append(pool[key])
    if dropped := sorted(set(pool) - set(needed)):
        log(f"fydesk.spec: dropped {len(dropped)} libraries no kept binary links to: {', '.join(dropped)}")
    return kept + list(needed.values())


def symlinks_kept(entries: list[Entry], present: set[str]) -> list[Entry]:
    """PyInstaller links top-level names to Qt's libraries; drop the links left dangling."""
    def target(dest: str, link: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(dest), link))
    return [e for e in entries if e[2] != "SYMLINK" or target(e[0], e[1]) in present]


def debian_owner(path: str) -> str | None:
    """The Debian package a library file comes from, or None (pip's wheels, a custom Python)."""
    real = os.path.realpath(path)
    # Debian 12 merged /lib into /usr/lib, but dpkg's database may list either spelling.
    spellings = {real, re.sub(r"^/usr/lib/", "/lib/", real), re.sub(r"^/lib/", "/usr/lib/", real)}
    for spelling in sorted(spellings):
        done = subprocess.run(["dpkg-query", "-S", spelling], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].strip()
    return None


def leave_to_debian(binaries: list[Entry], windows: bool,
                    owner: Callable[[str], str | None] = debian_owner,
                    log: Callable[[str], None] = print) -> tuple[list[Entry], list[str]]:
    """On Debian, the system libraries stay the system's: the .deb depends on their packages
    (the spec writes them to system-packages.txt) instead of carrying copies, and a clerk's PC
    updates them with the rest of Debian. Wheels' libraries, Python's and Qt's stay."""
    if windows or shutil.which("dpkg-query") is None:
        return binaries, []
    kept, packages = [], set()
    for entry in binaries:
        top_level = len(_parts(entry[0])) == 1 and is_dependency(entry[0], windows)
        package = owner(entry[1]) if top_level else None
        if package is None:
            kept.append(entry)
        else:
            packages.add(package)
    if packages:
        log(f"fydesk.spec: {len(binaries) - len(kept)} system libraries left to {len(packages)} "
            "Debian packages (the .deb depends on them; listed in system-packages.txt)")
    return kept, sorted(packages)
