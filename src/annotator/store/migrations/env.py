"""Alembic environment: migrations run on a connection handed over by the project opener."""

from __future__ import annotations

from alembic import context

from annotator.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run only through annotator.store.project_file")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
