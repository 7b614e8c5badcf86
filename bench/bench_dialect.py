"""Dialect normalisation benchmark: microseconds per canonicalise() call on 100- and 1,000-character text.

Prints figures next to the target (a 100-character question well under 1 ms) and asserts nothing.

    python bench/bench_dialect.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.text.dialect import canonicalise, default_lexicon, normalise_script  # noqa: E402

TARGET_100_US = 1000.0
REPEATS = 7

# Simplified script with Cantonese, Teochew and typos, the way most questions arrive; and the same
# story in traditional script (the slow path: OpenCC converts every clause).
STORY = (
    "老细话今个月冇粮出，我喺厂度做咗三年，佢成日拖粮仲扣我人工，点算好？"
    "头家无发工钱乞我，我卜去告伊，毋知去叨位投诉。公司托欠工姿，没签劳动和同，"
    "日日OT到十点冇补水，月薪3千5蚊，被炒了要赔几多？"
)
TRADITIONAL = (
    "老細話今個月冇糧出，我喺廠度做咗三年，佢成日拖糧仲扣我人工，點算好？頭家無發工錢乞我，我卜去告伊。"
)


def _text(source: str, length: int) -> str:
    return (source * (length // len(source) + 1))[:length]


def _microseconds(text: str) -> float:
    """Median over REPEATS rounds of the mean time per call."""
    calls = max(1, 20_000 // len(text))
    rounds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(calls):
            canonicalise(text)
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(rounds)


def main() -> None:
    start = time.perf_counter()
    default_lexicon()
    normalise_script("預熱")
    print(f"load lexicon and OpenCC: {(time.perf_counter() - start) * 1e3:.0f} ms (once per process)")
    print(f"rules: {len(default_lexicon().rules)}")
    for label, source in (("simplified", STORY), ("traditional", TRADITIONAL)):
        for length in (100, 1000):
            us = _microseconds(_text(source, length))
            target = f"  (target < {TARGET_100_US:.0f} µs)" if length == 100 else ""
            print(f"{label:>11} {length:>5} chars: {us:8.1f} µs per call{target}")


if __name__ == "__main__":
    main()
