"""Lexical side of retrieval: character unigram + bigram tokens scored with BM25 (bm25s)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import bm25s
import numpy as np

from bot.knowledge.snippet import Chunk
from bot.text.tokens import expand_query, tokenize

# bm25s sets its own logger to DEBUG on import, which floods every build with progress lines.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# bm25s rejects an empty token list; a lone placeholder keeps positions aligned with chunks.
EMPTY_TOKEN = "\u2205"


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees for a chunk: title, sample questions and body."""
    return "\n".join([chunk.title, *chunk.questions, chunk.text])


class LexicalIndex:
    """BM25 over one token list per chunk."""

    def __init__(self, model: bm25s.BM25):
        self._model = model
        self._vocab = set(model.vocab_dict)

    @classmethod
    def build(cls, documents: list[str]) -> LexicalIndex:
        """Index one text per chunk, in chunk order."""
        model = bm25s.BM25()
        corpus = [tokenize(doc) or [EMPTY_TOKEN] for doc in documents]
        model.index(corpus, show_progress=False)
        return cls(model)

    @classmethod
    def from_token_ids(
        cls, token_ids: list[np.ndarray], vocab: list[str]
    ) -> tuple[LexicalIndex, LexicalTokens]:
        """BM25 over chunks given as token ids, and the compacted tokens to store (unused vocabulary dropped).

        Equivalent to `build` over the chunks' texts (same scores), without tokenising them again:
        tokenising is most of a rebuild at 10,000 snippets.
        """
        ids = np.concatenate(token_ids) if token_ids else np.zeros(0, dtype=np.int32)
        used = np.zeros(len(vocab), dtype=bool)
        used[ids] = True
        renumber = np.cumsum(used, dtype=np.int64) - 1
        ids = renumber[ids].astype(np.int32)
        vocab = [token for token, keep in zip(vocab, used, strict=True) if keep]
        offsets = np.zeros(len(token_ids) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in token_ids], out=offsets[1:])
        model = bm25s.BM25()
        corpus = [ids[offsets[i] : offsets[i + 1]].tolist() for i in range(len(token_ids))]
        model.index((corpus, {token: n for n, token in enumerate(vocab)}), show_progress=False)
        return cls(model), LexicalTokens(vocab, ids, offsets)

    def count(self) -> int:
        """Number of indexed chunks."""
        return int(self._model.scores["num_docs"])

    def search(self, query: str, k: int, expand: bool = True) -> list[tuple[int, float]]:
        """Top-k (chunk position, BM25 score) with a positive score; [] when no query token is known.

        `expand` adds the statute wording of colloquial terms (bot.text.tokens.COLLOQUIAL_TERMS).
        """
        tokens = [t for t in tokenize(expand_query(query) if expand else query) if t in self._vocab]
        if not tokens:
            return []  # bm25s raises on an empty query
        scores = self.scores(tokens)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for known `tokens`: bm25s's `get_scores` in one `np.add.at` over all the
        tokens' postings instead of one per token (a question has ~60 unigram and bigram tokens, and each call
        costs more than its additions). The additions happen in the same order, so the scores are identical."""
        model = self._model
        vocab = model.vocab_dict
        ids = np.fromiter((vocab[t] for t in tokens), dtype=np.int64, count=len(tokens))
        indptr = model.scores["indptr"]
        starts, ends = indptr[ids], indptr[ids + 1]
        lengths = ends - starts
        # Every posting position of every token, token after token: ranges [start, end) laid end to end.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        postings = offsets + np.arange(int(lengths.sum()))
        scores = np.zeros(model.scores["num_docs"], dtype=np.dtype(model.dtype))
        np.add.at(scores, model.scores["indices"][postings], model.scores["data"][postings])
        if model.nonoccurrence_array is not None:
            scores += model.nonoccurrence_array[ids].sum()
        return scores

    def save(self, directory: Path) -> None:
        self._model.save(str(directory))

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(directory)))


class LexicalTokens:
    """Every chunk's BM25 tokens as ids into one vocabulary: `ids[offsets[i]:offsets[i + 1]]` is chunk i."""

    FILE = "lexical_tokens.npz"
    VOCAB_FILE = "lexical_vocab.json"

    def __init__(self, vocab: list[str], ids: np.ndarray, offsets: np.ndarray):
        self.vocab = vocab
        self.ids = ids
        self.offsets = offsets

    def chunk(self, pos: int) -> np.ndarray:
        return self.ids[self.offsets[pos] : self.offsets[pos + 1]]

    def save(self, directory: Path) -> None:
        np.savez(directory / self.FILE, ids=self.ids, offsets=self.offsets)
        (directory / self.VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, chunks: int) -> LexicalTokens:
        with np.load(directory / cls.FILE) as arrays:
            ids, offsets = arrays["ids"], arrays["offsets"]
        vocab = json.loads((directory / cls.VOCAB_FILE).read_text("utf-8"))
        if len(offsets) != chunks + 1 or offsets[-1] != len(ids) or (len(ids) and ids.max() >= len(vocab)):
            raise ValueError("lexical tokens do not match the chunks")
        return cls(vocab, ids, offsets)
