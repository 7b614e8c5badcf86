"""The chat page in a real browser: Playwright driving Debian's Chromium against the real server process.

The server is started once per session on a free port, over an index of the repository's knowledge built
with the real model into a temporary folder. Screenshots go to test-output/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

from bot.records.store import Records

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BIN = PROJECT_ROOT / ".venv" / "bin"
OUTPUT = PROJECT_ROOT / "test-output"
PHONE = {"width": 360, "height": 740}
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)> 老板拖欠工资怎么办"
TICKET_NUMBER = re.compile(r"GH\d{8}-\d{4}")
CONSOLE_TOKEN = "browser-console-token"
# An answer is complete when its feedback buttons (or its error) appear; the stream itself takes well under
# a second, retrieval on a busy machine a few.
ANSWER_TIMEOUT_MS = 30_000

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    """Poll /readyz until the index is loaded; fail with the server log if the process dies or stalls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"server not ready after {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The real server (`bot serve`) over a freshly built index; yields (base_url, data_dir)."""
    root = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "BOT_INDEX_DIR": str(root / "index"),
        "BOT_DATA_DIR": str(root / "data"),
        "BOT_CONSOLE_TOKEN": CONSOLE_TOKEN,
    }
    build = subprocess.run(
        [str(BIN / "bot"), "index", "build", "--index", str(root / "index")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    port = free_port()
    log = root / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(BIN / "bot"), "serve", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process, log)
        yield base_url, root / "data"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What the page reported: JavaScript errors, CSP violations and dialogs (alert() from an injection)."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused" in text):
            self.errors.append(f"console: {text}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser, server):
    """A phone-sized page in a fresh context (empty localStorage) on the chat page."""
    base_url, _ = server
    context = browser.new_context(base_url=base_url, viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.watch = Watch(page)
    page.goto("/")
    yield page
    assert page.watch.errors == []
    assert page.watch.dialogs == []
    context.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def ask(page, question: str):
    """Type a question, send it with Enter, and return the bot message once the answer is complete."""
    before = page.locator("#log .turn").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    turn = page.locator("#log .turn").nth(before)
    bot = turn.locator(".msg-bot")
    bot.locator(".feedback, [role=alert]").first.wait_for()
    return bot


def saved_chat(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('bot12351.chat.v1')") or "null")


def store(data_dir: Path) -> Records:
    return Records(data_dir / "bot.sqlite3", read_only=True)


def test_ask_streams_an_answer_with_citations(page):
    with page.expect_response("**/api/answer/stream") as streamed:
        bot = ask(page, "老板拖欠工资怎么办？")
    response = streamed.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "event: delta" in response.text()
    assert "status-answered" in bot.get_attribute("class")
    assert bot.locator("a.cite").count() >= 1
    assert bot.locator("h3", has_text="法律依据").count() == 1
    assert page.locator("#suggestions").is_hidden()
    assert page.locator("#question").input_value() == ""
    assert page.locator("#log").get_attribute("aria-busy") == "false"


def test_suggested_question_chip_asks_it(page):
    chip = page.locator("#suggestions button.chip", has_text="产假有多少天？")
    chip.click()
    bot = page.locator("#log .turn .msg-bot").first
    bot.locator(".feedback").wait_for()
    assert page.locator("#log .question-text").first.inner_text() == "产假有多少天？"
    assert bot.locator("a.cite").count() >= 1


def test_citation_opens_panel_with_passage_and_source_link(page):
    bot = ask(page, "试用期最长可以定多久？")
    marker = bot.locator("a.cite").first
    marker.click()
    panel = page.locator("#cite-panel")
    panel.wait_for(state="visible")
    chat = saved_chat(page)
    citation = chat["turns"][-1]["citations"][0]
    assert page.locator("#cite-title").inner_text() == f"[{citation['n']}] {citation['title']}"
    assert page.locator("#cite-text").inner_text().strip()
    assert page.locator("#cite-source").inner_text() == citation["source"]
    assert page.locator("#cite-region").inner_text() == citation["region"]
    assert page.locator("#cite-effective").inner_text() == citation["effective"]
    link = page.locator("#cite-link")
    assert link.get_attribute("href") == f"/sources/{citation['id']}"
    # Escape closes the panel and puts focus back on the marker.
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('cite')")
    marker.click()
    panel.wait_for(state="visible")
    link.click()
    page.wait_for_url(f"**/sources/{citation['id']}")
    assert page.locator("h1").inner_text() == citation["title"]


def test_thumbs_up_is_stored(page, server):
    _, data_dir = server
    bot = ask(page, "加班费怎么算？")
    bot.get_by_role("button", name="有帮助", exact=True).click()
    bot.locator(".feedback-status", has_text="谢谢").wait_for()
    turn = saved_chat(page)["turns"][-1]
    assert turn["rating"] == "up"
    with store(data_dir) as conversations:
        stored = [f for f in conversations.feedback.list("up") if f.turn_id == turn["turn_id"]]
    assert len(stored) == 1 and stored[0].session_id == saved_chat(page)["session_id"]


def test_thumbs_down_asks_for_a_comment_and_stores_it(page, server):
    _, data_dir = server
    bot = ask(page, "怎样申请加入工会？")
    bot.get_by_role("button", name="没帮助", exact=True).click()
    comment = bot.get_by_label("哪里不对或不清楚？（选填）")
    comment.fill("没说网上怎么申请")
    bot.get_by_role("button", name="提交评价").click()
    bot.locator(".feedback-status", has_text="没帮助").wait_for()
    turn_id = saved_chat(page)["turns"][-1]["turn_id"]
    with store(data_dir) as conversations:
        stored = [f for f in conversations.feedback.list("down") if f.turn_id == turn_id]
    assert [f.comment for f in stored] == ["没说网上怎么申请"]


def test_handoff_form_shows_ticket_number(page, server):
    _, data_dir = server
    page.locator(".site-header a.handoff-open").click()
    assert page.locator("#handoff-details").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "handoff-category"
    page.get_by_label("诉求类别").select_option("法律援助")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("称呼").fill("陈先生")
    page.get_by_label("问题描述").fill("单位拖欠三个月工资，想请工会帮忙")
    page.get_by_role("button", name="提交，等待回电").click()
    result = page.locator("#handoff-result")
    result.wait_for(state="visible")
    number = TICKET_NUMBER.search(result.inner_text()).group(0)
    assert result.locator(".ticket-number").inner_text() == number
    assert page.locator("#log .ticket-number").inner_text() == number
    with Records(data_dir / "bot.sqlite3") as conversations:
        ticket = conversations.tickets.get(number)
    assert (ticket.category, ticket.phone, ticket.name) == ("法律援助", "13812345678", "陈先生")


def test_handoff_form_shows_server_errors(page):
    page.locator(".site-header a.handoff-open").click()
    page.get_by_label("诉求类别").select_option("问题咨询")
    page.get_by_label("联系电话").fill("12345")
    page.get_by_label("问题描述").fill("想咨询入会")
    page.get_by_role("button", name="提交，等待回电").click()
    error = page.locator("#handoff-error")
    error.wait_for(state="visible")
    assert "联系电话格式不正确" in error.inner_text()
    assert page.locator("#handoff-result").is_hidden()


def test_no_match_offers_handoff_prefilled(page):
    """The stream is replaced with a canned no_match answer, so the test does not depend on the knowledge."""
    meta = {"status": "no_match", "confidence": 0.3, "citations": [], "session_id": "s1", "turn_id": None}
    text = "抱歉，知识库里暂时没有能准确回答这个问题的内容。建议点击“转人工”。"
    body = (
        f"event: meta\ndata: {json.dumps(meta, ensure_ascii=False)}\n\n"
        f"event: delta\ndata: {json.dumps({'text': text}, ensure_ascii=False)}\n\n"
        f"event: done\ndata: {json.dumps({'answer': text}, ensure_ascii=False)}\n\n"
    )
    page.route(
        "**/api/answer/stream",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body.encode()),
    )
    page.fill("#question", "外籍员工的工作签证怎么办")
    page.press("#question", "Enter")
    bot = page.locator("#log .msg-bot.status-no_match")
    button = bot.get_by_role("link", name="转人工")
    button.wait_for()
    assert bot.locator(".status-tag").inner_text() == "暂未找到可靠依据"
    button.click()
    assert page.locator("#handoff-details").get_attribute("open") is not None
    assert page.get_by_label("问题描述").input_value() == "外籍员工的工作签证怎么办"


def test_refusal_is_styled_as_a_notice(page):
    bot = ask(page, "今天天气怎么样？")
    assert "status-out_of_scope" in bot.get_attribute("class")
    assert bot.locator(".status-tag").inner_text() == "不在服务范围"
    assert bot.locator("a.cite").count() == 0
    background = bot.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background != "rgb(255, 255, 255)"


def test_xss_payload_renders_inert(page):
    ask(page, XSS)
    assert page.locator("#log .question-text").first.inner_text() == XSS
    assert page.locator("#log img").count() == 0
    assert page.locator("#log script").count() == 0
    page.reload()
    page.locator("#log .question-text").first.wait_for()
    assert page.locator("#log .question-text").first.inner_text() == XSS
    assert page.locator("img").count() == 0
    # The fixture asserts that no dialog fired and nothing broke the CSP.


def test_conversation_survives_reload_and_new_chat_clears_it(page):
    ask(page, "年休假有几天？")
    answer_text = page.locator("#log .answer").first.inner_text()
    page.reload()
    page.locator("#log .turn").first.wait_for()
    assert page.locator("#log .question-text").first.inner_text() == "年休假有几天？"
    assert page.locator("#log .answer").first.inner_text() == answer_text
    assert page.locator("#suggestions").is_hidden()
    page.locator("#log a.cite").first.click()  # citations still open after a reload
    page.locator("#cite-panel").wait_for(state="visible")
    page.keyboard.press("Escape")
    session = saved_chat(page)["session_id"]
    follow_up = ask(page, "那工作满十年呢？")
    assert follow_up.locator(".answer").inner_text()
    assert saved_chat(page)["session_id"] == session
    page.get_by_role("link", name="新对话").click()
    assert page.locator("#log .turn").count() == 0
    assert page.locator("#suggestions").is_visible()
    assert saved_chat(page) is None
    page.reload()
    assert page.locator("#log .turn").count() == 0
    assert page.locator("#suggestions").is_visible()


def test_large_text_toggle_is_persisted(page):
    button = page.get_by_role("button", name="大字")
    size = "parseFloat(getComputedStyle(document.querySelector('.tagline')).fontSize)"
    normal = page.evaluate(size)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(size) >= normal * 1.2
    page.reload()
    assert page.evaluate(size) >= normal * 1.2
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="大字").click()
    assert page.evaluate(size) == normal


def test_keyboard_use(page):
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return [el.className, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert focused[0] == "skip-link" and focused[1] == "solid" and focused[2] >= 2
    page.locator("#question").focus()
    page.keyboard.type("第一行")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("第二行")
    assert page.locator("#question").input_value() == "第一行\n第二行"
    assert page.locator("#log .turn").count() == 0  # Shift+Enter does not send
    page.fill("#question", "工伤认定要在多长时间内申请？")
    page.keyboard.press("Enter")
    page.locator("#log .feedback").first.wait_for()
    # A marker is reachable with Tab and opens the panel with Enter.
    page.locator("#log a.cite").first.focus()
    page.keyboard.press("Enter")
    page.locator("#cite-panel").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "cite-panel"


def test_page_works_without_javascript(browser, server):
    base_url, _ = server
    context = browser.new_context(base_url=base_url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.fill("#question", "单位一直不跟我签劳动合同怎么办？")
    page.click("#send")
    page.wait_for_load_state()
    assert page.locator("#log .question-text").inner_text() == "单位一直不跟我签劳动合同怎么办？"
    link = page.locator("#log a.cite").first
    href = link.get_attribute("href")
    assert href.startswith("/sources/")
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text()
    context.close()


def test_phone_screenshots(page, output_dir):
    """360 px wide: nothing overflows sideways; screenshots of the empty page, an answer and the panel."""
    width = "document.documentElement.scrollWidth"
    page.screenshot(path=str(output_dir / "chat-360-empty.png"))
    assert page.evaluate(width) <= PHONE["width"]
    ask(page, "老板拖欠工资怎么办？")
    page.locator("#log .turn").first.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "chat-360-answer.png"))
    page.screenshot(path=str(output_dir / "chat-360-answer-full.png"), full_page=True)
    assert page.evaluate(width) <= PHONE["width"]
    page.locator("#log a.cite").first.click()
    page.locator("#cite-panel").wait_for(state="visible")
    page.screenshot(path=str(output_dir / "chat-360-citation.png"))
    page.keyboard.press("Escape")
    refusal = ask(page, "今天天气怎么样？")
    refusal.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "chat-360-refusal.png"))
    page.locator(".site-header a.handoff-open").click()
    page.screenshot(path=str(output_dir / "chat-360-handoff.png"))
    page.get_by_role("button", name="大字").click()
    page.locator("#log .turn").first.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "chat-360-large-text.png"))
    assert page.evaluate(width) <= PHONE["width"]
    for name in ("empty", "answer", "citation", "refusal", "handoff", "large-text"):
        assert (output_dir / f"chat-360-{name}.png").stat().st_size > 10_000


