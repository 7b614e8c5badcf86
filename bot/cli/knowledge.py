"""`bot knowledge …`: check the knowledge folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.errors import friendly_errors
from bot.config import Settings


@click.group()
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

    from bot.answering.calculation import LOCAL_FIGURES_FILE
    from bot.answering.calculators import check_local_figures
    from bot.knowledge.folder import load_knowledge

    folder = directory or settings.knowledge_dir
    kb = load_knowledge(folder)
    for problem in kb.problems:
        click.echo(str(problem))
    # The staff-kept local figures (minimum wage, average wage) the calculators use.
    figures_file = Path(folder) / LOCAL_FIGURES_FILE
    figure_problems = check_local_figures(figures_file) if figures_file.is_file() else []
    for problem in figure_problems:
        click.echo(f"{LOCAL_FIGURES_FILE}: [error] {problem}")
    failing = [*(kb.problems if strict else kb.errors), *figure_problems]
    by_category = Counter(s.category for s in kb.snippets)
    summary = "，".join(f"{cat} {n}" for cat, n in sorted(by_category.items(), key=lambda kv: -kv[1]))
    click.echo(
        f"共 {len(kb.snippets)} 条有效条目（{summary}）；"
        f"错误 {len(kb.errors) + len(figure_problems)} 处，警告 {len(kb.warnings)} 处"
    )
    if failing or not kb.snippets:
        sys.exit(1)
