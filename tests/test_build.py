"""Incremental builds (bot.index, bot.builder, `bot index build`): reuse, verify-then-publish, killed builds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import PROJECT_ROOT, SNIPPETS, FakeEmbedder, write_snippet
from fastapi.testclient import TestClient

import bot.index.build
import bot.index.embedders
import bot.runtime
from bot.cli import main
from bot.config import Settings
from bot.errors import IndexMismatchError
from bot.http.app import create_app
from bot.index.build import build_index, run_build, self_check
from bot.index.search import Retriever
from bot.index.versions import IndexStore
from bot.knowledge.folder import read_knowledge

QUERIES = ["老板拖欠工资怎么办", "产假有多少天", "广东高温津贴多少钱", "工伤认定多久内要申请", "年假"]


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, remembering every text it was asked to embed."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return super().embed(texts)


def ranking(index, embedder, query: str) -> list[tuple[str, float]]:
    hits = Retriever(embedder, index).search(query, k=5).hits
    return [(hit.chunk.id, round(hit.score, 6)) for hit in hits]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def versions(store: IndexStore) -> list[str]:
    return sorted(p.name for p in (store.root / "versions").iterdir())


@pytest.fixture
def first(knowledge_dir, index_store):
    """The tiny folder built once: (store, version, index)."""
    version, index, stats = run_build(knowledge_dir, index_store, FakeEmbedder())
    assert stats.embedded == stats.vectors == len(SNIPPETS) * 4
    assert stats.added == tuple(sorted(index.manifest.files)) and not stats.changed + stats.removed
    return index_store, version, index


# --- incremental builds ----------------------------------------------------------------------------------


def test_unchanged_folder_embeds_nothing_and_searches_the_same(first, knowledge_dir):
    store, _, index = first
    embedder = CountingEmbedder()
    version, again, stats = run_build(knowledge_dir, store, embedder)
    assert stats.embedded == 0 and stats.vectors == index.dense.count()
    assert not stats.added + stats.changed + stats.removed
    # Only the self-check's one probe question went through the model.
    assert len(embedder.texts) == 1
    assert store.current_version() == version
    reloaded = store.load(embedder)
    for query in QUERIES:
        assert ranking(reloaded, embedder, query) == ranking(index, embedder, query)
    assert reloaded.chunks == index.chunks and list(reloaded.sentences) == list(index.sentences)
    assert np.array_equal(
        reloaded.dense.matrix(),
        index.dense.matrix(),
    )


def test_one_changed_file_embeds_only_its_vectors(first, knowledge_dir):
    store, _, _ = first
    path = knowledge_dir / "工资" / "wage-arrears.md"
    edit(path, "讨薪时请保留考勤记录", "讨薪时请务必保留考勤记录")
    embedder = CountingEmbedder()
    _, index, stats = run_build(knowledge_dir, store, embedder)
    questions = SNIPPETS["wage-arrears"]["questions"]
    assert stats.embedded == 1 + len(questions)
    assert stats.changed == ("工资/wage-arrears.md",) and not stats.added + stats.removed
    chunk = index.chunk("wage-arrears")
    assert embedder.texts[: stats.embedded] == [chunk.passage(), *questions]
    assert "务必" in chunk.text
    # The fresh vectors sit in the changed chunk's rows: its own question finds it at cosine ~1.
    hits = index.search_dense(FakeEmbedder().embed([questions[1]])[0], 1)
    assert index.chunks[hits[0][0]].id == "wage-arrears" and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert any("务必" in s.text for s in index.sentences[index.position("wage-arrears")])


def test_added_and_removed_files_are_reported_and_pruned(first, knowledge_dir):
    store, _, _ = first
    (knowledge_dir / "工会" / "union-join.md").unlink()
    write_snippet(
        knowledge_dir, "night-shift", title="夜班津贴按单位规定发放", questions=["夜班有补贴吗"] * 3
    )
    _, index, stats = run_build(knowledge_dir, store, CountingEmbedder())
    assert stats.added == ("topic/night-shift.md",) and stats.removed == ("工会/union-join.md",)
    assert not stats.changed and stats.embedded == 4
    assert index.chunk("union-join") is None and index.snippet_chunks("union-join") == []
    assert index.chunk("night-shift") is not None
    loaded = store.load(FakeEmbedder())
    assert "工会/union-join.md" not in loaded.manifest.files
    assert all(c.snippet_id != "union-join" for c in loaded.chunks)
    assert loaded.dense.count() == len(SNIPPETS) * 4 and set(loaded.dense.vector_chunk) == set(
        range(loaded.count())
    )


def change_folder(knowledge_dir: Path) -> None:
    """One file edited, one removed, one added."""
    edit(knowledge_dir / "工资" / "wage-arrears.md", "讨薪时", "讨要工资时")
    (knowledge_dir / "工会" / "union-join.md").unlink()
    write_snippet(
        knowledge_dir, "night-shift", title="夜班津贴按单位规定发放", questions=["夜班有补贴吗"] * 3
    )


def assert_same_index(built, expected, embedder) -> None:
    """Same chunks, vectors, BM25 scores, sentence units and rankings, whichever way the index was built."""
    assert built.chunks == expected.chunks
    assert np.array_equal(built.dense.vector_chunk, expected.dense.vector_chunk)
    assert np.allclose(
        built.dense.matrix(),
        expected.dense.matrix(),
    )
    assert list(built.sentences) == list(expected.sentences)
    for query in [*QUERIES, "夜班补贴", "讨要工资", "工会入会"]:
        assert built.search_lexical(query, 10) == expected.search_lexical(query, 10)
        assert ranking(built, embedder, query) == ranking(expected, embedder, query)


def test_incremental_build_equals_a_full_build(first, knowledge_dir):
    store, _, _ = first
    change_folder(knowledge_dir)
    _, incremental, stats = run_build(knowledge_dir, store, FakeEmbedder())
    assert stats.embedded == 8  # the edited and the added file, 4 vectors each
    expected = build_index(read_knowledge(knowledge_dir), FakeEmbedder())
    assert_same_index(incremental, expected, FakeEmbedder())
    assert_same_index(store.load(FakeEmbedder()), expected, FakeEmbedder())


def test_version_saved_without_lexical_tokens_is_still_reused(first, knowledge_dir):
    store, _, _ = first
    for name in ("lexical_tokens.npz", "lexical_vocab.json"):  # as written by earlier code
        (store.current_path() / name).unlink()
    change_folder(knowledge_dir)
    _, index, stats = run_build(knowledge_dir, store, FakeEmbedder())
    assert stats.embedded == 8
    assert_same_index(index, build_index(read_knowledge(knowledge_dir), FakeEmbedder()), FakeEmbedder())
    assert (store.current_path() / "lexical_tokens.npz").is_file()


def test_damaged_sentence_rows_fail_at_load_not_on_a_question(first):
    store, _, _ = first
    path = store.current_path() / "sentences.json"
    rows = json.loads(path.read_text("utf-8"))
    del rows[3][0]["tokens"]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="sentences.json"):
        store.load(FakeEmbedder())


def test_full_build_embeds_everything_again(first, knowledge_dir):
    store, _, index = first
    _, again, stats = run_build(knowledge_dir, store, CountingEmbedder(), full=True)
    assert stats.embedded == stats.vectors == index.dense.count()
    assert not stats.added + stats.changed + stats.removed  # nothing changed in the folder


def test_chunk_size_change_embeds_everything_again(first, knowledge_dir):
    store, _, index = first
    _, smaller, stats = run_build(knowledge_dir, store, CountingEmbedder(), chunk_chars=100)
    assert smaller.manifest.chunk_chars == 100 and smaller.count() > index.count()
    assert stats.embedded == stats.vectors == smaller.dense.count()


def test_unloadable_previous_index_means_a_clean_build(first, knowledge_dir):
    store, _, _ = first
    (store.current_path() / "sentences.json").write_text("[[", encoding="utf-8")  # a damaged disk
    version, _, stats = run_build(knowledge_dir, store, FakeEmbedder())
    assert store.current_version() == version and stats.embedded == stats.vectors


def test_cli_prints_what_changed(first, knowledge_dir, monkeypatch):
    store, _, _ = first
    monkeypatch.setattr(bot.runtime, "load_embedder", lambda *args, **kwargs: FakeEmbedder())
    edit(knowledge_dir / "工资" / "wage-arrears.md", "讨薪时", "讨要工资时")
    (knowledge_dir / "工会" / "union-join.md").unlink()
    write_snippet(knowledge_dir, "night-shift", title="夜班津贴按单位规定发放")
    env = {"BOT_KNOWLEDGE_DIR": str(knowledge_dir), "BOT_INDEX_DIR": str(store.root)}
    result = CliRunner().invoke(main, ["index", "build"], env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "本次新算 8 条" in out and "用时" in out
    assert "新增 1 个，修改 1 个，删除 1 个文件" in out
    assert "  新增 topic/night-shift.md" in out
    assert "  修改 工资/wage-arrears.md" in out
    assert "  删除 工会/union-join.md" in out

    again = CliRunner().invoke(main, ["index", "build"], env=env)
    assert again.exit_code == 0 and "本次新算 0 条" in again.stdout
    assert "新增 0 个，修改 0 个，删除 0 个文件" in again.stdout
    full = CliRunner().invoke(main, ["index", "build", "--full"], env=env)
    assert full.exit_code == 0 and f"本次新算 {len(SNIPPETS) * 4} 条" in full.stdout
    assert "新增 0 个，修改 0 个，删除 0 个文件" in full.stdout


# --- verify before publishing --------------------------------------------------------------------------


def test_failing_verify_keeps_the_previous_version_and_removes_the_new_one(first, knowledge_dir):
    store, before, _ = first
    write_snippet(knowledge_dir, "night-shift", title="夜班津贴按单位规定发放")
    seen = []

    def verify(path: Path) -> None:
        seen.append(path)
        assert (path / "manifest.json").is_file() and path.name.startswith(".tmp-")
        raise IndexMismatchError("自检失败")

    snippets = read_knowledge(knowledge_dir)
    with pytest.raises(IndexMismatchError):
        store.publish(build_index(snippets, FakeEmbedder()), verify=verify)
    assert store.current_version() == before and versions(store) == [before]
    assert not seen[0].exists()
    assert store.load(FakeEmbedder()).chunk("night-shift") is None


class RandomEmbedder(FakeEmbedder):
    """A broken model: the same name and size as the fake, but noise instead of meaning."""

    def __init__(self):
        super().__init__()
        self._rng = np.random.default_rng(0)

    def embed(self, texts):
        return bot.index.embedders.normalise(self._rng.normal(size=(len(texts), self.dim)))


def test_self_check_rejects_an_index_that_cannot_find_its_own_snippet(tmp_path, monkeypatch):
    folder = tmp_path / "knowledge"
    for n in range(60):
        questions = [f"第{n}号问题之一", f"第{n}号问题之二", f"第{n}号问题之三"]
        write_snippet(folder, f"rule-{n:02d}", title=f"第{n}条规则", questions=questions)
    store = IndexStore(tmp_path / "index")
    before = run_build(folder, store, FakeEmbedder())[0]
    # Noise vectors, and a lexical side that indexes nothing: the probe question cannot find its snippet.
    monkeypatch.setattr(bot.index.build, "lexical_text", lambda chunk: "")
    with pytest.raises(IndexMismatchError, match="自检失败"):
        run_build(folder, store, RandomEmbedder(), full=True)
    assert store.current_version() == before and versions(store) == [before]
    assert not list((store.root / "versions").glob(".tmp-*"))


def test_self_check_passes_a_working_index(built, fake_embedder):
    store, _ = built
    self_check(store.current_path(), fake_embedder)


def test_self_check_accepts_a_probe_question_shared_by_several_snippets(tmp_path, fake_embedder):
    # Large collections repeat sample questions; an exact match on another snippet is still a working index.
    folder = tmp_path / "knowledge"
    shared = ["工资被拖欠怎么办", "去哪里投诉", "能要求赔偿吗"]
    for n in range(12):
        write_snippet(folder, f"rule-{n:02d}", title=f"第{n}条规则", questions=shared, body="规定" * 60)
    store = IndexStore(tmp_path / "index")
    version, _, _ = run_build(folder, store, fake_embedder)
    assert store.current_version() == version


# --- a build killed mid-way ---------------------------------------------------------------------------------

# Runs the real `bot index build` with the fake model, stalling at one stage so the test can kill it there.
KILLED_BUILD = """
import sys, time
sys.path.insert(0, {tests!r})
from conftest import FakeEmbedder
import bot.index.build, bot.index.lexical, bot.runtime

