"""法治体检报告: each risk as it stood on the report's date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fydesk import models as m
from fydesk.documents import gather

from .conftest import flat, page_texts, render

DAY = date(2026, 3, 1)


def test_a_risk_fixed_after_the_report_date_was_not_yet_fixed_on_it():
    from fydesk.domain.states import risk_status_on

    assert risk_status_on("已整改", date(2026, 4, 1), date(2026, 5, 1), DAY) == "已提示"
    assert risk_status_on("已整改", date(2026, 3, 1), date(2026, 5, 1), DAY) == "已整改"
    assert risk_status_on("逾期", None, date(2026, 5, 1), DAY) == "已提示"  # not due yet then
    assert risk_status_on("逾期", None, date(2026, 2, 1), DAY) == "逾期"
    assert risk_status_on("已整改", date(2026, 4, 1), date(2026, 2, 1), DAY) == "逾期"
    assert risk_status_on("整改中", None, None, DAY) == "整改中"


def test_the_report_prints_each_risk_as_of_its_date(demo_store, fonts, tmp_path):
    with demo_store.read() as s:
        visit_id = s.scalar(select(m.Visit.id).join(m.Risk, m.Risk.visit_id == m.Visit.id)
                            .where(m.Risk.status == "已整改", m.Risk.rectified_date > m.Visit.visit_date)
                            .order_by(m.Visit.id))
        assert visit_id is not None, "the demo has no risk fixed after its report"
        doc = gather.healthcheck(s, visit_id)
        fixed_later = s.scalars(select(m.Risk.description).where(
            m.Risk.visit_id == visit_id, m.Risk.status == "已整改",
            m.Risk.rectified_date > doc.visit_date)).all()
    assert fixed_later
    for r in doc.risks:
        if r.description in fixed_later:
            assert r.status != "已整改", r
    render("healthcheck", doc, tmp_path / "h.pdf", fonts)
    text = flat("".join(page_texts(tmp_path / "h.pdf")))
    assert "已整改" not in text or any(r.status == "已整改" for r in doc.risks)
    assert "截至" in text
