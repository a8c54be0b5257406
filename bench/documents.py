"""Document benchmarks: the agreement PDF and the monthly bulletin with charts, on demo data.

Each beside a baseline measured in the same run: a one-paragraph PDF (built-in Helvetica,
nothing to embed) written the same way, so the figure shows what the documents themselves
cost on this machine today.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from fydesk import models as m
from fydesk.documents import fonts, gather, kinds
from fydesk.domain.stats import format_period
from fydesk.store.open import open_store

from .core import Row, _dataset

GOALS_MS = {"agreement": 150, "bulletin": 1000}


def _ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _baseline(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("One paragraph of plain text in a built-in font.", getSampleStyleSheet()["Normal"])])


def _subjects(store) -> tuple[str, str]:
    with store.read() as s:
        agreement = s.scalar(select(m.Agreement.id).where(m.Agreement.id.in_(select(m.AgreementTerm.agreement_id)))
                             .order_by(m.Agreement.signed_date.desc()))
        latest = s.scalar(select(func.max(m.MediationCase.accepted_date)))
    # The last whole month before the newest case: the one a bulletin would be printed for.
    return agreement, format_period(latest.replace(day=1) - timedelta(days=1))


def run(records: int, seed: int, fresh: bool = False) -> list[Row]:
    root, _ = _dataset(records, seed, fresh)
    store = open_store(root, daily_backup=False)
    agreement_id, period = _subjects(store)
    font_set = fonts.font_set()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = _ms(lambda: _baseline(out / "base.pdf"), 15)
        base_text = f"one-paragraph PDF {statistics.median(base):.1f}"

        def make(kind: str, key: str) -> None:
            with store.read() as s:
                doc = gather.collect(s, kind, key)
            kinds.render(kind, doc, out / f"{kind}.pdf", font_set)

        # The first document of a process also loads the font (about 14 MB of TrueType).
        first = _ms(lambda: make("agreement", agreement_id), 1)[0]
        for kind, key, repeat in (("agreement", agreement_id, 15), ("bulletin", period, 7)):
            samples = _ms(lambda kind=kind, key=key: make(kind, key), repeat)
            p50, worst = statistics.median(samples), max(samples)
            goal = GOALS_MS[kind]
            size = (out / f"{kind}.pdf").stat().st_size
            rows.append(Row(f"{kinds.KINDS[kind][0]} ({kind}) PDF, median / max (ms)", f"{p50:.0f} / {worst:.0f}",
                            base_text, f"goal ≤{goal} ms: {'met' if worst <= goal else 'MISSED'}; "
                            f"{size / 1024:.0f} KB" + (f"; period {period}, {records:,} cases" if kind == "bulletin"
                                                       else f"; first in process {first:.0f} ms")))
        rows.append(_cli(root, agreement_id, out))
    store.close()
    return rows


def _cli(root: Path, agreement_id: str, out: Path) -> Row:
    """The whole command as a clerk runs it: start-up, open the store, load the font, write."""
    exe = str(Path(sys.executable).with_name("fydesk"))
    env = {**os.environ, "FYDESK_DATA_DIR": str(root)}

    def run(argv):
        return _ms(lambda: subprocess.run(argv, env=env, check=True, capture_output=True), 5)

    report = run([exe, "report", "agreement", "--id", agreement_id, "--out", str(out / "cli.pdf")])
    version = run([exe, "--version"])
    return Row("fydesk report agreement, whole command, median (ms)", f"{statistics.median(report):.0f}",
               f"fydesk --version {statistics.median(version):.0f}")
