"""The hub demo's 任务清单: nine working groups, two meetings, tasks in every state with the
offices' reports (pushed as PCs push), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fydesk.hub import tasks
from fydesk.hub.demo import fill
from fydesk.hub.demo_tasks import GROUPS
from fydesk.hub.models import ConsoleUser, Meeting
from fydesk.hub.store import HubStore


def test_the_demo_has_groups_meetings_and_tasks_in_every_state(hub_url):
    store = HubStore(hub_url)
    try:
        today = date(2026, 11, 20)
        fill(store, records=60, seed=3, today=today)
        with store.session() as s:
            assert [g.name for g in tasks.groups(s)] == sorted(GROUPS) and len(GROUPS) == 9
            assert sorted(m.kind for m in s.query(Meeting)) == ["协调会议", "联席会议"]
            rows = tasks.task_rows(s, today)
            assert len(rows) == 9
            assert {t.state for t in rows} == {"推进中", "逾期", "下达", "已完成"}
            assert sum(len(t.reports) for t in rows) >= 10
            assert any(t.source_label.endswith("议定事项第 1 项") for t in rows)
            pdf = tasks.task_bulletin_pdf(s, today)
            member = s.scalar(select(ConsoleUser.id).where(ConsoleUser.role == "group"))
            assert tasks.groups_of_account(s, member) == {"诉源治理", "执行联动"}
        assert pdf.startswith(b"%PDF")
    finally:
        store.close()
