"""Staff pages over HTTP: sign-in and auth, the dashboard with seeded data, actions, CSV exports, a broken
database. Most tests skip the lifespan (no index, no model) and hand the app its conversation store; one
runs the whole app on a tiny index built with the fake embedder."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from conftest import FakeEmbedder
from fastapi.testclient import TestClient
from support.staff import CSRF_FIELD

from bot.config import Settings
from bot.http.app import create_app
from bot.http.deps import ADMIN_COOKIE
from bot.records.export import CSV_TABLES
from bot.records.insights import summarise
from bot.records.store import Records
from bot.records.turns import TurnIssue

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# What a browser sends when it opens a page or posts a form; a program sends JSON instead.
BROWSER = {"Accept": "text/html,application/xhtml+xml"}
PROGRAM = {"Accept": "application/json"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>宿舍没热水'


class Clock:
    """Seeds turns relative to the real time, which is what the dashboard reads."""

    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def browser(app) -> TestClient:
    return TestClient(app, headers=BROWSER)


def make_app(tmp_path, store: Records | None, **settings):
    """The app with this router and `store`, without running the lifespan (no index, no model needed)."""
    settings = {
        "admin_token": TOKEN,
        "index_dir": tmp_path / "index",
        "data_dir": tmp_path / "data",
        **settings,
    }
    app = create_app(Settings(**settings))
    app.state.records = store
    return app


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    with Records(tmp_path / "data" / "bot.sqlite3", clock=clock) as store:
        yield store


@pytest.fixture
def client(tmp_path, store):
    return browser(make_app(tmp_path, store))


def log(
    store,
    clock,
    ago,
    question,
    status="answered",
    category="工资",
    cited=("wage-arrears",),
    confidence=0.8,
    session="s1",
    issues=(),
):
    clock.now = datetime.now(UTC) - ago
    return store.turns.log(
        session,
        question,
        status,
        category,
        list(cited),
        confidence,
        12,
        answer=f"答：{question}",
        issues=[TurnIssue(topic, outcome) for topic, outcome in issues],
    )


# A story of four problems, one of them outside the knowledge base, then a follow-up that gets the figure.
STORY = "在物流公司做了四年，公司要把我调去外地，不去就按旷工开除，年假也从来没休过，公积金也没交"
STORY_ISSUES = (
    ("wage_stoppage_deduction", "answered"),
    ("illegal_termination", "needs_fact"),
    ("annual_leave", "answered"),
    ("公积金", "not_covered"),
)


def seed(store, clock) -> dict:
    """A week of questions, a previous week, 50 variants of one gap, a 👎, tickets, and an XSS attempt."""
    for i in range(50):
        lead = ["", "请问", "你好，", "想问一下"][i % 4]
        core = ["宿舍热水器坏了找谁修", "厂里宿舍的热水器坏了找谁修", "宿舍热水器坏了找谁修理"][i % 3]
        end = ["", "？", "啊", "呢"][(i // 4) % 4]
        log(store, clock, timedelta(hours=60 - i), f"{lead}{core}{end}", "no_match", None, (), 0.3)
    log(store, clock, timedelta(hours=5), XSS, "no_match", None, (), 0.2)
    for n in range(3):
        log(
            store,
            clock,
            timedelta(days=1),
            "老板拖欠工资怎么办",
            session=f"w{n}",
            issues=[("wage_arrears", "answered")],
        )
    log(
        store,
        clock,
        timedelta(days=2, hours=1),
        STORY,
        category="劳动合同",
        session="story",
        issues=STORY_ISSUES,
    )
    log(
        store,
        clock,
        timedelta(days=2),
        "工资五千，能赔多少",
        category="劳动合同",
        session="story",
        issues=[("illegal_termination", "computed"), ("annual_leave", "computed")],
    )
    log(store, clock, timedelta(days=2), "试用期最长多久", category="劳动合同", cited=("probation-length",))
    log(store, clock, timedelta(days=3), "今天天气怎么样", status="out_of_scope", category=None, cited=())
    for day in (8, 9):
        log(
            store,
            clock,
            timedelta(days=day),
            "工伤认定多久内要申请",
            category="工伤",
            cited=("injury-deadline",),
            session=f"old{day}",
            issues=[("injury_deadline", "answered"), ("wage_arrears", "answered")],
        )
    rated = log(store, clock, timedelta(hours=2), "加班费怎么算才对", confidence=0.9)
    clock.now = datetime.now(UTC)
    store.feedback.add(rated, "s1", "down", "没讲节假日加班")
    pending = store.tickets.create("法律援助", "老板欠薪三个月，想申请法律援助", "13812345678", "张三")
    other = store.tickets.create("意见建议", "=1+1 食堂太差", "0663-8123456")
    return {"pending": pending.number, "other": other.number}


class MarkupAudit(HTMLParser):
    """What the app's CSP would block: inline scripts and styles, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:>")
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("<script> without a same-origin src")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "link" and "//" in (dict(attrs).get("href") or ""):
            self.problems.append("external stylesheet")