def test_desktop_layout_puts_the_citation_panel_at_the_side(browser, server, output_dir):
    base_url, _ = server
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto("/")
    ask(page, "带薪年休假有几天？")
    page.locator("#log a.cite").first.click()
    panel = page.locator("#cite-panel")
    panel.wait_for(state="visible")
    box = panel.bounding_box()
    assert box["x"] >= 1280 - box["width"] - 1 and box["height"] == 800
    answer = page.locator("#log .msg-bot").first.bounding_box()
    assert answer["x"] + answer["width"] <= box["x"]  # the panel sits beside the answer, not over it
    page.screenshot(path=str(output_dir / "chat-desktop-citation.png"))
    context.close()


def test_server_error_is_shown_and_the_question_kept(page):
    body = json.dumps({"ok": False, "error": "索引尚未加载，服务暂不可用", "status": 503}, ensure_ascii=False)
    page.route(
        "**/api/answer/stream",
        lambda route: route.fulfill(status=503, content_type="application/json", body=body.encode()),
    )
    bot = ask(page, "年休假有几天？")
    assert "status-error" in bot.get_attribute("class")
    assert bot.get_by_role("alert").inner_text() == "索引尚未加载，服务暂不可用"
    assert page.locator("#question").input_value() == "年休假有几天？"
    assert page.locator("#send").is_enabled()


