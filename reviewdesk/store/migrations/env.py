"""Alembic environment. ReviewDesk runs migrations programmatically (store/engine.py:upgrade),
handing in an open connection whose transaction makes the whole upgrade atomic."""

from alembic import context

from reviewdesk.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running the alembic CLI by hand
    raise SystemExit("Run migrations through ReviewDesk (reviewdesk.store.engine.upgrade).")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode rebuilds tables safely
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
