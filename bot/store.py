"""Conversation store: turns, feedback and hand-off tickets in one SQLite file (WAL mode).

Free text is redacted (bot.redact) before it is written; the one unredacted personal datum is a ticket's
contact phone, kept in its own column so staff can call back. Logging a turn never raises: a broken database
must not stop the assistant from answering. Everything the user asked for explicitly (feedback, tickets)
raises StoreError instead, so the user learns it was not saved.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bot.errors import BotError, NotFoundError
from bot.redact import mask_phone, parse_phone, redact

logger = logging.getLogger(__name__)

# Bump when the schema changes and add the migration step to `_migrate`; stored in PRAGMA user_version.
# 1: turns, feedback, tickets. 2: handled_gaps (the dashboard's knowledge-gap queue).
SCHEMA_VERSION = 2

TURN_STATUSES = ("answered", "out_of_scope", "no_match")
RATINGS = ("up", "down")
# The five request categories of the 12351 hotline.
TICKET_CATEGORIES = ("问题咨询", "服务帮扶", "信访投诉", "法律援助", "意见建议")
TICKET_STATUSES = ("待处理", "处理中", "已办结")
# Ticket numbers carry the date staff see on their calendar. China has had no DST since 1991, so a fixed
# offset is exact and needs no tzdata.
CHINA_TZ = timezone(timedelta(hours=8), "CST")
MAX_TEXT_CHARS = 2000
MAX_NAME_CHARS = 50

_SCHEMA = (
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
)


class StoreError(BotError):
    """The conversation database cannot be read or written right now."""

    status = 503


class RecordError(BotError):
    """A feedback or ticket value is invalid (rating, category, phone, status, length)."""

    status = 422


@dataclass(frozen=True)
class Turn:
    """One question and the outcome of answering it, as stored (redacted)."""

    id: int
    created_at: datetime  # UTC
    session_id: str
    question: str
    answer: str
    status: str  # one of TURN_STATUSES
    category: str | None
    cited_ids: tuple[str, ...]
    confidence: float | None
    latency_ms: int | None


@dataclass(frozen=True)
class Feedback:
    """A thumbs up or down on an answer (or on the conversation when turn_id is None)."""

    id: int
    created_at: datetime  # UTC
    turn_id: int | None
    session_id: str
    rating: str  # "up" or "down"
    comment: str


@dataclass(frozen=True)
class Ticket:
    """A hand-off to union staff, who call the worker back."""

    number: str  # GH20261125-0007: China date and per-day sequence
    category: str  # one of TICKET_CATEGORIES
    description: str  # redacted
    phone: str  # full contact phone from get_ticket, masked in list_tickets
    name: str
    status: str  # one of TICKET_STATUSES
    staff_note: str
    created_at: datetime  # UTC
    updated_at: datetime  # UTC


def _iso(moment: datetime) -> str:
    """Fixed-width UTC ISO text, so that string order is time order in SQL comparisons."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _system_clock() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
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


