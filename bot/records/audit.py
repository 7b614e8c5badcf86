"""The staff audit log: who (a staff role and, for the console, the caseworker's name) did what, and when.

Every staff action writes one row here and one line to the `bot.audit` logger. Rows name the ticket or call
acted on, never a worker's phone number or notes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from bot.records.db import Database, iso
from bot.records.schema import audit_log
from bot.text.redact import redact

logger = logging.getLogger("bot.audit")

MAX_DETAIL_CHARS = 500


@dataclass(frozen=True)
class AuditEntry:
    created_at: datetime
    actor: str  # the caseworker's name, or "bearer" / "admin" when there is none
    role: str  # "admin" or "console"
    action: str  # e.g. "console.ticket", "ticket.update", "login"
    target: str  # a ticket number, a call id, a path
    detail: str


class AuditLog:
    """Records staff actions and reads them back."""

    def __init__(self, db: Database):
        self.db = db

    def record(self, actor: str, role: str, action: str, target: str = "", detail: str = "") -> None:
        """Write one entry (details redacted and cut to MAX_DETAIL_CHARS); also logged to `bot.audit`."""
        detail = redact(detail)[:MAX_DETAIL_CHARS]
        actor = redact(actor)[:50] or role
        logger.info("staff action %s by %s (%s) on %s: %s", action, actor, role, target, detail)
        with self.db.connection("write audit log", write=True) as conn:
            conn.execute(
                insert(audit_log).values(
                    created_at=iso(self.db.now()),
                    actor=actor,
                    role=role,
                    action=action,
                    target=target[:100],
                    detail=detail,
                )
            )

    def recent(self, limit: int = 100) -> list[AuditEntry]:
        """Newest entries first."""
        with self.db.connection("read audit log") as conn:
            query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
            rows = conn.execute(query).mappings().all()
        return [
            AuditEntry(
                datetime.fromisoformat(r["created_at"]),
                r["actor"],
                r["role"],
                r["action"],
                r["target"],
                r["detail"],
            )
            for r in rows
        ]