def audit(html: str) -> list[str]:
    parser = MarkupAudit()
    parser.feed(html)
    return parser.problems


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# -- auth -----------------------------------------------------------------------------------------------


def test_no_token_configured_is_403_with_the_reason(tmp_path, store):
    client = browser(make_app(tmp_path, store, admin_token=""))
    page = client.get("/admin/insights", headers=AUTH)
    assert page.status_code == 403 and "BOT_ADMIN_TOKEN" in page.text and "管理功能未开启" in page.text
    assert 'name="token"' not in page.text  # no sign-in form when signing in cannot work
    assert client.get("/admin/login").status_code == 403
    assert client.post("/admin/login", data={"token": "anything"}).status_code == 403
    export = client.get("/admin/insights/gaps.csv", headers={**AUTH, **PROGRAM})
    assert export.status_code == 403
    assert export.json() == {"ok": False, "error": export.json()["error"], "status": 403}
    assert "BOT_ADMIN_TOKEN" in export.json()["error"]


def test_missing_or_wrong_token_is_401(client, store, clock):
    seed(store, clock)
    page = client.get("/admin/insights")
    assert page.status_code == 401 and "请先输入管理员令牌登录" in page.text and 'name="token"' in page.text
    assert "宿舍热水器" not in page.text
    assert client.get("/admin/insights", headers={"Authorization": "Bearer wrong"}).status_code == 401
    client.cookies.set(ADMIN_COOKIE, "wrong")
    assert client.get("/admin/insights").status_code == 401
    client.cookies.clear()
    assert client.get("/admin/insights/tickets/GH20260101-0001").status_code == 401
    for path in ("/admin/insights/gaps.csv", "/admin/insights/tickets.csv"):
        response = client.get(path, headers=PROGRAM)
        assert response.status_code == 401 and response.json()["status"] == 401
    assert client.post("/admin/insights/gaps/1/handled").status_code == 401
    assert client.post("/admin/insights/tickets/X", data={"status": "已办结"}).status_code == 401
    assert len(store.analytics.gap_candidates(0.6)) == 51  # nothing was marked


