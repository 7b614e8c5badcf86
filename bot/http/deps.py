"""Dependencies the web handlers receive: parts of the runtime the lifespan put on app.state."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Form, Request
from markupsafe import Markup

from bot.answering.assistant import Assistant
from bot.config import Settings
from bot.errors import AuthError, BotError, ForbiddenError, IndexMissingError
from bot.http.limits import Limits
from bot.http.metrics import Metrics
from bot.index.index import Index
from bot.records.staff_sessions import StaffSession, StaffSessions
from bot.records.store import Records
from bot.runtime import Runtime

ADMIN_COOKIE = "bot_admin"
CONSOLE_COOKIE = "bot_console"
CSRF_HEADER = "X-CSRF-Token"


async def get_runtime(request: Request) -> Runtime:
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise IndexMissingError("索引尚未加载，服务暂不可用")
    # Another worker or a CLI build may have published a new version: pick it up (throttled, non-blocking).
    runtime.reloader.maybe_reload()
    return runtime


async def get_assistant(request: Request) -> Assistant:
    return (await get_runtime(request)).assistant


async def get_index(request: Request) -> Index:
    return (await get_runtime(request)).index()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def get_records(request: Request) -> Records:
    records = getattr(request.app.state, "records", None)
    if records is None:
        raise IndexMissingError("服务尚未启动完成，请稍后再试")
    return records


class RateLimitedError(BotError):
    """Too many requests of one kind from one client address."""

    status = 429


class CsrfError(BotError):
    """A cookie-authenticated form post that did not come from this site's own pages."""

    status = 403


@dataclass(frozen=True)
class Staff:
    """Who passed the admin check: a program with the Bearer token, or a signed-in browser (cookie)."""

    via: str  # "bearer" or "cookie"
    session: StaffSession | None = None
    role: str = "admin"  # "admin" or "console"

    @property
    def actor(self) -> str:
        """Who the audit log names: the caseworker's name, else how they signed in."""
        if self.session is not None and self.session.name:
            return self.session.name
        return f"{self.role}-{self.via}"


_NEEDS_TOKEN = "需要管理员令牌：请在请求头加 Authorization: Bearer <令牌>，或在管理页面登录"
_API_NEEDS_TOKEN = "需要管理员令牌：请在请求头加 Authorization: Bearer <令牌>（管理接口不接受登录 Cookie）"
_TOO_MANY_FAILURES = "令牌错误次数太多，请一分钟后再试"
_FOREIGN_ORIGIN = "请求来源校验失败：请从本站的管理页面提交（刷新页面后重试）"


def client_address(request: Request) -> str:
    """The client's address, the key of the rate limits (with --proxy-headers, the one the proxy saw)."""
    return request.client.host if request.client else "unknown"


def limits(request: Request) -> Limits:
    return request.app.state.limits


def check_token(request: Request, given: str) -> bool:
    """Whether `given` is the admin token; a wrong one counts against the client's failure limit, and a
    client over the limit is refused (429) whatever it sends."""
    expected = request.app.state.settings.admin_token
    if not expected:
        raise ForbiddenError("管理功能未开启：请设置环境变量 BOT_ADMIN_TOKEN 后重启服务")
    address = client_address(request)
    if limits(request).auth_failures.blocked(address):
        raise RateLimitedError(_TOO_MANY_FAILURES)
    if given and secrets.compare_digest(given.encode(), expected.encode()):
        return True
    if given:
        limits(request).auth_failures.record(address)
    return False


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def require_bearer(request: Request) -> Staff:
    """The JSON admin API: `Authorization: Bearer <token>` only. A browser's cookie is not accepted, so no
    other site can make a signed-in browser call it. 403 when no token is configured, 401 when missing
    or wrong, 429 after too many wrong tokens."""
    if not check_token(request, _bearer(request) or ""):
        raise AuthError(_API_NEEDS_TOKEN)
    return Staff("bearer")


def staff_sessions(request: Request) -> StaffSessions | None:
    records = getattr(request.app.state, "records", None)
    return records.staff_sessions if records is not None else None


def require_admin(request: Request) -> Staff:
    """Staff pages: the Bearer token, or the sign-in cookie naming a live server-side session.

    403 when no token is configured (the admin features are off), 401 when neither is valid.
    """
    if _bearer(request) is not None:
        if not check_token(request, _bearer(request) or ""):
            raise AuthError(_NEEDS_TOKEN)
        return Staff("bearer")
    check_token(request, "")  # 403 when switched off, 429 while locked out
    cookie = request.cookies.get(ADMIN_COOKIE, "")
    sessions = staff_sessions(request)
    session = sessions.find(cookie) if cookie and sessions is not None else None
    if session is None or session.role != "admin":  # a console session never opens the admin pages
        raise AuthError(_NEEDS_TOKEN)
    request.state.staff_session = session  # read by the templates' csrf_field()
    return Staff("cookie", session)


