"""Train the issue model (`bot/answering/issue_model.py`) on labelled worker stories and write
`bot/answering/data/issue_model.json`. Never reads the frozen test split.

Training stories: the dev split and the odd items of dev2 (`tests/eval/cases`), without the off-topic items
and the follow-up chains. Each story is read as the assistant reads it (canonical text, the clause rankings of
the real models); every topic some clause's top five land on is a candidate, labelled 1 when the story's
labelled issues include it. Topics that what happened already raises, and the service-itself topics, (an event, a fact, the kind of work)
are left out: they are issues whatever the model says. dev2's even items stay out of training and are scored
as the held-out line; the threshold was chosen there among 0.3 / 0.35 / 0.4 / 0.5 (fact pass, aggregate only).

    PYTHONPATH=$PWD .venv/bin/python bench/train_issue_model.py            # train, print, write
    PYTHONPATH=$PWD .venv/bin/python bench/train_issue_model.py --dry-run  # train and print only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CASES = PROJECT_ROOT / "tests" / "eval" / "cases"
THRESHOLD = 0.35
L2 = 1.0


def in_training(split: str, item_id: str) -> bool | None:
    """True for a training story, False for a held-out one (dev2 even), None for the test split."""
    if split == "test":
        return None
    return split == "dev" or int(item_id[1:]) % 2 == 1


def read_candidates(assistant, items):
    """(feature rows, labels) of every clause-found candidate topic of `items`."""
    from bot.answering.case import read_story
    from bot.answering.issue_model import FEATURES, candidates
    from bot.answering.issues import CLAUSE_HITS, FACT_TOPICS, META_TOPICS, topic_raised_by
    from bot.answering.scope import is_in_domain
    from bot.text.dialect import canonicalise

    rows, labels = [], []
    for item in items:
        text = assistant.homophones(assistant.retriever.index).correct(canonicalise(item.question))
        retrieval, clauses = assistant.retrieve_story(text, [], None)
        # What happened, read as the assistant reads it (not its issues: those need this model).
        _, facts, _ = read_story(text, [], is_in_domain, assistant.today())
        raised = {topic_raised_by(t.value) for t in (*facts.events, *facts.worker_types)}
        raised |= {topic_raised_by(n) for n in FACT_TOPICS if getattr(facts, n) is not None}
        wanted = {issue.topic for issue in item.issues}
        for found in candidates(retrieval, clauses, CLAUSE_HITS, assistant.hub_penalties(retrieval.index)):
            if found.topic in raised or found.topic in META_TOPICS:
                continue
            rows.append([found.features[f] for f in FEATURES])
            labels.append(found.topic in wanted)
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.float64)


def train(x: np.ndarray, y: np.ndarray):
    """The model on raw features: trained on standardised ones, with the scale folded into the weights."""
    from bot.answering.issue_model import FEATURES, IssueModel
    from bot.answering.logistic import train_logistic

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = train_logistic({"f": (x - mean) / scale}, y, l2=L2)
    w = fitted.weights["f"] / scale
    bias = fitted.bias - float(w @ mean)
    return IssueModel(
        dict(zip(FEATURES, (round(float(v), 6) for v in w), strict=True)), round(bias, 6), THRESHOLD
    )


def average_precision(y: np.ndarray, score: np.ndarray) -> float:
    """Average precision of ranking by `score` (1 = every issue above every non-issue)."""
    order = np.argsort(-score)
    hits = y[order]
    if hits.sum() == 0:
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dry-run", action="store_true", help="print the model and its figures, write nothing"
    )
    args = parser.parse_args(argv)

    from bot.answering import fact_score
    from bot.answering.issue_model import FEATURES, MODEL_PATH, Candidate
    from bot.config import Settings
    from bot.runtime import evaluation_runtime

    assistant = evaluation_runtime(Settings()).assistant
    split_items = {"train": [], "held-out": []}
    for split in ("dev", "dev2"):
        for item in fact_score.load_cases(CASES / f"{split}.jsonl"):
            if item.decline or item.history:
                continue
            split_items["train" if in_training(split, item.id) else "held-out"].append(item)
    x, y = read_candidates(assistant, split_items["train"])
    model = train(x, y)
    print(f"trained on {len(split_items['train'])} stories: {len(y)} candidates, {int(y.sum())} issues")
    for name in FEATURES:
        print(f"  {name:14s} {model.weights[name]:+.4f}")
    print(f"  {'bias':14s} {model.bias:+.4f}   threshold {model.threshold}")
    for name, items in split_items.items():
        xs, ys = read_candidates(assistant, items)
        found = [Candidate("", None, "", dict(zip(FEATURES, row, strict=True))) for row in xs]
        p = model.probabilities(found)
        cosine = xs[:, FEATURES.index("cosine")]
        print(
            f"{name:9s} {len(items)} stories, {len(ys)} candidates: average precision {average_precision(ys, p):.3f}"
            f" (cosine alone {average_precision(ys, cosine):.3f}); kept {int((p >= model.threshold).sum())},"
            f" of which issues {int(ys[p >= model.threshold].sum())} of {int(ys.sum())}"
        )
    if not args.dry_run:
        about = {
            "trained_on": "tests/eval/cases dev.jsonl + dev2.jsonl odd items (no off-topic, no follow-up)",
            "stories": len(split_items["train"]),
            "candidates": len(y),
            "l2": L2,
            "script": "bench/train_issue_model.py",
        }
        MODEL_PATH.write_text(model.to_json(about) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
