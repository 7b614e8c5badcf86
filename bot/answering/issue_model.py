"""Is a topic a clause lands on one of the story's issues? A logistic regression over how the story's rankings
found the topic, trained on labelled worker stories (`bench/train_issue_model.py`).

A clause's nearest passage is often a neighbouring rule: a topic found by one clause alone, second in its
ranking, nowhere in the whole story's ranking, is usually not an issue, whatever its cosine; one found by
several clauses and near the top of the whole story's ranking usually is, even below the old cosine threshold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bot.index.search import Hit, Retrieval

MODEL_PATH = Path(__file__).parent / "data" / "issue_model.json"
# How deep the whole story's ranking is read for a topic's place in it.
STORY_DEPTH = 10
NOT_RANKED = STORY_DEPTH
FEATURES = (
    "cosine",  # best cosine of the topic's passage to a clause
    "position",  # that passage's topic's place among its clause's topics (0 = the clause's best)
    "behind",  # its cosine minus that clause's best topic's
    "clauses_top2",  # clauses with the topic among their two best topics
    "clauses_top5",  # clauses with the topic among their top five passages
    "clause_chars",  # length of the clause that found it
    "fused",  # that passage's fused score
    "hub",  # the topic's hub penalty (how often it is every story's neighbour)
    "story_rank",  # the topic's place among the whole story's topics (NOT_RANKED if absent)
    "story_cosine",  # its passage's cosine to the whole story (0 if absent)
    "clauses",  # how many clauses the story has
    "clause_best",  # 1 when it is some clause's best topic
    "story_best",  # 1 when it is the whole story's best topic
)


@dataclass(frozen=True)
class Candidate:
    """A topic some clause's ranking found, with the passage and clause that found it best."""

    topic: str
    hit: Hit
    clause: str
    features: dict[str, float]


def topic_hits(retrieval: Retrieval, depth: int) -> list[Hit]:
    """The best-matching passage of each topic among the top `depth` hits, nearest first by cosine (hits
    found by BM25 alone carry no cosine and are not read: a shared word is not a topic)."""
    best: dict[str, Hit] = {}
    for hit in retrieval.hits[:depth]:
        topic = hit.chunk.topic
        if topic and hit.dense > 0 and (topic not in best or hit.dense > best[topic].dense):
            best[topic] = hit
    return sorted(best.values(), key=lambda h: -h.dense)


def candidates(
    question: Retrieval,
    clauses: list[tuple[str, Retrieval]],
    depth: int,
    hub: dict[str, float],
) -> list[Candidate]:
    """Every topic among the top `depth` passages of some clause, with its features."""
    story = {h.chunk.topic: (rank, h.dense) for rank, h in enumerate(topic_hits(question, STORY_DEPTH))}
    found: dict[str, dict] = {}
    for clause, retrieval in clauses:
        ranked = topic_hits(retrieval, depth)
        for position, hit in enumerate(ranked):
            row = found.setdefault(hit.chunk.topic, {"top2": 0, "top5": 0, "hit": None})
            row["top2"] += position < 2
            row["top5"] += 1
            if row["hit"] is None or hit.dense > row["hit"].dense:
                row.update(hit=hit, clause=clause, position=position, behind=hit.dense - ranked[0].dense)
    out = []
    for topic, row in found.items():
        rank, story_cosine = story.get(topic, (NOT_RANKED, 0.0))
        features = {
            "cosine": row["hit"].dense,
            "position": row["position"],
            "behind": row["behind"],
            "clauses_top2": row["top2"],
            "clauses_top5": row["top5"],
            "clause_chars": len(row["clause"]),
            "fused": row["hit"].score,
            "hub": hub.get(topic, 0.0),
            "story_rank": rank,
            "story_cosine": story_cosine,
            "clauses": len(clauses),
            "clause_best": float(row["position"] == 0),
            "story_best": float(rank == 0),
        }
        out.append(Candidate(topic, row["hit"], row["clause"], features))
    return out


@dataclass(frozen=True)
class IssueModel:
    """Weights per feature (on the raw features: the training scale is folded in), bias, and the probability
    from which a candidate is an issue."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probabilities(self, found: list[Candidate]) -> np.ndarray:
        """P(issue) for each candidate."""
        if not found:
            return np.zeros(0)
        w = [self.weights[f] for f in FEATURES]
        z = np.array([sum(c.features[f] * wf for f, wf in zip(FEATURES, w, strict=True)) for c in found])
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))

    def to_json(self, about: dict) -> str:
        """The model as stored, with `about` (what it was trained on) beside it."""
        body = {"features": list(FEATURES), "weights": self.weights, "bias": self.bias}
        return json.dumps({"about": about, **body, "threshold": self.threshold}, ensure_ascii=False, indent=1)


def load_issue_model(path: Path = MODEL_PATH) -> IssueModel:
    """The stored model; an error naming the file when it is missing a feature this code computes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    missing = [f for f in FEATURES if f not in data["weights"]]
    if missing:
        raise ValueError(
            f"{path}: no weight for {', '.join(missing)}; retrain with bench/train_issue_model.py"
        )
    return IssueModel(
        {f: float(data["weights"][f]) for f in FEATURES}, float(data["bias"]), data["threshold"]
    )


@cache
def default_issue_model() -> IssueModel:
    """The packaged model, read once."""
    return load_issue_model()
