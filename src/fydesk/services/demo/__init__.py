"""The `fydesk demo` generator: a district's offices filled with two years of realistic records."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Callable, Mapping

from fydesk.models import new_id
from fydesk.store.engine import Store

from fydesk.domain.errors import ConfigError

from .. import journal, setup
from ..context import load_actor
from .cases import CaseMaker
from .firms import make_firms, make_suggestions
from .petitions import make_petitions
from .tasks import make_tasks
from .offices import (
    advance_leases,
    area_stats,
    ensure_setup,
    first_agreement_numbers,
    first_numbers,
    make_offices,
)
from .writer import Writer, pipeline

__all__ = ["DemoSummary", "generate"]

CHUNK = 2000  # cases per batch: bounds memory and paces progress()


@dataclass(frozen=True)
class DemoSummary:
    """What one run added: rows per table, the local office it set up or reused, wall time."""

    counts: Mapping[str, int]
    office_id: str
    seconds: float

    @property
    def cases(self) -> int:
        return self.counts.get("mediation_cases", 0)

    def to_json(self) -> dict[str, Any]:
        return {"cases": self.cases, "counts": dict(self.counts), "office_id": self.office_id,
                "seconds": round(self.seconds, 2)}

def generate(
    store: Store,
    records: int = 2000,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add `records` mediation cases and everything around them, in one transaction.

    Demo data lives only in a data dir of its own: an empty one is set up as the demo
    tribunal and marked as demo data for good (the window title and every printed page say
    so); one holding a real office is refused before anything is written. Nothing goes to the
    outbox: demo data must never reach a hub. One audit entry records the run, so the hash
    chain stays whole.
    """
    started = time.perf_counter()
    today = today or date.today()
    rng = random.Random(seed)
    report = progress or (lambda done, total: None)
    report(0, records)
    with store.write() as session:
        if setup.is_initialised(session) and not setup.is_demo(session):
            real = setup.status(session)
            raise ConfigError(f"这个数据目录存放着“{real.office_name}”的正式数据，演示数据不能混入："
                              "请另选一个空的数据目录生成演示数据。")
        local_id, set_up = ensure_setup(session, today)
        setup.mark_demo(session)
        w = Writer(session)
        w.counts["offices"] += set_up
        offices = make_offices(session, w, rng, local_id, today)
        maker = CaseMaker(rng, today, offices)
        maker.plan(records, [first_numbers(session, o, maker.years) for o in offices])
        maker.agreement_next = first_agreement_numbers(session, offices, maker.years)
        pipeline(w, maker.run(w, CHUNK), lambda done: report(done, records))
        make_firms(maker, w, max(12, min(3000, records // 40)))
        used = make_suggestions(maker, w, max(6, min(300, records // 300)),
                                 first_numbers(session, offices[0], maker.years, "suggestion"))
        make_petitions(maker, w, max(12, min(600, records // 40)))
        make_tasks(maker, w)
        area_stats(session, rng, w, local_id, today, maker.start)
        advance_leases(session, local_id, "case", maker.last_numbers)
        advance_leases(session, local_id, "suggestion", used)
        # Each body's next agreement goes on past the demo's.
        for o in offices:
            if o.id == local_id:
                for body_id, last in maker.last_agreements.items():
                    if body_id in o.body_prefixes:
                        advance_leases(session, local_id, "agreement", last, body_id=body_id)
        journal.audit(session, load_actor(session), "demo", "demo", new_id(), None,
                      {"records": records, "seed": seed})
    report(records, records)
    return DemoSummary(MappingProxyType(dict(w.counts)), local_id, time.perf_counter() - started)
