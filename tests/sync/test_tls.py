"""The hub over HTTPS with a city's own certificate authority, as `fydesk-hub serve --tls-cert`
runs it: the CA file (given, or set by the IT policy) makes it trusted; without it, or with a
file that is not there, one clear sentence and no pointless retries."""

from __future__ import annotations

import json
import shutil

import pytest
import trustme

from fydesk.cli import main
from fydesk.domain.errors import ConfigError
from fydesk.hub.store import HubStore
from fydesk.sync.client import HubClient, HubError

from ..hub.conftest import LiveHub


@pytest.fixture
def tls_hub(tmp_path, hub_sqlite_template):
    ca = trustme.CA(organization_name="某市府院联动平台（测试）")
    cert = ca.issue_cert("127.0.0.1")
    files = {name: tmp_path / name for name in ("ca.pem", "hub.crt", "hub.key")}
    ca.cert_pem.write_to_path(files["ca.pem"])
    cert.cert_chain_pems[0].write_to_path(files["hub.crt"])
    cert.private_key_pem.write_to_path(files["hub.key"])
    path = tmp_path / "hub.db"
    shutil.copyfile(hub_sqlite_template, path)
    store = HubStore(f"sqlite:///{path}")
    hub = LiveHub(store, tls=(str(files["hub.crt"]), str(files["hub.key"]))).start()
    hub.office("T01", "溪口人民法庭", "人民法庭")
    hub.ca_file = str(files["ca.pem"])
    yield hub
    hub.stop()
    store.close()


def fy(capsys, pc, *argv, ok=True):
    code = main(["--data-dir", str(pc), *argv])
    out = capsys.readouterr()
    assert (code == 0) is ok, out.err
    return json.loads(out.out) if ok and "--json" in argv else out


def test_with_the_citys_ca_file_a_pc_enrolls_and_syncs_over_https(tls_hub, memory_keyring, tmp_path, capsys):
    assert tls_hub.url.startswith("https://")
    pc = tmp_path / "pc"
    fy(capsys, pc, "enroll", "--hub", tls_hub.url, "--code", tls_hub.code("T01"), "--ca", tls_hub.ca_file, "--json")
    assert fy(capsys, pc, "sync", "--json")["pending"] == 0


def test_the_ca_file_can_come_from_the_it_policy(tls_hub, memory_keyring, tmp_path, capsys, monkeypatch):
    policy = tmp_path / "policy.toml"
    policy.write_text(f'hub_url = "{tls_hub.url}"\nca_file = "{tls_hub.ca_file}"\nlocked = ["hub_url", "ca_file"]\n',
                      encoding="utf-8")
    monkeypatch.setenv("FYDESK_POLICY", str(policy))
    pc = tmp_path / "pc"
    fy(capsys, pc, "enroll", "--code", tls_hub.code("T01"), "--json")
    assert fy(capsys, pc, "sync", "--json")["pending"] == 0


def test_an_untrusted_certificate_is_one_sentence_at_once(tls_hub, tmp_path):
    slept: list[float] = []
    with HubClient(tls_hub.url, sleep=slept.append) as client:
        with pytest.raises(HubError) as err:
            client.enroll(tls_hub.code("T01"), "PC")
    assert err.value.code == "certificate" and "证书未通过验证" in err.value.message
    assert "证书文件" in err.value.message
    assert slept == []  # not retried: every attempt would be refused alike


def test_a_ca_file_that_is_not_there_or_not_a_certificate_is_named(tmp_path):
    with pytest.raises(ConfigError, match="找不到证书文件 .*missing.pem"):
        HubClient("https://127.0.0.1:9", ca_file=str(tmp_path / "missing.pem"))
    junk = tmp_path / "junk.pem"
    junk.write_text("不是证书", encoding="utf-8")
    with pytest.raises(ConfigError, match="不是可用的证书"):
        HubClient("https://127.0.0.1:9", ca_file=str(junk))
