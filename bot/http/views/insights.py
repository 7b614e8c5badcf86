"""Staff pages: sign-in, the worker-demand dashboard (/admin/insights), its CSV exports and actions.

Pages are rendered on the server without scripts (the app's CSP allows none inline); the chart is an SVG
built here. Every page needs the admin token, from the Bearer header or the `bot_admin` cookie that the
sign-in page sets. A database that cannot be read gives a readable 503 page, never a crash.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.answering.topics import TOPIC_LABELS
from bot.errors import AuthError, BotError, ForbiddenError, NotFoundError
from bot.http.deps import (
    ADMIN_COOKIE,
    AdminDep,
    CsrfError,
    RecordsDep,
    StaffFormDep,
    check_same_origin,
    check_token,
    require_admin,
    set_staff_cookie,
)
from bot.http.teaching import decline_question, link_question, undecline_question
from bot.records.export import CSV_TABLES, table, to_csv
from bot.records.insights import (
    DayCount,
    Insights,
    china_time,
    handle_gap,
    parse_period,
    period_code,
    summarise,
)
from bot.records.store import Records
from bot.records.tickets import TicketChangedError
from bot.vocab import (
    DEFAULT_PERIOD,
    ISSUE_STATUS_LABELS,
    MAX_QUESTION_CHARS,
    PERIODS,
    STATUS_LABELS,
    TICKET_CATEGORIES,
    TICKET_STATUSES,
    IssueStatus,
    Status,
)

router = APIRouter(include_in_schema=False)

HOME = "/admin/insights"
# Rows shown on the page; the CSV export has them all.
PAGE_ROWS = 50
NO_STORE = {"Cache-Control": "no-store"}
SWITCHED_OFF = "管理功能未开启：请设置环境变量 BOT_ADMIN_TOKEN 后重启服务"

_NOTICES = {
    "handled": "已将这组问题标记为已处理（{n} 条），它们不再出现在知识缺口列表中。",
    "handled-none": "这组问题已不在列表中，可能已由其他同事处理。",
    "ticket": "工单 {number} 已更新。",
    "signed-out": "已退出登录。",
    "linked": "已把问题“{question}”加入条目 {snippet} 的样例问法，索引正在更新，稍后同类问题就能检索到它。",
    "linked-already": "条目 {snippet} 已有问法“{question}”，无需更新。",
    "declined": "已将“{question}”记为应拒答的问题：相近的问题今后将婉拒，并建议拨打 12348 公共法律服务热线。",
    "undeclined": "已撤销“{question}”的应拒答标记：相近的问题将照常解答。",
}


# -- rendering ------------------------------------------------------------------------------------------


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    """A page of the staff area; never cached, since it shows workers' questions and contacts."""
    templates = request.app.state.templates
    helpers = {
        "pct": pct,
        "when": china_time,
        "status_labels": STATUS_LABELS,
        "issue_statuses": [
            (s.value, ISSUE_STATUS_LABELS[s]) for s in IssueStatus if s != IssueStatus.NOT_COVERED
        ],
        "home": HOME,
    }
    response = templates.TemplateResponse(request, template, {**helpers, **context}, status_code=status)
    response.headers.update(NO_STORE)
    return response


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _error_page(request: Request, error: BotError) -> Response:
    """The staff-area error page for a browser; a program gets the app's one JSON error shape instead."""
    if not _wants_html(request):
        raise error
    return _render(
        request,
        "admin_error.html",
        {"signed_in": True, "status": error.status, "message": error.message},
        error.status,
    )


def _login_page(request: Request, status: int, message: str = "", next_path: str = HOME) -> Response:
    enabled = bool(request.app.state.settings.admin_token)
    context = {
        "signed_in": False,
        "enabled": enabled,
        "message": message,
        "is_error": status >= 400,
        "next": _safe_next(next_path),
    }
    return _render(request, "admin_login.html", context, status)


