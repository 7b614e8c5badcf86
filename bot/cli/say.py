"""`bot say "问题" -o out.wav`: the answer's phone version as a WAV (espeak-ng), like an IVR reply.

\b
bot say "被辞退了能拿多少补偿" -o reply.wav
bot say "产假有几天" -o reply.wav --voice yue
bot say "年假有几天" --text        # print the spoken text only
"""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.errors import fail, friendly_errors
from bot.config import Settings
from bot.vocab import REGIONS


@click.command()
@click.argument("question")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="WAV file to write.")
@click.option(
    "--voice",
    type=click.Choice(["cmn", "yue"]),
    default="cmn",
    show_default=True,
    help="cmn: Mandarin (via pinyin); yue: Cantonese.",
)
@click.option("--region", type=click.Choice(REGIONS), help="Worker's region.")
@click.option("--text", "text_only", is_flag=True, help="Print the spoken text only; write no audio.")
@click.pass_obj
@friendly_errors
def say(
    settings: Settings, question: str, output: Path | None, voice: str, region: str | None, text_only: bool
) -> None:
    """Answer QUESTION and write its spoken version to a WAV file (robotic: a demonstration)."""
    from bot.answering.speech import espeak_path, synthesise
    from bot.answering.spoken import speak
    from bot.index.search import check_query
    from bot.runtime import build_runtime

    if not text_only:
        if output is None:
            fail('请用 -o 指定要写入的 WAV 文件，例如：bot say "问题" -o reply.wav（或加 --text 只输出文字）')
        if espeak_path() is None:  # before loading the index and the model
            fail(
                "未找到 espeak-ng，无法生成语音：请先安装（Debian/Ubuntu：apt-get install espeak-ng），或加 --text 只输出口播文字"
            )
    check_query(question, settings.max_query_chars)
    answer = build_runtime(settings).assistant.answer(question, region=region)
    text = speak(answer).text
    click.echo(text)
    if text_only:
        return
    path = synthesise(text, output, voice)
    click.echo(
        f"已写入 {path}（{path.stat().st_size // 1024} KB，espeak-ng 合成，声音机械，仅作演示）", err=True
    )
