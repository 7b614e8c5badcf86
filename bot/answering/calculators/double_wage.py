"""未签书面劳动合同的二倍工资: 《劳动合同法》第八十二条; 实施条例第六、七条; 法释〔2025〕12号第六至九条."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, not_in_future, show
from .durations import add_months, span_between

DOUBLE = "contract-no-contract-double-wage"
OPEN_ENDED = "contract-no-contract-one-year-open-ended"
DAILY = "wage-daily-wage-2175"
CITES = (DOUBLE, OPEN_ENDED, DAILY)

ART_82 = "《劳动合同法》第八十二条第一款；《劳动合同法实施条例》第六条、第七条"
ART_OPEN = "《劳动合同法》第十四条第三款；《劳动合同法实施条例》第七条；法释〔2025〕12号第九条"
ART_PART = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（二）》（法释〔2025〕12号）第六条"
ART_DAILY = "《关于职工全年月平均工作时间和工资折算问题的通知》（人社部发〔2025〕2号）"
MAX_MONTHS = 11  # from the day after the first month to the day before the first full year
PAY_DAYS = Decimal("21.75")  # 月计薪天数, 人社部发〔2025〕2号


class DoubleWageInput(CalculatorInput):
    """How long the worker went without a written contract (in months, or by dates) and the monthly wage."""

    months_without_contract: int | None = Field(
        None,
        ge=0,
        le=600,
        title="未签合同月数",
        description="从开始上班起，一直没有签书面劳动合同的月数（与日期二选一）",
    )
    start_date: dt.date | None = Field(None, title="入职日期", description="开始上班（用工）的日期")
    contract_date: dt.date | None = Field(
        None, title="补签合同日期", description="补签书面劳动合同的日期；没签过就不填"
    )
    end_date: dt.date | None = Field(
        None, title="离职日期", description="没签合同就离职的，填最后工作日；仍在职不填（算到今天）"
    )
    part_month_working_days: int | None = Field(
        None, ge=0, le=31, title="零头实际工作日", description="不满一个月的那段时间里实际上班的天数"
    )
    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="月工资", description="每月正常工资（元）"
    )

    _past = field_validator("start_date", "contract_date", "end_date")(not_in_future)

    @model_validator(mode="after")
    def _consistent(self):
        by_dates = any((self.start_date, self.contract_date, self.end_date))
        if self.months_without_contract is not None and by_dates:
            raise ValueError(
                "未签合同时间请只填一种：未签合同月数（months_without_contract），或入职日期等日期"
            )
        if by_dates and self.start_date is None:
            raise ValueError("按日期计算时要填入职日期（start_date）")
        for name, later in (("contract_date", self.contract_date), ("end_date", self.end_date)):
            if later is not None and later < self.start_date:
                raise ValueError(f"{name} 不能早于入职日期（start_date）")
        return self


def compute(data: DoubleWageInput, ctx: Context) -> Calculation:
    """Extra wage for each month without a written contract, from the second month, at most 11 months."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    steps = [Step("用工满一个月的次日起至补订书面合同的前一日，单位每月应另付一倍工资", DOUBLE, ART_82)]
    notes = [
        "单位能证明因不可抗力或您本人故意、重大过失而未签合同的，不支付二倍工资（法释〔2025〕12号第七条）。"
    ]
    asks: list[str] = []
    part_days = 0
    if data.months_without_contract is not None:
        worked = data.months_without_contract
        months = min(max(worked - 1, 0), MAX_MONTHS)
        steps.append(
            Step(f"未签合同{worked}个月，减去用工后的第一个月，计{max(worked - 1, 0)}个月", DOUBLE, ART_82)
        )
        over_a_year = worked >= 12
    elif data.start_date is not None:
        first = add_months(data.start_date, 1)
        year_end = add_months(data.start_date, 12)
        stop = min(
            d
            for d in (
                data.contract_date,
                data.end_date + dt.timedelta(days=1) if data.end_date else None,
                ctx.today + dt.timedelta(days=1),
                year_end,
            )
            if d is not None
        )
        # Whole months since the first day, less the first month (the month allowed for signing).
        span = span_between(data.start_date, stop)
        months = max(span.total_months - 1, 0)
        part_days = span.days if span.total_months >= 1 else 0
        has_period = span.total_months >= 1 and (months or part_days)
        last = stop - dt.timedelta(days=1)
        period = f"{first.isoformat()}至{last.isoformat()}" if has_period else "无"
        steps.append(
            Step(
                f"{data.start_date.isoformat()}开始上班，二倍工资期间为{period}，其中满{months}个月",
                DOUBLE,
                ART_82,
            )
        )
        over_a_year = stop == year_end
    else:
        return Calculation(
            name="double_wage",
            formula="二倍工资差额＝（未签合同月数－1，最多11个月）×月工资",
            steps=tuple(steps),
            notes=tuple(notes),
            asks=("请问您开始上班后多久没签书面劳动合同（几个月），或哪天入职？",),
            missing=("months_without_contract",),
            inputs=inputs,
        )
    if over_a_year or months >= MAX_MONTHS:
        steps.append(
            Step(
                "最多计11个月；用工满一年仍未签的，视为已订立无固定期限劳动合同，此后不再计二倍工资",
                OPEN_ENDED,
                ART_OPEN,
            )
        )
        months = min(months, MAX_MONTHS)
    if over_a_year:
        notes.append("满一年后可以要求单位补签书面的无固定期限劳动合同。")

    wage = dec(data.monthly_wage) if data.monthly_wage is not None else None
    extra_days = Decimal(0)
    if part_days:
        steps.append(Step(f"另有{part_days}天不满一个月，按该月实际工作日计算", DOUBLE, ART_PART))
        if data.part_month_working_days is None:
            asks.append(f"那{part_days}天里您实际上班几天？")
            notes.append(f"这个金额只算了整月，另外{part_days}天按实际工作日另计。")
        else:
            extra_days = Decimal(data.part_month_working_days)
            steps.append(Step(f"日工资＝月工资÷21.75，零头按{extra_days}个工作日计", DAILY, ART_DAILY))
    if wage is None:
        asks.insert(0, "请问您每月正常工资是多少元？")
        return Calculation(
            name="double_wage",
            formula=f"二倍工资差额＝{months}个月×月工资" + ("＋月工资÷21.75×零头工作日" if part_days else ""),
            steps=tuple(steps),
            months=float(months),
            notes=tuple(notes),
            asks=tuple(asks),
            missing=("monthly_wage",),
            inputs=inputs,
        )
    whole = months * wage
    part = wage / PAY_DAYS * extra_days
    amount = money(whole + part)
    if extra_days:
        formula = f"二倍工资差额＝{months}个月×{show(wage)}元＋{show(wage)}元÷21.75×{extra_days}天＝{show(amount)}元"
    else:
        formula = f"二倍工资差额＝{months}个月×{show(wage)}元＝{show(amount)}元"
    steps.append(Step(formula, DOUBLE, ART_82))
    return Calculation(
        name="double_wage",
        formula=formula,
        steps=tuple(steps),
        months=float(months),
        amount=amount,
        notes=tuple(notes),
        asks=tuple(asks),
        inputs=inputs,
    )