def _redirect(path: str, **query: object) -> RedirectResponse:
    """303 See Other, so the browser follows a POST with a GET."""
    fragment = query.pop("fragment", "")
    params = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    url = path + (f"?{params}" if params else "") + (f"#{fragment}" if fragment else "")
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def _safe_next(path: str | None) -> str:
    """Only a path inside the staff area: never another site (//evil.example) after signing in."""
    if path and path.startswith("/admin") and not path.startswith("/admin/login") and "\\" not in path:
        return path
    return HOME


def _signed_in(request: Request) -> Response | None:
    """None when the request carries the admin token; else, for a browser, the sign-in page (401) or the
    'switched off' notice (403). A program gets the error itself, in the app's JSON error shape."""
    try:
        require_admin(request)
        return None
    except ForbiddenError as exc:
        return _refuse(request, exc)
    except AuthError:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return _refuse(request, AuthError("请先输入管理员令牌登录"), target)


def _refuse(request: Request, error: AuthError | ForbiddenError, next_path: str = HOME) -> Response:
    """The sign-in page carrying `error` for a browser; the error itself (JSON) for a program."""
    if not _wants_html(request):
        raise error
    return _login_page(request, error.status, error.message, next_path)


def pct(rate: float | None) -> str:
    """0.081 -> '8.1%'; no data -> '—'."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _period(text: str) -> str:
    """The canonical code of a period ('7天' -> '7d'); PeriodError (422) for anything unreadable."""
    return period_code(parse_period(text))


def _low_confidence(request: Request) -> float:
    """Answers below the hedge threshold open with a caution, so they count as knowledge gaps too."""
    return request.app.state.settings.hedge_threshold


def _snippet_titles(request: Request) -> dict[str, str]:
    """Snippet id -> title from the loaded index (empty when the index is not loaded)."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return {}
    return {chunk.snippet_id: chunk.title for chunk in reversed(runtime.index().chunks)}


def _insights(request: Request, store: Records, period: str, ticket_status: str | None) -> Insights:
    return summarise(
        store,
        parse_period(period),
        datetime.now(UTC),
        _low_confidence(request),
        titles=_snippet_titles(request),
        topic_labels=TOPIC_LABELS,
        ticket_status=ticket_status,
    )


# -- the chart ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One stacked segment of a day's bar, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    status: str


@dataclass(frozen=True)
class DayColumn:
    x: float  # centre
    label: str  # shown under the axis ('' when skipped to avoid crowding)
    title: str  # tooltip and screen-reader text
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom: float  # y of the x axis
    ticks: tuple[tuple[float, int], ...]  # (y, value) of horizontal grid lines
    columns: tuple[DayColumn, ...]
    summary: str


CHART_WIDTH, CHART_HEIGHT = 720, 240
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 40, 8, 12, 28
# Bottom to top: answered, then the two outcomes staff act on.
_STACK = (Status.ANSWERED, Status.NO_MATCH, Status.OUT_OF_SCOPE)


def _tick_step(peak: int) -> int:
    """A round grid step (1, 2, 5 × 10^n) giving at most four lines up to `peak`."""
    if peak <= 4:
        return 1
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def bar_chart(days: list[DayCount]) -> Chart:
    """Geometry of the questions-per-day chart: one stacked bar per day, coloured by status."""
    peak = max((d.total for d in days), default=0)
    step = _tick_step(peak)
    top = max(step, math.ceil(peak / step) * step)
    plot_width = CHART_WIDTH - _MARGIN_LEFT - _MARGIN_RIGHT
    plot_height = CHART_HEIGHT - _MARGIN_TOP - _MARGIN_BOTTOM
    bottom = CHART_HEIGHT - _MARGIN_BOTTOM
    slot = plot_width / max(len(days), 1)
    width = max(2.0, slot * 0.7)
    every = 1 if len(days) <= 16 else 7  # a label a week on long ranges
    columns = []
    for i, day in enumerate(days):
        centre = _MARGIN_LEFT + slot * (i + 0.5)
        y = bottom
        bars = []
        for status in _STACK:
            value = getattr(day, status)
            if value:
                height = value / top * plot_height
                y -= height
                bars.append(
                    Bar(round(centre - width / 2, 1), round(y, 1), round(width, 1), round(height, 1), status)
                )
        parts = "，".join(f"{STATUS_LABELS[s]} {getattr(day, s)}" for s in _STACK)
        label = day.day.strftime("%m-%d") if (len(days) - 1 - i) % every == 0 else ""
        columns.append(
            DayColumn(
                round(centre, 1), label, f"{day.day.isoformat()}：共 {day.total} 条（{parts}）", tuple(bars)
            )
        )
    ticks = tuple((round(bottom - value / top * plot_height, 1), value) for value in range(0, top + 1, step))
    total = sum(d.total for d in days)
    summary = (
        f"{days[0].day.isoformat()} 至 {days[-1].day.isoformat()} 每日提问量，共 {total} 条" if days else ""
    )
    return Chart(CHART_WIDTH, CHART_HEIGHT, _MARGIN_LEFT, bottom, ticks, tuple(columns), summary)


