"""Index builds as a job: validate, build incrementally, verify, publish — from the CLI or in the background."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.embed import Embedder
from bot.errors import BotError, IndexMismatchError
from bot.index import BuildStats, Index, IndexStore, load_previous, rebuild_index
from bot.knowledge import read_knowledge
from bot.retrieve import Retriever

logger = logging.getLogger(__name__)

# The self-check passes when the probe question's own snippet is among this many hits.
SELF_CHECK_K = 5


def self_check(path: Path, embedder: Embedder) -> None:
    """Load a freshly saved version and ask it one of its own sample questions; raise if it can't answer."""
    index = Index.load(path, embedder)
    if index.count() == 0:
        raise IndexMismatchError("新索引是空的，未启用")
    probe = next((c for c in index.chunks if c.questions), index.chunks[0])
    question = probe.questions[0] if probe.questions else probe.title
    hits = Retriever(embedder, index).search(question, k=SELF_CHECK_K).hits
    # Large collections repeat sample questions word for word; a hit that owns the same question also
    # shows the vectors and the lexical side line up with their chunks.
    if not any(hit.chunk.snippet_id == probe.snippet_id or question in hit.chunk.questions for hit in hits):
        raise IndexMismatchError(f"新索引自检失败：问题“{question}”没有检索到条目 {probe.snippet_id}，未启用")


def run_build(
    knowledge_dir: Path,
    store: IndexStore,
    embedder: Embedder,
    chunk_chars: int = 500,
    full: bool = False,
    previous: Index | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, Index, BuildStats]:
    """Validate the folder, build (reusing unchanged files' vectors unless `full`), self-check, publish."""
    snippets = read_knowledge(knowledge_dir)
    if previous is None:
        # Loaded even for a full build: the summary of added/changed/removed files compares against it.
        previous = load_previous(store, embedder)
    return rebuild_index(
        snippets,
        embedder,
        store,
        chunk_chars,
        progress,
        previous=previous,
        verify=lambda path: self_check(path, embedder),
        full=full,
    )


@dataclass
class BuildState:
    """What the background build is doing, for GET /api/admin/index."""

    state: str = "idle"  # idle | running | succeeded | failed
    started_at: float | None = None
    finished_at: float | None = None
    done: int = 0
    total: int = 0
    error: str = ""
    version: str = ""
    stats: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class BuildJob:
    """Runs one build at a time in a background thread; `on_success(version, index)` swaps it in."""

    def __init__(
        self,
        knowledge_dir: Path,
        store: IndexStore,
        embedder: Embedder,
        chunk_chars: int,
        current: Callable[[], Index | None],
        on_success: Callable[[str, Index], None],
    ):
        self.knowledge_dir = knowledge_dir
        self.store = store
        self.embedder = embedder
        self.chunk_chars = chunk_chars
        self.current = current
        self.on_success = on_success
        self.status = BuildState()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self, full: bool = False) -> bool:
        """Start a build unless one is running; True when started."""
        with self._lock:
            if self.status.state == "running":
                return False
            self.status = BuildState(state="running", started_at=time.time())
            self._thread = threading.Thread(target=self._run, args=(full,), name="index-build", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> BuildState:
        """Block until the running build ends (tests, `--watch`)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status

    def _progress(self, done: int, total: int) -> None:
        self.status.done, self.status.total = done, total

    def _run(self, full: bool) -> None:
        try:
            version, index, stats = run_build(
                self.knowledge_dir,
                self.store,
                self.embedder,
                self.chunk_chars,
                full=full,
                previous=self.current(),
                progress=self._progress,
            )
            self.on_success(version, index)
        except BotError as exc:
            logger.warning("index build failed: %s", exc.message)
            self._finish("failed", error=exc.message)
        except Exception as exc:  # a crash must end up in the status, not kill the server
            logger.exception("index build crashed")
            self._finish("failed", error=f"构建失败：{exc}")
        else:
            self._finish("succeeded", version=version, stats=asdict(stats))

    def _finish(self, state: str, **fields) -> None:
        with self._lock:
            self.status.state = state
            self.status.finished_at = time.time()
            for name, value in fields.items():
                setattr(self.status, name, value)
