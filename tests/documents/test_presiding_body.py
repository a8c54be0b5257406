"""Who issues a mediation document is the presiding body (DESIGN §2), never the office that
typed it in: headings, "经…主持调解", the seal line and the 司法确认 court follow the body."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fydesk import models as m
from fydesk.cli import main
from fydesk.documents import gather
from fydesk.services import cases, records
from fydesk.services.context import load_actor
from fydesk.store.open import open_store

from ..conftest import TODAY
from .conftest import flat, page_texts, render

NOT_ISSUERS = ("人民法庭", "司法所", "综治中心")


def _agreement_of_body(store, kind: str, office_kind: str | None = None) -> str:
    with store.read() as s:
        query = (select(m.Agreement.id).join(m.MediationCase, m.MediationCase.id == m.Agreement.case_id)
                 .join(m.MediationBody, m.MediationBody.id == m.MediationCase.body_id)
                 .join(m.Office, m.Office.id == m.MediationCase.office_id)
                 .where(m.MediationBody.kind == kind, m.Agreement.id.in_(select(m.AgreementTerm.agreement_id))))
        if office_kind:
            query = query.where(m.Office.kind == office_kind)
        found = s.scalar(query.order_by(m.Agreement.id))
    assert found is not None, kind
    return found


def _print(store, fonts, tmp_path, kind: str, key: str) -> tuple[object, str]:
    with store.read() as s:
        doc = gather.collect(s, kind, key)
    out = tmp_path / f"{kind}-{key}.pdf"
    render(kind, doc, out, fonts)
    return doc, flat("".join(page_texts(out)))


@pytest.mark.parametrize("body_kind, office_kind, title, seal", [
    ("驻庭人民调解委员会", "人民法庭", "人民调解协议书", "调解委员会印章"),
    ("乡镇(街道)人民调解委员会", "司法所", "人民调解协议书", "调解委员会印章"),
    ("特邀调解组织", "人民法庭", "调解协议书", "调解组织印章"),
    ("特邀调解员", "人民法庭", "调解协议书", "调解员签名"),
])
def test_each_body_issues_its_own_agreement_and_application(demo_store, fonts, tmp_path, body_kind,
                                                             office_kind, title, seal):
    key = _agreement_of_body(demo_store, body_kind, office_kind)
    doc, text = _print(demo_store, fonts, tmp_path, "agreement", key)
    with demo_store.read() as s:
        office = s.scalar(select(m.Office.name).join(m.MediationCase, m.MediationCase.office_id == m.Office.id)
                          .join(m.Agreement, m.Agreement.case_id == m.MediationCase.id).where(m.Agreement.id == key))
    issuer = doc.committee
    assert office not in issuer and not issuer.endswith(NOT_ISSUERS)
    assert text.startswith(f"—1—{issuer}{title}")  # the heading names the body, then the kind of agreement
    assert f"经{issuer}主持调解" in text
    assert f"{seal}{doc.seal or issuer}" in text  # the seal line: its label, then the body under it
    assert office not in text
    if title == "调解协议书":
        assert "人民调解协议书" not in text and "人民调解委员会印章" not in text

    app, text = _print(demo_store, fonts, tmp_path, "confirmation", key)
    kind = "人民调解协议" if title == "人民调解协议书" else "调解协议"
    assert f"经{issuer}主持调解达成的{kind}" in text
    assert app.court in text and app.court != issuer


def test_no_demo_agreement_names_a_tribunal_judicial_office_or_centre_as_issuer(tmp_path, fonts, capsys):
    data = str(tmp_path / "demo")
    assert main(["--data-dir", data, "demo", "--records", "30"]) == 0
    store = open_store(data)
    try:
        with store.read() as s:
            offices = [name for name, kind in s.execute(select(m.Office.name, m.Office.kind))
                       if kind in NOT_ISSUERS]
            keys = list(s.scalars(select(m.Agreement.id).where(
                m.Agreement.id.in_(select(m.AgreementTerm.agreement_id))).order_by(m.Agreement.id)))
        assert offices and len(keys) >= 5
        for key in keys:
            doc, text = _print(store, fonts, tmp_path, "agreement", key)
            heading = text[:text.index("编号")]
            signed = text[text.index("调解员（签名）"):]
            for word in (*offices, *NOT_ISSUERS):
                assert word not in heading and word not in signed, (key, word)
            assert doc.committee not in offices and (doc.seal or "") not in offices
    finally:
        store.close()


def test_the_application_goes_to_the_court_for_the_bodys_area(office_store, actor):
    """民诉法 art. 205: the tribunal of the body's own area, else its county's basic court; the
    court that delegated the case for 委派/委托 — never simply the first tribunal by code."""
    with office_store.write() as s:
        make = lambda code, name, kind, area: records.create(  # noqa: E731
            s, actor, "office", {"code": code, "name": name, "kind": kind, "area_code": area})
        make("0001", "石岭人民法庭", "人民法庭", "440120101")  # first by code: a wrong default
        make("0002", "云溪区人民法院", "基层法院", "440120")
        make("0003", "溪口人民法庭", "人民法庭", "440120100")
        make("0004", "邻区人民法院", "基层法院", "440121")
        here = lambda name, area: records.create(s, actor, "mediation_body", {  # noqa: E731
            "office_id": actor.office_id, "name": name, "kind": "乡镇(街道)人民调解委员会", "area_code": area}).id

        def court(body_id: str, category: str = "人民调解") -> str:
            made = cases.register_case(s, actor, {"category": category, "source": "当事人申请",
                                                  "dispute_type": "邻里纠纷", "summary": "纠纷", "body_id": body_id},
                                       [{"role": "申请人", "name": "张三"}, {"role": "被申请人", "name": "李四"}], today=TODAY)
            return gather.court_choices(s, made.case)

        assert court(here("溪口镇人民调解委员会", "440120100"))[:2] == ("溪口人民法庭", "云溪区人民法院")
        assert court(here("云城街道人民调解委员会", "440120001"))[0] == "云溪区人民法院"
        assert "邻区人民法院" not in court(here("云城街道人民调解委员会二", "440120001"))
        # A case the tribunal itself delegated goes back to it (the office here is a tribunal).
        assert court(here("溪口镇人民调解委员会二", "440120100"), "委派调解(诉前)")[0] == "越秀区人民法庭"
