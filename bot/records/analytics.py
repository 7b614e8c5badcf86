"""Counts and lists for the staff dashboard and `bot report`: statuses, days, categories, gaps, ratings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.records.db import CHINA_TZ, IN_WINDOW, Database, RecordError, iso, window
from bot.records.feedback import Feedback, feedback_from_row
from bot.records.turns import Turn, turn_from_row
from bot.vocab import RATINGS

# SQLite date modifier that turns a stored UTC time into the China calendar day.
CHINA_DAY_SHIFT = f"{CHINA_TZ.utcoffset(None).total_seconds() / 3600:+.0f} hours"


class Analytics:
    """Read-mostly queries over turns and feedback."""

    def __init__(self, db: Database):
        self.db = db

    def status_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per status with since <= created_at < until."""
        with self.db.connection("count turns") as conn:
            rows = conn.execute(
                f"SELECT status, COUNT(*) AS n FROM turns WHERE {IN_WINDOW} GROUP BY status",
                window(since, until),
            ).fetchall()
        return {row["status"]: row["n"] for row in rows}

    def daily_counts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[tuple[str, str], int]:
        """Number of turns per (China calendar day as YYYY-MM-DD, status)."""
        with self.db.connection("count turns per day") as conn:
            rows = conn.execute(
                f"SELECT date(created_at, :shift) AS day, status, COUNT(*) AS n FROM turns WHERE {IN_WINDOW}"
                " GROUP BY day, status",
                {**window(since, until), "shift": CHINA_DAY_SHIFT},
            ).fetchall()
        return {(row["day"], row["status"]): row["n"] for row in rows}

    def category_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per answer category (turns without a category are not counted)."""
        with self.db.connection("count categories") as conn:
            rows = conn.execute(
                f"SELECT category, COUNT(*) AS n FROM turns WHERE {IN_WINDOW} AND COALESCE(category, '') != ''"
                " GROUP BY category",
                window(since, until),
            ).fetchall()
        return {row["category"]: row["n"] for row in rows}

    def citation_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns that cited each snippet id."""
        with self.db.connection("count citations") as conn:
            rows = conn.execute(
                "SELECT cited.value AS snippet_id, COUNT(DISTINCT turns.id) AS n"
                f" FROM turns, json_each(turns.cited_ids) AS cited WHERE {IN_WINDOW} GROUP BY cited.value",
                window(since, until),
            ).fetchall()
        return {row["snippet_id"]: row["n"] for row in rows}

    def gap_candidates(self, below: float, limit: int = 5000) -> list[Turn]:
        """Turns that reveal a knowledge gap and nobody has handled yet: every no_match, and answers whose
        confidence is below `below`. The latest `limit` of them, oldest first."""
        with self.db.connection("read knowledge gaps") as conn:
            rows = conn.execute(
                "SELECT * FROM (SELECT * FROM turns WHERE (status = 'no_match' OR (status = 'answered'"
                " AND confidence < :below)) AND id NOT IN (SELECT turn_id FROM handled_gaps)"
                " ORDER BY id DESC LIMIT :limit) ORDER BY id",
                {"below": below, "limit": limit},
            ).fetchall()
        return [turn_from_row(row) for row in rows]

    def mark_gaps_handled(self, turn_ids: Sequence[int]) -> int:
        """Take these turns out of the knowledge-gap queue; returns how many were newly marked."""
        now = iso(self.db.now())
        with self.db.connection("mark gaps handled", write=True) as conn:
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
        with self.db.connection("read rated turns") as conn:
            rows = conn.execute(
                f"SELECT * FROM feedback WHERE rating = :rating AND {IN_WINDOW} ORDER BY id DESC LIMIT :limit",
                {**window(since, until), "rating": rating, "limit": limit},
            ).fetchall()
            ids = sorted({row["turn_id"] for row in rows if row["turn_id"] is not None})
            turns = {
                row["id"]: turn_from_row(row)
                for row in conn.execute(
                    f"SELECT * FROM turns WHERE id IN ({','.join('?' * len(ids))})", ids
                ).fetchall()
            }
        return [(feedback_from_row(row), turns.get(row["turn_id"])) for row in rows]
