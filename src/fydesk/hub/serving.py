"""What each process of `fydesk-hub serve --workers N` builds for itself.

uvicorn starts its workers as fresh interpreters and has each of them import the app by name;
nothing built in the parent crosses over. The parent passes the database address in the
environment (FYDESK_HUB_DB, which `store.default_url` reads), and `app` below makes the store,
its connection pool and the FastAPI app inside the worker that serves them.
"""

from __future__ import annotations

import gc


def app():
    """The hub's app over its own store: uvicorn's factory, called once in each worker."""
    from .app import create_app
    from .store import HubStore, default_url

    served = create_app(HubStore(default_url()))
    tune_gc()
    return served


def tune_gc() -> None:
    """Fewer, cheaper garbage collections while serving.

    A push allocates a dict or list per field of every op, record and log entry; at Python's
    default threshold (a young collection every 700 new objects) the collector ran hundreds
    of times per batch and, every so often, walked every object of the process — FastAPI,
    SQLAlchemy and pydantic included. That was about a third of the hub's CPU time on a push.
    What was loaded at start-up is frozen out of the collector's walks; young collections come
    every 50,000 new objects (a few MB at most before cycles are freed).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
