"""`bot eval`: retrieval and refusal figures on the labelled evaluation set."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.errors import fail, friendly_errors
from bot.config import Settings


@click.command("eval")
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
@click.option(
    "--cases",
    type=click.Choice(["dev", "test", "both"]),
    help="Instead: score answers by facts on tests/eval/cases (per kind, refusal confusion matrix).",
)
@click.option(
    "--cases-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("tests/eval/cases"),
    show_default=True,
    help="Folder with dev.jsonl and test.jsonl for --cases.",
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
    cases: str | None,
    cases_dir: Path,
) -> None:
    """Measure hit@1, hit@3, MRR and refusal precision/recall on a labelled question set.

    The index is built in memory from the knowledge folder, so the figures describe the folder as it is.
    """
    import json

    from bot.answering import evaluate as ev
    from bot.runtime import evaluation_runtime

    if cases is not None:
        assistant = evaluation_runtime(settings, knowledge_dir).assistant
        click.echo(_case_report(assistant, cases_dir, cases, as_json))
        return
    labelled = ev.load_cases(eval_set)
    assistant = evaluation_runtime(settings, knowledge_dir).assistant
    outcomes = ev.run_cases(assistant, labelled)
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


def _case_report(assistant, folder: Path, splits: str, as_json: bool) -> str:
    """Fact pass per kind and the refusal confusion matrix on the case-analysis splits (issue 12)."""
    import json
    import time

    from bot.answering import fact_score as fs

    names = ["dev", "test"] if splits == "both" else [splits]
    report, text = {}, []
    for name in names:
        items = fs.load_cases(folder / f"{name}.jsonl")
        started = time.perf_counter()
        results = [fs.answer_item(assistant, item) for item in items]
        report[name] = fs.summarise(results)
        text.append(fs.format_summary(name, report[name], time.perf_counter() - started))
    return json.dumps(report, ensure_ascii=False, indent=2) if as_json else "\n".join(text)
