"""Term translation: which words workers use for the words a passage uses, learned from the sample questions.

An IBM model 1 table t(w | f), the probability that a question says token w where the passage that answers it
says f, is trained by EM at build time on every snippet's sample questions against its title and body (a NULL
source takes what questions say of any passage: "怎么办", "我"). It ranks every chunk by the translation
language model (Berger & Lafferty 1999; Xue, Jeon & Croft 2008):

    score(chunk) = sum over question tokens w of  log(1 + MIX * sum_f t(w | f) P(f | chunk) / ((1 - MIX) P(w)))

that is the log likelihood of the question with P(w) (over the sample questions) as background, minus the
background's own, so a chunk that translates nothing scores 0. Fused as one more ranking, it lets "老板拖了三个
月人工" reach "用人单位应当按时足额支付劳动报酬" through words no sample question of that passage need share:
on documents added without sample questions, cold hit@1 0.61 -> 0.67 and synthetic 0.72 -> 0.79
(bench/bench_ablation.py, the cold set out of fold). Tokens: the BM25 tokens (character unigrams + bigrams).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy import sparse

from bot.knowledge.snippet import Chunk
from bot.text.tokens import tokenize

NULL = "\u2205"
# Mixing weight of the translation part against the background (0.5 / 0.8 / 0.9 / 0.99: cold hit@1 0.62 / 0.65 /
# 0.65 / 0.67 out of fold); near 1 a question token no passage explains costs little, one it explains counts.
MIX = 0.99
ITERATIONS = 5  # EM steps: 1 / 2 / 5 / 8 gave cold hit@1 0.65 / 0.66 / 0.68 / 0.67; each costs ~50 ms
FLOOR = 0.005  # t(w | f) below it is dropped: half the table, the same figures, ~1 ms a question
MIN_COUNT = 2  # question tokens used once over all sample questions teach nothing about other passages
# Training reads at most this many snippets' questions (a stable choice by id): its cost and memory grow with
# snippets x question tokens x passage tokens, and a few hundred snippets already cover workers' words.
MAX_SNIPPETS = 400
# Fewer snippets with sample questions train no table: from a handful it only memorises them, and its ranking
# is noise (a 7-snippet test base ranked maternity leave first for "每年可以休息几天照样拿钱").
MIN_SNIPPETS = 20


def training_pairs(
    chunks: Iterable[Chunk], leave_out: frozenset[str] = frozenset()
) -> list[tuple[list[str], str]]:
    """(sample questions, title + text) per snippet with questions beyond its title, up to MAX_SNIPPETS."""
    by_snippet: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        if chunk.snippet_id not in leave_out and any(q != chunk.title for q in chunk.questions):
            by_snippet.setdefault(chunk.snippet_id, []).append(chunk)
    chosen = sorted(by_snippet, key=lambda sid: hashlib.sha1(sid.encode()).digest())[:MAX_SNIPPETS]
    pairs = []
    for sid in sorted(chosen):
        parts = by_snippet[sid]
        questions = [q for q in parts[0].questions if q != parts[0].title]
        pairs.append((questions, "\n".join([parts[0].title, *(c.text for c in parts)])))
    return pairs


class TranslationTable:
    """t(w | f) by question token w: `sources[starts[n]:starts[n + 1]]` are the passage tokens f (ids in
    `passage_vocab`) of the n-th question token, `probs` their t; `background[n]` is its P(w)."""

    FILE = "translation.npz"
    VOCAB_FILE = "translation_vocab.json"

    def __init__(
        self, question_vocab: list[str], passage_vocab: list[str], starts, sources, probs, background
    ):
        self.question_vocab = {w: n for n, w in enumerate(question_vocab)}
        self.passage_vocab = {f: n for n, f in enumerate(passage_vocab)}
        self.starts, self.sources, self.probs, self.background = starts, sources, probs, background

    def count(self) -> int:
        """Number of (question token, passage token) entries."""
        return len(self.probs)

    def save(self, directory: Path) -> None:
        np.savez(
            directory / self.FILE,
            starts=self.starts,
            sources=self.sources,
            probs=self.probs,
            background=self.background,
        )
        vocab = {"question": list(self.question_vocab), "passage": list(self.passage_vocab)}
        (directory / self.VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> TranslationTable:
        vocab = json.loads((directory / cls.VOCAB_FILE).read_text("utf-8"))
        with np.load(directory / cls.FILE) as arrays:
            table = cls(
                vocab["question"],
                vocab["passage"],
                arrays["starts"],
                arrays["sources"],
                arrays["probs"],
                arrays["background"],
            )
        if len(table.starts) != len(table.question_vocab) + 1 or table.starts[-1] != len(table.probs):
            raise ValueError("translation table does not match its vocabulary")
        if len(table.sources) and table.sources.max() >= len(table.passage_vocab):
            raise ValueError("translation table does not match its vocabulary")
        return table


def train_table(
    pairs: list[tuple[list[str], str]],
    iterations: int = ITERATIONS,
    floor: float = FLOOR,
    min_count: int = MIN_COUNT,
) -> TranslationTable:
    """IBM model 1 by EM on (one snippet's questions, its passage) pairs.

    A question token's alignment posterior depends only on the token and the passage, so one snippet's
    questions are pooled: one group per (snippet, question token), weighted by how often its questions use it.
    """
    asked_by = [Counter(t for q in questions for t in tokenize(q)) for questions, _ in pairs]
    question_counts: Counter = Counter()
    for asked in asked_by:
        question_counts.update(asked)
    qv = {w: n for n, w in enumerate(w for w, c in question_counts.items() if c >= min_count)}
    pv: dict[str, int] = {NULL: 0}
    flat_f: list[int] = []
    flat_c: list[float] = []
    starts = [0]
    group_w, group_n, group_pair = [], [], []
    for n, ((_, passage), asked) in enumerate(zip(pairs, asked_by, strict=True)):
        said = Counter(tokenize(passage))
        flat_f += [0, *(pv.setdefault(f, len(pv)) for f in said)]
        flat_c += [1.0, *said.values()]  # NULL counts as one position of the passage
        starts.append(len(flat_f))
        known = [(qv[w], c) for w, c in asked.items() if w in qv]
        group_w += [w for w, _ in known]
        group_n += [c for _, c in known]
        group_pair += [n] * len(known)
    if not group_w:
        empty = np.zeros(0, dtype=np.int32)
        return TranslationTable(
            [], [], np.zeros(1, dtype=np.int64), empty, empty.astype(np.float32), np.zeros(0)
        )
    f_ids, f_counts = np.array(flat_f, dtype=np.int64), np.array(flat_c)
    offsets = np.array(starts, dtype=np.int64)
    group_w, group_n = np.array(group_w, dtype=np.int64), np.array(group_n, dtype=np.float64)
    group_pair = np.array(group_pair, dtype=np.int64)
    # Entries: every (group, token of its passage), group after group.
    sizes = offsets[group_pair + 1] - offsets[group_pair]
    group_starts = np.cumsum(sizes) - sizes
    at = np.repeat(offsets[group_pair] - group_starts, sizes) + np.arange(sizes.sum())
    entry_f, entry_c = f_ids[at], f_counts[at]
    keys = np.repeat(group_w, sizes) * len(pv) + entry_f
    pair_keys, entry_pair = _unique(keys, len(qv) * len(pv))
    pair_f = pair_keys % len(pv)
    t = np.full(len(pair_keys), 1.0 / len(qv))
    for _ in range(iterations):
        weighted = t[entry_pair] * entry_c
        # Groups lie one after another: their sums and the spreading back are sequential passes.
        weighted *= np.repeat(group_n / np.add.reduceat(weighted, group_starts), sizes)
        counts = np.bincount(entry_pair, weighted, minlength=len(pair_keys))
        t = counts / np.bincount(pair_f, counts, minlength=len(pv))[pair_f]
    keep = (t >= floor) & (pair_f != 0)
    pair_w = pair_keys[keep] // len(pv)
    order = np.lexsort((pair_f[keep], pair_w))
    column_starts = np.zeros(len(qv) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_w, minlength=len(qv)), out=column_starts[1:])
    background = np.array([question_counts[w] for w in qv], dtype=np.float64)
    return TranslationTable(
        list(qv),
        list(pv),
        column_starts,
        pair_f[keep][order].astype(np.int32),
        t[keep][order].astype(np.float32),
        background / background.sum(),
    )


# Up to this many possible (question token, passage token) keys, their distinct values are found with a table
# of flags (~9 bytes a key) instead of sorting: np.unique's sort was 40 % of a build's training.
DENSE_KEYS = 50_000_000


def _unique(keys, possible: int):
    """np.unique(keys, return_inverse=True) of keys in range(possible), without sorting when that is small."""
    if possible > DENSE_KEYS:
        found, inverse = np.unique(keys, return_inverse=True)
        return found.astype(np.int64), inverse
    present = np.zeros(possible, dtype=bool)
    present[keys] = True
    found = np.flatnonzero(present).astype(np.int64)
    rank = np.cumsum(present, dtype=np.int32) - 1  # possible keys stay far below 2**31 here
    return found, rank[keys].astype(np.int64)


class TermTranslation:
    """A table and the chunks it ranks: each chunk's passage as P(f | chunk), one sparse row per chunk.

    A question's scores are one sparse-times-dense product, P (chunks x passage tokens) @ T (passage tokens x
    question tokens, the table's t(w | f) for the tokens asked): no temporary grows with the postings met. The
    gather-and-bincount it replaced built arrays of every (w, f, chunk) cell: at 10,000 chunks a median
    question met 6 million of them (~300 MB at once per question, 20 million at most) and took 125 ms; this
    takes 12 ms with the same scores (bench/bench_10k.py)."""

    def __init__(self, table: TranslationTable, chunks: list[Chunk], mix: float = MIX):
        self.table, self.mix = table, mix
        indptr, cols, vals = [0], [], []
        for chunk in chunks:
            said = Counter(f for f in tokenize(chunk.passage()) if f in table.passage_vocab)
            total = sum(said.values()) or 1
            cols += [table.passage_vocab[f] for f in said]
            vals += [n / total for n in said.values()]
            indptr.append(len(cols))
        self.passages = sparse.csr_matrix(
            (
                np.array(vals, dtype=np.float64),
                np.array(cols, dtype=np.int32),
                np.array(indptr, dtype=np.int64),
            ),
            shape=(len(chunks), len(table.passage_vocab)),
        )
        self.chunks = len(chunks)

    def scores(self, query: str) -> np.ndarray | None:
        """Every chunk's score for `query` (see the module docstring); None when no query token is known."""
        table = self.table
        asked = Counter(w for w in tokenize(query) if w in table.question_vocab)
        if not asked or not self.chunks:
            return None
        w_ids = np.fromiter((table.question_vocab[w] for w in asked), np.int64, len(asked))
        lengths = table.starts[w_ids + 1] - table.starts[w_ids]
        entries = _ranges(table.starts[w_ids], lengths)
        # t(w | f) for the tokens asked; a table holds each (w, f) once.
        asked_table = np.zeros((len(table.passage_vocab), len(w_ids)), dtype=np.float64)
        asked_table[table.sources[entries], np.repeat(np.arange(len(w_ids)), lengths)] = table.probs[entries]
        translated = self.passages @ asked_table
        background = (1 - self.mix) * table.background[w_ids]
        weights = np.fromiter(asked.values(), np.float64, len(asked))
        return np.log1p(self.mix * translated / background) @ weights

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top-k (chunk position, score) with a positive score."""
        scores = self.scores(query)
        if scores is None:
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions [start, start + length) of every range, laid end to end."""
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
