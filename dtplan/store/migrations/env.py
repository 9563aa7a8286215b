"""Alembic environment: the connection is handed in by dtplan.store.upgrade (no alembic.ini)."""

from alembic import context

from dtplan.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through dtplan.store.upgrade
    raise RuntimeError("dtplan migrations run through dtplan.store.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
