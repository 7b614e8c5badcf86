"""Idempotency keys: a retried feedback or hand-off request returns the first result and stores nothing new.

A key is claimed (a row without a result) before the work runs and completed with the result after it, so two
copies of one request racing each other, even in two worker processes, cannot both do the work: the unique
(endpoint, key) pair decides. Keys are scoped per endpoint and expire after KEY_LIFETIME.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from bot.errors import BotError
from bot.records.db import Database, iso

# A client retries within minutes; a day covers a phone that was offline for a while.
KEY_LIFETIME = timedelta(hours=24)


class IdempotencyConflictError(BotError):
    """The key was used with another request body, or its first request is still running."""

    status = 409


@dataclass(frozen=True)
class StoredResult:
    """The first response to a key: its status and JSON body."""

    status: int
    body: dict


def fingerprint(payload: str) -> str:
    """A hash of the request body, to tell a true retry from a reused key."""
    return hashlib.sha256(payload.encode()).hexdigest()


class IdempotencyKeys:
    """Claims, completes and releases (endpoint, key) pairs."""

    def __init__(self, db: Database):
        self.db = db

    def claim(self, endpoint: str, key: str, request_hash: str) -> StoredResult | None:
        """None when this request owns the key now (run it, then `complete` or `release`); the stored result
        when the key was already completed by the same request; IdempotencyConflictError otherwise."""
        now = self.db.now()
        with self.db.connection("claim idempotency key", write=True) as conn:
            conn.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (iso(now - KEY_LIFETIME),))
            inserted = conn.execute(
                "INSERT OR IGNORE INTO idempotency_keys (endpoint, key, request_hash, created_at)"
                " VALUES (?, ?, ?, ?)",
                (endpoint, key, request_hash, iso(now)),
            ).rowcount
            row = None
            if not inserted:
                row = conn.execute(
                    "SELECT request_hash, status, body FROM idempotency_keys WHERE endpoint = ? AND key = ?",
                    (endpoint, key),
                ).fetchone()
        if row is None:
            return None
        if row["request_hash"] != request_hash:
            raise IdempotencyConflictError("这个 Idempotency-Key 已用于内容不同的请求，请换一个新的键")
        if row["status"] is None:
            raise IdempotencyConflictError("相同 Idempotency-Key 的请求正在处理中，请稍后再试")
        return StoredResult(row["status"], json.loads(row["body"]))

    def complete(self, endpoint: str, key: str, status: int, body: dict) -> None:
        """Store the result of the request that claimed the key."""
        with self.db.connection("complete idempotency key", write=True) as conn:
            conn.execute(
                "UPDATE idempotency_keys SET status = ?, body = ? WHERE endpoint = ? AND key = ?",
                (status, json.dumps(body, ensure_ascii=False), endpoint, key),
            )

    def release(self, endpoint: str, key: str) -> None:
        """Forget a claim whose request failed, so a retry runs it again."""
        with self.db.connection("release idempotency key", write=True) as conn:
            conn.execute(
                "DELETE FROM idempotency_keys WHERE endpoint = ? AND key = ? AND status IS NULL",
                (endpoint, key),
            )
