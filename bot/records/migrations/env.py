"""Alembic environment: runs on the connection (and inside the transaction) that bot.records.migrate hands in,
so a migration that fails rolls back with everything before it and the schema stays as it was."""

from alembic import context

from bot.records.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection, target_metadata=metadata, transactional_ddl=True, render_as_batch=True
)
with context.begin_transaction():
    context.run_migrations()
