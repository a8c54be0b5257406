"""`fydesk report` on a data dir and `fydesk-hub report bulletin` on a hub's synced records."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fydesk import models as m
from fydesk.cli import main
from fydesk.hub.cli import main as hub_main
from fydesk.hub.store import HubStore

from ..hub.conftest import LiveHub
from .conftest import assert_fonts_embedded, flat, page_texts


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-cli")
    assert main(["--data-dir", str(root), "demo", "--records", "60", "--seed", "2"]) == 0
    return root


def test_report_prints_a_case_agreement_by_case_number(data_dir, tmp_path, capsys):
    from fydesk.store.open import open_store

    store = open_store(data_dir, daily_backup=False)
    with store.read() as s:
        number, facts = s.execute(select(m.MediationCase.case_number, m.Agreement.facts)
                                  .join(m.Agreement, m.Agreement.case_id == m.MediationCase.id)
                                  .order_by(m.MediationCase.case_number)).first()
    store.close()
    out = tmp_path / "协议书.pdf"
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "report", "agreement", "--id", number, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    text = flat("".join(page_texts(out)))
    assert flat(facts) in text
    # the message names the document as it is titled: 人民调解协议书 only from a 调委会
    title = "人民调解协议书" if "人民调解协议书" in text else "调解协议书"
    assert said.startswith(f"已生成{title}：")
    assert_fonts_embedded(out)


def test_an_invited_bodys_agreement_is_reported_as_a_调解协议书(data_dir, tmp_path, capsys):
    from fydesk.store.open import open_store

    store = open_store(data_dir, daily_backup=False)
    with store.read() as s:
        agreement_id = s.scalar(select(m.Agreement.id).join(m.MediationCase, m.Agreement.case_id == m.MediationCase.id)
                                .join(m.MediationBody, m.MediationCase.body_id == m.MediationBody.id)
                                .where(m.MediationBody.kind.in_(("特邀调解组织", "特邀调解员"))).limit(1))
    store.close()
    assert agreement_id is not None, "the demo has invited bodies' agreements"
    out = tmp_path / "协议书.pdf"
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "report", "agreement", "--id", agreement_id, "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("已生成调解协议书：")
    assert "人民调解协议书" not in flat("".join(page_texts(out)))


@pytest.mark.parametrize("argv, message", [
    (["report", "bulletin", "--id", "x"], "--period"),
    (["report", "agreement", "--period", "2026-10"], "--id"),
    (["report", "memo", "--id", "x"], "没有“memo”这种文书"),
    (["report", "cover", "--id", "no-such-case"], "找不到调解案件 no-such-case"),
    (["report", "bulletin", "--period", "2026-13"], "月份"),
])
def test_report_errors_are_one_sentence(data_dir, tmp_path, capsys, argv, message):
    out = tmp_path / "x.pdf"
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), *argv, "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and err.startswith("错误：") and "\n" not in err
    assert not out.exists()


def test_hub_bulletin_counts_every_office_synced_cases(tmp_path, capsys):
    store = HubStore(f"sqlite:///{tmp_path / 'hub.db'}")
    hub = LiveHub(store).start()
    try:
        hub.office("T01", "溪口人民法庭", "人民法庭")
        hub.office("S01", "石岭司法所", "司法所")
        tribunal, office = hub.device("T01"), hub.device("S01")
        ops_t = [tribunal.op("case", f"c-t-{i}", "insert", office_id=tribunal.office_id, category="人民调解",
                             source="当事人申请", dispute_type="邻里纠纷", summary="相邻通行纠纷",
                             registered_date="2026-10-02", accepted_date="2026-10-03", status="结案",
                             result="达成协议" if i < 3 else "调解不成", amount_cents=150000)
                 for i in range(4)]
        ops_t.append(tribunal.op("area_stat", "a-1", "insert", area_code="440120001", area_name="云溪区云城街道",
                                 period="2026-10", resident_population=80000, floating_population=20000,
                                 civil_filings=95, admin_filings=5))
        ops_s = [office.op("case", f"c-s-{i}", "insert", office_id=office.office_id, category="人民调解",
                           source="网格排查", dispute_type="婚姻家庭纠纷", summary="赡养纠纷",
                           registered_date="2026-10-10", accepted_date="2026-10-11", status="结案",
                           result="达成协议", amount_cents=0) for i in range(2)]
        assert all(r.status == "applied" for r in tribunal.results(*ops_t))
        assert all(r.status == "applied" for r in office.results(*ops_s))
    finally:
        hub.stop()
    out = tmp_path / "全市通报.pdf"
    capsys.readouterr()
    assert hub_main(["--db", str(store.engine.url), "report", "bulletin", "--period", "2026-10",
                     "--out", str(out)]) == 0
    store.close()
    assert "已生成全市月度通报" in capsys.readouterr().out
    text = flat("".join(page_texts(out)))
    assert "2026年10月矛盾纠纷调解工作通报" in text and "（全市）" in text
    assert "受理6件" in text and "调解成功5件" in text and "调解成功率83.3%" in text
    assert "涉及金额6000.00元" in text
    assert "溪口人民法庭" in text and "石岭司法所" in text
    assert "云溪区云城街道" in text and "10.00" in text  # (95 + 5) ÷ 100,000 × 10,000
    assert_fonts_embedded(out)
