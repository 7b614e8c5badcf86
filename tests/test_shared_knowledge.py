"""Knowledge shared through PostgreSQL: the documents table is the source of truth, every replica mirrors it
into its own folder and index; import/export; writes validated against the table; the old index serves
until the new one passes its self-check; and the file lock that serialises writers across processes."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SNIPPETS, FakeEmbedder, snippet_text, write_snippet
from fastapi.testclient import TestClient

import bot.index.build
from bot.cli import main
from bot.config import Settings
from bot.errors import KnowledgeError
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore
from bot.knowledge.documents import DocumentStore

TOKEN = "knowledge-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
IDS = ["wage-arrears", "injury-deadline", "annual-leave"]
NEW_ID = "night-shift-allowance"
NEW_RULE = snippet_text(
    NEW_ID,
    title="夜班津贴：按单位规章或集体合同发放",
    questions=["上夜班有没有津贴", "夜班补贴怎么算", "夜班费单位不给怎么办"],
    body="夜班津贴的标准由用人单位规章制度或集体合同规定，单位应当按约定发放夜班津贴。单位不发放的，"
    "职工可以先与单位协商，协商不成可以向劳动保障监察机构投诉，或者申请劳动争议仲裁。" * 2,
)


@pytest.fixture
def seed_site(tmp_path):
    """A knowledge folder (ASCII paths, as the admin API needs) and its fake-model index, to copy per replica."""
    knowledge = tmp_path / "seed" / "knowledge"
    for snippet_id in IDS:
        write_snippet(knowledge, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    run_build(knowledge, IndexStore(tmp_path / "seed" / "index"), FakeEmbedder())
    return tmp_path / "seed"


def replica(seed, root, database_url: str) -> TestClient:
    """One replica: its own copy of the folder and index, the shared database."""
    shutil.copytree(seed, root)
    settings = Settings(
        knowledge_dir=root / "knowledge",
        index_dir=root / "index",
        data_dir=root / "data",
        admin_token=TOKEN,
        database_url=database_url,
    )
    return TestClient(create_app(settings, embedder=FakeEmbedder()))


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def cited(client, question: str) -> set[str]:
    return {c["id"] for c in client.post("/api/answer", json={"question": question}).json()["citations"]}


def caught_up(client) -> dict | None:
    knowledge = client.get("/api/admin/index", headers=AUTH).json()["knowledge"]
    ok = knowledge["state"] == "following" and knowledge["built_revision"] == knowledge["database_revision"]
    return knowledge if ok else None


def test_a_document_uploaded_on_one_replica_answers_on_the_other(seed_site, tmp_path, postgres_url):
    with (
        replica(seed_site, tmp_path / "a", postgres_url) as a,
        replica(seed_site, tmp_path / "b", postgres_url) as b,
    ):
        # The first replica seeded the empty table from its folder; neither needed a build for that.
        first = wait_for(lambda: caught_up(a) and caught_up(b))
        assert first["source"] == "database" and first["database_revision"] == 1
        version_b = b.get("/readyz").json()["index_version"]
        assert a.app.state.runtime.shared_documents.count() == len(IDS)

        put = a.put(f"/api/admin/documents/rules/{NEW_ID}.md", content=NEW_RULE.encode(), headers=AUTH)
        assert put.status_code == 201 and "自动重建" in put.json()["message"]
        status_b = wait_for(lambda: (s := caught_up(b)) and s["database_revision"] == 2 and s)
        assert status_b["changes"] == [f"rules/{NEW_ID}.md"]
        assert (tmp_path / "b" / "knowledge" / "rules" / f"{NEW_ID}.md").read_text("utf-8") == NEW_RULE
        assert b.get("/readyz").json()["index_version"] != version_b
        assert NEW_ID in cited(b, "夜班补贴怎么算")
        index_b = b.get("/api/admin/index", headers=AUTH).json()
        assert index_b["version"] == IndexStore(tmp_path / "b" / "index").current_version()

        # The same id under another path, on the other replica: refused, because B validates against the
        # table (A's upload included), not only its own folder.
        clash = b.put(f"/api/admin/documents/other/{NEW_ID}.md", content=NEW_RULE.encode(), headers=AUTH)
        assert clash.status_code == 422 and "已被" in clash.json()["error"]
        assert not (tmp_path / "b" / "knowledge" / "other").exists()

        assert b.delete(f"/api/admin/documents/rules/{NEW_ID}.md", headers=AUTH).status_code == 200
        wait_for(lambda: (s := caught_up(a)) and s["database_revision"] == 3)
        assert not (tmp_path / "a" / "knowledge" / "rules" / f"{NEW_ID}.md").exists()
        assert NEW_ID not in cited(a, "夜班补贴怎么算")


def test_a_question_linked_on_one_replica_reaches_every_replica(seed_site, tmp_path, postgres_url):
    question = "宿舍停水停电找谁反映"
    with (
        replica(seed_site, tmp_path / "a", postgres_url) as a,
        replica(seed_site, tmp_path / "b", postgres_url) as b,
    ):
        wait_for(lambda: caught_up(a) and caught_up(b))
        assert "annual-leave" not in cited(b, question)
        linked = a.post(
            "/api/admin/questions/link",
            json={"question": question, "snippet_id": "annual-leave", "staff": "王老师"},
            headers=AUTH,
        )
        assert linked.status_code == 200 and "共享数据库" in linked.json()["message"]
        stored = a.app.state.runtime.shared_documents.all()["rules/annual-leave.md"].decode("utf-8")
        assert question in stored  # in the table, not only in A's folder
        wait_for(lambda: (s := caught_up(b)) and s["database_revision"] == 2)
        assert question in (tmp_path / "b" / "knowledge" / "rules" / "annual-leave.md").read_text("utf-8")
        assert "annual-leave" in cited(b, question)
        # The audit row is in the shared database: B reads who linked it.
        [mark] = b.app.state.runtime.records.teaching.marks()
        assert (mark.action, mark.snippet_id, mark.staff) == ("link", "annual-leave", "王老师")


def test_the_old_index_serves_until_the_new_one_passes_its_self_check(
    seed_site, tmp_path, postgres_url, monkeypatch
):
    with replica(seed_site, tmp_path / "a", postgres_url) as a:
        wait_for(lambda: caught_up(a))
        before = a.get("/readyz").json()["index_version"]

        def failing_check(path, embedder):
            raise KnowledgeError("自检失败：测试")

        monkeypatch.setattr(bot.index.build, "self_check", failing_check)
        assert (
            a.put(
                f"/api/admin/documents/rules/{NEW_ID}.md", content=NEW_RULE.encode(), headers=AUTH
            ).status_code
            == 201
        )
        failed = wait_for(
            lambda: (
                (k := a.get("/api/admin/index", headers=AUTH).json()["knowledge"])["state"] == "failed" and k
            )
        )
        assert (
            failed["database_revision"] == 2
            and failed["built_revision"] == 1
            and "自检失败" in failed["error"]
        )
        assert a.get("/readyz").json()["index_version"] == before
        assert a.post("/api/answer", json={"question": "老板拖欠工资怎么办"}).status_code == 200


def test_import_and_export_move_documents_between_folder_and_database(tmp_path, postgres_url, monkeypatch):
    folder = tmp_path / "in"
    for snippet_id in IDS:
        write_snippet(folder, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    monkeypatch.setenv("BOT_DATABASE_URL", postgres_url)
    runner = CliRunner()
    imported = runner.invoke(main, ["knowledge", "import", str(folder)])
    assert imported.exit_code == 0, imported.output
    assert "已导入 3 个文件" in imported.output and "知识库版本 1" in imported.output
    again = runner.invoke(main, ["knowledge", "import", str(folder)])
    assert "已导入 0 个文件" in again.output and "知识库版本 1" in again.output  # nothing changed

    exported = runner.invoke(main, ["knowledge", "export", str(tmp_path / "out")])
    assert exported.exit_code == 0 and "已导出 3 个文件" in exported.output
    for path in folder.rglob("*.md"):
        assert (tmp_path / "out" / path.relative_to(folder)).read_bytes() == path.read_bytes()

    # A folder whose file reuses a stored id under another path: nothing is stored.
    bad = tmp_path / "bad"
    write_snippet(bad, "wage-arrears", subdir="copies", **SNIPPETS["wage-arrears"])
    refused = runner.invoke(main, ["knowledge", "import", str(bad)])
    assert refused.exit_code == 1 and "未导入" in refused.output
    assert "知识库版本 1" in runner.invoke(main, ["knowledge", "export", str(tmp_path / "out2")]).output


def test_the_statutes_and_local_figures_files_travel_with_the_snippets(tmp_path, postgres_url, monkeypatch):
    folder = tmp_path / "in"
    for snippet_id in IDS:
        write_snippet(folder, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    repo = Path(__file__).resolve().parent.parent / "knowledge"
    for name in ("statutes.yaml", "local-figures.yaml"):
        shutil.copy(repo / name, folder / name)
    monkeypatch.setenv("BOT_DATABASE_URL", postgres_url)
    runner = CliRunner()
    imported = runner.invoke(main, ["knowledge", "import", str(folder)])
    assert imported.exit_code == 0 and "已导入 5 个文件" in imported.output, imported.output
    out = tmp_path / "out"
    assert runner.invoke(main, ["knowledge", "export", str(out)]).exit_code == 0
    for name in ("statutes.yaml", "local-figures.yaml"):
        assert (out / name).read_bytes() == (folder / name).read_bytes()
    # A replica's folder is a mirror: the data files it lacks are written, not left out.
    (out / "local-figures.yaml").unlink()
    assert "变更 1 个" in runner.invoke(main, ["knowledge", "export", str(out)]).output
    assert (out / "local-figures.yaml").is_file()


def test_import_needs_postgres(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(main, ["knowledge", "import", str(tmp_path / "in")])
    assert result.exit_code == 1 and "PostgreSQL" in result.output


def _put_in_process(root: str, path: str, start, results) -> None:
    start.wait()
    try:
        DocumentStore(root).put(path, NEW_RULE.encode())
        results.put(path)
    except KnowledgeError:
        results.put("refused")


def test_two_processes_cannot_store_the_same_id_twice(tmp_path):
    """Without the file lock both processes passed the duplicate-id check (2 workers: 9 in 20 tries)."""
    context = multiprocessing.get_context("spawn")
    for attempt in range(5):
        root = tmp_path / f"k{attempt}"
        root.mkdir()
        start, results = context.Event(), context.Queue()
        workers = [
            context.Process(target=_put_in_process, args=(str(root), f"{folder}/{NEW_ID}.md", start, results))
            for folder in ("one", "two")
        ]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(60)
        outcomes = sorted(results.get(timeout=5) for _ in workers)
        assert outcomes.count("refused") == 1, outcomes
        assert len(list(root.rglob("*.md"))) == 1
