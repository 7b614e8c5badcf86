"""Conversation turns: each question and the outcome of answering it, redacted before it is written."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, insert, text

from bot.records.db import IN_WINDOW, Database, StoreError, iso, window
from bot.records.schema import turns
from bot.text.redact import redact
from bot.vocab import IssueStatus, Status

logger = logging.getLogger(__name__)

TURN_STATUSES = tuple(s.value for s in Status)
# Built once, the row passed as parameters: building `insert(turns).values(row)` per turn cost more than the
# SQL it runs.
_INSERT_TURN = insert(turns).returning(turns.c.id)
ISSUE_STATUSES = tuple(s.value for s in IssueStatus)
# A topic key or an uncovered term is a few words; anything longer is cut (and redacted, like the question).
MAX_ISSUE_CHARS = 40


@dataclass(frozen=True)
class TurnIssue:
    """One issue an answer dealt with: a topic key of the knowledge base, or, for an issue the knowledge base
    does not cover (status not_covered), the term the worker used (公积金)."""

    topic: str
    status: str  # one of ISSUE_STATUSES


def issues_json(issues: Iterable[TurnIssue]) -> str:
    """The stored form: a JSON list of {"topic", "status"}, one entry per topic (the first status kept)."""
    seen: dict[str, str] = {}
    for issue in issues:
        topic, status = redact(str(issue.topic).strip())[:MAX_ISSUE_CHARS], str(issue.status)
        if topic and topic not in seen:
            seen[topic] = status
    return json.dumps([{"topic": t, "status": s} for t, s in seen.items()], ensure_ascii=False)


def issues_from_json(text: str | None) -> tuple[TurnIssue, ...]:
    """The stored list read back; a turn logged before issues were kept (or a damaged value) has none."""
    try:
        items = json.loads(text or "[]")
        return tuple(TurnIssue(str(i["topic"]), str(i["status"])) for i in items)
    except (ValueError, TypeError, KeyError):
        return ()


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
    issues: tuple[TurnIssue, ...] = ()


def turn_from_row(row: RowMapping) -> Turn:
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
        issues=issues_from_json(row.get("issues")),
    )


class TurnLog:
    """Writes and reads conversation turns."""

    def __init__(self, db: Database):
        self.db = db

    def log(
        self,
        session_id: str,
        question: str,
        status: str,
        category: str | None,
        cited_ids: Sequence[str],
        confidence: float | None,
        latency_ms: float | None,
        answer: str = "",
        issues: Sequence[TurnIssue] = (),
    ) -> int | None:
        """Record one question and its outcome (with the issues the answer dealt with), redacted; the turn id,
        or None (logged) if it could not be written. Never raises: the assistant keeps answering when its log
        is broken."""
        try:
            if status not in TURN_STATUSES:
                logger.warning("turn status %r is not one of %s; stored as given", status, TURN_STATUSES)
            row = {
                "created_at": iso(self.db.now()),
                "session_id": str(session_id),
                "question": redact(str(question)),
                "answer": redact(str(answer or "")),
                "status": str(status),
                "category": None if category is None else str(category),
                "cited_ids": json.dumps([str(i) for i in cited_ids or ()], ensure_ascii=False),
                "confidence": None if confidence is None else float(confidence),
                "latency_ms": None if latency_ms is None else round(latency_ms),
                "issues": issues_json(issues or ()),
            }
            with self.db.connection("log turn", write=True) as conn:
                return conn.execute(_INSERT_TURN, row).scalar_one()
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
            with self.db.connection("read history") as conn:
                rows = (
                    conn.execute(
                        text(
                            "SELECT question, answer FROM turns WHERE session_id = :session"
                            " ORDER BY id DESC LIMIT :limit"
                        ),
                        {"session": session_id, "limit": limit},
                    )
                    .mappings()
                    .all()
                )
        except StoreError:
            return []
        messages = []
        for row in reversed(rows):
            messages.append({"role": "user", "content": row["question"]})
            if row["answer"]:
                messages.append({"role": "assistant", "content": row["answer"]})
        return messages

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Turn]:
        """Turns with since <= created_at < until (naive datetimes are taken as UTC), oldest first."""
        with self.db.connection("read turns") as conn:
            rows = (
                conn.execute(text(f"SELECT * FROM turns WHERE {IN_WINDOW} ORDER BY id"), window(since, until))
                .mappings()
                .all()
            )
        return [turn_from_row(row) for row in rows]
