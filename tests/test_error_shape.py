"""Every endpoint answers bad input with a 4xx in the one error shape, never a 5xx."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from bot.config import Settings
from bot.http.app import create_app

pytest_plugins = ["support.app_fixtures"]
pytestmark = pytest.mark.slow

_PARAM = re.compile(r"\{[^}]+\}")


def endpoints() -> list[tuple[str, str, bool]]:
    """(method, path, takes a JSON body) for every route of the app; mounts as GET on a file path."""
    found: list[tuple[str, str, bool]] = []

    def walk(routes, prefix: str = "", in_schema: bool = True) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                json_body = route.body_field is not None and route.include_in_schema and in_schema
                found.extend((method, prefix + route.path, json_body) for method in sorted(route.methods))
            elif isinstance(route, Route):
                methods = sorted(set(route.methods or ()) - {"HEAD"})
                found.extend((method, prefix + route.path, False) for method in methods)
            elif isinstance(route, Mount):
                found.append(("GET", prefix + route.path + "/{path}", False))
            elif hasattr(route, "original_router"):  # FastAPI's record of an included router
                context = route.include_context
                walk(
                    route.original_router.routes,
                    prefix + context.prefix,
                    in_schema and context.include_in_schema,
                )

    walk(create_app(Settings()).routes)
    return found


ENDPOINTS = endpoints()


@pytest.fixture(scope="module")
def client(small_index_dir, usem3, tmp_path_factory):
    settings = Settings(index_dir=small_index_dir, data_dir=tmp_path_factory.mktemp("data"))
    with TestClient(create_app(settings, embedder=usem3), raise_server_exceptions=False) as client:
        yield client


def assert_error_shape(response) -> None:
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:300]}"
    assert response.headers["content-type"].startswith("application/json"), response.text[:300]
    body = response.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False
    assert isinstance(body["error"], str) and body["error"].strip()
    assert isinstance(body["status"], int) and body["status"] == response.status_code


def bad_requests(method: str, path: str, json_body: bool) -> list[dict]:
    """Requests this endpoint must refuse: wrong method, unknown ids, broken and oversized bodies."""
    concrete = _PARAM.sub("no-such-id", path)
    wrong_method = "DELETE" if method != "DELETE" else "PATCH"
    cases = [{"method": wrong_method, "url": concrete}]
    if concrete != path:
        cases.append({"method": method, "url": concrete})  # unknown snippet id, static file…
    if method in ("POST", "PUT", "PATCH"):
        json_header = {"content-type": "application/json"}
        cases.append({"method": method, "url": path, "content": b"x" * (65 * 1024), "headers": json_header})
        if json_body:
            cases += [
                {"method": method, "url": path, "content": b"{", "headers": json_header},
                {"method": method, "url": path, "content": b"[1, 2]", "headers": json_header},
                {"method": method, "url": path, "content": b"null", "headers": json_header},
                {"method": method, "url": path, "json": {"unknown": True, "k": "many", "messages": 5}},
                {"method": method, "url": path},  # no body at all
            ]
    return cases


@pytest.mark.parametrize(
    ("method", "path", "json_body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS]
)
def test_bad_input_gets_the_error_shape(client, method, path, json_body):
    for request in bad_requests(method, path, json_body):
        assert_error_shape(client.request(**request))


def test_every_api_endpoint_is_covered():
    paths = {path for _, path, _ in ENDPOINTS}
    for expected in (
        "/api/answer",
        "/api/answer/stream",
        "/api/search",
        "/api/sources/{snippet_id}",
        "/api/feedback",
        "/api/handoff",
        "/api/calculators",
        "/api/calculate/{name}",
        "/api/console/suggest",
        "/api/console/tickets",
        "/api/console/calls",
        "/v1/chat/completions",
        "/v1/models",
        "/healthz",
        "/readyz",
        "/metrics",
        "/sources/{snippet_id}",
        "/calculator",
    ):
        assert expected in paths


def test_unknown_page_for_a_browser_is_an_html_error_page(client):
    response = client.get("/no-such-page", headers={"accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "找不到" in response.text and "<html" in response.text


def test_unknown_page_for_a_program_is_json(client):
    assert_error_shape(client.get("/no-such-page"))
    assert client.get("/no-such-page").status_code == 404


def test_api_errors_stay_json_for_a_browser(client):
    response = client.get("/api/sources/no-such-id", headers={"accept": "text/html"})
    assert_error_shape(response)
    assert response.status_code == 404
