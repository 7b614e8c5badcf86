"""Dependencies the web handlers receive: the objects the lifespan put on app.state."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from bot.assistant import Assistant
from bot.config import Settings
from bot.errors import AuthError, ForbiddenError, IndexMissingError
from bot.metrics import Metrics
from bot.store import ConversationStore


async def get_assistant(request: Request) -> Assistant:
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        raise IndexMissingError("索引尚未加载，服务暂不可用")
    # Another worker or a CLI build may have published a new version: pick it up (throttled, non-blocking).
    request.app.state.reloader.maybe_reload()
    return assistant


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def get_conversations(request: Request) -> ConversationStore:
    return request.app.state.conversations


ADMIN_COOKIE = "bot_admin"


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


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
AdminDep = Annotated[str, Depends(require_admin)]
