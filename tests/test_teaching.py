"""Staff teach the assistant: POST /api/admin/questions/link and /decline, the file edit, the audit log."""

from __future__ import annotations

import pytest
from conftest import SNIPPETS, FakeEmbedder, write_snippet
from fastapi.testclient import TestClient
from support.staff import sign_in

from bot.answering.referral import RECHECK_SECONDS, ReferralCheck
from bot.config import Settings
from bot.errors import KnowledgeError, NotFoundError
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore
from bot.knowledge.documents import DocumentStore
from bot.knowledge.folder import read_knowledge
from bot.records.db import StoreError
from bot.records.store import Records
from bot.records.teaching import DECLINE

TOKEN = "test-admin-token-12351"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
IDS = ["wage-arrears", "injury-deadline", "annual-leave", "union-join"]
# Shares no wording with the union-join snippet: only a link can bring the two together.
QUESTION = "宿舍停水停电找谁反映"


def app_client(tmp_path, **settings):
    """The whole app (lifespan running) on four snippets indexed with the fake embedder."""
    knowledge = tmp_path / "knowledge"
    for snippet_id in IDS:
        write_snippet(knowledge, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    settings = Settings(
        knowledge_dir=knowledge,
        index_dir=store.root,
        data_dir=tmp_path / "data",
        admin_token=TOKEN,
        **settings,
    )
    return TestClient(create_app(settings, embedder=FakeEmbedder()))


@pytest.fixture
def client(tmp_path):
    with app_client(tmp_path) as client:
        yield client


# With the fake embedder every question sits near data/non_labour_legal.txt; a margin of 0.2 keeps the stock
# examples from referring the questions below (nearest stock example minus nearest labour passage: 0.07),
# while a near-copy of a declined question (cosine 0.95 against 0.45 for the labour passage) is referred. The
# scope classifier is off here: trained on four snippets' fake vectors it says nothing about real questions
# (tests/test_logistic.py covers it, staff marks included).
SCOPE_MARGIN = 0.2
MARKED = "单位宿舍的热水器坏了找谁修"
NEAR_COPY = "请问单位宿舍热水器坏了找谁修呢"


@pytest.fixture
def scope_client(tmp_path):
    with app_client(tmp_path, referral_margin=SCOPE_MARGIN, referral_classifier_weight=0.0) as client:
        yield client


def ask(client, question: str) -> dict:
    response = client.post("/api/answer", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


def top_snippet(client, question: str) -> str:
    return client.post("/api/search", json={"query": question, "k": 1}).json()["hits"][0]["id"]


def test_linked_question_retrieves_its_snippet_after_the_rebuild(client):
    assert top_snippet(client, "宿舍停水停电应该找谁反映") != "union-join"
    response = client.post(
        "/api/admin/questions/link",
        json={"question": f"  {QUESTION}\n电话13812345678 ", "snippet_id": "union-join", "staff": "王老师"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] is True and body["path"] == "rules/union-join.md"
    assert body["rebuild"]["state"] in ("running", "succeeded")
    # PII masked, one line, in the snippet's questions; the file still validates.
    assert "13812345678" not in body["question"] and "\n" not in body["question"]
    snippet = next(s for s in read_knowledge(client.app.state.settings.knowledge_dir) if s.id == "union-join")
    assert snippet.questions[-1] == body["question"]
    assert snippet.questions[:-1] == tuple(SNIPPETS["union-join"]["questions"])
    client.app.state.runtime.build_job.wait(30)
    assert client.app.state.runtime.build_job.status.state == "succeeded"
    # The next similar question finds the linked snippet.
    assert top_snippet(client, "宿舍停水停电应该找谁反映") == "union-join"
    mark = client.app.state.runtime.records.teaching.marks()[0]
    assert (mark.action, mark.snippet_id, mark.staff, mark.path) == (
        "link",
        "union-join",
        "王老师",
        body["path"],
    )
    assert mark.created_at and mark.question == body["question"]


def test_linking_the_same_question_twice_changes_nothing(client):
    first = client.post(
        "/api/admin/questions/link", json={"question": QUESTION, "snippet_id": "union-join"}, headers=AUTH
    )
    client.app.state.runtime.build_job.wait(30)
    path = client.app.state.settings.knowledge_dir / first.json()["path"]
    before = path.read_bytes()
    again = client.post(
        "/api/admin/questions/link", json={"question": QUESTION, "snippet_id": "union-join"}, headers=AUTH
    )
    assert again.status_code == 200 and again.json()["added"] is False
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"question": QUESTION, "snippet_id": "no-such-rule"}, 404, "没有编号"),
        ({"question": "   ", "snippet_id": "union-join"}, 422, "不能为空"),
        ({"question": "", "snippet_id": "union-join"}, 422, "不能为空"),
        ({"question": "问" * 201, "snippet_id": "union-join"}, 422, "太长"),
        ({"question": QUESTION}, 422, ""),
    ],
)
def test_bad_links_are_refused_and_change_no_file(client, body, status, fragment):
    folder = client.app.state.settings.knowledge_dir
    before = {p: p.read_bytes() for p in folder.rglob("*.md")}
    response = client.post("/api/admin/questions/link", json=body, headers=AUTH)
    assert response.status_code == status
    error = response.json()
    assert error["ok"] is False and error["status"] == status and fragment in error["error"]
    assert {p: p.read_bytes() for p in folder.rglob("*.md")} == before
    assert client.app.state.runtime.records.teaching.marks() == []


