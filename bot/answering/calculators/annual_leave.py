"""带薪年休假: 5/10/15 days by cumulative years (条例第三条), pro-rated in the year of joining or leaving."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from .base import PAY_DAYS, Calculation, CalculatorInput, Context, Step, dec, money, not_in_future, show

DAYS = "leave-annual-days"
JOINER = "leave-annual-new-joiner"
LEAVER = "leave-annual-on-leaving"
UNPAID = "leave-annual-unpaid-300"
DAILY = "wage-daily-wage-2175"
CITES = (DAYS, JOINER, LEAVER, UNPAID, DAILY)

ART_3 = "《职工带薪年休假条例》第二条、第三条第一款"
ART_JOIN = "《企业职工带薪年休假实施办法》第五条"
ART_LEAVE = "《企业职工带薪年休假实施办法》第十二条"
ART_PAY = "《职工带薪年休假条例》第五条第三款；《企业职工带薪年休假实施办法》第十条"
ART_DAILY = "《关于职工全年月平均工作时间和工资折算问题的通知》（人社部发〔2025〕2号）"
YEAR_DAYS = 365  # the 实施办法 divides by 365 days in every year, leap years included
EXTRA_SHARE = 2  # 300% of the daily wage, of which 100% is the normal pay already received


def full_year_days(years_worked: float) -> int:
    """Statutory days for a whole year: 已满1年不满10年 5, 已满10年不满20年 10, 已满20年 15."""
    if years_worked >= 20:
        return 15
    if years_worked >= 10:
        return 10
    if years_worked >= 1:
        return 5
    return 0


class AnnualLeaveInput(CalculatorInput):
    """Cumulative years worked; optionally the dates of joining or leaving this year, days taken and wage."""

    years_worked: float | None = Field(
        None,
        ge=0,
        le=60,
        title="累计工作年限",
        description="参加工作以来累计工作了几年（在以前单位的工龄也算）",
    )
    join_date: dt.date | None = Field(
        None, title="入职日期", description="进入本单位的日期（入职当年按剩余天数折算）"
    )
    leave_date: dt.date | None = Field(None, title="离职日期", description="离职当年按已过天数折算")
    entitled_days: int | None = Field(
        None,
        ge=1,
        le=30,
        title="全年年休假天数",
        description="不知道累计工作年限时，按职工所说的全年年休假天数计算（法定为5、10或15天）",
    )
    taken_days: int | None = Field(
        None, ge=0, le=366, title="当年已休天数", description="当年已经休过的年休假天数"
    )
    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="月工资", description="月工资（元），用于计算未休年假的工资报酬"
    )

    _past = field_validator("join_date", "leave_date")(not_in_future)

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.join_date and self.leave_date and self.leave_date < self.join_date:
            raise ValueError("离职日期（leave_date）不能早于入职日期（join_date）")
        return self


def compute(data: AnnualLeaveInput, ctx: Context) -> Calculation:
    """Days of paid annual leave for the year, and the extra pay for untaken days when a wage is given."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    if data.years_worked is None and data.entitled_days is None:
        return Calculation(
            name="annual_leave",
            formula="年休假：累计工作已满1年不满10年5天，已满10年不满20年10天，已满20年15天",
            steps=(Step("年休假天数按累计工作时间确定", DAYS, ART_3),),
            asks=("请问您参加工作以来累计工作了几年？",),
            missing=("years_worked",),
            inputs=inputs,
        )
    if data.years_worked is None:
        base = data.entitled_days
        steps = [Step(f"按您所说，全年年休假{base}天（法定为5、10或15天，按累计工作年限确定）", DAYS, ART_3)]
    else:
        base = full_year_days(data.years_worked)
        steps = [Step(f"累计工作{show(data.years_worked)}年，全年应休年休假{base}天", DAYS, ART_3)]
    if base == 0:
        return Calculation(
            name="annual_leave",
            formula=f"累计工作{show(data.years_worked)}年，不满1年，暂不享受年休假",
            steps=(Step("职工连续工作满12个月以上的，才享受带薪年休假", DAYS, ART_3),),
            days=0,
            inputs=inputs,
        )
    notes: list[str] = ["享受年休假须连续工作满12个月以上；国家法定休假日、休息日不计入年休假。"]
    days = base
    formula = f"年休假＝{base}天"
    if data.leave_date:
        year = data.leave_date.year
        start = max(dt.date(year, 1, 1), data.join_date or dt.date(year, 1, 1))
        elapsed = (data.leave_date - start).days + 1
        days = min(base, math.floor(Decimal(elapsed) / YEAR_DAYS * base))
        formula = f"离职当年应休天数＝{elapsed}÷365×{base}＝{show(Decimal(elapsed) / YEAR_DAYS * base)}，不足1整天不计，为{days}天"
        steps.append(Step(f"{year}年在本单位已过{elapsed}天：{formula}", LEAVER, ART_LEAVE))
    elif data.join_date:
        year_end = dt.date(data.join_date.year, 12, 31)
        remaining = (year_end - data.join_date).days + 1
        days = min(base, math.floor(Decimal(remaining) / YEAR_DAYS * base))
        formula = f"入职当年年休假＝{remaining}÷365×{base}＝{show(Decimal(remaining) / YEAR_DAYS * base)}，不足1整天不计，为{days}天"
        steps.append(Step(f"{data.join_date.year}年在本单位剩余{remaining}天：{formula}", JOINER, ART_JOIN))

    amount = None
    untaken = None
    if data.taken_days is not None or data.leave_date:
        untaken = max(days - (data.taken_days or 0), 0)
    if data.monthly_wage is not None and untaken is not None:
        daily = dec(data.monthly_wage) / PAY_DAYS
        amount = money(daily * EXTRA_SHARE * untaken)
        pay = f"未休{untaken}天×日工资（{show(data.monthly_wage)}÷21.75）×200%＝{show(amount)}元"
        steps.append(Step("日工资＝月工资÷21.75", DAILY, ART_DAILY))
        steps.append(
            Step(f"应休未休的年休假按日工资的300%支付（含正常工资），即另付200%：{pay}", UNPAID, ART_PAY)
        )
        formula += f"；{pay}"
        if not data.leave_date:
            notes.append(
                "这是单位当年没有安排休满时应另付的数额；单位安排了休假而您本人书面提出不休的，只付正常工资。"
            )
    elif untaken is not None and untaken != days:
        formula += f"，已休{data.taken_days}天，未休{untaken}天"
    return Calculation(
        name="annual_leave",
        formula=formula,
        steps=tuple(steps),
        days=days,
        amount=amount,
        notes=tuple(notes),
        inputs=inputs,
    )
