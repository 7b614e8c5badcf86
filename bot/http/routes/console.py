"""The caseworker console's JSON API: suggestions for a call's notes, and closing the call (a ticket, or
resolved on the line). Call-centre systems use it with `Authorization: Bearer <BOT_CONSOLE_TOKEN>`; the
console page uses it with its sign-in cookie and the session's CSRF token in the X-CSRF-Token header."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path

from bot.answering.calculation import CitedCalculation
from bot.answering.render import section_dict
from bot.answering.suggest import Suggestion, suggest
from bot.answering.topics import TOPIC_LABELS, ticket_category
from bot.errors import QueryError
from bot.http.deps import ConsoleApiDep, RecordsDep, RuntimeDep, Staff
from bot.http.routes.calculators import calculation_payload
from bot.http.routes.feedback import IdempotencyKey
from bot.http.schemas import CallOut, CallResolvedIn, CallTicketIn, NotesIn, SuggestOut, TicketEditIn
from bot.http.service import run_once
from bot.records.store import Records
from bot.runtime import Runtime
from bot.text.redact import mask_phone
from bot.vocab import TICKET_CATEGORIES

router = APIRouter(tags=["console"])

TICKET_PAGE = "/console/tickets/{number}"
NOTES_IN_TICKET = "【通话笔记（已隐去电话、证件号）】\n"


def run_suggest(runtime: Runtime, notes: str) -> Suggestion:
    return suggest(runtime.assistant, runtime.index(), notes, runtime.local_figures)


def suggestion_payload(s: Suggestion) -> dict:
    """The JSON body of a suggestion (API and console page)."""
    answer = s.answer
    return {
        "status": answer.status,
        "case": answer.case or None,
        "facts": s.facts,
        "issues": s.issues,
        "missing": s.missing,
        "sections": [section_dict(x) for x in answer.sections],
        "citations": [c.__dict__ for c in answer.citations],
        "answer": answer.text,
        "spoken": s.spoken.text,
        "calculators": [_prefilled(c["name"], c["inputs"], c["cited"]) for c in s.calculators],
        "ticket": {
            "category": s.ticket_category,
            "categories": list(TICKET_CATEGORIES),
            "summary": s.summary,
            "topics": s.topics,
        },
        "analysed": {
            "chars": len(s.window.text),
            "total_chars": s.window.total_chars,
            "truncated": s.window.truncated,
            "notice": s.window.notice,
        },
    }


def _prefilled(name: str, inputs: dict, cited: CitedCalculation) -> dict:
    shown = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in inputs.items()}
    return {"name": name, "title": cited.title, "inputs": shown, "result": calculation_payload(cited)}


@router.post("/api/console/suggest", response_model=SuggestOut)
def post_suggest(body: NotesIn, staff: ConsoleApiDep, runtime: RuntimeDep) -> dict:
    """The case (facts, issues, what is missing), the answer per issue with citations and its phone
    version, calculators prefilled from the facts, and a ticket draft. Notes beyond the assistant's limit:
    the last part is analysed and `analysed.notice` says so."""
    return suggestion_payload(run_suggest(runtime, body.notes))


def _call_topics(given: list[str] | None, suggestion: Suggestion | None) -> list[str]:
    if given is None:
        return suggestion.topics if suggestion else []
    unknown = [t for t in given if t not in TOPIC_LABELS]
    if unknown:
        raise QueryError(f"未知的问题主题：{'、'.join(t[:40] for t in unknown[:3])}")
    return list(dict.fromkeys(given))


def _knowledge_category(runtime: Runtime, topics: list[str]) -> str:
    """The knowledge category of the call's first issue, so the dashboard counts it with the chats."""
    for topic in topics:
        for chunk in runtime.index().chunks:
            if chunk.topic == topic:
                return chunk.category
    return ""


