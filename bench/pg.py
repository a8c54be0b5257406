"""The sync bench's PostgreSQL: the test run's throwaway server (tests/pgserver.py), durable.

The tests turn fsync and synchronous commits off for speed; the bench keeps PostgreSQL's
defaults, since its figures are for a hub that keeps what it acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.pgserver import PgServer, find_bindir, free_port

__all__ = ["free_port", "temp_postgres"]


@contextmanager
def temp_postgres() -> Iterator[str]:
    """A started server with one empty database; yields its URL, stops and removes it after."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (initdb, pg_ctl, postgres); "
                           "on Debian: apt-get install postgresql")
    server = PgServer(bindir, settings=()).start()
    try:
        yield server.url(server.create_database(name="fydesk_bench"))
    finally:
        server.stop()
