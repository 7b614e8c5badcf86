"""Phone calls closed in the caseworker console: resolved on the line, or turned into a ticket.

The dashboard counts them beside the chat turns. Notes are redacted (phone and ID numbers) before storage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.records.db import IN_WINDOW, Database, RecordError, check_length, iso, window
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
            cursor = conn.execute(
                "INSERT INTO calls (created_at, outcome, topics, category, notes, ticket_number, caseworker)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    iso(now),
                    outcome,
                    json.dumps(list(topics)),
                    category,
                    notes,
                    ticket_number,
                    redact(caseworker),
                ),
            )
            row = conn.execute("SELECT * FROM calls WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return _call(row)

    def recent(self, limit: int = 50) -> list[Call]:
        """Newest calls first."""
        with self.db.connection("list calls") as conn:
            rows = conn.execute("SELECT * FROM calls ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [_call(row) for row in rows]

    def outcome_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Calls per outcome in the window, every outcome present."""
        with self.db.connection("count calls") as conn:
            rows = conn.execute(
                f"SELECT outcome, COUNT(*) AS n FROM calls WHERE {IN_WINDOW} GROUP BY outcome",
                window(since, until),
            ).fetchall()
        counts = dict.fromkeys(OUTCOMES, 0)
        counts.update({row["outcome"]: row["n"] for row in rows})
        return counts

    def category_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Calls per knowledge category in the window (calls without one are not counted)."""
        with self.db.connection("count call categories") as conn:
            rows = conn.execute(
                f"SELECT category, COUNT(*) AS n FROM calls WHERE {IN_WINDOW} AND category != '' GROUP BY category",
                window(since, until),
            ).fetchall()
        return {row["category"]: row["n"] for row in rows}


def _call(row) -> Call:
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