# --- 计算器 panel ----------------------------------------------------------------------------------------


def open_calculator(page, key: str):
    """Jump to the panel from the header and open one calculator's form."""
    page.locator(".site-header a[href='#calculator']").click()
    panel = page.locator(f"#calc-{key}")
    panel.locator("summary").click()
    return panel


def test_calculator_severance_form_shows_the_figure_and_cited_steps(page):
    panel = open_calculator(page, "severance")
    page.get_by_label("工作年数").fill("3")
    page.get_by_label("另加月数").fill("2")
    panel.get_by_role("textbox", name="月工资").fill("5000")
    with page.expect_response("**/api/calculate/severance") as calculated:
        panel.get_by_role("button", name="计算").click()
    assert calculated.value.status == 200
    result = panel.locator(".calc-result")
    result.locator(".calc-figure").wait_for()
    assert result.locator(".calc-figure").inner_text() == "3.5 个月，17,500 元"
    assert "经济补偿＝3.5个月×5000元＝17500元" in result.locator(".calc-formula").inner_text()
    steps = result.locator(".calc-steps li")
    assert steps.count() == 2 and "第四十七条" in steps.first.inner_text()
    assert panel.locator(".calc-error").is_hidden()
    # A step's [n] opens the cited passage in the panel, as in answers.
    marker = steps.first.locator("a.cite")
    assert marker.get_attribute("href") == "/sources/contract-severance-formula"
    marker.click()
    page.locator("#cite-panel").wait_for(state="visible")
    assert page.locator("#cite-title").inner_text().startswith("[1] 经济补偿怎么算")
    page.keyboard.press("Escape")
    # The other choice in the same form: 2N.
    panel.get_by_label("违法解除：赔偿金（2N）").check()
    panel.get_by_role("button", name="计算").click()
    result.locator(".calc-result-title", has_text="违法解除赔偿金").wait_for()
    assert result.locator(".calc-figure").inner_text() == "7 个月，35,000 元"


