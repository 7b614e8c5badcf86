"""Admin API (Bearer token only, never the sign-in cookie): manage knowledge documents, rebuild the index while
serving, read tickets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.http.deps import RecordsDep, require_bearer
from bot.http.schemas import QuestionDeclineIn, QuestionLinkIn
from bot.http.teaching import decline_question, link_question, undecline_question
from bot.knowledge.documents import DocumentStore
from bot.knowledge.shared import SharedDocumentStore
from bot.records.tickets import Ticket
from bot.vocab import TICKET_STATUSES

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_bearer)])


def documents(request: Request) -> DocumentStore | SharedDocumentStore:
    """The knowledge folder; with PostgreSQL, the shared documents table mirrored into it."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is not None:
        return runtime.document_store()
    return DocumentStore(request.app.state.settings.knowledge_dir)


def saved_message(request: Request, action: str) -> str:
    """What staff are told after a document change: every replica rebuilds by itself with PostgreSQL."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is not None and runtime.follower is not None:
        return f"已{action}并写入共享数据库，各服务副本将在几秒内自动重建索引"
    return f"已{action}。调用 POST /api/admin/reindex 重建索引后生效"


def index_status(request: Request) -> dict:
    """Served version, its manifest figures, and the state of the background build."""
    runtime = request.app.state.runtime
    manifest = runtime.index().manifest
    return {
        "version": runtime.serving.version,
        "built_at": manifest.built_at,
        "snippets": manifest.snippets,
        "chunks": manifest.chunks,
        "vectors": manifest.vectors,
        "build": runtime.build_job.status.as_dict(),
        "reload_error": runtime.reloader.last_error,
        "knowledge": knowledge_status(runtime),
        "fallback_from": runtime.serving.fallback_from,
        "fallback_reason": runtime.serving.fallback_reason,
    }


def knowledge_status(runtime) -> dict:
    """Where the knowledge comes from; with PostgreSQL the database's revision and the one built here."""
    if runtime.follower is None:
        return {"source": "folder"}
    return {"source": "database", **runtime.follower.status.as_dict()}


@router.get("/documents")
def list_documents(request: Request) -> dict:
    """Every knowledge file with its validation status, problems and reasons it is due for review; the count
    due (`stale_count`) and any errors in statutes.yaml."""
    store = documents(request)
    docs = store.list()
    return {
        "ok": True,
        "count": len(docs),
        "stale_count": sum(1 for d in docs if d.stale),
        "statute_problems": store.statute_problems(),
        "documents": [d.__dict__ for d in docs],
    }


@router.put("/documents/{path:path}")
async def put_document(path: str, request: Request) -> JSONResponse:
    """Upload or replace one Markdown snippet (the raw file as the body); validated, written atomically."""
    data = await request.body()
    # Validation reads every file (duplicate ids): off the event loop, so answers keep flowing meanwhile.
    created, warnings = await run_in_threadpool(documents(request).put, path, data)
    return JSONResponse(
        {
            "ok": True,
            "path": path,
            "created": created,
            "warnings": [str(w) for w in warnings],
            "message": saved_message(request, "保存"),
        },
        status_code=201 if created else 200,
    )


@router.delete("/documents/{path:path}")
def delete_document(path: str, request: Request) -> dict:
    """Delete one snippet file (the index changes at the next rebuild)."""
    documents(request).delete(path)
    return {"ok": True, "path": path, "message": saved_message(request, "删除")}


@router.post("/reindex", status_code=202)
def reindex(request: Request, full: bool = False) -> JSONResponse:
    """Start a background rebuild (incremental unless `full=true`); 409 while one is running."""
    started = request.app.state.runtime.build_job.start(full=full)
    if not started:
        return JSONResponse({"ok": False, "error": "已有重建任务在进行中，请稍后再试", "status": 409}, 409)
    return JSONResponse({"ok": True, "message": "已开始重建索引", **index_status(request)}, status_code=202)


@router.get("/index")
def get_index(request: Request) -> dict:
    """Current version, build time, counts, the running build's state and the last error."""
    return {"ok": True, **index_status(request)}


def ticket_json(ticket: Ticket) -> dict:
    """A ticket for other systems: times as UTC ISO text, the phone as listed (masked)."""
    return {
        **{name: getattr(ticket, name) for name in ("number", "category", "description", "phone", "name")},
        **{name: getattr(ticket, name) for name in ("status", "staff_note")},
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


@router.get("/tickets")
def list_tickets(
    records: RecordsDep,
    status: Annotated[str | None, Query(description=f"只列出这一状态：{'、'.join(TICKET_STATUSES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Hand-off tickets, newest first, phones masked; from the shared database, so any replica lists all."""
    tickets = records.tickets.list(status=status or None, limit=limit)
    return {"ok": True, "count": len(tickets), "tickets": [ticket_json(t) for t in tickets]}


@router.post("/questions/link")
def post_question_link(body: QuestionLinkIn, request: Request) -> dict:
    """Append a worker's question (PII-redacted) to the snippet that should answer it, then rebuild.

    404 for an unknown snippet, 422 for an empty question; the answer carries the rebuild state.
    """
    client = request.client.host if request.client else ""
    runtime = request.app.state.runtime
    return link_question(runtime, body.question, body.snippet_id, body.staff, client)


@router.post("/questions/decline")
def post_question_decline(body: QuestionDeclineIn, request: Request) -> dict:
    """Mark a worker's question as one the assistant should decline (a scope-check example)."""
    client = request.client.host if request.client else ""
    return decline_question(request.app.state.runtime, body.question, body.staff, client)


@router.post("/questions/undecline")
def post_question_undecline(body: QuestionDeclineIn, request: Request) -> dict:
    """Take back a "should be declined" mark (404 when the question is not marked, 422 when empty)."""
    client = request.client.host if request.client else ""
    return undecline_question(request.app.state.runtime, body.question, body.staff, client)
