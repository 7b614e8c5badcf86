"""`bot calc …`: entitlement calculators in the terminal, one subcommand per calculator.

\b
bot calc severance --years 3 --months 2 --wage 5000
bot calc double_wage --months-without-contract 8 --wage 4000
bot calc annual_leave --years-worked 21
bot calc maternity_leave --region 广东省
"""

from __future__ import annotations

import datetime as dt
import types
import typing

import click

from bot.answering.calculators import CALCULATORS, Calculator
from bot.cli.errors import friendly_errors
from bot.config import Settings

# Short spellings workers' advocates type: --wage for the monthly wage.
ALIASES = {"monthly_wage": ("--wage",)}


def _metavar(annotation) -> tuple[str, bool]:
    """The placeholder shown in --help for a field annotation (Optional stripped), and whether it is a flag.

    Values are passed on as text: the calculator's own validation reads "3" as 3 and refuses "abc" with a
    Chinese message naming the field, where click's type checks would answer in English.
    """
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = args[0] if len(args) == 1 else annotation
    if annotation is bool:
        return "", True
    if typing.get_origin(annotation) is typing.Literal:
        return "|".join(str(v) for v in typing.get_args(annotation)), False
    return {dt.date: "YYYY-MM-DD", int: "整数", float: "数字"}.get(annotation, "文字"), False


def _options(calculator: Calculator) -> list[click.Option]:
    options = []
    for name, field in calculator.input_model.model_fields.items():
        metavar, is_flag = _metavar(field.annotation)
        flag = "--" + name.replace("_", "-")
        decls = [flag, *ALIASES.get(name, ()), name]
        help_text = f"{field.title or name}：{field.description or ''}"
        if is_flag:
            options.append(click.Option([f"{flag}/--no-{flag[2:]}", name], default=None, help=help_text))
        else:
            options.append(click.Option(decls, type=str, metavar=metavar, default=None, help=help_text))
    return options


def _format(result) -> str:
    calc = result.calculation
    lines = [f"{result.title}"]
    figures = []
    if calc.months is not None:
        figures.append(f"{calc.months:g} 个月")
    if calc.amount is not None:
        figures.append(f"{calc.amount:,.2f} 元")
    if calc.days is not None:
        figures.append(f"{calc.days} 天")
    if calc.deadline is not None:
        figures.append(f"截止 {calc.deadline.isoformat()}")
    if calc.headline:
        figures.append(calc.headline)
    if figures:
        lines.append("结果：" + "，".join(figures))
    lines.append(f"公式：{calc.formula}")
    for i, (step, n) in enumerate(zip(calc.steps, result.step_citations, strict=True), start=1):
        lines.append(f"  {i}. {step.text}（{step.source}）" + (f" [{n}]" if n else ""))
    for note in calc.notes:
        lines.append(f"注意：{note}")
    for ask in calc.asks:
        lines.append(f"还需要：{ask}")
    if result.citations:
        lines.append("法律依据：")
        lines.extend(f"  [{c.n}] {c.title}｜{c.source}（{c.region}）" for c in result.citations)
    return "\n".join(lines)


def _command(calculator: Calculator) -> click.Command:
    @click.pass_obj
    @friendly_errors
    def run(settings: Settings, **values) -> None:
        from bot.answering.calculation import cite_calculation, local_figures
        from bot.answering.calculators import calculate
        from bot.index.index import ChunkCatalogue, read_chunks
        from bot.index.versions import IndexStore

        inputs = {k: v for k, v in values.items() if v is not None}
        result = calculate(calculator.name, inputs, figures=local_figures(settings.knowledge_dir))
        store = IndexStore(settings.index_dir)
        if store.current_version() is None:  # the figures never need the index; the citations come from it
            click.echo(_format(_uncited(result, calculator.title)))
            return
        catalogue = ChunkCatalogue(read_chunks(store.current_path()))
        click.echo(_format(cite_calculation(result, calculator.title, catalogue)))

    return click.Command(
        calculator.name,
        callback=run,
        params=_options(calculator),
        help=calculator.title,
    )


def _uncited(calculation, title):
    from bot.answering.calculation import CitedCalculation

    return CitedCalculation(calculation, title, tuple(None for _ in calculation.steps), ())


calc = click.Group("calc", help=__doc__, commands={c.name: _command(c) for c in CALCULATORS.values()})
