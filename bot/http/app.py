"""The FastAPI application, built by `create_app(settings or runtime)`."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bot.config import PROJECT_ROOT, Settings
from bot.heap import fix_mmap_threshold
from bot.http.deps import csrf_field
from bot.http.errors import install_error_handlers
from bot.http.limits import Limits
from bot.http.metrics import Metrics
from bot.http.middleware import install_middleware
from bot.http.routes import admin, answers, calculators, console, feedback, openai, ops
from bot.http.routes.docs import install_docs
from bot.http.views import admin_documents, calculator, chat, insights
from bot.http.views import console as console_views
from bot.index.embedders import Embedder
from bot.runtime import Runtime, build_runtime
from bot.vocab import Status

logger = logging.getLogger(__name__)

WEB_DIR = PROJECT_ROOT / "web"


def create_app(settings: Settings | Runtime | None = None, *, embedder: Embedder | None = None) -> FastAPI:
    """Build the app. Given settings (or none: read from the environment), the lifespan builds the runtime
    once (loading `embedder` or the configured model); given a runtime, the app serves that one."""
    given = settings if isinstance(settings, Runtime) else None
    settings = given.settings if given is not None else (settings or Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        fix_mmap_threshold(settings.malloc_mmap_threshold)
        runtime = given or build_runtime(settings, embedder)
        app.state.runtime = runtime
        app.state.records = runtime.records
        runtime.start()
        yield
        runtime.close()

    app = FastAPI(
        title="12351 职工服务 AI 助手",
        description="工会职工服务热线 AI 助手：依据知识库回答职工问题，每条回答注明法律依据。",
        version="0.1.0",
        lifespan=lifespan,
        # FastAPI's explorers load from a CDN; /docs is served from local assets instead (install_docs).
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.limits = Limits.from_settings(settings)
    app.state.templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    # Templates compare against the same enums as the code ("turn.status == Status.NO_MATCH").
    app.state.templates.env.globals["Status"] = Status
    app.state.templates.env.globals["calculator_panels"] = calculator.PANELS
    app.state.templates.env.globals["csrf_field"] = csrf_field
    static = WEB_DIR / "static"
    Path(static).mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    install_docs(app)
    for router in (
        answers.router,
        calculators.router,
        console.router,
        feedback.router,
        openai.router,
        ops.router,
        admin.router,
        admin_documents.router,
        insights.router,
        console_views.router,
        calculator.router,
        chat.router,
    ):
        app.include_router(router)
    install_error_handlers(app)
    install_middleware(app, settings.max_body_bytes)
    return app