def _turn(row: sqlite3.Row) -> Turn:
    return Turn(
        id=row["id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        session_id=row["session_id"],
        question=row["question"],
        answer=row["answer"],
        status=row["status"],
        category=row["category"],
        cited_ids=tuple(json.loads(row["cited_ids"])),
        confidence=row["confidence"],
        latency_ms=row["latency_ms"],
    )


def _feedback(row: sqlite3.Row) -> Feedback:
    return Feedback(
        id=row["id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        turn_id=row["turn_id"],
        session_id=row["session_id"],
        rating=row["rating"],
        comment=row["comment"],
    )


def _ticket(row: sqlite3.Row) -> Ticket:
    return Ticket(
        number=row["number"],
        category=row["category"],
        description=row["description"],
        phone=row["phone"],
        name=row["name"],
        status=row["status"],
        staff_note=row["staff_note"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


def _window(since: datetime | None, until: datetime | None) -> dict[str, str | None]:
    """SQL parameters for `created_at >= :since AND (:until IS NULL OR created_at < :until)`."""
    return {"since": _iso(since) if since else "", "until": _iso(until) if until else None}


_IN_WINDOW = "created_at >= :since AND (:until IS NULL OR created_at < :until)"
# SQLite date modifier that turns a stored UTC time into the China calendar day.
_CHINA_DAY_SHIFT = f"{CHINA_TZ.utcoffset(None).total_seconds() / 3600:+.0f} hours"


def _check_length(text: str, limit: int, label: str) -> None:
    if len(text) > limit:
        raise RecordError(f"{label}太长了（{len(text)} 字），请控制在 {limit} 字以内")


def _check_ticket_status(status: str | None) -> None:
    if status is not None and status not in TICKET_STATUSES:
        raise RecordError(f"工单状态只能是：{'、'.join(TICKET_STATUSES)}")


class ConversationStore:
    """Turns, feedback and tickets in SQLite; `path=None` keeps everything in memory (tests, demos).

    One connection, shared by all threads under a lock: FastAPI runs sync handlers in a thread pool, and
    SQLite serialises writers anyway. Other processes on the same file wait up to `busy_timeout_ms`.
    `read_only=True` opens the file with SQLite's `mode=ro`, which refuses writes even for root (dashboards).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        busy_timeout_ms: int = 5000,
        clock: Callable[[], datetime] = _system_clock,
    ):
        self.path = None if path is None or str(path) == ":memory:" else Path(path)
        self.read_only = read_only
        self.busy_timeout_ms = busy_timeout_ms
        self._clock = clock
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the next operation opens a new one (an in-memory store starts empty)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- conversation turns -------------------------------------------------------------------------------

    def log_turn(
        self,
        session_id: str,
        question: str,
        status: str,
        category: str | None,
        cited_ids: Sequence[str],
        confidence: float | None,
        latency_ms: float | None,
        answer: str = "",
    ) -> int | None:
        """Record one question and its outcome, redacted; the turn id, or None (logged) if it could not be
        written. Never raises: the assistant keeps answering when its log is broken."""
        try:
            if status not in TURN_STATUSES:
                logger.warning("turn status %r is not one of %s; stored as given", status, TURN_STATUSES)
            row = (
                _iso(self._clock()),
                str(session_id),
                redact(str(question)),
                redact(str(answer or "")),
                str(status),
                None if category is None else str(category),
                json.dumps([str(i) for i in cited_ids or ()], ensure_ascii=False),
                None if confidence is None else float(confidence),
                None if latency_ms is None else round(latency_ms),
            )
            with self._connection("log turn", write=True) as conn:
                cursor = conn.execute(
                    "INSERT INTO turns (created_at, session_id, question, answer, status, category, cited_ids,"
                    " confidence, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
            return cursor.lastrowid
        except StoreError:
            return None  # already logged by _connection
        except Exception:
            logger.exception("unexpected error logging a turn of session %s", session_id)
            return None

    def history(self, session_id: str, limit: int = 6) -> list[dict]:
        """The last `limit` turns of a session as chat messages, oldest first, for follow-up questions:
        [{"role": "user", "content": ...}, {"role": "assistant", "content": ...}, ...]. A turn logged without
        an answer gives only its user message. Returns [] when the database cannot be read."""
        if limit < 1:
            return []
        try:
            with self._connection("read history") as conn:
                rows = conn.execute(
                    "SELECT question, answer FROM turns WHERE session_id = ? ORDER BY id DESC LIMIT ?",
                    (session_id, limit),
                ).fetchall()
        except StoreError:
            return []
        messages = []
        for row in reversed(rows):
            messages.append({"role": "user", "content": row["question"]})
            if row["answer"]:
                messages.append({"role": "assistant", "content": row["answer"]})
        return messages

    def turns(self, since: datetime | None = None, until: datetime | None = None) -> list[Turn]:
        """Turns with since <= created_at < until (naive datetimes are taken as UTC), oldest first."""
        with self._connection("read turns") as conn:
            rows = conn.execute(
                f"SELECT * FROM turns WHERE {_IN_WINDOW} ORDER BY id", _window(since, until)
            ).fetchall()
        return [_turn(row) for row in rows]

    # -- feedback -----------------------------------------------------------------------------------------

    def add_feedback(self, turn_id: int | None, session_id: str, rating: str, comment: str = "") -> int:
        """Store a rating ("up" or "down") of a turn of this session, with an optional comment (redacted);
        returns the feedback id."""
        if rating not in RATINGS:
            raise RecordError("评价只能是 up（有帮助）或 down（没帮助）")
        comment = (comment or "").strip()
        _check_length(comment, MAX_TEXT_CHARS, "评价内容")
        row = (_iso(self._clock()), turn_id, str(session_id), rating, redact(comment))
        with self._connection("add feedback", write=True) as conn:
            if turn_id is not None:
                # A turn of another session is reported as missing, so ids cannot be probed across sessions.
                owner = conn.execute("SELECT session_id FROM turns WHERE id = ?", (turn_id,)).fetchone()
                if owner is None or owner["session_id"] != str(session_id):
                    raise NotFoundError("找不到要评价的这条回答，可能已过保存期限")
            cursor = conn.execute(
                "INSERT INTO feedback (created_at, turn_id, session_id, rating, comment) VALUES (?, ?, ?, ?, ?)",
                row,
            )
        return cursor.lastrowid

    def feedback(self, rating: str | None = None) -> list[Feedback]:
        """All feedback, or only "up" or "down", oldest first."""
        if rating is not None and rating not in RATINGS:
            raise RecordError("评价只能是 up（有帮助）或 down（没帮助）")
        with self._connection("read feedback") as conn:
            rows = conn.execute(
                "SELECT * FROM feedback WHERE :rating IS NULL OR rating = :rating ORDER BY id",
                {"rating": rating},
            ).fetchall()
        return [_feedback(row) for row in rows]

    # -- hand-off tickets ---------------------------------------------------------------------------------

    def create_ticket(self, category: str, description: str, phone: str, name: str = "") -> Ticket:
        """Open a ticket (status 待处理) for staff to call the worker back; the number is GH<China date>-<seq>."""
        if category not in TICKET_CATEGORIES:
            raise RecordError(f"诉求类别只能是：{'、'.join(TICKET_CATEGORIES)}")
        description = (description or "").strip()
        if not description:
            raise RecordError("请简要描述您遇到的问题，方便工作人员回电时了解情况")
        _check_length(description, MAX_TEXT_CHARS, "问题描述")
        contact = parse_phone(phone or "")
        if contact is None:
            raise RecordError("联系电话格式不正确，请填写 11 位手机号，或带区号的固定电话（如 0663-1234567）")
        name = (name or "").strip()
        _check_length(name, MAX_NAME_CHARS, "姓名")
        now = self._clock()
        day = now.astimezone(CHINA_TZ).strftime("%Y%m%d")
        with self._connection("create ticket", write=True) as conn:
            # Safe under concurrency: the IMMEDIATE transaction holds the write lock from this read to the
            # insert, across threads and processes; UNIQUE (day, seq) backs it up.
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE day = ?", (day,)
            ).fetchone()[0]
            number = f"GH{day}-{seq:04d}"
            conn.execute(
                "INSERT INTO tickets (number, day, seq, category, description, phone, name, status, staff_note,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                (
                    number,
                    day,
                    seq,
                    category,
                    redact(description),
                    contact,
                    redact(name),
                    TICKET_STATUSES[0],
                    _iso(now),
                    _iso(now),
                ),
            )
            row = conn.execute("SELECT * FROM tickets WHERE number = ?", (number,)).fetchone()
        return _ticket(row)

    def get_ticket(self, number: str) -> Ticket:
        """The ticket with its full contact phone; NotFoundError if there is none with this number."""
        with self._connection("read ticket") as conn:
            row = conn.execute("SELECT * FROM tickets WHERE number = ?", (number.strip().upper(),)).fetchone()
        if row is None:
            raise NotFoundError(f"找不到工单 {number}")
        return _ticket(row)

    def list_tickets(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """Newest tickets first, optionally of one status; contact phones are masked (138****5678)."""
        _check_ticket_status(status)
        if limit < 1:
            raise RecordError("limit 必须是正整数")
        with self._connection("list tickets") as conn:
            rows = conn.execute(
                "SELECT * FROM tickets WHERE :status IS NULL OR status = :status ORDER BY id DESC LIMIT :limit",
                {"status": status, "limit": limit},
            ).fetchall()
        return [replace(ticket, phone=mask_phone(ticket.phone)) for ticket in map(_ticket, rows)]

    def update_ticket(self, number: str, status: str | None = None, staff_note: str | None = None) -> Ticket:
        """Change a ticket's status and/or staff note (redacted); returns the updated ticket."""
        _check_ticket_status(status)
        if staff_note is not None:
            staff_note = staff_note.strip()
            _check_length(staff_note, MAX_TEXT_CHARS, "处理备注")
            staff_note = redact(staff_note)
        number = number.strip().upper()
        with self._connection("update ticket", write=True) as conn:
            if conn.execute("SELECT 1 FROM tickets WHERE number = ?", (number,)).fetchone() is None:
                raise NotFoundError(f"找不到工单 {number}")
            if status is not None or staff_note is not None:
                conn.execute(
                    "UPDATE tickets SET status = COALESCE(?, status), staff_note = COALESCE(?, staff_note),"
                    " updated_at = ? WHERE number = ?",
                    (status, staff_note, _iso(self._clock()), number),
                )
            row = conn.execute("SELECT * FROM tickets WHERE number = ?", (number,)).fetchone()
        return _ticket(row)

    # -- insight queries (staff dashboard and `bot report`) ------------------------------------------------

    def status_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per status with since <= created_at < until."""
        with self._connection("count turns") as conn:
            rows = conn.execute(
                f"SELECT status, COUNT(*) AS n FROM turns WHERE {_IN_WINDOW} GROUP BY status",
                _window(since, until),
            ).fetchall()
        return {row["status"]: row["n"] for row in rows}

    def daily_counts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[tuple[str, str], int]:
        """Number of turns per (China calendar day as YYYY-MM-DD, status)."""
        with self._connection("count turns per day") as conn:
            rows = conn.execute(
                f"SELECT date(created_at, :shift) AS day, status, COUNT(*) AS n FROM turns WHERE {_IN_WINDOW}"
                " GROUP BY day, status",
                {**_window(since, until), "shift": _CHINA_DAY_SHIFT},
            ).fetchall()
        return {(row["day"], row["status"]): row["n"] for row in rows}

    def category_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per answer category (turns without a category are not counted)."""
        with self._connection("count categories") as conn:
            rows = conn.execute(
                f"SELECT category, COUNT(*) AS n FROM turns WHERE {_IN_WINDOW} AND COALESCE(category, '') != ''"
                " GROUP BY category",
                _window(since, until),
            ).fetchall()
        return {row["category"]: row["n"] for row in rows}

    def citation_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns that cited each snippet id."""
        with self._connection("count citations") as conn:
            rows = conn.execute(
                "SELECT cited.value AS snippet_id, COUNT(DISTINCT turns.id) AS n"
                f" FROM turns, json_each(turns.cited_ids) AS cited WHERE {_IN_WINDOW} GROUP BY cited.value",
                _window(since, until),
            ).fetchall()
        return {row["snippet_id"]: row["n"] for row in rows}

    def gap_candidates(self, below: float, limit: int = 5000) -> list[Turn]:
        """Turns that reveal a knowledge gap and nobody has handled yet: every no_match, and answers whose
        confidence is below `below`. The latest `limit` of them, oldest first."""
        with self._connection("read knowledge gaps") as conn:
            rows = conn.execute(
                "SELECT * FROM (SELECT * FROM turns WHERE (status = 'no_match' OR (status = 'answered'"
                " AND confidence < :below)) AND id NOT IN (SELECT turn_id FROM handled_gaps)"
                " ORDER BY id DESC LIMIT :limit) ORDER BY id",
                {"below": below, "limit": limit},
            ).fetchall()
        return [_turn(row) for row in rows]

    def mark_gaps_handled(self, turn_ids: Sequence[int]) -> int:
        """Take these turns out of the knowledge-gap queue; returns how many were newly marked."""
        now = _iso(self._clock())
        with self._connection("mark gaps handled", write=True) as conn:
            marked = conn.executemany(
                "INSERT OR IGNORE INTO handled_gaps (turn_id, handled_at)"
                " SELECT id, ? FROM turns WHERE id = ?",
                [(now, int(turn_id)) for turn_id in turn_ids],
            ).rowcount
        return max(marked, 0)

    def rated_turns(
        self,
        rating: str = "down",
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[tuple[Feedback, Turn | None]]:
        """Feedback of one rating with the turn it rates (None when it rated the whole conversation or the
        turn is gone), newest first."""
        if rating not in RATINGS:
            raise RecordError("评价只能是 up（有帮助）或 down（没帮助）")
        with self._connection("read rated turns") as conn:
            rows = conn.execute(
                f"SELECT * FROM feedback WHERE rating = :rating AND {_IN_WINDOW} ORDER BY id DESC LIMIT :limit",
                {**_window(since, until), "rating": rating, "limit": limit},
            ).fetchall()
            ids = sorted({row["turn_id"] for row in rows if row["turn_id"] is not None})
            turns = {
                row["id"]: _turn(row)
                for row in conn.execute(
                    f"SELECT * FROM turns WHERE id IN ({','.join('?' * len(ids))})", ids
                ).fetchall()
            }
        return [(_feedback(row), turns.get(row["turn_id"])) for row in rows]

    def ticket_counts(self) -> dict[str, int]:
        """Number of tickets per status, every status present (0 when none)."""
        with self._connection("count tickets") as conn:
            rows = conn.execute("SELECT status, COUNT(*) AS n FROM tickets GROUP BY status").fetchall()
        counts = dict.fromkeys(TICKET_STATUSES, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    # -- retention ----------------------------------------------------------------------------------------

    def prune(self, days: int) -> int:
        """Delete turns and feedback older than `days` days, and tickets closed (已办结) more than `days` days
        ago; open tickets are always kept. Returns the number of rows deleted."""
        if days < 0:
            raise RecordError("保留天数不能为负数")
        cutoff = _iso(self._clock() - timedelta(days=days))
        with self._connection("prune", write=True) as conn:
            deleted = conn.execute("DELETE FROM turns WHERE created_at < ?", (cutoff,)).rowcount
            deleted += conn.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,)).rowcount
            deleted += conn.execute(
                "DELETE FROM tickets WHERE status = ? AND updated_at < ?", (TICKET_STATUSES[-1], cutoff)
            ).rowcount
            # Bookkeeping, not a record of its own: not counted.
            conn.execute("DELETE FROM handled_gaps WHERE turn_id NOT IN (SELECT id FROM turns)")
        logger.info("pruned %d rows older than %d days", deleted, days)
        return deleted

    # -- connection ---------------------------------------------------------------------------------------

    @contextmanager
    def _connection(self, action: str, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The shared connection, held under the lock for one operation (in one transaction if `write`).
        Database and file-system failures are logged and become StoreError."""
        try:
            with self._lock:
                conn = self._open()
                if write:
                    with _transaction(conn):
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
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, **options)
        try:
            conn.row_factory = sqlite3.Row
            if not self.read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
                # last transactions, an acceptable trade for a log.
                conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Create the tables of an empty database and upgrade an older one; refuse one written by a newer
        version of the bot. Every statement is IF NOT EXISTS and each version so far only added tables, so
        running them all is the whole migration."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema version {version} is newer than this bot's {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION or self.read_only:
            return
        with _transaction(conn):
            # Re-read under the write lock: another process may have created the schema meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
