"""The admin documents page: list, upload, delete and rebuild, as forms (token or sign-in cookie; a cookie's
form posts also carry the session's CSRF token and must come from this origin)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from bot.errors import AuthError, BotError
from bot.http.deps import StaffFormDep, require_admin
from bot.http.routes.admin import documents, index_status

router = APIRouter(include_in_schema=False)


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
    store = documents(request)
    docs = store.list()
    context = {
        "documents": docs,
        "stale_count": sum(1 for d in docs if d.stale),
        "statute_problems": store.statute_problems(),
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
    request: Request,
    _: StaffFormDep,
    file: Annotated[UploadFile, File()],
    folder: Annotated[str, Form()] = "",
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
def admin_delete(request: Request, _: StaffFormDep, path: Annotated[str, Form()]) -> RedirectResponse:
    try:
        documents(request).delete(path)
    except BotError as exc:
        return _back(error=exc.message)
    return _back(message=f"已删除 {path}，重建索引后生效")


@router.post("/admin/reindex", include_in_schema=False)
def admin_reindex(request: Request, _: StaffFormDep, full: Annotated[str, Form()] = "") -> RedirectResponse:
    if not request.app.state.runtime.build_job.start(full=bool(full)):
        return _back(error="已有重建任务在进行中")
    return _back(message="已开始重建索引")
