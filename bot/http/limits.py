"""Rate limits kept in process memory: wrong admin tokens, hand-offs and feedback per client address.

A small sliding-window counter rather than slowapi: three fixed limits need no decorator framework or
storage backend, and the counts are checked where the route already is. Each worker process counts on its
own (with N workers a client gets up to N times the limit), which still turns 451 guesses a second into a
handful a minute. Behind a reverse proxy, run uvicorn with --proxy-headers so the client address is the
worker's, not the proxy's.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings

# Addresses remembered per limiter; the least recently seen are forgotten first, bounding memory.
MAX_KEYS = 10_000


class RateLimiter:
    """At most `limit` events per `window` seconds for each key."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        self._events.move_to_end(key)
        while events and events[0] <= now - self.window:
            events.popleft()
        while len(self._events) > MAX_KEYS:
            self._events.popitem(last=False)
        return events

    def blocked(self, key: str) -> bool:
        """Whether `key` has used up its events in the current window (nothing is recorded)."""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def record(self, key: str) -> None:
        """Count one event for `key`."""
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def allow(self, key: str) -> bool:
        """Count one event for `key` if the limit allows it; False (nothing counted) when it does not."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True


@dataclass
class Limits:
    """The app's limiters, one per kind of request."""

    auth_failures: RateLimiter
    handoffs: RateLimiter
    feedback: RateLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            RateLimiter(settings.auth_failures_per_minute),
            RateLimiter(settings.handoffs_per_minute),
            RateLimiter(settings.feedback_per_minute),
        )
