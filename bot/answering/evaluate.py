"""Evaluation on labelled worker questions: retrieval quality and the refusal decision."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from bot.answering.assistant import Assistant
from bot.answering.compose import classify
from bot.answering.followup import HISTORY_TURNS, resolve_query
from bot.errors import BotError
from bot.index.baseline import PlainRetriever
from bot.index.embedders import Embedder, channels, query_vectors
from bot.index.index import Index
from bot.index.search import Retriever
from bot.vocab import Status

# Thresholds tried by calibration (top dense cosine).
CALIBRATION_GRID = [round(0.30 + 0.01 * i, 2) for i in range(51)]


@dataclass(frozen=True)
class Case:
    """One labelled question."""

    id: str
    question: str
    expected: tuple[str, ...]
    refuse: bool
    category: str
    history: tuple[dict, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """How the assistant did on one case."""

    case: Case
    ranked: tuple[str, ...]  # snippet ids, best first, deduplicated
    top_dense: float
    status: str
    query: str

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected snippet, None when absent."""
        for pos, snippet_id in enumerate(self.ranked, start=1):
            if snippet_id in self.case.expected:
                return pos
        return None


@dataclass
class Report:
    """Aggregate figures, overall and by category."""

    n: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    refusal_precision: float = 0.0
    refusal_recall: float = 0.0
    answered_correct: float = 0.0
    threshold: float = 0.0
    off_domain_threshold: float = 0.0
    by_category: dict[str, dict] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def load_cases(path: Path) -> list[Case]:
    """Read a JSONL evaluation set; a bad line is a BotError naming the line."""
    cases = []
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BotError(f"无法读取评测集 {path}：{exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(
                Case(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    expected=tuple(row.get("expected") or ()),
                    refuse=bool(row.get("refuse", False)),
                    category=str(row.get("category") or ""),
                    history=tuple(row.get("history") or ()),
                    tags=tuple(row.get("tags") or ()),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise BotError(f"评测集 {path} 第 {number} 行格式错误：{exc}") from exc
    if not cases:
        raise BotError(f"评测集 {path} 是空的")
    return cases


def run_cases(assistant: Assistant, cases: list[Case]) -> list[Outcome]:
    """Retrieve and decide for every case (the same path the assistant takes for a real question)."""
    outcomes = []
    for case in cases:
        history = list(case.history)
        answer = assistant.answer(case.question, history)
        retrieval = assistant.retrieve(case.question, history)
        ranked = tuple(dict.fromkeys(hit.chunk.snippet_id for hit in retrieval.hits))
        outcomes.append(Outcome(case, ranked, retrieval.top_dense, answer.status, retrieval.query))
    return outcomes


def summarise(
    outcomes: list[Outcome], threshold: float, off_domain_threshold: float, statuses: list[str] | None = None
) -> Report:
    """hit@1, hit@3, MRR over answerable cases; refusal precision/recall over all; per-category table."""
    statuses = statuses or [o.status for o in outcomes]
    report = Report(n=len(outcomes), threshold=threshold, off_domain_threshold=off_domain_threshold)
    answerable = [(o, s) for o, s in zip(outcomes, statuses, strict=True) if not o.case.refuse]
    if answerable:
        report.hit1 = sum(o.rank == 1 for o, _ in answerable) / len(answerable)
        report.hit3 = sum(o.rank is not None and o.rank <= 3 for o, _ in answerable) / len(answerable)
        report.mrr = sum(1 / o.rank for o, _ in answerable if o.rank) / len(answerable)
        report.answered_correct = sum(s == Status.ANSWERED and o.rank == 1 for o, s in answerable) / len(
            answerable
        )
    refused = [(o, s) for o, s in zip(outcomes, statuses, strict=True) if s != Status.ANSWERED]
    should = [o for o in outcomes if o.case.refuse]
    true_refusals = sum(o.case.refuse for o, _ in refused)
    report.refusal_precision = true_refusals / len(refused) if refused else 1.0
    report.refusal_recall = true_refusals / len(should) if should else 1.0
    groups: dict[str, list[tuple[Outcome, str]]] = defaultdict(list)
    for o, s in zip(outcomes, statuses, strict=True):
        groups[o.case.category or "?"].append((o, s))
    for category, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        answerable_items = [o for o, _ in items if not o.case.refuse]
        row = {"n": len(items)}
        if answerable_items:
            row["hit1"] = sum(o.rank == 1 for o in answerable_items) / len(answerable_items)
            row["hit3"] = sum(o.rank is not None and o.rank <= 3 for o in answerable_items) / len(
                answerable_items
            )
        row["refused"] = sum(s != Status.ANSWERED for _, s in items) / len(items)
        report.by_category[category] = row
    for o, s in zip(outcomes, statuses, strict=True):
        wrong_refusal = o.case.refuse != (s != Status.ANSWERED)
        if (not o.case.refuse and (o.rank is None or o.rank > 3)) or wrong_refusal:
            report.misses.append(
                {
                    "id": o.case.id,
                    "question": o.case.question,
                    "expected": list(o.case.expected),
                    "got": list(o.ranked[:3]),
                    "status": s,
                    "top_dense": round(o.top_dense, 3),
                }
            )
    return report


def calibrate(assistant: Assistant, outcomes: list[Outcome]) -> Report:
    """The pair of thresholds that gets most cases right (answered when answerable, declined when not).

    Ties go to the lower thresholds, so an in-domain worker is refused no more often than needed.
    """
    retrievals = [assistant.retrieve(o.case.question, list(o.case.history)) for o in outcomes]

    missing = assistant.missing_terms(assistant.retriever.index)

    def statuses_at(low: float, high: float) -> list[str]:
        return [
            classify(o.case.question, r, low, high, missing)
            for o, r in zip(outcomes, retrievals, strict=True)
        ]

    best: tuple[int, float, float] | None = None
    for low in CALIBRATION_GRID:
        for high in (h for h in CALIBRATION_GRID if h >= low):
            right = sum(
                o.case.refuse == (s != Status.ANSWERED)
                for o, s in zip(outcomes, statuses_at(low, high), strict=True)
            )
            if best is None or right > best[0]:
                best = (right, low, high)
    _, low, high = best
    return summarise(outcomes, low, high, statuses_at(low, high))


# --- Cold evaluation: documents nobody wrote sample questions for ---------------------------------------


def cold_snippets(snippets: list) -> list:
    """The snippets as a staff member would add them without sample questions: the title is the only one."""
    return [replace(s, questions=(s.title,)) for s in snippets]


@dataclass(frozen=True)
class Figures:
    """Ranking figures over the answerable cases of one set."""

    n: int
    hit1: float
    hit3: float
    mrr: float

    @classmethod
    def of(cls, ranks: list[int | None]) -> Figures:
        n = len(ranks)
        if not n:
            return cls(0, 0.0, 0.0, 0.0)
        return cls(
            n,
            sum(r == 1 for r in ranks) / n,
            sum(r is not None and r <= 3 for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n,
        )

    def as_dict(self) -> dict:
        return {"n": self.n, "hit1": self.hit1, "hit3": self.hit3, "mrr": self.mrr}


def rank_of(ranked: list[str], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first expected snippet id among `ranked` (deduplicated), None when absent."""
    for pos, snippet_id in enumerate(dict.fromkeys(ranked), start=1):
        if snippet_id in expected:
            return pos
    return None


def rank_cases(search, cases: list[Case]) -> list[int | None]:
    """Rank of the expected snippet for every answerable case; `search(query)` returns chunks, best first.

    Follow-ups are read together with their history, as the assistant does.
    """
    ranks = []
    for case in cases:
        if case.refuse:
            continue
        query = resolve_query(case.question, list(case.history)[-HISTORY_TURNS:] or None)
        ranks.append(rank_of([c.snippet_id for c in search(query)], case.expected))
    return ranks


def retriever_search(retriever: Retriever, k: int = 5):
    """A `search(query)` over the real retriever."""
    return lambda query: [hit.chunk for hit in retriever.search(query, k=k).hits]


def baseline_search(embedder: Embedder, index: Index, k: int = 5):
    """A `search(query)` over the plain RRF baseline built on the same chunks."""
    plain = PlainRetriever(embedder, index.chunks)
    return lambda query: plain.search(query, k)


class CachedEmbedder:
    """Remembers each text's vector, so the warm, cold and synthetic indexes of one evaluation run embed a
    passage once. Stands for every channel of the embedder it wraps."""

    def __init__(self, embedder: Embedder):
        self.inner = embedder
        self.name, self.dim = embedder.name, embedder.dim
        self.members = tuple(_Memo(m) for m in channels(embedder))

    def embed(self, texts: list[str]):
        return self.members[0].embed(texts)


class _Memo:
    def __init__(self, embedder: Embedder):
        self.inner = embedder
        self.name, self.dim = embedder.name, embedder.dim
        self._passages: dict[str, np.ndarray] = {}
        self._queries: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]):
        return self._cached(texts, self._passages, self.inner.embed)

    def embed_queries(self, texts: list[str]):
        return self._cached(texts, self._queries, lambda batch: query_vectors(self.inner, batch))

    def _cached(self, texts, memo, encode):
        missing = list(dict.fromkeys(t for t in texts if t not in memo))
        if missing:
            memo.update(zip(missing, encode(missing), strict=True))
        return np.stack([memo[t] for t in texts]) if texts else encode([])


class CachedEmbedderSet(CachedEmbedder):
    """Several cached embedders as one multi-channel embedder (the first is the main one)."""

    def __init__(self, *embedders: CachedEmbedder):
        self.members = tuple(m for e in embedders for m in e.members)
        self.name, self.dim = self.members[0].name, self.members[0].dim
