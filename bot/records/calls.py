"""Phone calls closed in the caseworker console: resolved on the line, or turned into a ticket.

The dashboard counts them beside the chat turns. Notes are redacted (phone and ID numbers) before storage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, func, insert, select

from bot.records.db import Database, RecordError, check_length, iso
from bot.records.schema import calls
from bot.text.redact import redact

OUTCOMES: tuple[str, ...] = ("resolved", "ticket")
# Notes are kept for staff to read back; a pasted transcript beyond this is cut (the ticket keeps the summary).
MAX_CALL_NOTES_CHARS = 20_000


@dataclass(frozen=True)
class Call:
    """One closed phone call."""

    id: int
    created_at: datetime
    outcome: str  # one of OUTCOMES
    topics: tuple[str, ...]
    category: str
    notes: str  # redacted
    ticket_number: str | None
    caseworker: str


class CallLog:
    """Logs closed calls and counts them."""

    def __init__(self, db: Database):
        self.db = db

    def log(
        self,
        outcome: str,
        topics: Sequence[str],
        notes: str,
        category: str = "",
        ticket_number: str | None = None,
        caseworker: str = "",
    ) -> Call:
        """Record a call resolved on the line or turned into a ticket; the notes are redacted first."""
        if outcome not in OUTCOMES:
            raise RecordError(f"来电结果只能是：{'、'.join(OUTCOMES)}")
        notes = redact((notes or "").strip()[:MAX_CALL_NOTES_CHARS])
        check_length(caseworker, 50, "坐席姓名")
        now = self.db.now()
        with self.db.connection("log call", write=True) as conn:
            row = (
                conn.execute(
                    insert(calls)
                    .values(
                        created_at=iso(now),
                        outcome=outcome,
                        topics=json.dumps(list(topics)),
                        category=category,
                        notes=notes,
                        ticket_number=ticket_number,
                        caseworker=redact(caseworker),
                    )
                    .returning(*calls.c)
                )
                .mappings()
                .one()
            )
        return _call(row)

    def recent(self, limit: int = 50) -> list[Call]:
        """Newest calls first."""
        with self.db.connection("list calls") as conn:
            rows = conn.execute(select(calls).order_by(calls.c.id.desc()).limit(limit)).mappings().all()
        return [_call(row) for row in rows]

    def outcome_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Calls per outcome in the window, every outcome present."""
        with self.db.connection("count calls") as conn:
            rows = conn.execute(
                select(calls.c.outcome, func.count())
                .where(*in_window(since, until))
                .group_by(calls.c.outcome)
            ).all()
        counts = dict.fromkeys(OUTCOMES, 0)
        counts.update({outcome: n for outcome, n in rows})
        return counts

    def category_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Calls per knowledge category in the window (calls without one are not counted)."""
        with self.db.connection("count call categories") as conn:
            rows = conn.execute(
                select(calls.c.category, func.count())
                .where(*in_window(since, until), calls.c.category != "")
                .group_by(calls.c.category)
            ).all()
        return {category: n for category, n in rows}


def in_window(since: datetime | None, until: datetime | None) -> list:
    """`created_at` in [since, until); either end open when None."""
    conditions = []
    if since is not None:
        conditions.append(calls.c.created_at >= iso(since))
    if until is not None:
        conditions.append(calls.c.created_at < iso(until))
    return conditions


def _call(row: RowMapping) -> Call:
    return Call(
        id=row["id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        outcome=row["outcome"],
        topics=tuple(json.loads(row["topics"])),
        category=row["category"],
        notes=row["notes"],
        ticket_number=row["ticket_number"],
        caseworker=row["caseworker"],
    )
