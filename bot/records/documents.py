"""Knowledge documents in the database (with PostgreSQL the source of truth replicas follow) and the
knowledge revision, bumped in the same transaction as every change."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Connection, delete, func, insert, select, text, update

from bot.records.db import Database, iso
from bot.records.schema import documents, knowledge_state

# The advisory lock (PostgreSQL) under which document writes, seeding and index builds run, one at a time
# across every process and replica.
KNOWLEDGE_LOCK = "knowledge"


class DocumentWriter:
    """Changes to the documents inside one locked transaction (`SharedDocuments.writing`)."""

    def __init__(self, db: Database, conn: Connection):
        self._db = db
        self._conn = conn
        self.changed = False

    def documents(self) -> dict[str, bytes]:
        """Every document as the database has it now, path -> content."""
        rows = self._conn.execute(select(documents.c.path, documents.c.content)).all()
        return {path: bytes(content) for path, content in rows}

    def put(self, path: str, content: bytes) -> bool:
        """Insert or replace one document; True when it was new."""
        values = {
            "content": content,
            "sha256": hashlib.sha256(content).hexdigest(),
            "updated_at": iso(self._db.now()),
        }
        updated = self._conn.execute(
            update(documents).where(documents.c.path == path).values(**values)
        ).rowcount
        if not updated:
            self._conn.execute(insert(documents).values(path=path, **values))
        self.changed = True
        return not updated

    def delete(self, path: str) -> bool:
        """Remove one document; True when there was one."""
        removed = self._conn.execute(delete(documents).where(documents.c.path == path)).rowcount > 0
        self.changed = self.changed or removed
        return removed


class SharedDocuments:
    """The documents table and the knowledge revision."""

    def __init__(self, db: Database):
        self.db = db

    def revision(self) -> int:
        """The knowledge revision (0 before anything was stored)."""
        with self.db.connection("read the knowledge revision") as conn:
            return (
                conn.execute(select(knowledge_state.c.revision).where(knowledge_state.c.id == 1)).scalar()
                or 0
            )

    def all(self) -> dict[str, bytes]:
        """Every document, path -> content."""
        with self.db.connection("read knowledge documents") as conn:
            return DocumentWriter(self.db, conn).documents()

    def count(self) -> int:
        with self.db.connection("count knowledge documents") as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()

    @contextmanager
    def writing(self) -> Iterator[DocumentWriter]:
        """One transaction of document changes under the knowledge lock; the revision goes up by one at the
        end when anything changed. An exception rolls everything back."""
        with self.db.connection("write knowledge documents", write=True) as conn:
            self.db.lock(conn, KNOWLEDGE_LOCK)
            writer = DocumentWriter(self.db, conn)
            yield writer
            if writer.changed:
                self._bump(conn)

    def replace_all(self, files: Mapping[str, bytes], remove_others: bool) -> tuple[int, int]:
        """Store these documents (and delete the others when `remove_others`); (written, removed)."""
        with self.writing() as writer:
            current = writer.documents()
            written = 0
            for path, data in files.items():
                if current.get(path) != data:
                    writer.put(path, data)
                    written += 1
            removed = sum(writer.delete(path) for path in current if remove_others and path not in files)
        return written, removed

    def seed(self, files: Mapping[str, bytes]) -> bool:
        """Fill an empty table with these documents (the first replica to start seeds; the others, waiting
        on the lock, find it filled). True when this call seeded."""
        with self.writing() as writer:
            if writer.documents() or not files:
                return False
            for path, data in files.items():
                writer.put(path, data)
        return True

    @contextmanager
    def build_lock(self) -> Iterator[None]:
        """Hold the knowledge lock for a whole index build, on a connection of its own (PostgreSQL session
        advisory lock, so replicas build one at a time); nothing to do on SQLite, where the file lock of
        the index folder serialises builds."""
        if self.db.dialect != "postgresql":
            yield
            return
        from bot.records.db import lock_key

        with self.db.connection("lock the knowledge for a build") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(KNOWLEDGE_LOCK)})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(KNOWLEDGE_LOCK)})

    def _bump(self, conn: Connection) -> None:
        now = iso(self.db.now())
        if not conn.execute(
            update(knowledge_state)
            .where(knowledge_state.c.id == 1)
            .values(revision=knowledge_state.c.revision + 1, updated_at=now)
        ).rowcount:
            conn.execute(insert(knowledge_state).values(id=1, revision=1, updated_at=now))
