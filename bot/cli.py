"""Command line: build the index, search it, check the knowledge base, serve the assistant.

Examples:

    bot index build
    bot search "老板拖欠工资怎么办" -k 5 --region 广东省
    bot knowledge check knowledge/
    bot serve --port 8000
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from bot import cli_report
from bot.cli_errors import fail, friendly_errors
from bot.config import Settings

logger = logging.getLogger("bot")


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress details.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """12351 worker-service assistant. Settings come from BOT_* environment variables; options override."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        ctx.obj = Settings()
    except ValidationError as exc:
        problems = "；".join(f"BOT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        fail(f"环境变量设置有误：{problems}")


@main.group()
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

    from bot.builder import run_build
    from bot.embed import load_embedder
    from bot.index import IndexStore, is_stale

    knowledge_dir = knowledge_dir or settings.knowledge_dir
    store = IndexStore(index_dir or settings.index_dir)
    if if_stale and not is_stale(store, knowledge_dir, settings.embedder):
        click.echo(f"索引已是最新（{store.current_version()}），无需重建")
        return
    embedder = load_embedder(settings.embedder, settings.build_threads, settings.st_model)
    with tqdm(total=0, desc="向量化", unit="条", file=sys.stderr, disable=None) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        version, _, stats = run_build(
            knowledge_dir, store, embedder, settings.chunk_chars, full, progress=progress
        )
    click.echo(
        f"索引已构建：版本 {version}；文件 {stats.files} 个，分块 {stats.chunks} 个，"
        f"向量 {stats.vectors} 条（本次新算 {stats.embedded} 条），用时 {stats.seconds:.1f} 秒"
    )
    click.echo(f"新增 {len(stats.added)} 个，修改 {len(stats.changed)} 个，删除 {len(stats.removed)} 个文件")
    for label, paths in (("新增", stats.added), ("修改", stats.changed), ("删除", stats.removed)):
        for path in paths[:20]:
            click.echo(f"  {label} {path}")


@main.command()
@click.argument("query")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 50), help="Number of hits.")
@click.option("--region", type=click.Choice(["全国", "广东省", "揭阳市"]), help="Worker's region.")
@click.option("--category", help="Only this category (e.g. 工伤).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder.")
@click.pass_obj
@friendly_errors
def search(
    settings: Settings, query: str, k: int, region: str | None, category: str | None, index_dir: Path | None
) -> None:
    """Print the ranked passages for QUERY with scores, title and source."""
    from bot.retrieve import check_query

    check_query(query, settings.max_query_chars)  # fail before loading the model
    retriever = _open_retriever(settings, index_dir)
    result = retriever.search(query, k=k, region=region, category=category)
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


def _open_retriever(settings: Settings, index_dir: Path | None = None):
    from bot.embed import load_embedder
    from bot.index import IndexStore
    from bot.retrieve import make_retriever

    store = IndexStore(index_dir or settings.index_dir)
    store.current_path()  # a missing index is reported before the model loads
    embedder = load_embedder(settings.embedder, settings.embedder_threads, settings.st_model)
    return make_retriever(settings, embedder, store.load(embedder))


@main.group()
def knowledge() -> None:
    """Check the knowledge folder.

    \b
    bot knowledge check                  # the configured folder
    bot knowledge check knowledge/ --strict
    """


@knowledge.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (length, near-duplicates, …) as errors.")
@click.pass_obj
@friendly_errors
def knowledge_check(settings: Settings, directory: Path | None, strict: bool) -> None:
    """Print every problem with file and field; exit non-zero on any error."""
    from collections import Counter

    from bot.knowledge import load_knowledge

    kb = load_knowledge(directory or settings.knowledge_dir)
    for problem in kb.problems:
        click.echo(str(problem))
    failing = kb.problems if strict else kb.errors
    by_category = Counter(s.category for s in kb.snippets)
    summary = "，".join(f"{cat} {n}" for cat, n in sorted(by_category.items(), key=lambda kv: -kv[1]))
    click.echo(
        f"共 {len(kb.snippets)} 条有效条目（{summary}）；错误 {len(kb.errors)} 处，警告 {len(kb.warnings)} 处"
    )
    if failing or not kb.snippets:
        sys.exit(1)


