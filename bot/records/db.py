"""The database under the records: SQLite (one file in WAL mode, or memory) or PostgreSQL, one schema.

`Database(target)` takes a SQLite path, `None`/":memory:" for memory, or a `postgresql://` URL
(BOT_DATABASE_URL). SQL lives in the record stores and is written once for both backends; the few spots
where they differ ask `Database.dialect`.

Logging a turn never raises: a broken database must not stop the assistant from answering. Everything the
user asked for explicitly (feedback, tickets) raises StoreError instead, so the user learns it was not saved.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bot.errors import BotError
from bot.records.migrate import (
    HEAD,
    MIGRATIONS_DIR,
    SCHEMA_VERSION,
    SchemaError,
    check_revision,
    current_revision,
    upgrade,
)

logger = logging.getLogger(__name__)

__all__ = ["SCHEMA_VERSION"]

# Ticket numbers carry the date staff see on their calendar. China has had no DST since 1991, so a fixed
# offset is exact and needs no tzdata.
CHINA_TZ = timezone(timedelta(hours=8), "CST")
# The open end of a time window: later than any stored ISO time.
END_OF_TIME = "9999-12-31T23:59:59.999999+00:00"
# Seconds a PostgreSQL connection attempt may take before the operation fails (and the turn is not logged).
CONNECT_TIMEOUT_S = 5
# What the user reads when the records cannot be saved or read.
UNAVAILABLE = "服务记录暂时无法保存或读取，请稍后再试；急事请直接拨打 12351 职工服务热线"


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


def window(since: datetime | None, until: datetime | None) -> dict[str, str]:
    """SQL parameters for `IN_WINDOW`: `created_at >= :since AND created_at < :until`."""
    return {"since": iso(since) if since else "", "until": iso(until) if until else END_OF_TIME}


IN_WINDOW = "created_at >= :since AND created_at < :until"


def is_url(target: object) -> bool:
    """True for a database URL (`postgresql://…`, `sqlite:///…`) rather than a file path."""
    return isinstance(target, str) and "://" in target


def redact_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show only its scheme
        return url.split("://", 1)[0] + "://…"


def sqlalchemy_url(url: str) -> str:
    """`postgresql://` and `postgres://` select psycopg 3 (SQLAlchemy's default would be psycopg2)."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


# How long a new connection keeps trying to switch a fresh file to WAL while another connection holds it.
WAL_SWITCH_SECONDS = 10.0


def use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (once per file; a no-op after). Switching needs the file to itself and SQLite
    may answer "database is locked" without waiting when several connections open a new file at once, so
    the switch is retried for a while."""
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def configure_sqlite(conn: sqlite3.Connection, read_only: bool) -> None:
    """Per-connection SQLite settings, run on every new connection (the place for more PRAGMAs)."""
    if not read_only:
        # Deleted rows (bot prune) are overwritten with zeros, not left readable in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        use_wal(conn)
        # NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last
        # transactions, an acceptable trade for a log.
        conn.execute("PRAGMA synchronous = NORMAL")


def insert_or_ignore(conn: Connection, table: Table) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING on either backend: a row whose key exists is skipped (add RETURNING
    to learn which). On PostgreSQL a concurrent insert of the same key waits for the other transaction and then skips."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


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
    """The records database. SQLite: one connection shared by all threads under a lock (`path=None` keeps
    everything in memory); PostgreSQL: a small connection pool, many at once.

    FastAPI runs sync handlers in a thread pool, and SQLite serialises writers anyway. Other processes on the
    same file wait up to `busy_timeout_ms`. `read_only=True` opens SQLite with `mode=ro`, which refuses writes
    even for root, and PostgreSQL sessions with default_transaction_read_only (dashboards). The schema is
    migrated to the newest version on first use (not in read-only mode).
    """

    def __init__(
        self,
        target: str | Path | None = None,
        *,
        read_only: bool = False,
        busy_timeout_ms: int = 5000,
        clock: Callable[[], datetime] = system_clock,
    ):
        self.url = sqlalchemy_url(target) if is_url(target) else None
        self._shown_url = redact_url(str(target)) if self.url else ""
        if self.url is not None and self.url.startswith("sqlite:///"):
            target, self.url = self.url[len("sqlite:///") :], None
        if self.url is None:
            self.path = None if target is None or str(target) == ":memory:" else Path(target)
            self.dialect = "sqlite"
        else:
            self.path = None
            self.dialect = make_url(self.url).get_backend_name()
            if self.dialect != "postgresql":
                raise ValueError(f"unsupported database URL {redact_url(self.url)}: use postgresql://…")
        self.read_only = read_only
        self.busy_timeout_ms = busy_timeout_ms
        self._clock = clock
        # SQLite: every operation holds this lock (one shared connection). PostgreSQL: only opening does.
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._ready = False
        # Set when an operation failed, cleared when one succeeds: /readyz reports it.
        self.last_error = ""
        self.failed_at: float | None = None

    @property
    def label(self) -> str:
        """Where the records live, safe to show (no password)."""
        if self.url is not None:
            return self._shown_url
        return str(self.path or ":memory:")

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; the next operation opens new ones (an in-memory store starts empty)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._ready = False

    def checkpoint(self) -> None:
        """Copy SQLite's write-ahead log into the database file and truncate it to zero bytes, so rows just
        deleted are no longer readable from the -wal file. Busy readers leave it for the next one. Runs on
        the raw connection, outside any transaction (a checkpoint cannot run inside one). PostgreSQL and
        in-memory databases have nothing to do."""
        if self.dialect != "sqlite" or self.path is None or self.read_only:
            return
        try:
            with self._lock:
                raw = self._open().raw_connection()
                try:
                    busy = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                finally:
                    raw.close()  # back to the pool: the shared connection stays open
        except (SQLAlchemyError, sqlite3.Error, OSError, SchemaError, CommandError) as exc:
            self._failed("checkpoint", exc)
            raise StoreError(UNAVAILABLE) from exc
        if busy:
            logger.warning("WAL checkpoint of %s incomplete: other connections are reading", self.path)

    def now(self) -> datetime:
        """The current time from this database's clock (tests pass a fake one)."""
        return self._clock()

    @contextmanager
    def connection(self, action: str, write: bool = False) -> Iterator[Connection]:
        """A connection for one operation, in one transaction (committed at the end, rolled back on error;
        SQLite takes the write lock up front when `write`). Database and file-system failures are logged
        and become StoreError."""
        try:
            with self._lock if self.dialect == "sqlite" else nullcontext():
                if self.dialect == "sqlite":
                    engine = self._open()
                else:
                    with self._lock:
                        engine = self._open()
                with engine.connect() as conn:
                    conn.info["write"] = write
                    with conn.begin():
                        yield conn
        except (SQLAlchemyError, sqlite3.Error, OSError, SchemaError, CommandError) as exc:
            self._failed(action, exc)
            raise StoreError(UNAVAILABLE) from exc
        if self.failed_at is not None:
            logger.warning("conversation store (%s) works again after: %s", self.label, self.last_error)
            self.last_error, self.failed_at = "", None

    def _failed(self, action: str, exc: BaseException) -> None:
        cause = getattr(exc, "orig", None) or exc
        message = " ".join(str(cause).split())[:300]
        logger.error("conversation store (%s): could not %s: %s", self.label, action, message)
        self.last_error, self.failed_at = message, time.time()

    def lock(self, conn: Connection, name: str) -> None:
        """Serialise this transaction with every other one that locks `name`, across processes and replicas
        (PostgreSQL advisory lock, released at commit). SQLite's write transactions are serial already."""
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})

    def ping(self) -> bool:
        """True when the database answers a trivial query now (readiness checks)."""
        try:
            with self.connection("check the connection") as conn:
                conn.execute(text("SELECT 1"))
        except StoreError:
            return False
        return True

    def revision(self) -> str | None:
        """The schema revision the database is at (None when empty); StoreError when unreachable."""
        with self.connection("read the schema version") as conn:
            return current_revision(conn)

    def upgrade(self, script_location: Path = MIGRATIONS_DIR) -> bool:
        """Connect and migrate the schema to the newest version now; True when anything changed (start-up,
        `bot db upgrade`). StoreError naming the database (never its password) when that fails."""
        try:
            with self._lock:
                engine = self._open(migrate=False)
            with engine.connect() as conn:
                conn.info["write"] = True
                with conn.begin():
                    changed = upgrade(conn, script_location)
        except Exception as exc:  # any failure of a migration step rolls the whole upgrade back
            self._failed("upgrade the schema", exc)
            raise StoreError(f"数据库 {self.label} 无法连接或无法升级：{self.last_error}") from exc
        self._ready = True
        return changed

    def _open(self, migrate: bool = True) -> Engine:
        """The engine, created and the schema migrated on first use. A failure is not cached, so a database
        that was locked or missing at start-up is retried by the next operation."""
        if self._engine is None:
            self._engine = self._make_engine()
        if migrate and not self._ready:
            # A plain read first: a database at the newest version (the usual case) needs no write lock, so
            # a store opened while another process writes still reads.
            with self._engine.connect() as conn, conn.begin():
                revision = current_revision(conn)
            check_revision(revision)
            if revision != HEAD and not self.read_only:
                with self._engine.connect() as conn:
                    conn.info["write"] = True
                    with conn.begin():
                        upgrade(conn)
            self._ready = True
        return self._engine

    def _make_engine(self) -> Engine:
        if self.dialect == "postgresql":
            # Server options from the URL (`?options=-csearch_path%3Dx`) are kept; read-only adds its own.
            options = make_url(self.url).query.get("options", "")
            if self.read_only:
                options = f"{options} -c default_transaction_read_only=on".strip()
            return create_engine(
                self.url,
                pool_size=5,
                max_overflow=10,
                pool_pre_ping=True,  # a connection dropped by a database restart is replaced, not used
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": "bot12351",
                    **({"options": options} if options else {}),
                },
            )
        engine = create_engine("sqlite://", creator=self._connect_sqlite, poolclass=StaticPool)

        @event.listens_for(engine, "begin")
        def begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout instead of failing
            # with a deadlock when both try to upgrade a read lock; readers stay deferred (WAL readers never
            # wait for a writer).
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

        return engine

    def _connect_sqlite(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit at the driver, so the "begin" hook above decides how to BEGIN.
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
            configure_sqlite(conn, self.read_only)
            if self.path is not None and not self.read_only:
                for suffix in ("-wal", "-shm"):  # SQLite copies the file's mode; older files may be 0644
                    private_file(self.path.with_name(self.path.name + suffix), create=False)
        except BaseException:
            conn.close()
            raise
        return conn


def lock_key(name: str) -> int:
    """A stable 63-bit advisory-lock key for a name."""
    return zlib.crc32(name.encode("utf-8")) | (1 << 40)