def _ticket_description(summary: str, notes: str, limit: int = 2000) -> str:
    """The summary, then as much of the notes as fits (the ticket store redacts both)."""
    room = limit - len(summary) - len(NOTES_IN_TICKET) - 2
    if room < 40:
        return summary[:limit]
    excerpt = notes.strip()
    if len(excerpt) > room:
        excerpt = "…" + excerpt[-(room - 1) :]
    return f"{summary}\n\n{NOTES_IN_TICKET}{excerpt}"


def open_call_ticket(body: CallTicketIn, staff: Staff, records: Records, runtime: Runtime) -> dict:
    """Create the ticket, log the call with its issues, audit both; the phone is masked in the reply."""
    suggestion = run_suggest(runtime, body.notes) if body.summary is None or body.topics is None else None
    topics = _call_topics(body.topics, suggestion)
    summary = body.summary if body.summary is not None else suggestion.summary
    if not summary.strip():
        raise QueryError("工单摘要不能为空")
    category = body.category or ticket_category(topics)
    ticket = records.tickets.create(category, _ticket_description(summary, body.notes), body.phone, body.name)
    call = records.calls.log(
        "ticket",
        topics,
        body.notes,
        category=_knowledge_category(runtime, topics),
        ticket_number=ticket.number,
        caseworker=staff.session.name if staff.session else "",
    )
    records.audit.record(
        staff.actor, staff.role, "console.ticket", ticket.number, f"call {call.id}; {category}"
    )
    return {
        "ok": True,
        "call_id": call.id,
        "outcome": "ticket",
        "topics": topics,
        "ticket": ticket.number,
        "ticket_url": TICKET_PAGE.format(number=quote(ticket.number)),
        "phone": mask_phone(ticket.phone),
        "ticket_version": ticket.updated_at.isoformat(),
        "message": f"已生成工单 {ticket.number}（{category}）。",
    }


@router.post("/api/console/tickets", response_model=CallOut)
def post_call_ticket(
    body: CallTicketIn,
    staff: ConsoleApiDep,
    records: RecordsDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> dict:
    """Turn the call into a ticket: category (chosen from the issues when not given), the case summary and
    cited rules, the caller's phone (masked in this reply; in full on the ticket page only). Retries with the
    same Idempotency-Key create nothing new."""
    return run_once(
        records,
        "console-ticket",
        idempotency_key,
        body,
        lambda: open_call_ticket(body, staff, records, runtime),
    )


@router.post("/api/console/calls", response_model=CallOut)
def post_call_resolved(
    body: CallResolvedIn,
    staff: ConsoleApiDep,
    records: RecordsDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> dict:
    """Mark the call resolved on the line with its issues (counted on the dashboard with the chats)."""

    def resolve() -> dict:
        suggestion = run_suggest(runtime, body.notes) if body.topics is None else None
        topics = _call_topics(body.topics, suggestion)
        call = records.calls.log(
            "resolved",
            topics,
            body.notes,
            category=_knowledge_category(runtime, topics),
            caseworker=staff.session.name if staff.session else "",
        )
        records.audit.record(
            staff.actor, staff.role, "console.resolved", f"call {call.id}", "、".join(topics)
        )
        return {
            "ok": True,
            "call_id": call.id,
            "outcome": "resolved",
            "topics": topics,
            "message": "已记录为当场解决的来电。",
        }

    return run_once(records, "console-call", idempotency_key, body, resolve)


@router.put("/api/console/tickets/{number}")
def put_ticket(
    number: Annotated[str, Path(max_length=40)], body: TicketEditIn, staff: ConsoleApiDep, records: RecordsDep
) -> dict:
    """Change a ticket's status or note, from the version given: 409 when someone saved it meanwhile."""
    try:
        version = datetime.fromisoformat(body.version)
    except ValueError:
        raise QueryError("version 格式不正确：请传打开工单时得到的 updated_at") from None
    ticket = records.tickets.update(number, body.status, body.staff_note, expected_updated_at=version)
    records.audit.record(staff.actor, staff.role, "ticket.update", ticket.number, ticket.status)
    return {
        "ok": True,
        "ticket": ticket.number,
        "status": ticket.status,
        "version": ticket.updated_at.isoformat(),
    }
