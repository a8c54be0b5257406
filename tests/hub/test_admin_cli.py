"""`fydesk-hub` for the IT admin rolling out many PCs: codes in bulk, each good for one PC."""

from __future__ import annotations

import pytest

from fydesk.domain.errors import FydeskError
from fydesk.hub import auth
from fydesk.hub.cli import main as hub_main
from fydesk.hub.store import HubStore


def test_enrollment_codes_come_in_bulk_and_each_enrolls_one_pc(hub_url, capsys):
    assert hub_main(["--db", hub_url, "office", "add", "--code", "T01", "--name", "溪口人民法庭",
                     "--kind", "人民法庭"]) == 0
    capsys.readouterr()
    assert hub_main(["--db", hub_url, "enroll-code", "--office", "T01", "--count", "25"]) == 0
    out = capsys.readouterr()
    codes = out.out.split()
    assert len(set(codes)) == 25 and "25 个一次性登记码" in out.err

    store = HubStore(hub_url)
    try:
        for n, code in enumerate(codes):
            with store.session() as s:
                device, office, _token = auth.redeem(s, code, f"PC{n}")
                assert office.code == "T01"
        with pytest.raises(FydeskError, match="已使用"), store.session() as s:
            auth.redeem(s, codes[0], "again")
    finally:
        store.close()

    assert hub_main(["--db", hub_url, "enroll-code", "--office", "T01", "--count", "0"]) != 0
    assert "1 至 1000" in capsys.readouterr().err
