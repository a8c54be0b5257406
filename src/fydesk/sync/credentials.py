"""Owns the device token the hub issues at enrollment: OS keyring, this run only, or a passphrase file."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import chainer, fail

from fydesk.domain.errors import FydeskError

SERVICE = "fydesk"
NO_KEYRING_WARNING = ("本机没有可用的系统密钥环，设备令牌只保存在本次运行中；关闭后需重新登记，"
                      "或登记时设置口令（fydesk enroll --passphrase-file 文件）加密保存。")
PASSPHRASE_FILE_ENV = "FYDESK_PASSPHRASE_FILE"  # for a scheduled `fydesk sync`
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}  # ~32 MiB, a fraction of a second: slows guessing, not the user


def token_key(hub_url: str, device_id: str) -> str:
    """The keyring "username": `device:<hub url without trailing slash>:<device id>`."""
    return f"device:{hub_url.rstrip('/')}:{device_id}"


def keyring_is_secure(backend: object) -> bool:
    """True only for a backend that keeps secrets in a real OS store."""
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith("keyrings.alt"):
        return False  # keyrings.alt writes secrets base64-encoded in a plain file
    if isinstance(backend, chainer.ChainerBackend):
        # The chain writes to its first backend that accepts, so every link must be safe.
        return bool(links := list(backend.backends)) and all(map(keyring_is_secure, links))
    try:
        return float(backend.priority) >= 1  # type: ignore[attr-defined]
    except (RuntimeError, TypeError, ValueError, AttributeError):  # unusable: `priority` raises
        return False


@dataclass(frozen=True)
class Storage:
    kind: str  # "keyring" | "session"
    durable: bool
    warning: str | None


class PassphraseRequired(FydeskError):
    """A token was saved under a passphrase; ask the user for it and load again."""


class CredentialStore:
    """Device tokens; never written to the database or a config file in plain text."""

    def __init__(self, fallback_dir: Path | None = None) -> None:
        self.fallback_dir = fallback_dir
        self._session: dict[str, str] = {}
        self._keyring_failed = False  # a "secure" keyring that refused us (locked, denied)

    @property
    def storage(self) -> Storage:
        """Where `save` without a passphrase puts tokens, and whether they outlive this run."""
        if not self._keyring_failed and keyring_is_secure(keyring.get_keyring()):
            return Storage("keyring", True, None)
        return Storage("session", False, NO_KEYRING_WARNING)

    def save(self, hub_url: str, device_id: str, token: str, passphrase: str | None = None) -> str:
        key = token_key(hub_url, device_id)
        if self.storage.kind == "keyring":
            try:
                keyring.set_password(SERVICE, key, token)
                return "keyring"
            except keyring.errors.KeyringError:
                self._keyring_failed = True
        if passphrase is not None:
            self._write_file(key, token, passphrase)  # first, so a refusal leaves no trace
        self._session[key] = token
        return "session" if passphrase is None else "passphrase-file"

    def load(self, hub_url: str, device_id: str, passphrase: str | None = None) -> str | None:
        key = token_key(hub_url, device_id)
        if key in self._session:
            return self._session[key]
        if self.storage.kind == "keyring":
            with contextlib.suppress(keyring.errors.KeyringError):
                if (token := keyring.get_password(SERVICE, key)) is not None:
                    return token
        path = self._file(key)
        if path is None or not path.exists():
            return None
        if not passphrase:
            raise PassphraseRequired("设备令牌已用口令加密保存，请输入口令。")
        self._session[key] = token = self._read_file(path, key, passphrase)
        return token

    def locked(self, hub_url: str, device_id: str) -> bool:
        """True when the token is only to be had from the passphrase file, and not yet opened."""
        key = token_key(hub_url, device_id)
        if key in self._session:
            return False
        if self.storage.kind == "keyring":
            with contextlib.suppress(keyring.errors.KeyringError):
                if keyring.get_password(SERVICE, key) is not None:
                    return False
        path = self._file(key)
        return path is not None and path.exists()

    def delete(self, hub_url: str, device_id: str) -> None:
        key = token_key(hub_url, device_id)
        self._session.pop(key, None)
        if keyring_is_secure(keyring.get_keyring()):  # never touch an insecure store
            with contextlib.suppress(keyring.errors.KeyringError):  # incl. "no such password"
                keyring.delete_password(SERVICE, key)
        path = self._file(key)
        if path is not None:
            path.unlink(missing_ok=True)

    def _file(self, key: str) -> Path | None:
        name = f"token-{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"  # no URL in a name
        return None if self.fallback_dir is None else self.fallback_dir / name

    def _write_file(self, key: str, token: str, passphrase: str) -> None:
        path = self._file(key)
        if path is None:
            raise FydeskError("没有设置口令加密文件的保存位置。")
        if not passphrase:
            raise FydeskError("口令不能为空。")
        salt, nonce = os.urandom(16), os.urandom(12)
        # The key string is bound as associated data, so a file copied to another hub/device fails.
        ct = _cipher(passphrase, salt, _SCRYPT).encrypt(nonce, token.encode(), key.encode())
        blob = {"v": 1, **_SCRYPT, **{k: base64.b64encode(v).decode() for k, v in
                                      (("salt", salt), ("nonce", nonce), ("ct", ct))}}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(blob), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # never leave a half-written file behind

    def _read_file(self, path: Path, key: str, passphrase: str) -> str:
        try:
            blob = json.loads(path.read_text(encoding="utf-8"))
            raw = {k: base64.b64decode(blob[k]) for k in ("salt", "nonce", "ct")}
            aesgcm = _cipher(passphrase, raw["salt"], {k: int(blob[k]) for k in ("n", "r", "p")})
        except (ValueError, KeyError, TypeError):
            raise FydeskError("口令加密的令牌文件已损坏，请重新登记本机。") from None
        from cryptography.exceptions import InvalidTag
        try:
            return aesgcm.decrypt(raw["nonce"], raw["ct"], key.encode()).decode()
        except InvalidTag:  # wrong passphrase, or the file was altered
            raise FydeskError("口令不正确，无法解开保存的设备令牌。") from None


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """The passphrase held in a file (its first line); one that others could read is refused."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FydeskError(f"找不到口令文件 {path}。") from None
    except (OSError, UnicodeError):
        raise FydeskError(f"无法读取口令文件 {path}。") from None
    if os.name == "posix" and mode & stat.S_IROTH:
        raise FydeskError(f"口令文件 {path} 所有人都能读取，请先改为仅本人可读（chmod 600）。")
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise FydeskError(f"口令文件 {path} 是空的。")
    return passphrase


def _cipher(passphrase: str, salt: bytes, params: dict[str, int]):
    # Imported late so the rest of sync works without it; no hand-rolled crypto as a fallback.
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise FydeskError("口令加密保存需要 cryptography 组件。") from None
    return AESGCM(Scrypt(salt=salt, length=32, **params).derive(passphrase.encode()))
