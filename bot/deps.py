"""Dependencies the web handlers receive: the objects the lifespan put on app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.assistant import Assistant
from bot.config import Settings
from bot.errors import IndexMissingError
from bot.metrics import Metrics
from bot.store import ConversationStore


def get_assistant(request: Request) -> Assistant:
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        raise IndexMissingError("索引尚未加载，服务暂不可用")
    return assistant


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


def get_conversations(request: Request) -> ConversationStore:
    return request.app.state.conversations


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
