"""`bot knowledge …`: check the knowledge folder and list the snippets due for review."""

from __future__ import annotations

import datetime as dt
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
    bot knowledge stale                  # snippets due for review (statute amended, or >12 months old)
    bot knowledge stale --json --as-of 2027-06-01
    """


def _as_of(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


_AS_OF = click.option(
    "--as-of",
    callback=_as_of,
    metavar="YYYY-MM-DD",
    help="Judge review dates as of this day instead of today (e.g. what is due next month).",
)


@knowledge.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (length, near-duplicates, due reviews, …) as errors."
)
@_AS_OF
@click.pass_obj
@friendly_errors
def knowledge_check(settings: Settings, directory: Path | None, strict: bool, as_of: dt.date | None) -> None:
    """Print every problem with file and field; exit non-zero on any error."""
    from collections import Counter

    from bot.answering.calculation import LOCAL_FIGURES_FILE
    from bot.answering.calculators import check_local_figures
    from bot.knowledge.folder import load_knowledge

    folder = directory or settings.knowledge_dir
    kb = load_knowledge(folder, today=as_of)
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
        f"错误 {len(kb.errors) + len(figure_problems)} 处，警告 {len(kb.warnings)} 处；待复核 {len(kb.review.stale)} 条"
    )
    if failing or not kb.snippets:
        sys.exit(1)


@knowledge.command("stale")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@_AS_OF
@click.pass_obj
@friendly_errors
def knowledge_stale(settings: Settings, directory: Path | None, as_json: bool, as_of: dt.date | None) -> None:
    """List the snippets due for review: a cited statute (statutes.yaml) was amended after the snippet's
    `reviewed:` date, or that date is more than 12 months old. Exits non-zero only on errors (a bad
    snippet file or statutes.yaml), never because something is due."""
    import json

    from bot.knowledge.folder import load_knowledge
    from bot.knowledge.review import REVIEW_MAX_MONTHS

    kb = load_knowledge(directory or settings.knowledge_dir, near_duplicates=False, today=as_of)
    review = kb.review
    if as_json:
        report = {
            "as_of": review.today.isoformat(),
            "max_age_months": REVIEW_MAX_MONTHS,
            "snippets": len(kb.snippets),
            "statutes": review.statutes,
            "count": len(review.stale),
            "stale": [s.as_dict() for s in review.stale],
            "unlisted_statutes": review.unlisted,
            "errors": [str(p) for p in kb.errors],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(_format_stale(kb, review))
    if kb.errors:
        sys.exit(1)


def _format_stale(kb, review) -> str:
    from bot.knowledge.review import REVIEW_MAX_MONTHS

    lines = [
        f"截至 {review.today.isoformat()}：{len(kb.snippets)} 条有效条目中待复核 {len(review.stale)} 条"
        f"（引用的法规在复核后修订，或超过 {REVIEW_MAX_MONTHS} 个月未复核；statutes.yaml 登记法规 {review.statutes} 部）"
    ]
    for stale in review.stale:
        lines.append(f"  {stale.path}  {stale.title}（复核于 {stale.reviewed}）")
        lines.extend(f"    - {reason}" for reason in stale.reasons)
    if review.unlisted:
        cited = "、".join(f"《{name}》({n})" for name, n in review.unlisted.items())
        lines.append(f"statutes.yaml 未登记修订日期、无法判断是否修订的法规（引用条目数）：{cited}")
    if kb.errors:
        lines.append(f"错误 {len(kb.errors)} 处（这些文件未参与检查）：")
        lines.extend(f"  {p}" for p in kb.errors)
    return "\n".join(lines)
