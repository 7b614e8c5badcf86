"""`bot index …`: build and inspect the search index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.errors import friendly_errors
from bot.config import Settings


@click.group()
def index() -> None:
    """Build and inspect the search index.

    \b
    bot index build                      # knowledge/ -> var/index
    bot index build --knowledge my/ --index /tmp/idx
    """


@index.command("build")
@click.option("--knowledge", "knowledge_dir", type=click.Path(path_type=Path), help="Knowledge folder.")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder.")
@click.option("--if-stale", is_flag=True, help="Only build when the knowledge changed or no index exists.")
@click.option(
    "--full", is_flag=True, help="Embed everything again instead of reusing unchanged files' vectors."
)
@click.pass_obj
@friendly_errors
def index_build(
    settings: Settings, knowledge_dir: Path | None, index_dir: Path | None, if_stale: bool, full: bool
) -> None:
    """Validate the knowledge folder, embed new or changed files, self-check and publish a new version."""
    from tqdm import tqdm

    from bot.index.build import run_build
    from bot.index.embedders import channels, embedder_id, second_channel_names
    from bot.index.versions import IndexStore, is_stale
    from bot.knowledge.folder import read_knowledge
    from bot.runtime import embedder_for

    knowledge_dir = knowledge_dir or settings.knowledge_dir
    store = IndexStore(index_dir or settings.index_dir)
    also = second_channel_names(settings.second_embedder)
    if if_stale and not is_stale(store, knowledge_dir, settings.embedder, also):
        click.echo(f"索引已是最新（{store.current_version()}），无需重建")
        return
    # Validate the folder first: a bad file is reported at once, before the model takes seconds to load.
    snippets = read_knowledge(knowledge_dir)
    embedder = embedder_for(settings, offline_build=True)
    click.echo(f"向量模型：{'、'.join(embedder_id(m) for m in channels(embedder))}", err=True)
    bars: dict[str, tqdm] = {}

    def progress(done: int, total: int, model: str = "") -> None:
        # One bar per model: each embeds the same new texts in turn.
        bar = bars.get(model)
        if bar is None:
            bar = bars[model] = tqdm(
                total=total, desc=f"向量化 {model}", unit="条", file=sys.stderr, disable=None
            )
        bar.total = total
        bar.update(done - bar.n)

    try:
        version, _, stats = run_build(
            knowledge_dir, store, embedder, settings.chunk_chars, full, progress=progress, snippets=snippets
        )
    finally:
        for bar in bars.values():
            bar.close()
    click.echo(
        f"索引已构建：版本 {version}；文件 {stats.files} 个，分块 {stats.chunks} 个，"
        f"向量 {stats.vectors} 条（本次新算 {stats.embedded} 条），用时 {stats.seconds:.1f} 秒"
    )
    click.echo(f"新增 {len(stats.added)} 个，修改 {len(stats.changed)} 个，删除 {len(stats.removed)} 个文件")
    for label, paths in (("新增", stats.added), ("修改", stats.changed), ("删除", stats.removed)):
        for path in paths[:20]:
            click.echo(f"  {label} {path}")
