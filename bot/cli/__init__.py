"""Command line: build the index, search it, check the knowledge base, serve the assistant.

Examples:

    bot index build
    bot search "老板拖欠工资怎么办" -k 5 --region 广东省
    bot knowledge check knowledge/
    bot serve --port 8000
    bot db upgrade
    bot say "被辞退了能拿多少补偿" -o reply.wav
"""

from __future__ import annotations

import logging

import click
from pydantic import ValidationError

from bot.cli import calc, db, index, knowledge, report, say, search, serve
from bot.cli import eval as eval_command
from bot.cli.errors import fail
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


main.add_command(index.index)
main.add_command(search.search)
main.add_command(knowledge.knowledge)
main.add_command(eval_command.evaluate)
main.add_command(serve.serve)
main.add_command(calc.calc)
main.add_command(report.report)
main.add_command(report.prune)
main.add_command(db.db)
main.add_command(say.say)
if __name__ == "__main__":
    main()