bot.runtime.load_embedder = lambda *args, **kwargs: FakeEmbedder()
stage = {stage!r}
if stage == "verify":  # the new version is fully saved, manifest included, but not yet checked
    bot.index.build.self_check = lambda path, embedder: time.sleep(120)
else:  # vectors written, the rest not
    bot.index.lexical.LexicalIndex.save = lambda self, directory: time.sleep(120)
from bot.cli import main
main(["index", "build"])
"""


@pytest.mark.parametrize("stage", ["save", "verify"])
def test_build_killed_mid_way_leaves_the_last_good_index(first, knowledge_dir, monkeypatch, tmp_path, stage):
    store, before, _ = first
    write_snippet(knowledge_dir, "night-shift", title="夜班津贴按单位规定发放")
    env = {**os.environ, "BOT_KNOWLEDGE_DIR": str(knowledge_dir), "BOT_INDEX_DIR": str(store.root)}
    script = KILLED_BUILD.format(tests=str(PROJECT_ROOT / "tests"), stage=stage)
    process = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT)
    marker = "manifest.json" if stage == "verify" else "vectors.faiss"
    try:
        deadline = time.monotonic() + 60
        while not any((store.root / "versions").glob(f".tmp-*/{marker}")):
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the build never reached the stage"
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    (leftover,) = (store.root / "versions").glob(".tmp-*")
    assert store.current_version() == before
    assert (store.root / "CURRENT").read_text("utf-8").strip() == before

    # A restarted server serves the last good version, leftover and all.
    settings = Settings(index_dir=store.root, data_dir=tmp_path / "data", knowledge_dir=knowledge_dir)
    with TestClient(create_app(settings, embedder=FakeEmbedder())) as client:
        ready = client.get("/readyz").json()
        assert ready["index_version"] == before and ready["chunks"] == len(SNIPPETS)
        assert client.post("/api/answer", json={"question": "产假有多少天"}).status_code == 200
        assert client.get("/api/sources/night-shift").status_code == 404

    # The next build succeeds and sweeps the leftover: the process that wrote it is gone.
    version, index, stats = run_build(knowledge_dir, store, FakeEmbedder())
    assert stats.added == ("topic/night-shift.md",) and stats.embedded == 4
    assert store.current_version() == version and not leftover.exists()
    assert (
        json.loads((store.current_path() / "manifest.json").read_text("utf-8"))["snippets"]
        == len(SNIPPETS) + 1
    )


def test_a_build_reports_progress_per_model(knowledge_dir):
    """`bot index build` draws one bar per model from these calls: each model counts up to all new texts."""
    calls: list[tuple[int, int, str]] = []
    embedder = bot.index.embedders.EmbedderSet([FakeEmbedder(), FakeEmbedder(dim=32, name="second")])
    build_index(read_knowledge(knowledge_dir), embedder, progress=lambda *call: calls.append(call))
    models = [model for _, _, model in calls]
    assert models == sorted(models, key=["fake", "second"].index)  # one model after the other
    for model in ("fake", "second"):
        done, total, _ = [call for call in calls if call[2] == model][-1]
        assert done == total > 0


def test_sentences_are_stored_one_chunk_per_line_and_parsed_when_quoted(first):
    store, _, index = first
    text = (store.current_path() / "sentences.json").read_text("utf-8")
    assert json.loads(text) == index.sentences.rows()  # still one JSON array
    assert text.count("\n") == len(index.chunks) + 2
    loaded = store.load(FakeEmbedder())
    assert isinstance(loaded.sentences.stored(0), str)  # kept as its line until a question needs it
    assert loaded.chunk_sentences(loaded.chunks[0]) == index.chunk_sentences(index.chunks[0])


def test_a_damaged_sentence_line_fails_at_load(first):
    store, _, _ = first
    path = store.current_path() / "sentences.json"
    lines = path.read_text("utf-8").split("\n")
    lines[2] = lines[2].replace('"tokens"', '"tokenz"')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="sentences.json"):
        store.load(FakeEmbedder())
