"""Entitlement calculators: statute worked examples, boundaries, bad input, and citations that resolve."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.answering.calculators import (
    CALCULATORS,
    CITED_SNIPPET_IDS,
    CalculatorInputError,
    LocalFigure,
    UnknownCalculatorError,
    calculate,
    check_local_figures,
    find_figure,
    load_local_figures,
)
from bot.answering.calculators.durations import Span, service_span, span_between
from bot.errors import BotError, KnowledgeError

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
TODAY = dt.date(2026, 11, 30)
# Snippets another helper is writing in parallel; the test skips them until they land.
PENDING = {
    "injury-disability-lump-sum",
    "injury-disability-allowance",
    "injury-gd-lump-sums-on-leaving",
    "leave-medical-period",
}


# Sources cited whole: a notice whose one rule is its figure (Guangdong's high-temperature allowance).
WHOLE_DOCUMENTS = {"《关于调整我省高温津贴标准的通知》"}


def calc(name: str, **inputs):
    return calculate(name, inputs, today=TODAY)


def partial(name: str, **inputs):
    return calculate(name, inputs, today=TODAY, allow_missing=True)


def step_texts(result) -> str:
    return "\n".join(step.text for step in result.steps)


# --- API contract (issue 11) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inputs", "expected"),
    [
        ("severance", {"years": 3, "months": 2, "monthly_wage": 5000}, {"months": 3.5, "amount": 17500}),
        (
            "illegal_termination",
            {"years": 3, "months": 2, "monthly_wage": 5000},
            {"months": 7, "amount": 35000},
        ),
        ("double_wage", {"months_without_contract": 8, "monthly_wage": 4000}, {"months": 7, "amount": 28000}),
        ("annual_leave", {"years_worked": 21}, {"days": 15}),
        ("maternity_leave", {"region": "广东省"}, {"days": 178}),
    ],
)
def test_api_contract_examples(name, inputs, expected):
    result = calculate(name, inputs, today=TODAY)
    for key, value in expected.items():
        assert getattr(result, key) == value
    assert result.formula and "\n" not in result.formula
    assert result.steps and all(step.snippet_id and step.source for step in result.steps)


# --- durations ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "span"),
    [
        ("2023-01-01", "2023-06-30", Span(0, 6, 0)),  # exactly six months
        ("2023-01-01", "2023-06-29", Span(0, 5, 29)),  # one day short
        ("2023-03-15", "2026-05-14", Span(3, 2, 0)),
        ("2024-02-29", "2025-02-27", Span(1, 0, 0)),  # leap day: a year later is 28 Feb
        ("2024-01-31", "2024-02-28", Span(0, 1, 0)),  # Jan 31 + one month = Feb 29 in a leap year
    ],
)
def test_service_span_counts_first_and_last_day(first, last, span):
    assert service_span(dt.date.fromisoformat(first), dt.date.fromisoformat(last)) == span


def test_span_between_is_empty_for_same_day():
    day = dt.date(2025, 5, 5)
    assert span_between(day, day) == Span(0, 0, 0)


# --- severance and illegal termination ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "days", "owed"),
    [
        (0, 0, 1, 0.5),
        (0, 4, 0, 0.5),  # snippet example: 4 months -> half a month
        (0, 5, 29, 0.5),  # 5 months 29 days: still under six months
        (0, 6, 0, 1),  # exactly six months counts as a year
        (0, 11, 30, 1),
        (1, 0, 0, 1),
        (2, 3, 0, 2.5),  # snippet example
        (3, 8, 0, 4),  # snippet example
        (5, 0, 0, 5),
    ],
)
def test_severance_months_by_service(years, months, days, owed):
    result = calc("severance", years=years, months=months, days=days, monthly_wage=6000)
    assert result.months == owed
    assert result.amount == owed * 6000


@pytest.mark.parametrize(
    ("first", "last", "owed"),
    [
        ("2023-01-01", "2023-06-29", 0.5),  # 5 months 29 days
        ("2023-01-01", "2023-06-30", 1),  # exactly 6 months
        ("2024-02-29", "2025-02-27", 1),  # a year from a leap day
        ("2021-03-16", "2026-03-15", 5),
    ],
)
def test_severance_by_dates(first, last, owed):
    result = calc("severance", start_date=first, end_date=last, monthly_wage=5000)
    assert result.months == owed


def test_illegal_dismissal_snippet_example():
    # contract-illegal-dismissal-2n: 5 years at 5000 -> 50000.
    result = calc("illegal_termination", years=5, monthly_wage=5000)
    assert (result.months, result.amount) == (10, 50000)
    assert "contract-illegal-dismissal-2n" in result.snippet_ids


@pytest.mark.parametrize(
    ("name", "years", "wage", "months", "amount"),
    [
        ("severance", 20, 30000, 12, 288000),  # above 3x 8000: base 24000, at most 12 years
        ("severance", 8, 30000, 8, 192000),  # capped base, fewer than 12 years
        ("severance", 20, 24000, 20, 480000),  # exactly 3x: no cap
        ("illegal_termination", 20, 30000, 24, 576000),
    ],
)
def test_severance_cap_for_high_earners(name, years, wage, months, amount):
    result = calc(name, years=years, monthly_wage=wage, local_average_monthly_wage=8000)
    assert (result.months, result.amount) == (months, amount)
    assert ("contract-severance-cap-high-earners" in result.snippet_ids) == (wage > 24000)


def test_severance_cap_uses_a_staff_kept_figure_for_the_region():
    figures = [
        LocalFigure("揭阳市", "average_monthly_wage", 7000, "元/月", dt.date(2024, 1, 1), "测试"),
        LocalFigure("揭阳市", "average_monthly_wage", 8000, "元/月", dt.date(2025, 1, 1), "测试"),
        LocalFigure(
            "揭阳市", "average_monthly_wage", 1000, "元/月", dt.date(2027, 1, 1), "测试"
        ),  # not yet in force
    ]
    inputs = {"years": 20, "monthly_wage": 30000, "region": "揭阳市"}
    result = calculate("severance", inputs, today=TODAY, figures=figures)
    assert (result.months, result.amount) == (12, 288000)
    uncapped = calculate("severance", {**inputs, "region": "广东省"}, today=TODAY, figures=figures)
    assert uncapped.amount == 600000 and any("三倍" in note for note in uncapped.notes)


def test_severance_missing_wage_asks_for_it_or_is_refused():
    result = partial("severance", years=3, months=2)
    assert (result.months, result.amount, result.missing) == (3.5, None, ("monthly_wage",))
    assert len(result.asks) == 1 and "工资" in result.asks[0]
    assert "月工资" in result.formula
    with pytest.raises(CalculatorInputError) as err:
        calc("severance", years=3, months=2)
    assert "monthly_wage" in err.value.message and err.value.fields == ("monthly_wage",)


def test_severance_without_service_gives_the_formula_and_asks():
    result = partial("severance", monthly_wage=5000)
    assert result.months is None and result.missing == ("years",)
    assert "6个月" in result.formula and result.asks


# --- double wage -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("without", "owed"),
    [(0, 0), (1, 0), (2, 1), (8, 7), (11, 10), (12, 11), (13, 11), (30, 11)],
)
def test_double_wage_by_months(without, owed):
    result = calc("double_wage", months_without_contract=without, monthly_wage=4000)
    assert (result.months, result.amount) == (owed, owed * 4000)
    assert ("contract-no-contract-one-year-open-ended" in result.snippet_ids) == (without >= 12)


@pytest.mark.parametrize(
    ("start", "signed", "months", "part_days"),
    [
        ("2024-03-15", "2024-04-14", 0, 0),  # signed within the first month
        ("2024-03-15", "2024-04-15", 0, 0),  # signed on the first day owed: nothing owed
        ("2024-03-15", "2024-04-16", 0, 1),
        ("2024-03-15", "2024-06-20", 2, 5),  # signed mid-month: two months and five days
        ("2024-01-31", "2024-03-31", 1, 0),  # leap February inside the period
        ("2024-03-15", "2025-03-15", 11, 0),  # signed only on the first anniversary
    ],
)
def test_double_wage_by_dates(start, signed, months, part_days):
    result = partial("double_wage", start_date=start, contract_date=signed, monthly_wage=4350)
    assert result.months == months
    if part_days:
        assert f"{part_days}天" in step_texts(result) and result.asks
    else:
        assert result.asks == () and result.amount == months * 4350


def test_double_wage_part_month_by_working_days():
    # 2 whole months plus 4 working days at 4350 / 21.75 = 200 a day.
    result = calc(
        "double_wage",
        start_date="2024-03-15",
        contract_date="2024-06-20",
        part_month_working_days=4,
        monthly_wage=4350,
    )
    assert (result.months, result.amount) == (2, 9500)
    assert {"contract-no-contract-double-wage", "wage-daily-wage-2175"} <= set(result.snippet_ids)


def test_double_wage_never_signed_stops_at_eleven_months():
    result = calc("double_wage", start_date="2023-05-10", monthly_wage=3000)
    assert (result.months, result.amount) == (11, 33000)
    assert "contract-no-contract-one-year-open-ended" in result.snippet_ids
    assert any("无固定期限" in note for note in result.notes)


def test_double_wage_left_before_signing():
    result = calc("double_wage", start_date="2025-01-01", end_date="2025-05-31", monthly_wage=3000)
    assert (result.months, result.amount) == (4, 12000)


def test_double_wage_still_working_counts_to_today():
    result = calculate("double_wage", {"start_date": "2026-08-30", "monthly_wage": 3000}, today=TODAY)
    assert result.months == 2


# --- probation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "term", "cap"),
    [
        ("fixed", 1, 0),
        ("fixed", 2, 0),
        ("fixed", 3, 1),
        ("fixed", 11, 1),
        ("fixed", 12, 2),
        ("fixed", 35, 2),
        ("fixed", 36, 6),
        ("fixed", 60, 6),
        ("open_ended", None, 6),
        ("task", None, 0),
    ],
)
def test_probation_caps(kind, term, cap):
    inputs = {"contract_type": kind} | ({"contract_months": term} if term else {})
    assert calculate("probation", inputs, today=TODAY).months == cap


@pytest.mark.parametrize(
    ("inputs", "floor"),
    [
        ({"agreed_monthly_wage": 6000}, 4800),  # snippet example, local minimum unknown
        ({"agreed_monthly_wage": 6000, "minimum_wage": 1750}, 4800),
        ({"agreed_monthly_wage": 2000, "minimum_wage": 1750}, 1750),  # 80% = 1600 is below the minimum
        ({"lowest_grade_wage": 3000, "minimum_wage": 1750}, 2400),
    ],
)
def test_probation_pay_floor(inputs, floor):
    result = calculate("probation", {"contract_months": 36, **inputs}, today=TODAY)
    assert result.amount == floor
    assert ("minimum_wage" in inputs) == (not any("最低工资" in ask for ask in result.asks))


def test_probation_excess_compensation_snippet_example():
    # contract-probation-illegal-compensation: one-year contract, four months' probation -> two months' pay.
    result = calc("probation", contract_months=12, agreed_probation_months=4, agreed_monthly_wage=6000)
    assert result.months == 2
    assert "contract-probation-illegal-compensation" in result.snippet_ids
    assert "12000元" in step_texts(result)


def test_probation_excess_only_as_far_as_it_was_served():
    # a two-year contract, six months' probation agreed, dismissed after four: two months over the cap served
    result = calc(
        "probation", contract_months=24, agreed_probation_months=6, agreed_monthly_wage=5000, months_worked=4
    )
    assert result.months == 2
    assert "已经履行的超出部分为2个月" in step_texts(result) and "10000元" in step_texts(result)
    assert "赔偿金2个月×5000元＝10000元" in result.formula
    # dismissed within the lawful two months: nothing over the cap was served
    early = calc(
        "probation",
        contract_months=24,
        agreed_probation_months=6,
        agreed_monthly_wage=5000,
        months_worked=1.5,
    )
    assert "赔偿金" not in early.formula


def test_probation_pay_floor_without_the_contract_term():
    # "试用期只给我两千，合同写的是三千五": the floor needs no term; the term is asked for the cap.
    result = calculate("probation", {"agreed_monthly_wage": 3500}, today=TODAY, allow_missing=True)
    assert result.amount == 2800
    assert result.months is None
    assert result.missing == ("contract_months",)
    assert any("合同签了多长时间" in ask for ask in result.asks)
    assert "contract-probation-pay-minimum" in result.snippet_ids


def test_probation_not_allowed_has_no_pay_floor():
    result = calc("probation", contract_months=2, agreed_monthly_wage=6000)
    assert (result.months, result.amount) == (0, None)
    assert "contract-probation-once-only" in result.snippet_ids


# --- overtime pay ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "amount"),
    [
        ({"workday_hours": 1}, 37.5),  # snippet example: hourly 25 x 150%
        ({"workday_hours": 10}, 375),
        ({"restday_hours": 8}, 400),  # a rest day without time off: 200 x 200%
        ({"holiday_hours": 8}, 600),
        ({"workday_hours": 10, "restday_hours": 8, "holiday_hours": 8}, 1375),
    ],
)
def test_overtime_pay(hours, amount):
    result = calc("overtime_pay", monthly_wage=4350, **hours)
    assert result.amount == amount
    assert "wage-daily-wage-2175" in result.snippet_ids


@pytest.mark.parametrize(("workday", "restday", "flagged"), [(36, 0, False), (30, 8, True), (20, 16.5, True)])
def test_overtime_flags_more_than_36_hours_a_month(workday, restday, flagged):
    result = calc("overtime_pay", monthly_wage=5000, workday_hours=workday, restday_hours=restday)
    assert ("hours-overtime-limits" in result.snippet_ids) == flagged


def test_overtime_rounds_to_the_fen():
    result = calc("overtime_pay", monthly_wage=5000, workday_hours=3)
    assert result.amount == 129.31  # 5000 / 21.75 / 8 = 28.7356... x 1.5 x 3


# --- annual leave ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "days"),
    [(0, 0), (0.9, 0), (1, 5), (9.9, 5), (10, 10), (19.5, 10), (20, 15), (21, 15), (40, 15)],
)
def test_annual_leave_days_by_years(years, days):
    assert calc("annual_leave", years_worked=years).days == days


@pytest.mark.parametrize(
    ("inputs", "days"),
    [
        ({"years_worked": 5, "join_date": "2025-07-01"}, 2),  # snippet example: 184/365 x 5
        ({"years_worked": 5, "join_date": "2024-01-01"}, 5),  # leap year: 366/365 x 5 is still 5
        ({"years_worked": 12, "leave_date": "2025-06-30"}, 4),  # snippet example: 181/365 x 10
        ({"years_worked": 25, "leave_date": "2025-03-13"}, 2),  # 72/365 x 15 = 2.96
        ({"years_worked": 25, "leave_date": "2024-03-13"}, 3),  # leap year: 73/365 x 15 = 3.0
        ({"years_worked": 25, "join_date": "2025-03-01", "leave_date": "2025-08-31"}, 7),  # 184/365 x 15
    ],
)
def test_annual_leave_pro_rata(inputs, days):
    assert calculate("annual_leave", inputs, today=TODAY).days == days


def test_probation_pay_short_of_the_floor_is_owed_each_month():
    result = partial("probation", agreed_monthly_wage=6500, paid_monthly_wage=4500, agreed_probation_months=3)
    assert "每月少发700元" in result.formula and "试用期3个月共2100元" in result.formula  # 6500 x 80 % = 5200
    assert "少发" not in partial("probation", agreed_monthly_wage=6500, paid_monthly_wage=5200).formula
    # left after two of the three months: the shortfall of the months worked
    left = partial(
        "probation",
        agreed_monthly_wage=6500,
        paid_monthly_wage=4500,
        agreed_probation_months=3,
        months_worked=2,
    )
    assert "已做2个月共1400元" in left.formula and "3个月共" not in left.formula


def test_overtime_pay_of_a_worker_paid_by_the_day():
    # 一日二百蚊, three days of 国庆 worked: 200 / 8 per hour, 24 hours at 300 %
    result = calc("overtime_pay", daily_wage=200, holiday_hours=24)
    assert result.amount == 1800 and result.formula.startswith("加班费＝200÷8")
    with pytest.raises(CalculatorInputError):
        calc("overtime_pay", daily_wage=200, monthly_wage=4350, holiday_hours=24)
    # the hours not told: the rates come from the day's pay
    rates = partial("overtime_pay", daily_wage=220)
    assert "日工资220÷8" in rates.formula and "休息日加班一天≈440元" in rates.formula


def test_overtime_pay_without_rest_day_hours_tells_a_rest_days_pay():
    # 国庆三天 counted, 每个礼拜六 not: what one rest day worked pays beside the figure
    result = calc("overtime_pay", monthly_wage=3800, holiday_hours=24)
    assert result.formula.endswith("休息日加班一天≥349.43元，法定节假日加班一天≥524.14元")
    assert "休息日加班一天" not in calc("overtime_pay", monthly_wage=3800, restday_hours=16).formula
    # public holidays worked: one such day's pay, checked against what was given (每天多给50块)
    assert "法定节假日加班一天" not in calc("overtime_pay", monthly_wage=3800, restday_hours=16).formula


def test_suspension_pay_is_the_original_wage_less_what_was_paid():
    assert calc("suspension_pay", monthly_wage=5000, months=6, paid_monthly=2000).amount == 18000
    assert calc("suspension_pay", monthly_wage=4200, months=3).amount == 12600
    assert partial("suspension_pay", monthly_wage=4200).missing == ("months",)
    with pytest.raises(CalculatorInputError):
        calc("suspension_pay", monthly_wage=4000, months=2, paid_monthly=5000)
    # the first 12 of 15 months paid in full: 3 months owed
    later = calc("suspension_pay", monthly_wage=4600, months=15, paid_months=12)
    assert later.amount == 13800 and "前12个月已发" in later.formula
    with pytest.raises(CalculatorInputError):
        calc("suspension_pay", monthly_wage=4000, months=2, paid_months=3)


def test_training_bond_is_the_cost_share_of_the_service_not_yet_served():
    result = calc("training_bond", training_cost=9000, service_months=36, served_months=12)
    assert result.amount == 6000 and "contract-penalty-clause-limits" in result.snippet_ids
    unknown = partial("training_bond", training_cost=9000)
    assert unknown.amount == 9000 and unknown.missing == ("service_months",)
    with pytest.raises(CalculatorInputError):
        calc("training_bond", training_cost=9000, service_months=12, served_months=24)


def test_overtime_figure_also_says_what_an_hour_pays():
    assert "工作日加班每小时≥30元" in calc("overtime_pay", monthly_wage=3480, workday_hours=10).formula


def test_overtime_with_the_wage_but_not_the_hours_gives_the_rate_an_hour():
    result = partial("overtime_pay", monthly_wage=3480)  # 3480 / 21.75 / 8 = 20 an hour
    assert "工作日加班150%≈30元" in result.formula and "休息日加班200%≈40元" in result.formula
    assert "法定节假日加班300%≈60元" in result.formula
    assert "休息日加班一天≈320元" in result.formula and "法定节假日加班一天≈480元" in result.formula
    assert result.amount is None and result.missing == ("workday_hours",) and result.asks


def test_annual_leave_from_the_days_the_worker_states_when_years_are_unknown():
    result = calc("annual_leave", entitled_days=5, taken_days=0, monthly_wage=5220)
    assert (result.days, result.amount) == (5, 2400)  # 5 x 5220 / 21.75 x 200 %
    assert calc("annual_leave", entitled_days=5).missing == ()


def test_annual_leave_pay_for_untaken_days_on_leaving():
    # 4 days due, 1 taken: 3 days x 200 (4350 / 21.75) x 200%.
    result = calc("annual_leave", years_worked=12, leave_date="2025-06-30", taken_days=1, monthly_wage=4350)
    assert (result.days, result.amount) == (4, 1200)
    assert {"leave-annual-on-leaving", "leave-annual-unpaid-300"} <= set(result.snippet_ids)


# --- maternity leave ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "days"),
    [
        ({}, 98),
        ({"difficult_birth": True}, 113),
        ({"babies": 2}, 113),
        ({"difficult_birth": True, "babies": 2}, 128),  # snippet examples
        ({"babies": 3}, 128),
        ({"region": "广东省"}, 178),
        ({"region": "揭阳市"}, 178),
        ({"region": "广东省", "babies": 2}, 193),
        ({"miscarriage": True, "pregnancy_months": 2}, 15),
        ({"miscarriage": True, "pregnancy_months": 3.9}, 15),
        ({"miscarriage": True, "pregnancy_months": 4}, 42),
        ({"miscarriage": True, "pregnancy_months": 6, "region": "广东省"}, 42),
    ],
)
def test_maternity_leave_days(inputs, days):
    assert calculate("maternity_leave", inputs, today=TODAY).days == days


def test_guangdong_difficult_birth_adds_national_15_and_says_local_rule_may_differ():
    result = calc("maternity_leave", region="广东省", difficult_birth=True)
    assert result.days == 193
    assert any("以当地规定为准" in note for note in result.notes)
    assert {"women-gd-paternity-leave", "women-gd-childcare-leave"} <= set(result.snippet_ids)


def test_miscarriage_without_months_asks():
    result = partial("maternity_leave", miscarriage=True)
    assert result.days is None and result.missing == ("pregnancy_months",)


# --- injury disability -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "months"),
    [(1, 27), (2, 25), (3, 23), (4, 21), (5, 18), (6, 16), (7, 13), (8, 11), (9, 9), (10, 7)],
)
def test_injury_lump_sum_months(grade, months):
    result = calc("injury_disability", grade=grade, monthly_wage=5000)
    assert (result.months, result.amount) == (months, months * 5000)


@pytest.mark.parametrize(("grade", "percent"), [(1, 90), (2, 85), (3, 80), (4, 75), (5, 70), (6, 60)])
def test_injury_allowance_share(grade, percent):
    result = calc("injury_disability", grade=grade, monthly_wage=5000)
    assert f"{percent}%，即每月{50 * percent}元" in step_texts(result)


@pytest.mark.parametrize(
    ("grade", "months"),
    [
        (5, 18 + 10 + 50),
        (6, 16 + 8 + 40),
        (7, 13 + 6 + 25),
        (8, 11 + 4 + 15),
        (9, 9 + 2 + 8),
        (10, 7 + 1 + 4),
    ],
)
def test_guangdong_lump_sums_on_leaving(grade, months):
    result = calc("injury_disability", grade=grade, monthly_wage=5000, region="揭阳市", leaving=True)
    assert (result.months, result.amount) == (months, months * 5000)
    assert "injury-gd-lump-sums-on-leaving" in result.snippet_ids


def test_injury_leaving_outside_guangdong_leaves_the_provincial_sums_out():
    result = calc("injury_disability", grade=7, monthly_wage=5000, leaving=True)
    assert result.months == 13 and any("各省规定" in note for note in result.notes)


def test_injury_in_guangdong_not_leaving_names_the_sums_on_leaving_without_counting_them():
    result = calc("injury_disability", grade=9, monthly_wage=6000, region="揭阳市")
    assert (result.months, result.amount) == (9, 54000)
    assert "如今后解除或终止劳动关系" in result.formula
    assert "12000" in result.formula and "48000" in result.formula  # 2 and 8 months of 6000
    assert "injury-gd-lump-sums-on-leaving" in result.snippet_ids


@pytest.mark.parametrize(("wage", "base"), [(2000, 4800), (30000, 24000), (6000, 6000)])
def test_injury_wage_bounded_by_60_and_300_percent(wage, base):
    result = calc("injury_disability", grade=10, monthly_wage=wage, local_average_monthly_wage=8000)
    assert result.amount == 7 * base


# --- medical period ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "unit", "months"),
    [(3, 1, 3), (8, 4.5, 3), (8, 6, 6), (12, 3, 6), (12, 7, 9), (25, 12, 12), (25, 17, 18), (30, 22, 24)],
)
def test_medical_period(total, unit, months):
    result = calc("medical_period", total_years=total, years_at_employer=unit)
    assert result.months == months
    assert "个月内累计病休" in step_texts(result)


@pytest.mark.parametrize(("total", "unit", "options"), [(10, 3, "3个月或6个月"), (20, 5, "6个月或9个月")])
def test_medical_period_on_a_statute_boundary_gives_both(total, unit, options):
    result = calc("medical_period", total_years=total, years_at_employer=unit)
    assert result.months is None and options in result.formula


# --- deadlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "deadline", "days"),
    [
        ({"kind": "arbitration", "knew_date": "2026-03-10"}, "2027-03-10", 100),
        ({"kind": "arbitration", "knew_date": "2024-02-29"}, "2025-02-28", 0),  # leap day, long expired
        ({"kind": "wage_arrears", "end_date": "2026-01-31"}, "2027-01-31", 62),
        ({"kind": "injury", "accident_date": "2026-11-01"}, "2027-11-01", 336),
    ],
)
def test_deadlines(inputs, deadline, days):
    result = calculate("deadlines", inputs, today=TODAY)
    assert (result.deadline.isoformat(), result.days) == (deadline, days)


def test_injury_deadline_gives_the_employer_30_days_too():
    result = calc("deadlines", kind="injury", accident_date="2026-11-01")
    assert "2026-12-01" in step_texts(result)
    assert {"injury-deadline-employer", "injury-deadline-worker"} <= set(result.snippet_ids)


def test_expired_deadline_says_so():
    result = calc("deadlines", kind="arbitration", knew_date="2024-02-29")
    assert "已超过期限" in result.notes[0]


def test_wage_arrears_while_employed_has_no_deadline():
    result = calc("deadlines", kind="wage_arrears", still_employed=True)
    assert result.deadline is None and "dispute-wage-arrears-limitation" in result.snippet_ids


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inputs", "field"),
    [
        ("severance", {"years": 300, "monthly_wage": 5000}, "years"),
        ("severance", {"years": 3, "monthly_wage": -5000}, "monthly_wage"),
        ("severance", {"years": 3, "monthly_wage": 0}, "monthly_wage"),
        ("severance", {"years": -1, "monthly_wage": 5000}, "years"),
        ("severance", {"years": 3, "months": 12, "monthly_wage": 5000}, "months"),
        ("severance", {"years": "三", "monthly_wage": 5000}, "years"),
        ("severance", {"years": True, "monthly_wage": 5000}, "years"),
        ("severance", {"years": 3, "monthly_wage": float("nan")}, "monthly_wage"),
        ("severance", {"years": 3, "wage": 5000}, "wage"),
        ("severance", {"years": 0, "months": 0, "monthly_wage": 5000}, "years"),
        (
            "severance",
            {"start_date": "2026-01-01", "end_date": "2025-01-01", "monthly_wage": 5000},
            "end_date",
        ),
        (
            "severance",
            {"start_date": "2020-01-01", "end_date": "2027-01-01", "monthly_wage": 5000},
            "end_date",
        ),
        ("severance", {"years": 3}, "monthly_wage"),
        ("illegal_termination", {"monthly_wage": 5000}, "years"),
        ("double_wage", {"months_without_contract": -2, "monthly_wage": 4000}, "months_without_contract"),
        ("double_wage", {"start_date": "2026-12-25", "monthly_wage": 4000}, "start_date"),
        ("double_wage", {"start_date": "2025-02-30", "monthly_wage": 4000}, "start_date"),
        ("probation", {"contract_months": 0}, "contract_months"),
        ("probation", {"contract_type": "open_ended", "contract_months": 12}, "contract_months"),
        ("overtime_pay", {"monthly_wage": 5000, "workday_hours": 0}, "workday_hours"),
        ("overtime_pay", {"monthly_wage": 5000, "workday_hours": 1000}, "workday_hours"),
        ("annual_leave", {"years_worked": 300}, "years_worked"),
        ("annual_leave", {"years_worked": 5, "join_date": "2027-01-01"}, "join_date"),
        ("maternity_leave", {"miscarriage": True, "pregnancy_months": 40}, "pregnancy_months"),
        ("maternity_leave", {"region": "火星"}, "region"),
        ("maternity_leave", {"babies": 0}, "babies"),
        ("injury_disability", {"grade": 11, "monthly_wage": 5000}, "grade"),
        ("injury_disability", {"grade": 0}, "grade"),
        ("medical_period", {"total_years": 5, "years_at_employer": 8}, "years_at_employer"),
        ("deadlines", {"kind": "injury", "accident_date": "2030-01-01"}, "accident_date"),
        ("deadlines", {"kind": "holiday"}, "kind"),
    ],
)
def test_bad_input_is_refused_in_chinese_naming_the_field(name, inputs, field):
    with pytest.raises(CalculatorInputError) as err:
        calculate(name, inputs, today=TODAY)
    assert err.value.status == 422 and isinstance(err.value, BotError)
    assert field in err.value.message
    assert err.value.message.startswith("输入有误")


def test_inputs_must_be_a_mapping():
    with pytest.raises(CalculatorInputError):
        calculate("severance", ["years", 3], today=TODAY)


def test_unknown_calculator_is_a_404():
    with pytest.raises(UnknownCalculatorError) as err:
        calculate("pension", {}, today=TODAY)
    assert err.value.status == 404 and isinstance(err.value, BotError)
    assert "severance" in err.value.message


def test_form_strings_are_read_as_numbers():
    result = calculate("severance", {"years": "3", "months": "2", "monthly_wage": "5000"}, today=TODAY)
    assert result.amount == 17500


# --- a wage that changed: the pay-cut difference, 二倍工资 at each wage, the 12-month average ---------------


@pytest.mark.parametrize(
    ("before", "after", "months", "owed"),
    [(5500, 4200, 5, 6500), (6000, 4500, 1, 1500), (3800, 2950.5, 2.5, 2123.75)],
)
def test_pay_cut_arrears_is_the_monthly_difference_times_the_months(before, after, months, owed):
    result = calc("pay_cut_arrears", previous_monthly_wage=before, monthly_wage=after, months=months)
    assert result.amount == owed and result.months == months
    assert "协商一致" in step_texts(result) and result.snippet_ids == ("contract-change-job-pay-agreement",)


def test_pay_cut_arrears_refuses_a_raise_and_asks_for_the_months():
    with pytest.raises(CalculatorInputError, match="应低于"):
        calc("pay_cut_arrears", previous_monthly_wage=4000, monthly_wage=4000, months=3)
    result = partial("pay_cut_arrears", previous_monthly_wage=6000, monthly_wage=4000)
    assert result.amount is None and result.missing == ("months",) and "哪个月" in result.asks[0]


def test_double_wage_splits_the_months_at_each_wage():
    # No contract for 14 months; 3900 a month for the first 6 months of work, 4300 from the 7th:
    # the double-wage months are the 2nd..12th, five of them (2nd..6th) at 3900 and six at 4300.
    result = calc(
        "double_wage",
        months_without_contract=14,
        monthly_wage=4300,
        previous_monthly_wage=3900,
        months_at_previous_wage=6,
    )
    assert result.months == 11 and result.amount == 5 * 3900 + 6 * 4300
    assert "5个月×3900元＋6个月×4300元" in result.formula


def test_double_wage_split_by_the_date_the_wage_changed():
    # Started 2025-02-10 without a contract, signed 2025-09-10; the raise from 2025-06-10 is the 5th month on.
    result = calc(
        "double_wage",
        start_date="2025-02-10",
        contract_date="2025-09-10",
        monthly_wage=5000,
        previous_monthly_wage=4400,
        wage_change_date="2025-06-10",
    )
    assert result.months == 6 and result.amount == 3 * 4400 + 3 * 5000


def test_double_wage_change_before_the_double_months_uses_the_later_wage_throughout():
    result = calc(
        "double_wage",
        months_without_contract=5,
        monthly_wage=4100,
        previous_monthly_wage=3700,
        months_at_previous_wage=1,
    )
    assert result.amount == 4 * 4100 and "4个月×4100元" in result.formula


def test_double_wage_without_a_change_is_unchanged():
    assert calc("double_wage", months_without_contract=8, monthly_wage=4000).amount == 28000


def test_severance_base_is_the_average_of_the_last_twelve_months_when_the_wage_changed():
    # Three years; 3 of the last 12 months at 6400, the 9 before at 5600: average 5800, N = 3.
    result = calc(
        "severance", years=3, monthly_wage=6400, previous_monthly_wage=5600, months_at_current_wage=3
    )
    assert result.amount == 3 * 5800
    assert "9个月×5600元＋3个月×6400元" in step_texts(result) and "÷12＝5800元" in step_texts(result)


def test_severance_average_over_fewer_months_when_service_is_short():
    # 8 months of work (6 months or more: N = 1), the last 2 at 3600 after 6 at 3000: average 3150.
    result = calc(
        "severance", months=8, monthly_wage=3600, previous_monthly_wage=3000, months_at_current_wage=2
    )
    assert result.amount == 3150 and "工作的8个月" in step_texts(result)


def test_severance_change_before_the_last_twelve_months_keeps_the_current_wage():
    result = calc(
        "severance", years=4, monthly_wage=5000, previous_monthly_wage=4000, months_at_current_wage=15
    )
    assert result.amount == 20000 and "已满15个月" in step_texts(result)


# --- registry, schema and citations ------------------------------------------------------------------

SAMPLES = {
    "severance": {"years": 20, "months": 7, "monthly_wage": 30000, "local_average_monthly_wage": 8000},
    "illegal_termination": {"years": 1, "months": 1, "monthly_wage": 5000},
    "double_wage": {"start_date": "2024-03-15", "contract_date": "2025-06-20", "monthly_wage": 4000},
    "probation": {
        "contract_months": 12,
        "agreed_probation_months": 3,
        "agreed_monthly_wage": 6000,
        "minimum_wage": 1750,
    },
    "overtime_pay": {"monthly_wage": 5000, "workday_hours": 30, "restday_hours": 8, "holiday_hours": 8},
    "annual_leave": {
        "years_worked": 12,
        "join_date": "2025-03-01",
        "leave_date": "2025-08-31",
        "monthly_wage": 5000,
    },
    "maternity_leave": {"region": "广东省", "difficult_birth": True, "babies": 2},
    "injury_disability": {"grade": 5, "monthly_wage": 5000, "region": "广东省", "leaving": True},
    "medical_period": {"total_years": 12, "years_at_employer": 7, "region": "广东省"},
    "deadlines": {"kind": "injury", "accident_date": "2026-10-01"},
    "non_compete": {"monthly_wage": 5000, "minimum_wage": 1750, "restriction_months": 36, "unpaid_months": 4},
    "retirement_age": {"sex": "女", "female_original_age": 55, "birth_year": 1972, "birth_month": 5},
    "training_bond": {"training_cost": 9000, "service_months": 36, "served_months": 12},
    "suspension_pay": {"monthly_wage": 5000, "months": 6, "paid_monthly": 2000},
    "pay_cut_arrears": {"previous_monthly_wage": 5500, "monthly_wage": 4200, "months": 5},
    "damage_deduction": {"monthly_wage": 3800, "region": "广东省", "monthly_deduction": 1500},
    "heat_allowance": {"months": 4, "region": "揭阳市", "paid_monthly": 150},
    "wage_arrears": {"monthly_wage": 4200, "unpaid_months": 3, "paid": 2000},
}


def test_samples_cover_every_calculator():
    assert set(SAMPLES) == set(CALCULATORS)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_steps_cite_declared_snippets_with_an_article(name):
    result = calc(name, **SAMPLES[name])
    assert result.name == name and result.steps
    for step in result.steps:
        assert step.snippet_id in CALCULATORS[name].cites
        assert step.source.startswith(("《", "法释")) and (
            "第" in step.source or "号" in step.source or step.source in WHOLE_DOCUMENTS
        )
    assert set(result.snippet_ids) <= set(CITED_SNIPPET_IDS)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_missing_facts_give_formula_and_one_short_ask(name):
    result = partial(name)
    # Maternity leave needs no fact: with none given it is the national 98 days.
    assert bool(result.missing) == (name != "maternity_leave")
    if result.missing:
        assert result.asks and all(len(ask) <= 40 and "\n" not in ask for ask in result.asks)
        assert result.formula and result.amount is None
        with pytest.raises(CalculatorInputError):
            calc(name)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_input_field_is_documented_in_chinese(name):
    calculator = CALCULATORS[name]
    assert calculator.title
    for field_name, prop in calculator.input_schema()["properties"].items():
        assert prop.get("title") and prop.get("description"), field_name


def _snippet_ids_in_knowledge() -> set[str]:
    ids = set()
    for path in KNOWLEDGE.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            front = yaml.safe_load(text.split("---", 2)[1])
            if isinstance(front, dict) and front.get("id"):
                ids.add(front["id"])
    return ids


@pytest.mark.parametrize("snippet_id", CITED_SNIPPET_IDS)
def test_cited_snippet_exists_in_the_knowledge_base(snippet_id):
    known = _snippet_ids_in_knowledge()
    if snippet_id in PENDING and snippet_id not in known:
        pytest.skip(f"{snippet_id} is being written in parallel")
    assert snippet_id in known


# --- local figures -----------------------------------------------------------------------------------


def test_shipped_local_figures_file_is_valid():
    path = KNOWLEDGE / "local-figures.yaml"
    assert check_local_figures(path) == []
    assert isinstance(load_local_figures(path), list)


def test_local_figures_load_and_lookup(tmp_path):
    path = tmp_path / "figures.yaml"
    path.write_text(
        "- {region: 揭阳市, kind: minimum_wage, value: 1600, unit: 元/月, effective: 2023-03-01, source: 测试通知}\n"
        "- {region: 揭阳市, kind: minimum_wage, value: 1700, unit: 元/月, effective: 2025-03-01, source: 测试通知}\n",
        encoding="utf-8",
    )
    figures = load_local_figures(path)
    assert find_figure(figures, "揭阳市", "minimum_wage", dt.date(2025, 6, 1)).value == 1700
    assert find_figure(figures, "揭阳市", "minimum_wage", dt.date(2024, 6, 1)).value == 1600
    assert find_figure(figures, "揭阳市", "minimum_wage", dt.date(2020, 6, 1)) is None
    assert find_figure(figures, "广东省", "minimum_wage", dt.date(2025, 6, 1)) is None
    result = calculate(
        "probation",
        {"contract_months": 12, "agreed_monthly_wage": 2000, "region": "揭阳市"},
        today=TODAY,
        figures=figures,
    )
    assert result.amount == 1700 and result.asks == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "- {region: 北京, kind: minimum_wage, value: 1, unit: 元/月, effective: 2025-01-01, source: x}",
            "region",
        ),
        (
            "- {region: 揭阳市, kind: pension, value: 1, unit: 元/月, effective: 2025-01-01, source: x}",
            "kind",
        ),
        (
            "- {region: 揭阳市, kind: minimum_wage, value: -1, unit: 元/月, effective: 2025-01-01, source: x}",
            "value",
        ),
        (
            "- {region: 揭阳市, kind: minimum_wage, value: 1750, unit: 元/月, effective: soon, source: x}",
            "effective",
        ),
        (
            "- {region: 揭阳市, kind: minimum_wage, value: 1750, unit: 元/月, effective: 2025-01-01}",
            "缺少 source",
        ),
        (
            "- {region: 揭阳市, kind: minimum_wage, value: 1750, unit: 元/月, effective: 2025-01-01, source: x, note: y}",
            "note",
        ),
        ("{region: 揭阳市}", "列表"),
        ("- [unclosed", "YAML"),
    ],
)
def test_local_figures_problems_are_reported(tmp_path, text, problem):
    path = tmp_path / "figures.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    problems = check_local_figures(path)
    assert any(problem in p for p in problems), problems
    with pytest.raises(KnowledgeError):
        load_local_figures(path)


def test_duplicate_local_figure_is_reported(tmp_path):
    line = (
        "- {region: 揭阳市, kind: minimum_wage, value: 1750, unit: 元/月, effective: 2025-01-01, source: x}\n"
    )
    path = tmp_path / "figures.yaml"
    path.write_text(line * 2, encoding="utf-8")
    assert any("相同" in p for p in check_local_figures(path))


def test_missing_local_figures_file_is_a_problem(tmp_path):
    assert check_local_figures(tmp_path / "none.yaml")


@pytest.mark.parametrize(("wage", "cap"), [(3800, 760), (5000, 1000), (4350, 870)])
def test_a_loss_taken_from_the_pay_is_at_most_a_fifth_of_the_month(wage, cap):
    result = calc("damage_deduction", monthly_wage=wage)
    assert result.amount == cap
    assert f"{cap}元" in result.formula


def test_a_deduction_over_the_cap_is_named_and_guangdong_needs_written_notice():
    result = calc("damage_deduction", monthly_wage=3800, monthly_deduction=1500, region="揭阳市")
    assert any("多扣的740元" in note for note in result.notes)
    # Guangdong's written notice is a cited step, once; not repeated as a note
    assert [s.text for s in result.steps if "书面告知" in s.text] and not any(
        "书面告知" in n for n in result.notes
    )
    assert [s.text for s in partial("damage_deduction", region="广东省").steps if "书面告知" in s.text]
    national = calc("damage_deduction", monthly_wage=3800, monthly_deduction=500)
    assert not any("多扣" in note for note in national.notes)
    assert not any("书面告知" in s.text for s in national.steps)


@pytest.mark.parametrize(
    ("inputs", "amount", "shown"),
    [
        ({"months": 4, "region": "揭阳市"}, 1200, "300元×4个月＝1200元"),
        ({"months": 5, "region": "广东省"}, 1500, "300元×5个月＝1500元"),
        ({"months": 2, "region": "广东省", "paid_monthly": 150}, 300, "（300元－已发150元）×2个月＝300元"),
        ({"days": 10, "region": "广东省"}, 138, "13.8元×10天＝138元"),
        ({"months": 3, "region": "广东省", "paid_monthly": 300}, 0, "＝0元"),
    ],
)
def test_guangdong_heat_allowance_is_300_a_month_for_june_to_october(inputs, amount, shown):
    result = calc("heat_allowance", **inputs)
    assert result.amount == amount and shown in result.formula
    assert any("300元" in s.text and s.snippet_id == "wage-heat-guangdong" for s in result.steps)


def test_heat_allowance_elsewhere_gives_the_method_and_without_a_region_asks_for_it():
    elsewhere = calc("heat_allowance", months=3, region="全国")
    assert elsewhere.amount is None and not elsewhere.missing and "当地" in elsewhere.formula
    unknown = partial("heat_allowance", months=3)
    assert unknown.missing == ("region",) and "哪个省" in unknown.asks[0]
    assert partial("heat_allowance", region="广东省").missing == ("months",)


@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        ({"months": 6, "region": "广东省"}, ["高温月数", "不能大于5"]),
        ({"months": 2, "days": 10, "region": "广东省"}, ["只填一项"]),
        ({"days": 0, "region": "广东省"}, ["高温天数", "不能小于1"]),
        ({"months": 2, "region": "广东省", "paid_monthly": -5}, ["每月已发高温津贴", "不能小于0"]),
    ],
)
def test_absurd_heat_allowance_inputs_are_refused_in_chinese(inputs, words):
    with pytest.raises(CalculatorInputError) as caught:
        calc("heat_allowance", **inputs)
    assert all(word in caught.value.message for word in words), caught.value.message


@pytest.mark.parametrize(
    ("inputs", "amount", "shown", "extra"),
    [
        ({"monthly_wage": 4200, "unpaid_months": 3}, 12600, "4200元×3个月＝12600元", "6300～12600元"),
        (
            {"monthly_wage": 4200, "unpaid_months": 2.5, "paid": 2000},
            8500,
            "4200元×2.5个月－已付2000元＝8500元",
            "4250～8500元",
        ),
        (
            {"daily_wage": 300, "worked_days": 100, "paid": 8000},
            22000,
            "300元×100天－已付8000元＝22000元",
            "11000～22000元",
        ),
        ({"unpaid_amount": 24000}, 24000, "24000元（按您说的数额）", "12000～24000元"),
        ({"unpaid_amount": 24000, "paid": 4000}, 20000, "24000元－已付4000元＝20000元", "10000～20000元"),
    ],
)
def test_wages_owed_are_the_unpaid_time_times_the_pay_less_what_was_paid(inputs, amount, shown, extra):
    result = calc("wage_arrears", **inputs)
    assert result.amount == amount and shown in result.formula
    # the extra 50-100 % owed once an order to pay is ignored, with its article
    assert extra in result.notes[0] and "第八十五条" in result.notes[0]
    assert {s.snippet_id for s in result.steps} == {
        "wage-arrears-payment-order",
        "wage-arrears-extra-compensation",
    }


def test_wages_owed_without_the_wage_or_the_months_asks_for_them():
    months_only = partial("wage_arrears", unpaid_months=3)
    assert months_only.amount is None and months_only.missing == ("monthly_wage",)
    assert "每月工资" in months_only.asks[0]
    assert partial("wage_arrears", monthly_wage=4000).missing == ("unpaid_months",)


@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        ({"monthly_wage": 4000, "unpaid_months": 2, "paid": 8000}, ["已付部分", "没有拖欠"]),
        ({"unpaid_amount": 5000, "paid": 6000}, ["已付部分"]),
        ({"monthly_wage": 4000, "unpaid_months": 2, "daily_wage": 200, "worked_days": 30}, ["只填一项"]),
        ({"monthly_wage": -4000, "unpaid_months": 2}, ["月工资", "必须大于0"]),
        ({"daily_wage": 300, "worked_days": 0}, ["做工天数", "必须大于0"]),
    ],
)
def test_absurd_wages_owed_inputs_are_refused_in_chinese(inputs, words):
    with pytest.raises(CalculatorInputError) as caught:
        calc("wage_arrears", **inputs)
    assert all(word in caught.value.message for word in words), caught.value.message
