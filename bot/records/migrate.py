"""Schema migrations (alembic) for both backends: run on start-up and by `bot db upgrade`.

A database at HEAD costs one small query. Otherwise the upgrade runs in one transaction, under a lock that
other processes and replicas wait on (SQLite: the IMMEDIATE write lock; PostgreSQL: an advisory lock), so a
migration that fails rolls back whole and leaves the schema as it was. SQLite files made before alembic
(`PRAGMA user_version` 1 to 5, no alembic_version table) are adopted and upgraded: versions 1 and 2 match
revisions 0001 and 0002; versions 3 (staff_sessions, idempotency_keys), 4 (teaching) and 5 (calls, audit_log,
staff session roles) are adopted at 0002, and revisions 0004 to 0006 keep the tables and columns they find
(0003 is the shared-knowledge step that bot never had).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision; a test checks it against the migration files. Revisions are numbered "0001", "0002",
# ... and the number is also written to SQLite's user_version, so an older bot refuses a newer file.
HEAD = "0007"
SCHEMA_VERSION = int(HEAD)
# The user_versions the bot wrote before alembic, and the revision each such file is adopted at (the newest
# revision whose tables it has all of; later revisions create only the tables it lacks).
LEGACY_REVISIONS = {1: "0001", 2: "0002", 3: "0002", 4: "0002", 5: "0002"}
# Any fixed 64-bit number: the advisory lock every replica takes while it migrates.
MIGRATION_LOCK = 1_2351_0001


class SchemaError(Exception):
    """The database's schema cannot be used by this version of the bot."""


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at (None for an empty database)."""
    if conn.dialect.name == "sqlite":
        # user_version is kept in step with the revision; the larger one wins, so a file a newer bot (or a
        # pre-alembic one) wrote is recognised either way.
        legacy = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
        revision = _version_table(conn)
        if revision is None or (revision.isdigit() and legacy > int(revision)):
            return f"{legacy:04d}" if legacy else None
        return revision
    return _version_table(conn)


def _version_table(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_revision(revision: str | None) -> None:
    """SchemaError when the database was written by a newer bot (a revision this one does not know)."""
    if revision is not None and (not revision.isdigit() or int(revision) > SCHEMA_VERSION):
        raise SchemaError(f"schema version {revision} is newer than this bot's {HEAD}")


def upgrade(conn: Connection, script_location: Path = MIGRATIONS_DIR) -> bool:
    """Bring the schema to HEAD inside the connection's open transaction; True when anything ran.

    The caller commits (or rolls back on error). Takes the migration lock first, then re-reads the
    revision: another process may have migrated meanwhile.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    revision = current_revision(conn)
    check_revision(revision)
    if revision == HEAD and script_location == MIGRATIONS_DIR:
        return False
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = conn
    if revision is not None and conn.dialect.name == "sqlite" and _version_table(conn) is None:
        # A pre-alembic file: adopt it.
        if int(revision) not in LEGACY_REVISIONS:
            raise SchemaError(f"schema version {revision} of a file without alembic_version is unknown")
        command.stamp(config, LEGACY_REVISIONS[int(revision)])
    logger.info("upgrading the records schema from %s to the newest", revision or "empty")
    command.upgrade(config, "head")
    if conn.dialect.name == "sqlite":
        version = int(current_revision(conn) or 0)
        conn.exec_driver_sql(f"PRAGMA user_version = {version}")
    return True
