"""The hub's database: PostgreSQL in production, an SQLite file by default; Alembic schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import orjson
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

HUB_SCHEMA_HEAD = "h0016"


def default_url() -> str:
    env = os.environ.get("FYDESK_HUB_DB")
    if env:
        return env
    import platformdirs

    root = Path(platformdirs.user_data_dir("fydesk-hub", appauthor=False))
    root.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{root / 'hub.db'}"


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None
    for pragma in ("journal_mode=wal", "foreign_keys=1", "synchronous=2", "busy_timeout=30000"):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn) -> None:
    # Writers take the lock up front, so two pushes queue instead of failing with BUSY.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def _loads(value: object) -> object:
    # SQLite gives a column declared JSON numeric affinity: a value that is a bare number (the
    # amount of a conflict, an overwritten count in history) is stored, and read back, as a
    # number rather than its JSON text.
    if isinstance(value, (int, float)):
        return value
    return orjson.loads(value)


def make_engine(url: str) -> Engine:
    # Every record, log entry and scope carries JSON; orjson encodes it about ten times faster.
    json = {"json_serializer": _dumps, "json_deserializer": _loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, **json)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, **json)


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("fydesk.hub") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class HubStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        if not inspect(self.engine).has_table("alembic_version") or self._revision() != HUB_SCHEMA_HEAD:
            upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if self.engine.dialect.name == "postgresql":
            from .writer import settle_clock

            with self.session() as s:
                settle_clock(s)

    def _revision(self) -> str | None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One request, one transaction."""
        with self._sessions.begin() as s:
            yield s

    def close(self) -> None:
        self.engine.dispose()