# -- sign-in --------------------------------------------------------------------------------------------


@router.get("/admin/login")
def login_page(request: Request, next: str = HOME, notice: str = "") -> Response:
    """The sign-in form (or the notice that the staff area is switched off)."""
    if not request.app.state.settings.admin_token:
        return _refuse(request, ForbiddenError(SWITCHED_OFF))
    return _login_page(request, 200, _NOTICES["signed-out"] if notice == "signed-out" else "", next)


@router.post("/admin/login")
def login(
    request: Request,
    records: RecordsDep,
    token: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str, Form(max_length=500)] = HOME,
) -> Response:
    """Check the token and open a server-side session; the HttpOnly, SameSite=Strict cookie carries only
    the session's random id, never the token. Wrong tokens count against the client's failure limit."""
    if not request.app.state.settings.admin_token:
        return _refuse(request, ForbiddenError(SWITCHED_OFF))
    check_same_origin(request)
    if not check_token(request, token.strip()):
        return _refuse(request, AuthError("令牌不正确，请重新输入"), next)
    hours = request.app.state.settings.staff_session_hours
    session = records.staff_sessions.open(timedelta(hours=hours))
    records.audit.record("admin", "admin", "login", "/admin")
    response = _redirect(_safe_next(next))
    set_staff_cookie(response, request, ADMIN_COOKIE, session.id)
    return response


