"""Retried feedback and hand-offs (issue 15, item 6): with an Idempotency-Key a retry returns the first
result and stores nothing new; keys are per endpoint and expire."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.http.app import create_app
from bot.records.store import Records

HANDOFF = {"category": "问题咨询", "description": "宿舍没有热水", "phone": "13812345678"}


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


@pytest.fixture
def client(tmp_path, store):
    # Limits raised: these tests post the same request many times on purpose (test_csrf.py checks limits).
    settings = Settings(index_dir=tmp_path / "i", data_dir=tmp_path / "data", handoffs_per_minute=100)
    app = create_app(settings)
    app.state.records = store
    return TestClient(app)


def key(value: str) -> dict:
    return {"Idempotency-Key": value}


def test_a_retried_hand_off_returns_the_first_ticket(client, store):
    first = client.post("/api/handoff", json=HANDOFF, headers=key("k-1"))
    again = client.post("/api/handoff", json=HANDOFF, headers=key("k-1"))
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert len(store.tickets.list()) == 1
    other = client.post("/api/handoff", json=HANDOFF, headers=key("k-2"))
    assert other.json()["ticket"] != first.json()["ticket"] and len(store.tickets.list()) == 2
    client.post("/api/handoff", json=HANDOFF)  # no key: every request counts
    assert len(store.tickets.list()) == 3


def test_a_retried_feedback_returns_the_first_id(client, store):
    turn = store.turns.log("s1", "年假有几天", "answered", "工时休假", ["annual-leave"], 0.8, 10)
    body = {"session_id": "s1", "turn_id": turn, "rating": "up"}
    first = client.post("/api/feedback", json=body, headers=key("fb-1"))
    again = client.post("/api/feedback", json=body, headers=key("fb-1"))
    assert first.status_code == 200 and first.json() == again.json()
    assert len(store.feedback.list()) == 1


def test_a_key_reused_for_another_body_is_refused(client, store):
    client.post("/api/handoff", json=HANDOFF, headers=key("k-1"))
    changed = client.post("/api/handoff", json={**HANDOFF, "description": "加班费没发"}, headers=key("k-1"))
    assert changed.status_code == 409 and "内容不同" in changed.json()["error"]
    assert changed.json() == {"ok": False, "error": changed.json()["error"], "status": 409}
    assert len(store.tickets.list()) == 1


def test_keys_are_scoped_per_endpoint(client, store):
    store.turns.log("s1", "年假有几天", "answered", "工时休假", [], 0.8, 10)
    assert client.post("/api/handoff", json=HANDOFF, headers=key("same")).status_code == 200
    feedback = client.post("/api/feedback", json={"session_id": "s1", "rating": "up"}, headers=key("same"))
    assert feedback.status_code == 200 and len(store.feedback.list()) == 1


def test_keys_expire_after_a_day(client, store, clock):
    first = client.post("/api/handoff", json=HANDOFF, headers=key("k-1")).json()
    clock.now += timedelta(hours=24, seconds=1)
    later = client.post("/api/handoff", json=HANDOFF, headers=key("k-1")).json()
    assert later["ticket"] != first["ticket"] and len(store.tickets.list()) == 2


def test_a_failed_request_does_not_use_up_its_key(client, store):
    body = {"session_id": "s1", "rating": "up"}
    assert client.post("/api/feedback", json=body, headers=key("fb")).status_code == 404  # no such session
    store.turns.log("s1", "年假有几天", "answered", "工时休假", [], 0.8, 10)
    assert client.post("/api/feedback", json=body, headers=key("fb")).status_code == 200


@pytest.mark.parametrize("bad", ["", "x" * 101, "有中文", "a b"])
def test_unusable_keys_are_refused_in_chinese(client, store, bad):
    response = client.post("/api/handoff", json=HANDOFF, headers={"Idempotency-Key": bad.encode()})
    assert response.status_code == 422 and "Idempotency-Key" in response.json()["error"]
    assert not re.search(r"\b(should|Input|String)\b", response.json()["error"])
    assert store.tickets.list() == []


def test_concurrent_copies_of_one_request_open_one_ticket(client, store):
    results: list[int] = []

    def post():
        results.append(client.post("/api/handoff", json=HANDOFF, headers=key("race")).status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.tickets.list()) == 1
    assert set(results) <= {200, 409} and 200 in results


def test_the_no_javascript_form_opens_one_ticket_when_submitted_twice(client, store):
    page = client.get("/").text
    form_key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)
    data = {**HANDOFF, "idempotency_key": form_key}
    first = client.post("/handoff", data=data)
    second = client.post("/handoff", data=data)
    number = re.search(r"GH\d{8}-\d{4}", first.text).group()
    assert number in second.text and len(store.tickets.list()) == 1
