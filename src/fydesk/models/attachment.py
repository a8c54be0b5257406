"""Attachments: the synced metadata record of a file, and which bodies this PC holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced, utcnow


class Attachment(Synced, Base):
    """A scan, photo or recording belonging to one record; the body is kept by its SHA-256."""

    __tablename__ = "attachments"

    owner_entity: Mapped[str] = mapped_column(String(40))
    # No foreign key: the owner may be any attachable entity, and may arrive after it.
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    added_at: Mapped[datetime | None]
    added_by: Mapped[str | None] = mapped_column(String(50))


class AttachmentBody(Base):
    """A body stored in this data dir (device-local). A row means the file must be there
    and match its hash; `db check` holds it to that. `uploaded_at`: the hub holds it too."""

    __tablename__ = "attachment_bodies"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_at: Mapped[datetime | None]