@router.post("/admin/logout")
def logout(
    request: Request, records: RecordsDep, csrf_token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """End the server-side session (a copied cookie stops working too) and forget the cookie."""
    check_same_origin(request)
    cookie = request.cookies.get(ADMIN_COOKIE, "")
    session = records.staff_sessions.find(cookie) if cookie else None
    if session is not None:
        if not secrets.compare_digest(csrf_token.encode(), session.csrf_token.encode()):
            raise CsrfError("表单已过期或来源不明：请刷新管理页面后重新提交")
        records.staff_sessions.revoke(cookie)
        records.audit.record("admin", "admin", "logout", "/admin")
    response = _redirect("/admin/login", notice="signed-out")
    response.delete_cookie(
        ADMIN_COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return response


# -- the dashboard --------------------------------------------------------------------------------------


@router.get("/admin/insights")
def dashboard(
    request: Request,
    records: RecordsDep,
    period: str = DEFAULT_PERIOD,
    ticket_status: str = "",
    notice: str = "",
    n: int = 0,
    number: str = "",
    question: str = "",
    snippet: str = "",
) -> Response:
    """Questions per day, top categories, issue topics and snippets against the previous period, refusal
    rates, the knowledge-gap queue, 👎 answers and hand-off tickets."""
    if (refused := _signed_in(request)) is not None:
        return refused
    status_filter = ticket_status if ticket_status in TICKET_STATUSES else None
    try:
        period = _period(period)
        insights = _insights(request, records, period, status_filter)
        declined = records.teaching.declined_marks()
    except BotError as exc:
        return _error_page(request, exc)
    message = _NOTICES.get(notice, "").format(
        n=n, number=number[:20], question=question[:60], snippet=snippet[:80]
    )
    context = {
        "signed_in": True,
        "insights": insights,
        "period": period,
        "periods": [(p, parse_period(p)) for p in PERIODS],
        "chart": bar_chart(insights.days),
        "ticket_status": status_filter or "",
        "ticket_statuses": TICKET_STATUSES,
        "csv_tables": CSV_TABLES,
        "page_rows": PAGE_ROWS,
        "message": message,
        # The snippet picker: the browser's own search over the titles (<datalist>), no script needed.
        "snippet_titles": sorted(_snippet_titles(request).items(), key=lambda item: item[1]),
        "declined": declined,
    }
    return _render(request, "admin_insights.html", context)


@router.get("/admin/insights/{name}.csv")
def export_csv(
    request: Request,
    name: str,
    _: AdminDep,
    records: RecordsDep,
    period: str = DEFAULT_PERIOD,
    ticket_status: str = "",
) -> Response:
    """One table of the dashboard as CSV (UTF-8 with BOM, for Excel)."""
    if name not in CSV_TABLES:
        raise NotFoundError(f"没有名为“{name[:40]}”的导出表，可选：{'、'.join(CSV_TABLES)}")
    status_filter = ticket_status if ticket_status in TICKET_STATUSES else None
    period = _period(period)
    insights = _insights(request, records, period, status_filter)
    header, rows = table(insights, name)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    filename = f"{CSV_TABLES[name]}-{period}-{stamp}.csv"
    disposition = f"attachment; filename=\"{name}-{period}-{stamp}.csv\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        to_csv(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition, **NO_STORE},
    )


@router.post("/admin/insights/gaps/{key}/handled")
def mark_gap_handled(
    request: Request,
    key: int,
    staff: StaffFormDep,
    records: RecordsDep,
    period: Annotated[str, Form(max_length=10)] = DEFAULT_PERIOD,
) -> Response:
    """已处理: take a whole gap group (every variant of the question) out of the queue."""
    try:
        marked = handle_gap(records, key, _low_confidence(request))
        records.audit.record(staff.actor, staff.role, "gap.handled", f"turn {key}", f"{marked} turns")
    except BotError as exc:
        return _error_page(request, exc)
    notice = "handled" if marked else "handled-none"
    return _redirect(HOME, period=_period_or_default(period), notice=notice, n=marked, fragment="gaps")


def _snippet_id(request: Request, picked: str) -> str:
    """The snippet the picker names: its id, or a title typed in full."""
    picked = picked.strip()
    titles = _snippet_titles(request)
    if picked in titles:
        return picked
    by_title = {title: snippet_id for snippet_id, title in titles.items()}
    if picked in by_title:
        return by_title[picked]
    raise NotFoundError(f"没有找到条目“{picked[:80]}”：请在搜索框中从列表里选择一个条目")


@router.post("/admin/insights/questions/link")
def link_question_form(
    request: Request,
    staff: StaffFormDep,
    question: Annotated[str, Form(max_length=MAX_QUESTION_CHARS)] = "",
    snippet: Annotated[str, Form(max_length=200)] = "",
    period: Annotated[str, Form(max_length=10)] = DEFAULT_PERIOD,
    anchor: Annotated[str, Form(max_length=20)] = "gaps",
) -> Response:
    """Link a worker's question to the snippet that should answer it (see bot.http.teaching); a signed-in
    browser sends the session's CSRF token, since the mark changes what every worker is answered."""
    client = request.client.host if request.client else ""
    try:
        result = link_question(request.app.state.runtime, question, _snippet_id(request, snippet), "", client)
    except BotError as exc:
        return _error_page(request, exc)
    return _redirect(
        HOME,
        period=_period_or_default(period),
        notice="linked" if result["added"] else "linked-already",
        question=result["question"],
        snippet=result["snippet_id"],
        fragment=_anchor(anchor),
    )


@router.post("/admin/insights/questions/decline")
def decline_question_form(
    request: Request,
    staff: StaffFormDep,
    question: Annotated[str, Form(max_length=MAX_QUESTION_CHARS)] = "",
    period: Annotated[str, Form(max_length=10)] = DEFAULT_PERIOD,
    anchor: Annotated[str, Form(max_length=20)] = "gaps",
) -> Response:
    """应拒答: keep the question as an example the assistant should decline (referred to 12348 from the next
    similar question on); CSRF-checked like every staff form."""
    client = request.client.host if request.client else ""
    try:
        result = decline_question(request.app.state.runtime, question, "", client)
    except BotError as exc:
        return _error_page(request, exc)
    return _redirect(
        HOME,
        period=_period_or_default(period),
        notice="declined",
        question=result["question"],
        fragment=_anchor(anchor),
    )


@router.post("/admin/insights/questions/undecline")
def undecline_question_form(
    request: Request,
    staff: StaffFormDep,
    question: Annotated[str, Form(max_length=MAX_QUESTION_CHARS)] = "",
    period: Annotated[str, Form(max_length=10)] = DEFAULT_PERIOD,
) -> Response:
    """撤销: take back a "should be declined" mark made by mistake; CSRF-checked like every staff form."""
    client = request.client.host if request.client else ""
    try:
        result = undecline_question(request.app.state.runtime, question, "", client)
    except BotError as exc:
        return _error_page(request, exc)
    return _redirect(
        HOME,
        period=_period_or_default(period),
        notice="undeclined",
        question=result["question"],
        fragment="declined",
    )


def _anchor(name: str) -> str:
    return name if name in ("gaps", "downvotes") else "gaps"


@router.get("/admin/insights/tickets/{number}")
def ticket_page(request: Request, number: str, records: RecordsDep, notice: str = "") -> Response:
    """One ticket with the full contact phone, for the call back."""
    if (refused := _signed_in(request)) is not None:
        return refused
    try:
        ticket = records.tickets.get(number)
        records.audit.record("admin", "admin", "ticket.view", ticket.number)
    except BotError as exc:
        return _error_page(request, exc)
    context = {
        "signed_in": True,
        "ticket": ticket,
        "version": ticket.updated_at.isoformat(),
        "ticket_statuses": TICKET_STATUSES,
        "ticket_categories": TICKET_CATEGORIES,
        "message": _NOTICES["ticket"].format(number=ticket.number) if notice == "ticket" else "",
    }
    return _render(request, "admin_ticket.html", context)


@router.post("/admin/insights/tickets/{number}")
def update_ticket(
    request: Request,
    number: str,
    staff: StaffFormDep,
    records: RecordsDep,
    status: Annotated[str, Form(max_length=10)],
    staff_note: Annotated[str, Form(max_length=4000)] = "",
    period: Annotated[str, Form(max_length=10)] = DEFAULT_PERIOD,
    back: Annotated[str, Form(max_length=10)] = "list",
    version: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Change a ticket's status (待处理/处理中/已办结) and staff note. With `version` (the updated_at the form
    was opened at), a ticket a colleague saved meanwhile is not overwritten: the page says so (409) and
    shows the stored ticket beside what this person typed."""
    try:
        opened = datetime.fromisoformat(version) if version else None
    except ValueError:
        return _error_page(request, BotError("工单版本信息无效，请刷新页面后重新保存"))
    try:
        ticket = records.tickets.update(
            number, status=status, staff_note=staff_note, expected_updated_at=opened
        )
        records.audit.record(staff.actor, staff.role, "ticket.update", ticket.number, ticket.status)
    except TicketChangedError as exc:
        if not _wants_html(request):
            raise
        context = {
            "signed_in": True,
            "ticket": exc.current,
            "version": exc.current.updated_at.isoformat(),
            "ticket_statuses": TICKET_STATUSES,
            "ticket_categories": TICKET_CATEGORIES,
            "message": exc.message,
            "conflict": {"status": status, "staff_note": staff_note},
        }
        return _render(request, "admin_ticket.html", context, exc.status)
    except BotError as exc:
        return _error_page(request, exc)
    if back == "detail":
        return _redirect(f"{HOME}/tickets/{quote(ticket.number)}", notice="ticket")
    return _redirect(
        HOME, period=_period_or_default(period), notice="ticket", number=ticket.number, fragment="tickets"
    )


def _period_or_default(text: str) -> str:
    """The period a form came from, or the default when it was tampered with."""
    try:
        return _period(text)
    except BotError:
        return DEFAULT_PERIOD
