"""The database under the records: one SQLite file (WAL mode) or memory, its schema, its connection.

Logging a turn never raises: a broken database must not stop the assistant from answering. Everything the
user asked for explicitly (feedback, tickets) raises StoreError instead, so the user learns it was not saved.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bot.errors import BotError

logger = logging.getLogger(__name__)

# Bump when the schema changes and add the migration step to `_migrate`; stored in PRAGMA user_version.
# 1: turns, feedback, tickets. 2: handled_gaps (the dashboard's knowledge-gap queue).
# 3: staff_sessions (sign-in cookies) and idempotency_keys (retried feedback and hand-offs).
# 4: teaching (staff links of questions to snippets and "should be declined" marks).
# 5: calls (phone calls closed in the caseworker console), audit_log (staff actions), and the role and name
#    of a staff session (admin or console).
SCHEMA_VERSION = 5

# Ticket numbers carry the date staff see on their calendar. China has had no DST since 1991, so a fixed
# offset is exact and needs no tzdata.
CHINA_TZ = timezone(timedelta(hours=8), "CST")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS turns (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        session_id TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        category TEXT,
        cited_ids TEXT NOT NULL DEFAULT '[]',
        confidence REAL,
        latency_ms INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS turns_by_session ON turns (session_id, id)",
    "CREATE INDEX IF NOT EXISTS turns_by_time ON turns (created_at)",
    """CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        turn_id INTEGER,
        session_id TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (created_at)",
    """CREATE TABLE IF NOT EXISTS tickets (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        category TEXT NOT NULL,
        description TEXT NOT NULL,
        phone TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        staff_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (day, seq)
    )""",
    "CREATE INDEX IF NOT EXISTS tickets_by_status ON tickets (status, id)",
    # Turns staff marked as handled in the knowledge-gap queue; rows go when prune deletes their turn.
    """CREATE TABLE IF NOT EXISTS handled_gaps (
        turn_id INTEGER PRIMARY KEY,
        handled_at TEXT NOT NULL
    )""",
    # SQL in bot/records/staff_sessions.py; the id is stored only as its SHA-256.
    """CREATE TABLE IF NOT EXISTS staff_sessions (
        id_hash TEXT PRIMARY KEY,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'admin',
        name TEXT NOT NULL DEFAULT ''
    )""",
    # SQL in bot/records/idempotency.py; status and body stay NULL while the first request runs.
    """CREATE TABLE IF NOT EXISTS idempotency_keys (
        endpoint TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        PRIMARY KEY (endpoint, key)
    )""",
    # Staff teaching from real traffic; also the audit trail of who changed which snippet's questions.
    """CREATE TABLE IF NOT EXISTS teaching (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        action TEXT NOT NULL,
        question TEXT NOT NULL,
        snippet_id TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL DEFAULT '',
        staff TEXT NOT NULL DEFAULT '',
        client TEXT NOT NULL DEFAULT ''
    )""",
    # SQL in bot/records/calls.py: a phone call resolved or turned into a ticket; notes are redacted.
    """CREATE TABLE IF NOT EXISTS calls (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('resolved', 'ticket')),
        topics TEXT NOT NULL DEFAULT '[]',
        category TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        ticket_number TEXT,
        caseworker TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS calls_by_time ON calls (created_at)",
    # SQL in bot/records/audit.py: who did what in the staff areas (no worker's phone or notes in it).
    """CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (created_at)",
)

# Columns added to an existing table after it was first created: (table, column, definition).
ADDED_COLUMNS = (
    ("staff_sessions", "role", "TEXT NOT NULL DEFAULT 'admin'"),
    ("staff_sessions", "name", "TEXT NOT NULL DEFAULT ''"),
)


class StoreError(BotError):
    """The conversation database cannot be read or written right now."""

    status = 503


class RecordError(BotError):
    """A feedback or ticket value is invalid (rating, category, phone, status, length)."""

    status = 422


