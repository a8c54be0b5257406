"""The competent courts for a 司法确认 application, from plain values."""

from fydesk.domain.courts import Court, competent_courts

COURTS = [Court("溪口人民法庭", "人民法庭", "440120100"), Court("云溪区人民法院", "基层法院", "440120"),
          Court("邻区人民法院", "基层法院", "440121")]
TRIBUNAL = COURTS[0]


def test_a_court_that_invited_the_mediation_is_the_only_one_beside_the_bodys_area():
    found = competent_courts(COURTS, office=TRIBUNAL, category="委派调解(诉前)", body_kind="特邀调解组织",
                             body_area="440120100", party_areas=[("李四", "440121")])
    assert found[0] == ("溪口人民法庭", (("delegated", ""), ("body", "")))
    assert "邻区人民法院" not in [name for name, _ in found]


def test_otherwise_the_bodys_area_first_then_where_a_party_lives_and_the_subject_lies():
    office = Court("溪口司法所", "司法所", "440120100")
    found = dict(competent_courts(COURTS, office=office, category="人民调解", body_kind="乡镇(街道)人民调解委员会",
                                  body_area="440120100", party_areas=[("李四", "440121")], subject_area="440121"))
    assert list(found)[:2] == ["溪口人民法庭", "云溪区人民法院"]
    assert found["邻区人民法院"] == (("party", "李四"), ("subject", ""))


def test_no_court_on_record_gives_none():
    assert competent_courts([], office=None, category="人民调解", body_kind=None, body_area=None) == []