@main.command("eval")
@click.option(
    "--set",
    "eval_set",
    type=click.Path(path_type=Path),
    default=Path("tests/eval/questions.jsonl"),
    show_default=True,
    help="JSONL evaluation set.",
)
@click.option("--knowledge", "knowledge_dir", type=click.Path(path_type=Path), help="Knowledge folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--calibrate", is_flag=True, help="Choose the refusal threshold that gets most cases right.")
@click.option(
    "--min-hit3", type=click.FloatRange(0, 1), help="Exit non-zero when hit@3 is below this (CI gate)."
)
@click.pass_obj
@friendly_errors
def evaluate(
    settings: Settings,
    eval_set: Path,
    knowledge_dir: Path | None,
    as_json: bool,
    calibrate: bool,
    min_hit3: float | None,
) -> None:
    """Measure hit@1, hit@3, MRR and refusal precision/recall on a labelled question set.

    The index is built in memory from the knowledge folder, so the figures describe the folder as it is.
    """
    import json

    from bot import evaluate as ev
    from bot.assistant import Assistant
    from bot.embed import load_embedder
    from bot.index import build_index
    from bot.knowledge import read_knowledge
    from bot.retrieve import make_retriever

    cases = ev.load_cases(eval_set)
    snippets = read_knowledge(knowledge_dir or settings.knowledge_dir)
    embedder = load_embedder(settings.embedder, settings.build_threads, settings.st_model)
    index = build_index(snippets, embedder, settings.chunk_chars)
    retriever = make_retriever(settings, embedder, index)
    assistant = Assistant(
        retriever,
        settings.refusal_threshold,
        settings.off_domain_threshold,
        k=settings.answer_k,
        hedge_threshold=settings.hedge_threshold,
    )
    outcomes = ev.run_cases(assistant, cases)
    if calibrate:
        report = ev.calibrate(assistant, outcomes)
    else:
        report = ev.summarise(outcomes, settings.refusal_threshold, settings.off_domain_threshold)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_format_report(report, calibrate))
    if min_hit3 is not None and report.hit3 < min_hit3:
        fail(f"hit@3 = {report.hit3:.3f}，低于要求的 {min_hit3:.2f}")


def _format_report(report, calibrated: bool) -> str:
    lines = [
        f"评测问题 {report.n} 条；拒答阈值 {report.threshold:.2f}，无行业词问题阈值 {report.off_domain_threshold:.2f}"
        + ("（校准所得：写入 BOT_REFUSAL_THRESHOLD / BOT_OFF_DOMAIN_THRESHOLD）" if calibrated else ""),
        f"hit@1 {report.hit1:.3f}   hit@3 {report.hit3:.3f}   MRR {report.mrr:.3f}   首条即答对并作答 {report.answered_correct:.3f}",
        f"拒答 precision {report.refusal_precision:.3f}   recall {report.refusal_recall:.3f}",
        "",
        f"{'分类':<8}{'数量':>6}{'hit@1':>8}{'hit@3':>8}{'拒答率':>8}",
    ]
    for category, row in report.by_category.items():
        hit1 = f"{row['hit1']:.2f}" if "hit1" in row else "-"
        hit3 = f"{row['hit3']:.2f}" if "hit3" in row else "-"
        lines.append(f"{category:<8}{row['n']:>6}{hit1:>8}{hit3:>8}{row['refused']:>8.2f}")
    if report.misses:
        lines += ["", f"未命中或判断错误 {len(report.misses)} 条："]
        for miss in report.misses:
            lines.append(
                f"  {miss['id']} [{miss['status']} {miss['top_dense']}] {miss['question'][:40]} "
                f"期望 {','.join(miss['expected']) or '拒答'} 实得 {','.join(miss['got'])}"
            )
    return "\n".join(lines)


@main.command()
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

    from bot.app import create_app
    from bot.index import IndexStore

    updates = {"host": host, "port": port, "watch": watch or None}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v})
    store = IndexStore(settings.index_dir)
    if store.current_version() is None:
        # No index yet: build one from the knowledge folder; if that is impossible, say why and stop.
        from bot.builder import run_build
        from bot.embed import load_embedder

        click.echo(f"还没有索引，正在从 {settings.knowledge_dir} 构建……")
        embedder = load_embedder(settings.embedder, settings.build_threads, settings.st_model)
        version, _, stats = run_build(settings.knowledge_dir, store, embedder, settings.chunk_chars)
        click.echo(f"索引已构建：版本 {version}（{stats.files} 个文件）")
    if workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
        return
    if settings.watch:
        raise click.UsageError("--watch 只能在单进程（--workers 1）时使用")
    # Worker processes build their own app from the environment, so pass the settings through it.
    for name, value in settings.model_dump().items():
        if value is not None and name not in ("host", "port"):
            os.environ[f"BOT_{name.upper()}"] = str(value)
    uvicorn.run(
        "bot.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="info",
    )


main.add_command(cli_report.report)
main.add_command(cli_report.prune)

if __name__ == "__main__":
    main()
