"""A damaged current index version (issue 15, item 2): start-up serves the newest version that loads and
self-checks, says which and why (log, /readyz, GET /api/admin/index); publishing removes leftovers of killed
builds but never a folder a running build is writing."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import pytest
from conftest import FakeEmbedder, write_knowledge
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.errors import IndexMismatchError, IndexMissingError
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.index import Index
from bot.index.versions import CURRENT_FILE, IndexStore
from bot.runtime import build_runtime

TOKEN = "damage-admin-token"


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _lexical_files(version: Path) -> list[Path]:
    return [p for p in (version / "lexical").iterdir() if p.is_file()]


def _foreign_vectors(version: Path) -> None:
    """A valid FAISS file of another dimension: loads, then fails on the first search."""
    other = faiss.IndexFlatIP(8)
    faiss.write_index(other, str(version / "vectors.faiss"))


# Damage done to the newest version folder (or to CURRENT); each must leave start-up on the older version.
DAMAGE: dict[str, Callable[[Path, Path], None]] = {
    "vectors truncated": lambda v, root: _truncate(v / "vectors.faiss"),
    "vectors empty": lambda v, root: (v / "vectors.faiss").write_bytes(b""),
    "vectors random": lambda v, root: (v / "vectors.faiss").write_bytes(os.urandom(4096)),
    "vectors missing": lambda v, root: (v / "vectors.faiss").unlink(),
    "vectors of another dimension": lambda v, root: _foreign_vectors(v),
    "vector owners random": lambda v, root: (v / "vector_chunk.npy").write_bytes(os.urandom(300)),
    "chunks truncated": lambda v, root: _truncate(v / "chunks.json"),
    "chunks empty": lambda v, root: (v / "chunks.json").write_text(""),
    "chunks wrong shape": lambda v, root: (v / "chunks.json").write_text("[1, 2, 3]"),
    "chunks missing": lambda v, root: (v / "chunks.json").unlink(),
    "manifest broken": lambda v, root: (v / "manifest.json").write_text("{not json"),
    "manifest missing": lambda v, root: (v / "manifest.json").unlink(),
    "sentences truncated": lambda v, root: _truncate(v / "sentences.json"),
    "sentences wrong shape": lambda v, root: (v / "sentences.json").write_text('{"a": 1}'),
    "lexical folder removed": lambda v, root: shutil.rmtree(v / "lexical"),
    "lexical files emptied": lambda v, root: [p.write_bytes(b"") for p in _lexical_files(v)],
    "lexical files truncated": lambda v, root: [_truncate(p) for p in _lexical_files(v)],
    "CURRENT binary": lambda v, root: (root / CURRENT_FILE).write_bytes(b"\xff\xfe\x00\x9c" * 8),
    "CURRENT empty": lambda v, root: (root / CURRENT_FILE).write_bytes(b""),
    "CURRENT names a missing version": lambda v, root: (root / CURRENT_FILE).write_text("20990101-gone\n"),
}


@pytest.fixture
def two_versions(tmp_path):
    """Two published versions of a tiny folder: (settings, store, older, newer)."""
    knowledge = write_knowledge(tmp_path / "knowledge", ["wage-arrears", "injury-deadline", "annual-leave"])
    store = IndexStore(tmp_path / "index")
    older, _, _ = run_build(knowledge, store, FakeEmbedder())
    write_knowledge(knowledge, ["union-join"])
    newer, _, _ = run_build(knowledge, store, FakeEmbedder())
    assert store.versions() == [older, newer] and store.current_version() == newer
    settings = Settings(
        knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data", admin_token=TOKEN
    )
    return settings, store, older, newer


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_start_up_falls_back_to_the_newest_good_version(two_versions, kind, caplog):
    settings, store, older, newer = two_versions
    DAMAGE[kind](store.version_path(newer), store.root)
    # A broken CURRENT leaves both versions intact: the newest one is served.
    expected = newer if kind.startswith("CURRENT") else older
    caplog.set_level(logging.WARNING)
    with TestClient(create_app(settings, embedder=FakeEmbedder())) as client:
        ready = client.get("/readyz").json()
        assert ready["ok"] and ready["index_version"] == expected
        assert ready["fallback_from"] in (newer, "CURRENT", "20990101-gone") and ready["reason"]
        admin = client.get("/api/admin/index", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert admin["version"] == expected and admin["fallback_from"] == ready["fallback_from"]
        assert admin["fallback_reason"] == ready["reason"]
        answer = client.post("/api/answer", json={"question": "年假有几天"})
        assert answer.status_code == 200 and answer.json()["citations"]
    assert f"serving index version {expected} in place of {ready['fallback_from']}" in caplog.text


def test_a_good_current_version_reports_no_fallback(two_versions):
    settings, _, _, newer = two_versions
    with TestClient(create_app(settings, embedder=FakeEmbedder())) as client:
        ready = client.get("/readyz").json()
        assert ready["index_version"] == newer and "fallback_from" not in ready


def test_no_usable_version_names_every_failure(two_versions):
    settings, store, older, newer = two_versions
    for version in (older, newer):
        (store.version_path(version) / "chunks.json").write_text("")
    with pytest.raises(IndexMismatchError) as caught:
        build_runtime(settings, embedder=FakeEmbedder())
    assert older in caught.value.message and newer in caught.value.message
    assert "bot index build" in caught.value.message


def test_nothing_built_is_still_index_missing(tmp_path):
    with pytest.raises(IndexMissingError):
        build_runtime(
            Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "d"), embedder=FakeEmbedder()
        )


def test_a_rebuild_replaces_the_fallback_and_clears_the_report(two_versions):
    settings, store, older, newer = two_versions
    (store.version_path(newer) / "vectors.faiss").write_bytes(b"")
    with TestClient(create_app(settings, embedder=FakeEmbedder())) as client:
        runtime = client.app.state.runtime
        runtime.reloader.check_every = 0
        client.get("/readyz")  # the damaged CURRENT is not retried on every request
        assert runtime.serving.version == older and runtime.reloader.last_error == ""
        assert runtime.build_job.start(full=True) and runtime.build_job.wait(30).state == "succeeded"
        ready = client.get("/readyz").json()
        assert ready["index_version"] == store.current_version() not in (older, newer)
        assert "fallback_from" not in ready


# -- publishing ------------------------------------------------------------------------------------------


def test_publish_removes_leftovers_of_a_killed_build(built, fake_embedder):
    store, index = built
    versions = store.root / "versions"
    dead_pid = _dead_pid()
    leftover = versions / f".tmp-20200101-000000-000000000-{dead_pid}"
    (leftover / "lexical").mkdir(parents=True)
    (leftover / "chunks.json").write_text("[]")
    pointer = store.root / f".{CURRENT_FILE}.20200101-000000-000000000-{dead_pid}"
    pointer.write_text("x")
    own = versions / f".tmp-20200101-000000-000000001-{os.getpid()}"  # a crashed build of this process
    own.mkdir()
    live = versions / f".tmp-20200101-000000-000000002-{os.getppid()}"  # another live process's build
    live.mkdir()
    store.publish(Index(index.chunks, index.dense, index.lexical, index.manifest, index.sentences))
    assert not leftover.exists() and not pointer.exists() and not own.exists()
    assert live.exists()


def test_publish_never_removes_a_folder_a_concurrent_build_is_writing(built):
    store, index = built
    entered, release = threading.Event(), threading.Event()
    seen: list[Path] = []

    def slow_verify(path: Path) -> None:
        seen.append(path)
        entered.set()
        assert release.wait(30)

    copy = Index(index.chunks, index.dense, index.lexical, index.manifest, index.sentences)
    worker = threading.Thread(target=store.publish, args=(copy, slow_verify))
    worker.start()
    try:
        assert entered.wait(30)
        # A second build publishes while the first is still checking its folder.
        store.publish(Index(index.chunks, index.dense, index.lexical, index.manifest, index.sentences))
        assert seen[0].is_dir() and (seen[0] / "manifest.json").is_file()
    finally:
        release.set()
        worker.join(30)
    assert store.current_version() in store.versions() and not list(store.root.glob("versions/.tmp-*"))


def test_publish_flushes_files_folders_and_current(built, monkeypatch):
    store, index = built
    flushed: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd) or real_fsync(fd))
    version = store.publish(Index(index.chunks, index.dense, index.lexical, index.manifest, index.sentences))
    files = [p for p in store.version_path(version).rglob("*") if p.is_file()]
    folders = [p for p in store.version_path(version).rglob("*") if p.is_dir()]
    # Every file, every folder inside, the version folder, versions/, the new CURRENT and the root.
    assert len(flushed) >= len(files) + len(folders) + 4
    assert json.loads((store.version_path(version) / "manifest.json").read_text())["chunks"] == index.count()


def _dead_pid() -> int:
    """A pid no process has right now."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1
        time.sleep(0)
