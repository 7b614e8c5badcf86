"""What the case analysis adds per answer, in-process (issue 12 target: <= 5 ms p50).

Times `Assistant.answer` on the questions of tests/eval/cases/dev.jsonl twice: as the app runs it, and with
the analysis steps replaced by no-ops (no dialect mapping, no facts, no clause searches), alternating run by
run, then prints p50/p95 of both and of the difference per question.

    python bench/bench_case.py
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering import assistant as assistant_module  # noqa: E402
from bot.answering.case import Case  # noqa: E402
from bot.answering.facts import Facts  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.runtime import evaluation_runtime  # noqa: E402

RUNS = 5


def plain_case(self, text, history, retrieval, region, clauses):
    return Case(Facts(), ())


def question_only(retriever, query, text, k, region):
    return retriever.search(query, k=k, region=region), []


def without_analysis():
    """No dialect mapping, no pinyin-typo correction, no facts, no clause searches: the question's own search
    only."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(assistant_module, "canonicalise", lambda text: text))
    stack.enter_context(mock.patch.object(assistant_module.Homophones, "correct", lambda self, text: text))
    stack.enter_context(mock.patch.object(assistant_module, "story_retrievals", question_only))
    stack.enter_context(mock.patch.object(assistant_module.Assistant, "read_case", plain_case))
    return stack


def best_time(assistant, question: str, plain: bool) -> float:
    """Milliseconds of one answer, with or without the analysis."""
    with without_analysis() if plain else contextlib.nullcontext():
        started = time.perf_counter()
        assistant.answer(question)
        return (time.perf_counter() - started) * 1000


def timings(assistant, questions: list[str]) -> tuple[list[float], list[float]]:
    """Best of RUNS per question, with and without the analysis; the two alternate run by run, so a change in
    the machine's load falls on both alike."""
    full, plain = [], []
    for question in questions:
        runs = [
            (best_time(assistant, question, False), best_time(assistant, question, True)) for _ in range(RUNS)
        ]
        full.append(min(f for f, _ in runs))
        plain.append(min(p for _, p in runs))
    return full, plain


def main() -> None:
    lines = (ROOT / "tests" / "eval" / "cases" / "dev.jsonl").read_text("utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    assistant = evaluation_runtime(Settings()).assistant
    for question in questions[:5]:
        assistant.answer(question)  # warm caches and the referral examples
    full, plain = timings(assistant, questions)
    added = [f - p for f, p in zip(full, plain, strict=True)]
    for label, values in (("with analysis", full), ("without", plain), ("added by analysis", added)):
        cut = statistics.quantiles(values, n=20)
        print(f"{label:<18} p50 {statistics.median(values):6.2f} ms   p95 {cut[-1]:6.2f} ms")
    load = os.getloadavg()
    print(f"{len(questions)} questions, best of {RUNS} runs each; load average {load[0]:.2f} {load[1]:.2f}")


if __name__ == "__main__":
    main()