def test_calculator_bad_value_shows_a_chinese_error(page):
    panel = open_calculator(page, "severance")
    page.get_by_label("工作年数").fill("300")
    panel.get_by_role("textbox", name="月工资").fill("5000")
    panel.get_by_role("button", name="计算").click()
    error = panel.locator(".calc-error")
    error.wait_for(state="visible")
    assert "工作年数" in error.inner_text() and "不能大于60" in error.inner_text()
    assert panel.locator(".calc-result").is_hidden()
    # Corrected, the error goes and the figure comes.
    page.get_by_label("工作年数").fill("3")
    panel.get_by_role("button", name="计算").click()
    panel.locator(".calc-figure").wait_for()
    assert error.is_hidden()
    assert panel.locator(".calc-figure").inner_text() == "3 个月，15,000 元"


def test_calculator_on_a_phone(page, output_dir):
    """360 px: nothing overflows sideways; screenshots of the panel, a result and an error."""
    width = "document.documentElement.scrollWidth"
    panel = open_calculator(page, "maternity_leave")
    panel.get_by_label("地区").select_option("广东省")
    panel.get_by_role("button", name="计算").click()
    panel.locator(".calc-figure").wait_for()
    assert panel.locator(".calc-figure").inner_text() == "178 天"
    assert panel.locator(".calc-steps a.cite").count() >= 2
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "calc-360-maternity.png"))
    assert page.evaluate(width) <= PHONE["width"]
    severance = open_calculator(page, "severance")
    page.get_by_label("工作年数").fill("3")
    page.get_by_label("另加月数").fill("2")
    severance.get_by_role("textbox", name="月工资").fill("5000")
    severance.get_by_role("button", name="计算").click()
    severance.locator(".calc-figure").wait_for()
    severance.locator(".calc-result").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "calc-360-severance.png"))
    severance.screenshot(path=str(output_dir / "calc-360-severance-form.png"))
    assert page.evaluate(width) <= PHONE["width"]
    severance.get_by_role("textbox", name="月工资").fill("-5000")
    severance.get_by_role("button", name="计算").click()
    severance.locator(".calc-error").wait_for(state="visible")
    severance.locator(".calc-error").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "calc-360-error.png"))
    assert page.evaluate(width) <= PHONE["width"]
    for name in ("maternity", "severance", "severance-form", "error"):
        assert (output_dir / f"calc-360-{name}.png").stat().st_size > 10_000


