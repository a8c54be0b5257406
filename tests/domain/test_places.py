"""Reading where an address lies from the names of the places on record."""

from __future__ import annotations

from fydesk.domain.places import area_of_address, place_names

PLACES = [("云溪区人民法院", "440120"), ("云溪区人民法院溪口人民法庭", "440120100"),
          ("溪口镇人民调解委员会", "440120100"), ("广州市邻区人民法院", "440121"), ("石岭镇", "440120101")]


def test_an_institution_names_its_place_without_its_kind():
    assert place_names("溪口镇人民调解委员会") == ("溪口镇",)
    assert place_names("云溪区人民法院溪口人民法庭") == ("溪口",)
    assert place_names("广州市邻区人民法院") == ("广州市邻区", "邻区")


def test_the_most_specific_place_an_address_names_wins():
    assert area_of_address("云溪区溪口镇溪口村1号", PLACES) == "440120100"
    assert area_of_address("云溪区城中路5号", PLACES) == "440120"
    assert area_of_address("邻区石门路8号", PLACES) == "440121"
    assert area_of_address("石岭镇", PLACES) == "440120101"


def test_an_address_naming_no_place_on_record_lies_nowhere_known():
    assert area_of_address("北京市东城区某胡同", PLACES) is None
    assert area_of_address("", PLACES) is None and area_of_address(None, PLACES) is None
    assert area_of_address("440121100", PLACES) == "440121100"  # a code written as the address
