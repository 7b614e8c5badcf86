"""Staff commands: the worker-demand summary in the terminal, and retention.

Examples:

    bot report                 # the last 7 days against the 7 before
    bot report --since 24h     # also 30d, 36h, 7天 …
    bot prune                  # delete records older than BOT_RETENTION_DAYS (180)
    bot prune --days 90
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from bot.answering.topics import TOPIC_LABELS
from bot.cli.errors import friendly_errors
from bot.config import Settings
from bot.errors import BotError
from bot.records.insights import Comparison, Insights, china_time, parse_period, summarise
from bot.records.store import Records
from bot.vocab import DEFAULT_PERIOD, STATUS_LABELS, TICKET_STATUSES, Status

# Width of the longest bar in the terminal chart, in characters.
BAR_WIDTH = 30


def _settings() -> Settings:
    """The Settings the `bot` group built, or fresh ones when a command runs on its own."""
    context = click.get_current_context(silent=True)
    obj = context.obj if context is not None else None
    return obj if isinstance(obj, Settings) else Settings()


def _existing_database(settings: Settings) -> str | Path | None:
    """The records to open: a PostgreSQL URL as given, a SQLite file only when it exists (looking must not
    create it)."""
    if settings.uses_postgres():
        return settings.database_target()
    path = settings.database_path()
    return path if path.exists() else None


@click.command()
@click.option(
    "--since",
    "since",
    default=DEFAULT_PERIOD,
    show_default=True,
    metavar="PERIOD",
    help="Period to summarise: 24h, 7d, 30d (hours or days); compared with the period before it.",
)
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100), help="Rows per list.")
@friendly_errors
def report(since: str, top: int) -> None:
    """Print the dashboard's summary: questions per day, categories, cited snippets, refusal rates, the
    knowledge-gap queue, thumbs-down answers and tickets."""
    period = parse_period(since)  # a bad value fails before the database is touched
    settings = _settings()
    path = _existing_database(settings)
    if path is None:
        raise BotError(
            f"找不到对话数据库 {settings.database_path()}：服务还没有记录过对话，"
            "或 BOT_STORE_PATH / BOT_DATA_DIR 设置不对"
        )
    with Records(path) as store:
        insights = summarise(
            store,
            period,
            datetime.now(UTC),
            settings.hedge_threshold,
            top=top,
            topic_labels=TOPIC_LABELS,
            ticket_status=TICKET_STATUSES[0],
            ticket_limit=top,
            downvote_limit=top,
        )
    click.echo(format_report(insights, top))


@click.command()
@click.option("--days", type=int, help="Keep this many days (default: BOT_RETENTION_DAYS).")
@friendly_errors
def prune(days: int | None) -> None:
    """Delete conversation turns and feedback older than the retention period, and tickets closed (已办结)
    before it; open tickets are always kept. Running it twice deletes nothing the second time."""
    settings = _settings()
    days = settings.retention_days if days is None else days
    path = _existing_database(settings)
    if path is None:
        click.echo(f"还没有对话数据库（{settings.database_path()}），无需清理")
        return
    with Records(path) as store:
        deleted = store.prune(days)
    click.echo(f"已删除 {deleted} 条超过 {days} 天的记录（对话、评价和已办结的工单；未办结的工单保留）")


# -- the text report ------------------------------------------------------------------------------------


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("持平" if n == 0 else f"−{-n}")


def _rate(insights: Insights, status: str) -> str:
    current, previous = insights.current, insights.previous
    share = current.rate(status)
    before = previous.rate(status)
    text = f"{STATUS_LABELS[status]} {current.count(status)}"
    text += f"（{share * 100:.1f}%" if share is not None else "（—"
    return text + (f"，上期 {before * 100:.1f}%）" if before is not None else "）")


def _comparisons(title: str, rows: list[Comparison], empty: str) -> list[str]:
    lines = ["", f"{title}（本期 / 上期）"]
    if not rows:
        return [*lines, f"  {empty}"]
    for row in rows:
        name = f"{row.label}（{row.key}）" if row.label else row.key
        lines.append(f"  {row.current:>5} / {row.previous:<5} {_signed(row.change):>5}  {name}")
    return lines


def format_report(insights: Insights, top: int = 10) -> str:
    """The summary as terminal text (the same figures as the dashboard)."""
    current, previous = insights.current, insights.previous
    lines = [
        f"12351 职工诉求报告 · {insights.label}（{china_time(insights.start)} 至 {china_time(insights.now)}，"
        "北京时间），与前一时段对比",
        f"提问 {current.total} 条，上期 {previous.total} 条（{_signed(current.total - previous.total)}）",
        "  " + "  ".join(_rate(insights, s) for s in (Status.ANSWERED, Status.NO_MATCH, Status.OUT_OF_SCOPE)),
        "",
        "每日提问量（已回答 / 未找到答案 / 超出服务范围）",
    ]
    peak = max((d.total for d in insights.days), default=0)
    for day in insights.days:
        bar = "█" * (round(day.total / peak * BAR_WIDTH) if peak else 0)
        lines.append(
            f"  {day.day.strftime('%m-%d')} {day.total:>5}  {bar}"
            + (f"  ({day.answered}/{day.no_match}/{day.out_of_scope})" if day.total else "")
        )
    lines += _comparisons("热门分类", insights.categories, "本期还没有提问")
    lines += _comparisons(
        "诉求议题（一段叙述的几个问题各计一次）",
        [
            Comparison(i.topic, i.current, i.previous, i.label if i.label != i.topic else "")
            for i in insights.issues[:top]
        ],
        "本期还没有记录到议题",
    )
    lines += _comparisons(
        "知识库未覆盖的问题（已提示拨打 12351 或转人工）",
        [Comparison(i.topic, i.current, i.previous) for i in insights.uncovered[:top]],
        "本期没有",
    )
    lines += _comparisons("被引用最多的知识条目", insights.snippets, "本期还没有引用知识条目的回答")

    lines += ["", f"知识缺口：待处理 {len(insights.gaps)} 组（相似问法已合并，按次数排序）"]
    if not insights.gaps:
        lines.append("  没有待处理的知识缺口")
    for gap in insights.gaps[:top]:
        kinds = "，".join(
            part
            for part in (
                f"未找到答案 {gap.no_match}" if gap.no_match else "",
                f"把握不大 {gap.low_confidence}" if gap.low_confidence else "",
            )
            if part
        )
        lines.append(f"  ×{gap.count:<4} {gap.example}  [{kinds}；最近 {china_time(gap.last_seen)}]")
    if len(insights.gaps) > top:
        lines.append(f"  …… 另有 {len(insights.gaps) - top} 组，见管理页面 /admin/insights")

    lines += [
        "",
        f"差评（回答“没帮助”）：{len(insights.downvotes)} 条"
        + ("（显示最近几条）" if insights.downvotes else ""),
    ]
    for rated in insights.downvotes[:top]:
        question = rated.turn.question if rated.turn else "（对整段对话的评价）"
        comment = f"  意见：{rated.feedback.comment}" if rated.feedback.comment else ""
        lines.append(f"  {china_time(rated.feedback.created_at)}  问：{question}{comment}")

    counts = insights.ticket_counts
    lines += ["", "工单：" + " · ".join(f"{status} {counts.get(status, 0)}" for status in TICKET_STATUSES)]
    if insights.tickets:
        lines.append(f"  {TICKET_STATUSES[0]}的工单（最新在前）：")
    for ticket in insights.tickets[:top]:
        lines.append(
            f"    {ticket.number}  {ticket.category}  {ticket.phone}  {china_time(ticket.created_at)}  "
            f"{ticket.description[:40]}"
        )
    return "\n".join(lines)