def test_link_needs_the_admin_token(client):
    response = client.post(
        "/api/admin/questions/link", json={"question": QUESTION, "snippet_id": "union-join"}
    )
    assert response.status_code == 401


def test_declined_questions_are_stored_as_scope_examples(client):
    response = client.post(
        "/api/admin/questions/decline",
        json={"question": "帮我写一首诗，我的身份证440102199001011234"},
        headers=AUTH,
    )
    assert response.status_code == 200
    teaching = client.app.state.runtime.records.teaching
    assert teaching.declined_questions() == [response.json()["question"]]
    assert "440102199001011234" not in teaching.declined_questions()[0]
    assert (
        client.post("/api/admin/questions/decline", json={"question": " "}, headers=AUTH).status_code == 422
    )


def test_add_question_keeps_the_rest_of_the_file_and_quotes_yaml(tmp_path):
    path = write_snippet(tmp_path, "union-join", subdir="rules", **SNIPPETS["union-join"])
    before = path.read_text("utf-8")
    DocumentStore(tmp_path).add_question("union-join", "老板: 不给入会 #怎么办")
    after = path.read_text("utf-8")
    assert after.replace("  - '老板: 不给入会 #怎么办'\n", "", 1) == before
    snippet = read_knowledge(tmp_path)[0]
    assert snippet.questions[-1] == "老板: 不给入会 #怎么办"
    with pytest.raises(NotFoundError):
        DocumentStore(tmp_path).add_question("missing", "问题")


