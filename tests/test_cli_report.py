"""`bot report` and `bot prune` through click's CliRunner, on a database seeded under tmp_path."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import click
import pytest
from click.testing import CliRunner

from bot.cli import report as cli_report
from bot.config import Settings
from bot.records.store import Records


class Clock:
    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", index_dir=tmp_path / "index", retention_days=30)


@pytest.fixture
def seeded(settings) -> Settings:
    """This week: 4 answered, 3 no_match variants of one question, 1 out_of_scope; last week: 2 answered;
    a 👎, two tickets, and rows 40 days old for prune."""
    clock = Clock()
    real_now = clock.now

    def log(ago, question, status="answered", category="工资", cited=("wage-arrears",), confidence=0.8):
        clock.now = real_now - ago
        return store.turns.log("s1", question, status, category, list(cited), confidence, 9, answer="答复")

    with Records(settings.database_path(), clock=clock) as store:
        for hours in (1, 2, 3):
            log(timedelta(hours=hours), "老板拖欠工资怎么办")
        log(timedelta(days=2), "试用期最长多久", category="劳动合同", cited=("probation-length",))
        for question in (
            "宿舍热水器坏了找谁修",
            "请问宿舍热水器坏了找谁修？",
            "厂里宿舍的热水器坏了找谁修啊",
        ):
            log(timedelta(hours=5), question, "no_match", None, (), 0.3)
        log(timedelta(hours=6), "今天天气怎么样", "out_of_scope", None, ())
        for days in (8, 9):
            log(timedelta(days=days), "工伤认定多久内要申请", category="工伤", cited=("injury-deadline",))
        rated = log(timedelta(hours=1), "加班费怎么算")
        clock.now = real_now
        store.feedback.add(rated, "s1", "down", "没说节假日")
        store.tickets.create("法律援助", "欠薪三个月，想申请法律援助", "13812345678", "张三")
        old = log(timedelta(days=40), "很久以前的问题")
        store.feedback.add(old, "s1", "up")
    return settings


def run(command, args, settings=None, **kwargs):
    return CliRunner().invoke(command, args, obj=settings, **kwargs)


def test_report_prints_the_summary(seeded):
    result = run(cli_report.report, ["--since", "7d"], seeded)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "12351 职工诉求报告 · 近 7 天" in out
    assert "提问 9 条，上期 2 条（+7）" in out
    assert "未找到答案 3（33.3%，上期 0.0%）" in out and "超出服务范围 1（11.1%" in out
    assert re.search(r"^ +4 / 0 +\+4  工资$", out, re.M) and re.search(r"^ +1 / 0 +\+1  劳动合同$", out, re.M)
    assert (
        "wage-arrears" in out
        and "injury-deadline" not in out.split("被引用最多的知识条目")[1].split("知识缺口")[0]
    )
    assert "知识缺口：待处理 1 组" in out
    assert re.search(r"×3 +\S*热水器\S*  \[未找到答案 3；最近 ", out)
    assert "差评（回答“没帮助”）：1 条" in out and "问：加班费怎么算  意见：没说节假日" in out
    assert "工单：待处理 1 · 处理中 0 · 已办结 0" in out and "138****5678" in out and "13812345678" not in out
    assert out.count("█") > 0


@pytest.mark.parametrize("since, label, days", [("24h", "近 24 小时", 14), ("30d", "近 30 天", 60)])
def test_report_periods(seeded, since, label, days):
    result = run(cli_report.report, ["--since", since], seeded)
    assert result.exit_code == 0, result.output
    assert label in result.output
    daily = result.output.split("每日提问量")[1].split("热门分类")[0].strip().splitlines()
    assert len(daily) == days + 1  # the legend line and one line per day


@pytest.mark.parametrize("since", ["7", "7x", "0d", "1w", "forever", "400d"])
def test_report_bad_period_is_a_clear_chinese_error(seeded, since):
    result = run(cli_report.report, ["--since", since], seeded)
    assert result.exit_code == 1
    assert f"错误：时间范围“{since}”无法识别" in result.stderr and "24h" in result.stderr
    assert "Traceback" not in result.output


def test_report_without_a_database_says_where_it_looked(settings):
    result = run(cli_report.report, [], settings)
    assert result.exit_code == 1
    assert "找不到对话数据库" in result.stderr and str(settings.database_path()) in result.stderr
    assert not settings.database_path().exists()  # looking does not create it


def test_report_on_an_unreadable_database_fails_cleanly(settings):
    settings.database_path().parent.mkdir(parents=True)
    settings.database_path().write_bytes(b"not a database" * 100)
    result = run(cli_report.report, [], settings)
    assert result.exit_code == 1 and result.stderr.startswith("错误：") and "Traceback" not in result.output


def test_report_reads_settings_from_the_environment_without_a_group(seeded):
    result = CliRunner().invoke(
        cli_report.report, ["--since", "24h"], env={"BOT_DATA_DIR": str(seeded.data_dir)}
    )
    assert result.exit_code == 0, result.output
    assert "近 24 小时" in result.output and "提问 8 条" in result.output


def test_commands_work_inside_a_group_that_passes_settings(seeded):
    @click.group()
    @click.pass_context
    def main(ctx):
        ctx.obj = seeded

    main.add_command(cli_report.report)
    main.add_command(cli_report.prune)
    assert CliRunner().invoke(main, ["report", "--since", "30d"]).exit_code == 0
    assert "已删除" in CliRunner().invoke(main, ["prune"]).output


def test_prune_deletes_old_rows_and_is_idempotent(seeded):
    result = run(cli_report.prune, [], seeded)  # retention_days=30 from the settings
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip() == "已删除 2 条超过 30 天的记录（对话、评价和已办结的工单；未办结的工单保留）"
    )
    assert "已删除 0 条" in run(cli_report.prune, [], seeded).output
    with Records(seeded.database_path()) as store:
        assert "很久以前的问题" not in {t.question for t in store.turns.list()}
        assert len(store.tickets.list()) == 1


def test_prune_days_option(seeded):
    result = run(cli_report.prune, ["--days", "5"], seeded)
    assert result.exit_code == 0
    assert (
        "超过 5 天" in result.output and "已删除 4 条" in result.output
    )  # 2 old turns + 40-day turn + its 👍


def test_prune_rejects_negative_days_in_chinese(seeded):
    result = run(cli_report.prune, ["--days", "-1"], seeded)
    assert result.exit_code == 1 and "错误：保留天数不能为负数" in result.stderr


def test_prune_without_a_database(settings):
    result = run(cli_report.prune, [], settings)
    assert result.exit_code == 0 and "无需清理" in result.output
    assert not settings.database_path().exists()
