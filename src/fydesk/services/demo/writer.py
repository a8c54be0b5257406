"""The demo's bulk inserts (the store's multi-row writer) fed from a second thread."""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable, Iterator

from fydesk.store.bulk import Writer

__all__ = ["Writer", "pipeline"]


def pipeline(w: Writer, produce: Iterator[tuple[list, int]], report: Callable[[int], None]) -> None:
    """Run `produce` on a second thread while this one executes what it made.

    sqlite3 releases the GIL inside each statement, so on two cores drawing the next chunk
    overlaps with indexing the last one; the queue bounds how far drawing runs ahead.
    """
    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def work() -> None:
        try:
            for item in produce:
                if not put(item):
                    return
            put(None)
        except BaseException as exc:  # handed to the executing thread, which raises it
            put(exc)

    thread = threading.Thread(target=work, name="fydesk-demo", daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            w.execute(item[0])
            report(item[1])
    finally:
        stop.set()
        thread.join()
