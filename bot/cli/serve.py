"""`bot serve`: the web service."""

from __future__ import annotations

import copy
import logging

import click

from bot.cli.errors import friendly_errors
from bot.config import Settings
from bot.text.redact import mask_digit_runs


class MaskedAccessLog(logging.Filter):
    """Masks digit runs in the URLs of uvicorn's access log: a phone number typed into a path
    (/sources/13812345678) or a query must not be kept in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], mask_digit_runs(args[2]), args[3], args[4])
        return True


def log_config() -> dict:
    """uvicorn's default logging, with MaskedAccessLog on the access log."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["masked_access"] = {"()": MaskedAccessLog}
    config["handlers"]["access"]["filters"] = ["masked_access"]
    return config


@click.command()
@click.option("--host", help="Address to listen on (default from BOT_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default from BOT_PORT, 8000).")
@click.option("--watch", is_flag=True, help="Rebuild the index when the knowledge folder changes.")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True, help="Worker processes.")
@click.pass_obj
@friendly_errors
def serve(settings: Settings, host: str | None, port: int | None, watch: bool, workers: int) -> None:
    """Start the web service (loads the index once at start-up; refuses to start without one).

    With several workers each process follows the index version pointer, so a rebuild reaches all of them.
    """
    import os

    import uvicorn

    from bot.http.app import create_app
    from bot.index.versions import IndexStore

    updates = {"host": host, "port": port, "watch": watch or None}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v})
    store = IndexStore(settings.index_dir)
    if not store.versions():
        # No index yet (a damaged current version is not rebuilt here: start-up serves an older good one): build one from the knowledge folder; if that is impossible, say why and stop.
        from bot.index.build import run_build
        from bot.runtime import embedder_for

        click.echo(f"还没有索引，正在从 {settings.knowledge_dir} 构建……")
        embedder = embedder_for(settings, offline_build=True)
        version, _, stats = run_build(settings.knowledge_dir, store, embedder, settings.chunk_chars)
        click.echo(f"索引已构建：版本 {version}（{stats.files} 个文件）")
    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="info",
            log_config=log_config(),
        )
        return
    if settings.watch:
        raise click.UsageError("--watch 只能在单进程（--workers 1）时使用")
    # Worker processes build their own app from the environment, so pass the settings through it.
    for name, value in settings.model_dump().items():
        if value is not None and name not in ("host", "port"):
            os.environ[f"BOT_{name.upper()}"] = str(value)
    uvicorn.run(
        "bot.http.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="info",
        log_config=log_config(),
    )
