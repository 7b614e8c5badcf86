"""The caseworker console (issue 17): its role and sign-in, the suggestions API, closing a call (ticket or
resolved), redaction, the audit log, version-checked ticket saves, and the dashboard counting calls.

Fast: the small knowledge folder indexed with the fake embedder, the app's lifespan running."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from conftest import FakeEmbedder
from fastapi.testclient import TestClient
from support.app_fixtures import write_small_knowledge

from bot.config import Settings
from bot.http.app import create_app
from bot.http.deps import ADMIN_COOKIE, CONSOLE_COOKIE
from bot.index.build import rebuild_index
from bot.index.versions import IndexStore
from bot.knowledge.folder import read_knowledge

CONSOLE = "console-token"
ADMIN = "admin-token"
BEARER = {"Authorization": f"Bearer {CONSOLE}"}
HTML = {"Accept": "text/html"}
STORY = "职工来电：公司一直不跟我签合同，已经干了8个月，月工资4000元，能赔多少？他的手机13812345678，身份证440102199003071234。"
META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("console")
    knowledge = write_small_knowledge(root / "knowledge")
    rebuild_index(read_knowledge(knowledge), FakeEmbedder(), IndexStore(root / "index"))
    return root / "index"


def make_app(index_dir, tmp_path, **overrides):
    settings = {
        "index_dir": index_dir,
        "data_dir": tmp_path / "data",
        "knowledge_dir": tmp_path / "none",
        "console_token": CONSOLE,
        "admin_token": ADMIN,
        **overrides,
    }
    return create_app(Settings(**settings), embedder=FakeEmbedder())


@pytest.fixture
def client(index_dir, tmp_path):
    with TestClient(make_app(index_dir, tmp_path), follow_redirects=False) as client:
        yield client


def console_sign_in(client, name: str = "坐席007") -> tuple[dict, str]:
    """Sign in through the console form; returns (cookie header, the page's CSRF token)."""
    response = client.post("/console/login", data={"token": CONSOLE, "name": name})
    assert response.status_code == 303, response.text
    cookie = {"Cookie": f"{CONSOLE_COOKIE}={response.cookies[CONSOLE_COOKIE]}"}
    client.cookies.clear()
    page = client.get("/console", headers={**cookie, **HTML})
    assert page.status_code == 200
    return cookie, META_CSRF.search(page.text).group(1)


def suggest(client, notes: str, headers=BEARER):
    return client.post("/api/console/suggest", json={"notes": notes}, headers=headers)


# -- suggestions ------------------------------------------------------------------------------------------


def test_suggest_returns_case_issues_calculators_spoken_and_a_ticket_draft(client):
    response = suggest(client, STORY)
    assert response.status_code == 200, response.text
    data = response.json()
    facts = {f["field"]: f for f in data["facts"]}
    assert facts["monthly_wage"]["value"] == "4000元" and facts["tenure_months"]["said"] == "8个月"
    issue = next(i for i in data["issues"] if i["topic"] == "contract_written")
    assert issue["status"] == "computed" and "28000" in issue["figure"]
    assert issue["citations"] and issue["spoken"] and len(issue["spoken"]) <= 150
    calculator = next(c for c in data["calculators"] if c["name"] == "double_wage")
    assert calculator["inputs"] == {"months_without_contract": 8, "monthly_wage": 4000.0}
    assert calculator["result"]["amount"] == 28000
    assert "两万八千元" in data["spoken"] and not re.search(r"\[\d+\]|http", data["spoken"])
    assert data["ticket"]["category"] == "信访投诉" and "contract_written" in data["ticket"]["topics"]
    assert "依据" in data["ticket"]["summary"] and data["citations"]
    assert data["analysed"] == {
        "chars": len(STORY),
        "total_chars": len(STORY),
        "truncated": False,
        "notice": "",
    }


def test_empty_notes_are_422_in_the_one_error_shape(client):
    for notes in ("", "   \n "):
        response = suggest(client, notes)
        assert response.status_code == 422
        body = response.json()
        assert body["ok"] is False and body["status"] == 422 and body["error"]


def test_20000_characters_are_analysed_from_the_end_and_the_reply_says_so(client):
    notes = ("工资被拖欠了三个月，老板一直说下个月发。" * 1100)[: 20_000 - len(STORY)] + STORY
    # JSON with \u escapes: six bytes a character, far beyond the app's usual 64 KB body limit.
    body = json.dumps({"notes": notes}, ensure_ascii=True)
    assert len(body) > 64 * 1024
    response = client.post(
        "/api/console/suggest", content=body, headers={**BEARER, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    analysed = response.json()["analysed"]
    assert analysed["truncated"] and analysed["total_chars"] == 20_000 and analysed["chars"] <= 1000
    assert "20000 字" in analysed["notice"] and "最后" in analysed["notice"]
    assert {
        "field": "monthly_wage",
        "label": "月工资",
        "value": "4000元",
        "said": "4000元",
    } in response.json()["facts"]  # the end (where the call is now) was read
    too_long = suggest(client, "欠薪" * 10_001)
    assert too_long.status_code == 422 and too_long.json()["ok"] is False


# -- the role ---------------------------------------------------------------------------------------------


def test_console_api_needs_a_console_or_admin_token(client):
    assert suggest(client, STORY, headers={}).status_code == 401
    assert suggest(client, STORY, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert suggest(client, STORY, headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 200


def test_the_console_token_never_opens_the_admin_area(client):
    assert client.get("/api/admin/index", headers=BEARER).status_code == 401
    cookie, _ = console_sign_in(client)
    assert client.get("/admin/insights", headers={**cookie, **HTML}).status_code == 401
    # The console session's id put in the admin cookie is refused too: the session's role is checked.
    session_id = cookie["Cookie"].split("=", 1)[1]
    forged = {"Cookie": f"{ADMIN_COOKIE}={session_id}"}
    assert client.get("/admin/insights", headers={**forged, **HTML}).status_code == 401


def test_console_is_off_without_tokens(index_dir, tmp_path):
    app = make_app(index_dir, tmp_path, console_token="", admin_token="")
    with TestClient(app) as client:
        assert suggest(client, STORY).status_code == 403
        assert client.get("/console", headers=HTML).status_code == 403


def test_sign_in_needs_a_name_and_the_right_token(client):
    assert client.post("/console/login", data={"token": CONSOLE, "name": ""}).status_code == 422
    assert client.post("/console/login", data={"token": "nope", "name": "坐席1"}).status_code == 401
    page = client.get("/console", headers=HTML)
    assert page.status_code == 401 and "坐席令牌" in page.text


def test_the_page_calls_the_api_with_its_cookie_only_with_the_csrf_header_from_this_origin(client):
    cookie, csrf = console_sign_in(client)
    assert suggest(client, STORY, headers=cookie).status_code == 403
    assert suggest(client, STORY, headers={**cookie, "X-CSRF-Token": "forged"}).status_code == 403
    cross = {**cookie, "X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    assert suggest(client, STORY, headers=cross).status_code == 403
    assert suggest(client, STORY, headers={**cookie, "X-CSRF-Token": csrf}).status_code == 200


def test_console_page_is_strict_csp_with_external_script_only(client):
    cookie, _ = console_sign_in(client)
    page = client.get("/console", headers={**cookie, **HTML})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/console.js" defer></script>' in page.text
    assert not re.search(r"<script>|<style|style=\"|onclick=", page.text)
    assert 'aria-keyshortcuts="Alt+T"' in page.text and "坐席：坐席007" in page.text


# -- closing a call ---------------------------------------------------------------------------------------


def test_a_call_becomes_a_ticket_phone_masked_but_on_the_ticket_page_notes_redacted_all_audited(client):
    cookie, csrf = console_sign_in(client, "张三 13800000000")
    headers = {**cookie, "X-CSRF-Token": csrf, "Idempotency-Key": "call-1-ticket"}
    body = {"notes": STORY, "phone": "139-1234-5678", "name": "李四"}
    response = client.post("/api/console/tickets", json=body, headers=headers)
    assert response.status_code == 200, response.text
    made = response.json()
    assert made["outcome"] == "ticket" and made["phone"] == "139****5678"
    assert "contract_written" in made["topics"]
    again = client.post("/api/console/tickets", json=body, headers=headers)  # a double press
    assert again.json()["ticket"] == made["ticket"]
    store = client.app.state.records
    ticket = store.tickets.get(made["ticket"])
    assert ticket.category == "信访投诉"  # chosen from the issues
    assert "二倍工资" in ticket.description and "依据" in ticket.description
    assert "13812345678" not in ticket.description and "440102199003071234" not in ticket.description
    (call,) = store.calls.recent()
    assert call.ticket_number == made["ticket"] and call.outcome == "ticket"
    assert (
        "13812345678" not in call.notes and "440102199003071234" not in call.notes and "4000元" in call.notes
    )
    page = client.get(made["ticket_url"], headers={**cookie, **HTML})
    assert page.status_code == 200 and "13912345678" in page.text
    listed = client.get("/admin/insights", headers={"Authorization": f"Bearer {ADMIN}", **HTML}).text
    assert "13912345678" not in listed and "139****5678" in listed
    actions = [(e.action, e.actor) for e in store.audit.recent()]
    assert ("console.ticket", "张三 138****0000") in actions and (
        "ticket.view",
        "张三 138****0000",
    ) in actions
    assert ("login", "张三 138****0000") in actions


def test_category_can_be_chosen_and_a_bad_phone_is_a_clear_422(client):
    bad = client.post("/api/console/tickets", json={"notes": STORY, "phone": "123"}, headers=BEARER)
    assert bad.status_code == 422 and "电话" in bad.json()["error"]
    assert client.app.state.records.calls.recent() == []  # nothing half-stored
    chosen = client.post(
        "/api/console/tickets",
        json={
            "notes": STORY,
            "phone": "13912345678",
            "category": "法律援助",
            "summary": "自填摘要",
            "topics": [],
        },
        headers=BEARER,
    )
    assert chosen.status_code == 200
    assert client.app.state.records.tickets.get(chosen.json()["ticket"]).category == "法律援助"
    unknown = client.post("/api/console/calls", json={"notes": STORY, "topics": ["nope"]}, headers=BEARER)
    assert unknown.status_code == 422


def test_resolved_calls_are_counted_with_the_chats_on_the_dashboard(client):
    client.post("/api/answer", json={"question": "公司一直不跟我签合同怎么办"})
    resolved = client.post("/api/console/calls", json={"notes": STORY}, headers=BEARER)
    assert resolved.status_code == 200 and resolved.json()["outcome"] == "resolved"
    client.post("/api/console/tickets", json={"notes": STORY, "phone": "13912345678"}, headers=BEARER)
    html = client.get("/admin/insights", headers={"Authorization": f"Bearer {ADMIN}", **HTML}).text
    kpi = html.split('id="kpi-calls"')[1].split("</div>")[0]
    assert '<p class="kpi-value">2</p>' in kpi and "当场解决 1 · 转工单 1" in kpi and "与对话合计 3" in kpi
    assert "<td>劳动合同</td>" in html
    actions = [e.action for e in client.app.state.records.audit.recent()]
    assert "console.resolved" in actions and "console.ticket" in actions


# -- two caseworkers on one ticket ------------------------------------------------------------------------


def test_the_later_save_of_a_ticket_is_refused_and_shows_both_versions(client):
    made = client.post("/api/console/tickets", json={"notes": STORY, "phone": "13912345678"}, headers=BEARER)
    url = made.json()["ticket_url"]
    first, first_csrf = console_sign_in(client, "甲")
    second, second_csrf = console_sign_in(client, "乙")
    version = re.search(r'name="version" value="([^"]+)"', client.get(url, headers={**first, **HTML}).text)[1]
    saved = client.post(
        url,
        data={"csrf_token": first_csrf, "version": version, "status": "处理中", "staff_note": "甲：已回电"},
        headers={**first, **HTML},
    )
    assert saved.status_code == 303
    late = client.post(
        url,
        data={
            "csrf_token": second_csrf,
            "version": version,
            "status": "已办结",
            "staff_note": "乙：建议仲裁",
        },
        headers={**second, **HTML},
    )
    assert late.status_code == 409
    assert "其他同事已修改" in late.text and "甲：已回电" in late.text and "乙：建议仲裁" in late.text
    ticket = client.app.state.records.tickets.get(made.json()["ticket"])
    assert ticket.staff_note == "甲：已回电" and ticket.status == "处理中"
    # The refused page carries the new version: saving again (merged) works.
    newer = re.search(r'name="version" value="([^"]+)"', late.text)[1]
    merged = client.post(
        url,
        data={
            "csrf_token": second_csrf,
            "version": newer,
            "status": "已办结",
            "staff_note": "甲：已回电；乙：建议仲裁",
        },
        headers={**second, **HTML},
    )
    assert merged.status_code == 303
    assert "ticket.conflict" in [e.action for e in client.app.state.records.audit.recent()]


def test_api_ticket_edit_with_a_stale_version_is_409(client):
    made = client.post(
        "/api/console/tickets", json={"notes": STORY, "phone": "13912345678"}, headers=BEARER
    ).json()
    url = f"/api/console/tickets/{made['ticket']}"
    ok = client.put(url, json={"staff_note": "一", "version": made["ticket_version"]}, headers=BEARER)
    assert ok.status_code == 200
    stale = client.put(url, json={"staff_note": "二", "version": made["ticket_version"]}, headers=BEARER)
    assert stale.status_code == 409 and stale.json()["ok"] is False
    assert client.app.state.records.tickets.get(made["ticket"]).staff_note == "一"
    bad = client.put(url, json={"staff_note": "三", "version": "yesterday"}, headers=BEARER)
    assert bad.status_code == 422


def test_a_version_3_database_gains_session_roles_calls_and_audit(tmp_path):
    from bot.records.store import Records

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        """CREATE TABLE staff_sessions (id_hash TEXT PRIMARY KEY, csrf_token TEXT NOT NULL,
               created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
           INSERT INTO staff_sessions VALUES ('h', 'c', '2020-01-01', '2999-01-01');
           PRAGMA user_version = 3;"""
    )
    conn.close()
    from datetime import timedelta

    with Records(path) as store:
        session = store.staff_sessions.open(timedelta(hours=1), role="console", name="丙")
        assert store.staff_sessions.find(session.id).role == "console"
        assert store.calls.log("resolved", ["severance"], "笔记").id == 1
        store.audit.record("丙", "console", "login")
    rows = sqlite3.connect(path).execute("SELECT role FROM staff_sessions WHERE id_hash = 'h'").fetchall()
    assert rows == [("admin",)]


# -- `spoken` on every answer -----------------------------------------------------------------------------


def test_api_answer_carries_spoken_and_the_stream_too(client):
    body = client.post(
        "/api/answer", json={"question": "公司一直不跟我签合同，干了8个月，月工资4000元"}
    ).json()
    assert body["spoken"] and not re.search(r"\[\d+\]|https?://|/sources/", body["spoken"])
    assert "两万八千元" in body["spoken"]
    streamed = client.post(
        "/api/answer/stream", json={"question": "公司一直不跟我签合同，干了8个月，月工资4000元"}
    )
    meta = json.loads(streamed.text.split("event: meta\ndata: ")[1].split("\n")[0])
    assert meta["spoken"] == body["spoken"]
    refused = client.post("/api/answer", json={"question": "今天天气怎么样"}).json()
    assert refused["spoken"] and len(refused["spoken"]) <= 150


def test_openai_endpoint_returns_the_spoken_text_when_asked(client):
    messages = [{"role": "user", "content": "公司一直不跟我签合同，干了8个月，月工资4000元"}]
    plain = client.post("/v1/chat/completions", json={"messages": messages}).json()
    spoken = client.post("/v1/chat/completions", json={"messages": messages, "spoken": True}).json()
    text = spoken["choices"][0]["message"]["content"]
    assert "参考资料" in plain["choices"][0]["message"]["content"]
    assert "参考资料" not in text and "[1]" not in text and "两万八千元" in text
    assert spoken["citations"] == plain["citations"]


def test_third_person_notes_are_not_sent_to_12348_by_the_referral_check(client):
    """Notes speak of the caller ("师傅说…"); the referral check, tuned on workers' own questions, must not turn
    the console's suggestion into a 12348 referral (the chat keeps it)."""

    class AlwaysOutside:
        def outside_labour_law(self, vector, top_dense, **context):
            return True

    assistant = client.app.state.runtime.assistant
    saved = assistant.referral
    assistant.referral = AlwaysOutside()
    try:
        chat = client.post("/api/answer", json={"question": "加班费怎么算"}).json()
        assert chat["status"] == "out_of_scope"
        data = suggest(client, "师傅说" + STORY).json()
        assert data["status"] == "answered" and any(i["topic"] == "contract_written" for i in data["issues"])
        assert assistant.referral is not None  # the shared assistant is left as it was
    finally:
        assistant.referral = saved
