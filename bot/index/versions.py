"""Versioned index directories under one root, with a CURRENT pointer swapped atomically."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.errors import IndexMissingError
from bot.index.embedders import Embedder
from bot.index.index import FORMAT_VERSION, MANIFEST_FILE, Index, Manifest
from bot.knowledge.folder import knowledge_hashes

logger = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
KEEP_VERSIONS = 2
# A leftover build folder whose process cannot be told apart from a live one is removed after this long.
LEFTOVER_SECONDS = 3600


class IndexStore:
    """Versioned index directories under one root, with a CURRENT pointer swapped atomically.

    Layout: `<root>/versions/<version>/` holds one complete index; `<root>/CURRENT` names the one in use.
    A build writes into a hidden temporary directory, renames it into `versions/`, then replaces CURRENT,
    so readers never see a half-written index and a failed or killed build leaves the old one current.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    # Temporary build folders being written by this process, so a concurrent build never removes them.
    _writing: set[Path] = set()
    _writing_lock = threading.Lock()

    def current_version(self) -> str | None:
        """Name of the version CURRENT points to, or None when nothing has been built (or CURRENT is
        unreadable, or names a folder without a manifest)."""
        name = self.pointer()
        return name if name and (self.version_path(name) / MANIFEST_FILE).is_file() else None

    def pointer(self) -> str | None:
        """What CURRENT says, if it is a plausible version name (binary or empty content gives None)."""
        try:
            raw = (self.root / CURRENT_FILE).read_bytes()[:200]
        except OSError:
            return None
        try:
            name = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            return None
        if not name or name.startswith(".") or not name.isprintable() or "/" in name or "\\" in name:
            return None
        return name

    def versions(self) -> list[str]:
        """Names of the published versions on disk, oldest first (names sort in build order)."""
        folder = self.root / VERSIONS_DIR
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def version_path(self, version: str) -> Path:
        """Directory of one version."""
        return self.root / VERSIONS_DIR / version

    def current_path(self) -> Path:
        """Directory of the version in use; IndexMissingError when there is none."""
        version = self.current_version()
        if version is None:
            raise IndexMissingError(f"还没有索引（{self.root}）：请先运行 bot index build")
        return self.version_path(version)

    def load(self, embedder: Embedder) -> Index:
        """Load the current version."""
        return Index.load(self.current_path(), embedder)

    def publish(self, index: Index, verify: Callable[[Path], None] | None = None) -> str:
        """Save `index` as a new version, check it, make it current, and prune all but the newest versions.

        `verify(path)` runs on the saved version before CURRENT moves; if it raises, the version is removed
        and the previous one stays current.
        """
        versions = self.root / VERSIONS_DIR
        versions.mkdir(parents=True, exist_ok=True)
        # Names must sort in build order (pruning keeps the last ones by name): date, time and the
        # nanoseconds within that second all come from one clock reading; the pid keeps them unique.
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**9))
        version = f"{stamp}-{now % 10**9:09d}-{os.getpid()}"
        tmp = versions / f".tmp-{version}"
        pointer_tmp = self.root / f".{CURRENT_FILE}.{version}"
        with self._writing_lock:
            self._writing.update((tmp, pointer_tmp))
        try:
            self._remove_leftovers()
            self._save_version(index, tmp, versions / version, verify)
            index.directory = versions / version
            with open(pointer_tmp, "w", encoding="utf-8") as fh:
                fh.write(version + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(pointer_tmp, self.root / CURRENT_FILE)
            _fsync_dir(self.root)
        finally:
            with self._writing_lock:
                self._writing.difference_update((tmp, pointer_tmp))
        self._prune(keep=version)
        logger.info("index version %s is current", version)
        return version

    @staticmethod
    def _save_version(index: Index, tmp: Path, target: Path, verify: Callable[[Path], None] | None) -> None:
        """Write the version into `tmp`, flush it to disk, check it, and rename it to `target`."""
        try:
            index.save(tmp)
            _fsync_tree(tmp)
            if verify is not None:
                verify(tmp)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def _prune(self, keep: str) -> None:
        versions = self.root / VERSIONS_DIR
        finished = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
        for old in finished[:-KEEP_VERSIONS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)

    def _remove_leftovers(self) -> None:
        """Remove build folders and pointer files left by killed builds: any of this process that no build
        here is writing, and another process's once that process is gone (or after LEFTOVER_SECONDS)."""
        versions = self.root / VERSIONS_DIR
        leftovers = [*versions.glob(".tmp-*"), *self.root.glob(f".{CURRENT_FILE}.*")]
        for leftover in leftovers:
            with self._writing_lock:
                if leftover in self._writing:
                    continue
            if _writer_may_be_alive(leftover):
                continue
            logger.info("removing %s, left by an interrupted build", leftover)
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _writer_may_be_alive(leftover: Path) -> bool:
    """Whether another live process may still be writing `leftover` (its name ends with the writer's pid)."""
    try:
        pid = int(leftover.name.rsplit("-", 1)[-1])
    except ValueError:
        pid = 0
    if pid == os.getpid():
        return False  # this process's builds register what they write; anything else here is left over
    try:
        age = time.time() - leftover.stat().st_mtime
    except OSError:
        return True  # already gone
    if age > LEFTOVER_SECONDS:
        return False
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a live process of another user
    return True


def _fsync_tree(folder: Path) -> None:
    """Flush every file below `folder`, then each folder, to disk (a power cut must not leave a published
    version with empty files)."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (names created or renamed in it) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_stale(
    store: IndexStore, knowledge_dir: Path, embedder_name: str | None = None, also: tuple[str, ...] = ()
) -> bool:
    """True when there is no index, or the knowledge files (or the embedder kind) differ from the manifest,
    or it lacks vectors of a further embedder named in `also`, or it was built before the term-translation
    table (its manifest has no "translation" entry: `make serve` then builds one)."""
    if store.current_version() is None:
        return True
    try:
        raw = json.loads((store.current_path() / MANIFEST_FILE).read_text("utf-8"))
        manifest = Manifest.from_dict(raw)
    except (ValueError, TypeError, OSError):
        return True
    if "translation" not in raw:
        return True
    if manifest.format != FORMAT_VERSION:
        return True
    if embedder_name and not str(manifest.embedder).startswith(embedder_name):
        return True
    if any(not any(c.startswith(name + "/") for c in manifest.channel_ids()) for name in also):
        return True
    return manifest.files != knowledge_hashes(knowledge_dir)
