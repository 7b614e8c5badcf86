"""The term-translation table (bot.index.translation): learned at build time, rebuilt with the knowledge, and
bringing a colloquial question to a passage that shares none of its words."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SNIPPETS, FakeEmbedder, write_knowledge, write_snippet

import bot.index.translation
from bot.index.build import run_build
from bot.index.search import Retriever
from bot.text.tokens import tokenize

# Workers in Guangdong say 出粮 ("grain comes out") for being paid; the rules say 劳动报酬. Two snippets with
# sample questions teach it; a third, added without any, says only 劳动报酬.
PAY_BODY = (
    "用人单位应当以货币形式按月支付劳动者的劳动报酬，不得克扣或者无故拖欠劳动报酬。单位未按约定支付劳动报酬的，"
    "劳动者可以向劳动保障监察机构投诉，也可以申请劳动争议仲裁，要求单位支付所欠劳动报酬及相应的赔偿金。"
)
TEACHING = {
    "pay-monthly": {
        "title": "劳动报酬应当按月支付",
        "questions": ["几时出粮先啱", "出粮日子可以拖几耐", "厂里成日迟出粮点算"],
        "body": PAY_BODY,
    },
    "pay-in-full": {
        "title": "劳动报酬应当足额支付",
        "questions": ["出粮少咗一截点算", "出粮俾少咗可以投诉吗", "老细扣起啲粮"],
        "body": PAY_BODY.replace("按月", "足额"),
    },
}
COLD = {
    "pay-deadline": {
        "title": "拖延劳动报酬的处理",
        "questions": ["拖延劳动报酬的处理"],  # added without sample questions: the title is the only one
        "body": "单位应当在约定的日期足额支付劳动报酬，不得无故拖延。拖延劳动报酬的，劳动者可以要求单位限期支付，"
        "逾期不支付的，由劳动行政部门责令单位按应付金额百分之五十以上一倍以下的标准加付赔偿金。",
    },
}
QUESTION = "几时先出粮"


@pytest.fixture(autouse=True)
def small_bases_train_a_table(monkeypatch):
    """These folders hold ~10 snippets; a build trains a table from 20 up (MIN_SNIPPETS)."""
    monkeypatch.setattr(bot.index.translation, "MIN_SNIPPETS", 1)


def write_folder(folder: Path, snippets: dict) -> Path:
    write_knowledge(folder)
    for snippet_id, fields in snippets.items():
        write_snippet(folder, snippet_id, subdir="工资", **fields)
    return folder


def test_a_colloquial_question_reaches_a_passage_through_a_translated_term(tmp_path, index_store):
    folder = write_folder(tmp_path / "knowledge", {**TEACHING, **COLD})
    _, index, _ = run_build(folder, index_store, FakeEmbedder())
    target = index.position("pay-deadline")
    passage = index.chunks[target].passage()
    # The question and the passage share no token, and no expansion of the lexical query adds one.
    assert not set(tokenize(QUESTION)) & set(tokenize(passage))
    assert target not in [pos for pos, _ in index.search_lexical(QUESTION, 50)]
    translated = dict(index.search_translation(QUESTION, 50))
    assert translated.get(target, 0.0) > 0
    served = Retriever(FakeEmbedder(), index).search(QUESTION, k=3).hits
    without = Retriever(FakeEmbedder(), index, translation_weight=0).search(QUESTION, k=3).hits
    assert "pay-deadline" in [hit.chunk.snippet_id for hit in served]
    assert "pay-deadline" not in [hit.chunk.snippet_id for hit in without]


def test_the_table_is_trained_again_after_a_knowledge_change(tmp_path, index_store):
    folder = write_folder(tmp_path / "knowledge", COLD)
    _, before, _ = run_build(folder, index_store, FakeEmbedder())
    assert before.manifest.translation["snippets"] == len(SNIPPETS)
    assert "出粮" not in before.translation.table.question_vocab
    learned_before = dict(before.search_translation(QUESTION, 50)).get(before.position("pay-deadline"), 0.0)
    for snippet_id, fields in TEACHING.items():  # staff add two documents with their sample questions
        write_snippet(folder, snippet_id, subdir="工资", **fields)
    _, after, stats = run_build(folder, index_store, FakeEmbedder())
    assert stats.added == ("工资/pay-in-full.md", "工资/pay-monthly.md")
    assert stats.embedded == 2 * 4  # an incremental build: only the new files were embedded
    assert after.manifest.translation["snippets"] == len(SNIPPETS) + 2
    assert after.manifest.translation["questions"] == before.manifest.translation["questions"] + 6
    assert "出粮" in after.translation.table.question_vocab
    learned_after = dict(after.search_translation(QUESTION, 50))[after.position("pay-deadline")]
    assert learned_after > learned_before
    # The published version carries the new table.
    loaded = index_store.load(FakeEmbedder())
    assert loaded.manifest.translation == after.manifest.translation
    assert dict(loaded.search_translation(QUESTION, 5)) == dict(after.search_translation(QUESTION, 5))


def test_knowledge_without_sample_questions_trains_no_table(tmp_path, index_store):
    folder = tmp_path / "knowledge"
    for snippet_id, fields in COLD.items():
        write_snippet(folder, snippet_id, subdir="工资", **fields)
    _, index, _ = run_build(folder, index_store, FakeEmbedder())
    assert index.translation is None and index.manifest.translation == {}
    assert index.search_translation(QUESTION, 5) == []
    assert index_store.load(FakeEmbedder()).translation is None


def test_distinct_keys_without_sorting_equal_numpy_unique():
    import numpy as np

    from bot.index.translation import _unique

    keys = np.random.default_rng(7).integers(0, 5000, 20_000)
    found, inverse = _unique(keys, 5000)
    expected, expected_inverse = np.unique(keys, return_inverse=True)
    assert np.array_equal(found, expected) and np.array_equal(inverse, expected_inverse)


def test_chunk_scores_equal_the_model_computed_chunk_by_chunk():
    """scores() sums over question tokens without building one cell per (token, chunk, entry) at once; it must
    equal log-likelihood ratios computed plainly, chunk by chunk."""
    import math
    from collections import Counter

    import numpy as np

    from bot.index.translation import TermTranslation, train_table
    from bot.knowledge.snippet import Chunk

    pairs = [(s["questions"], s["title"] + "\n" + s["body"]) for s in TEACHING.values()] * 2
    table = train_table(pairs, min_count=1)
    chunks = [
        Chunk(
            id=f"{sid}#0",
            snippet_id=sid,
            title=s["title"],
            text=s["body"],
            category="工资",
            region="全国",
            source="测试",
            effective="2025-01-01",
        )
        for sid, s in {**TEACHING, **COLD}.items()
    ]
    model = TermTranslation(table, chunks)
    question = "出粮俾少咗点算"
    got = model.scores(question)
    t = {
        (w, f): float(table.probs[k])
        for w, n in table.question_vocab.items()
        for k in range(table.starts[n], table.starts[n + 1])
        for f in [list(table.passage_vocab)[table.sources[k]]]
    }
    asked = Counter(w for w in tokenize(question) if w in table.question_vocab)
    for pos, chunk in enumerate(chunks):
        said = Counter(f for f in tokenize(chunk.passage()) if f in table.passage_vocab)
        size = sum(said.values())
        expected = sum(
            n
            * math.log1p(
                model.mix
                * sum(t.get((w, f), 0.0) * c / size for f, c in said.items())
                / ((1 - model.mix) * table.background[table.question_vocab[w]])
            )
            for w, n in asked.items()
        )
        assert np.isclose(got[pos], expected)
