"""`bot serve`: the web service."""

from __future__ import annotations

import copy
import logging
import socket

import click
import uvicorn

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


class TcpConfig(uvicorn.Config):
    """uvicorn's config, but the shared listening socket of `--workers N` says it is TCP.

    uvicorn creates that socket with protocol 0, and asyncio only sets TCP_NODELAY on accepted connections
    whose socket reports IPPROTO_TCP; without it Nagle holds back the second write of each response until the
    client's delayed ACK, adding ~40 ms to every request on a kept-alive connection (uvicorn issue #3149).
    """

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            sock.set_inheritable(True)
        return sock


def _prepare_database(settings: Settings) -> None:
    """Connect to the records database and migrate it before serving. PostgreSQL must be reachable (a
    replica without its shared records would lose them): StoreError, so the command fails naming the URL
    without its password. A SQLite file that is locked right now is retried by the first request instead."""
    from bot.errors import BotError
    from bot.records.store import Records

    with Records(settings.database_target()) as records:
        try:
            records.db.upgrade()
        except BotError:
            if settings.uses_postgres():
                raise
            click.echo(f"警告：对话数据库 {records.db.label} 暂时无法打开，将在收到请求时重试", err=True)


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
    import json
    import os

    from bot.http.app import create_app
    from bot.index.versions import IndexStore

    updates = {"host": host, "port": port, "watch": watch or None}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v})
    _prepare_database(settings)
    store = IndexStore(settings.index_dir)
    if not store.versions():
        # No index yet (a damaged current version is not rebuilt here: start-up serves an older good one): build one from the knowledge folder; if that is impossible, say why and stop.
        from bot.index.build import run_build
        from bot.runtime import embedder_for

        click.echo(f"还没有索引，正在从 {settings.knowledge_dir} 构建……")
        embedder = embedder_for(settings, offline_build=True)
        version, _, stats = run_build(settings.knowledge_dir, store, embedder, settings.chunk_chars)
        del embedder  # the build's models (numpy e5: ~150 MB) are not the ones the server loads
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
            # Lists and tuples (fusion weights) are read back from the environment as JSON.
            text = json.dumps(list(value)) if isinstance(value, list | tuple) else str(value)
            os.environ[f"BOT_{name.upper()}"] = text
    config = TcpConfig(
        "bot.http.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="info",
        log_config=log_config(),
    )
    from uvicorn.supervisors import Multiprocess

    Multiprocess(config, sockets=[config.bind_socket()]).run()
