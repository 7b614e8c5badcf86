"""All records of one database, bundled: turns, feedback, tickets, analytics, and retention."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from bot.records.analytics import Analytics
from bot.records.audit import AuditLog
from bot.records.calls import CallLog
from bot.records.db import Database, RecordError, iso, system_clock
from bot.records.feedback import FeedbackLog
from bot.records.idempotency import IdempotencyKeys
from bot.records.schema import calls, feedback, handled_gaps, tickets, turns
from bot.records.staff_sessions import StaffSessions
from bot.records.teaching import TeachingLog
from bot.records.tickets import TicketStore
from bot.records.turns import TurnLog
from bot.vocab import TICKET_STATUSES

logger = logging.getLogger(__name__)


class Records:
    """Opens one database and gives each kind of record its own small store.

    `path` is a SQLite file, `None` (in memory: tests, demos) or a `postgresql://` URL (BOT_DATABASE_URL);
    `read_only=True` for dashboards.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        busy_timeout_ms: int = 5000,
        clock: Callable[[], datetime] = system_clock,
    ):
        self.db = Database(path, read_only=read_only, busy_timeout_ms=busy_timeout_ms, clock=clock)
        self.turns = TurnLog(self.db)
        self.feedback = FeedbackLog(self.db)
        self.tickets = TicketStore(self.db)
        self.analytics = Analytics(self.db)
        self.staff_sessions = StaffSessions(self.db)
        self.idempotency = IdempotencyKeys(self.db)
        self.teaching = TeachingLog(self.db)
        self.calls = CallLog(self.db)
        self.audit = AuditLog(self.db)

    @property
    def path(self) -> Path | None:
        return self.db.path

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the next operation opens a new one (an in-memory store starts empty)."""
        self.db.close()

    def prune(self, days: int) -> int:
        """Delete turns, calls and feedback older than `days` days, and tickets closed (已办结) more than `days` days
        ago; open tickets are always kept. Returns the number of rows deleted. The deleted rows are overwritten
        (secure_delete) and the write-ahead log is truncated, so no copy stays on disk."""
        if days < 0:
            raise RecordError("保留天数不能为负数")
        cutoff = iso(self.db.now() - timedelta(days=days))
        with self.db.connection("prune", write=True) as conn:
            deleted = conn.execute(delete(turns).where(turns.c.created_at < cutoff)).rowcount
            deleted += conn.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount
            deleted += conn.execute(delete(calls).where(calls.c.created_at < cutoff)).rowcount
            deleted += conn.execute(
                delete(tickets).where(tickets.c.status == TICKET_STATUSES[-1], tickets.c.updated_at < cutoff)
            ).rowcount
            # Bookkeeping, not a record of its own: not counted.
            conn.execute(delete(handled_gaps).where(handled_gaps.c.turn_id.not_in(select(turns.c.id))))
        # With secure_delete the rows are zeroed in the database; the checkpoint empties the WAL, which still
        # held them.
        self.db.checkpoint()
        logger.info("pruned %d rows older than %d days", deleted, days)
        return deleted
