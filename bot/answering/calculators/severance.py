"""经济补偿 (N) and 违法解除赔偿金 (2N): 《劳动合同法》第四十七条、第八十七条."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, not_in_future, show
from .durations import Span, service_span
from .figures import find_figure

FORMULA = "contract-severance-formula"
CAP = "contract-severance-cap-high-earners"
DOUBLE = "contract-illegal-dismissal-2n"
BASE = "contract-severance-monthly-wage-base"
CITES = (FORMULA, CAP, DOUBLE, BASE)

ART_47_1 = "《劳动合同法》第四十七条第一款"
ART_47_2 = "《劳动合同法》第四十七条第二款"
ART_47_3 = "《劳动合同法》第四十七条第三款；《劳动合同法实施条例》第二十七条"
ART_87 = "《劳动合同法》第四十八条、第八十七条；《劳动合同法实施条例》第二十五条"
# 《劳动合同法》第四十七条第二款: above three times the local average, the base is capped and so are the years.
CAP_TIMES = 3
CAP_YEARS = 12


class SeveranceInput(CalculatorInput):
    """Service length (years/months/days, or first and last working day) and the monthly wage."""

    years: int | None = Field(
        None, ge=0, le=60, title="工作年数", description="在本单位工作满几年（与入职日期、离职日期二选一）"
    )
    months: int | None = Field(
        None, ge=0, le=11, title="另加月数", description="满整年后另外工作了几个月（0-11）"
    )
    days: int | None = Field(
        None, ge=0, le=30, title="另加天数", description="满整月后另外工作了几天（0-30）"
    )
    start_date: dt.date | None = Field(None, title="入职日期", description="在本单位开始上班（用工）的日期")
    end_date: dt.date | None = Field(
        None, title="离职日期", description="最后工作日，即劳动合同解除或终止之日"
    )
    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="月工资", description="劳动合同解除或终止前12个月的平均月工资（元）"
    )
    previous_monthly_wage: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        title="调整前月工资",
        description="离职前12个月内工资调整过的，调整之前的月工资（元）；这时月工资填调整后的",
    )
    months_at_current_wage: int | None = Field(
        None,
        ge=0,
        le=600,
        title="调整后月数",
        description="离职前按调整后的月工资发了几个月（与调整前月工资一起填）",
    )
    region: Literal["全国", "广东省", "揭阳市"] | None = Field(
        None, title="地区", description="用人单位所在地区"
    )
    local_average_monthly_wage: float | None = Field(
        None,
        gt=0,
        le=100_000,
        title="当地月平均工资",
        description="当地政府公布的上年度职工月平均工资（元），用于高收入封顶",
    )

    _past = field_validator("start_date", "end_date")(not_in_future)

    @model_validator(mode="after")
    def _one_way_to_give_service(self):
        by_count = any(v is not None for v in (self.years, self.months, self.days))
        by_dates = self.start_date is not None or self.end_date is not None
        if by_count and by_dates:
            raise ValueError(
                "工作时间请只填一种：工作年数/月数/天数（years、months、days），或入职日期和离职日期（start_date、end_date）"
            )
        if by_dates and (self.start_date is None or self.end_date is None):
            raise ValueError("按日期计算时，入职日期（start_date）和离职日期（end_date）都要填")
        if by_dates and self.end_date < self.start_date:
            raise ValueError("离职日期（end_date）不能早于入职日期（start_date）")
        if by_count and not any((self.years, self.months, self.days)):
            raise ValueError("工作时间（years、months、days）不能都为0")
        if (self.previous_monthly_wage is None) != (self.months_at_current_wage is None):
            raise ValueError(
                "工资调整过的，调整前月工资（previous_monthly_wage）和调整后月数（months_at_current_wage）要一起填"
            )
        span = self.service()
        if self.months_at_current_wage is not None and span is not None:
            if self.months_at_current_wage > _months_worked(span):
                raise ValueError("调整后月数（months_at_current_wage）不能多于在本单位的工作时间")
        return self

    def service(self) -> Span | None:
        if self.start_date and self.end_date:
            return service_span(self.start_date, self.end_date)
        if any(v is not None for v in (self.years, self.months, self.days)):
            return Span(self.years or 0, self.months or 0, self.days or 0)
        return None


def _months_worked(span: Span) -> int:
    """The months a service length touches: whole months, and a leftover of days as one more."""
    return span.total_months + (1 if span.days else 0)


def average_wage(data: SeveranceInput, span: Span) -> tuple[Decimal, str] | None:
    """The average monthly wage of the last 12 months (or of the months worked, when fewer) when the wage
    changed within them, and how it was formed; None when no change is given or it lies before that window."""
    if data.previous_monthly_wage is None or data.monthly_wage is None or data.months_at_current_wage is None:
        return None
    window = min(12, max(_months_worked(span), 1))
    now = min(data.months_at_current_wage, window)
    if now >= window:
        return None
    before, after = dec(data.previous_monthly_wage), dec(data.monthly_wage)
    average = (before * (window - now) + after * now) / window
    told = "离职前12个月" if window == 12 else f"工作的{window}个月"
    parts = [f"{window - now}个月×{show(before)}元"] + ([f"{now}个月×{show(after)}元"] if now else [])
    reason = f"{told}内工资有调整，取平均：（{'＋'.join(parts)}）÷{window}＝{show(average)}元"
    return average, reason  # kept exact: 4466.67 shown, but 1.5 months of it is 6700


def severance_months(span: Span) -> tuple[Decimal, str]:
    """Months of wage owed for a service length, and the reason for the part-year (第四十七条第一款)."""
    rest = f"{span.months}个月{span.days}天" if span.days else f"{span.months}个月"
    if span.months >= 6:
        return Decimal(
            span.years + 1
        ), f"满{span.years}年计{span.years}个月，剩余{rest}属6个月以上不满一年，按一年计1个月"
    if span.months or span.days:
        return dec(span.years) + Decimal(
            "0.5"
        ), f"满{span.years}年计{span.years}个月，剩余{rest}不满6个月，支付半个月"
    return Decimal(span.years), f"满{span.years}年，计{span.years}个月"


def _compute(data: SeveranceInput, ctx: Context, double: bool) -> Calculation:
    label = "赔偿金" if double else "经济补偿"
    factor = 2 if double else 1
    steps: list[Step] = []
    notes: list[str] = []
    span = data.service()
    if span is None:
        return Calculation(
            name="illegal_termination" if double else "severance",
            formula=f"{label}＝工作年限折算月数（每满一年1个月，6个月以上不满一年按一年，不满6个月按半个月）×月工资"
            + ("×2" if double else ""),
            steps=(Step("按在本单位的工作年限折算月数，再乘以月工资", FORMULA, ART_47_1),),
            asks=("请问您在这家单位工作了多久（几年几个月）？",),
            missing=("years",),
            inputs=data.model_dump(exclude_none=True, mode="json"),
        )
    months, reason = severance_months(span)
    steps.append(Step(f"工作年限{span.text()}：{reason}，共{show(months)}个月", FORMULA, ART_47_1))

    wage = dec(data.monthly_wage) if data.monthly_wage is not None else None
    changed = average_wage(data, span)
    if changed is not None:
        wage = changed[0]
        steps.append(Step(f"月工资按解除或终止前12个月的平均工资计，{changed[1]}", BASE, ART_47_3))
    elif data.months_at_current_wage is not None and wage is not None:
        steps.append(
            Step(
                f"工资调整已满{data.months_at_current_wage}个月，离职前12个月都按调整后的{show(wage)}元计",
                BASE,
                ART_47_3,
            )
        )
    average = data.local_average_monthly_wage
    if average is None:
        figure = find_figure(ctx.figures, data.region, "average_monthly_wage", ctx.today)
        average = figure.value if figure else None
    base = wage
    if wage is not None and average is not None and wage > CAP_TIMES * dec(average):
        base = CAP_TIMES * dec(average)
        capped = min(months, Decimal(CAP_YEARS))
        steps.append(
            Step(
                f"月工资{show(wage)}元高于当地上年度职工月平均工资{show(average)}元的三倍，"
                f"按三倍即{show(base)}元计算，年限最多12年：计{show(capped)}个月",
                CAP,
                ART_47_2,
            )
        )
        months = capped
    elif wage is not None and average is None:
        notes.append(
            "月工资高于当地上年度职工月平均工资三倍的，按三倍计算且最多计12年；当地平均工资以政府公布为准。"
        )

    total_months = months * factor
    if double:
        steps.append(
            Step(
                f"违法解除或终止的，按经济补偿标准的二倍支付赔偿金：{show(months)}×2＝{show(total_months)}个月，"
                "年限自用工之日起计算",
                DOUBLE,
                ART_87,
            )
        )
        notes.append("支付赔偿金的，不再另付经济补偿；也可以不要赔偿金，要求单位继续履行劳动合同。")
    asks: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    amount = None
    if base is None:
        formula = f"{label}＝{show(total_months)}个月×月工资（解除或终止前12个月平均工资）"
        asks = ("请问您离职前12个月的平均月工资是多少元？",)
        missing = ("monthly_wage",)
    else:
        amount = money(total_months * base)
        formula = f"{label}＝{show(total_months)}个月×{show(base)}元＝{show(amount)}元"
        steps.append(
            Step(
                f"月工资按解除或终止前12个月的平均应得工资计（含提成、奖金、津贴和补贴，不只是底薪）：{formula}",
                BASE,
                ART_47_3,
            )
        )
    return Calculation(
        name="illegal_termination" if double else "severance",
        formula=formula,
        steps=tuple(steps),
        months=float(total_months),
        amount=amount,
        notes=tuple(notes),
        asks=asks,
        missing=missing,
        inputs=data.model_dump(exclude_none=True, mode="json"),
    )


def compute_severance(data: SeveranceInput, ctx: Context) -> Calculation:
    """经济补偿 N: months by service length × monthly wage, capped for high earners when the average is known."""
    return _compute(data, ctx, double=False)


def compute_illegal_termination(data: SeveranceInput, ctx: Context) -> Calculation:
    """违法解除赔偿金 2N: twice the severance standard, service counted from the first day of work."""
    return _compute(data, ctx, double=True)
