"""Feedback (👍/👎) and hand-off (转人工) endpoints: rate-limited per client, idempotent with a key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header

from bot.http.deps import RecordsDep, limit_feedback, limit_handoffs
from bot.http.schemas import FeedbackIn, FeedbackOut, HandoffIn, HandoffOut
from bot.http.service import check_issued_session, handoff_message, run_once

router = APIRouter()

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        pattern=r"^[!-~]+$",
        description="可选：客户端生成的唯一键（如 UUID）。重试时带同一个键，返回第一次的结果，不会重复保存；24 小时内有效",
    ),
]


@router.post(
    "/api/feedback", response_model=FeedbackOut, tags=["feedback"], dependencies=[Depends(limit_feedback)]
)
def post_feedback(body: FeedbackIn, records: RecordsDep, idempotency_key: IdempotencyKey = None) -> dict:
    """Store 👍/👎 (and an optional comment) on one answer of a session the server issued."""

    def store() -> dict:
        check_issued_session(records, body.session_id)
        feedback_id = records.feedback.add(body.turn_id, body.session_id, body.rating, body.comment)
        return {"ok": True, "id": feedback_id}

    return run_once(records, "feedback", idempotency_key, body, store)


@router.post(
    "/api/handoff", response_model=HandoffOut, tags=["feedback"], dependencies=[Depends(limit_handoffs)]
)
def post_handoff(body: HandoffIn, records: RecordsDep, idempotency_key: IdempotencyKey = None) -> dict:
    """Open a hand-off ticket (转人工); union staff call the worker back."""

    def open_ticket() -> dict:
        ticket = records.tickets.create(body.category, body.description, body.phone, body.name)
        return {
            "ok": True,
            "ticket": ticket.number,
            "status": ticket.status,
            "message": handoff_message(ticket.number),
        }

    return run_once(records, "handoff", idempotency_key, body, open_ticket)
