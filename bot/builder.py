"""Index builds as a job: validate, build incrementally, verify, publish — from the CLI or in the background."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from bot.embed import Embedder
from bot.errors import BotError, IndexMismatchError, KnowledgeError
from bot.index import BuildStats, Index, IndexStore, Unchanged, load_previous, rebuild_index
from bot.knowledge import Problem, Snippet, file_hash, parse_snippet, read_knowledge, snippet_files
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


def read_changed_knowledge(
    knowledge_dir: Path, known: dict[str, tuple[str, str]]
) -> list[Snippet | Unchanged]:
    """Like `read_knowledge`, but a file whose content hash is in `known` (path -> (sha256, snippet id), from
    the previous version) is not parsed again: it was valid then and is identical now.

    Parsing is most of the validation time (YAML), so an incremental build only pays for the files that
    changed; the duplicate-id check still covers every file.
    """
    directory = Path(knowledge_dir)
    if not directory.is_dir():
        raise KnowledgeError(f"知识库目录不存在：{directory}")
    sources: list[Snippet | Unchanged] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in snippet_files(directory):
        rel = file.relative_to(directory).as_posix()
        data = file.read_bytes()
        sha256 = file_hash(data)
        old = known.get(rel)
        if old is not None and old[0] == sha256:
            source: Snippet | Unchanged = Unchanged(rel, sha256)
            snippet_id = old[1]
        else:
            snippet, found = parse_snippet(data, rel)
            problems.extend(found)
            if snippet is None:
                continue
            source, snippet_id = snippet, snippet.id
        if snippet_id in seen:
            problems.append(Problem(rel, "id", f"“{snippet_id}”与 {seen[snippet_id]} 重复"))
            continue
        seen[snippet_id] = rel
        sources.append(source)
    for problem in problems:
        if problem.level != "error":
            logger.warning("%s", problem)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        lines = "\n".join(str(p) for p in errors)
        raise KnowledgeError(f"知识库有 {len(errors)} 处错误：\n{lines}", errors)
    if not sources:
        raise KnowledgeError(f"知识库目录中没有任何 .md 知识条目：{directory}")
    return sources


def known_files(previous: Index | None, chunk_chars: int) -> dict[str, tuple[str, str]]:
    """Path -> (sha256, snippet id) of the files whose chunks the previous version can hand over."""
    if previous is None or previous.manifest.get("chunk_chars") != chunk_chars:
        return {}
    hashes = previous.manifest.get("files", {})
    return {c.path: (hashes[c.path], c.snippet_id) for c in previous.chunks if c.path in hashes}


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
    started = time.perf_counter()
    if previous is None:
        # Loaded even for a full build: the summary of added/changed/removed files compares against it.
        previous = load_previous(store, embedder)
    if full:
        snippets = read_knowledge(knowledge_dir)
    else:
        snippets = read_changed_knowledge(knowledge_dir, known_files(previous, chunk_chars))
    version, index, stats = rebuild_index(
        snippets,
        embedder,
        store,
        chunk_chars,
        progress,
        previous=previous,
        verify=lambda path: self_check(path, embedder),
        full=full,
    )
    # The time reported covers the whole job, validation included.
    return version, index, replace(stats, seconds=time.perf_counter() - started)


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
