"""The admin API and page (bot.admin, bot.documents, bot.deps.require_admin) on a fake-model app."""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import SNIPPETS, FakeEmbedder, snippet_text, write_snippet
from fastapi.testclient import TestClient
from support.staff import sign_in

from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore
from bot.knowledge.documents import MAX_DOCUMENT_BYTES

TOKEN = "test-admin-token-12351"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
IDS = ["wage-arrears", "injury-deadline", "annual-leave", "union-join"]


class GatedEmbedder(FakeEmbedder):
    """The fake model; while `gate` is clear, the background build's calls wait (answers never do)."""

    def __init__(self):
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def embed(self, texts):
        if threading.current_thread().name == "index-build":
            assert self.gate.wait(30), "test never opened the gate"
        return super().embed(texts)


def new_rule(snippet_id: str = "night-shift", **fields) -> bytes:
    """A valid snippet file about night-shift pay, with `fields` overriding."""
    defaults = {
        "title": "夜班津贴：单位应按规定发放",
        "category": "工资",
        "source": "《劳动法》第四十四条",
        "questions": ["上夜班有补贴吗", "夜班津贴怎么算", "夜班费谁来发"],
        "body": "用人单位安排劳动者上夜班的，应当按照本单位依法制定的规章制度或者集体合同的约定发放夜班津贴。"
        "夜班津贴不能用加班费代替，也不能计入最低工资。对夜班津贴有争议的，可以请单位工会协调，"
        "也可以向劳动保障监察机构投诉。",
    }
    return snippet_text(snippet_id, **{**defaults, **fields}).encode("utf-8")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry below `folder` (hidden ones too), with file contents."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")
    }


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Knowledge in tmp (ASCII folders, as the admin API requires), its fake-model index, and the settings."""
    knowledge = tmp_path / "knowledge"
    for snippet_id in IDS:
        write_snippet(knowledge, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    embedder = GatedEmbedder()
    settings = Settings(
        knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data", admin_token=TOKEN
    )
    return settings, store, embedder


@pytest.fixture
def client(site):
    with TestClient(create_app(site[0], embedder=site[2]), follow_redirects=False) as client:
        yield client


def assert_error(response, status: int, *fragments: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert re.search(r"[\u4e00-\u9fff]", body["error"]), body
    for fragment in fragments:
        assert fragment in body["error"], body["error"]
    return body["error"]


def wait_build(client, state: str = "") -> dict:
    """The build status once the background build has ended."""
    client.app.state.runtime.build_job.wait(30)
    status = client.get("/api/admin/index", headers=AUTH).json()
    assert status["build"]["state"] != "running"
    if state:
        assert status["build"]["state"] == state, status
    return status


# --- auth --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/admin/documents"),
        ("PUT", "/api/admin/documents/rules/night-shift.md"),
        ("DELETE", "/api/admin/documents/rules/wage-arrears.md"),
        ("POST", "/api/admin/reindex"),
        ("GET", "/api/admin/index"),
    ],
)
def test_admin_api_is_off_without_a_configured_token(site, method, url):
    settings, _, _ = site
    before = tree(settings.knowledge_dir)
    with TestClient(create_app(settings.model_copy(update={"admin_token": ""}), embedder=site[2])) as client:
        for headers in ({}, AUTH, {"Authorization": "Bearer "}):
            response = client.request(method, url, headers=headers, content=new_rule())
            assert_error(response, 403, "BOT_ADMIN_TOKEN")
        assert client.app.state.runtime.build_job.status.state == "idle"
    assert tree(settings.knowledge_dir) == before


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": "Bearer "},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Cookie": "bot_admin=wrong"},
        {"X-Admin-Token": TOKEN},
    ],
)
def test_admin_api_needs_the_right_token(client, site, headers):
    before = tree(site[0].knowledge_dir)
    assert_error(client.get("/api/admin/documents", headers=headers), 401, "Authorization: Bearer")
    assert_error(
        client.put("/api/admin/documents/rules/night-shift.md", headers=headers, content=new_rule()), 401
    )
    assert_error(client.delete("/api/admin/documents/rules/wage-arrears.md", headers=headers), 401)
    assert_error(client.post("/api/admin/reindex", headers=headers), 401)
    assert client.app.state.runtime.build_job.status.state == "idle"
    assert tree(site[0].knowledge_dir) == before


@pytest.mark.parametrize("headers", [AUTH, {"Authorization": f"bearer {TOKEN}"}])
def test_admin_api_accepts_the_bearer_token(client, headers):
    response = client.get("/api/admin/documents", headers=headers)
    assert response.status_code == 200 and response.json()["count"] == len(IDS)


def test_admin_api_refuses_the_sign_in_cookie(client):
    """The JSON API is Bearer-only, so another site cannot make a signed-in browser call it."""
    cookie, _ = sign_in(client, TOKEN)
    assert client.get("/admin", headers=cookie).status_code == 200  # the cookie works on the pages
    assert_error(client.get("/api/admin/documents", headers=cookie), 401, "不接受登录 Cookie")
    assert_error(client.post("/api/admin/reindex", headers=cookie), 401)
    assert client.app.state.runtime.build_job.status.state == "idle"


# --- bad paths -----------------------------------------------------------------------------------------------

# Appended to /api/admin/documents/ as they are: percent-encodings reach the server intact.
BAD_PATHS = [
    "%2e%2e/x.md",
    "%2E%2E/x.md",
    "..%2fx.md",
    "..%2Fx.md",
    "rules/%2e%2e/%2e%2e/x.md",
    "%252e%252e/x.md",
    "%252e%252e%252fx.md",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "%2Ftmp%2Fx.md",
    "/x.md",
    "rules//x.md",
    "c:%5Cx.md",
    "~/x.md",
    "a/b/c.md",
    "rules/x/y.md",
    "x.txt",
    "rules/x.md.txt",
    "rules/x",
    "Rules/x.md",
    "rules/Night-Shift.md",
    "rules/X.MD",
    "rules%5Cx.md",
    "..%5Cx.md",
    "rules/x%00.md",
    "x.md%00.txt",
    ".x.md",
    "rules/.x.md",
    ".hidden/x.md",
    "rules/readme.md",
    "rules/x%20y.md",
    "rules/%E5%A4%9C%E7%8F%AD.md",
    "",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_bad_document_paths_are_rejected_with_nothing_written(client, site, tmp_path, path):
    before = tree(tmp_path / "knowledge")
    outside = sorted(p.name for p in tmp_path.iterdir())
    url = f"/api/admin/documents/{path}"
    for method in ("PUT", "DELETE"):
        response = client.request(method, url, headers=AUTH, content=new_rule("x"))
        assert 400 <= response.status_code < 500 and response.status_code != 401, (method, response.text)
        assert response.json()["ok"] is False
    assert tree(tmp_path / "knowledge") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside


def raw_request(app, method: str, raw_path: bytes, body: bytes = b"") -> int:
    """Send a request whose path no HTTP client would normalise (`../`), straight to the ASGI app."""

    async def call() -> int:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 50000),
            "root_path": "",
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "query_string": b"",
            "headers": [
                (b"host", b"testserver"),
                (b"authorization", AUTH["Authorization"].encode()),
                (b"content-length", str(len(body)).encode()),
            ],
            "state": {},
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status = []

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        return status[0]

    return asyncio.run(call())


@pytest.mark.parametrize(
    "raw", [b"../x.md", b"../../x.md", b"rules/../../x.md", b"rules/../x.md", b"./x.md", b"../index/CURRENT"]
)
def test_dot_segments_sent_raw_are_rejected(client, tmp_path, raw):
    before = tree(tmp_path / "knowledge")
    current = (tmp_path / "index" / "CURRENT").read_bytes()
    for method in ("PUT", "DELETE"):
        status = raw_request(client.app, method, b"/api/admin/documents/" + raw, new_rule("x"))
        assert status == 400, (method, raw)
    assert tree(tmp_path / "knowledge") == before
    assert not (tmp_path / "x.md").exists() and (tmp_path / "index" / "CURRENT").read_bytes() == current


# --- uploads -------------------------------------------------------------------------------------------------


def test_upload_size_limits(client, site):
    before = tree(site[0].knowledge_dir)
    # A valid snippet padded (trailing blank lines) to exactly the limit is accepted ...
    exact = new_rule("padded")
    exact += b"\n" * (MAX_DOCUMENT_BYTES - len(exact))
    response = client.put("/api/admin/documents/rules/padded.md", headers=AUTH, content=exact)
    assert response.status_code == 201, response.text
    # ... one byte more is not, nor anything up to the 64 KB request limit, nor beyond it.
    for size, fragment in [
        (MAX_DOCUMENT_BYTES + 1, "文档太大"),
        (60 * 1024, "32 KB"),
        (65 * 1024 + 1, "64 KB"),
    ]:
        data = new_rule("big") + b"\n" * (size - len(new_rule("big")))
        response = client.put("/api/admin/documents/rules/big.md", headers=AUTH, content=data)
        assert_error(response, 413, fragment)
    after = tree(site[0].knowledge_dir)
    assert after.pop("rules/padded.md") == exact and after == before


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (new_rule(region="火星"), ["region", "火星"]),
        (new_rule(source=""), ["source", "缺少必填字段"]),
        (new_rule(category="八卦"), ["category"]),
        (new_rule(effective="2020-13-01"), ["effective"]),
        (new_rule(questions="不是列表"), ["questions"]),
        (new_rule().replace(b"title:", b"title: [unclosed\ntitle:"), ["front matter", "YAML"]),
        (b"\xef\xbb\xbf" + "只有正文，没有头信息。".encode(), ["front matter"]),
        ("---\nid: night-shift\n---\n正文".encode("gbk"), ["file", "UTF-8"]),
    ],
)
def test_invalid_front_matter_is_422_naming_file_and_field(client, site, data, fields):
    before = tree(site[0].knowledge_dir)
    response = client.put("/api/admin/documents/rules/night-shift.md", headers=AUTH, content=data)
    assert_error(response, 422, "rules/night-shift.md", *fields)
    assert tree(site[0].knowledge_dir) == before


def test_duplicate_id_and_file_name_mismatch_are_rejected(client, site):
    before = tree(site[0].knowledge_dir)
    duplicate = new_rule("wage-arrears")
    response = client.put("/api/admin/documents/other/wage-arrears.md", headers=AUTH, content=duplicate)
    assert_error(response, 422, "wage-arrears", "rules/wage-arrears.md")
    response = client.put(
        "/api/admin/documents/rules/some-name.md", headers=AUTH, content=new_rule("night-shift")
    )
    assert_error(response, 422, "night-shift.md", "文件名")
    assert tree(site[0].knowledge_dir) == before


def test_upload_replace_delete(client, site):
    knowledge = site[0].knowledge_dir
    created = client.put("/api/admin/documents/rules/night-shift.md", headers=AUTH, content=new_rule())
    assert created.status_code == 201, created.text
    assert created.json()["created"] is True and created.json()["warnings"] == []
    assert (knowledge / "rules" / "night-shift.md").read_bytes() == new_rule()

    changed = new_rule(title="夜班津贴：按单位制度和集体合同发放")
    replaced = client.put("/api/admin/documents/rules/night-shift.md", headers=AUTH, content=changed)
    assert replaced.status_code == 200 and replaced.json()["created"] is False
    assert (knowledge / "rules" / "night-shift.md").read_bytes() == changed

    # A new folder is fine; a short body is saved with a warning.
    short = client.put(
        "/api/admin/documents/late/late-pay.md", headers=AUTH, content=new_rule("late-pay", body="太短。")
    )
    assert short.status_code == 201 and any("body" in w for w in short.json()["warnings"])
    assert not [p for p in knowledge.rglob(".upload-*")]  # no temporary files left

    assert client.delete("/api/admin/documents/rules/night-shift.md", headers=AUTH).status_code == 200
    assert not (knowledge / "rules" / "night-shift.md").exists()
    assert_error(client.delete("/api/admin/documents/rules/night-shift.md", headers=AUTH), 404, "night-shift")
    assert_error(client.delete("/api/admin/documents/rules/never-was.md", headers=AUTH), 404)


def test_document_list_shows_validation_status(client, site):
    knowledge = site[0].knowledge_dir
    write_snippet(knowledge, "short-body", subdir="rules", **{**SNIPPETS["annual-leave"], "body": "太短。"})
    write_snippet(knowledge, "bad-region", subdir="rules", **{**SNIPPETS["union-join"], "region": "火星"})
    write_snippet(knowledge, "wage-arrears", subdir="copies", **SNIPPETS["wage-arrears"])
    body = client.get("/api/admin/documents", headers=AUTH).json()
    docs = {d["path"]: d for d in body["documents"]}
    assert body["count"] == len(docs) == len(IDS) + 3
    assert docs["rules/annual-leave.md"]["status"] == "ok" and docs["rules/annual-leave.md"]["problems"] == []
    assert docs["rules/annual-leave.md"]["title"] == SNIPPETS["annual-leave"]["title"]
    assert docs["rules/short-body.md"]["status"] == "warning"
    assert docs["rules/bad-region.md"]["status"] == "error"
    assert any("region" in p for p in docs["rules/bad-region.md"]["problems"])
    for path, other in [
        ("rules/wage-arrears.md", "copies/wage-arrears.md"),
        ("copies/wage-arrears.md", "rules/wage-arrears.md"),
    ]:
        assert docs[path]["status"] == "error" and any(other in p for p in docs[path]["problems"])


def test_document_list_and_page_show_snippets_due_for_review(client, site):
    cookie, _ = sign_in(client, TOKEN)
    knowledge = site[0].knowledge_dir
    body = client.get("/api/admin/documents", headers=AUTH).json()
    assert body["stale_count"] == 0 and body["statute_problems"] == []
    assert all(d["stale"] == [] for d in body["documents"])
    assert 'data-count="0">待复核 0 条' in client.get("/admin", headers=cookie).text

    write_snippet(
        knowledge, "annual-leave", subdir="rules", **{**SNIPPETS["annual-leave"], "reviewed": "2020-01-01"}
    )
    (knowledge / "statutes.yaml").write_text(
        "- name: 劳动法\n  amended: 2018-12-29\n- name: 劳动法\n  amended: 2019-01-01\n", "utf-8"
    )
    body = client.get("/api/admin/documents", headers=AUTH).json()
    docs = {d["path"]: d for d in body["documents"]}
    assert body["stale_count"] == 1 and body["count"] == len(IDS)
    assert docs["rules/annual-leave.md"]["stale"] == [
        "上次复核是 2020-01-01，已超过 12 个月，请对照原文重新复核"
    ]
    assert docs["rules/annual-leave.md"]["status"] == "ok"  # due for review is not a validation problem
    assert body["statute_problems"] == ["statutes.yaml: [error] 第2项: 《劳动法》与第1项重复"]

    page = client.get("/admin", headers=cookie).text
    assert 'data-count="1">待复核 1 条' in page
    assert "上次复核是 2020-01-01，已超过 12 个月" in page and "《劳动法》与第1项重复" in page


# --- rebuilds ------------------------------------------------------------------------------------------------


def test_upload_then_reindex_serves_the_new_snippet(client, site):
    _, store, _ = site
    before = client.get("/readyz").json()["index_version"]
    assert client.get("/api/sources/night-shift").status_code == 404
    assert (
        client.put("/api/admin/documents/rules/night-shift.md", headers=AUTH, content=new_rule()).status_code
        == 201
    )
    started = client.post("/api/admin/reindex", headers=AUTH)
    assert started.status_code == 202 and started.json()["build"]["state"] == "running"
    status = wait_build(client, "succeeded")
    assert status["version"] == store.current_version() != before
    assert status["build"]["stats"]["added"] == ["rules/night-shift.md"]
    assert status["build"]["stats"]["embedded"] == 4 and status["snippets"] == len(IDS) + 1
    assert client.get("/readyz").json()["index_version"] == status["version"]
    assert client.get("/api/sources/night-shift").status_code == 200


def test_corrupt_file_on_disk_fails_the_build_and_the_old_index_keeps_serving(client, site):
    settings, store, _ = site
    before = store.current_version()
    (settings.knowledge_dir / "rules" / "broken.md").write_text(
        "---\nid: broken\ntitle: [\n---\n正文", "utf-8"
    )
    assert client.post("/api/admin/reindex", headers=AUTH).status_code == 202
    status = wait_build(client, "failed")
    error = status["build"]["error"]
    assert "rules/broken.md" in error and "front matter" in error, error
    assert status["version"] == before == store.current_version()
    assert sorted(p.name for p in (store.root / "versions").iterdir()) == [before]
    answer = client.post("/api/answer", json={"question": "老板拖欠工资怎么办"})
    assert answer.status_code == 200
    assert client.get("/readyz").json()["index_version"] == before
    assert client.get("/api/admin/index", headers=AUTH).json()["build"]["state"] == "failed"


def test_reindex_while_one_runs_is_409(client, site):
    _, _, embedder = site
    client.put("/api/admin/documents/rules/night-shift.md", headers=AUTH, content=new_rule())
    embedder.gate.clear()
    try:
        assert client.post("/api/admin/reindex", headers=AUTH).status_code == 202
        assert_error(client.post("/api/admin/reindex", headers=AUTH), 409, "进行中")
        assert_error(client.post("/api/admin/reindex?full=true", headers=AUTH), 409)
        assert client.get("/api/admin/index", headers=AUTH).json()["build"]["state"] == "running"
        # Answers are not held up by the build.
        assert client.post("/api/answer", json={"question": "产假有多少天"}).status_code == 200
    finally:
        embedder.gate.set()
    wait_build(client, "succeeded")
    assert client.post("/api/admin/reindex?full=true", headers=AUTH).status_code == 202
    status = wait_build(client, "succeeded")
    assert status["build"]["stats"]["embedded"] == status["vectors"]


# --- the admin page ------------------------------------------------------------------------------------------


def assert_csp(response) -> None:
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), response.headers


def test_admin_page_without_sign_in_redirects_to_the_login(client):
    response = client.get("/admin")
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"].startswith("/admin/login")
    assert_csp(response)
    response = client.get("/admin", headers={"Cookie": "bot_admin=wrong"})
    assert response.headers["location"].startswith("/admin/login")
    login = client.get(response.headers["location"])
    assert login.status_code == 200 and "text/html" in login.headers["content-type"]
    assert_csp(login)


def test_admin_forms_need_the_sign_in(client, site):
    before = tree(site[0].knowledge_dir)
    files = {"file": ("night-shift.md", new_rule(), "text/markdown")}
    for response in [
        client.post("/admin/documents", files=files, data={"folder": "rules"}),
        client.post("/admin/documents/delete", data={"path": "rules/wage-arrears.md"}),
        client.post("/admin/reindex"),
    ]:
        assert response.status_code == 401
        assert_csp(response)
    assert tree(site[0].knowledge_dir) == before and client.app.state.runtime.build_job.status.state == "idle"


def test_admin_page_lists_uploads_deletes_and_rebuilds(client, site):
    knowledge = site[0].knowledge_dir
    COOKIE, csrf = sign_in(client, TOKEN)
    form = {"csrf_token": csrf}
    page = client.get("/admin", headers=COOKIE)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert_csp(page)
    for snippet_id in IDS:
        assert f"rules/{snippet_id}.md" in page.text
    assert 'action="/admin/documents"' in page.text and 'action="/admin/reindex"' in page.text

    files = {"file": ("night-shift.md", new_rule(), "text/markdown")}
    uploaded = client.post("/admin/documents", files=files, data={"folder": "rules", **form}, headers=COOKIE)
    assert uploaded.status_code == 303 and uploaded.headers["location"].startswith("/admin?message=")
    assert_csp(uploaded)
    assert (knowledge / "rules" / "night-shift.md").read_bytes() == new_rule()
    assert "rules/night-shift.md" in client.get("/admin", headers=COOKIE).text

    # A bad upload comes back as a message on the page, nothing written.
    before = tree(knowledge)
    for name, folder, data in [
        ("..\\evil.md", "rules", new_rule("evil")),
        ("Evil.md", "rules", new_rule("evil")),
        ("evil.md", "../..", new_rule("evil")),
        ("bad-region.md", "rules", new_rule("bad-region", region="火星")),
        ("notes.txt", "rules", b"hello"),
    ]:
        response = client.post(
            "/admin/documents",
            files={"file": (name, data, "text/markdown")},
            data={"folder": folder, **form},
            headers=COOKIE,
        )
        assert response.status_code == 303 and response.headers["location"].startswith("/admin?error="), name
        shown = client.get(response.headers["location"], headers=COOKIE)
        assert shown.status_code == 200 and "admin-flash-error" in shown.text
    assert tree(knowledge) == before

    # Browsers send a bare file name; a path in it is cut to its last part, so it stays in the chosen folder.
    response = client.post(
        "/admin/documents",
        files={"file": ("../../evil.md", new_rule("evil"), "text/markdown")},
        data=form,
        headers=COOKIE,
    )
    assert response.status_code == 303 and (knowledge / "evil.md").is_file()
    assert not (knowledge.parent / "evil.md").exists()

    deleted = client.post(
        "/admin/documents/delete", data={"path": "rules/union-join.md", **form}, headers=COOKIE
    )
    assert deleted.status_code == 303 and "message=" in deleted.headers["location"]
    assert not (knowledge / "rules" / "union-join.md").exists()
    missing = client.post(
        "/admin/documents/delete", data={"path": "rules/union-join.md", **form}, headers=COOKIE
    )
    assert "error=" in missing.headers["location"]

    rebuilt = client.post("/admin/reindex", data=form, headers=COOKIE)
    assert rebuilt.status_code == 303 and "message=" in rebuilt.headers["location"]
    assert_csp(rebuilt)
    status = wait_build(client, "succeeded")
    assert status["build"]["stats"]["added"] == ["evil.md", "rules/night-shift.md"]
    assert status["build"]["stats"]["removed"] == ["rules/union-join.md"]
    page = client.get("/admin", headers=COOKIE)
    assert status["version"] in page.text and "succeeded" in page.text