def test_add_question_refuses_flow_style_lists(tmp_path):
    path = write_snippet(tmp_path, "union-join", subdir="rules", **SNIPPETS["union-join"])
    text = path.read_text("utf-8")
    items = SNIPPETS["union-join"]["questions"]
    block = "questions:\n" + "".join(f"  - {q}\n" for q in items)
    path.write_text(text.replace(block, f"questions: [{', '.join(items)}]\n"), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(KnowledgeError, match="questions"):
        DocumentStore(tmp_path).add_question("union-join", "新问法")
    assert path.read_bytes() == before


BROWSER = {**AUTH, "Accept": "text/html"}


def test_dashboard_offers_a_snippet_picker_and_a_decline_button(client):
    records = client.app.state.runtime.records
    records.turns.log("s1", QUESTION, "no_match", "", [], 0.2, 10, answer="没有找到")
    page = client.get("/admin/insights", headers=BROWSER).text
    assert '<datalist id="snippet-options">' in page
    assert '<option value="union-join">' + SNIPPETS["union-join"]["title"] + "</option>" in page
    assert 'action="/admin/insights/questions/link"' in page and "应拒答" in page
    assert f'name="question" value="{QUESTION}"' in page

    # The picker sends the id (or a full title typed by hand); the page comes back with a notice.
    title = SNIPPETS["union-join"]["title"]
    response = client.post(
        "/admin/insights/questions/link",
        data={"question": QUESTION, "snippet": title, "period": "7d"},
        headers=BROWSER,
        follow_redirects=False,
    )
    assert response.status_code == 303 and "notice=linked" in response.headers["location"]
    client.app.state.runtime.build_job.wait(30)
    assert top_snippet(client, QUESTION) == "union-join"
    assert "已把问题" in client.get(response.headers["location"], headers=BROWSER).text

    declined = client.post(
        "/admin/insights/questions/decline",
        data={"question": "今天天气怎么样", "anchor": "downvotes"},
        headers=BROWSER,
        follow_redirects=False,
    )
    assert declined.status_code == 303 and declined.headers["location"].endswith("#downvotes")
    assert records.teaching.declined_questions() == ["今天天气怎么样"]


def test_picking_no_known_snippet_shows_an_error_page(client):
    response = client.post(
        "/admin/insights/questions/link", data={"question": QUESTION, "snippet": "随便写的"}, headers=BROWSER
    )
    assert response.status_code == 404 and "没有找到条目" in response.text
    assert client.app.state.runtime.records.teaching.marks() == []


# -- declined questions feed the scope check ----------------------------------------------------------------


def test_a_declined_question_is_referred_to_12348_from_the_next_similar_question(scope_client):
    before = ask(scope_client, NEAR_COPY)
    assert before["status"] == "answered"  # a hedged labour rule: what staff want to stop
    response = scope_client.post("/api/admin/questions/decline", json={"question": MARKED}, headers=AUTH)
    assert response.status_code == 200 and "12348" in response.json()["message"]

    after = ask(scope_client, NEAR_COPY)
    assert after["status"] == "out_of_scope" and "12348" in after["answer"] and after["citations"] == []
    assert [issue["topic"] for issue in after["case"]["issues"]] == [
        "public_legal_hotline"
    ]  # what was understood
    # Labour questions are answered as before.
    assert ask(scope_client, "老板拖欠工资怎么办")["status"] == "answered"


def test_declining_from_the_downvote_list_as_signed_in_staff(scope_client):
    """As staff work: a worker rates the hedged answer 👎, staff open the dashboard, press 应拒答 on it, and the
    next worker asking the same gets the 12348 referral. The form needs the session's CSRF token."""
    answer = ask(scope_client, MARKED)
    assert answer["status"] == "answered"
    rated = scope_client.post(
        "/api/feedback",
        json={"session_id": answer["session_id"], "turn_id": answer["turn_id"], "rating": "down"},
    )
    assert rated.status_code == 200, rated.text
    cookie, csrf = sign_in(scope_client, TOKEN)
    page = scope_client.get("/admin/insights", headers={**cookie, "Accept": "text/html"}).text
    downvotes = page.split('id="downvotes"', 1)[1]
    assert 'action="/admin/insights/questions/decline"' in downvotes and MARKED in downvotes
    assert f'name="csrf_token" value="{csrf}"' in downvotes

    form = {"question": MARKED, "anchor": "downvotes", "period": "7d"}
    browser = {**cookie, "Accept": "text/html", "Origin": str(scope_client.base_url)}
    forged = scope_client.post("/admin/insights/questions/decline", data=form, headers=browser)
    assert forged.status_code == 403  # no CSRF token: nothing stored
    assert ask(scope_client, NEAR_COPY)["status"] == "answered"

    declined = scope_client.post(
        "/admin/insights/questions/decline",
        data={**form, "csrf_token": csrf},
        headers=browser,
        follow_redirects=False,
    )
    assert declined.status_code == 303 and declined.headers["location"].endswith("#downvotes")
    notice = scope_client.get(declined.headers["location"], headers={**cookie, "Accept": "text/html"}).text
    assert "相近的问题今后将婉拒" in notice
    after = ask(scope_client, NEAR_COPY)
    assert after["status"] == "out_of_scope" and "12348" in after["answer"]


def test_a_decline_marked_by_mistake_is_taken_back(scope_client):
    """As staff work: a question marked 应拒答 by mistake is listed on the dashboard with 撤销; after it, the next
    similar question is answered again, and the log keeps both marks."""
    assert (
        scope_client.post("/api/admin/questions/decline", json={"question": MARKED}, headers=AUTH).status_code
        == 200
    )
    assert ask(scope_client, NEAR_COPY)["status"] == "out_of_scope"

    cookie, csrf = sign_in(scope_client, TOKEN)
    page = scope_client.get("/admin/insights", headers={**cookie, "Accept": "text/html"}).text
    card = page.split('id="declined"', 1)[1].split("</section>", 1)[0]
    assert MARKED in card and 'action="/admin/insights/questions/undecline"' in card
    browser = {**cookie, "Accept": "text/html", "Origin": str(scope_client.base_url)}
    form = {"question": MARKED, "period": "7d"}
    assert (
        scope_client.post("/admin/insights/questions/undecline", data=form, headers=browser).status_code
        == 403
    )
    assert ask(scope_client, NEAR_COPY)["status"] == "out_of_scope"  # the forged form changed nothing

    undone = scope_client.post(
        "/admin/insights/questions/undecline",
        data={**form, "csrf_token": csrf},
        headers=browser,
        follow_redirects=False,
    )
    assert undone.status_code == 303 and undone.headers["location"].endswith("#declined")
    notice = scope_client.get(undone.headers["location"], headers={**cookie, "Accept": "text/html"}).text
    assert "已撤销" in notice and "还没有标为应拒答的问题" in notice
    assert ask(scope_client, NEAR_COPY)["status"] == "answered"
    teaching = scope_client.app.state.runtime.records.teaching
    assert [m.action for m in teaching.marks()] == ["undecline", "decline"]


def test_taking_back_a_mark_that_is_not_there_is_refused(client):
    url = "/api/admin/questions/undecline"
    missing = client.post(url, json={"question": "今天天气怎么样"}, headers=AUTH)
    assert missing.status_code == 404 and "没有被标为应拒答" in missing.json()["error"]
    assert client.post(url, json={"question": "  "}, headers=AUTH).status_code == 422
    assert client.post(url, json={"question": "今天天气怎么样"}).status_code == 401
    client.post("/api/admin/questions/decline", json={"question": "今天天气怎么样"}, headers=AUTH)
    done = client.post(url, json={"question": "今天天气怎么样", "staff": "王老师"}, headers=AUTH)
    assert done.status_code == 200 and "已撤销" in done.json()["message"]
    assert client.app.state.runtime.records.teaching.marks()[0].staff == "王老师"
    assert client.post(url, json={"question": "今天天气怎么样"}, headers=AUTH).status_code == 404


class Ticking:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_replicas_sharing_the_database_take_up_a_mark_after_the_revision_check(database_target):
    """Two processes on one database: a mark saved by one reaches the other's scope check at its next revision
    check (every RECHECK_SECONDS), embedding only the questions it has not seen."""
    embedder, clock = FakeEmbedder(), Ticking()
    question = embedder.embed([NEAR_COPY])[0]
    with Records(database_target) as here, Records(database_target) as there:
        check = ReferralCheck(embedder, SCOPE_MARGIN, examples=[], declined=there.teaching, clock=clock)
        assert not check.outside_labour_law(question, 0.45)
        calls = embedder.calls

        here.teaching.record(DECLINE, MARKED, "王老师")
        clock.now += RECHECK_SECONDS / 2
        assert not check.outside_labour_law(question, 0.45)  # not asked yet: no query per question
        clock.now += RECHECK_SECONDS
        assert check.outside_labour_law(question, 0.45)
        assert embedder.calls == calls + 1

        here.teaching.record(DECLINE, "帮我写一首诗", "王老师")
        clock.now += RECHECK_SECONDS
        assert check.outside_labour_law(question, 0.45)
        assert embedder.calls == calls + 2 and len(check.learned_vectors()) == 2  # only the new one embedded
        clock.now += RECHECK_SECONDS
        check.learned_vectors()
        assert embedder.calls == calls + 2  # same revision: nothing re-read or re-embedded


class BrokenStore:
    def declined_revision(self):
        raise StoreError("数据库暂时无法连接")

    def declined_questions(self):
        raise AssertionError("not asked when the revision cannot be read")


def test_a_store_that_cannot_be_read_leaves_the_scope_check_working(caplog):
    check = ReferralCheck(FakeEmbedder(), SCOPE_MARGIN, examples=["离婚后孩子归谁"], declined=BrokenStore())
    vector = FakeEmbedder().embed(["离婚后孩子归谁"])[0]
    assert check.outside_labour_law(vector, 0.3)
    assert "could not read the declined questions" in caplog.text
