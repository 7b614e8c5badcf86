"""What staff taught the assistant from real traffic: questions linked to the snippet that should answer
them, and questions marked "should be declined" (the scope check's training examples). Each row is also
the audit record: who, when, what."""

from __future__ import annotations

from dataclasses import dataclass

from bot.records.db import Database, iso

LINK = "link"
DECLINE = "decline"


@dataclass(frozen=True)
class TeachingMark:
    """One staff decision about a worker's question (already PII-redacted)."""

    id: int
    created_at: str
    action: str  # "link" | "decline"
    question: str
    snippet_id: str  # "" for a decline
    path: str  # the knowledge file changed ("" for a decline)
    staff: str  # who: the name given with the request, else "管理员"
    client: str  # where from (IP address)


class TeachingLog:
    """Append-only log of staff links and decline marks."""

    def __init__(self, db: Database):
        self.db = db

    def record(
        self, action: str, question: str, staff: str, client: str = "", snippet_id: str = "", path: str = ""
    ) -> TeachingMark:
        """Store one mark and return it."""
        now = iso(self.db.now())
        with self.db.connection("record a teaching mark", write=True) as conn:
            cursor = conn.execute(
                "INSERT INTO teaching (created_at, action, question, snippet_id, path, staff, client)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now, action, question, snippet_id, path, staff, client),
            )
        return TeachingMark(cursor.lastrowid, now, action, question, snippet_id, path, staff, client)

    def marks(self, action: str | None = None, limit: int = 1000) -> list[TeachingMark]:
        """The latest marks, newest first (of one action when given)."""
        with self.db.connection("read teaching marks") as conn:
            rows = conn.execute(
                "SELECT * FROM teaching WHERE (:action IS NULL OR action = :action) ORDER BY id DESC LIMIT :limit",
                {"action": action, "limit": limit},
            ).fetchall()
        return [TeachingMark(**dict(row)) for row in rows]

    def declined_questions(self) -> list[str]:
        """Questions staff marked "should be declined", oldest first, without repeats (scope examples)."""
        return list(dict.fromkeys(mark.question for mark in reversed(self.marks(DECLINE, limit=100_000))))
