"""OpenAI-compatible chat completions: the same grounded answer, with `citations` on the response."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from bot.answering.answer import Answer
from bot.answering.spoken import speak
from bot.errors import QueryError
from bot.http.deps import AssistantDep, MetricsDep, RecordsDep, SettingsDep
from bot.http.schemas import ChatIn
from bot.http.service import pieces, run_answer

router = APIRouter()

MODEL_ID = "12351-assistant"


def chat_question(body: ChatIn, max_history: int) -> tuple[str, list[dict]]:
    """The last user message is the question; earlier user/assistant messages are the history."""
    turns = []
    for message in body.messages:
        content = message.content
        if isinstance(content, list):
            # Only string text parts count: a part like {"text": 5} must not turn into a 500.
            content = "".join(
                part["text"]
                for part in content
                if isinstance(part, dict) and isinstance(part.get("text"), str)
            )
        if message.role in ("user", "assistant") and isinstance(content, str):
            turns.append({"role": message.role, "content": content})
    if not turns or turns[-1]["role"] != "user":
        raise QueryError("messages 的最后一条必须是用户（user）的问题")
    history = turns[:-1]
    if len(history) > max_history:
        raise QueryError(f"对话历史太长，最多 {max_history} 轮")
    return turns[-1]["content"], history


def references(answer: Answer) -> str:
    """The numbered reference list appended to chat content."""
    if not answer.citations:
        return ""
    lines = [f"[{c.n}] {c.title}｜{c.source}（{c.region}）{c.url}" for c in answer.citations]
    return "\n\n参考资料：\n" + "\n".join(lines)


@router.post("/v1/chat/completions", tags=["openai"])
def chat_completions(
    body: ChatIn,
    assistant: AssistantDep,
    records: RecordsDep,
    metrics: MetricsDep,
    settings: SettingsDep,
):
    """OpenAI-compatible chat: the same grounded answer, with `citations` on the response (and stream).
    With `"spoken": true` the message content is the answer's phone version, for text-to-speech."""
    question, history = chat_question(body, settings.max_history_turns)
    answer, _, _ = run_answer(assistant, records, metrics, question, history)
    content = speak(answer).text if body.spoken else answer.text + references(answer)
    citations = [c.__dict__ for c in answer.citations]
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    model = body.model or MODEL_ID
    if not body.stream:
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "citations": citations,
                "status": answer.status,
            }
        )

    def chunk(delta: dict, finish: str | None = None, extra: dict | None = None) -> str:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **(extra or {}),
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        meta = {"citations": citations, "status": answer.status}
        yield chunk({"role": "assistant", "content": ""}, extra=meta)
        for piece in pieces(content):
            yield chunk({"content": piece})
        yield chunk({}, "stop", extra=meta)
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.get("/v1/models", tags=["openai"])
def list_models() -> dict:
    """The one model this server offers."""
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "12351"}],
    }
