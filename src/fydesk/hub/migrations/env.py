"""Alembic environment of the hub's own schema (run through fydesk.hub.store.upgrade)."""

from __future__ import annotations

from alembic import context

from fydesk.hub.models import HubBase, include_object

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover
    raise RuntimeError("hub migrations run only through fydesk.hub.store.upgrade")
context.configure(connection=connection, target_metadata=HubBase.metadata,
                  render_as_batch=connection.dialect.name == "sqlite",
                  transaction_per_migration=False, include_object=include_object)
with context.begin_transaction():
    context.run_migrations()
