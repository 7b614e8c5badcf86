"""Hostile HTTP input (issue 15, item 7): Chinese validation messages only, the one error shape for requests
refused before routing, unknown fields inside history items, long ids cut, raw UTF-8 in form posts."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import FakeEmbedder, write_knowledge
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore

# Pydantic's English, which must never reach a worker.
ENGLISH = re.compile(r"\b(Input|should|Field required|Value error|valid|Extra inputs|finite)\b")


@pytest.fixture
def site(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge", ["wage-arrears", "annual-leave", "union-join"])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    return Settings(knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data")


@pytest.fixture
def client(site):
    with TestClient(create_app(site, embedder=FakeEmbedder())) as client:
        yield client


BAD_BODIES = [
    ("/api/search", '{"query": "工资", "k": Infinity}', "k 必须是有限的数字"),
    ("/api/search", '{"query": "工资", "k": NaN}', "k 必须是有限的数字"),
    ("/api/search", '{"query": "工资", "k": 1.5}', "k 必须是整数"),
    ("/api/search", '{"query": "工资", "k": "多"}', "k 的类型不对，应为整数"),
    ("/api/search", '{"query": ["工资"]}', "查询 的类型不对，应为文本"),
    ("/api/search", "[]", "请求体 的类型不对，应为对象"),
    ("/api/search", "null", ""),
    ("/api/answer", '{"question": "x", "history": "abc"}', "对话历史 的类型不对，应为列表"),
    ("/api/answer", '{"question": "x", "history": [1]}', "对话历史.0 的类型不对，应为对象"),
    (
        "/api/answer",
        '{"question": "x", "history": [{"role": "user", "content": "a", "extra": 1}]}',
        "不认识的字段：对话历史.0.extra",
    ),
    ("/api/answer", '{"question": "x", "history": [{"role": "me", "content": "a"}]}', "角色 的取值不对"),
    ("/api/answer", '{"question": "x", "region": "火星"}', "地区 的取值不对"),
    ("/api/answer", '{"question": true}', "问题 的类型不对，应为文本"),
    ("/api/feedback", '{"session_id": "s", "rating": "up", "turn_id": 1e400}', "回答编号"),
    ("/api/feedback", '{"session_id": "s", "rating": "up", "turn_id": "一"}', "回答编号"),
    ("/api/handoff", '{"category": "问题咨询", "description": "x", "phone": "123", "name": null}', "姓名"),
    ("/v1/chat/completions", '{"messages": [{"role": "user", "content": 12}]}', "messages.0.内容"),
    ("/v1/chat/completions", '{"messages": 5}', "messages 的类型不对，应为列表"),
    ("/v1/chat/completions", '{"messages": [{"role": "user", "content": "x"}], "stream": "maybe"}', "stream"),
]


@pytest.mark.parametrize(("path", "body", "fragment"), BAD_BODIES)
def test_validation_messages_are_chinese(client, path, body, fragment):
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload == {"ok": False, "error": payload["error"], "status": 422}
    assert fragment in payload["error"] and not ENGLISH.search(payload["error"]), payload["error"]


def test_a_huge_unknown_field_name_is_cut(client):
    response = client.post("/api/answer", json={"question": "x", "字" * 5000: 1})
    assert response.status_code == 422 and "不认识的字段" in response.json()["error"]
    assert len(response.json()["error"]) < 200


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/sources/" + "a" * 4000, {}),
        ("/sources/" + "工" * 1000, {"Accept": "text/html"}),
    ],
)
def test_long_ids_are_cut_in_messages(client, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 404
    assert len(response.text) < 5000 and "a" * 200 not in response.text and "工" * 200 not in response.text


async def _raw(app, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes = b""):
    """Call the ASGI app directly, with headers exactly as given (clients fix up Content-Length)."""
    messages = []
    request = {"type": "http.request", "body": body, "more_body": False}

    async def receive():
        return request

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    await app(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.mark.parametrize(
    ("length", "status"), [(b"-1", 400), (b"abc", 400), (b"99999999", 413), (b"1e3", 400)]
)
@pytest.mark.parametrize("kind", ["api", "form"])
def test_requests_refused_before_routing_keep_the_error_shape_and_headers(site, length, status, kind):
    app = create_app(site, embedder=FakeEmbedder())
    if kind == "api":
        path, headers = "/api/answer", [(b"content-type", b"application/json"), (b"accept", b"*/*")]
    else:
        path, headers = (
            "/handoff",
            [
                (b"content-type", b"application/x-www-form-urlencoded"),
                (b"accept", b"text/html,application/xhtml+xml"),
            ],
        )
    # In a thread of its own: an earlier test (Playwright) may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        call = _raw(app, "POST", path, [*headers, (b"content-length", length)])
        code, response_headers, body = pool.submit(asyncio.run, call).result()
    assert code == status
    assert "default-src 'self'" in response_headers["content-security-policy"]
    assert response_headers["x-content-type-options"] == "nosniff"
    if kind == "api":
        payload = json.loads(body)
        assert payload == {"ok": False, "error": payload["error"], "status": status}
        assert "Content-Length" in payload["error"] or "太大" in payload["error"]
    else:
        assert response_headers["content-type"].startswith("text/html")
        assert "<html" in body.decode() and str(status) in body.decode()


def test_a_body_larger_than_announced_limit_gets_the_error_page(client):
    response = client.post(
        "/handoff",
        content=b"description=" + b"x" * 70_000,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
    )
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_raw_utf8_in_a_form_post_is_read_as_utf8(client):
    """`curl --data 'description=宿舍没热水'` sends the bytes without percent-encoding."""
    body = "category=问题咨询&description=宿舍没有热水，找谁反映&phone=13812345678".encode()
    response = client.post(
        "/handoff",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
    )
    assert response.status_code == 200 and "工单号" in response.text
    (ticket,) = client.app.state.records.tickets.list()
    assert ticket.description == "宿舍没有热水，找谁反映" and ticket.category == "问题咨询"
    page = client.post(
        "/",
        content="question=年假有几天".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 200 and "年假有几天" in page.text and "å" not in page.text


def test_api_docs_are_served_locally_under_the_same_csp(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text and "<script>" not in page.text
    for asset in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["paths"]
