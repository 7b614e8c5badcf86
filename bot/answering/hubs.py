"""Hub topics: topics whose passages are the nearest neighbour of many other topics' sample questions.

A clause that says little ("工资也停了", "我们该找谁") lands on such a topic whatever it is about: its passages
sit near the middle of the knowledge base (a judicial interpretation touching many subjects, a general rule on
wage changes). How often a topic wins this way is read from the knowledge base itself, without any labelled
story: for every vector (passage or sample question), the nearest vector of another snippet; when that one
belongs to another topic, its topic scores a wrong win.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from bot.index.index import Index

# Neighbours read per vector to find the nearest one of another snippet (a snippet has a few vectors).
NEIGHBOURS = 16
# Vectors whose nearest neighbours are read (evenly spaced): every vector against every other is quadratic
# (12.6 s at 10,000 snippets, 35,000 vectors). The repo base (1,166 vectors) is read whole; at 4,000 rows a rate
# near the largest seen, 0.04, has a standard error of 0.003.
MAX_ROWS = 4000


def hub_rates(index: Index) -> dict[str, float]:
    """Per topic, the share of other topics' vectors whose nearest other-snippet vector is this topic's."""
    dense = index.dense
    count = dense.count()
    if count < 2:
        return {}
    owner = np.asarray(dense.vector_chunk)
    topics = [index.chunks[int(o)].topic or "" for o in owner]
    read = np.unique(np.linspace(0, count - 1, min(count, MAX_ROWS)).astype(np.int64))
    _, neighbours = dense.vectors.search(dense.matrix()[read], min(NEIGHBOURS, count))
    wins: Counter[str] = Counter()
    for row, found in zip(read, neighbours, strict=True):
        other = next((int(n) for n in found if n >= 0 and owner[n] != owner[row]), None)
        if other is not None and topics[other] != topics[row]:
            wins[topics[other]] += 1
    rows = Counter(topics[int(row)] for row in read)
    return {topic: wins[topic] / max(1, len(read) - own) for topic, own in rows.items() if topic}
