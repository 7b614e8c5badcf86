"""`bot db`: the records database (SQLite file or PostgreSQL, BOT_DATABASE_URL).

Examples:

    bot db upgrade      # create or migrate the schema (the server also does this at start-up)
    bot db status       # where the records live and their schema version
"""

from __future__ import annotations

import click

from bot.cli.errors import friendly_errors
from bot.config import Settings
from bot.records.migrate import HEAD
from bot.records.store import Records


@click.group()
def db() -> None:
    """The records database: BOT_DATABASE_URL (a SQLite path, default <data_dir>/bot.sqlite3, or
    postgresql://user:password@host:5432/name)."""


@db.command()
@click.pass_obj
@friendly_errors
def upgrade(settings: Settings) -> None:
    """Create the schema in an empty database or migrate it to the newest version (idempotent)."""
    with Records(settings.database_target()) as records:
        changed = records.db.upgrade()
        label = records.db.label
    click.echo(f"数据库 {label} {'已升级到' if changed else '已是'}结构版本 {HEAD}")


@db.command()
@click.pass_obj
@friendly_errors
def status(settings: Settings) -> None:
    """Print where the records live and the schema version they are at."""
    if not settings.uses_postgres() and not settings.database_path().exists():
        click.echo(f"数据库：{settings.database_path()}（还不存在，服务第一次启动或 bot db upgrade 时创建）")
        return
    with Records(settings.database_target(), read_only=True) as records:
        revision = records.db.revision()
        label = records.db.label
    state = (
        "最新"
        if revision == HEAD
        else ("空库，需运行 bot db upgrade" if revision is None else "需运行 bot db upgrade")
    )
    click.echo(f"数据库：{label}\n结构版本：{revision or '无'}（本程序：{HEAD}，{state}）")