def test_calculator_works_without_javascript(browser, server):
    base_url, _ = server
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, java_script_enabled=False, locale="zh-CN"
    )
    page = context.new_page()
    page.goto("/")
    panel = page.locator("#calc-severance")
    panel.locator("summary").click()
    page.get_by_label("工作年数").fill("3")
    page.get_by_label("另加月数").fill("2")
    panel.get_by_role("textbox", name="月工资").fill("5000")
    panel.get_by_role("button", name="计算").click()
    page.wait_for_url("**/calculator#calc-severance")
    panel = page.locator("#calc-severance")
    assert panel.get_attribute("open") is not None
    assert panel.locator(".calc-figure").inner_text() == "3.5 个月，17,500 元"
    assert page.get_by_label("工作年数").input_value() == "3"
    href = panel.locator(".calc-steps a.cite").first.get_attribute("href")
    # A bad value comes back in the form, in Chinese.
    panel.get_by_role("textbox", name="月工资").fill("-5000")
    panel.get_by_role("button", name="计算").click()
    page.wait_for_load_state()
    error = page.locator("#calc-severance .calc-error")
    assert error.is_visible() and "月工资" in error.inner_text() and "必须大于0" in error.inner_text()
    assert page.locator("#calc-severance .calc-figure").count() == 0
    page.goto(href)
    assert "经济补偿" in page.locator("h1").inner_text()
    context.close()


def test_api_docs_work_offline_under_the_csp(browser, server):
    """/docs draws the API from local assets only: nothing is fetched from another origin, no CSP violation."""
    base_url, _ = server
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    watch = Watch(page)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("/docs")
    page.locator(".opblock-summary-path", has_text="/api/answer").first.wait_for()
    assert fetched and all(url.startswith(base_url) or url.startswith("data:") for url in fetched), fetched
    assert watch.errors == [] and watch.dialogs == []
    context.close()


