"""Story-reading benchmark: time to read facts from a 300-character and a 1,000-character story.

Prints p50/p95/max per story length next to the target (≤ 1 ms for 300 characters) and asserts nothing.

    python bench/bench_facts.py              # 2,000 runs per length
    python bench/bench_facts.py --runs 200
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.answering.facts import extract_facts, merge  # noqa: E402

STORY = (
    "我在揭阳普宁一家鞋厂干了两年多，老板一直没跟我签劳动合同，社保也没买，人工三千五一个月，试用期只发2800，"
    "每天加班3个小时，一个月加班八九十个小时，加班费从来没给过。去年我怀孕了，怀孕7个月的时候主任叫我去仓库搬货，"
    "不去就当自动离职，上个月又说我不用来了，还欠我两个月工资没发，一共七千多。我想问没签合同的双倍工资能拿多少，"
    "被辞退有没有赔偿，要去哪个部门投诉，多久之内要去申请，我老公也在厂里做了三年，他的工资也拖了，可以一起告吗？"
    "另外厂里说我是临时工不用签合同，这样合法吗？我是江西人，在这边打工六七年了，第一次遇到这种事，真的不知道怎么办，"
    "孩子刚生下来，是剖腹产，住院花了一万多，厂里一分钱都不给，说没有生育保险，请问我该怎么办，谢谢。"
)


def measure(text: str, runs: int, today: datetime.date) -> list[float]:
    """Milliseconds per call of extract_facts on `text`."""
    extract_facts(text, today=today)  # warm the compiled patterns
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        extract_facts(text, today=today)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    today = datetime.date(2025, 6, 15)
    long_story = (STORY * 3)[:1000]
    for label, text, target in (("300 chars", STORY[:300], "≤ 1 ms"), ("1,000 chars", long_story, "-")):
        timings = sorted(measure(text, args.runs, today))
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:>12}: p50 {statistics.median(timings):.3f} ms  p95 {p95:.3f} ms  "
            f"max {timings[-1]:.3f} ms  (target {target})"
        )
    turns = [STORY[i : i + 100] for i in range(0, 300, 100)]
    started = time.perf_counter()
    for _ in range(args.runs // 10):
        case = extract_facts(turns[0], today=today)
        for turn in turns[1:]:
            case = merge(case, extract_facts(turn, today=today))
    per_dialogue = (time.perf_counter() - started) * 1000 / (args.runs // 10)
    print(f"{'3-turn merge':>12}: {per_dialogue:.3f} ms per dialogue")


if __name__ == "__main__":
    main()
