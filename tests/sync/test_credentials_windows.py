"""On Windows the device token goes to Credential Manager: keyring's WinVaultKeyring counts as
a secure store. Exercised here with a stand-in whose module is keyring's Windows backend, so
the branch is covered on any OS (no win32 API is called)."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import chainer

from fydesk.sync.credentials import CredentialStore, keyring_is_secure

from ..conftest import MemoryKeyring
from .test_credentials import DEVICE, HUB, TOKEN, AltLikeKeyring


class WinVaultLike(MemoryKeyring):
    """Looks like keyring.backends.Windows.WinVaultKeyring on a Windows PC: priority 5."""

    __module__ = "keyring.backends.Windows"
    priority = 5


class WinVaultUnavailable(MemoryKeyring):
    """keyring's Windows backend off Windows (or without pywin32-ctypes): `priority` raises."""

    __module__ = "keyring.backends.Windows"

    @property
    def priority(self):  # type: ignore[override]
        raise RuntimeError("Requires Windows")


class Chain(chainer.ChainerBackend):
    def __init__(self, *links):
        self._links = list(links)

    @property
    def backends(self):  # type: ignore[override]
        return self._links


@pytest.fixture
def use_backend():
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


def test_windows_credential_manager_is_a_secure_store():
    assert keyring_is_secure(WinVaultLike()) is True


def test_the_windows_backend_where_it_cannot_work_is_not():
    assert keyring_is_secure(WinVaultUnavailable()) is False


def test_a_chain_is_secure_only_if_every_link_is():
    assert keyring_is_secure(Chain(WinVaultLike())) is True
    assert keyring_is_secure(Chain(WinVaultLike(), AltLikeKeyring())) is False


def test_on_windows_the_token_is_saved_durably_in_credential_manager(use_backend):
    vault = WinVaultLike()
    use_backend(vault)
    store = CredentialStore()
    assert (store.storage.kind, store.storage.durable, store.storage.warning) == ("keyring", True, None)
    assert store.save(HUB, DEVICE, TOKEN) == "keyring"
    assert CredentialStore().load(HUB, DEVICE) == TOKEN  # a later run finds it
    assert list(vault.secrets.values()) == [TOKEN]