def test_programs_get_the_one_json_error_shape(tmp_path, store):
    """Without a browser's Accept header, every refusal is {ok, error, status}, as on the rest of the app."""
    for token in ("", TOKEN):
        client = TestClient(make_app(tmp_path, store, admin_token=token), headers=PROGRAM)
        status = 403 if not token else 401
        requests = [
            ("GET", "/admin/insights", {}),
            ("GET", "/admin/insights/tickets/GH20200101-0001", {}),
            ("GET", "/admin/insights/gaps.csv", {}),
            ("POST", "/admin/insights/gaps/1/handled", {}),
            ("POST", "/admin/insights/tickets/GH20200101-0001", {"status": "已办结"}),
            ("GET", "/admin/login", {}),
            ("POST", "/admin/login", {"token": "wrong"}),
        ]
        for method, path, form in requests:
            response = client.request(method, path, data=form or None)
            if path == "/admin/login" and method == "GET" and token:
                assert response.status_code == 200  # the sign-in form itself
                continue
            assert response.status_code == status, (token, method, path)
            assert response.json() == {"ok": False, "error": response.json()["error"], "status": status}
    client = TestClient(make_app(tmp_path, store), headers={**PROGRAM, **AUTH})
    missing = client.get("/admin/insights/tickets/GH20200101-0001")
    assert missing.status_code == 404 and missing.json()["error"] == "找不到工单 GH20200101-0001"
    bad = client.post("/admin/insights/tickets/GH20200101-0001", data={"status": "搁置"})
    assert bad.status_code == 422 and "工单状态只能是" in bad.json()["error"]


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_clears_it(client):
    wrong = client.post("/admin/login", data={"token": "nope"})
    assert (
        wrong.status_code == 401
        and "令牌不正确" in wrong.text
        and ADMIN_COOKIE not in wrong.headers.get("set-cookie", "")
    )

    signed_in = client.post(
        "/admin/login", data={"token": TOKEN, "next": "/admin/insights?period=30d"}, follow_redirects=False
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/admin/insights?period=30d"
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(f"{ADMIN_COOKIE}=")
    assert (
        "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
        and "Path=/" in cookie
    )
    assert "Secure" not in cookie  # plain http in the test; set over https
    assert client.get("/admin/insights").status_code == 200  # the client now sends the cookie

    csrf = CSRF_FIELD.search(client.get("/admin/insights").text).group(1)
    signed_out = client.post("/admin/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert (
        signed_out.status_code == 303 and signed_out.headers["location"] == "/admin/login?notice=signed-out"
    )
    assert (
        "Max-Age=0" in signed_out.headers["set-cookie"]
        or "expires=" in signed_out.headers["set-cookie"].lower()
    )
    assert client.get("/admin/insights").status_code == 401
    assert "已退出登录" in client.get("/admin/login?notice=signed-out").text


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example", "/", "/admin/login", "/\\evil"]
)
def test_sign_in_never_redirects_outside_the_staff_area(client, target):
    response = client.post("/admin/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
    assert response.headers["location"] == "/admin/insights"


def test_login_page_keeps_where_the_user_was_going(client):
    page = client.get("/admin/insights?period=30d")
    assert page.status_code == 401
    assert 'name="next" value="/admin/insights?period=30d"' in page.text
    assert client.get("/admin/login?next=/admin").status_code == 200


# -- the dashboard --------------------------------------------------------------------------------------


def test_dashboard_shows_the_seeded_week(client, store, clock):
    numbers = seed(store, clock)
    page = client.get("/admin/insights", headers=AUTH)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert audit(html) == []
    assert "职工诉求分析" in html and "近 7 天" in html
    assert "<svg" in html and html.count('class="bar bar-') >= 3  # server-side chart, no script
    assert 'class="bar bar-no_match"' in html and 'class="bar bar-answered"' in html
    # Categories and snippets this week against last week.
    assert re.search(r"<td>工资</td><td class=\"num\">4</td><td class=\"num\">0</td>", html)
    assert "wage-arrears" in html and "probation-length" in html
    # The 50 variants are one gap row with its count; the 👎 shows question, answer and comment.
    assert re.search(r'<td class="num count">50</td>', html)
    assert html.count("/handled") == 2  # two gap groups: the heater and the XSS question
    assert "加班费怎么算才对" in html and "答：加班费怎么算才对" in html and "没讲节假日加班" in html
    # Tickets: masked phones in the list, a status form per ticket.
    assert numbers["pending"] in html and "138****5678" in html and "13812345678" not in html
    assert "0663-****456" in html and "0663-8123456" not in html
    assert html.count('name="status"') == 2


def issue_row(html: str, label: str) -> list[str]:
    """The cells of the issue table's row for `label` (its name, then the numbers)."""
    table = html.split('id="issues"', 1)[1].split("</section>", 1)[0]
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if f"<td>{label}" in r)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_dashboard_counts_issues_of_every_story(client, store, clock):
    """Each issue of a several-problem story counts once per conversation, with the furthest outcome it got
    (the follow-up's figure); the uncovered 公积金 is listed apart; older turns without issues still show."""
    seed(store, clock)
    html = client.get("/admin/insights", headers=AUTH).text
    assert audit(html) == []
    assert "诉求议题" in html and 'href="/admin/insights/issues.csv?period=7d"' in html
    # label + key | this period | last period | change | 已作答 | 已算出 | 缺事实
    assert issue_row(html, "拖欠工资") == ["拖欠工资wage_arrears", "3", "2", "+1", "3", "0", "0"]
    assert issue_row(html, "违法辞退") == ["违法辞退illegal_termination", "1", "0", "+1", "0", "1", "0"]
    assert issue_row(html, "带薪年休假")[1:] == ["1", "0", "+1", "0", "1", "0"]
    assert issue_row(html, "停工、扣工资与调岗降薪")[1:] == ["1", "0", "+1", "1", "0", "0"]
    assert (
        "工伤认定申请期限" not in html.split('id="issues"', 1)[1].split("</section>", 1)[0]
    )  # last week only
    uncovered = html.split('id="uncovered-heading"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"<td>公积金</td><td class=\"num\">1</td>", uncovered)
    # The turns without issues (the heater gaps, the 👎) are still on the page.
    assert re.search(r'<td class="num count">50</td>', html) and "加班费怎么算才对" in html


def test_issue_csv(client, store, clock):
    seed(store, clock)
    rows = rows_of(client.get("/admin/insights/issues.csv?period=7d", headers=AUTH).content)
    assert rows[0][:6] == ["议题", "主题键", "知识库已覆盖", "本期（近 7 天）", "上期", "变化"]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["拖欠工资"][:6] == ["拖欠工资", "wage_arrears", "是", "3", "2", "1"]
    assert by_label["公积金"][:6] == ["公积金", "", "否", "1", "0", "1"]
    assert by_label["公积金"][6:] == ["0", "0", "0", "1"]  # answered, computed, needs_fact, not_covered
    assert [row[0] for row in rows[1:]][-1] == "公积金"  # uncovered ones last


def test_seeded_markup_is_escaped(client, store, clock):
    seed(store, clock)
    html = client.get("/admin/insights", headers=AUTH).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;宿舍没热水" in html
    )
    assert audit(html) == []


