"""Personal data by side doors (issue 15, item 4): session ids are issued by the server only, logged URLs
have their digit runs masked, the data folder is private, pruned rows leave no copy in the database or its
WAL, and the page's saved questions are masked like the server's records."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from conftest import FakeEmbedder, write_knowledge
from fastapi.testclient import TestClient
from test_redact import MASKED, UNCHANGED

from bot.cli.serve import MaskedAccessLog
from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore
from bot.records.store import Records
from bot.text.redact import mask_digit_runs

pytest_plugins = ["support.app_fixtures"]

PHONE = "13812345678"
REDACT_JS = Path(__file__).resolve().parent.parent / "web" / "static" / "redact.js"


@pytest.fixture
def site(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge", ["wage-arrears", "annual-leave", "union-join"])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    return Settings(knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data")


def data_bytes(folder: Path) -> bytes:
    """Every file of the data folder (database, -wal, -shm, logs) concatenated."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_a_client_invented_session_id_is_replaced(site):
    with TestClient(create_app(site, embedder=FakeEmbedder())) as client:
        first = client.post("/api/answer", json={"question": "年假有几天", "session_id": PHONE}).json()
        issued = first["session_id"]
        assert issued != PHONE and len(issued) == 32
        # The issued id carries the conversation on; an invented one never becomes a session.
        follow = client.post("/api/answer", json={"question": "那工会呢", "session_id": issued}).json()
        assert follow["session_id"] == issued
        feedback = client.post("/api/feedback", json={"session_id": PHONE, "rating": "up"})
        assert feedback.status_code == 404 and "服务器" in feedback.json()["error"]
        page = client.post("/", data={"question": "年假有几天", "session_id": PHONE})
        assert page.status_code == 200 and PHONE not in page.text
        assert client.post("/feedback", data={"session_id": PHONE, "rating": "up"}).status_code == 404
        sessions = {t.session_id for t in client.app.state.records.turns.list()}
        assert PHONE not in sessions and issued in sessions
        assert client.app.state.records.feedback.list() == []
    assert PHONE.encode() not in data_bytes(site.data_dir)


def test_the_data_folder_and_its_files_are_private(site):
    site.data_dir.mkdir(mode=0o755)
    site.data_dir.chmod(0o755)
    with TestClient(create_app(site, embedder=FakeEmbedder())) as client:
        client.post("/api/answer", json={"question": "年假有几天"})
        assert stat.S_IMODE(site.data_dir.stat().st_mode) == 0o700
        files = list(site.data_dir.iterdir())
        assert {p.name for p in files} >= {"bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "old" / "bot.sqlite3"
    path.parent.mkdir()
    sqlite3.connect(path).close()
    path.chmod(0o644)
    with Records(path) as records:
        records.turns.log("s", "问题", "answered", None, [], 0.5, 1)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_pruned_rows_leave_no_copy_in_the_database_or_its_wal(tmp_path):
    now = [datetime.now(UTC) - timedelta(days=400)]
    path = tmp_path / "data" / "bot.sqlite3"
    marker = "宿舍热水器坏了没人修PRUNEMARKER"
    with Records(path, clock=lambda: now[0]) as records:
        for n in range(50):
            records.turns.log(f"old{n}", f"{marker}{n}", "answered", None, [], 0.5, 1, answer=marker)
        records.feedback.add(None, "old1", "down", f"{marker}评论")
        now[0] = datetime.now(UTC)
        records.turns.log("new", "年假有几天", "answered", None, [], 0.5, 1)
        with records.db.connection("read") as conn:
            assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert marker.encode() in data_bytes(path.parent)
        assert records.prune(180) == 51
        wal = path.with_name("bot.sqlite3-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert marker.encode() not in data_bytes(path.parent)
        assert [t.session_id for t in records.turns.list()] == ["new"]


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (f"/sources/{PHONE}", "/sources/***********"),
        (f"/api/answer?phone={PHONE}", "/api/answer?phone=***********"),
        ("/x/%31%33%38%31%32%33%34%35%36%37%38", "/x/***********"),
        ("/x/%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%91%EF%BC%92%EF%BC%93", "/x/******"),
        ("/api/sources/wage-arrears", "/api/sources/wage-arrears"),
        ("/admin/insights/tickets/GH20260101-0001?n=12", "/admin/insights/tickets/GH********-0001?n=12"),
    ],
)
def test_digit_runs_in_logged_urls_are_masked(url, masked):
    assert mask_digit_runs(url) == masked
    record = __import__("logging").LogRecord(
        "uvicorn.access", 20, "", 0, '%s - "%s %s HTTP/%s" %d', ("1.2.3.4:5", "GET", url, "1.1", 404), None
    )
    assert MaskedAccessLog().filter(record) and record.getMessage().count(masked) == 1


@pytest.mark.slow
def test_nothing_personal_reaches_the_log_or_the_data_folder(small_index_dir, tmp_path):
    """The real server (`bot serve`): a phone number as a path, a query, a session id and inside questions;
    afterwards neither the server log nor any file of the data folder holds it, and after prune neither
    the database nor its WAL holds the pruned questions."""
    from support.app_fixtures import free_port, start_server, stop_server

    data = tmp_path / "data"
    port = free_port()
    process = start_server(small_index_dir, data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for path in (f"/sources/{PHONE}", f"/api/sources/{PHONE}", f"/readyz?x={PHONE}"):
            httpx.get(base + path, timeout=30)
        answer = httpx.post(
            f"{base}/api/answer",
            json={"question": f"我的电话{PHONE}，老板拖欠工资怎么办", "session_id": PHONE},
            timeout=60,
        ).json()
        assert answer["session_id"] != PHONE
        httpx.post(f"{base}/api/feedback", json={"session_id": PHONE, "rating": "down"}, timeout=30)
    finally:
        stop_server(process)
    log = (data / "server.log").read_text(errors="replace")
    assert "GET /sources/*********** HTTP/1.1" in log and PHONE not in log
    (data / "server.log").unlink()  # written by the test harness, not the server
    assert PHONE.encode() not in data_bytes(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    with Records(data / "bot.sqlite3", clock=lambda: datetime.now(UTC) + timedelta(days=400)) as records:
        assert records.prune(180) >= 1
    assert "拖欠工资".encode() not in data_bytes(data)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run web/static/redact.js")
def test_the_pages_masking_matches_the_servers():
    """web/static/redact.js (used for localStorage) gives the same text as bot.text.redact on every example."""
    samples = [text for text, _ in MASKED] + list(UNCHANGED)
    script = (
        "global.window = {};\n"
        f"{REDACT_JS.read_text('utf-8')}\n"
        f"process.stdout.write(JSON.stringify({json.dumps(samples, ensure_ascii=False)}.map(window.botRedact)));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == [masked for _, masked in MASKED] + list(UNCHANGED)
