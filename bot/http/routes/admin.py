"""Admin API (Bearer token only, never the sign-in cookie): manage knowledge documents and rebuild the index while serving."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.http.deps import require_bearer
from bot.knowledge.documents import DocumentStore

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_bearer)])


def documents(request: Request) -> DocumentStore:
    return DocumentStore(request.app.state.settings.knowledge_dir)


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
        "fallback_from": runtime.serving.fallback_from,
        "fallback_reason": runtime.serving.fallback_reason,
    }


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
            "message": "已保存。调用 POST /api/admin/reindex 重建索引后生效",
        },
        status_code=201 if created else 200,
    )


@router.delete("/documents/{path:path}")
def delete_document(path: str, request: Request) -> dict:
    """Delete one snippet file (the index changes at the next rebuild)."""
    documents(request).delete(path)
    return {"ok": True, "path": path, "message": "已删除。调用 POST /api/admin/reindex 重建索引后生效"}


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
