"""Keeps a replica's knowledge folder and index on the shared knowledge revision (PostgreSQL mode).

Every `interval` seconds (1 s: a change reaches every replica within ~2 s plus its build) the follower reads
the revision. When it moved, it takes the cluster-wide knowledge lock, mirrors the table into the local
folder (only changed files), and builds incrementally. The build self-checks the new version before it is
published and swapped in, so the old version serves until then. The revision it built is written next to
the index, so the other worker processes of the same replica find it done and only load the new version:
one build per revision per replica.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.errors import BotError
from bot.index.build import run_build
from bot.index.embedders import Embedder
from bot.index.serving import ServingIndex
from bot.index.versions import IndexStore
from bot.knowledge.folder import knowledge_hashes
from bot.knowledge.shared import mirror

logger = logging.getLogger(__name__)

BUILT_REVISION_FILE = "KNOWLEDGE_REVISION"


@dataclass
class FollowState:
    """What the follower did last, for GET /api/admin/index."""

    database_revision: int | None = None  # as last read (None: never read, or the database is down)
    built_revision: int | None = None  # the revision this replica's index was built from
    state: str = "starting"  # starting | following | building | failed | database unavailable
    error: str = ""
    checked_at: float | None = None
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class KnowledgeFollower:
    """Polls the knowledge revision and rebuilds this replica's index when it changes."""

    def __init__(
        self,
        revision: Callable[[], int],
        documents: Callable[[], Mapping[str, bytes]],
        build_lock: Callable[[], AbstractContextManager[None]],
        knowledge_dir: Path,
        store: IndexStore,
        embedder: Embedder,
        serving: ServingIndex,
        chunk_chars: int,
        interval: float = 1.0,
    ):
        self.revision = revision
        self.documents = documents
        self.build_lock = build_lock
        self.knowledge_dir = Path(knowledge_dir)
        self.store = store
        self.embedder = embedder
        self.serving = serving
        self.chunk_chars = chunk_chars
        self.interval = interval
        self.status = FollowState(built_revision=self.built_revision())
        self._failed_revision: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="knowledge-follow", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def built_revision(self) -> int | None:
        """The revision the index folder's current version was built from (shared by the workers)."""
        try:
            return int((self.store.root / BUILT_REVISION_FILE).read_text("utf-8").split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def follow_once(self) -> bool:
        """Check the revision and catch up if it moved; True when a new index version was built."""
        self.status.checked_at = time.time()
        try:
            revision = self.revision()
        except BotError as exc:
            self.status.state, self.status.error = "database unavailable", exc.message
            return False
        self.status.database_revision = revision
        if revision == 0 or revision == self.status.built_revision == self.built_revision():
            self.status.state, self.status.error = "following", ""
            return False
        if revision == self._failed_revision:
            return False  # not retried every second: the next change (or a restart) tries again
        try:
            with self.build_lock():
                return self._catch_up()
        except BotError as exc:
            logger.warning("knowledge revision %s could not be followed: %s", revision, exc.message)
            self.status.state, self.status.error = "failed", exc.message
        except Exception as exc:  # a crash must end up in the status, not kill the follower
            logger.exception("knowledge follower crashed")
            self.status.state, self.status.error = "failed", str(exc)
        self._failed_revision = revision
        return False

    def _catch_up(self) -> bool:
        # Read again under the lock: a writer may have moved it, and another worker may have built it.
        revision = self.revision()
        if self.built_revision() == revision:
            self.status.built_revision, self.status.state, self.status.error = revision, "following", ""
            return False
        self.status.state = "building"
        changes = mirror(self.knowledge_dir, self.documents())
        current = self.serving.current()
        if changes or current.manifest.files != knowledge_hashes(self.knowledge_dir):
            version, index, stats = run_build(
                self.knowledge_dir, self.store, self.embedder, self.chunk_chars, previous=current
            )
            self.serving.swap(version, index)
            logger.info(
                "knowledge revision %d built as index %s (%d embedded)", revision, version, stats.embedded
            )
            built = True
        else:
            built = False  # the folder already matches the served index (e.g. the replica that seeded)
        self._record(revision)
        self.status.changes = changes
        self.status.built_revision, self.status.state, self.status.error = revision, "following", ""
        return built

    def _record(self, revision: int) -> None:
        tmp = self.store.root / f".{BUILT_REVISION_FILE}.tmp"
        tmp.write_text(f"{revision}\n", encoding="utf-8")
        tmp.replace(self.store.root / BUILT_REVISION_FILE)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.follow_once()
            self._stop.wait(self.interval)
