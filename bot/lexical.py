"""Lexical side of retrieval: character unigram + bigram tokens scored with BM25 (bm25s)."""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import bm25s
import numpy as np
from opencc import OpenCC

# bm25s sets its own logger to DEBUG on import, which floods every build with progress lines.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Runs of CJK ideographs, or of ASCII letters/digits; everything else (punctuation, spaces) separates runs,
# so no bigram spans a punctuation mark.
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?")
_T2S = OpenCC("t2s")


def normalise_text(text: str) -> str:
    """NFKC (full-width to half-width), lower case, traditional to simplified characters."""
    return _T2S.convert(unicodedata.normalize("NFKC", text).lower())


def tokenize(text: str) -> list[str]:
    """Character unigrams and bigrams of each CJK run; ASCII words stay whole (N+1 -> n, 1)."""
    tokens: list[str] = []
    for run in _RUN.findall(normalise_text(text)):
        if run[0].isascii():
            tokens.append(run)
            continue
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


class LexicalIndex:
    """BM25 over one token list per chunk."""

    def __init__(self, model: bm25s.BM25):
        self._model = model
        self._vocab = set(model.vocab_dict)

    @classmethod
    def build(cls, documents: list[str]) -> LexicalIndex:
        """Index one text per chunk, in chunk order."""
        model = bm25s.BM25()
        # bm25s rejects an empty token list; a lone placeholder keeps positions aligned with chunks.
        corpus = [tokenize(doc) or ["\u2205"] for doc in documents]
        model.index(corpus, show_progress=False)
        return cls(model)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top-k (chunk position, BM25 score) with a positive score; [] when no query token is known."""
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens:
            return []  # bm25s raises on an empty query
        scores = self._model.get_scores(tokens)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        self._model.save(str(directory))

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(directory)))
