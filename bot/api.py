"""JSON API: answers, search, sources, OpenAI-compatible chat, health and metrics."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from bot.answer import Answer
from bot.deps import AssistantDep, ConversationsDep, MetricsDep, SettingsDep
from bot.errors import NotFoundError, QueryError
from bot.metrics import CONTENT_TYPE
from bot.schemas import (
    AnswerIn,
    AnswerOut,
    ChatIn,
    FeedbackIn,
    FeedbackOut,
    HandoffIn,
    HandoffOut,
    SearchIn,
    SearchOut,
    SourceOut,
)

router = APIRouter()

MODEL_ID = "12351-assistant"
# Characters per streamed piece: small enough to look live, large enough to keep event count low.
STREAM_PIECE = 12


def answer_payload(answer: Answer, session_id: str, turn_id: int | None) -> dict:
    """The JSON body of an answer (shared by /api/answer, its stream and the pages)."""
    return {
        "status": answer.status,
        "answer": answer.text,
        "confidence": answer.confidence,
        "citations": [c.__dict__ for c in answer.citations],
        "session_id": session_id,
        "turn_id": turn_id,
    }


def run_answer(
    assistant: AssistantDep,
    conversations: ConversationsDep,
    metrics: MetricsDep,
    question: str,
    history: list[dict],
    session_id: str | None = None,
    region: str | None = None,
) -> tuple[Answer, str, int | None]:
    """Answer with the given history (or the session's), log the turn, count the status."""
    if not history and session_id:
        history = conversations.history(session_id)
    session_id = session_id or uuid.uuid4().hex
    started = time.perf_counter()
    answer = assistant.answer(question, history, region)
    turn_id = conversations.log_turn(
        session_id=session_id,
        question=question,
        status=answer.status,
        category=answer.category,
        cited_ids=[c.id for c in answer.citations],
        confidence=answer.confidence,
        latency_ms=(time.perf_counter() - started) * 1000,
        answer=answer.text,
    )
    metrics.observe_answer(answer.status)
    return answer, session_id, turn_id


def answer_request(body: AnswerIn, assistant, conversations, metrics) -> tuple[Answer, str, int | None]:
    """run_answer for an AnswerIn body."""
    history = [t.model_dump() for t in body.history]
    return run_answer(assistant, conversations, metrics, body.question, history, body.session_id, body.region)


@router.post("/api/answer", response_model=AnswerOut, tags=["answers"])
def post_answer(
    body: AnswerIn, assistant: AssistantDep, conversations: ConversationsDep, metrics: MetricsDep
) -> dict:
    """Answer a worker's question with citations; `history` or `session_id` carries follow-ups."""
    answer, session_id, turn_id = answer_request(body, assistant, conversations, metrics)
    return answer_payload(answer, session_id, turn_id)


@router.post("/api/answer/stream", tags=["answers"], response_class=StreamingResponse)
def post_answer_stream(
    body: AnswerIn, assistant: AssistantDep, conversations: ConversationsDep, metrics: MetricsDep
) -> StreamingResponse:
    """The same answer as server-sent events: `meta` (status, citations), `delta` pieces, then `done`."""
    answer, session_id, turn_id = answer_request(body, assistant, conversations, metrics)
    payload = answer_payload(answer, session_id, turn_id)

    def events() -> Iterator[str]:
        meta = {k: v for k, v in payload.items() if k != "answer"}
        yield f"event: meta\ndata: {json.dumps(meta, ensure_ascii=False)}\n\n"
        for piece in pieces(answer.text):
            yield f"event: delta\ndata: {json.dumps({'text': piece}, ensure_ascii=False)}\n\n"
        yield f"event: done\ndata: {json.dumps({'answer': answer.text}, ensure_ascii=False)}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def pieces(text: str, size: int = STREAM_PIECE) -> list[str]:
    """Split text into stream pieces, never inside a [n] marker."""
    out: list[str] = []
    current = ""
    for ch in text:
        current += ch
        if len(current) >= size and "[" not in current[current.rfind("]") + 1 :]:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


@router.post("/api/search", response_model=SearchOut, tags=["search"])
def post_search(body: SearchIn, assistant: AssistantDep) -> dict:
    """Ranked passages for a query (fused dense + lexical), with optional region and category filters."""
    result = assistant.retriever.search(body.query, k=body.k, region=body.region, category=body.category)
    return {
        "query": result.query,
        "top_dense": round(result.top_dense, 4),
        "hits": [
            {
                "rank": rank,
                "id": h.chunk.snippet_id,
                "chunk_id": h.chunk.id,
                "title": h.chunk.title,
                "source": h.chunk.source,
                "region": h.chunk.region,
                "category": h.chunk.category,
                "text": h.chunk.text,
                "score": round(h.score, 6),
                "dense": round(h.dense, 4),
                "lexical_rank": h.lexical_rank,
            }
            for rank, h in enumerate(result.hits, start=1)
        ],
    }


def source_record(assistant: AssistantDep, snippet_id: str) -> dict:
    """A snippet rebuilt from its chunks; NotFoundError for an unknown id."""
    chunks = assistant.retriever.index.snippet_chunks(snippet_id)
    if not chunks:
        raise NotFoundError(f"找不到编号为“{snippet_id}”的知识条目")
    first = chunks[0]
    return {
        "id": first.snippet_id,
        "title": first.title,
        "category": first.category,
        "region": first.region,
        "source": first.source,
        "effective": first.effective,
        "body": "\n".join(c.text for c in chunks),
        "steps": list(first.steps),
        "url": f"/sources/{first.snippet_id}",
    }


@router.get("/api/sources/{snippet_id}", response_model=SourceOut, tags=["sources"])
def get_source(snippet_id: str, assistant: AssistantDep) -> dict:
    """One knowledge snippet: title, region, source, effective date, body."""
    return source_record(assistant, snippet_id)


@router.post("/api/feedback", response_model=FeedbackOut, tags=["feedback"])
def post_feedback(body: FeedbackIn, conversations: ConversationsDep) -> dict:
    """Store 👍/👎 (and an optional comment) on one answer of a session."""
    feedback_id = conversations.add_feedback(body.turn_id, body.session_id, body.rating, body.comment)
    return {"ok": True, "id": feedback_id}


@router.post("/api/handoff", response_model=HandoffOut, tags=["feedback"])
def post_handoff(body: HandoffIn, conversations: ConversationsDep) -> dict:
    """Open a hand-off ticket (转人工); union staff call the worker back."""
    ticket = conversations.create_ticket(body.category, body.description, body.phone, body.name)
    return {
        "ok": True,
        "ticket": ticket.number,
        "status": ticket.status,
        "message": handoff_message(ticket.number),
    }


def handoff_message(number: str) -> str:
    """What the worker is told after a hand-off."""
    return f"已为您转人工，工单号 {number}。工会工作人员会尽快与您联系；紧急情况请直接拨打 12351。"


# --- OpenAI-compatible chat ---------------------------------------------------------------------------


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
    conversations: ConversationsDep,
    metrics: MetricsDep,
    settings: SettingsDep,
):
    """OpenAI-compatible chat: the same grounded answer, with `citations` on the response (and stream)."""
    question, history = chat_question(body, settings.max_history_turns)
    answer, _, _ = run_answer(assistant, conversations, metrics, question, history)
    content = answer.text + references(answer)
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


# --- operations ---------------------------------------------------------------------------------------


@router.get("/healthz", tags=["ops"])
def healthz() -> dict:
    """Liveness: the process answers."""
    return {"ok": True}


@router.get("/readyz", tags=["ops"])
def readyz(request: Request) -> JSONResponse:
    """Readiness: the index is loaded."""
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        return JSONResponse({"ok": False, "error": "索引尚未加载", "status": 503}, status_code=503)
    return JSONResponse(
        {
            "ok": True,
            "index_version": request.app.state.reloader.version,
            "chunks": assistant.retriever.index.count(),
        }
    )


@router.get("/metrics", tags=["ops"])
def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Prometheus metrics: request counts, latencies, answers by status."""
    return Response(metrics.render(), media_type=CONTENT_TYPE)
