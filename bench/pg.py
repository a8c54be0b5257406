"""The sync bench's PostgreSQL: the test run's throwaway server (tests/pgserver.py), durable.

The tests turn fsync and synchronous commits off for speed; the bench keeps PostgreSQL's
defaults, since its figures are for a hub that keeps what it acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.pgserver import PgServer, find_bindir, free_port

__all__ = ["BenchPostgres", "free_port", "temp_postgres", "temp_postgres_server"]


@dataclass(frozen=True)
class BenchPostgres:
    url: str
    pid: int  # the postmaster: every backend is its child, which is how the bench counts its CPU


@contextmanager
def temp_postgres_server() -> Iterator[BenchPostgres]:
    """A started server with one empty database; stopped and removed after."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (initdb, pg_ctl, postgres); "
                           "on Debian: apt-get install postgresql")
    server = PgServer(bindir, settings=()).start()
    try:
        url = server.url(server.create_database(name="fydesk_bench"))
        pid = int((server.data / "postmaster.pid").read_text().split()[0])
        yield BenchPostgres(url, pid)
    finally:
        server.stop()


@contextmanager
def temp_postgres() -> Iterator[str]:
    """The URL of a started server's one empty database."""
    with temp_postgres_server() as pg:
        yield pg.url
