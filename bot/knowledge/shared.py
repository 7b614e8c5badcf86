"""Knowledge kept in a shared table (PostgreSQL) and mirrored into each replica's own folder.

The table is the source of truth; the folder is a working copy the index is built from. `mirror` makes the
folder equal to the table, writing only what differs (atomically) and removing snippet files the table no
longer has. `SharedDocumentStore` is the admin's DocumentStore for that mode: each write validates against
the table's current documents and lands in the table and the folder together, under the table's lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from bot.knowledge.documents import Document, DocumentStore
from bot.knowledge.folder import snippet_files
from bot.knowledge.snippet import Problem
from bot.knowledge.statutes import STATUTES_FILE

logger = logging.getLogger(__name__)


class DocumentTable(Protocol):
    """What the shared store needs from bot.records.documents.DocumentWriter."""

    def documents(self) -> dict[str, bytes]: ...
    def put(self, path: str, content: bytes) -> bool: ...
    def delete(self, path: str) -> bool: ...


# Data files at the top of the knowledge folder that travel with the snippets, so every replica has them:
# statutes' amendment dates (review checks) and local figures (calculators; the name is
# bot.answering.calculation.LOCAL_FIGURES_FILE, which this lower layer cannot import).
DATA_FILES = (STATUTES_FILE, "local-figures.yaml")


def folder_documents(folder: Path) -> dict[str, bytes]:
    """Every snippet file of a folder and its DATA_FILES, relative path -> bytes (README files and hidden
    folders skipped)."""
    root = Path(folder)
    if not root.is_dir():
        return {}
    documents = {p.relative_to(root).as_posix(): p.read_bytes() for p in snippet_files(root)}
    documents.update({name: (root / name).read_bytes() for name in DATA_FILES if (root / name).is_file()})
    return documents


def mirror(folder: Path, documents: Mapping[str, bytes]) -> list[str]:
    """Make the folder's snippet files equal to `documents`; the paths written or removed."""
    root = Path(folder)
    current = folder_documents(root)
    changed = []
    for path, data in documents.items():
        if current.get(path) != data:
            _write_atomically(root / path, data)
            changed.append(path)
    for path in current.keys() - documents.keys():
        (root / path).unlink(missing_ok=True)
        changed.append(path)
    if changed:
        logger.info("knowledge folder %s: %d files updated from the database", root, len(changed))
    return sorted(changed)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".mirror-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SharedDocumentStore:
    """DocumentStore whose writes go to the shared table first (validated against its documents)."""

    def __init__(self, root: Path, writing: Callable[[], AbstractContextManager[DocumentTable]]):
        self.local = DocumentStore(root)
        self.root = Path(root)
        self._writing = writing

    def list(self, today: dt.date | None = None) -> list[Document]:
        """The local mirror's documents (the table's, as of the last revision this replica followed), with
        the reasons each is due for review as of `today`."""
        return self.local.list(today)

    def statute_problems(self, today: dt.date | None = None) -> list[str]:
        """What is wrong in this replica's statutes.yaml (a local file, not in the shared table)."""
        return self.local.statute_problems(today)

    def put(self, path: str, data: bytes) -> tuple[bool, list[Problem]]:
        """Validate against the table's documents and store in the table and the local folder."""
        with self._transaction() as table:
            created, warnings = self.local.put(path, data)
            table.put(path, data)
        return created, warnings

    def add_question(self, snippet_id: str, question: str) -> tuple[str, bool]:
        """Append a sample question to a snippet (DocumentStore.add_question) in the table and the local
        folder; (path, added)."""
        with self._transaction() as table:
            path, added = self.local.add_question(snippet_id, question)
            if added:
                table.put(path, (self.root / path).read_bytes())
        return path, added

    def delete(self, path: str) -> None:
        """Remove from the table and the local folder; NotFoundError when there is no such document."""
        with self._transaction() as table:
            self.local.delete(path)
            table.delete(path)

    @contextmanager
    def _transaction(self) -> Iterator[DocumentTable]:
        """The table's locked transaction, with the folder first made equal to the table (so validation sees
        every replica's writes: duplicate ids); on any failure, commit included, the folder goes back too."""
        before: dict[str, bytes] | None = None
        try:
            with self._writing() as table:
                before = table.documents()
                mirror(self.root, before)
                yield table
        except BaseException:
            if before is not None:
                mirror(self.root, before)
            raise
