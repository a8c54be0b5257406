"""Attachments' units of work: listing, adding and removing on the DB worker; a body not on
this PC comes off the hub on the network pool, and a copy for another program goes to the data
dir's opened/ folder (cleaned up at exit)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fydesk.services.records import RecordDTO
from fydesk.store.engine import Store


@dataclass(frozen=True)
class HeldFile:
    attachment: Any  # services.attachments.AttachmentDTO
    path: Path | None  # None: the body is not on this PC


def attachments_of(store: Store, owner_entity: str, owner_id: str) -> tuple[Any, ...]:
    from fydesk.services import attachments

    with store.read() as session:
        return tuple(attachments.list_for(session, owner_entity, owner_id))


def add_attachment(store: Store, user: str | None, owner_entity: str, owner_id: str, path: str | Path,
                   kind: str) -> Any:
    from fydesk.services import attachments

    return attachments.add_file(store, user, owner_entity, owner_id, Path(path), kind)


def remove_attachment(store: Store, user: str | None, attachment_id: str, reason: str) -> RecordDTO:
    """移除: the record is voided with its reason (a tombstone that syncs); the body stays, other
    records may name it."""
    from fydesk.services import records
    from fydesk.services.context import load_actor

    with store.write() as session:
        return records.void(session, load_actor(session, user), "attachment", attachment_id, reason)


def _readable_copy(store: Store, dto: Any) -> Path:
    """The body copied out under its original name, so a viewer or the system's application
    knows its type; the stored body itself is never handed out to be changed."""
    from fydesk.services.attachments import bodies_of

    folder = store.data_dir.opened_dir / dto.id
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(dto.name.replace("\\", "/")).name  # a name synced from elsewhere names no folder
    if name in ("", ".", ".."):
        name = dto.sha256
    path = folder / name
    bodies_of(store).copy_out(dto.sha256, path)
    return path


def _held_path(store: Store, dto: Any, copy: bool) -> Path:
    from fydesk.services.attachments import bodies_of

    return _readable_copy(store, dto) if copy else bodies_of(store).path(dto.sha256)


def held_attachment(store: Store, attachment_id: str, copy: bool) -> HeldFile:
    """The stored body to read in the app, or (`copy`) a copy to hand to another program."""
    from fydesk.services import attachments

    with store.read() as session:
        dto = attachments.get(session, attachment_id)
    if not attachments.bodies_of(store).has(dto.sha256):
        return HeldFile(dto, None)
    return HeldFile(dto, _held_path(store, dto, copy))


def fetch_attachment(store: Store, dto: Any, copy: bool) -> HeldFile:
    """On the network pool: the body from the hub, continuing a partial download."""
    from fydesk.domain.errors import FydeskError
    from fydesk.sync import bodies as body_sync
    from fydesk.sync import engine

    from .hubjobs import credentials

    try:
        with engine.connect(store, credentials(store)) as client:
            body_sync.fetch(store, client, dto.sha256)
    except FydeskError as exc:
        raise FydeskError(f"附件“{dto.name}”的文件还在市级平台上，现在取不回来：{exc.message}") from exc
    return HeldFile(dto, _held_path(store, dto, copy))