def iso(moment: datetime) -> str:
    """Fixed-width UTC ISO text, so that string order is time order in SQL comparisons."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def system_clock() -> datetime:
    return datetime.now(UTC)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction. IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout
    instead of failing with a deadlock when both try to upgrade a read lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def window(since: datetime | None, until: datetime | None) -> dict[str, str | None]:
    """SQL parameters for `IN_WINDOW`: `created_at >= :since AND (:until IS NULL OR created_at < :until)`."""
    return {"since": iso(since) if since else "", "until": iso(until) if until else None}


IN_WINDOW = "created_at >= :since AND (:until IS NULL OR created_at < :until)"


def check_length(text: str, limit: int, label: str) -> None:
    """RecordError when a free-text value is longer than allowed."""
    if len(text) > limit:
        raise RecordError(f"{label}太长了（{len(text)} 字），请控制在 {limit} 字以内")


def private_folder(folder: Path) -> None:
    """Create `folder` if needed and make it readable by this user only (0700): it holds workers' records."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)


def private_file(path: Path, create: bool = True) -> None:
    """Make `path` readable and writable by this user only (0600), creating it empty if asked."""
    if create and not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.exists():
        path.chmod(0o600)


class Database:
    """One connection, shared by all threads under a lock; `path=None` keeps everything in memory.

    FastAPI runs sync handlers in a thread pool, and SQLite serialises writers anyway. Other processes on the
    same file wait up to `busy_timeout_ms`. `read_only=True` opens the file with SQLite's `mode=ro`, which
    refuses writes even for root (dashboards).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        busy_timeout_ms: int = 5000,
        clock: Callable[[], datetime] = system_clock,
    ):
        self.path = None if path is None or str(path) == ":memory:" else Path(path)
        self.read_only = read_only
        self.busy_timeout_ms = busy_timeout_ms
        self._clock = clock
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the next operation opens a new one (an in-memory store starts empty)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and truncate it to zero bytes, so rows just
        deleted are no longer readable from the -wal file. Busy readers leave it for the next one."""
        if self.path is None or self.read_only:
            return
        with self.connection("checkpoint") as conn:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            logger.warning("WAL checkpoint of %s incomplete: other connections are reading", self.path)

    def now(self) -> datetime:
        """The current time from this database's clock (tests pass a fake one)."""
        return self._clock()

    @contextmanager
    def connection(self, action: str, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The shared connection, held under the lock for one operation (in one transaction if `write`).
        Database and file-system failures are logged and become StoreError."""
        try:
            with self._lock:
                conn = self._open()
                if write:
                    with transaction(conn):
                        yield conn
                else:
                    yield conn
        except (sqlite3.Error, OSError) as exc:
            logger.error("conversation store (%s): could not %s: %s", self.path or ":memory:", action, exc)
            raise StoreError(
                "服务记录暂时无法保存或读取，请稍后再试；急事请直接拨打 12351 职工服务热线"
            ) from exc

    def _open(self) -> sqlite3.Connection:
        """The connection, opened and migrated on first use. A failure is not cached, so a database that
        was locked or missing at start-up is retried by the next operation."""
        if self._conn is not None:
            return self._conn
        # isolation_level=None: autocommit, with transactions only where `_transaction` opens them.
        options = {
            "timeout": self.busy_timeout_ms / 1000,
            "isolation_level": None,
            "check_same_thread": False,
        }
        if self.path is None:
            conn = sqlite3.connect(":memory:", **options)
        elif self.read_only:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, **options)
        else:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            private_file(self.path)
            conn = sqlite3.connect(self.path, **options)
        try:
            conn.row_factory = sqlite3.Row
            if not self.read_only:
                # Deleted rows (bot prune) are overwritten with zeros, not left readable in free pages.
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
                # last transactions, an acceptable trade for a log.
                conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(conn)
            if self.path is not None and not self.read_only:
                for suffix in ("-wal", "-shm"):  # SQLite copies the file's mode; older files may be 0644
                    private_file(self.path.with_name(self.path.name + suffix), create=False)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Create the tables of an empty database and upgrade an older one; refuse one written by a newer
        version of the bot. Every statement is IF NOT EXISTS and each version so far only added tables and
        columns, so running them all and adding the missing ADDED_COLUMNS is the whole migration."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema version {version} is newer than this bot's {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION or self.read_only:
            return
        with transaction(conn):
            # Re-read under the write lock: another process may have created the schema meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in SCHEMA:
                    conn.execute(statement)
                for table, column, definition in ADDED_COLUMNS:
                    present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                    if column not in present:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
