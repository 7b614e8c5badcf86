"""Index builds in the background (admin API, --watch): one at a time, with a status to poll."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.errors import BotError
from bot.index.build import run_build
from bot.index.embedders import Embedder
from bot.index.index import Index
from bot.index.versions import IndexStore

logger = logging.getLogger(__name__)


@dataclass
class BuildState:
    """What the background build is doing, for GET /api/admin/index."""

    state: str = "idle"  # idle | running | succeeded | failed
    started_at: float | None = None
    finished_at: float | None = None
    done: int = 0
    total: int = 0
    model: str = ""  # the embedder whose vectors are being computed (one after the other)
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
        self._again = False  # a change arrived while a build ran: build once more when it ends

    def request(self) -> BuildState:
        """Start an incremental build, or, when one is running, make sure another follows it (the running
        one may have read the folder before the latest change). Returns the state now."""
        with self._lock:
            running = self.status.state == "running"
            if running:
                self._again = True
        if not running and not self.start():
            with self._lock:
                self._again = True
        return self.status

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

    def _progress(self, done: int, total: int, model: str = "") -> None:
        self.status.done, self.status.total = done, total
        self.status.model = model

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
            again, self._again = self._again, False
        if again:
            self.start()
