"""月度通报 (本单位): exactly this office's figures, joint cases among them, printed as `fydesk stats` prints them."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from fydesk import models as m
from fydesk.cli import main
from fydesk.documents import gather
from fydesk.domain.stats import period_bounds
from fydesk.services.context import get_setting
from fydesk.services.stats import monthly

from .conftest import flat, page_texts, render

PERIOD = "2026-10"


def test_the_office_figures_count_only_that_offices_cases(demo_store):
    start, end = period_bounds(PERIOD)
    with demo_store.read() as s:
        office_id = get_setting(s, "office_id")
        mine = s.scalar(select(func.count()).select_from(m.MediationCase).where(
            m.MediationCase.office_id == office_id, m.MediationCase.deleted_at.is_(None),
            m.MediationCase.accepted_date >= start, m.MediationCase.accepted_date < end))
        every = monthly(s, PERIOD)
        own = monthly(s, PERIOD, office_id=office_id)
        doc = gather.bulletin(s, PERIOD)
    assert 0 < mine < every.accepted, "the demo should have other offices' cases in the month"
    assert own.accepted == mine == doc.accepted
    assert sum(b.accepted for b in own.by_dispute_type) == mine
    assert doc.by_office == ()  # one office: no table of offices


def test_joint_cases_join_the_figures(demo_store):
    with demo_store.read() as s:
        office_id = get_setting(s, "office_id")
        joined = select(m.JointCaseOffice.joint_case_id).where(m.JointCaseOffice.office_id == office_id)
        latest = s.scalar(select(func.max(m.JointCase.opened_date)).where(
            (m.JointCase.lead_office_id == office_id) | m.JointCase.id.in_(joined)))
        period = f"{latest.year:04d}-{latest.month:02d}"
        start, end = period_bounds(period)
        own = monthly(s, period, office_id=office_id)
        opened = s.scalar(select(func.count()).select_from(m.JointCase).where(
            m.JointCase.deleted_at.is_(None), m.JointCase.opened_date >= start, m.JointCase.opened_date < end,
            (m.JointCase.lead_office_id == office_id) | m.JointCase.id.in_(joined)))
    assert own.joint_opened == opened > 0
    assert sum(j.opened for j in own.joint_by_mode) == opened
    assert sum(j.concluded for j in own.joint_by_mode) == own.joint_concluded


def test_the_bulletin_says_whose_figures_and_prints_them_as_the_command_line_does(demo_store, fonts, tmp_path,
                                                                                  capsys):
    from fydesk.domain.stats import format_per10k, format_rate

    with demo_store.read() as s:
        doc = gather.bulletin(s, PERIOD)
        own = monthly(s, PERIOD, office_id=get_setting(s, "office_id"))
    out = tmp_path / "b.pdf"
    render("bulletin", doc, out, fonts)
    pdf = flat("".join(page_texts(out)))
    assert f"本通报数据为{flat(doc.issuer)}本单位受理、办理的案件和工作，不含其他单位" in pdf
    assert f"受理{own.accepted}件" in pdf
    assert f"新立联动案件{own.joint_opened}件，办结{own.joint_concluded}件" in pdf
    for j in own.joint_by_mode:
        assert f"{j.mode}{j.opened}{j.concluded}" in pdf

    assert main(["--data-dir", str(demo_store.data_dir.root), "stats", "--period", PERIOD]) == 0
    text = capsys.readouterr().out
    assert f"本单位：{doc.issuer}" in text
    rate = format_rate(own.success_rate)
    assert f"成功率 {rate}" in text and f"调解成功率{rate}" in pdf
    assert f"新立 {own.joint_opened}，办结 {own.joint_concluded}" in text
    for a in own.areas:
        shown = format_per10k(a.rate_per_10k)
        assert re.search(rf"万人起诉率 {re.escape(shown)}$", text, re.MULTILINE), shown
        assert f"{a.population}{a.filings}{shown}" in pdf, shown


def test_the_bulletin_prints_the_months_petitions_as_the_command_line_does(demo_store, fonts, tmp_path, capsys):
    from fydesk.domain.stats import format_rate

    with demo_store.read() as s:
        office_id = get_setting(s, "office_id")
        latest = s.scalar(select(func.max(m.Petition.closed_date)).where(m.Petition.office_id == office_id))
        period = f"{latest.year:04d}-{latest.month:02d}"
        own = monthly(s, period, office_id=office_id).petitions
        doc = gather.bulletin(s, period)
    assert own.closed > 0 and doc.petitions.resolved == own.resolved
    out = tmp_path / "b.pdf"
    render("bulletin", doc, out, fonts)
    pdf = flat("".join(page_texts(out)))
    rate = format_rate(own.rate)
    assert (f"收到涉诉信访{own.received}件；化解{own.resolved}件，终结移交{own.transferred}件，"
            f"依法终结{own.ended}件，化解率{rate}") in pdf
    assert "信访化解率=当月已化解件数÷当月办结件数" in pdf.replace("＝", "=")
    assert main(["--data-dir", str(demo_store.data_dir.root), "stats", "--period", period]) == 0
    assert f"已化解 {own.resolved}，终结移交 {own.transferred}，依法终结 {own.ended}，化解率 {rate}" in (
        capsys.readouterr().out)
