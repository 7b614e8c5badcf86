"""A cluster: PostgreSQL and two `bot serve` replicas on different ports, each with its own folder and index.

A conversation started on A continues on B, a hand-off made on A is listed on B, a document uploaded on A
answers on B after B's rebuild, and killing A leaves B serving with every row A wrote still there.
The replicas run the real server with the fake embedder (a `python -c` script patches the loader).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import PROJECT_ROOT, SNIPPETS, FakeEmbedder, snippet_text, write_snippet

from bot.index.build import run_build
from bot.index.versions import IndexStore

pytestmark = pytest.mark.slow

TOKEN = "cluster-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
IDS = ["wage-arrears", "injury-deadline", "annual-leave", "probation-length"]
NEW_ID = "night-shift-allowance"
NEW_RULE = snippet_text(
    NEW_ID,
    title="夜班津贴：按单位规章或集体合同发放",
    questions=["上夜班有没有津贴", "夜班补贴怎么算", "夜班费单位不给怎么办"],
    body="夜班津贴的标准由用人单位规章制度或集体合同规定，单位应当按约定发放夜班津贴。单位不发放的，"
    "职工可以先与单位协商，协商不成可以向劳动保障监察机构投诉，或者申请劳动争议仲裁。" * 2,
)

REPLICA = """
import sys
sys.path.insert(0, {tests!r})
from conftest import FakeEmbedder
import bot.runtime

bot.runtime.load_embedder = lambda *args, **kwargs: FakeEmbedder()
from bot.cli import main
main(["serve", "--host", "127.0.0.1", "--port", {port!r}])
"""


def start_replica(root: Path, port: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "BOT_KNOWLEDGE_DIR": str(root / "knowledge"),
        "BOT_INDEX_DIR": str(root / "index"),
        "BOT_DATA_DIR": str(root / "data"),
        "BOT_DATABASE_URL": database_url,
        "BOT_ADMIN_TOKEN": TOKEN,
        # The scope check as the fake model's cosines were calibrated for: the margin alone, at 0.
        "BOT_REFERRAL_MARGIN": "0.0",
        "BOT_REFERRAL_CLASSIFIER_WEIGHT": "0",
    }
    script = REPLICA.format(tests=str(PROJECT_ROOT / "tests"), port=str(port))
    (root / "data").mkdir(parents=True, exist_ok=True)
    with open(root / "data" / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((root / "data" / "server.log").read_text()[-3000:])
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"replica on {port} not ready: {(root / 'data' / 'server.log').read_text()[-3000:]}")


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def cited(body: dict) -> set[str]:
    return {c["id"] for c in body["citations"]}


@pytest.fixture
def cluster(tmp_path, postgres_server):
    """(url of A, url of B, process A, process B, database url)."""
    from support.app_fixtures import free_port, stop_server
    from support.databases import create_database

    seed = tmp_path / "seed"
    for snippet_id in IDS:
        write_snippet(seed / "knowledge", snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    run_build(seed / "knowledge", IndexStore(seed / "index"), FakeEmbedder())
    database = create_database(postgres_server)
    processes, urls = [], []
    try:
        for name in ("a", "b"):
            shutil.copytree(seed, tmp_path / name)
            port = free_port()
            processes.append(start_replica(tmp_path / name, port, database))
            urls.append(f"http://127.0.0.1:{port}")
        yield urls[0], urls[1], processes[0], processes[1], database
    finally:
        for process in processes:
            if process.poll() is None:
                stop_server(process)


def test_two_replicas_behave_as_one_service(cluster):
    a, b, process_a, _, database = cluster
    with httpx.Client(timeout=30) as http:
        # A conversation started on A continues on B: B reads A's turn from the database as history.
        first = http.post(f"{a}/api/answer", json={"question": "工伤认定多久内要申请"}).json()
        assert "injury-deadline" in cited(first)
        follow_up = http.post(
            f"{b}/api/answer", json={"question": "那我去哪申请", "session_id": first["session_id"]}
        ).json()
        assert follow_up["citations"][0]["id"] == "injury-deadline", follow_up
        # Without the session's history the same words do not reach the injury rule (the fake model refers
        # them to 12348 as not labour law).
        alone = http.post(f"{b}/api/answer", json={"question": "那我去哪申请"}).json()
        assert "injury-deadline" not in cited(alone)

        # A hand-off made on A is listed on B.
        handoff = http.post(
            f"{a}/api/handoff",
            json={"category": "法律援助", "description": "工伤单位不认", "phone": "13812345678"},
        ).json()
        listed = http.get(f"{b}/api/admin/tickets", headers=AUTH).json()["tickets"]
        assert [t["number"] for t in listed] == [handoff["ticket"]] and listed[0]["phone"] == "138****5678"

        # A document uploaded on A answers on B once B has rebuilt.
        put = http.put(f"{a}/api/admin/documents/rules/{NEW_ID}.md", content=NEW_RULE.encode(), headers=AUTH)
        assert put.status_code == 201, put.text
        started = time.monotonic()
        wait_for(
            lambda: NEW_ID in cited(http.post(f"{b}/api/answer", json={"question": "夜班补贴怎么算"}).json())
        )
        followed_in = time.monotonic() - started
        status_b = http.get(f"{b}/api/admin/index", headers=AUTH).json()
        assert status_b["knowledge"]["database_revision"] == status_b["knowledge"]["built_revision"] == 2
        assert followed_in < 15, followed_in

        # Killing A leaves B serving, and every row A wrote is there.
        os.kill(process_a.pid, signal.SIGKILL)
        process_a.wait()
        for _ in range(5):
            assert http.post(f"{b}/api/answer", json={"question": "老板拖欠工资怎么办"}).status_code == 200
        assert http.get(f"{b}/readyz").json()["status"] == "ready"

    import psycopg

    with psycopg.connect(database) as conn:
        sessions = dict(conn.execute("SELECT session_id, count(*) FROM turns GROUP BY session_id").fetchall())
        assert sessions[first["session_id"]] == 2
        assert conn.execute("SELECT number FROM tickets").fetchall() == [(handoff["ticket"],)]
        assert conn.execute(
            "SELECT count(*) FROM documents WHERE path = %s", (f"rules/{NEW_ID}.md",)
        ).fetchone() == (1,)
