"""Feedback (👍/👎) and hand-off (转人工) endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from bot.http.deps import RecordsDep
from bot.http.schemas import FeedbackIn, FeedbackOut, HandoffIn, HandoffOut
from bot.http.service import handoff_message

router = APIRouter()


@router.post("/api/feedback", response_model=FeedbackOut, tags=["feedback"])
def post_feedback(body: FeedbackIn, records: RecordsDep) -> dict:
    """Store 👍/👎 (and an optional comment) on one answer of a session."""
    feedback_id = records.feedback.add(body.turn_id, body.session_id, body.rating, body.comment)
    return {"ok": True, "id": feedback_id}


@router.post("/api/handoff", response_model=HandoffOut, tags=["feedback"])
def post_handoff(body: HandoffIn, records: RecordsDep) -> dict:
    """Open a hand-off ticket (转人工); union staff call the worker back."""
    ticket = records.tickets.create(body.category, body.description, body.phone, body.name)
    return {
        "ok": True,
        "ticket": ticket.number,
        "status": ticket.status,
        "message": handoff_message(ticket.number),
    }
