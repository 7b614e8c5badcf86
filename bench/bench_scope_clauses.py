"""Does reading a story's clauses one by one refer better than the whole question alone? The scope decision of
the assistant (bot.answering.assistant, `_outside_labour_law`) replayed on labelled questions, whole question
versus clauses (bot.answering.referral.read_story_scope), then with the third outcome (`_scope_outcome`): a story
telling a labour problem beside another matter (`referral.tells_two_matters`) is answered, not referred whole.

Labelled questions (never the test split, dev3 or dev2's even half):
- non-labour: bot/answering/data/non_labour_legal.txt in 5 folds; a held-out example (and each of its clauses)
  is scored against the other folds' examples, with a classifier trained without its fold;
- the readable development items: dev, dev2's odd half and dev4 (off-topic ones should be referred, the
  person-lookup ones left out: a rule answers them first);
- labour look-alikes (bench/data/labour_lookalikes.txt) and the labour questions of tests/eval/questions.jsonl:
  none should be referred.

Printed: for each rule, referred whole / total per set (+: should be referred, -: should not), and the load
average.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_scope_clauses.py
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CASES = PROJECT_ROOT / "tests" / "eval" / "cases"
LOOKALIKES = PROJECT_ROOT / "bench" / "data" / "labour_lookalikes.txt"
QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
FOLDS = 5


def _rows() -> list[dict]:
    """Each labelled question with what the decision reads: whole-question score, labour story, clause
    scores."""
    from bot.answering import fact_score
    from bot.answering.assistant import LABOUR_EVENTS, _canonical_turn
    from bot.answering.facts import extract_facts
    from bot.answering.followup import FOLLOWUP_MAX_CHARS
    from bot.answering.issues import asks_where_to_complain
    from bot.answering.logistic import train_logistic
    from bot.answering.referral import (
        PLAIN_CLAUSE,
        REFERRAL_TOPIC,
        ClauseReading,
        _examples,
        asks_for_personal_details,
        labour_vectors,
    )
    from bot.config import Settings
    from bot.runtime import evaluation_runtime
    from bot.text.dialect import canonicalise

    assistant = evaluation_runtime(Settings()).assistant
    check, index = assistant.referral, assistant.retriever.index
    examples, labour = check.vectors(), labour_vectors(index)
    fold = np.arange(len(examples)) % FOLDS
    models = {None: check.classifier(index)}
    for f in range(FOLDS):
        keep = fold != f
        rows = np.vstack([examples[keep], labour])
        labels = np.concatenate([np.ones(keep.sum()), np.zeros(len(labour))])
        models[f] = train_logistic({"vector": rows}, labels)
    weight = check.classifier_weight
    homophones = assistant.homophones(index)

    def score(vector, top: float, f) -> tuple[float, float]:
        """(margin, margin + weight x log-odds), against the examples outside fold `f`."""
        near = examples if f is None else examples[fold != f]
        margin = float(np.max(near @ vector)) - top
        odds = float(models[f].score({"vector": np.asarray(vector, dtype=np.float32).reshape(1, -1)})[0])
        return margin, margin + weight * odds

    def row(question: str, history=(), f=None, **label) -> dict:
        canonical = lambda words: homophones.correct(canonicalise(words))  # noqa: E731
        text = canonical(question)
        turns = [
            _canonical_turn(h if isinstance(h, dict) else {"role": "user", "content": h}, canonical)
            for h in history
        ]
        retrieval, clauses = assistant.retrieve_story(text, turns, None)
        case = assistant.read_case(text, turns, retrieval, None, clauses)
        events = any(e.value in LABOUR_EVENTS for e in case.facts.events)
        margin, full = score(retrieval.vector, retrieval.top_dense, f)
        told = [t.span.text for t in case.facts.events if t.value in LABOUR_EVENTS and t.span.text]
        readings = []  # as Assistant._clause_readings reads them, the held-out fold's score
        for clause, r in clauses:
            clause_score = score(r.vector, r.top_dense, f)[1]
            names = clause_score <= PLAIN_CLAUSE or not asks_where_to_complain(clause, extract_facts(clause))
            readings.append(ClauseReading(clause_score, r.top_dense, any(w in clause for w in told), names))
        return {
            **label,
            "margin": margin,
            "full": full,
            "events": events,
            "types": bool(case.facts.worker_types),
            "follow_up": (events or bool(case.facts.worker_types))
            and case.continued
            and len(text.strip()) <= FOLLOWUP_MAX_CHARS,
            "snippet": bool(retrieval.hits) and retrieval.hits[0].chunk.topic == REFERRAL_TOPIC,
            "clauses": [reading.score for reading in readings],
            "readings": readings,
        }

    rows = [row(t, f=int(fold[i]), set="non-labour", refer=True) for i, t in enumerate(_examples())]
    for split in ("dev", "dev2", "dev4"):
        for item in fact_score.load_cases(CASES / f"{split}.jsonl"):
            if split == "dev2" and int(item.id[1:]) % 2 == 0:
                continue  # dev2's even half is read in aggregate only, by the fact scorer
            if item.decline and asks_for_personal_details(item.question):
                continue
            rows.append(row(item.question, item.history, set=split, refer=bool(item.decline)))
    for line in LOOKALIKES.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(row(line.strip(), set="look-alikes", refer=False))
    for line in QUESTIONS.read_text("utf-8").splitlines():
        item = json.loads(line)
        if not item.get("refuse"):
            rows.append(row(item["question"], item.get("history", []), set="questions", refer=False))
    return rows


def _decide(row: dict, margin: float, event_margin: float, clauses: bool, two_matters: bool = False) -> bool:
    """The assistant's decision (`Assistant._outside_labour_law`), with or without the clause reading; with
    `two_matters`, a story the check refers that tells a labour problem beside another matter is answered
    (`Assistant._scope_outcome`)."""
    from bot.answering.referral import StoryScope, read_story_scope, tells_two_matters

    if two_matters:
        return _decide(row, margin, event_margin, clauses) and not tells_two_matters(row["readings"])

    shielded = row["events"] or row["types"]
    if row["follow_up"]:
        return False
    scope = read_story_scope(row["clauses"]) if clauses and len(row["clauses"]) >= 2 else StoryScope.MIXED
    if scope is StoryScope.LABOUR:
        return False
    if scope is StoryScope.OUTSIDE and not row["types"]:
        shielded = False
    if shielded:
        return row["margin"] > margin + event_margin
    if row["snippet"]:
        return row["margin"] > margin
    return row["full"] > margin


def main() -> None:
    from bot.answering.assistant import EVENT_REFERRAL_MARGIN
    from bot.config import Settings

    margin = Settings().referral_margin
    rows = _rows()
    sets = ("non-labour", "dev", "dev2", "dev4", "look-alikes", "questions")
    print("referred / total (+ should be referred, - should not; non-labour held out in 5 folds)")
    rules = (("whole question", False, False), ("clauses too", True, False), ("two matters *", True, True))
    for name, clauses, two_matters in rules:
        counts: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            decided = _decide(row, margin, EVENT_REFERRAL_MARGIN, clauses, two_matters)
            counts[(row["set"], row["refer"])][0] += decided
            counts[(row["set"], row["refer"])][1] += 1
        cells = [
            f"{s}{'+' if refer else '-'} {counts[(s, refer)][0]}/{counts[(s, refer)][1]}"
            for s in sets
            for refer in (True, False)
            if (s, refer) in counts
        ]
        print(f"{name:16} " + " | ".join(cells))
    print(f"* wired in (bot.answering.assistant._scope_outcome). load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
