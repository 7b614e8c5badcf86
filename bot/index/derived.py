"""Values derived from an index version (a scope classifier, term lists, statistics over its vectors).

Each is computed once per version, under a lock: questions arriving together while it is computed wait for that
one computation instead of each repeating it (at 10,000 snippets the hub statistics alone took seconds, and four
first questions computing them side by side took 36 s). The last two versions are kept, so the version being
prepared before it is swapped in and the one still serving until then both stay warm.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from bot.index.index import Index

KEEP = 2  # versions kept: the one serving and the one being prepared


class PerIndex:
    """`get(index, key, make)`: `make()` once per (index version, key)."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self._entries: list[tuple[Index, dict[Any, Any]]] = []
        self._lock = threading.RLock()  # reentrant: one derived value may be made from another

    def values(self, index: Index) -> dict[Any, Any]:
        """The values derived from `index` so far (a new, empty dict for a version not seen yet)."""
        with self._lock:
            for held, values in self._entries:
                if held is index:
                    return values
            values: dict[Any, Any] = {}
            self._entries = [*self._entries, (index, values)][-self.keep :]
            return values

    def get(self, index: Index, key: Any, make: Callable[[], Any]) -> Any:
        """The value under `key` for `index`, made now when missing."""
        values = self.values(index)
        if key not in values:
            with self._lock:
                if key not in values:
                    values[key] = make()
        return values[key]
