"""What the case analysis adds per answer, in-process (issue 12 target: <= 5 ms p50).

Times `Assistant.answer` on the questions of tests/eval/cases/dev.jsonl twice: as the app runs it, and with
the analysis steps replaced by no-ops (no dialect mapping, no facts, no clause searches), then prints p50/p95
of both and of the difference per question.

    python bench/bench_case.py
"""

from __future__ import annotations

import json
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

RUNS = 3


def timings(assistant, questions: list[str]) -> list[float]:
    out = []
    for question in questions:
        best = float("inf")
        for _ in range(RUNS):
            started = time.perf_counter()
            assistant.answer(question)
            best = min(best, time.perf_counter() - started)
        out.append(best * 1000)
    return out


def main() -> None:
    lines = (ROOT / "tests" / "eval" / "cases" / "dev.jsonl").read_text("utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    assistant = evaluation_runtime(Settings()).assistant
    for question in questions[:5]:
        assistant.answer(question)  # warm caches and the referral examples
    full = timings(assistant, questions)

    def plain_case(self, text, history, retrieval, region):
        return Case(Facts(), ())

    with (
        mock.patch.object(assistant_module, "canonicalise", lambda text: text),
        mock.patch.object(assistant_module.Assistant, "read_case", plain_case),
    ):
        plain = timings(assistant, questions)
    added = [f - p for f, p in zip(full, plain, strict=True)]
    for label, values in (("with analysis", full), ("without", plain), ("added by analysis", added)):
        cut = statistics.quantiles(values, n=20)
        print(f"{label:<18} p50 {statistics.median(values):6.2f} ms   p95 {cut[-1]:6.2f} ms")
    print(f"{len(questions)} questions, best of {RUNS} runs each")


if __name__ == "__main__":
    main()
