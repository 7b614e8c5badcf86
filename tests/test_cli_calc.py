"""`bot calc …`: figures, formula and articles in the terminal; bad input is '错误：…' and a non-zero exit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REAL_KNOWLEDGE

from bot.answering.calculators import CALCULATORS
from bot.cli import main

pytest_plugins = ["support.app_fixtures"]


def calc(args: list[str], index: Path) -> Result:
    """`bot calc ARGS` in-process, citing from `index` and reading the repository's local figures."""
    env = {"BOT_INDEX_DIR": str(index), "BOT_KNOWLEDGE_DIR": str(REAL_KNOWLEDGE)}
    return CliRunner().invoke(main, ["calc", *args], env=env)


def test_severance_prints_the_figure_formula_and_articles(real_fake_index_dir):
    result = calc(["severance", "--years", "3", "--months", "2", "--wage", "5000"], real_fake_index_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "经济补偿（N）"
    assert lines[1] == "结果：3.5 个月，17,500.00 元"
    assert lines[2] == "公式：经济补偿＝3.5个月×5000元＝17500元"
    assert "（《劳动合同法》第四十七条第一款） [1]" in result.stdout
    assert "法律依据：" in lines
    assert "  [1] 经济补偿怎么算：每满一年付一个月工资｜《劳动合同法》第四十七条（全国）" in lines


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["illegal_termination", "--years", "3", "--months", "2", "--wage", "5000"],
            "结果：7 个月，35,000.00 元",
        ),
        (["double_wage", "--months-without-contract", "8", "--wage", "4000"], "结果：7 个月，28,000.00 元"),
        (["annual_leave", "--years-worked", "21"], "结果：15 天"),
        (["maternity_leave", "--region", "广东省"], "结果：178 天"),
        (["maternity_leave", "--region", "广东省", "--difficult-birth"], "结果：193 天"),
        (
            ["severance", "--start-date", "2020-01-01", "--end-date", "2023-03-01", "--wage", "5000"],
            "17,500.00 元",
        ),
        (["non_compete", "--wage", "8000"], "结果：2,400.00 元"),
        (["non_compete", "--wage", "5000", "--minimum-wage", "1750"], "结果：1,750.00 元"),
        (
            ["retirement_age", "--sex", "男", "--birth-year", "1965", "--birth-month", "1"],
            "结果：法定退休年龄60岁1个月，2025年2月退休",
        ),
        (
            ["retirement_age", "--sex", "女", "--female-original-age", "50", "--birth-year", "1984"],
            "结果：法定退休年龄54岁7个月至55岁，2038年8月至2039年12月退休",
        ),
    ],
)
def test_other_calculators_print_their_figures(real_fake_index_dir, args, expected):
    result = calc(args, real_fake_index_dir)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout and "公式：" in result.stdout and "法律依据：" in result.stdout


def test_without_an_index_the_figures_still_come_with_their_articles(tmp_path):
    result = calc(["severance", "--years", "3", "--months", "2", "--wage", "5000"], tmp_path / "no-index")
    assert result.exit_code == 0, result.output
    assert "公式：经济补偿＝3.5个月×5000元＝17500元" in result.stdout
    assert "《劳动合同法》第四十七条" in result.stdout and "法律依据：" not in result.stdout


FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()
NEXT_YEAR = dt.date.today().year + 1


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["severance", "--years", "300", "--wage", "5000"], ["工作年数（years）", "不能大于60"]),
        (["severance", "--years", "-1", "--wage", "5000"], ["工作年数", "不能小于0"]),
        (["severance", "--years", "3", "--wage", "-5000"], ["月工资（monthly_wage）", "必须大于0"]),
        (["severance", "--years", "3", "--wage", "0"], ["月工资", "必须大于0"]),
        (["severance", "--years", "三", "--wage", "5000"], ["工作年数", "应为整数"]),
        (["severance", "--years", "3", "--wage", "abc"], ["月工资", "应为数字"]),
        (["severance", "--years", "3"], ["缺少必填项", "月工资（monthly_wage）"]),
        (
            ["severance", "--start-date", "2020-31-01", "--end-date", "2021-01-01", "--wage", "5000"],
            ["入职日期", "应为日期"],
        ),
        (
            ["severance", "--start-date", "2020-01-01", "--end-date", FUTURE, "--wage", "5000"],
            ["离职日期", "不能晚于今天"],
        ),
        (["maternity_leave", "--region", "北京"], ["地区（region）", "只能是：全国、广东省、揭阳市"]),
        (["maternity_leave", "--miscarriage", "--pregnancy-months", "40"], ["怀孕月数", "不能大于10"]),
        (["annual_leave"], ["缺少必填项", "累计工作年限"]),
        (["non_compete"], ["缺少必填项", "离职前平均月工资"]),
        (["retirement_age", "--sex", "男", "--birth-year", str(NEXT_YEAR)], ["出生年份", "不能晚于今年"]),
        (["retirement_age", "--sex", "男", "--birth-year", "1970", "--birth-month", "13"], ["不能大于12"]),
        (["retirement_age", "--sex", "男", "--age", "200"], ["现在年龄（age）", "不能大于100"]),
        (["retirement_age", "--sex", "man", "--birth-year", "1970"], ["性别（sex）", "只能是：男、女"]),
    ],
)
def test_bad_input_is_a_chinese_error_and_a_non_zero_exit(real_fake_index_dir, args, fragments):
    result = calc(args, real_fake_index_dir)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith("错误：输入有误："), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_calc_help_lists_every_calculator(real_fake_index_dir):
    result = calc(["--help"], real_fake_index_dir)
    assert result.exit_code == 0
    for calculator in CALCULATORS.values():
        assert calculator.name in result.stdout and calculator.title in result.stdout
    assert "bot calc severance --years 3 --months 2 --wage 5000" in result.stdout


def test_calculator_help_shows_chinese_labels_and_value_kinds(real_fake_index_dir):
    result = calc(["severance", "--help"], real_fake_index_dir)
    assert result.exit_code == 0
    assert "--monthly-wage, --wage 数字" in result.stdout
    assert "--years 整数" in result.stdout and "--start-date YYYY-MM-DD" in result.stdout
    assert "工作年数：在本单位工作满几年" in result.stdout


def test_installed_command_prints_only_the_message(tmp_path):
    # The real console script in a real process: the message is the whole output, on stderr.
    bot = Path(sys.executable).with_name("bot")
    done = subprocess.run(
        [str(bot), "calc", "severance", "--years", "3", "--wage", "-5000"],
        capture_output=True,
        text=True,
        env={
            "BOT_INDEX_DIR": str(tmp_path / "index"),
            "BOT_KNOWLEDGE_DIR": str(REAL_KNOWLEDGE),
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # a worktree's checkout, not the installed one
        },
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == "错误：输入有误：月工资（monthly_wage）：必须大于0"
