"""Keeps a serving process on the current index version, and rebuilds when the knowledge folder changes."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.errors import IndexMismatchError, IndexMissingError
from bot.index.build import check_index
from bot.index.embedders import Embedder
from bot.index.index import Index
from bot.index.serving import ServingIndex
from bot.index.versions import IndexStore
from bot.knowledge.folder import knowledge_hashes

logger = logging.getLogger(__name__)

# Characters of a load error kept as the reason for a fallback.
REASON_CHARS = 300


def open_serving(store: IndexStore, embedder: Embedder) -> ServingIndex:
    """The version CURRENT names, or else the newest one on disk that loads and answers its own question.

    A damaged current version (truncated or random vectors, broken JSON, a damaged lexical folder, an
    unreadable CURRENT) must not stop start-up while an older good version is on disk: that one is served,
    and the log, /readyz and GET /api/admin/index say which and why. IndexMissingError when nothing was
    ever built; IndexMismatchError listing every failure when no version is usable.
    """
    versions = store.versions()
    if not versions:
        raise IndexMissingError(f"还没有索引（{store.root}）：请先运行 bot index build")
    pointer = store.pointer()
    failures: list[tuple[str, str]] = []
    if pointer is None:
        failures.append(("CURRENT", "CURRENT 文件缺失、为空或无法读取"))
    elif pointer not in versions:
        failures.append((pointer[:100], "CURRENT 指向的版本目录不存在"))
    candidates = [pointer] if pointer in versions else []
    candidates += [v for v in reversed(versions) if v != pointer]
    for version in candidates:
        try:
            index = Index.load(store.version_path(version), embedder)
            check_index(index, embedder)
        except Exception as exc:  # faiss, numpy, json and bm25s each fail differently on damaged files
            detail = str(getattr(exc, "message", None) or exc or type(exc).__name__)
            reason = f"无法加载或自检失败：{detail}"[:REASON_CHARS]
            logger.error("index version %s cannot be served: %s", version, reason)
            failures.append((version, reason))
            continue
        if not failures:
            return ServingIndex(index, version)
        damaged, reason = failures[0]
        logger.warning(
            "serving index version %s in place of %s, which is unusable: %s", version, damaged, reason
        )
        return ServingIndex(index, version, fallback_from=damaged, reason=reason)
    listed = "；".join(f"{version}：{reason}" for version, reason in failures)
    raise IndexMismatchError(f"没有可用的索引版本（{listed}）。请运行 bot index build 重建")


class IndexReloader:
    """Swaps the served index when CURRENT names a new version.

    Every worker process polls the tiny CURRENT file (at most once per `check_every` seconds, on requests)
    and loads a new version in a background thread, so requests keep being served by the old version
    until the new one is ready; the swap itself is one reference assignment.
    """

    def __init__(
        self, store: IndexStore, embedder: Embedder, serving: ServingIndex, check_every: float = 1.0
    ):
        self.store = store
        self.embedder = embedder
        self.serving = serving
        self.check_every = check_every
        self.last_error = ""
        # A version that failed to load is not tried again until CURRENT names another one.
        self._failed: str | None = serving.fallback_from
        self._checked = time.monotonic()
        self._loading = threading.Lock()

    @property
    def version(self) -> str | None:
        """The version being served."""
        return self.serving.version

    def maybe_reload(self) -> None:
        """Start loading the current version in the background if it is not the one being served."""
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        self._checked = now
        version = self.store.current_version()
        if version in (None, self.version, self._failed) or not self._loading.acquire(blocking=False):
            return
        threading.Thread(target=self._load, args=(version,), name="index-reload", daemon=True).start()

    def reload_now(self) -> None:
        """Load the current version in this thread (tests and start-up)."""
        version = self.store.current_version()
        if version and version != self.version:
            with self._loading:
                self._load_locked(version)

    def _load(self, version: str) -> None:
        try:
            self._load_locked(version)
        finally:
            self._loading.release()

    def _load_locked(self, version: str) -> None:
        try:
            index = Index.load(self.store.version_path(version), self.embedder)
        except Exception as exc:  # faiss raises RuntimeError for a pruned or damaged file; keep serving
            self.last_error = str(getattr(exc, "message", exc))[:REASON_CHARS]
            self._failed = version
            logger.error("could not load index version %s: %s", version, self.last_error)
            return
        if self.store.current_version() != version:
            # A newer version was published (and maybe swapped in by this process's own build) while this
            # one loaded: installing it now would step back; the next check picks up the current one.
            logger.info("index version %s is no longer current; not swapping it in", version)
            return
        self.serving.swap(version, index)


class KnowledgeWatcher:
    """Polls the knowledge folder and calls `rebuild()` once changes have settled (debounced)."""

    def __init__(
        self,
        knowledge_dir: Path,
        current_files: Callable[[], dict],
        rebuild: Callable[[], object],
        interval: float = 2.0,
    ):
        self.knowledge_dir = knowledge_dir
        self.current_files = current_files
        self.rebuild = rebuild
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="knowledge-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        pending: dict | None = None
        attempted: dict | None = None  # a state that failed to build is not retried until it changes again
        while not self._stop.wait(self.interval):
            try:
                seen = knowledge_hashes(self.knowledge_dir)
            except OSError as exc:
                logger.warning("cannot read %s: %s", self.knowledge_dir, exc)
                continue
            if seen == self.current_files() or seen == attempted:
                pending = None
            elif seen == pending:
                # Unchanged for one whole interval: the editor has finished writing.
                logger.info("knowledge folder changed; rebuilding")
                if self.rebuild() is False:
                    continue  # a build is already running: keep the change pending and try again
                attempted, pending = seen, None
            else:
                pending = seen