def check_same_origin(request: Request) -> None:
    """CsrfError unless a browser says the request comes from this very origin. `Sec-Fetch-Site` must be
    same-origin (another port on this host is "same-site", and refused); an `Origin` header must name this
    host. Programs that send neither are left to the token checks."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise CsrfError(_FOREIGN_ORIGIN)
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise CsrfError(_FOREIGN_ORIGIN)


def require_staff_form(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Staff:
    """Staff form posts: require_admin, and for a signed-in browser also this origin and the session's
    CSRF token (a hidden field of every staff form)."""
    staff = require_admin(request)
    if staff.via == "cookie":
        check_same_origin(request)
        if not secrets.compare_digest(csrf_token.encode(), staff.session.csrf_token.encode()):
            raise CsrfError("表单已过期或来源不明：请刷新管理页面后重新提交")
    return staff


def csrf_field(request: Request) -> Markup:
    """The hidden CSRF input for a staff form (empty for a Bearer request, which needs none)."""
    session = getattr(request.state, "staff_session", None)
    if session is None:
        return Markup("")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(session.csrf_token)


# -- the caseworker console: its own role --------------------------------------------------------------------

_CONSOLE_OFF = "坐席工作台未开启：请设置环境变量 BOT_CONSOLE_TOKEN（或 BOT_ADMIN_TOKEN）后重启服务"
_CONSOLE_NEEDS_TOKEN = "需要坐席令牌：请在请求头加 Authorization: Bearer <令牌>，或在坐席工作台登录"


def check_console_token(request: Request, given: str) -> bool:
    """Whether `given` is the console token or the admin token (an admin may work the line too). Wrong
    tokens count against the same failure limit as the admin sign-in; 403 when neither token is set."""
    settings = request.app.state.settings
    tokens = [t for t in (settings.console_token, settings.admin_token) if t]
    if not tokens:
        raise ForbiddenError(_CONSOLE_OFF)
    address = client_address(request)
    if limits(request).auth_failures.blocked(address):
        raise RateLimitedError(_TOO_MANY_FAILURES)
    if given and any(secrets.compare_digest(given.encode(), t.encode()) for t in tokens):
        return True
    if given:
        limits(request).auth_failures.record(address)
    return False


def require_console(request: Request) -> Staff:
    """Console pages: a console or admin token as Bearer, or the console sign-in cookie (a live session of
    role "console"). 403 when the console is switched off, 401 otherwise."""
    if _bearer(request) is not None:
        if not check_console_token(request, _bearer(request) or ""):
            raise AuthError(_CONSOLE_NEEDS_TOKEN)
        return Staff("bearer", role="console")
    check_console_token(request, "")  # 403 when switched off, 429 while locked out
    cookie = request.cookies.get(CONSOLE_COOKIE, "")
    sessions = staff_sessions(request)
    session = sessions.find(cookie) if cookie and sessions is not None else None
    if session is None or session.role != "console":
        raise AuthError(_CONSOLE_NEEDS_TOKEN)
    request.state.staff_session = session
    return Staff("cookie", session, role="console")


def require_console_api(request: Request) -> Staff:
    """The console's JSON API: Bearer for call-centre systems; the console page's own calls carry the cookie,
    and then must come from this origin with the session's CSRF token in the X-CSRF-Token header (a header
    another site cannot set on a cross-origin request)."""
    staff = require_console(request)
    if staff.via == "cookie":
        check_same_origin(request)
        given = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(given.encode(), staff.session.csrf_token.encode()):
            raise CsrfError("请求来源校验失败：请刷新坐席工作台后重试")
    return staff


def require_console_form(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Staff:
    """Console form posts: require_console, and for a signed-in browser this origin and the CSRF field."""
    staff = require_console(request)
    if staff.via == "cookie":
        check_same_origin(request)
        if not secrets.compare_digest(csrf_token.encode(), staff.session.csrf_token.encode()):
            raise CsrfError("表单已过期或来源不明：请刷新页面后重新提交")
    return staff


def limit_handoffs(request: Request) -> None:
    """429 once a client has opened too many hand-off tickets this minute."""
    if not limits(request).handoffs.allow(client_address(request)):
        raise RateLimitedError("提交太频繁，请稍后再试；急事请直接拨打 12351 职工服务热线")


def limit_feedback(request: Request) -> None:
    """429 once a client has sent too much feedback this minute."""
    if not limits(request).feedback.allow(client_address(request)):
        raise RateLimitedError("评价提交太频繁，请稍后再试")


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
IndexDep = Annotated[Index, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
RecordsDep = Annotated[Records, Depends(get_records)]
AdminDep = Annotated[Staff, Depends(require_admin)]
StaffFormDep = Annotated[Staff, Depends(require_staff_form)]
ConsoleApiDep = Annotated[Staff, Depends(require_console_api)]
ConsoleFormDep = Annotated[Staff, Depends(require_console_form)]


def set_staff_cookie(response, request: Request, cookie: str, session_id: str) -> None:
    """The sign-in cookie of a staff area: the server-side session id only, for the session's lifetime."""
    hours = request.app.state.settings.staff_session_hours
    response.set_cookie(
        cookie,
        session_id,
        max_age=round(hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
