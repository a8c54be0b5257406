"""Engine with the durability pragmas, explicit transactions, and the data-dir layout."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from fydesk.policy import NO_POLICY, Policy

DB_FILENAME = "fydesk.db"
BUSY_TIMEOUT_MS = 10_000

# Read back in tests: a committed court record must survive a power cut (synchronous=FULL).
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def default_data_dir() -> Path:
    env = os.environ.get("FYDESK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("fydesk", appauthor=False))


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    @property
    def files_dir(self) -> Path:
        """Attachment bodies, by SHA-256 (store/bodies.py)."""
        return self.root / "files"

    @property
    def opened_dir(self) -> Path:
        """Copies of attachments handed to another program to open; removed when the desk
        starts and when it closes (store/bodies.discard_copies)."""
        return self.root / "opened"

    @property
    def demo_sibling(self) -> "DataDir":
        """Where demo data for this data dir goes: beside it (…/fydesk-demo), never inside it."""
        return DataDir(self.root.with_name(self.root.name + "-demo"))

    @property
    def demo_owner(self) -> "DataDir | None":
        """The data dir this one is the demo sibling of, judged by name alone."""
        name = self.root.name
        return DataDir(self.root.with_name(name[:-5])) if name.endswith("-demo") and len(name) > 5 else None

    @classmethod
    def resolve(cls, given: str | os.PathLike[str] | None = None) -> "DataDir":
        return cls(Path(given) if given else default_data_dir())


def _on_connect(dbapi_conn, _record) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event below issues BEGIN itself,
    # so DDL in migrations is transactional and SAVEPOINTs behave.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    for name, value in PRAGMAS.items():
        cur.execute(f"PRAGMA {name}={value}")
    cur.close()


def _on_begin(conn) -> None:
    # Write units of work take the write lock up front: a deferred transaction that reads
    # first and writes later can fail with SQLITE_BUSY instead of waiting.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(db_path: str | os.PathLike[str]) -> Engine:
    engine = create_engine(f"sqlite:///{os.fspath(db_path)}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_pragmas(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS
        }


class Store:
    """An opened data dir: the engine plus session factories for reading and writing."""

    def __init__(self, data_dir: DataDir, engine: Engine, policy: Policy = NO_POLICY) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.policy = policy  # the machine-wide policy in force when the dir was opened
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work, one transaction: committed on success, rolled back on error."""
        with self._write.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
