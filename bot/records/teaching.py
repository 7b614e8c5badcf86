"""What staff taught the assistant from real traffic: questions linked to the snippet that should answer
them, and questions marked "should be declined" (the scope check's training examples), and marks taken back.
Each row is also the audit record: who, when, what; nothing is deleted, an undo is a row of its own."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select

from bot.records.db import Database, iso
from bot.records.schema import teaching

LINK = "link"
DECLINE = "decline"
UNDECLINE = "undecline"  # a decline mark taken back (撤销应拒答)


@dataclass(frozen=True)
class TeachingMark:
    """One staff decision about a worker's question (already PII-redacted)."""

    id: int
    created_at: str
    action: str  # "link" | "decline" | "undecline"
    question: str
    snippet_id: str  # "" for a decline
    path: str  # the knowledge file changed ("" for a decline)
    staff: str  # who: the name given with the request, else "管理员"
    client: str  # where from (IP address)


class TeachingLog:
    """Append-only log of staff links, decline marks and their undoing."""

    def __init__(self, db: Database):
        self.db = db

    def record(
        self, action: str, question: str, staff: str, client: str = "", snippet_id: str = "", path: str = ""
    ) -> TeachingMark:
        """Store one mark and return it."""
        now = iso(self.db.now())
        with self.db.connection("record a teaching mark", write=True) as conn:
            mark_id = conn.execute(
                insert(teaching)
                .values(
                    created_at=now,
                    action=action,
                    question=question,
                    snippet_id=snippet_id,
                    path=path,
                    staff=staff,
                    client=client,
                )
                .returning(teaching.c.id)
            ).scalar_one()
        return TeachingMark(mark_id, now, action, question, snippet_id, path, staff, client)

    def marks(self, action: str | tuple[str, ...] | None = None, limit: int = 1000) -> list[TeachingMark]:
        """The latest marks, newest first (of one action, or of several, when given)."""
        query = select(teaching).order_by(teaching.c.id.desc()).limit(limit)
        if isinstance(action, str):
            query = query.where(teaching.c.action == action)
        elif action is not None:
            query = query.where(teaching.c.action.in_(action))
        with self.db.connection("read teaching marks") as conn:
            rows = conn.execute(query).mappings().all()
        return [TeachingMark(**row) for row in rows]

    def declined_revision(self) -> int:
        """The id of the newest decline or undo mark (0 when none): changes whenever a question is marked or a
        mark taken back, on any replica sharing the database; one small query, asked every few seconds by the
        scope check."""
        query = select(func.max(teaching.c.id)).where(teaching.c.action.in_((DECLINE, UNDECLINE)))
        with self.db.connection("read the decline revision") as conn:
            return conn.execute(query).scalar() or 0

    def declined_marks(self) -> list[TeachingMark]:
        """The decline marks in force (not taken back since), one per question, newest first."""
        standing: dict[str, TeachingMark] = {}
        for mark in reversed(self.marks((DECLINE, UNDECLINE), limit=100_000)):
            if mark.action == DECLINE:
                standing.setdefault(mark.question, mark)
            else:
                standing.pop(mark.question, None)
        return sorted(standing.values(), key=lambda m: -m.id)

    def declined_questions(self) -> list[str]:
        """Questions staff marked "should be declined" and did not take back, oldest first (scope examples)."""
        return [mark.question for mark in reversed(self.declined_marks())]
