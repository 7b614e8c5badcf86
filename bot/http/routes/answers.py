"""JSON API: answers (plain and streamed), search and sources."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from bot.http.deps import AssistantDep, IndexDep, MetricsDep, RecordsDep, RuntimeDep
from bot.http.schemas import AnswerIn, AnswerOut, SearchIn, SearchOut, SourceOut
from bot.http.service import answer_payload, answer_request, pieces, source_record

router = APIRouter()


@router.post("/api/answer", response_model=AnswerOut, tags=["answers"])
def post_answer(body: AnswerIn, assistant: AssistantDep, records: RecordsDep, metrics: MetricsDep) -> dict:
    """Answer a worker's question with citations; `history` or `session_id` carries follow-ups."""
    answer, session_id, turn_id = answer_request(body, assistant, records, metrics)
    return answer_payload(answer, session_id, turn_id)


@router.post("/api/answer/stream", tags=["answers"], response_class=StreamingResponse)
def post_answer_stream(
    body: AnswerIn, assistant: AssistantDep, records: RecordsDep, metrics: MetricsDep
) -> StreamingResponse:
    """The same answer as server-sent events: `meta` (status, citations), `delta` pieces, then `done`."""
    answer, session_id, turn_id = answer_request(body, assistant, records, metrics)
    payload = answer_payload(answer, session_id, turn_id)

    def events() -> Iterator[str]:
        # The first event carries everything but the text, the sections included: the page draws the
        # finished answer from them, and shows the streamed text only while it arrives.
        meta = {k: v for k, v in payload.items() if k != "answer"}
        yield f"event: meta\ndata: {json.dumps(meta, ensure_ascii=False)}\n\n"
        for piece in pieces(answer.text):
            yield f"event: delta\ndata: {json.dumps({'text': piece}, ensure_ascii=False)}\n\n"
        yield f"event: done\ndata: {json.dumps({'answer': answer.text}, ensure_ascii=False)}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.post("/api/search", response_model=SearchOut, tags=["search"])
def post_search(body: SearchIn, runtime: RuntimeDep) -> dict:
    """Ranked passages for a query (fused dense + lexical), with optional region and category filters."""
    result = runtime.retriever.search(body.query, k=body.k, region=body.region, category=body.category)
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


@router.get("/api/sources/{snippet_id}", response_model=SourceOut, tags=["sources"])
def get_source(snippet_id: str, index: IndexDep) -> dict:
    """One knowledge snippet: title, region, source, effective date, body."""
    return source_record(index, snippet_id)
