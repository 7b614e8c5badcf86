"""Dependencies the web handlers receive: parts of the runtime the lifespan put on app.state."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from bot.answering.assistant import Assistant
from bot.config import Settings
from bot.errors import AuthError, ForbiddenError, IndexMissingError
from bot.http.metrics import Metrics
from bot.index.index import Index
from bot.records.store import Records
from bot.runtime import Runtime

ADMIN_COOKIE = "bot_admin"


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


def require_admin(request: Request) -> str:
    """Admin access: `Authorization: Bearer <token>` (API) or the sign-in cookie (pages).

    403 when no token is configured (the admin features are off), 401 when the token is missing or wrong.
    """
    expected = request.app.state.settings.admin_token
    if not expected:
        raise ForbiddenError("管理功能未开启：请设置环境变量 BOT_ADMIN_TOKEN 后重启服务")
    header = request.headers.get("authorization", "")
    given = (
        header[7:].strip() if header.lower().startswith("bearer ") else request.cookies.get(ADMIN_COOKIE, "")
    )
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise AuthError("需要管理员令牌：请在请求头加 Authorization: Bearer <令牌>，或在管理页面登录")
    return "admin"


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
IndexDep = Annotated[Index, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
RecordsDep = Annotated[Records, Depends(get_records)]
AdminDep = Annotated[str, Depends(require_admin)]