def test_saved_questions_are_masked_and_dropped_after_a_day(page):
    """localStorage keeps questions masked like the server's records, and forgets them after 24 hours."""
    ask(page, "我的电话13812345678，老板拖欠工资怎么办？")
    saved = saved_chat(page)
    assert saved["turns"][0]["question"] == "我的电话138****5678，老板拖欠工资怎么办？"
    assert "13812345678" not in json.dumps(saved, ensure_ascii=False)
    assert page.locator("#log .question-text").first.inner_text().startswith("我的电话13812345678")
    page.evaluate(
        """() => {
        const saved = JSON.parse(localStorage.getItem('bot12351.chat.v1'));
        saved.saved_at = Date.now() - 25 * 3600 * 1000;
        localStorage.setItem('bot12351.chat.v1', JSON.stringify(saved));
    }"""
    )
    page.reload()
    assert saved_chat(page) is None and page.locator("#log .turn").count() == 0


# --- 🔊 朗读 (issue 17) --------------------------------------------------------------------------------

# The page's speech synthesis replaced by a recorder: Chromium headless has no voices, and a test must not
# depend on the machine's. `voices` is the list the stub offers.
SPEECH_STUB = """
(() => {
  const voices = %s;
  window.__spoken = [];
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; } }
  const listeners = {};
  const synth = {
    speaking: false,
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }); },
    cancel: () => {},
    addEventListener: (name, fn) => { (listeners[name] = listeners[name] || []).push(fn); },
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
})();
"""
CHINESE_VOICE = (
    '[{"name": "测试中文", "lang": "zh-CN", "default": true, "localService": true, "voiceURI": "zh"}]'
)
ENGLISH_VOICE = '[{"name": "Test", "lang": "en-US", "default": true, "localService": true, "voiceURI": "en"}]'


def speech_page(browser, server, voices: str):
    base_url, _ = server
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="zh-CN")
    context.add_init_script(SPEECH_STUB % voices)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.watch = Watch(page)
    page.goto("/")
    return context, page


def test_read_aloud_speaks_the_spoken_text_in_the_browser(browser, server):
    context, page = speech_page(browser, server, CHINESE_VOICE)
    bot = ask(page, "工作5年被辞退了，月工资8000元，能拿多少补偿？")
    spoken = saved_chat(page)["turns"][-1]["spoken"]
    assert spoken and "[" not in spoken and "八万元" in spoken
    button = bot.get_by_role("button", name="朗读")
    assert button.is_visible()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    button.click()
    assert page.evaluate("window.__spoken") == [{"text": spoken, "lang": "zh-CN", "voice": "测试中文"}]
    assert requests == []  # the browser speaks by itself: no server call
    assert button.get_attribute("aria-pressed") == "true"
    button.click()  # pressed again: stops
    assert button.get_attribute("aria-pressed") == "false"
    assert page.watch.errors == [] and page.watch.dialogs == []
    context.close()


def test_read_aloud_is_hidden_without_a_chinese_voice(browser, server):
    context, page = speech_page(browser, server, ENGLISH_VOICE)
    bot = ask(page, "产假有多少天？")
    assert bot.locator(".speak-btn").count() == 1 and bot.locator(".speak-btn").is_hidden()
    context.close()


# --- 坐席工作台 /console (issue 17) ---------------------------------------------------------------------

CALL_NOTES = (
    "来电职工，女，在揭阳一家电子厂。说做了三年两个月，月工资5000元，一直没签劳动合同，"
    "上个月被厂里辞退了，加班费也没给。问能赔多少。来电号码13912345678。"
)
TABLET = {"width": 820, "height": 1180}


def console_page(browser, server, viewport):
    """A signed-in console page at `viewport`."""
    base_url, _ = server
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.watch = Watch(page)
    page.goto("/console")
    page.get_by_label("坐席工号或姓名").fill("坐席 A01")
    page.get_by_label("坐席令牌").fill(CONSOLE_TOKEN)
    page.get_by_role("button", name="登录").click()
    page.locator("#notes").wait_for()
    return context, page


def type_notes(page, text: str) -> None:
    """Type like a caseworker (the debounce runs), then wait for the analysis of the whole text."""
    with page.expect_response("**/api/console/suggest") as done:
        page.locator("#notes").press_sequentially(text[:20], delay=5)
        page.locator("#notes").fill(text)
    assert done.value.status == 200
    page.locator("#analyse-status", has_text="已分析").wait_for()
    # Locators, not wait_for_function: polling a string predicate needs eval, which the page's CSP forbids.
    page.locator("#analyse-status", has_text=f"{len(text)} 字").wait_for()


