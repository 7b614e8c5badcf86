"""Staff sign-in sessions: the admin cookie carries a random session id, never the admin token itself.

A session has a role: "admin" (the admin pages, opened with BOT_ADMIN_TOKEN) or "console" (the caseworker
console, opened with BOT_CONSOLE_TOKEN or the admin token), and for the console the caseworker's name, which
the audit log records. Only a hash of the id is stored, so a copy of the database cannot be replayed as a cookie. Each session has
an expiry and its own CSRF token (which the staff forms post back); signing out deletes the row, so a copied
cookie stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select

from bot.records.db import Database, iso
from bot.records.schema import staff_sessions

ROLES: tuple[str, ...] = ("admin", "console")

# Characters of the session id: longer than this is not one of ours and is not even hashed.
MAX_SESSION_ID_CHARS = 100


@dataclass(frozen=True)
class StaffSession:
    """A signed-in staff browser: the cookie value (only known when opened), its CSRF token and expiry."""

    id: str
    csrf_token: str
    expires_at: datetime  # UTC
    role: str = "admin"  # one of ROLES
    name: str = ""  # the caseworker's name or number, as typed at sign-in (console sessions)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class StaffSessions:
    """Opens, finds and revokes staff sessions."""

    def __init__(self, db: Database):
        self.db = db

    def open(self, lifetime: timedelta, role: str = "admin", name: str = "") -> StaffSession:
        """A new session of `role` valid for `lifetime`; expired sessions are removed on the way."""
        if role not in ROLES:
            raise ValueError(f"unknown staff role {role!r}")
        now = self.db.now()
        session = StaffSession(
            secrets.token_urlsafe(32), secrets.token_urlsafe(32), now + lifetime, role, name.strip()[:50]
        )
        with self.db.connection("open staff session", write=True) as conn:
            conn.execute(delete(staff_sessions).where(staff_sessions.c.expires_at <= iso(now)))
            conn.execute(
                insert(staff_sessions).values(
                    id_hash=_digest(session.id),
                    csrf_token=session.csrf_token,
                    created_at=iso(now),
                    expires_at=iso(session.expires_at),
                    role=role,
                    name=session.name,
                )
            )
        return session

    def find(self, session_id: str) -> StaffSession | None:
        """The live session with this cookie value, or None (unknown, revoked or expired)."""
        if not session_id or len(session_id) > MAX_SESSION_ID_CHARS:
            return None
        with self.db.connection("read staff session") as conn:
            row = (
                conn.execute(
                    select(
                        staff_sessions.c.csrf_token,
                        staff_sessions.c.expires_at,
                        staff_sessions.c.role,
                        staff_sessions.c.name,
                    ).where(
                        staff_sessions.c.id_hash == _digest(session_id),
                        staff_sessions.c.expires_at > iso(self.db.now()),
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return StaffSession(
            session_id, row["csrf_token"], datetime.fromisoformat(row["expires_at"]), row["role"], row["name"]
        )

    def revoke(self, session_id: str) -> None:
        """End a session (sign-out); unknown ids are ignored."""
        if not session_id or len(session_id) > MAX_SESSION_ID_CHARS:
            return
        with self.db.connection("revoke staff session", write=True) as conn:
            conn.execute(delete(staff_sessions).where(staff_sessions.c.id_hash == _digest(session_id)))
