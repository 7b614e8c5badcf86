"""Hub topics are read from the knowledge base's own vectors."""

from types import SimpleNamespace

import numpy as np

from bot.answering.hubs import hub_rates
from bot.answering.issue_model import FEATURES, IssueModel, candidates, default_issue_model
from bot.answering.issues import find_issues
from bot.index.dense import DenseVectors


def _unit(*rows):
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_a_topic_nearest_to_other_topics_vectors_is_a_hub():
    # Chunk 0 (topic "hub") sits between chunks 1 and 2 (topics "a", "b"); each chunk has two vectors.
    matrix = _unit([1, 1, 0], [1, 1, 0.1], [1, 0, 0], [1, -0.1, 0], [0, 1, 0], [-0.1, 1, 0])
    owner = np.array([0, 0, 1, 1, 2, 2])
    index = SimpleNamespace(
        dense=DenseVectors.from_matrix(matrix, owner, 3),
        chunks=[SimpleNamespace(topic=t) for t in ("hub", "a", "b")],
    )
    rates = hub_rates(index)
    # Every vector of a and b has the hub's vectors nearest among other snippets: 4 of 4 others' vectors.
    assert rates["hub"] == 1.0
    assert rates["hub"] > rates["a"] and rates["hub"] > rates["b"]


def test_hub_rates_read_at_most_max_rows_vectors(monkeypatch):
    from bot.answering import hubs

    matrix = _unit([1, 1, 0], [1, 1, 0.1], [1, 0, 0], [1, -0.1, 0], [0, 1, 0], [-0.1, 1, 0])
    dense = DenseVectors.from_matrix(matrix, np.array([0, 0, 1, 1, 2, 2]), 3)
    asked = []
    search = dense.vectors.search
    recording = SimpleNamespace(search=lambda queries, k: asked.append(len(queries)) or search(queries, k))
    index = SimpleNamespace(
        dense=SimpleNamespace(
            count=dense.count, matrix=dense.matrix, vector_chunk=dense.vector_chunk, vectors=recording
        ),
        chunks=[SimpleNamespace(topic=t) for t in ("hub", "a", "b")],
    )
    full = hub_rates(index)
    monkeypatch.setattr(hubs, "MAX_ROWS", 3)
    sampled = hub_rates(index)
    assert asked == [6, 3]  # every vector, then three evenly spaced (one of each topic here)
    assert sampled["hub"] == full["hub"] == 1.0 and set(sampled) == set(full)


def _hit(topic, dense, sid):
    chunk = SimpleNamespace(topic=topic, title=topic, snippet_id=sid)
    return SimpleNamespace(chunk=chunk, dense=dense, lexical_rank=1, dense_rank=1, score=dense)


def test_a_hub_topic_needs_more_cosine_to_be_raised_by_a_clause():
    clause = SimpleNamespace(hits=(_hit("wage_arrears", 0.60, "s1"),), query="工资也停了")
    whole = SimpleNamespace(hits=(), query="")
    model = default_issue_model()
    alone = candidates(whole, [("工资也停了", clause)], 5, {})
    hub = candidates(whole, [("工资也停了", clause)], 5, {"wage_arrears": 0.06})
    assert model.probabilities(hub)[0] < model.probabilities(alone)[0]
    plain = IssueModel(dict.fromkeys(FEATURES, 0.0) | {"cosine": 100.0, "hub": -100.0}, -55.0, 0.5)
    assert [i.topic for i in find_issues(whole, [("工资也停了", clause)], 0.55, model=plain)] == [
        "wage_arrears"
    ]
    assert (
        find_issues(whole, [("工资也停了", clause)], 0.55, raise_by={"wage_arrears": 0.06}, model=plain) == []
    )