def test_console_at_1280_suggests_prefills_recomputes_and_files_a_ticket(browser, server, output_dir):
    context, page = console_page(browser, server, {"width": 1280, "height": 800})
    # Ready to type on arrival (the script focuses the notes once it has run; wait for it on a busy machine).
    page.locator("#notes:focus").wait_for(timeout=10000)
    type_notes(page, CALL_NOTES)
    issues = page.locator("#issues li")
    assert issues.count() >= 2 and "违法辞退" in page.locator("#issues").inner_text()
    assert "5000元" in page.locator("#facts").inner_text() and "揭阳市" in page.locator("#facts").inner_text()
    assert page.locator("#answers a.cite").count() >= 1 and "口播" in page.locator("#answers").inner_text()
    assert page.locator("#ticket-category").input_value() == "法律援助"
    assert "依据" in page.locator("#ticket-summary").input_value()
    # The two panes sit side by side at 1280 px, nothing overflows.
    notes_box = page.locator(".notes-pane").bounding_box()
    suggest_box = page.locator(".suggest-pane").bounding_box()
    assert notes_box["x"] + notes_box["width"] <= suggest_box["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(output_dir / "console-1280.png"))
    page.screenshot(path=str(output_dir / "console-1280-full.png"), full_page=True)

    # A prefilled figure is edited and recomputed through the calculators API.
    card = page.locator(".calc-card", has=page.locator("h4", has_text="经济补偿"))
    wage = card.get_by_label("月工资", exact=True)
    assert wage.input_value() == "5000"
    assert "17,500 元" in card.locator(".calc-figure").inner_text()
    wage.fill("6000")
    with page.expect_response("**/api/calculate/severance") as recomputed:
        card.get_by_role("button", name="重算").click()
    assert recomputed.value.status == 200
    card.locator(".calc-figure", has_text="21,000 元").wait_for()

    # Keyboard only: Alt+T without a phone says what is wrong; with one, the ticket is filed.
    page.keyboard.press("Alt+t")
    page.locator("#close-result.error").wait_for()
    assert "电话" in page.locator("#close-result").inner_text()
    page.locator("#caller-phone").fill("13912345678")
    page.keyboard.press("Alt+t")
    link = page.locator("#close-result a")
    link.wait_for()
    assert "139****5678" in link.inner_text() and TICKET_NUMBER.search(link.inner_text())
    page.screenshot(path=str(output_dir / "console-1280-ticket.png"))
    link.click()
    page.locator("h1", has_text="工单").wait_for()
    assert "13912345678" in page.locator(".facts").inner_text()  # in full on the ticket page only
    assert "13912345678" not in page.locator(".description").inner_text()  # notes were redacted
    page.screenshot(path=str(output_dir / "console-ticket-page.png"), full_page=True)
    assert page.watch.errors == [] and page.watch.dialogs == []
    context.close()


def test_console_on_a_tablet_keeps_both_panes_and_resolves_by_keyboard(browser, server, output_dir):
    context, page = console_page(browser, server, TABLET)
    type_notes(page, "工作了两年，公司一直拖欠工资，三个月没发了，怎么办？")
    notes_box = page.locator(".notes-pane").bounding_box()
    suggest_box = page.locator(".suggest-pane").bounding_box()
    assert notes_box["x"] + notes_box["width"] <= suggest_box["x"]  # suggestions stay in sight while typing
    assert page.locator("#issues li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    page.screenshot(path=str(output_dir / "console-tablet.png"))
    page.screenshot(path=str(output_dir / "console-tablet-full.png"), full_page=True)
    # In a narrow window the panes stack, notes first.
    page.set_viewport_size({"width": 600, "height": 900})
    notes_box = page.locator(".notes-pane").bounding_box()
    assert page.locator(".suggest-pane").bounding_box()["y"] >= notes_box["y"] + notes_box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 600
    page.set_viewport_size(TABLET)
    page.keyboard.press("Alt+s")
    assert page.evaluate("document.activeElement.id") == "suggestions"
    page.keyboard.press("Alt+r")
    page.locator("#close-result", has_text="当场解决").wait_for()
    page.keyboard.press("Alt+Shift+N")
    assert (
        page.locator("#notes").input_value() == "" and page.evaluate("document.activeElement.id") == "notes"
    )
    assert page.watch.errors == [] and page.watch.dialogs == []
    context.close()
