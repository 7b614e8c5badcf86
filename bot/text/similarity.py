"""Character-bigram sets, Jaccard similarity and the prefix filter of set-similarity joins."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of `text` without whitespace (a one-character text is its own gram)."""
    compact = _SPACE.sub("", text)
    if len(compact) < 2:
        return frozenset([compact]) if compact else frozenset()
    return frozenset(compact[i : i + 2] for i in range(len(compact) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets."""
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def prefix_length(size: int, threshold: float) -> int:
    """How many of a set's rarest grams two sets with Jaccard >= threshold must share at least one of (the
    prefix filter of set-similarity joins: Bayardo et al. 2007, "Scaling up all pairs similarity search")."""
    return size - math.ceil(threshold * size - 1e-9) + 1


def gram_frequency(sets: Iterable[frozenset[str]]) -> Counter:
    """How many sets each gram occurs in."""
    return Counter(gram for grams in sets for gram in grams)


def rare_prefix(grams: frozenset[str], frequency: Counter, threshold: float) -> list[str]:
    """The grams a similar set must share one of: the rarest `prefix_length` of them (ties by the gram)."""
    rare_first = sorted(grams, key=lambda gram: (frequency[gram], gram))
    return rare_first[: prefix_length(len(grams), threshold)]
