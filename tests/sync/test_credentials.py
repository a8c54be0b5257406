"""The device token lives in the OS keyring, or this run only, or a passphrase file; never in plain text on disk."""

from __future__ import annotations

import base64

import keyring
import pytest
from keyring.backends import chainer, fail

from fydesk.domain.errors import FydeskError
from fydesk.sync.credentials import (
    NO_KEYRING_WARNING,
    SERVICE,
    CredentialStore,
    PassphraseRequired,
    keyring_is_secure,
    token_key,
)

from ..conftest import MemoryKeyring

HUB = "https://hub.example.gov.cn/"
DEVICE = "0192f0c2-7d1e-7a00-8000-000000000001"
TOKEN = "fyd_tok_8f3b2c1d9e7a6b5c4d3e2f1a0b9c8d7e"

# (tests/conftest.py pins the machine's default keyring before any test backend registers.)


class AltLikeKeyring(MemoryKeyring):
    """Stands in for keyrings.alt: high enough priority, but a plain-file store in real life."""

    __module__ = "keyrings.alt.file"


class EmptyChain(chainer.ChainerBackend):
    backends = []  # noqa: RUF012 - overrides the class property for the test


class LowPriority(MemoryKeyring):
    priority = 0.5


@pytest.fixture
def use_backend():
    """Installs a keyring backend for one test and puts the previous one back afterwards."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_backend):
    backend = MemoryKeyring()
    use_backend(backend)
    return backend


def test_round_trip_through_the_keyring(memory_keyring):
    store = CredentialStore()
    assert store.storage.kind == "keyring" and store.storage.durable
    assert store.storage.warning is None
    assert store.save(HUB, DEVICE, TOKEN) == "keyring"
    assert memory_keyring.secrets == {(SERVICE, token_key(HUB, DEVICE)): TOKEN}
    assert CredentialStore().load(HUB, DEVICE) == TOKEN  # a new store: as after a restart
    store.delete(HUB, DEVICE)
    assert memory_keyring.secrets == {}
    assert store.load(HUB, DEVICE) is None
    store.delete(HUB, DEVICE)  # deleting twice is harmless


def test_the_key_is_stable_and_names_hub_and_device():
    assert token_key(HUB, DEVICE) == f"device:https://hub.example.gov.cn:{DEVICE}"
    assert token_key(HUB.rstrip("/"), DEVICE) == token_key(HUB, DEVICE)


def test_without_a_keyring_the_token_is_kept_for_this_run_only(use_backend):
    use_backend(fail.Keyring())
    store = CredentialStore()
    assert store.storage.kind == "session" and not store.storage.durable
    assert store.storage.warning == NO_KEYRING_WARNING
    assert "密钥环" in NO_KEYRING_WARNING
    assert store.save(HUB, DEVICE, TOKEN) == "session"
    assert store.load(HUB, DEVICE) == TOKEN
    assert CredentialStore().load(HUB, DEVICE) is None  # gone with the process
    store.delete(HUB, DEVICE)
    assert store.load(HUB, DEVICE) is None


def test_a_keyrings_alt_backend_is_never_written(use_backend):
    alt = AltLikeKeyring()
    use_backend(alt)
    store = CredentialStore()
    assert not keyring_is_secure(alt)
    assert store.save(HUB, DEVICE, TOKEN) == "session"
    assert alt.secrets == {}
    assert store.storage.warning == NO_KEYRING_WARNING


@pytest.mark.parametrize(
    ("backend", "secure"),
    [(MemoryKeyring(), True), (fail.Keyring(), False), (AltLikeKeyring(), False),
     (LowPriority(), False), (EmptyChain(), False)],
)
def test_which_backends_count_as_secure(backend, secure):
    assert keyring_is_secure(backend) is secure


def test_passphrase_file_survives_a_restart_and_needs_the_passphrase(use_backend, tmp_path):
    use_backend(fail.Keyring())
    store = CredentialStore(fallback_dir=tmp_path / "secrets")
    assert store.save(HUB, DEVICE, TOKEN, passphrase="调解 2026") == "passphrase-file"
    later = CredentialStore(fallback_dir=tmp_path / "secrets")
    with pytest.raises(PassphraseRequired):
        later.load(HUB, DEVICE)
    with pytest.raises(FydeskError, match="口令不正确"):
        later.load(HUB, DEVICE, passphrase="wrong")
    assert later.load(HUB, DEVICE, passphrase="调解 2026") == TOKEN
    assert later.load(HUB, DEVICE) == TOKEN  # unlocked once per run
    # bound to its hub and device: another device id does not find it
    assert later.load(HUB, "other-device", passphrase="调解 2026") is None
    later.delete(HUB, DEVICE)
    assert list((tmp_path / "secrets").iterdir()) == []


def test_passphrase_needs_a_place_and_a_value(use_backend, tmp_path):
    use_backend(fail.Keyring())
    with pytest.raises(FydeskError, match="保存位置"):
        CredentialStore().save(HUB, DEVICE, TOKEN, passphrase="x")
    with pytest.raises(FydeskError, match="口令不能为空"):
        CredentialStore(fallback_dir=tmp_path).save(HUB, DEVICE, TOKEN, passphrase="")


def test_no_file_holds_the_token_in_plain_text(use_backend, tmp_path):
    data = tmp_path / "data"
    (data / "secrets").mkdir(parents=True)
    use_backend(MemoryKeyring())
    CredentialStore(fallback_dir=data / "secrets").save(HUB, DEVICE, TOKEN)
    use_backend(fail.Keyring())
    CredentialStore(fallback_dir=data / "secrets").save(HUB, "device-2", TOKEN, passphrase="pw")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files  # the passphrase file is there, so the scan looks at something
    needles = [TOKEN.encode(), base64.b64encode(TOKEN.encode()), TOKEN.encode("utf-16-le")]
    for path in files:
        content = path.read_bytes()
        assert not any(n in content for n in needles), path
