"""A statistical term-translation model (IBM model 1) from the knowledge base's (sample question, passage) pairs,
used as a fourth ranking: the translation-language-model score of each passage given the question.

t(w | f): the probability that a worker's question uses token w where the passage says f, learned by EM over
every snippet's sample questions against its title and body (a NULL source takes the words a question uses for
any passage: "怎么办", "我"). A chunk's score for a question is

    sum over question tokens w of  log(LAMBDA * sum_f t(w | f) P(f | chunk) + (1 - LAMBDA) P(w | questions))

(Berger & Lafferty 1999; Xue, Jeon & Croft 2008), over question tokens the table knows. Tokens: the project's
character unigrams + bigrams (`bot.text.tokens.tokenize`) or rjieba words.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
import rjieba

from bot.index.embedders import channels
from bot.index.search import Retriever
from bot.knowledge.snippet import Chunk
from bot.text.normalise import normalise_text
from bot.text.tokens import tokenize

NULL = "\u2205null"
# Up to this many possible (question token, passage token) pairs, training numbers them through a mask.
DENSE_PAIRS = 2**27
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaffa-z0-9]")


def words(text: str) -> list[str]:
    """rjieba words of the normalised text that hold a CJK character, a letter or a digit."""
    return [w for w in rjieba.cut(normalise_text(text)) if _WORD.search(w)]


def bigrams(text: str) -> list[str]:
    """The project's tokens without the single characters of CJK runs longer than one character."""
    return [t for t in tokenize(text) if len(t) > 1 or t.isascii()]


TOKENIZERS = {"char": tokenize, "word": words, "bigram": bigrams}


@dataclass
class TranslationTable:
    """t(w | f) as columns by question token w: `sources[starts[w]:starts[w + 1]]` are the passage tokens f
    with t(w | f) in `probs`; `background[w]` is P(w) over the training questions."""

    kind: str
    question_vocab: dict[str, int]
    passage_vocab: dict[str, int]
    starts: np.ndarray
    sources: np.ndarray
    probs: np.ndarray
    background: np.ndarray

    def question_tokens(self, text: str) -> list[str]:
        return TOKENIZERS[self.kind.split(">")[0]](text)

    def passage_tokens(self, text: str) -> list[str]:
        return TOKENIZERS[self.kind.split(">")[-1]](text)


def train_table(
    pairs: list[tuple[list[str], str]],
    kind: str = "char",
    iterations: int = 8,
    null_count: float = 1.0,
    floor: float = 0.005,
    min_count: int = 1,
) -> TranslationTable:
    """IBM model 1 by EM on (the questions of one snippet, its passage) pairs.

    The posterior alignment of a question token depends only on the token and the passage, so a snippet's
    questions are pooled: one group per (snippet, question token), weighted by how often its questions use it.
    `floor`: t(w | f) below it is dropped from the table after training; `min_count`: question tokens used
    fewer times over all questions are left out.
    """
    ask, say = TOKENIZERS[kind.split(">")[0]], TOKENIZERS[kind.split(">")[-1]]
    asked_by = [Counter(t for q in questions for t in ask(q)) for questions, _ in pairs]
    question_counts: Counter = Counter()
    for asked in asked_by:
        question_counts.update(asked)
    qv = {w: n for n, w in enumerate(w for w, c in question_counts.items() if c >= min_count)}
    pv: dict[str, int] = {NULL: 0}
    group_w, group_n, group_snippet, snippet_f, snippet_c, snippet_start = [], [], [], [], [], [0]
    for s, ((_, passage), asked) in enumerate(zip(pairs, asked_by, strict=True)):
        said = Counter(say(passage))
        snippet_f.append([0, *(pv.setdefault(f, len(pv)) for f in said)])
        snippet_c.append([null_count, *said.values()])
        snippet_start.append(snippet_start[-1] + len(said) + 1)
        for w, n in asked.items():
            if w in qv:
                group_w.append(qv[w])
                group_n.append(n)
                group_snippet.append(s)
    flat_f = np.fromiter((f for fs in snippet_f for f in fs), np.int64)
    flat_c = np.fromiter((c for cs in snippet_c for c in cs), np.float64)
    starts = np.array(snippet_start, dtype=np.int64)
    group_w, group_n = np.array(group_w, dtype=np.int64), np.array(group_n, dtype=np.float64)
    group_snippet = np.array(group_snippet, dtype=np.int64)
    # Entries: every (group, passage token of its snippet), group after group.
    sizes = starts[group_snippet + 1] - starts[group_snippet]
    entry_group = np.repeat(np.arange(len(group_w)), sizes)
    entry_at = np.repeat(starts[group_snippet] - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
    entry_f, entry_c = flat_f[entry_at], flat_c[entry_at]
    keys = group_w[entry_group] * len(pv) + entry_f
    if len(qv) * len(pv) <= DENSE_PAIRS:  # number the (w, f) pairs through a mask: ~10x faster than sorting
        seen = np.zeros(len(qv) * len(pv), dtype=bool)
        seen[keys] = True
        pair_keys = np.flatnonzero(seen)
        number = np.cumsum(seen, dtype=np.int32) - 1
        entry_pair = number[keys]
    else:
        pair_keys, entry_pair = np.unique(keys, return_inverse=True)
    pair_f = pair_keys % len(pv)
    t = np.full(len(pair_keys), 1.0 / max(1, len(qv)))
    group_starts = np.cumsum(sizes) - sizes
    for _ in range(iterations):
        weighted = t[entry_pair] * entry_c
        # Entries lie group after group: sums over a group and spreading back are sequential passes.
        share = group_n / np.add.reduceat(weighted, group_starts)
        weighted *= np.repeat(share, sizes)
        counts = np.bincount(entry_pair, weighted, minlength=len(pair_keys))
        t = counts / np.bincount(pair_f, counts, minlength=len(pv))[pair_f]
    keep = (t >= floor) & (pair_f != 0)
    pair_w = pair_keys[keep] // len(pv)
    order = np.lexsort((pair_f[keep], pair_w))
    column_starts = np.zeros(len(qv) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_w, minlength=len(qv)), out=column_starts[1:])
    background = np.array([question_counts[w] for w in qv], dtype=np.float64)
    return TranslationTable(
        kind,
        qv,
        pv,
        column_starts,
        pair_f[keep][order].astype(np.int32),
        t[keep][order].astype(np.float32),
        background / max(1.0, background.sum()),
    )


