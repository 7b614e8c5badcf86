"""未签书面劳动合同的二倍工资: 《劳动合同法》第八十二条; 实施条例第六、七条; 法释〔2025〕12号第六至九条."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from .base import PAY_DAYS, Calculation, CalculatorInput, Context, Step, dec, money, not_in_future, show
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

    previous_monthly_wage: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        title="调整前月工资",
        description="期间工资调整过的，调整之前的月工资（元）；这时月工资填调整后的",
    )
    months_at_previous_wage: int | None = Field(
        None,
        ge=0,
        le=600,
        title="调整前月数",
        description="从开始上班起按调整前工资发了几个月（与工资调整日期二选一）",
    )
    wage_change_date: dt.date | None = Field(
        None, title="工资调整日期", description="按调整后工资计发的第一天（按日期计算时填）"
    )

    _past = field_validator("start_date", "contract_date", "end_date", "wage_change_date")(not_in_future)

    @model_validator(mode="after")
    def _consistent(self):
        by_dates = any((self.start_date, self.contract_date, self.end_date))
        if self.months_without_contract is not None and by_dates:
            raise ValueError(
                "未签合同时间请只填一种：未签合同月数（months_without_contract），或入职日期等日期"
            )
        if by_dates and self.start_date is None:
            raise ValueError("按日期计算时要填入职日期（start_date）")
        if self.wage_change_date is not None and self.start_date is None:
            raise ValueError("按工资调整日期计算时要填入职日期（start_date）")
        for name, later in (
            ("contract_date", self.contract_date),
            ("end_date", self.end_date),
            ("wage_change_date", self.wage_change_date),
        ):
            if later is not None and later < self.start_date:
                raise ValueError(f"{name} 不能早于入职日期（start_date）")
        when = (self.months_at_previous_wage, self.wage_change_date)
        if self.previous_monthly_wage is not None and all(w is None for w in when):
            raise ValueError(
                "填了调整前月工资（previous_monthly_wage），还要填调整前月数（months_at_previous_wage）"
                "或工资调整日期（wage_change_date）"
            )
        if self.previous_monthly_wage is None and any(w is not None for w in when):
            raise ValueError("填了工资调整时间，还要填调整前月工资（previous_monthly_wage）")
        if all(w is not None for w in when):
            raise ValueError(
                "工资调整时间请只填一种：调整前月数（months_at_previous_wage）或工资调整日期（wage_change_date）"
            )
        return self

    def months_before_change(self) -> int | None:
        """How many months from the start were paid at the earlier wage (a month takes the wage of its first day)."""
        if self.wage_change_date is None:
            return self.months_at_previous_wage
        whole = span_between(self.start_date, self.wage_change_date)
        return whole.total_months + (1 if whole.days else 0)


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
    earlier, before = _split(data, months)
    part_wage = wage
    if earlier:
        previous = dec(data.previous_monthly_wage)
        later = months - earlier
        steps.append(
            Step(
                f"工资从第{data.months_before_change() + 1}个月起由{show(previous)}元调整为{show(wage)}元："
                f"二倍工资期间的{months}个月中，{earlier}个月按{show(previous)}元，{later}个月按{show(wage)}元",
                DOUBLE,
                ART_82,
            )
        )
        whole = earlier * previous + later * wage
        shown = f"{earlier}个月×{show(previous)}元" + (f"＋{later}个月×{show(wage)}元" if later else "")
    else:
        whole = months * wage
        shown = f"{months}个月×{show(wage)}元"
    if before is not None and months + 2 <= before:
        part_wage = dec(data.previous_monthly_wage)  # the part month still at the earlier wage
    part = part_wage / PAY_DAYS * extra_days
    amount = money(whole + part)
    if extra_days:
        formula = f"二倍工资差额＝{shown}＋{show(part_wage)}元÷21.75×{extra_days}天＝{show(amount)}元"
    else:
        formula = f"二倍工资差额＝{shown}＝{show(amount)}元"
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


def _split(data: DoubleWageInput, months: int) -> tuple[int, int | None]:
    """Of the double-wage months (the 2nd month of work onwards), how many were at the earlier wage, and the months
    from the start paid at it (None when the wage did not change)."""
    before = data.months_before_change()
    if before is None or data.previous_monthly_wage is None:
        return 0, None
    # the double-wage months are months 2..months+1 of the work; month i (from 1) is at the earlier wage if i <= before
    return max(0, min(months, before - 1)), before
