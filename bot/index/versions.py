"""Versioned index directories under one root, with a CURRENT pointer swapped atomically."""

from __future__ import annotations

import logging
import os
import shutil
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


class IndexStore:
    """Versioned index directories under one root, with a CURRENT pointer swapped atomically.

    Layout: `<root>/versions/<version>/` holds one complete index; `<root>/CURRENT` names the one in use.
    A build writes into a hidden temporary directory, renames it into `versions/`, then replaces CURRENT,
    so readers never see a half-written index and a failed or killed build leaves the old one current.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def current_version(self) -> str | None:
        """Name of the version in use, or None when nothing has been built."""
        try:
            name = (self.root / CURRENT_FILE).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.version_path(name) / MANIFEST_FILE).is_file() else None

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
        try:
            index.save(tmp)
            if verify is not None:
                verify(tmp)
            os.replace(tmp, versions / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        index.directory = versions / version
        pointer_tmp = self.root / f".{CURRENT_FILE}.{version}"
        pointer_tmp.write_text(version + "\n", encoding="utf-8")
        os.replace(pointer_tmp, self.root / CURRENT_FILE)
        self._prune(keep=version)
        logger.info("index version %s is current", version)
        return version

    def _prune(self, keep: str) -> None:
        versions = self.root / VERSIONS_DIR
        finished = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
        for old in finished[:-KEEP_VERSIONS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)
        for leftover in versions.glob(".tmp-*"):
            # Left by a killed build; an active build in another process is younger than an hour.
            if time.time() - leftover.stat().st_mtime > 3600:
                shutil.rmtree(leftover, ignore_errors=True)


def is_stale(
    store: IndexStore, knowledge_dir: Path, embedder_name: str | None = None, also: tuple[str, ...] = ()
) -> bool:
    """True when there is no index, or the knowledge files (or the embedder kind) differ from the manifest,
    or it lacks vectors of a further embedder named in `also`."""
    if store.current_version() is None:
        return True
    try:
        manifest = Manifest.read(store.current_path())
    except (ValueError, TypeError):
        return True
    if manifest.format != FORMAT_VERSION:
        return True
    if embedder_name and not str(manifest.embedder).startswith(embedder_name):
        return True
    if any(not any(c.startswith(name + "/") for c in manifest.channel_ids()) for name in also):
        return True
    return manifest.files != knowledge_hashes(knowledge_dir)
