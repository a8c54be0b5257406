"""Alembic environment: runs on the connection handed in by fydesk.store.migrate."""

from __future__ import annotations

from alembic import context

from fydesk.models import Base
from fydesk.store.migrate import include_name

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - offline SQL generation is not supported
    raise RuntimeError("fydesk migrations run only through fydesk.store.migrate")

# One transaction for the whole upgrade (the caller opened it): a failure leaves the
# file as it was. render_as_batch lets later migrations alter SQLite tables.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
