"""The desktop's units of work with the city hub and this PC's settings, as plain functions
(no Qt): the sync state the status bar shows, enrolling and syncing on the network pool, and
the settings the 设置 page reads and saves under the IT policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the ORM costs ~0.4 s to import: the DB worker loads it, not the window
    from fydesk.store.engine import Store


@dataclass(frozen=True)
class SyncState:
    enrolled: bool
    online: bool | None  # None: never tried
    pending: int
    last_sync_at: str | None
    conflicts: int
    quarantined: int
    last_error: str | None
    interval_minutes: int = 5  # automatic sync: the user's or the IT policy's setting


def sync_state(store: Store) -> SyncState:
    from fydesk.sync import engine

    return _state(engine.status(store))


def _state(data: Mapping[str, Any]) -> SyncState:
    log = data.get("log") or []
    last = log[0] if log else None
    online = None if last is None else last["kind"] != "error"
    error = data["last_error"]["message"] if data.get("last_error") else None
    return SyncState(bool(data.get("hub_url")), online, data["pending"], data.get("last_sync_at"),
                     len(data["conflicts"]), len(data["quarantined"]), error,
                     int(data.get("sync_interval_minutes") or 5))


# --- the hub: these run on the network pool (they wait on the link, and write only briefly) ---

@dataclass(frozen=True)
class Enrolled:
    office_name: str
    device_id: str
    warning: str | None  # e.g. no secure keyring: the token is kept for this run only


@dataclass(frozen=True)
class Synced:
    pushed: int
    pulled: int
    conflicts: int
    quarantined: int
    pending: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class SyncDetails:
    state: SyncState
    hub_url: str | None
    oldest_pending_seconds: int | None
    # entity, record, field, hub value, hub author, other value, its author, the city
    # coordinator's notes on it (one line each: when, who, what)
    conflicts: tuple[tuple[str, ...], ...]
    quarantined: tuple[tuple[str, ...], ...]  # op seq, entity, record, reason
    log: tuple[tuple[str, ...], ...]  # time, kind, code, detail


def credentials(store: Store):
    from fydesk.sync.credentials import CredentialStore

    return CredentialStore(fallback_dir=store.data_dir.root / "credentials")


def token_durable(creds) -> bool:
    """Whether a token saved now outlives this run without a passphrase (a usable keyring)."""
    return creds.storage.durable


def token_locked(store: Store, creds) -> bool:
    """Whether this PC's token waits behind a passphrase not yet given in this run."""
    from fydesk.sync import engine

    return engine.token_locked(store, creds)


def unlock(store: Store, creds, passphrase: str) -> None:
    """Open the token saved under a passphrase; `creds` keeps it in memory for this run."""
    from fydesk.sync import engine

    engine.unlock(store, creds, passphrase)


def enroll(store: Store, hub_url: str, code: str, ca_file: str | None, device_name: str,
           passphrase: str = "", again: str = "", creds=None) -> Enrolled:
    """Enroll; an empty address or CA file is taken from the IT policy or earlier settings.
    A passphrase (typed twice) keeps the token encrypted where no keyring is usable."""
    from fydesk.domain.errors import ValidationError
    from fydesk.sync import engine

    if not code or not code.strip():
        raise ValidationError("code", "登记码", "请填写“登记码”。")
    if passphrase != again:
        raise ValidationError("passphrase", "口令", "两次输入的口令不一致。")
    result = engine.enroll(store, creds or credentials(store), hub_url.strip(), code.strip(),
                           ca_file=(ca_file or "").strip() or None, device_name=device_name or "fydesk",
                           passphrase=passphrase or None)
    return Enrolled(result["office"]["name"], result["device_id"], result["warning"])


def sync_now(store: Store, creds=None) -> Synced:
    from fydesk.sync import engine

    with engine.connect(store, creds or credentials(store)) as client:
        summary = engine.sync(store, client)
    return Synced(summary.pushed, summary.pulled, summary.conflicts, summary.quarantined, summary.pending,
                  tuple(summary.warnings))


def sync_details(store: Store) -> SyncDetails:
    from fydesk.sync import engine

    data = engine.status(store)

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return SyncDetails(
        _state(data), data.get("hub_url"), data.get("oldest_pending_seconds"),
        tuple(tuple(text(c[k]) for k in ("entity", "record_id", "field", "hub_value", "hub_author",
                                          "op_value", "op_author")) + (note_lines(c["notes"]),)
              for c in data["conflicts"]),
        tuple(tuple(text(q[k]) for k in ("op_seq", "entity", "record_id", "reason"))
              for q in data["quarantined"]),
        tuple(tuple(text(e[k]) for k in ("at", "kind", "code", "detail")) for e in data["log"]),
    )


# --- settings (设置) ---------------------------------------------------------------------

@dataclass(frozen=True)
class SettingRow:
    name: str
    label: str
    value: str  # as shown; "" when unset
    source: str  # where the value comes from, in words
    locked: bool  # by the IT policy
    editable: bool


@dataclass(frozen=True)
class SettingsView:
    policy_file: str | None  # the IT policy read at start-up; None when this PC has none
    rows: tuple[SettingRow, ...]


def read_settings(store: Store) -> SettingsView:
    from fydesk.services import settings

    with store.read() as session:
        rows = settings.read_all(session, store.policy)
    return SettingsView(
        str(store.policy.path) if store.policy.path else None,
        tuple(SettingRow(r.name, r.label, "" if r.value is None else str(r.value), r.source_label, r.locked,
                         r.editable) for r in rows))


def save_settings(store: Store, changes: Mapping[str, str]) -> SettingsView:
    """All the changed settings in one transaction: one refused value writes none of them."""
    from fydesk.services import settings

    with store.write() as session:
        for name, value in changes.items():
            settings.change(session, store.policy, name, value)
    return read_settings(store)


def note_lines(notes: list[Mapping[str, Any]]) -> str:
    """The coordinator's notes on one conflict, a line each: "2026-11-20 09:30 联席会议办公室·张三：…"."""
    return "\n".join(f"{n['at'][:16]} {n['author']}：{n['text']}" for n in notes)
