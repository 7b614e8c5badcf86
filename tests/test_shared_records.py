"""Records shared through the database: two apps on one database behave as one service (sessions,
tickets, staff sign-ins, idempotency keys), the admin ticket list, and serving on when the database goes away (readiness says degraded)."""

from __future__ import annotations

import pytest
from conftest import FakeEmbedder, write_knowledge
from fastapi.testclient import TestClient
from support.staff import sign_in

from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore

TOKEN = "shared-records-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def index_dir(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge")
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    return store.root


def app_on(database: str, index_dir, data_dir) -> TestClient:
    settings = Settings(
        index_dir=index_dir,
        data_dir=data_dir,
        knowledge_dir=index_dir,
        admin_token=TOKEN,
        database_url=database,
    )
    return TestClient(create_app(settings, embedder=FakeEmbedder()))


def handoff(client, description: str, phone: str = "13812345678") -> str:
    response = client.post(
        "/api/handoff", json={"category": "问题咨询", "description": description, "phone": phone}
    )
    assert response.status_code == 200, response.text
    return response.json()["ticket"]


def test_two_replicas_on_one_database_share_sessions_and_tickets(database_target, index_dir, tmp_path):
    # Each "replica" has its own data folder: only the database is shared.
    with (
        app_on(database_target, index_dir, tmp_path / "a") as a,
        app_on(database_target, index_dir, tmp_path / "b") as b,
    ):
        first = a.post("/api/answer", json={"question": "老板拖欠工资怎么办"}).json()
        session = first["session_id"]
        assert first["turn_id"] is not None
        follow_up = b.post("/api/answer", json={"question": "那去哪里投诉", "session_id": session}).json()
        assert follow_up["session_id"] == session and follow_up["turn_id"] > first["turn_id"]
        # B answered with A's turn as history: both turns are in the one session, in order.
        history = b.app.state.records.turns.history(session)
        assert [m["content"] for m in history if m["role"] == "user"] == [
            "老板拖欠工资怎么办",
            "那去哪里投诉",
        ]
        number = handoff(a, "在A上提交的诉求")
        listed = b.get("/api/admin/tickets", headers=AUTH).json()
        assert [t["number"] for t in listed["tickets"]] == [number]
        assert (
            b.post(
                "/api/feedback", json={"session_id": session, "turn_id": first["turn_id"], "rating": "up"}
            ).status_code
            == 200
        )
        assert [f.turn_id for f in a.app.state.records.feedback.list()] == [first["turn_id"]]


def test_staff_sessions_and_idempotency_keys_are_shared_by_replicas(database_target, index_dir, tmp_path):
    with (
        app_on(database_target, index_dir, tmp_path / "a") as a,
        app_on(database_target, index_dir, tmp_path / "b") as b,
    ):
        # Signed in on A, the browser's next request may reach B: the session (and its CSRF token) is there.
        cookie, csrf = sign_in(a, TOKEN)
        html = {**cookie, "Accept": "text/html"}
        assert b.get("/admin/insights", headers=html).status_code == 200
        signed_out = b.post(
            "/admin/logout", data={"csrf_token": csrf}, headers=cookie, follow_redirects=False
        )
        assert signed_out.status_code == 303
        assert a.get("/admin/insights", headers=html).status_code == 401  # signed out everywhere
        # A retried hand-off that lands on the other replica returns the first ticket.
        body = {"category": "问题咨询", "description": "宿舍没有热水", "phone": "13812345678"}
        first = a.post("/api/handoff", json=body, headers={"Idempotency-Key": "retry-1"})
        again = b.post("/api/handoff", json=body, headers={"Idempotency-Key": "retry-1"})
        assert first.status_code == again.status_code == 200 and first.json() == again.json()
        assert len(b.app.state.records.tickets.list()) == 1


def test_admin_tickets_lists_newest_first_with_masked_phones(database_target, index_dir, tmp_path):
    with app_on(database_target, index_dir, tmp_path / "data") as client:
        assert client.get("/api/admin/tickets").status_code == 401
        older = handoff(client, "单位拖欠三个月工资", "13812345678")
        newer = handoff(client, "工伤认定被拒", "0663-1234567")
        client.app.state.records.tickets.update(older, status="处理中")
        body = client.get("/api/admin/tickets", headers=AUTH).json()
        assert body["ok"] is True and body["count"] == 2
        assert [t["number"] for t in body["tickets"]] == [newer, older]
        assert [t["phone"] for t in body["tickets"]] == ["0663-****567", "138****5678"]
        assert set(body["tickets"][0]) == {
            "number",
            "category",
            "description",
            "phone",
            "name",
            "status",
            "staff_note",
            "created_at",
            "updated_at",
        }
        only = client.get("/api/admin/tickets", params={"status": "处理中"}, headers=AUTH).json()
        assert [t["number"] for t in only["tickets"]] == [older]
        assert client.get("/api/admin/tickets", params={"limit": 1}, headers=AUTH).json()["count"] == 1
        bad = client.get("/api/admin/tickets", params={"status": "done"}, headers=AUTH)
        assert bad.status_code == 422 and "工单状态" in bad.json()["error"]
        assert client.get("/api/admin/tickets", params={"limit": 0}, headers=AUTH).status_code == 422


def test_losing_postgres_while_serving_keeps_answering_and_reports_degraded(
    postgres_server, index_dir, tmp_path, caplog
):
    import psycopg
    from support.databases import create_database

    url = create_database(postgres_server)
    name = url.split("?")[0].rsplit("/", 1)[1]

    def allow_connections(allowed: bool) -> None:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {str(allowed).lower()}")
            if not allowed:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
                )

    with app_on(url, index_dir, tmp_path / "data") as client:
        assert client.get("/readyz").json()["status"] == "ready"
        assert (
            client.post("/api/answer", json={"question": "老板拖欠工资怎么办"}).json()["turn_id"] is not None
        )
        allow_connections(False)
        try:
            answer = client.post("/api/answer", json={"question": "工伤认定多久内要申请"})
            assert answer.status_code == 200 and answer.json()["answer"] and answer.json()["turn_id"] is None
            assert "could not log turn" in caplog.text
            ready = client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "degraded"
            assert (
                ready.json()["database"]["ok"] is False
                and "暂时不可用" in ready.json()["database"]["message"]
            )
            handoff_failed = client.post(
                "/api/handoff", json={"category": "问题咨询", "description": "欠薪", "phone": "13812345678"}
            )
            assert handoff_failed.status_code == 503 and "12351" in handoff_failed.json()["error"]
        finally:
            allow_connections(True)
        assert client.get("/readyz").json()["status"] == "ready"
        assert client.post("/api/answer", json={"question": "试用期最长多久"}).json()["turn_id"] is not None
        assert len(client.app.state.records.turns.list()) == 2
