"""What the routes and pages share: answering with logging, the JSON payload of an answer, sources."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from pydantic import BaseModel

from bot.answering.answer import Answer
from bot.answering.assistant import Assistant
from bot.answering.render import section_dict
from bot.answering.spoken import speak
from bot.errors import NotFoundError
from bot.http.metrics import Metrics
from bot.http.schemas import AnswerIn
from bot.index.index import Index
from bot.knowledge.snippet import clip
from bot.records.idempotency import fingerprint
from bot.records.store import Records
from bot.records.turns import TurnIssue
from bot.vocab import IssueStatus

# Characters per streamed piece: small enough to look live, large enough to keep event count low.
STREAM_PIECE = 12


def answer_payload(answer: Answer, session_id: str, turn_id: int | None) -> dict:
    """The JSON body of an answer (shared by /api/answer, its stream and the pages)."""
    return {
        "status": answer.status,
        "answer": answer.text,
        "confidence": answer.confidence,
        "citations": [c.__dict__ for c in answer.citations],
        "sections": [section_dict(s) for s in answer.sections],
        "case": answer.case or None,
        "spoken": speak(answer).text,
        "session_id": session_id,
        "turn_id": turn_id,
    }


def run_answer(
    assistant: Assistant,
    records: Records,
    metrics: Metrics,
    question: str,
    history: list[dict],
    session_id: str | None = None,
    region: str | None = None,
) -> tuple[Answer, str, int | None]:
    """Answer with the given history (or the session's), log the turn, count the status.

    Session ids are issued by the server only: an id this server never logged a turn under (a phone number
    typed into the field, say) is replaced by a new one, which the answer carries back, so nothing a client
    invents is stored as a session id.
    """
    stored = records.turns.history(session_id) if session_id else []
    if not stored:
        session_id = None
    if not history:
        history = stored
    session_id = session_id or uuid.uuid4().hex
    started = time.perf_counter()
    answer = assistant.answer(question, history, region)
    turn_id = records.turns.log(
        session_id=session_id,
        question=question,
        status=answer.status,
        category=answer.category,
        cited_ids=[c.id for c in answer.citations],
        confidence=answer.confidence,
        latency_ms=(time.perf_counter() - started) * 1000,
        answer=answer.text,
        issues=case_issues(answer.case),
    )
    metrics.observe_answer(answer.status)
    return answer, session_id, turn_id


def case_issues(case: dict | None) -> list[TurnIssue]:
    """The issues of an answer's `case` as the turn log keeps them: the topic key, or for an issue the knowledge
    base does not cover the term the worker used, and how the answer handled it."""
    issues = (case or {}).get("issues") or ()
    return [
        TurnIssue(
            str(issue.get("topic") or issue.get("label") or ""),
            str(
                issue.get("status")
                or (IssueStatus.ANSWERED if issue.get("topic") else IssueStatus.NOT_COVERED)
            ),
        )
        for issue in issues
        if isinstance(issue, dict)
    ]


def answer_request(
    body: AnswerIn, assistant: Assistant, records: Records, metrics: Metrics
) -> tuple[Answer, str, int | None]:
    """run_answer for an AnswerIn body."""
    history = [t.model_dump() for t in body.history]
    return run_answer(assistant, records, metrics, body.question, history, body.session_id, body.region)


def check_issued_session(records: Records, session_id: str) -> None:
    """NotFoundError for a session id this server did not issue (feedback needs a real conversation)."""
    if not records.turns.history(session_id, limit=1):
        raise NotFoundError("找不到这个会话：会话编号由服务器在回答时分配，请先提问再评价")


def run_once(
    records: Records, endpoint: str, key: str | None, body: BaseModel, action: Callable[[], dict]
) -> dict:
    """`action()` once per Idempotency-Key: a retry with the same key and body gets the first result and
    stores nothing new; without a key, every request runs."""
    if key is None:
        return action()
    request_hash = fingerprint(body.model_dump_json())
    stored = records.idempotency.claim(endpoint, key, request_hash)
    if stored is not None:
        return stored.body
    try:
        result = action()
    except BaseException:
        records.idempotency.release(endpoint, key)
        raise
    records.idempotency.complete(endpoint, key, 200, result)
    return result


def handoff_message(number: str) -> str:
    """What the worker is told after a hand-off."""
    return f"已为您转人工，工单号 {number}。工会工作人员会尽快与您联系；紧急情况请直接拨打 12351。"


def source_record(index: Index, snippet_id: str) -> dict:
    """A snippet rebuilt from its chunks; NotFoundError for an unknown id."""
    chunks = index.snippet_chunks(snippet_id)
    if not chunks:
        raise NotFoundError(f"找不到编号为“{clip(snippet_id)}”的知识条目")
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