class ChunkTerms:
    """Each chunk's passage as P(f | chunk) postings by passage token f (the table's vocabulary)."""

    def __init__(self, table: TranslationTable, chunks: list[Chunk]):
        rows, cols, vals = [], [], []
        for pos, chunk in enumerate(chunks):
            said = Counter(f for f in table.passage_tokens(chunk.passage()) if f in table.passage_vocab)
            total = sum(said.values()) or 1
            for f, n in said.items():
                rows.append(pos)
                cols.append(table.passage_vocab[f])
                vals.append(n / total)
        cols = np.array(cols, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        self.docs = np.array(rows, dtype=np.int64)[order]
        self.p = np.array(vals, dtype=np.float64)[order]
        self.indptr = np.zeros(len(table.passage_vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols, minlength=len(table.passage_vocab)), out=self.indptr[1:])
        self.count = len(chunks)


def translation_scores(
    table: TranslationTable, terms: ChunkTerms, query: str, mix: float = 0.5
) -> np.ndarray | None:
    """The log translation likelihood of `query` under every chunk (minus the background's, so a chunk that
    translates nothing scores 0); None when no query token is in the table."""
    asked = Counter(w for w in table.question_tokens(query) if w in table.question_vocab)
    if not asked:
        return None
    w_ids = np.fromiter((table.question_vocab[w] for w in asked), np.int64, len(asked))
    weights = np.fromiter(asked.values(), np.float64, len(asked))
    lengths = table.starts[w_ids + 1] - table.starts[w_ids]
    entries = np.repeat(table.starts[w_ids] - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    f_ids = table.sources[entries]
    t = table.probs[entries].astype(np.float64)
    column = np.repeat(np.arange(len(w_ids)), lengths)
    # Each (w, f) pair meets every chunk holding f.
    spans = terms.indptr[f_ids + 1] - terms.indptr[f_ids]
    postings = np.repeat(terms.indptr[f_ids] - np.cumsum(spans) + spans, spans) + np.arange(spans.sum())
    cells = terms.docs[postings] * len(w_ids) + np.repeat(column, spans)
    values = terms.p[postings] * np.repeat(t, spans)
    translated = np.bincount(cells, values, minlength=terms.count * len(w_ids)).reshape(terms.count, -1)
    background = (1 - mix) * table.background[w_ids]
    return (np.log(mix * translated + background) - np.log(background)) @ weights


class TranslationRetriever(Retriever):
    """The served retriever with the translation ranking fused as one more channel (weight: the last but one
    of `weights`, before BM25's); it keeps the time the ranking takes."""

    def __init__(self, embedder, index, table: TranslationTable, mix: float = 0.5, **options):
        super().__init__(embedder, index, **options)
        self.table, self.mix = table, mix
        self.terms = ChunkTerms(table, self.index.chunks)
        self.seconds = 0.0
        self.searches = 0

    def _fuse(self, query, vector, index, dense, extra, lexical, k, region, category):
        started = time.perf_counter()
        scores = translation_scores(self.table, self.terms, query, self.mix)
        ranking: list[tuple[int, float]] = []
        if scores is not None:
            pool = min(self._pool(region, category, k), len(scores))
            top = np.argpartition(-scores, pool - 1)[:pool]
            top = top[np.argsort(-scores[top], kind="stable")]
            ranking = [(int(i), float(scores[i])) for i in top if scores[i] > 0]
        self.seconds += time.perf_counter() - started
        self.searches += 1
        wanted = len(channels(self.embedder)) - 1
        extra = [*extra, *([[]] * (wanted - len(extra))), ranking]
        return super()._fuse(query, vector, index, dense, extra, lexical, k, region, category)


def knowledge_pairs(snippets, leave_out: frozenset[str] = frozenset()) -> list[tuple[list[str], str]]:
    """(sample questions, title + body) of every snippet with questions beyond its title, but those left out."""
    pairs = []
    for s in snippets:
        questions = [q for q in s.questions if q != s.title]
        if questions and s.id not in leave_out:
            pairs.append((questions, f"{s.title}\n{s.body}"))
    return pairs


def snippet_folds(snippets, cases, folds: int = 5) -> list[frozenset[str]]:
    """Snippet ids in `folds` groups; the snippets one case expects always share a group (so a table trained
    without a case's group never saw any of its answers' sample questions). Deterministic."""
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
    # Largest components first, each into the smallest group so far.
    for members in sorted(components.values(), key=lambda m: (-len(m), m[0])):
        min(groups, key=len).update(members)
    return [frozenset(g) for g in groups]


def fold_of(case, groups: list[frozenset[str]]) -> int | None:
    """The group holding a case's expected snippets (None for a question to refuse)."""
    return next((n for n, g in enumerate(groups) if any(i in g for i in case.expected)), None)
