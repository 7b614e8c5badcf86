"""The caseworker console (/console): sign-in with the console role, the two-pane call page, and the ticket
page (the one place the caller's full phone number is shown), with version-checked saves.

Sign-in takes BOT_CONSOLE_TOKEN (or the admin token) and the caseworker's name, which the audit log records;
the `bot_console` cookie names a server-side staff session of role "console" and never opens /admin.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.errors import AuthError, BotError, ForbiddenError
from bot.http.deps import (
    CONSOLE_COOKIE,
    ConsoleFormDep,
    CsrfError,
    RecordsDep,
    check_console_token,
    check_same_origin,
    require_console,
    set_staff_cookie,
)
from bot.records.insights import china_time
from bot.records.tickets import TicketChangedError
from bot.vocab import MAX_NAME_CHARS, TICKET_CATEGORIES, TICKET_STATUSES

router = APIRouter(include_in_schema=False)

HOME = "/console"
NO_STORE = {"Cache-Control": "no-store"}
NOTICES = {"signed-out": "已退出坐席工作台。", "saved": "工单已保存。"}


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    templates = request.app.state.templates
    helpers = {"when": china_time, "home": HOME}
    response = templates.TemplateResponse(request, template, {**helpers, **context}, status_code=status)
    response.headers.update(NO_STORE)
    return response


def _redirect(path: str, **query: object) -> RedirectResponse:
    params = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return RedirectResponse(path + (f"?{params}" if params else ""), status_code=303, headers=NO_STORE)


def _enabled(request: Request) -> bool:
    settings = request.app.state.settings
    return bool(settings.console_token or settings.admin_token)


def _login_page(
    request: Request, status: int, message: str = "", next_path: str = HOME, name: str = ""
) -> Response:
    context = {
        "enabled": _enabled(request),
        "message": message,
        "is_error": status >= 400,
        "next": _safe_next(next_path),
        "name": name,
        "max_name": MAX_NAME_CHARS,
    }
    return _render(request, "console_login.html", context, status)


def _safe_next(path: str | None) -> str:
    """Only a path inside the console after signing in, never another site."""
    if path and path.startswith("/console") and not path.startswith("/console/login") and "\\" not in path:
        return path
    return HOME


def _signed_in(request: Request):
    """(staff, None) when signed in; else (None, the sign-in page) for a browser, or the error for a program."""
    try:
        return require_console(request), None
    except (AuthError, ForbiddenError) as exc:
        if "text/html" not in request.headers.get("accept", ""):
            raise
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        message = exc.message if isinstance(exc, ForbiddenError) else "请先登录坐席工作台"
        return None, _login_page(request, exc.status, message, target)


@router.get("/console/login")
def login_page(request: Request, next: str = HOME, notice: str = "") -> Response:
    """The console sign-in form (or the notice that the console is switched off)."""
    if not _enabled(request):
        return _login_page(request, 403, "坐席工作台未开启：请设置环境变量 BOT_CONSOLE_TOKEN 后重启服务")
    return _login_page(request, 200, NOTICES["signed-out"] if notice == "signed-out" else "", next)


@router.post("/console/login")
def login(
    request: Request,
    records: RecordsDep,
    token: Annotated[str, Form(max_length=500)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = HOME,
) -> Response:
    """Check the token, open a console session carrying the caseworker's name; audit-logged."""
    if not _enabled(request):
        return _login_page(request, 403, "坐席工作台未开启：请设置环境变量 BOT_CONSOLE_TOKEN 后重启服务")
    check_same_origin(request)
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        return _login_page(request, 422, f"请填写您的坐席工号或姓名（1–{MAX_NAME_CHARS} 字）", next)
    if not check_console_token(request, token.strip()):
        return _login_page(request, 401, "令牌不正确，请重新输入", next, name)
    hours = request.app.state.settings.staff_session_hours
    session = records.staff_sessions.open(timedelta(hours=hours), role="console", name=name)
    records.audit.record(session.name, "console", "login", HOME)
    response = _redirect(_safe_next(next))
    set_staff_cookie(response, request, CONSOLE_COOKIE, session.id)
    return response


@router.post("/console/logout")
def logout(
    request: Request, records: RecordsDep, csrf_token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """End the console session (server side too) and forget the cookie; audit-logged."""
    check_same_origin(request)
    cookie = request.cookies.get(CONSOLE_COOKIE, "")
    session = records.staff_sessions.find(cookie) if cookie else None
    if session is not None and session.role == "console":
        if not secrets.compare_digest(csrf_token.encode(), session.csrf_token.encode()):
            raise CsrfError("表单已过期或来源不明：请刷新页面后重新提交")
        records.staff_sessions.revoke(cookie)
        records.audit.record(session.name, "console", "logout", HOME)
    response = _redirect("/console/login", notice="signed-out")
    response.delete_cookie(
        CONSOLE_COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return response


@router.get("/console")
def console_page(request: Request) -> Response:
    """The two-pane call page; its script asks /api/console/suggest as the caseworker types."""
    staff, refused = _signed_in(request)
    if refused is not None:
        return refused
    session = staff.session
    context = {
        "caseworker": session.name if session else "",
        "csrf_token": session.csrf_token if session else "",
        "ticket_categories": TICKET_CATEGORIES,
    }
    return _render(request, "console.html", context)


def _ticket_context(ticket, message: str = "", conflict: dict | None = None) -> dict:
    return {
        "ticket": ticket,
        "version": ticket.updated_at.isoformat(),
        "ticket_statuses": TICKET_STATUSES,
        "message": message,
        "conflict": conflict,
    }


@router.get("/console/tickets/{number}")
def ticket_page(request: Request, number: str, records: RecordsDep, notice: str = "") -> Response:
    """One ticket with the caller's full phone (for the call back); viewing it is audit-logged."""
    staff, refused = _signed_in(request)
    if refused is not None:
        return refused
    ticket = records.tickets.get(number)
    records.audit.record(staff.actor, staff.role, "ticket.view", ticket.number)
    return _render(request, "console_ticket.html", _ticket_context(ticket, NOTICES.get(notice, "")))


@router.post("/console/tickets/{number}")
def save_ticket(
    request: Request,
    number: str,
    staff: ConsoleFormDep,
    records: RecordsDep,
    status: Annotated[str, Form(max_length=10)],
    version: Annotated[str, Form(max_length=40)],
    staff_note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Save status and note from the version the caseworker opened. If a colleague saved meanwhile, nothing
    is overwritten: the page comes back (409) with the stored ticket and this caseworker's text, to merge."""
    try:
        opened = datetime.fromisoformat(version)
    except ValueError:
        opened = None
    try:
        if opened is None:
            raise BotError("工单版本信息无效，请刷新页面后重新保存")
        ticket = records.tickets.update(
            number, status=status, staff_note=staff_note, expected_updated_at=opened
        )
    except TicketChangedError as exc:
        records.audit.record(staff.actor, staff.role, "ticket.conflict", exc.current.number)
        context = _ticket_context(exc.current, conflict={"status": status, "staff_note": staff_note})
        context["message"] = exc.message
        return _render(request, "console_ticket.html", context, exc.status)
    except BotError as exc:
        ticket = records.tickets.get(number)
        context = _ticket_context(ticket, conflict={"status": status, "staff_note": staff_note})
        context["message"] = exc.message
        return _render(request, "console_ticket.html", context, exc.status)
    records.audit.record(staff.actor, staff.role, "ticket.update", ticket.number, ticket.status)
    return _redirect(f"/console/tickets/{quote(ticket.number)}", notice="saved")
