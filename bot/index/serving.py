"""The index a process serves right now: read with `current()`, replaced with `swap()`."""

from __future__ import annotations

import logging

from bot.index.index import Index

logger = logging.getLogger(__name__)


class ServingIndex:
    """Holds the served index and its version name; a swap is one reference assignment, so a request that
    took `current()` keeps using that index to the end while the next request sees the new one."""

    def __init__(self, index: Index, version: str | None = None):
        self._index = index
        self.version = version

    def current(self) -> Index:
        """The index to search now."""
        return self._index

    def swap(self, version: str | None, index: Index) -> None:
        """Serve `index` from now on."""
        self._index = index
        self.version = version
        logger.info("now serving index version %s", version)
