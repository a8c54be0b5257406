"""Declarative base, naming convention and the columns every synced record carries."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid6 import uuid7

# Predictable constraint names: Alembic's batch mode on SQLite recreates tables and needs them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A UUIDv7 string: time-ordered, so ids made on different PCs sort by creation."""
    return str(uuid7())


def utcnow() -> datetime:
    """Metadata timestamps are naive UTC; business times (a session's time) are local."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(),
        int: Integer(),
        date: Date(),
        datetime: DateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Synced:
    """Sync metadata of DESIGN §4: UUIDv7 id, owner office, hub revision, tombstone."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # No foreign key: a record may arrive from the hub before its owner office does.
    owner_office_id: Mapped[str | None] = mapped_column(String(36), index=True)
    rev: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


LongText = Text
