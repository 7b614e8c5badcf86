"""Prometheus metrics of one app instance (a registry of its own, so tests can build many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """Request counts and latencies by route, and answers by status."""

    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "bot_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "bot_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.answers = Counter("bot_answers", "Answers by status", ["status"], registry=self.registry)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_answer(self, status: str) -> None:
        self.answers.labels(status).inc()

    def render(self) -> bytes:
        """The exposition text."""
        return generate_latest(self.registry)
