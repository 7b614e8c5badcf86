"""Web layer: the FastAPI application, built by `create_app(settings)`."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.config import Settings
from bot.embed import load_embedder
from bot.index import IndexStore
from bot.retrieve import Retriever

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the lifespan loads the embedder and index once and keeps them on app.state."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = IndexStore(settings.index_dir)
        store.current_path()  # fail fast, before loading the model, when nothing was built
        embedder = load_embedder(settings.embedder, settings.embedder_threads, settings.st_model)
        app.state.retriever = Retriever(
            embedder, store.load(embedder), settings.candidates, settings.rrf_k, settings.max_query_chars
        )
        logger.info("index %s loaded", store.current_version())
        yield

    app = FastAPI(title="12351 职工服务 AI 助手", lifespan=lifespan)
    app.state.settings = settings

    @app.get("/healthz")
    def healthz() -> dict:
        """Liveness: the process answers."""
        return {"ok": True}

    return app
