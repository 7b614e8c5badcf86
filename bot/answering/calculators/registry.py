"""The list of calculators and the one entry point that validates inputs and runs one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from . import (
    annual_leave,
    damage_deduction,
    deadlines,
    double_wage,
    heat_allowance,
    injury_disability,
    maternity_leave,
    medical_period,
    non_compete,
    overtime_pay,
    pay_cut,
    probation,
    retirement_age,
    severance,
    suspension_pay,
    training_bond,
    wage_arrears,
)
from .base import Calculation, Calculator, CalculatorInputError, Context, UnknownCalculatorError
from .figures import LocalFigure

CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "severance",
            "经济补偿（N）",
            severance.SeveranceInput,
            severance.compute_severance,
            severance.CITES,
        ),
        Calculator(
            "illegal_termination",
            "违法解除赔偿金（2N）",
            severance.SeveranceInput,
            severance.compute_illegal_termination,
            severance.CITES,
        ),
        Calculator(
            "double_wage",
            "未签书面合同二倍工资",
            double_wage.DoubleWageInput,
            double_wage.compute,
            double_wage.CITES,
        ),
        Calculator(
            "probation", "试用期期限与工资", probation.ProbationInput, probation.compute, probation.CITES
        ),
        Calculator(
            "overtime_pay", "加班费", overtime_pay.OvertimeInput, overtime_pay.compute, overtime_pay.CITES
        ),
        Calculator(
            "annual_leave",
            "带薪年休假",
            annual_leave.AnnualLeaveInput,
            annual_leave.compute,
            annual_leave.CITES,
        ),
        Calculator(
            "maternity_leave",
            "产假",
            maternity_leave.MaternityInput,
            maternity_leave.compute,
            maternity_leave.CITES,
        ),
        Calculator(
            "injury_disability",
            "工伤伤残待遇",
            injury_disability.InjuryInput,
            injury_disability.compute,
            injury_disability.CITES,
        ),
        Calculator(
            "medical_period",
            "医疗期",
            medical_period.MedicalPeriodInput,
            medical_period.compute,
            medical_period.CITES,
        ),
        Calculator("deadlines", "申请期限", deadlines.DeadlineInput, deadlines.compute, deadlines.CITES),
        Calculator(
            "non_compete",
            "竞业限制经济补偿",
            non_compete.NonCompeteInput,
            non_compete.compute,
            non_compete.CITES,
        ),
        Calculator(
            "suspension_pay",
            "停工留薪期工资",
            suspension_pay.SuspensionPayInput,
            suspension_pay.compute,
            suspension_pay.CITES,
        ),
        Calculator(
            "training_bond",
            "服务期违约金上限",
            training_bond.TrainingBondInput,
            training_bond.compute,
            training_bond.CITES,
        ),
        Calculator(
            "pay_cut_arrears",
            "调岗降薪工资差额",
            pay_cut.PayCutInput,
            pay_cut.compute,
            pay_cut.CITES,
        ),
        Calculator(
            "damage_deduction",
            "赔偿损失每月扣款上限",
            damage_deduction.DamageDeductionInput,
            damage_deduction.compute,
            damage_deduction.CITES,
        ),
        Calculator(
            "wage_arrears",
            "被拖欠工资",
            wage_arrears.WageArrearsInput,
            wage_arrears.compute,
            wage_arrears.CITES,
        ),
        Calculator(
            "heat_allowance",
            "高温津贴",
            heat_allowance.HeatAllowanceInput,
            heat_allowance.compute,
            heat_allowance.CITES,
        ),
        Calculator(
            "retirement_age",
            "法定退休年龄",
            retirement_age.RetirementAgeInput,
            retirement_age.compute,
            retirement_age.CITES,
        ),
    )
}

# Every snippet id a calculator may cite; a test checks each resolves to a snippet in the knowledge base.
CITED_SNIPPET_IDS: tuple[str, ...] = tuple(dict.fromkeys(i for c in CALCULATORS.values() for i in c.cites))

_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不是这个计算器的输入项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，如 2025-03-01",
    "date_parsing": "应为日期，如 2025-03-01",
    "date_from_datetime_parsing": "应为日期，如 2025-03-01",
    "date_from_datetime_inexact": "应为日期，不要带时间",
    "string_type": "应为文字",
    "model_type": "输入应为一组“字段: 值”",
}


def _number(value) -> str:
    """A bound for a message: 10 rather than 10.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _describe(error: dict, model: type[BaseModel]) -> tuple[str, str | None]:
    """One Chinese line for a pydantic error, naming the field by its Chinese title and its key."""
    loc = [str(part) for part in error.get("loc", ())]
    name = loc[0] if loc else None
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "greater_than_equal":
        text = f"不能小于{_number(ctx['ge'])}"
    elif kind == "greater_than":
        text = f"必须大于{_number(ctx['gt'])}"
    elif kind == "less_than_equal":
        text = f"不能大于{_number(ctx['le'])}，请检查是否填错"
    elif kind == "less_than":
        text = f"必须小于{_number(ctx['lt'])}，请检查是否填错"
    elif kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        text = "只能是：" + expected.replace("'", "").replace(" or ", "、").replace(", ", "、")
    elif kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
    else:
        text = _MESSAGES.get(kind, "填写有误")
    field = model.model_fields.get(name) if name else None
    if field is not None:
        return f"{field.title or name}（{name}）：{text}", name
    if name:
        return f"{name}：{text}", name
    return text, None


def validate_inputs(calculator: Calculator, inputs: dict, today: dt.date) -> BaseModel:
    """The calculator's input model built from `inputs`, or a CalculatorInputError in Chinese."""
    try:
        return calculator.input_model.model_validate(inputs, context={"today": today})
    except ValidationError as exc:
        described = [_describe(e, calculator.input_model) for e in exc.errors()]
        message = "；".join(dict.fromkeys(text for text, _ in described))
        raise CalculatorInputError(f"输入有误：{message}", [f for _, f in described if f]) from None


def get_calculator(name: str) -> Calculator:
    """The registered calculator, or UnknownCalculatorError."""
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(
            f"没有名为“{name}”的计算器，可用的有：{'、'.join(CALCULATORS)}"
        ) from None


def calculate(
    name: str,
    inputs: dict,
    *,
    today: dt.date | None = None,
    figures: Iterable[LocalFigure] = (),
    allow_missing: bool = False,
) -> Calculation:
    """Validate `inputs` and run the calculator.

    With `allow_missing` (answers), a missing fact gives the formula and a one-line ask; without it (the
    API and CLI) a missing fact is a CalculatorInputError naming the field.
    """
    calculator = get_calculator(name)
    if not isinstance(inputs, dict):
        raise CalculatorInputError("输入有误：输入应为一组“字段: 值”")
    today = today or dt.date.today()
    data = validate_inputs(calculator, inputs, today)
    result = calculator.compute(data, Context(today=today, figures=tuple(figures)))
    if result.missing and not allow_missing:
        model = calculator.input_model
        names = "、".join(f"{model.model_fields[f].title}（{f}）" for f in result.missing)
        raise CalculatorInputError(f"输入有误：缺少必填项 {names}", result.missing)
    return result
