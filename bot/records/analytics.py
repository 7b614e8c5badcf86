"""Counts and lists for the staff dashboard and `bot report`: statuses, days, categories, gaps, ratings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text

from bot.records.db import CHINA_TZ, IN_WINDOW, Database, RecordError, iso, window
from bot.records.feedback import Feedback, feedback_from_row
from bot.records.schema import turns
from bot.records.turns import Turn, turn_from_row
from bot.vocab import RATINGS, IssueStatus

# The China calendar day (YYYY-MM-DD) of a stored UTC ISO time, per backend.
CHINA_HOURS = round(CHINA_TZ.utcoffset(None).total_seconds() / 3600)
CHINA_DAY = {
    "sqlite": f"date(created_at, '{CHINA_HOURS:+d} hours')",
    "postgresql": f"to_char(CAST(created_at AS timestamptz) AT TIME ZONE 'UTC' + interval '{CHINA_HOURS} hours',"
    " 'YYYY-MM-DD')",
}
# Each snippet id a turn cited, one row per id, per backend (cited_ids holds a JSON list).
CITED_IDS = {
    "sqlite": "json_each(turns.cited_ids) AS cited",
    "postgresql": "jsonb_array_elements_text(CAST(turns.cited_ids AS jsonb)) AS cited(value)",
}

# Each issue a turn dealt with, one row per issue, as (topic, status) expressions per backend (turns.issues
# holds a JSON list of {"topic", "status"}).
ISSUE_ROWS = {
    "sqlite": (
        "json_each(turns.issues) AS issue",
        "json_extract(issue.value, '$.topic')",
        "json_extract(issue.value, '$.status')",
    ),
    "postgresql": (
        "jsonb_array_elements(CAST(turns.issues AS jsonb)) AS issue(value)",
        "issue.value->>'topic'",
        "issue.value->>'status'",
    ),
}
# A conversation that comes back to an issue counts once, with the furthest outcome it got: a figure beats
# a quoted rule, which beats a rule still waiting for a fact.
OUTCOME_RANK = (IssueStatus.NOT_COVERED, IssueStatus.NEEDS_FACT, IssueStatus.ANSWERED, IssueStatus.COMPUTED)


class Analytics:
    """Read-mostly queries over turns and feedback."""

    def __init__(self, db: Database):
        self.db = db

    def _rows(self, action: str, sql: str, params: dict) -> list:
        with self.db.connection(action) as conn:
            return conn.execute(text(sql), params).mappings().all()

    def status_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per status with since <= created_at < until."""
        rows = self._rows(
            "count turns",
            f"SELECT status, COUNT(*) AS n FROM turns WHERE {IN_WINDOW} GROUP BY status",
            window(since, until),
        )
        return {row["status"]: row["n"] for row in rows}

    def daily_counts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[tuple[str, str], int]:
        """Number of turns per (China calendar day as YYYY-MM-DD, status)."""
        rows = self._rows(
            "count turns per day",
            f"SELECT {CHINA_DAY[self.db.dialect]} AS day, status, COUNT(*) AS n FROM turns WHERE {IN_WINDOW}"
            " GROUP BY day, status",
            window(since, until),
        )
        return {(row["day"], row["status"]): row["n"] for row in rows}

    def category_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns per answer category (turns without a category are not counted)."""
        rows = self._rows(
            "count categories",
            f"SELECT category, COUNT(*) AS n FROM turns WHERE {IN_WINDOW} AND COALESCE(category, '') != ''"
            " GROUP BY category",
            window(since, until),
        )
        return {row["category"]: row["n"] for row in rows}

    def citation_counts(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Number of turns that cited each snippet id."""
        rows = self._rows(
            "count citations",
            "SELECT cited.value AS snippet_id, COUNT(DISTINCT turns.id) AS n"
            f" FROM turns, {CITED_IDS[self.db.dialect]} WHERE {IN_WINDOW} GROUP BY cited.value",
            window(since, until),
        )
        return {row["snippet_id"]: row["n"] for row in rows}

    def issue_counts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[str, dict[str, int]]:
        """Conversations that raised each issue topic, per outcome: {topic: {status: n}}. A story of several
        issues counts for each; a conversation counts once per topic, with the furthest outcome any of its
        turns got (OUTCOME_RANK). Turns logged before issues were kept count for nothing here."""
        rows_of, topic, status = ISSUE_ROWS[self.db.dialect]
        rank = " ".join(f"WHEN '{s.value}' THEN {n}" for n, s in enumerate(OUTCOME_RANK))
        # A status this version does not know still counts as dealt with, never as uncovered.
        answered = OUTCOME_RANK.index(IssueStatus.ANSWERED)
        rows = self._rows(
            "count issues",
            "SELECT topic, best, COUNT(*) AS n FROM ("
            f" SELECT turns.session_id, {topic} AS topic, MAX(CASE {status} {rank} ELSE {answered} END) AS best"
            f" FROM turns, {rows_of} WHERE {IN_WINDOW} GROUP BY turns.session_id, {topic}"
            ") AS per_conversation WHERE COALESCE(topic, '') != '' GROUP BY topic, best",
            window(since, until),
        )
        counts: dict[str, dict[str, int]] = {}
        for row in rows:
            outcome = OUTCOME_RANK[min(max(int(row["best"]), 0), len(OUTCOME_RANK) - 1)].value
            counts.setdefault(row["topic"], {})[outcome] = row["n"]
        return counts

    def gap_candidates(self, below: float, limit: int = 5000) -> list[Turn]:
        """Turns that reveal a knowledge gap and nobody has handled yet: every no_match, and answers whose
        confidence is below `below`. The latest `limit` of them, oldest first."""
        rows = self._rows(
            "read knowledge gaps",
            "SELECT * FROM (SELECT * FROM turns WHERE (status = 'no_match' OR (status = 'answered'"
            " AND confidence < :below)) AND id NOT IN (SELECT turn_id FROM handled_gaps)"
            " ORDER BY id DESC LIMIT :limit) AS latest ORDER BY id",
            {"below": below, "limit": limit},
        )
        return [turn_from_row(row) for row in rows]

    def mark_gaps_handled(self, turn_ids: Sequence[int]) -> int:
        """Take these turns out of the knowledge-gap queue; returns how many were newly marked."""
        now = iso(self.db.now())
        marked = 0
        with self.db.connection("mark gaps handled", write=True) as conn:
            for turn_id in turn_ids:
                marked += conn.execute(
                    text(
                        "INSERT INTO handled_gaps (turn_id, handled_at) SELECT id, :now FROM turns"
                        " WHERE id = :id ON CONFLICT DO NOTHING"
                    ),
                    {"now": now, "id": int(turn_id)},
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
            rows = (
                conn.execute(
                    text(
                        f"SELECT * FROM feedback WHERE rating = :rating AND {IN_WINDOW}"
                        " ORDER BY id DESC LIMIT :limit"
                    ),
                    {**window(since, until), "rating": rating, "limit": limit},
                )
                .mappings()
                .all()
            )
            ids = sorted({row["turn_id"] for row in rows if row["turn_id"] is not None})
            rated = {
                row["id"]: turn_from_row(row)
                for row in conn.execute(select(turns).where(turns.c.id.in_(ids))).mappings()
            }
        return [(feedback_from_row(row), rated.get(row["turn_id"])) for row in rows]
