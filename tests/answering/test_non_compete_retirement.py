"""The 竞业限制 compensation and statutory retirement age calculators: worked examples, the rule's endpoints,
bad input, and the facts that feed them (a story's 竞业限制, sex, post, birth year and month)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answering.assistant import _reread
from bot.answering.calculators import CalculatorInputError, LocalFigure, calculate
from bot.answering.calculators.retirement_age import CATEGORIES, delay_months, retirement
from bot.answering.case import Case
from bot.answering.entitlements import calculation_for, calculator_inputs
from bot.answering.facts import extract_facts, merge
from bot.answering.issues import Issue, add_event_issues
from bot.answering.suggest import fact_rows
from bot.index.search import Hit, Retrieval
from bot.knowledge.snippet import Chunk
from bot.vocab import Status

pytest_plugins = ["support.app_fixtures"]

TODAY = dt.date(2026, 11, 29)


def calc(name: str, **inputs):
    return calculate(name, inputs, today=TODAY)


def partial(name: str, **inputs):
    return calculate(name, inputs, today=TODAY, allow_missing=True)


def step_texts(result) -> str:
    return "\n".join(step.text for step in result.steps)


# --- 竞业限制经济补偿 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("wage", "monthly"), [(8000, 2400), (10000, 3000), (6666, 1999.8), (20000, 6000)])
def test_non_compete_is_30_percent_of_the_average_wage(wage, monthly):
    result = calc("non_compete", monthly_wage=wage)
    assert result.amount == monthly
    assert "×30%" in result.formula and "且不低于当地最低工资标准" in result.formula
    assert result.steps[0].snippet_id == "contract-non-compete-30-percent"
    assert "第三十六条第一款" in result.steps[0].source


def test_non_compete_names_no_minimum_wage_figure_of_its_own():
    result = calc("non_compete", monthly_wage=5000, region="揭阳市")
    assert result.amount == 1500
    assert not any(ch.isdigit() for ch in result.formula.split("＝")[-1].replace("1500", ""))
    assert "当地最低工资标准" in result.formula


@pytest.mark.parametrize(
    ("inputs", "monthly"),
    [
        ({"monthly_wage": 5000, "minimum_wage": 1750}, 1750),  # 1500 < 1750: the minimum wage
        ({"monthly_wage": 6000, "minimum_wage": 1800}, 1800),  # exactly 1800 = 1800
        ({"monthly_wage": 8000, "minimum_wage": 1750}, 2400),  # 2400 above the minimum
    ],
)
def test_non_compete_floor_at_the_local_minimum_wage_when_given(inputs, monthly):
    result = calc("non_compete", **inputs)
    assert result.amount == monthly
    if monthly == inputs["minimum_wage"] and monthly > inputs["monthly_wage"] * 0.3:
        assert "第三十六条第二款" in "".join(s.source for s in result.steps)


def test_non_compete_uses_a_staff_kept_minimum_wage_for_the_region():
    figure = LocalFigure("揭阳市", "minimum_wage", 1900, "元/月", dt.date(2025, 3, 1), "测试用")
    result = calculate(
        "non_compete", {"monthly_wage": 5000, "region": "揭阳市"}, today=TODAY, figures=[figure]
    )
    assert result.amount == 1900


def test_non_compete_agreed_amount_is_paid_as_agreed():
    result = calc("non_compete", monthly_wage=8000, agreed_monthly_compensation=3500)
    assert result.amount == 3500 and "按约定" in result.formula


def test_non_compete_agreed_zero_is_no_agreement():
    assert calc("non_compete", monthly_wage=8000, agreed_monthly_compensation=0).amount == 2400


@pytest.mark.parametrize(("months", "counted", "over"), [(12, 12, False), (24, 24, False), (36, 24, True)])
def test_non_compete_lasts_at_most_two_years(months, counted, over):
    result = calc("non_compete", monthly_wage=8000, restriction_months=months)
    texts = step_texts(result)
    assert "不得超过二年" in texts
    assert ("超过了法律规定的上限" in texts) == over
    assert any(f"{counted}个月计，合计{2400 * counted}元" in note for note in result.notes)


@pytest.mark.parametrize(("unpaid", "may_end"), [(2, False), (3, True), (5, True)])
def test_three_unpaid_months_let_the_worker_end_it(unpaid, may_end):
    result = calc("non_compete", monthly_wage=8000, unpaid_months=unpaid)
    ends = [s for s in result.steps if s.snippet_id == "contract-non-compete-unpaid-3-months"]
    assert bool(ends) == may_end
    if may_end:
        assert "第三十八条" in ends[0].source and "请求解除竞业限制约定" in ends[0].text


def test_non_compete_without_wage_gives_the_formula_and_asks():
    result = partial("non_compete")
    assert result.missing == ("monthly_wage",) and result.amount is None
    assert "30%" in result.formula and result.asks
    with pytest.raises(CalculatorInputError) as err:
        calc("non_compete")
    assert "离职前平均月工资" in err.value.message


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"monthly_wage": -8000}, "monthly_wage"),
        ({"monthly_wage": 8000, "restriction_months": 0}, "restriction_months"),
        ({"monthly_wage": 8000, "unpaid_months": -1}, "unpaid_months"),
        ({"monthly_wage": 8000, "region": "火星"}, "region"),
    ],
)
def test_non_compete_bad_input(inputs, field):
    with pytest.raises(CalculatorInputError) as err:
        calc("non_compete", **inputs)
    assert field in err.value.message and err.value.status == 422


# --- 法定退休年龄 -------------------------------------------------------------------------------------

# The rule's endpoints (决定第一条; 办法第一条): the first birth month delayed in each group, the month before
# it (the original age), and the first month reaching the final age, which must come within the fifteen years
# from 2025-01-01 (before 2040-01).
ENDPOINTS = [
    # (group, born year, month, age years, months, retiring year, month)
    ("male", 1964, 12, 60, 0, 2024, 12),
    ("male", 1965, 1, 60, 1, 2025, 2),
    ("male", 1965, 4, 60, 1, 2025, 5),
    ("male", 1965, 5, 60, 2, 2025, 7),
    ("male", 1976, 8, 62, 11, 2039, 7),
    ("male", 1976, 9, 63, 0, 2039, 9),
    ("male", 1990, 6, 63, 0, 2053, 6),
    ("female_55", 1969, 12, 55, 0, 2024, 12),
    ("female_55", 1970, 1, 55, 1, 2025, 2),
    ("female_55", 1981, 9, 58, 0, 2039, 9),
    ("female_50", 1974, 12, 50, 0, 2024, 12),
    ("female_50", 1975, 1, 50, 1, 2025, 2),
    ("female_50", 1975, 3, 50, 2, 2025, 5),
    ("female_50", 1984, 10, 54, 11, 2039, 9),
    ("female_50", 1984, 11, 55, 0, 2039, 11),
]


@pytest.mark.parametrize(("group", "year", "month", "age_y", "age_m", "ret_y", "ret_m"), ENDPOINTS)
def test_retirement_rule_endpoints(group, year, month, age_y, age_m, ret_y, ret_m):
    result = retirement(CATEGORIES[group], year, month)
    assert (result.years, result.months, result.year, result.month) == (age_y, age_m, ret_y, ret_m)


@pytest.mark.parametrize("group", sorted(CATEGORIES))
def test_delay_grows_one_month_per_step_and_stops_at_the_final_age(group):
    category = CATEGORIES[group]
    months = [(category.first_year + i // 12, i % 12 + 1) for i in range(12 * 20)]
    delays = [delay_months(category, y, m) for y, m in months]
    assert delays[0] == 1 and max(delays) == category.max_delay_months
    assert all(b - a in (0, 1) for a, b in zip(delays, delays[1:], strict=False))
    # Each delay (but the last) lasts exactly `step_months` birth months.
    for delay in range(1, category.max_delay_months):
        assert delays.count(delay) == category.step_months
    # Everyone reaches the final age within the fifteen years from 2025-01-01.
    first_final = months[delays.index(category.max_delay_months)]
    reached = retirement(category, *first_final)
    assert reached.years == category.final_years and reached.months == 0
    assert (reached.year, reached.month) < (2040, 1)


def test_retirement_from_birth_year_and_month():
    result = calc("retirement_age", sex="男", birth_year=1965, birth_month=1)
    assert result.headline == "法定退休年龄60岁1个月，2025年2月退休" == result.formula
    sources = "".join(s.source for s in result.steps)
    assert "渐进式延迟法定退休年龄的决定》第一条" in sources and "办法》第一条" in sources


def test_retirement_of_a_woman_by_post():
    worker = calc("retirement_age", sex="女", female_original_age=50, birth_year=1980, birth_month=7)
    cadre = calc("retirement_age", sex="女", female_original_age=55, birth_year=1980, birth_month=7)
    assert worker.headline == "法定退休年龄52岁10个月，2033年5月退休"  # (5*12+6)//2+1 = 34 months late
    assert cadre.headline == "法定退休年龄57岁8个月，2038年3月退休"  # (10*12+6)//4+1 = 32 months late


def test_woman_without_her_post_gets_both_and_is_asked():
    result = partial("retirement_age", sex="女", birth_year=1980, birth_month=7)
    assert result.missing == ("female_original_age",) and result.headline is None
    assert "52岁10个月" in result.formula and "57岁8个月" in result.formula
    assert any("50周岁" in ask and "55周岁" in ask for ask in result.asks)


def test_birth_year_alone_gives_the_range_of_the_year():
    result = calc("retirement_age", sex="男", birth_year=1970)
    # January 1970: (5*12)//4+1 = 16 months; December: (5*12+11)//4+1 = 18 months.
    assert result.headline == "法定退休年龄61岁4个月至61岁6个月，2031年5月至2032年6月退休"


def test_age_now_gives_the_range_of_birth_months():
    result = calc("retirement_age", sex="男", age=55)
    # 55 on 2026-11-29: born from 1970-11-30 to 1971-11-29, i.e. 1970-11 to 1971-11.
    assert "1970年11月至1971年11月出生" in step_texts(result)
    assert result.headline == "法定退休年龄61岁6个月至61岁9个月，2032年5月至2033年8月退休"
    # On the last day of a month the month N+1 years ago is out: 55 on 2026-11-30 is born 1970-12 to 1971-11.
    last_day = calculate("retirement_age", {"sex": "男", "age": 55}, today=dt.date(2026, 11, 30))
    assert "1970年12月至1971年11月出生" in step_texts(last_day)
    assert any("范围" in note for note in result.notes)


def test_already_past_the_age_says_so():
    result = calc("retirement_age", sex="女", female_original_age=50, birth_year=1972, birth_month=5)
    assert result.headline == "法定退休年龄50岁，2022年5月退休"
    assert any("已达到法定退休年龄" in note for note in result.notes)


def test_retirement_without_facts_gives_the_rule_and_asks():
    result = partial("retirement_age")
    assert set(result.missing) == {"sex", "birth_year"} and len(result.asks) == 2
    assert "60→63" in result.formula


@pytest.mark.parametrize(
    ("inputs", "fragments"),
    [
        ({"sex": "男", "birth_year": 2030}, ["出生年份", "不能晚于今年"]),
        ({"sex": "男", "birth_year": 1970, "birth_month": 13}, ["出生月份", "不能大于12"]),
        ({"sex": "男", "age": 200}, ["现在年龄", "不能大于100"]),
        ({"sex": "男", "age": 50, "birth_year": 1976}, ["只填一种"]),
        ({"sex": "男", "birth_month": 3}, ["出生年份"]),
        ({"sex": "男", "female_original_age": 50, "birth_year": 1976}, ["只用于女职工"]),
        (
            {"sex": "女", "female_original_age": 45, "birth_year": 1976},
            ["女职工原法定退休年龄", "只能是"],
        ),
        ({"sex": "man", "birth_year": 1976}, ["性别", "只能是：男、女"]),
    ],
)
def test_retirement_bad_input_is_refused_in_chinese(inputs, fragments):
    with pytest.raises(CalculatorInputError) as err:
        calc("retirement_age", **inputs)
    assert err.value.status == 422 and err.value.message.startswith("输入有误")
    for fragment in fragments:
        assert fragment in err.value.message


# --- facts that feed them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sex", "year", "month", "age", "post"),
    [
        ("我是女工，1972年5月出生，在厂里流水线做了二十年", "female", 1972, 5, None, "worker"),
        ("我72年出世，男的，几时退休", "male", 1972, None, None, None),
        ("今年五十五岁，男职工，什么时候退休", "male", None, None, 55, None),
        ("我系男人，1968年3月出生", "male", 1968, 3, None, None),
        ("本人女，干部，出生于1975年10月", "female", 1975, 10, None, "cadre"),
        ("我是1985年出生的，在公司做了3年", None, 1985, None, None, None),
        ("我男朋友在厂里做了两年", None, None, None, None, None),
    ],
)
def test_facts_read_sex_birth_and_post(text, sex, year, month, age, post):
    facts = extract_facts(text, today=TODAY)
    assert (facts.sex.value if facts.sex else None) == sex
    assert (facts.birth_year.value if facts.birth_year else None) == year
    assert (facts.birth_month.value if facts.birth_month else None) == month
    assert (facts.age.value if facts.age else None) == age
    assert (facts.post.value if facts.post else None) == post


def test_a_birth_date_is_not_a_start_of_work():
    facts = extract_facts("我1975年10月出生，于2020年3月进厂", today=TODAY)
    assert facts.birth_year.value == 1975 and facts.tenure_months.value == 80  # 2020-03 to 2026-11


def test_a_birth_year_in_the_future_is_rejected():
    facts = extract_facts("我2030年出生", today=TODAY)
    assert facts.birth_year is None
    assert facts.rejected and "晚于今年" in facts.rejected[0].reason


def test_facts_give_the_retirement_inputs():
    facts = extract_facts("我是女工，1972年5月出生，在厂里流水线做了二十年，几时可以退休？", today=TODAY)
    assert calculator_inputs("retirement_age", facts) == {
        "sex": "女",
        "birth_year": 1972,
        "birth_month": 5,
        "female_original_age": 50,
    }
    result = calculation_for("retirement_age", facts, today=TODAY)
    assert result.headline == "法定退休年龄50岁，2022年5月退休"


def test_a_rough_age_is_not_used_for_the_retirement_month():
    facts = extract_facts("男的，五十多岁了", today=TODAY)
    assert "age" not in calculator_inputs("retirement_age", facts)


def test_non_compete_is_an_event_and_the_wage_of_a_later_turn_completes_it():
    first = extract_facts("公司要跟我签竞业限制，离职后两年不能去同行", today=TODAY)
    assert first.has("non_compete")
    facts = merge(first, extract_facts("那公司每个月要给我多少补偿，我之前平均工资八千", today=TODAY))
    assert facts.has("non_compete") and facts.monthly_wage.value == 8000
    result = calculation_for("non_compete", facts, today=TODAY)
    assert result.amount == 2400 and "8000×30%＝2400元/月" in result.formula


def test_the_console_names_the_new_facts_in_chinese():
    rows = fact_rows(extract_facts("本人女，干部，出生于1975年10月，签了竞业协议", today=TODAY).as_dict())
    shown = {(row["label"], row["value"]) for row in rows}
    assert {
        ("出生年份", "1975年"),
        ("出生月份", "10月"),
        ("性别", "女"),
        ("岗位类别", "干部、管理岗位"),
    } <= shown
    assert ("情况", "竞业限制") in shown


def _issue(topic: str) -> Issue:
    chunk = Chunk(
        topic, topic, topic, "正文。", "劳动合同", "全国", "《劳动合同法》第一条", "2020-01-01", topic=topic
    )
    return Issue(topic, topic, "", Hit(chunk, 0.7, 0.7, 1, None), 0.7)


def test_compensation_in_a_non_compete_story_is_the_non_compete_compensation():
    found = {"non_compete": _issue("non_compete").hit}
    issues = add_event_issues([_issue("severance")], ["left", "non_compete"], found.get)
    assert [i.topic for i in issues] == ["non_compete"]


def test_a_dismissed_worker_under_a_non_compete_keeps_the_severance_issue():
    found = {t: _issue(t).hit for t in ("non_compete", "illegal_termination")}
    issues = add_event_issues([_issue("severance")], ["dismissed", "non_compete"], found.get)
    assert [i.topic for i in issues][:1] == ["severance"] and "non_compete" in [i.topic for i in issues]


def test_a_dismissed_worker_who_did_not_resign_gets_the_dismissal_not_leaving_for_cause():
    found = {"illegal_termination": _issue("illegal_termination").hit}
    issues = add_event_issues(
        [_issue("contract_written"), _issue("resign_for_cause")], ["dismissed", "unpaid"], found.get
    )
    topics = [i.topic for i in issues]
    assert "illegal_termination" in topics and "resign_for_cause" not in topics
    # a worker who resigned because of unpaid wages keeps leaving for cause
    issues = add_event_issues([_issue("resign_for_cause")], ["resigned", "unpaid"], found.get)
    assert "resign_for_cause" in [i.topic for i in issues]


@pytest.mark.parametrize(
    ("top", "issue", "reread"),
    [
        ("severance", "non_compete", True),
        ("non_compete", "non_compete", False),
        ("severance", "severance", False),
    ],
)
def test_a_single_non_compete_issue_replaces_a_severance_passage(top, issue, reread):
    retrieval = Retrieval("q", (_issue(top).hit,), 0.7)
    case = Case(extract_facts("签了竞业限制", today=TODAY), (_issue(issue),))
    assert _reread(retrieval, case) is reread


def test_a_dismissal_found_as_its_money_is_answered_as_the_dismissal_not_as_the_nearest_passage():
    # 被炒 raises 违法辞退; a clause found it as 经济补偿 (the same question): that issue is answered, not the
    # nearest passage's topic (试用期 for 做嘢慢)
    retrieval = Retrieval("q", (_issue("probation_pay").hit,), 0.7)
    case = Case(extract_facts("老板说我干活慢就把我辞退了", today=TODAY), (_issue("severance"),))
    assert _reread(retrieval, case)
    # nothing that happened raises it: the nearest passage stands
    case = Case(extract_facts("经济补偿怎么算", today=TODAY), (_issue("severance"),))
    assert not _reread(retrieval, case)


# --- through the assistant (real model) --------------------------------------------------------------


@pytest.fixture
def assistant(real_assistant):
    return real_assistant


@pytest.mark.slow
def test_the_non_compete_follow_up_is_computed_as_non_compete(assistant):
    history = []
    for turn in ("公司要跟我签竞业限制，离职后两年不能去同行",):
        earlier = assistant.answer(turn, list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.text}]
    answer = assistant.answer("那公司每个月要给我多少补偿，我之前平均工资八千", history)
    assert answer.status == Status.ANSWERED and answer.case["continued"]
    assert "8000×30%＝2400元/月" in answer.text and "且不低于当地最低工资标准" in answer.text
    issues = {i["topic"]: i for i in answer.case["issues"]}
    assert issues["non_compete"]["status"] == "computed" and "2400" in issues["non_compete"]["figure"]
    assert not {"severance", "illegal_termination", "resign_for_cause"} & set(issues)
    assert any("第三十六条" in c.source for c in answer.citations)


@pytest.mark.slow
def test_a_retirement_question_gets_the_age_and_month(assistant):
    answer = assistant.answer("我是男职工，1968年3月出生，几时可以退休？")
    assert answer.status == Status.ANSWERED
    assert "法定退休年龄60岁10个月，2029年1月退休" in answer.text  # (3*12+2)//4+1 = 10 months late
    issue = answer.case["issues"][0]
    assert issue["topic"] == "retirement_age" and issue["status"] == "computed"
