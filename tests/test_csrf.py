"""Staff sign-in hardening (issue 15, item 3): CSRF on every cookie-authenticated POST, a Bearer-only JSON
admin API, revocable server-side sessions with an expiry, and rate limits (wrong tokens, hand-off, feedback).

Built without the lifespan (no index, no model): the staff pages need only the conversation store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from support.staff import CSRF_FIELD, sign_in

from bot.config import Settings
from bot.http.app import create_app
from bot.http.deps import ADMIN_COOKIE
from bot.http.limits import RateLimiter
from bot.records.store import Records

TOKEN = "csrf-admin-token"
HTML = {"Accept": "text/html"}
CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "http://testserver:8001"},  # another port on the same host is "same-site" to a browser
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
]


class Clock:
    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    with Records(tmp_path / "data" / "bot.sqlite3", clock=clock) as store:
        yield store


def make_client(tmp_path, store, **settings) -> TestClient:
    settings = {"admin_token": TOKEN, "index_dir": tmp_path / "i", "data_dir": tmp_path / "data", **settings}
    app = create_app(Settings(**settings))
    app.state.records = store
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(tmp_path, store):
    return make_client(tmp_path, store)


def seed_ticket(store) -> str:
    return store.tickets.create("问题咨询", "宿舍没有热水", "13812345678").number


def staff_posts(number: str) -> list[tuple[str, dict]]:
    """Every cookie-authenticated staff form that changes something, with valid fields."""
    return [
        (f"/admin/insights/tickets/{number}", {"status": "已办结"}),
        ("/admin/insights/gaps/1/handled", {}),
        ("/admin/logout", {}),
    ]


def test_the_cookie_carries_a_session_id_not_the_token(client, store):
    response = client.post("/admin/login", data={"token": TOKEN})
    value = response.cookies[ADMIN_COOKIE]
    assert value != TOKEN and TOKEN not in response.headers["set-cookie"] and len(value) >= 32
    assert "Max-Age=28800" in response.headers["set-cookie"]
    assert store.staff_sessions.find(value) is not None
    assert value not in store.path.read_bytes().decode("latin-1")  # only its hash is stored
    client.cookies.clear()
    wrong = client.get("/admin/insights", headers={**HTML, "Cookie": f"{ADMIN_COOKIE}={TOKEN}"})
    assert wrong.status_code == 401  # the token itself is no longer a cookie


@pytest.mark.parametrize("foreign", CROSS_SITE)
def test_cross_site_staff_posts_are_refused_even_with_the_token_field(client, store, foreign):
    number = seed_ticket(store)
    cookie, csrf = sign_in(client, TOKEN)
    for path, form in staff_posts(number):
        response = client.post(path, data={**form, "csrf_token": csrf}, headers={**cookie, **foreign})
        assert response.status_code == 403, (path, foreign)
        assert response.json()["error"].startswith("请求来源校验失败")
    assert store.tickets.get(number).status == "待处理"
    assert client.get("/admin/insights", headers={**cookie, **HTML}).status_code == 200  # still signed in


@pytest.mark.parametrize("token", ["", "wrong", "x" * 201])
def test_cookie_posts_without_the_session_csrf_token_are_refused(client, store, token):
    number = seed_ticket(store)
    cookie, _ = sign_in(client, TOKEN)
    same_origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    for path, form in staff_posts(number):
        response = client.post(path, data={**form, "csrf_token": token}, headers={**cookie, **same_origin})
        assert response.status_code in (403, 422), path
    assert store.tickets.get(number).status == "待处理"


def test_a_same_origin_post_with_the_token_works(client, store):
    number = seed_ticket(store)
    cookie, csrf = sign_in(client, TOKEN)
    same_origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    response = client.post(
        f"/admin/insights/tickets/{number}",
        data={"status": "处理中", "csrf_token": csrf},
        headers={**cookie, **same_origin},
    )
    assert response.status_code == 303 and store.tickets.get(number).status == "处理中"
    page = client.get("/admin/insights", headers={**cookie, **HTML})
    assert page.text.count(f'value="{csrf}"') >= 2  # every staff form carries it


def test_another_sessions_csrf_token_does_not_work(client, store):
    number = seed_ticket(store)
    cookie, _ = sign_in(client, TOKEN)
    _, other_csrf = sign_in(client, TOKEN)
    response = client.post(
        f"/admin/insights/tickets/{number}",
        data={"status": "已办结", "csrf_token": other_csrf},
        headers=cookie,
    )
    assert response.status_code == 403 and store.tickets.get(number).status == "待处理"


def test_bearer_posts_need_no_csrf_token(client, store):
    number = seed_ticket(store)
    response = client.post(
        f"/admin/insights/tickets/{number}",
        data={"status": "已办结"},
        headers={"Authorization": f"Bearer {TOKEN}", "Origin": "https://evil.example"},
    )
    assert response.status_code == 303 and store.tickets.get(number).status == "已办结"


@pytest.mark.parametrize("foreign", CROSS_SITE[:2])
def test_cross_site_sign_in_is_refused(client, store, foreign):
    response = client.post("/admin/login", data={"token": TOKEN}, headers=foreign)
    assert response.status_code == 403 and ADMIN_COOKIE not in response.headers.get("set-cookie", "")


def test_sign_out_revokes_the_session_server_side(client, store):
    cookie, csrf = sign_in(client, TOKEN)
    session_id = cookie["Cookie"].split("=", 1)[1]
    assert client.post("/admin/logout", data={"csrf_token": csrf}, headers=cookie).status_code == 303
    assert store.staff_sessions.find(session_id) is None
    # A copy of the cookie taken before sign-out no longer works.
    assert client.get("/admin/insights", headers={**cookie, **HTML}).status_code == 401


def test_sessions_expire(client, store, clock):
    cookie, _ = sign_in(client, TOKEN)
    clock.now += timedelta(hours=8, seconds=1)
    assert client.get("/admin/insights", headers={**cookie, **HTML}).status_code == 401


def test_cross_site_sign_out_is_refused(client, store):
    cookie, csrf = sign_in(client, TOKEN)
    response = client.post(
        "/admin/logout", data={"csrf_token": csrf}, headers={**cookie, "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert client.get("/admin/insights", headers={**cookie, **HTML}).status_code == 200


# -- rate limits ----------------------------------------------------------------------------------------


def test_wrong_tokens_lock_the_client_out(tmp_path, store):
    client = make_client(tmp_path, store, auth_failures_per_minute=5)
    for _ in range(5):
        assert client.post("/admin/login", data={"token": "guess"}).status_code == 401
    locked = client.post("/admin/login", data={"token": TOKEN})
    assert locked.status_code == 429 and locked.json()["error"] == "令牌错误次数太多，请一分钟后再试"
    assert locked.json() == {"ok": False, "error": locked.json()["error"], "status": 429}
    assert ADMIN_COOKIE not in locked.headers.get("set-cookie", "")
    bearer = client.get("/admin/insights", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 429


def test_wrong_bearer_tokens_count_too(tmp_path, store):
    client = make_client(tmp_path, store, auth_failures_per_minute=3)
    for _ in range(3):
        assert client.get("/admin/insights.csv", headers={"Authorization": "Bearer nope"}).status_code in (
            401,
            404,
        )
        assert client.get("/admin/insights", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/admin/insights", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 429


def test_public_hand_off_and_feedback_are_rate_limited(tmp_path, store):
    client = make_client(tmp_path, store, handoffs_per_minute=2, feedback_per_minute=2)
    body = {"category": "问题咨询", "description": "宿舍没有热水", "phone": "13812345678"}
    assert [client.post("/api/handoff", json=body).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.post("/api/handoff", json=body)
    assert refused.json() == {"ok": False, "error": refused.json()["error"], "status": 429}
    assert "12351" in refused.json()["error"] and len(store.tickets.list()) == 2
    form = client.post("/handoff", data=body, headers=HTML)
    assert form.status_code == 429 and "text/html" in form.headers["content-type"]
    feedback = {"session_id": "s1", "rating": "up"}
    codes = [client.post("/api/feedback", json=feedback).status_code for _ in range(3)]
    assert codes[-1] == 429 and "太频繁" in client.post("/api/feedback", json=feedback).json()["error"]


def test_rate_limiter_window_slides():
    now = [0.0]
    limiter = RateLimiter(2, window=60, clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")
    now[0] = 60.5
    assert limiter.allow("a") and not limiter.blocked("b")


def test_csrf_field_is_on_every_staff_form(client, store):
    number = seed_ticket(store)
    cookie, csrf = sign_in(client, TOKEN)
    for path in ("/admin/insights", f"/admin/insights/tickets/{number}"):
        page = client.get(path, headers={**cookie, **HTML}).text
        forms = page.count('method="post"')
        assert forms and len(CSRF_FIELD.findall(page)) == forms, path