@pytest.mark.parametrize("period, label", [("24h", "近 24 小时"), ("30d", "近 30 天"), ("7天", "近 7 天")])
def test_dashboard_periods(client, store, clock, period, label):
    seed(store, clock)
    html = client.get(f"/admin/insights?period={period}", headers=AUTH).text
    assert label in html
    assert re.search(r'aria-current="page">近' + re.escape(label.replace(" ", "")[1:]), html)


def test_bad_period_is_a_readable_422(client):
    page = client.get("/admin/insights?period=forever", headers=AUTH)
    assert page.status_code == 422 and "时间范围“forever”无法识别" in page.text
    assert client.get("/admin/insights/daily.csv?period=1y", headers=AUTH).status_code == 422


def test_empty_dashboard(client):
    html = client.get("/admin/insights", headers=AUTH).text
    assert "没有待处理的知识缺口" in html and "还没有工单" in html and "本期没有差评" in html
    assert audit(html) == []


# -- actions --------------------------------------------------------------------------------------------


def test_handled_takes_the_whole_gap_group_off_the_queue(client, store, clock):
    seed(store, clock)
    [heater] = [g for g in summarise(store, timedelta(days=7), datetime.now(UTC), 0.6).gaps if g.count == 50]
    response = client.post(
        f"/admin/insights/gaps/{heater.key}/handled",
        data={"period": "30d"},
        headers=AUTH,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/insights?period=30d&notice=handled&n=50#gaps"
    assert [t.question for t in store.analytics.gap_candidates(0.6)] == [XSS]

    page = client.get(response.headers["location"], headers=AUTH).text
    assert "已将这组问题标记为已处理（50 条）" in page
    assert '<td class="num count">50</td>' not in page and page.count("/handled") == 1

    again = client.post(f"/admin/insights/gaps/{heater.key}/handled", headers=AUTH, follow_redirects=False)
    assert "notice=handled-none" in again.headers["location"]


def test_ticket_status_and_note_change(client, store, clock):
    numbers = seed(store, clock)
    number = numbers["pending"]
    response = client.post(
        f"/admin/insights/tickets/{number}",
        data={"status": "处理中", "staff_note": "已回电，预约周三面谈；回拨 13912345678", "period": "7d"},
        headers=AUTH,
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].endswith("#tickets")
    ticket = store.tickets.get(number)
    assert ticket.status == "处理中" and ticket.staff_note == "已回电，预约周三面谈；回拨 139****5678"
    page = client.get(response.headers["location"], headers=AUTH).text
    assert f"工单 {number} 已更新" in page and "已回电，预约周三面谈" in page
    assert "处理中（1）" in page

    in_progress = client.get("/admin/insights?ticket_status=处理中", headers=AUTH).text
    assert number in in_progress and numbers["other"] not in in_progress

    closed = client.post(
        f"/admin/insights/tickets/{number}",
        data={"status": "已办结", "back": "detail"},
        headers=AUTH,
        follow_redirects=False,
    )
    assert closed.headers["location"] == f"/admin/insights/tickets/{number}?notice=ticket"
    assert store.tickets.get(number).status == "已办结" and store.tickets.get(number).staff_note == ""


def test_ticket_update_errors_are_readable(client, store, clock):
    numbers = seed(store, clock)
    bad = client.post(f"/admin/insights/tickets/{numbers['pending']}", data={"status": "搁置"}, headers=AUTH)
    assert bad.status_code == 422 and "工单状态只能是：待处理、处理中、已办结" in bad.text
    missing = client.post("/admin/insights/tickets/GH20200101-0001", data={"status": "已办结"}, headers=AUTH)
    assert missing.status_code == 404 and "找不到工单 GH20200101-0001" in missing.text


def test_ticket_page_shows_the_full_phone_for_the_call_back(client, store, clock):
    numbers = seed(store, clock)
    page = client.get(f"/admin/insights/tickets/{numbers['pending']}", headers=AUTH)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'href="tel:13812345678"' in page.text and "张三" in page.text and "老板欠薪三个月" in page.text
    assert audit(page.text) == []
    assert client.get("/admin/insights/tickets/GH20200101-0001", headers=AUTH).status_code == 404


# -- CSV ------------------------------------------------------------------------------------------------


def test_every_table_exports_as_excel_friendly_csv(client, store, clock):
    seed(store, clock)
    for name in CSV_TABLES:
        response = client.get(f"/admin/insights/{name}.csv?period=7d", headers=AUTH)
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["cache-control"] == "no-store"
        disposition = response.headers["content-disposition"]
        assert (
            disposition.startswith(f'attachment; filename="{name}-7d-') and "filename*=UTF-8''" in disposition
        )
        assert len(rows_of(response.content)) >= 2, name


def test_csv_content(client, store, clock):
    numbers = seed(store, clock)
    gaps = rows_of(client.get("/admin/insights/gaps.csv", headers=AUTH).content)
    assert gaps[0][:3] == ["次数", "示例问题", "其他问法"]
    assert gaps[1][0] == "50" and "热水器" in gaps[1][1]
    assert gaps[2][1] == XSS  # CSV is data, not markup: kept as typed (redacted)

    tickets = rows_of(client.get("/admin/insights/tickets.csv", headers=AUTH).content)
    assert tickets[0][:5] == ["工单号", "诉求类别", "状态", "问题描述", "联系电话"]
    by_number = {row[0]: row for row in tickets[1:]}
    assert by_number[numbers["pending"]][4] == "138****5678"
    assert by_number[numbers["other"]][3] == "'=1+1 食堂太差"  # a formula would run in Excel
    assert "13812345678" not in client.get("/admin/insights/tickets.csv", headers=AUTH).content.decode(
        "utf-8"
    )

    downvotes = rows_of(client.get("/admin/insights/downvotes.csv", headers=AUTH).content)
    assert downvotes[1][1:] == ["加班费怎么算才对", "答：加班费怎么算才对", "已回答", "没讲节假日加班"]

    categories = rows_of(client.get("/admin/insights/categories.csv", headers=AUTH).content)
    assert categories[0] == ["分类", "本期（近 7 天）", "上期", "变化"]
    assert categories[1] == ["工资", "4", "0", "4"]

    pending_only = rows_of(
        client.get("/admin/insights/tickets.csv?ticket_status=待处理", headers=AUTH).content
    )
    assert len(pending_only) == 3  # both seeded tickets are still 待处理
    assert client.get("/admin/insights/secrets.csv", headers=AUTH).status_code == 404


# -- a database that cannot be read ---------------------------------------------------------------------


def test_unreadable_database_gives_a_503_page_not_a_crash(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    with Records(broken) as store:
        client = browser(make_app(tmp_path, store))
        page = client.get("/admin/insights", headers=AUTH)
        assert page.status_code == 503
        assert "出错了（503）" in page.text and "对话数据库暂时无法读取" in page.text
        assert audit(page.text) == []
        export = client.get("/admin/insights/gaps.csv", headers={**AUTH, **PROGRAM})
        assert export.status_code == 503 and export.json()["status"] == 503
        action = client.post("/admin/insights/gaps/1/handled", headers=AUTH)
        assert action.status_code == 503


def test_locked_database_gives_a_503_page(tmp_path, store, clock):
    import sqlite3

    seed(store, clock)
    path = tmp_path / "data" / "bot.sqlite3"
    store.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute(
        "PRAGMA journal_mode = DELETE"
    )  # a rollback-journal database: an exclusive lock blocks readers
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Records(path, busy_timeout_ms=50) as locked:
            page = browser(make_app(tmp_path, locked)).get("/admin/insights", headers=AUTH)
        assert page.status_code == 503 and "对话数据库暂时无法读取" in page.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- the whole app --------------------------------------------------------------------------------------


def test_whole_app_with_lifespan_shows_snippet_titles(tmp_path, built, monkeypatch):
    """With the lifespan running (tiny index, fake embedder), the dashboard uses the app's own store and
    shows the titles of cited snippets."""
    index_store, _ = built
    settings = Settings(
        admin_token=TOKEN,
        index_dir=index_store.root,
        data_dir=tmp_path / "data",
        knowledge_dir=tmp_path / "none",
    )
    app = create_app(settings, embedder=FakeEmbedder())
    with TestClient(app) as client:
        asked = client.post("/api/answer", json={"question": "老板拖欠工资怎么办"}).json()
        assert asked["status"] == "answered"
        html = client.get("/admin/insights", headers=AUTH).text
    title = next(c["title"] for c in asked["citations"])
    assert title in html and "<td>工资</td>" in html
