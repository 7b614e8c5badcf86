"""Web layer: the FastAPI application, built by `create_app(settings)`."""

from __future__ import annotations

import json
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot import admin, admin_pages, api, pages
from bot.assistant import Assistant
from bot.builder import BuildJob
from bot.config import PROJECT_ROOT, Settings
from bot.embed import load_embedder
from bot.errors import BotError
from bot.index import IndexStore
from bot.llm import AnswerWriter
from bot.metrics import Metrics
from bot.reloader import IndexReloader, KnowledgeWatcher
from bot.retrieve import make_retriever
from bot.store import ConversationStore

logger = logging.getLogger(__name__)

WEB_DIR = PROJECT_ROOT / "web"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the lifespan loads the embedder and index once and keeps them on app.state."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = IndexStore(settings.index_dir)
        store.current_path()  # fail fast, before loading the model, when nothing was built
        embedder = load_embedder(settings.embedder, settings.embedder_threads, settings.st_model)
        index = store.load(embedder)
        retriever = make_retriever(settings, embedder, index)
        writer = None
        if settings.llm_base_url and settings.llm_model:
            writer = AnswerWriter(
                settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
            )
        app.state.assistant = Assistant(
            retriever,
            settings.refusal_threshold,
            settings.off_domain_threshold,
            writer,
            settings.answer_k,
            hedge_threshold=settings.hedge_threshold,
        )
        app.state.conversations = ConversationStore(settings.database_path())
        reloader = IndexReloader(store, embedder, retriever)
        app.state.reloader = reloader
        app.state.build_job = BuildJob(
            settings.knowledge_dir,
            store,
            embedder,
            settings.chunk_chars,
            current=lambda: retriever.index,
            on_success=reloader.swap,
        )
        watcher = None
        if settings.watch:
            watcher = KnowledgeWatcher(
                settings.knowledge_dir,
                current_files=lambda: retriever.index.manifest.get("files", {}),
                rebuild=app.state.build_job.start,
            )
            watcher.start()
        logger.info("index %s loaded (%d chunks)", reloader.version, index.count())
        yield
        if watcher is not None:
            watcher.stop()
        app.state.conversations.close()
        if writer is not None:
            writer.close()

    app = FastAPI(
        title="12351 职工服务 AI 助手",
        description="工会职工服务热线 AI 助手：依据知识库回答职工问题，每条回答注明法律依据。",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    static = WEB_DIR / "static"
    Path(static).mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(api.router)
    app.include_router(admin.api)
    app.include_router(admin.router)
    app.include_router(admin_pages.router)
    app.include_router(pages.router)
    install_error_handlers(app)
    install_middleware(app, settings.max_body_bytes)
    return app


def error_response(request: Request, status: int, message: str) -> Response:
    """One error shape: JSON `{ok, error, status}` for the API, an error page for browsers."""
    wants_html = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(
        ("/api/", "/v1/")
    )
    if wants_html:
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


_HTTP_MESSAGES = {
    400: "请求内容无法解析",
    404: "找不到该页面或接口",
    405: "不支持该请求方法",
    413: "请求内容太大",
}


def install_error_handlers(app: FastAPI) -> None:
    """Domain errors, HTTP errors and validation errors all leave in the same shape."""

    @app.exception_handler(BotError)
    async def bot_error(request: Request, exc: BotError):
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Framework details are English ("Method Not Allowed", "There was an error parsing the body"); the
        # user reads Chinese, so only a non-ASCII (our own) detail is shown as it is.
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return error_response(
            request, exc.status_code, detail or _HTTP_MESSAGES.get(exc.status_code, "请求有误")
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(request, 422, describe_validation(exc.errors()))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        logger.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "服务器内部错误，请稍后再试或拨打 12351")


_FIELD_NAMES = {
    "question": "问题",
    "history": "对话历史",
    "session_id": "会话编号",
    "region": "地区",
    "query": "查询",
    "k": "k",
    "category": "分类",
    "messages": "messages",
    "content": "内容",
    "role": "角色",
    "phone": "联系电话",
    "description": "问题描述",
    "name": "姓名",
    "rating": "评价",
    "turn_id": "回答编号",
    "comment": "意见",
}


def describe_validation(errors: list[dict]) -> str:
    """A readable Chinese message for the first few pydantic errors."""
    parts = []
    for error in errors[:3]:
        kind = error.get("type", "")
        loc = [str(x) for x in error.get("loc", ()) if x != "body"]
        field = ".".join(_FIELD_NAMES.get(x, x) for x in loc) or "请求体"
        ctx = error.get("ctx") or {}
        if kind == "json_invalid":
            parts.append("请求体不是合法的 JSON")
        elif kind == "missing":
            parts.append(f"缺少字段：{field}")
        elif kind in ("string_too_long", "too_long"):
            limit = ctx.get("max_length", "")
            parts.append(f"{field} 超出长度限制（最多 {limit}）")
        elif kind in ("string_too_short", "too_short"):
            parts.append(f"{field} 不能为空")
        elif kind == "extra_forbidden":
            parts.append(f"不认识的字段：{field}")
        elif kind in ("literal_error", "enum"):
            parts.append(f"{field} 的取值不对，可选：{ctx.get('expected', '')}")
        elif kind in ("less_than_equal", "less_than"):
            parts.append(f"{field} 不能大于 {ctx.get('le', ctx.get('lt', ''))}")
        elif kind in ("greater_than_equal", "greater_than"):
            parts.append(f"{field} 不能小于 {ctx.get('ge', ctx.get('gt', ''))}")
        elif kind == "string_pattern_mismatch":
            parts.append(f"{field} 的格式不对")
        elif kind == "string_unicode":
            parts.append(f"{field} 含有无法识别的字符")
        elif kind == "value_error" and "error" in ctx:
            parts.append(f"{field} {ctx['error']}")
        elif kind.endswith("_type") or kind.endswith("_parsing") or kind == "model_attributes_type":
            parts.append(f"{field} 的类型不对")
        else:
            parts.append(f"{field}：{error.get('msg', '无效')}")
    return "；".join(parts) or "请求无效"


def install_middleware(app: FastAPI, max_body_bytes: int) -> None:
    """Body-size limit and per-route metrics, as plain ASGI so streaming responses are not buffered."""
    inner = app.build_middleware_stack

    def route_of(scope) -> str:
        route = scope.get("route")
        return getattr(route, "path", None) or "unmatched"

    class Guard:
        def __init__(self, wrapped):
            self.wrapped = wrapped

        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                return await self.wrapped(scope, receive, send)
            started = time.perf_counter()
            status_holder = {"status": 500}
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > max_body_bytes):
                await _send_json(send, 413, f"请求内容太大（上限 {max_body_bytes // 1024} KB）")
                app.state.metrics.observe_request(
                    scope["method"], "unmatched", 413, time.perf_counter() - started
                )
                return
            received = 0

            async def limited_receive():
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > max_body_bytes:
                        raise _BodyTooLarge(f"请求内容太大（上限 {max_body_bytes // 1024} KB）")
                return message

            async def tracking_send(message):
                if message["type"] == "http.response.start":
                    status_holder["status"] = message["status"]
                    message = {
                        **message,
                        "headers": [*message.get("headers", []), *security_headers(scope["path"])],
                    }
                await send(message)

            try:
                await self.wrapped(scope, limited_receive, tracking_send)
            except _BodyTooLarge:
                await _send_json(send, 413, f"请求内容太大（上限 {max_body_bytes // 1024} KB）")
                status_holder["status"] = 413
            finally:
                # Also after an unexpected error (already answered 500 by the error handler, then re-raised).
                app.state.metrics.observe_request(
                    scope["method"], route_of(scope), status_holder["status"], time.perf_counter() - started
                )

    def build():
        return Guard(inner())

    app.build_middleware_stack = build


# Pages load only their own scripts and styles (no inline code, no CDN). The OpenAPI explorer at /docs
# fetches Swagger UI from its CDN, so it keeps FastAPI's defaults.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """Headers added to every response: CSP (except the API explorer), no MIME sniffing, no referrer leaks."""
    headers = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
    if not path.startswith(("/docs", "/redoc")):
        headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
    return headers


class _BodyTooLarge(StarletteHTTPException):
    """Raised inside the receive channel when a streamed body passes the limit.

    An HTTP exception, because FastAPI re-raises those while reading a body (any other error becomes a 400
    "error parsing the body"), so the error handler answers 413 in the one error shape.
    """

    def __init__(self, message: str):
        super().__init__(413, message)


async def _send_json(send, status: int, message: str) -> None:
    body = json.dumps({"ok": False, "error": message, "status": status}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


__all__ = ["create_app", "HTMLResponse"]
