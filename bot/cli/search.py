"""`bot search`: ranked passages for a query, with scores."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.errors import friendly_errors
from bot.config import Settings
from bot.vocab import REGIONS


@click.command()
@click.argument("query")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 50), help="Number of hits.")
@click.option("--region", type=click.Choice(REGIONS), help="Worker's region.")
@click.option("--category", help="Only this category (e.g. 工伤).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder.")
@click.pass_obj
@friendly_errors
def search(
    settings: Settings, query: str, k: int, region: str | None, category: str | None, index_dir: Path | None
) -> None:
    """Print the ranked passages for QUERY with scores, title and source."""
    from bot.index.search import check_query
    from bot.runtime import search_runtime

    check_query(query, settings.max_query_chars)  # fail before loading the model
    result = search_runtime(settings, index_dir).retriever.search(
        query, k=k, region=region, category=category
    )
    if not result.hits:
        click.echo("没有找到相关条目")
        return
    click.echo(f"最高语义相似度 {result.top_dense:.3f}")
    for n, hit in enumerate(result.hits, start=1):
        c = hit.chunk
        lexical = hit.lexical_rank if hit.lexical_rank is not None else "-"
        click.echo(
            f"{n}. [{hit.score:.4f} | 语义 {hit.dense:.3f} | 词频排名 {lexical}] {c.title}（{c.region}）\n"
            f"   {c.source} · {c.id}"
        )
