"""How the scope check does on two blind probe sets of long stories (never the test split):

- bench/data/probe_labour_stories.txt: 300 labour stories, most told with non-labour background (a mortgage, a
  landlord, a divorce), each to be answered;
- bench/data/probe_non_labour_stories.txt: 285 non-labour stories with work words as background, each to be
  referred to 12348;
- bench/data/probe3_labour_short.txt (150) and probe3_non_labour_short.txt (200): short questions (15-90
  characters), labour ones dressed as other matters and non-labour ones with work as background, written blind in
  stop 47; odd lines tune, even lines held out, like the first two;
- bench/data/probe2_labour_stories.txt (150) and probe2_non_labour_stories.txt (200): the same two kinds, written
  blind in stop 40 and held out whole (only their counts are printed, `--errors` never lists them);
- bench/data/probe4_labour_short.txt (150) and probe4_non_labour_short.txt (200): short questions like probe3's,
  written blind in stop 48 (asked for situations less obvious than deposits, loans and divorce) and held out whole
  (decided before their first run): they measure the scope check after its examples grew in stop 48.

Each story goes through `Assistant.answer` as a worker's first message. Printed per set and half (the odd lines
are the ones read while tuning, the even lines are held out): how many were referred. `--errors` lists the odd
half's misjudged stories.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_scope_probe.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.runtime import evaluation_runtime  # noqa: E402
from bot.vocab import Status  # noqa: E402

DATA = ROOT / "bench" / "data"
SETS = {
    "labour (answer)": "probe_labour_stories.txt",
    "non-labour (refer)": "probe_non_labour_stories.txt",
    "labour 3 short": "probe3_labour_short.txt",
    "non-labour 3 short": "probe3_non_labour_short.txt",
}
# Held out whole: every story counts in one line, none is ever listed.
HELD_OUT_SETS = {
    "labour 2 (answer)": "probe2_labour_stories.txt",
    "non-labour 2 (refer)": "probe2_non_labour_stories.txt",
    "labour 4 short": "probe4_labour_short.txt",
    "non-labour 4 short": "probe4_non_labour_short.txt",
}


def stories(name: str) -> list[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="List the odd half's misjudged stories.")
    args = parser.parse_args()
    assistant = evaluation_runtime(Settings(), None).assistant
    for label, name in SETS.items():
        refer = label.startswith("non")
        counts = {"odd (tuned)": [0, 0], "even (held out)": [0, 0]}
        for number, story in enumerate(stories(name), start=1):
            half = "odd (tuned)" if number % 2 else "even (held out)"
            referred = assistant.answer(story).status == Status.OUT_OF_SCOPE
            counts[half][0] += referred
            counts[half][1] += 1
            if args.errors and number % 2 and referred is not refer:
                print(f"  {'answered' if refer else 'referred'}: {story}")
        line = "   ".join(f"{half} referred {n}/{total}" for half, (n, total) in counts.items())
        print(f"{label:20s} {line}", flush=True)
    for label, name in HELD_OUT_SETS.items():
        told = stories(name)
        referred = sum(assistant.answer(story).status == Status.OUT_OF_SCOPE for story in told)
        print(f"{label:20s} held out, referred {referred}/{len(told)}", flush=True)


if __name__ == "__main__":
    main()
