"""The whole app on the fake embedder (fast run): answers, the stream, the OpenAI endpoint, the chat page."""

from __future__ import annotations

import json

pytest_plugins = ["support.app_fixtures"]

QUESTION = "老板拖欠工资怎么办"


def test_answer_has_sections_citations_and_text(real_fake_client):
    body = real_fake_client.post("/api/answer", json={"question": QUESTION}).json()
    assert body["status"] == "answered" and body["citations"] and body["session_id"]
    kinds = [s["kind"] for s in body["sections"]]
    assert kinds[0] == "direct" and kinds[-1] == "help" and "basis" in kinds
    assert body["answer"].endswith(body["sections"][-1]["lines"][0]["parts"][0]["text"])


def events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_stream_sends_sections_first_then_the_text(real_fake_client):
    response = real_fake_client.post("/api/answer/stream", json={"question": QUESTION})
    assert response.headers["content-type"].startswith("text/event-stream")
    stream = events(response.text)
    (first, meta), (last, done) = stream[0], stream[-1]
    assert first == "meta" and meta["sections"] and "answer" not in meta
    assert last == "done" and "".join(d["text"] for e, d in stream if e == "delta") == done["answer"]


def test_openai_endpoint_plain_and_streamed(real_fake_client):
    messages = [{"role": "user", "content": QUESTION}]
    plain = real_fake_client.post("/v1/chat/completions", json={"messages": messages}).json()
    content = plain["choices"][0]["message"]["content"]
    assert "参考资料" in content and plain["citations"]
    streamed = real_fake_client.post("/v1/chat/completions", json={"messages": messages, "stream": True})
    chunks = [json.loads(line[6:]) for line in streamed.text.split("\n\n") if line.startswith("data: {")]
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == content


def test_chat_page_without_javascript(real_fake_client):
    empty = real_fake_client.get("/")
    assert empty.status_code == 200 and "请直接描述" not in empty.text
    page = real_fake_client.post("/", data={"question": QUESTION})
    assert page.status_code == 200 and '<a class="cite"' in page.text and "法律依据" in page.text
