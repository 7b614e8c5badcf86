"""Feedback: a thumbs up or down on an answer, with an optional comment (redacted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, insert, select

from bot.errors import NotFoundError
from bot.records.db import Database, RecordError, check_length, iso
from bot.records.schema import feedback, turns
from bot.text.redact import redact
from bot.vocab import MAX_TEXT_CHARS, RATINGS


@dataclass(frozen=True)
class Feedback:
    """A thumbs up or down on an answer (or on the conversation when turn_id is None)."""

    id: int
    created_at: datetime  # UTC
    turn_id: int | None
    session_id: str
    rating: str  # "up" or "down"
    comment: str


def feedback_from_row(row: RowMapping) -> Feedback:
    return Feedback(
        id=row["id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        turn_id=row["turn_id"],
        session_id=row["session_id"],
        rating=row["rating"],
        comment=row["comment"],
    )


class FeedbackLog:
    """Stores and lists ratings."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, turn_id: int | None, session_id: str, rating: str, comment: str = "") -> int:
        """Store a rating ("up" or "down") of a turn of this session, with an optional comment (redacted);
        returns the feedback id."""
        if rating not in RATINGS:
            raise RecordError("评价只能是 up（有帮助）或 down（没帮助）")
        comment = (comment or "").strip()
        check_length(comment, MAX_TEXT_CHARS, "评价内容")
        row = {
            "created_at": iso(self.db.now()),
            "turn_id": turn_id,
            "session_id": str(session_id),
            "rating": rating,
            "comment": redact(comment),
        }
        with self.db.connection("add feedback", write=True) as conn:
            if turn_id is not None:
                # A turn of another session is reported as missing, so ids cannot be probed across sessions.
                owner = conn.execute(select(turns.c.session_id).where(turns.c.id == turn_id)).scalar()
                if owner != str(session_id):
                    raise NotFoundError("找不到要评价的这条回答，可能已过保存期限")
            return conn.execute(insert(feedback).values(row).returning(feedback.c.id)).scalar_one()

    def list(self, rating: str | None = None) -> list[Feedback]:
        """All feedback, or only "up" or "down", oldest first."""
        if rating is not None and rating not in RATINGS:
            raise RecordError("评价只能是 up（有帮助）或 down（没帮助）")
        with self.db.connection("read feedback") as conn:
            query = select(feedback).order_by(feedback.c.id)
            if rating is not None:
                query = query.where(feedback.c.rating == rating)
            rows = conn.execute(query).mappings().all()
        return [feedback_from_row(row) for row in rows]
