"""The records schema, defined once for SQLite and PostgreSQL (SQLAlchemy Core).

Migrations (bot/records/migrations) change it step by step; a test checks that upgrading an empty database
through every migration gives exactly these tables. Times are fixed-width UTC ISO text (`db.iso`), so
string order is time order on both backends and rows move between them unchanged.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

# INTEGER PRIMARY KEY is SQLite's rowid; PostgreSQL gets a 64-bit identity for the busiest table.
RowId = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

turns = Table(
    "turns",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("session_id", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False),
    Column("category", Text),
    Column("cited_ids", Text, nullable=False, server_default="[]"),  # JSON list of snippet ids
    Column("confidence", Float),
    Column("latency_ms", Integer),
    # JSON list of the answer's issues, [{"topic": key or uncovered term, "status": answered|computed|...}]
    Column("issues", Text, nullable=False, server_default="[]"),
    Index("turns_by_session", "session_id", "id"),
    Index("turns_by_time", "created_at"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("turn_id", BigInteger().with_variant(Integer(), "sqlite")),
    Column("session_id", Text, nullable=False),
    Column("rating", Text, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
    Index("feedback_by_time", "created_at"),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("number", Text, nullable=False, unique=True),
    Column("day", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("category", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("name", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False),
    Column("staff_note", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("day", "seq"),
    Index("tickets_by_status", "status", "id"),
)

# Turns staff marked as handled in the knowledge-gap queue; rows go when prune deletes their turn.
handled_gaps = Table(
    "handled_gaps",
    metadata,
    Column("turn_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("handled_at", Text, nullable=False),
)

# Knowledge documents as staff uploaded them (`<folder>/<id>.md` -> bytes): with PostgreSQL the source of
# truth every replica mirrors into its own knowledge folder and index.
documents = Table(
    "documents",
    metadata,
    Column("path", Text, primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

# One row (id 1): the knowledge revision, bumped by every document change in the same transaction.
knowledge_state = Table(
    "knowledge_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("revision", BigInteger, nullable=False),
    Column("updated_at", Text, nullable=False),
)

# Staff sign-in sessions (bot.records.staff_sessions): the cookie's id is stored only as its SHA-256; the
# role (admin or console) and, for the console, the caseworker's name.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id_hash", Text, primary_key=True),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("role", Text, nullable=False, server_default="admin"),
    Column("name", Text, nullable=False, server_default=""),
)

# Idempotency keys of feedback and hand-off requests (bot.records.idempotency): status and body stay NULL
# while the first request runs.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("endpoint", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("request_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("status", Integer),
    Column("body", Text),
)

# What staff taught from real traffic (bot.records.teaching): questions linked to a snippet and questions to
# decline; also the audit trail of who changed which snippet's questions.
teaching = Table(
    "teaching",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("snippet_id", Text, nullable=False, server_default=""),
    Column("path", Text, nullable=False, server_default=""),
    Column("staff", Text, nullable=False, server_default=""),
    Column("client", Text, nullable=False, server_default=""),
)

# Phone calls closed in the caseworker console (bot.records.calls): resolved on the line or turned into a
# ticket; notes are redacted.
calls = Table(
    "calls",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("topics", Text, nullable=False, server_default="[]"),  # JSON list
    Column("category", Text, nullable=False, server_default=""),
    Column("notes", Text, nullable=False, server_default=""),
    Column("ticket_number", Text),
    Column("caseworker", Text, nullable=False, server_default=""),
    CheckConstraint("outcome IN ('resolved', 'ticket')", name="calls_outcome"),
    Index("calls_by_time", "created_at"),
)

# Who did what in the staff areas (bot.records.audit); no worker's phone or notes in it.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("target", Text, nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default=""),
    Index("audit_by_time", "created_at"),
)
