"""Admin API and page: manage knowledge documents and rebuild the index while serving (token required)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from bot.deps import AdminDep, require_admin
from bot.documents import DocumentStore
from bot.errors import AuthError, BotError

router = APIRouter()
api = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


def documents(request: Request) -> DocumentStore:
    return DocumentStore(request.app.state.settings.knowledge_dir)


def index_status(request: Request) -> dict:
    """Served version, its manifest figures, and the state of the background build."""
    state = request.app.state
    manifest = state.assistant.retriever.index.manifest
    return {
        "version": state.reloader.version,
        "built_at": manifest.get("built_at"),
        "snippets": manifest.get("snippets"),
        "chunks": manifest.get("chunks"),
        "vectors": manifest.get("vectors"),
        "build": state.build_job.status.as_dict(),
        "reload_error": state.reloader.last_error,
    }


@api.get("/documents")
def list_documents(request: Request) -> dict:
    """Every knowledge file with its validation status and problems."""
    docs = documents(request).list()
    return {"ok": True, "count": len(docs), "documents": [d.__dict__ for d in docs]}


@api.put("/documents/{path:path}")
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


@api.delete("/documents/{path:path}")
def delete_document(path: str, request: Request) -> dict:
    """Delete one snippet file (the index changes at the next rebuild)."""
    documents(request).delete(path)
    return {"ok": True, "path": path, "message": "已删除。调用 POST /api/admin/reindex 重建索引后生效"}


@api.post("/reindex", status_code=202)
def reindex(request: Request, full: bool = False) -> JSONResponse:
    """Start a background rebuild (incremental unless `full=true`); 409 while one is running."""
    started = request.app.state.build_job.start(full=full)
    if not started:
        return JSONResponse({"ok": False, "error": "已有重建任务在进行中，请稍后再试", "status": 409}, 409)
    return JSONResponse({"ok": True, "message": "已开始重建索引", **index_status(request)}, status_code=202)


@api.get("/index")
def get_index(request: Request) -> dict:
    """Current version, build time, counts, the running build's state and the last error."""
    return {"ok": True, **index_status(request)}


# --- the admin page --------------------------------------------------------------------------------------


def _page_or_login(request: Request):
    try:
        require_admin(request)
    except AuthError:
        return RedirectResponse(f"/admin/login?next={quote('/admin')}", status_code=303)
    return None


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, message: str = "", error: str = ""):
    """Document list, upload form and rebuild button."""
    redirect = _page_or_login(request)
    if redirect is not None:
        return redirect
    context = {
        "documents": documents(request).list(),
        "status": index_status(request),
        "message": message[:200],
        "error": error[:500],
    }
    return request.app.state.templates.TemplateResponse(request, "admin.html", context)


def _back(message: str = "", error: str = "") -> RedirectResponse:
    query = f"message={quote(message)}" if message else f"error={quote(error)}"
    return RedirectResponse(f"/admin?{query}", status_code=303)


@router.post("/admin/documents", include_in_schema=False)
async def admin_upload(
    request: Request, _: AdminDep, file: Annotated[UploadFile, File()], folder: Annotated[str, Form()] = ""
) -> RedirectResponse:
    """Upload a snippet from the page: saved as `<folder>/<file name>`."""
    data = await file.read()
    name = (file.filename or "").rsplit("/", 1)[-1]
    path = f"{folder}/{name}" if folder else name
    try:
        created, _ = await run_in_threadpool(documents(request).put, path, data)
    except BotError as exc:
        return _back(error=exc.message)
    return _back(message=f"{'已新增' if created else '已更新'} {path}，重建索引后生效")


@router.post("/admin/documents/delete", include_in_schema=False)
def admin_delete(request: Request, _: AdminDep, path: Annotated[str, Form()]) -> RedirectResponse:
    try:
        documents(request).delete(path)
    except BotError as exc:
        return _back(error=exc.message)
    return _back(message=f"已删除 {path}，重建索引后生效")


@router.post("/admin/reindex", include_in_schema=False)
def admin_reindex(request: Request, _: AdminDep, full: Annotated[str, Form()] = "") -> RedirectResponse:
    if not request.app.state.build_job.start(full=bool(full)):
        return _back(error="已有重建任务在进行中")
    return _back(message="已开始重建索引")
