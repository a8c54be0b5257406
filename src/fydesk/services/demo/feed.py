"""The demo's offices as their PCs would push them: the generator's records as wire writes.

`fydesk-hub demo` fills a hub with what the desk's own demo generator makes. The hub shares
only the wire protocol with the desk, so it runs this module in a process of its own
(`python -m fydesk.services.demo.feed`) and reads JSON lines from it: first the offices,
then every synced record as the insert its office's PC would have queued, in the order and
at the time it was written there. Which PC pushes when, and what the hub makes of it, is the
hub's side.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import select

from fydesk import __version__
from fydesk.models import Office, Staff
from fydesk.policy import NO_POLICY
from fydesk.store.migrate import SCHEMA_HEAD
from fydesk.store.open import open_store
from fydesk.sync.protocol import HUB_FIELDS

from ..entities import ENTITIES
from ..journal import wire_dict
from . import generate
from .offices import OFFICES

# Who types at each office's PC, by the first of these roles its roster has.
CLERKS = ("书记员", "司法助理员", "专职调解员")


def writes(session, offices: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Every live synced record but the offices (the hub registers those), one insert each,
    dated when it was written and never before the records it names, in that order.
    `offices`: office id → code."""
    at: dict[str, datetime] = {}
    out: list[tuple[datetime, int, dict[str, Any]]] = []
    for rank, (name, spec) in enumerate(ENTITIES.items()):
        # The hub registers the offices and issues its own tasks (a PC's op on one is refused),
        # so neither they nor reports on the demo PC's tasks are pushed.
        if name in ("office", "task", "task_report"):
            continue
        model = spec.model
        names = [f.name for f in spec.fields if f.name not in HUB_FIELDS]
        refs = [f.name for f in spec.fields if f.ref and f.ref != "office"]
        query = select(model.id, model.owner_office_id, model.created_at, *(getattr(model, n) for n in names)) \
            .where(model.deleted_at.is_(None)).order_by(model.created_at, model.id)
        for row in session.execute(query):
            rid, owner, created, values = row[0], row[1], row[2], dict(zip(names, row[3:]))
            when = created
            for ref in refs:
                value = values.get(ref)
                for parent in value if isinstance(value, list) else [value]:
                    if parent in at:
                        when = max(when, at[parent])
            at[rid] = when
            fields = wire_dict({k: v for k, v in values.items() if v is not None})
            out.append((when, rank, {"office": offices[owner], "at": when.isoformat(timespec="seconds"),
                                     "entity": name, "record_id": rid, "op": "insert", "fields": fields}))
    out.sort(key=lambda item: (item[0], item[1]))
    for _when, _rank, write in out:
        yield write


def feed(out: IO[str], records: int, seed: int, today: date | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="fydesk-demo-") as tmp:
        store = open_store(tmp, daily_backup=False, policy=NO_POLICY)
        try:
            summary = generate(store, records=records, seed=seed, today=today)
            with store.read() as s:
                codes = dict(s.execute(select(Office.id, Office.code)).all())
                people = {}
                for office_id, staff_name, role in s.execute(select(Staff.office_id, Staff.name, Staff.role)
                                                             .order_by(Staff.id)):
                    rank = CLERKS.index(role) if role in CLERKS else len(CLERKS)
                    if rank < people.get(office_id, (len(CLERKS) + 1, ""))[0]:
                        people[office_id] = (rank, staff_name)
                by_code = {code: oid for oid, code in codes.items()}
                head = {
                    "today": (today or date.today()).isoformat(), "schema": SCHEMA_HEAD, "app": __version__,
                    "cases": summary.cases,
                    "offices": [{"id": by_code[code], "code": code, "name": name, "kind": kind,
                                 "user": people.get(by_code[code], (0, "操作员"))[1]}
                                for _role, code, name, kind, *_ in OFFICES],
                }
                out.write(json.dumps(head, ensure_ascii=False) + "\n")
                for write in writes(s, codes):
                    out.write(json.dumps(write, ensure_ascii=False) + "\n")
        finally:
            store.close()
    out.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fydesk.services.demo.feed")
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat)
    args = parser.parse_args(argv)
    feed(sys.stdout, args.records, args.seed, args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
