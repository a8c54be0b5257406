"""A throwaway PostgreSQL server for the test run, and the fixtures that hand it to the hub tests.

The hub runs on PostgreSQL in production (DESIGN §5), so its tests run there as well as on
SQLite. Nothing is assumed to be running: each test process (each xdist worker) runs initdb
into a temp dir of its own, starts a server on a free loopback port, and stops it at the end
of the session. Nothing is shared between processes, so no locking is needed.

The server binaries refuse to run as root (DESIGN §9). As root every one of them runs as the
`postgres` user through runuser, in a temp dir that user owns; as anyone else they run directly.

Each test gets a database of its own, cloned from a template the hub's Alembic migration was
run into once per session: a clone is a few tens of milliseconds, the migration far more. The
SQLite half does the same with a file copy.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SERVER_USER = "postgres"  # the OS user the binaries run as when we are root
SUPERUSER = "postgres"  # the database superuser initdb makes (-U), whoever runs it
DIR_PREFIX = "fydesk-pg-"
OWNER_FILE = "owner.pid"
# A durable server is pointless for data that dies with the run; these make it quick.
SETTINGS = ("fsync=off", "full_page_writes=off", "synchronous_commit=off", "shared_buffers=32MB")


def base_dir() -> Path:
    """Where the cluster dirs go. As root, /tmp whatever TMPDIR says: the `postgres` user must
    be able to reach the dir, and a TMPDIR under /root (mode 0700) would stop it."""
    return Path("/tmp") if os.geteuid() == 0 and os.path.isdir("/tmp") else Path(tempfile.gettempdir())


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _is_bindir(path: str | Path) -> bool:
    return all(os.access(Path(path) / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))


def find_bindir() -> Path | None:
    """Where initdb, pg_ctl and postgres are, newest major version first; None if nowhere.

    FYDESK_PG_BINDIR overrides the search (and, pointed at an empty dir, shows what a machine
    without PostgreSQL does).
    """
    forced = os.environ.get("FYDESK_PG_BINDIR")
    if forced:
        return Path(forced) if _is_bindir(forced) else None

    def major(d: str) -> float:
        try:
            return float(Path(d).parent.name)
        except ValueError:
            return 0.0

    # Debian's layout. Checked before pg_config: without the server-dev package, Debian's
    # pg_config is libpq-dev's, whose --bindir is /usr/bin, where no initdb lives.
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=major, reverse=True)
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=False)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    if found := shutil.which("initdb"):
        candidates.append(str(Path(found).resolve().parent))
    return next((Path(c) for c in candidates if _is_bindir(c)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PgServer:
    """One initdb'd cluster in a temp dir, listening on 127.0.0.1 and a socket in that dir."""

    def __init__(self, bindir: Path, settings: tuple[str, ...] = SETTINGS) -> None:
        self.bindir = bindir
        self.settings = settings
        self.as_root = os.geteuid() == 0
        self.root: Path | None = None
        self.port = 0
        self._admin = None
        self._names = itertools.count(1)
        self._watchdog: subprocess.Popen | None = None

    @property
    def data(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def _run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / argv[0]), *argv[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        # cwd: the server user may not be able to enter ours (/root, say), and initdb and
        # pg_ctl complain about a current directory they cannot read.
        return subprocess.run(cmd, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False,
                              stdin=subprocess.DEVNULL)

    def _check(self, what: str, done: subprocess.CompletedProcess) -> None:
        if done.returncode != 0:
            log = self.root / "server.log" if self.root else None
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"PostgreSQL {what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{tail}")

    def start(self) -> PgServer:
        reap_stale_servers()
        self.root = Path(tempfile.mkdtemp(prefix=DIR_PREFIX, dir=base_dir()))
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        if self.as_root:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise RuntimeError(f"running as root, but there is no `{SERVER_USER}` user to run "
                                   "the PostgreSQL server as (Debian's postgresql package makes it)") from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self._check("initdb", self._run("initdb", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
                                        "-U", SUPERUSER, "-D", str(self.data)))
        # The port is free when we look, but another process may take it before the server
        # binds it; then try another.
        for attempt in range(5):
            self.port = free_port()
            options = " ".join([f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}",
                                *(f"-c {s}" for s in self.settings)])
            done = self._run("pg_ctl", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.root / "server.log"),
                             "-o", options, "start", timeout=90)
            if done.returncode == 0:
                self._watch()
                return self
            if attempt == 4 or "already in use" not in (self.root / "server.log").read_text(errors="replace"):
                self._check("start", done)
        return self

    def _watch(self) -> None:
        """Stop the server if this process dies without doing so (SIGTERM, a crash, kill -9).

        A PostgreSQL server outlives its parent; this shell loop in a session of its own
        (a kill of our process group leaves it) waits for our pid to go away, then stops the
        server and removes its dir. reap_stale_servers catches what even this misses.
        """
        prefix = f"runuser -u {SERVER_USER} -- " if self.as_root else ""
        script = ('while kill -0 "$1" 2>/dev/null; do sleep 1; done; '
                  f'if [ -f "$2/data/postmaster.pid" ]; then {prefix}"$3" -D "$2/data" -m immediate stop; fi; '
                  'rm -rf "$2"')
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script, "pg-watchdog", str(os.getpid()), str(self.root), str(self.bindir / "pg_ctl")],
            cwd=self.root, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-w", "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    # --- databases --------------------------------------------------------------------------

    def url(self, dbname: str) -> str:
        """The form the hub accepts (store.make_engine turns it into a psycopg URL)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):
        """An autocommit connection to the maintenance database: CREATE/DROP DATABASE need one."""
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                                          autocommit=True)
        return self._admin

    def create_database(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"t{next(self._names)}"
        # FILE_COPY: copy the template's files; quicker than WAL-logging every block of a
        # small database, and the checkpoint it costs is cheap with fsync off.
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else "")
        self.admin().execute(sql)
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a test that failed may have left a connection open (a hub thread, a pool).
        self.admin().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reap_stale_servers() -> None:
    """Stop and remove servers whose test process died without stopping them (kill -9, a crash).

    Only dirs with an owner pid file are touched, and only when that process is gone, so a
    neighbouring worker's server starting right now is left alone.
    """
    for root in base_dir().glob(DIR_PREFIX + "*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _pid_alive(owner):
            continue
        pidfile = root / "data" / "postmaster.pid"
        try:
            os.kill(int(pidfile.read_text().split()[0]), signal.SIGQUIT)  # immediate shutdown
            time.sleep(0.2)
        except (OSError, ValueError, IndexError):
            pass
        shutil.rmtree(root, ignore_errors=True)


# --- fixtures (made visible to every test by tests/conftest.py) ------------------------------

@pytest.fixture(scope="session")
def pg_server():
    """This process's PostgreSQL server; skipped locally, but an error under CI, without one."""
    bindir = find_bindir()
    if bindir is None:
        where = (f"in FYDESK_PG_BINDIR={os.environ['FYDESK_PG_BINDIR']}" if os.environ.get("FYDESK_PG_BINDIR")
                 else "under /usr/lib/postgresql/*/bin, pg_config --bindir or PATH")
        reason = (f"PostgreSQL server binaries (initdb, pg_ctl, postgres) not found {where}; "
                  "`apt-get install postgresql` (as `make test` does) to run the hub tests on PostgreSQL")
        if in_ci():
            # CI must not pass with half the hub tests quietly gone.
            pytest.fail(f"CI: {reason}", pytrace=False)
        pytest.skip(reason)
    server = PgServer(bindir)
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hub_pg_template(pg_server) -> str:
    """A database holding the hub's migrated, empty schema, to clone for each test."""
    from fydesk.hub.store import HubStore

    name = pg_server.create_database(name="hub_template")
    store = HubStore(pg_server.url(name))  # runs the Alembic migration on PostgreSQL
    store.close()  # a template with a connection open cannot be cloned
    return name


@pytest.fixture(scope="session")
def hub_sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file holding the hub's migrated, empty schema, to copy for each test.

    Running the migration costs a few tenths of a second; copying the file, a millisecond.
    """
    import sqlite3

    from fydesk.hub.store import HubStore

    path = tmp_path_factory.mktemp("hub-template") / "hub.db"
    HubStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:  # everything in the main file, so that it alone is the copy
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


HUB_BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=HUB_BACKENDS)
def hub_url(request, tmp_path):
    """The database URL of a fresh, empty hub store, once for each backend."""
    if request.param == "sqlite":
        path = tmp_path / "hub.db"
        shutil.copyfile(request.getfixturevalue("hub_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create_database(template=request.getfixturevalue("hub_pg_template"))
    yield server.url(name)
    server.drop_database(name)
