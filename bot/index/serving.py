"""The index a process serves right now: read with `current()`, replaced with `swap()`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.index.index import Index

logger = logging.getLogger(__name__)


class ServingIndex:
    """Holds the served index and its version name; a swap is one reference assignment, so a request that
    took `current()` keeps using that index to the end while the next request sees the new one."""

    def __init__(
        self, index: Index, version: str | None = None, fallback_from: str | None = None, reason: str = ""
    ):
        self._index = index
        self.version = version
        # Set when start-up served an older version because the current one was damaged: which, and why.
        self.fallback_from = fallback_from
        self.fallback_reason = reason
        self._preparers: list[Callable[[Index], None]] = []

    def prepare_with(self, preparer: Callable[[Index], None]) -> None:
        """Run `preparer(index)` on every index before it is swapped in (what answers derive from it), so the
        first questions on a new version do not wait for it. A preparer that fails is logged; the swap goes on
        and the value is derived at the first question instead."""
        self._preparers.append(preparer)

    def current(self) -> Index:
        """The index to search now."""
        return self._index

    def fallback(self) -> dict:
        """{"fallback_from", "reason"} while an older version is served in place of a damaged current one."""
        if self.fallback_from is None:
            return {}
        return {"fallback_from": self.fallback_from, "reason": self.fallback_reason}

    def swap(self, version: str | None, index: Index) -> None:
        """Serve `index` from now on (once the preparers have run on it)."""
        for prepare in self._preparers:
            try:
                prepare(index)
            except Exception:  # noqa: BLE001 (a warm-up must never stop a new version from serving)
                logger.exception("preparing index version %s failed; it serves unprepared", version)
        self._index = index
        self.version = version
        self.fallback_from, self.fallback_reason = None, ""
        logger.info("now serving index version %s", version)
