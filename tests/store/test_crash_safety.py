"""A process killed with SIGKILL mid-write leaves a sound file with every acknowledged write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select

from fydesk.models import MediationCase
from fydesk.services.maintenance import check
from fydesk.store.open import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from fydesk.services import cases
    from fydesk.services.context import load_actor
    from fydesk.store.open import open_store

    store = open_store(sys.argv[1], daily_backup=False)
    start = int(sys.argv[2])
    for i in range(start, start + 100000):
        with store.write() as s:
            cases.register_case(
                s, load_actor(s, "测试"),
                {"category": "人民调解", "source": "当事人申请", "dispute_type": "邻里纠纷",
                 "summary": f"第{i}号写入：邻里之间因排水问题发生纠纷。", "registered_date": "2026-11-01"},
                [{"role": "申请人", "name": f"甲{i}"}, {"role": "被申请人", "name": f"乙{i}"}],
            )
        # printed only after the commit returned: the parent counts this write as durable
        print(i, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_write(office_store, tmp_path):
    data_dir = str(office_store.data_dir.root)
    office_store.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20261128)
    acknowledged: set[int] = set()
    next_start = 0
    for _round in range(12):
        proc = subprocess.Popen([sys.executable, str(script), data_dir, str(next_start)],
                                stdout=subprocess.PIPE, text=True)
        first = proc.stdout.readline()  # wait until it is really writing
        assert first.strip(), "writer died before its first write"
        acknowledged.add(int(first))
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged.update(int(line) for line in out.split())
        next_start = max(acknowledged) + 1000  # unique summaries per round
        # every round opens the file as a crashed PC would find it
        store = open_store(data_dir, daily_backup=False)
        report = check(store.data_dir)
        assert report.ok, report.problems
        with store.read() as s:
            summaries = set(s.scalars(select(MediationCase.summary)))
        store.close()
        present = {int(x[1:].split("号")[0]) for x in summaries}
        missing = acknowledged - present
        assert not missing, f"acknowledged writes lost: {sorted(missing)[:5]}"
    assert len(acknowledged) > 12
