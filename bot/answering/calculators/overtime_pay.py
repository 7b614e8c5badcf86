"""加班费: 150% / 200% / 300% of the hourly wage (《劳动法》第四十四条), monthly wage ÷ 21.75 ÷ 8."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from .base import PAY_DAYS, Calculation, CalculatorInput, Context, Step, dec, money, show

DAILY = "wage-daily-wage-2175"
WORKDAY = "wage-overtime-workday"
RESTDAY = "wage-overtime-restday"
HOLIDAY = "wage-overtime-holiday"
LIMITS = "hours-overtime-limits"
CITES = (DAILY, WORKDAY, RESTDAY, HOLIDAY, LIMITS)

ART_DAILY = "《关于职工全年月平均工作时间和工资折算问题的通知》（人社部发〔2025〕2号）"
HOURS_A_DAY = 8
MONTHLY_LIMIT = 36  # 《劳动法》第四十一条
KINDS = (
    ("workday_hours", "工作日延长工作时间", Decimal("1.5"), "150%", WORKDAY, "《劳动法》第四十四条第(一)项"),
    ("restday_hours", "休息日加班且未补休", Decimal("2"), "200%", RESTDAY, "《劳动法》第四十四条第(二)项"),
    ("holiday_hours", "法定休假日加班", Decimal("3"), "300%", HOLIDAY, "《劳动法》第四十四条第(三)项"),
)

SHORT_LABELS = {
    "workday_hours": "工作日加班",
    "restday_hours": "休息日加班",
    "holiday_hours": "法定节假日加班",
}


class OvertimeInput(CalculatorInput):
    """The monthly wage and one month's overtime hours by kind of day."""

    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="月工资", description="正常工作时间的月工资（元）"
    )
    daily_wage: float | None = Field(
        None,
        gt=0,
        le=50_000,
        title="日工资",
        description="按日计薪的，正常工作一天的工资（元）；不填月工资时用它计算",
    )
    workday_hours: float | None = Field(
        None, ge=0, le=300, title="工作日加班小时", description="本月在工作日下班后加班的小时数"
    )
    restday_hours: float | None = Field(
        None, ge=0, le=300, title="休息日加班小时", description="本月休息日加班、且没有安排补休的小时数"
    )
    holiday_hours: float | None = Field(
        None,
        ge=0,
        le=300,
        title="法定节假日加班小时",
        description="本月法定休假日（如国庆10月1日至3日）加班的小时数",
    )

    @model_validator(mode="after")
    def _one_wage(self):
        if self.monthly_wage is not None and self.daily_wage is not None:
            raise ValueError("月工资（monthly_wage）和日工资（daily_wage）只填一个")
        return self

    @model_validator(mode="after")
    def _some_hours(self):
        given = [getattr(self, name) for name, *_ in KINDS if getattr(self, name) is not None]
        if given and not any(given):
            raise ValueError("加班小时数（workday_hours、restday_hours、holiday_hours）不能都为0")
        return self


def compute(data: OvertimeInput, ctx: Context) -> Calculation:
    """Overtime pay for one month; flags a month over the 36-hour limit."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    formula = "加班费＝月工资÷21.75÷8×（工作日小时×150%＋休息日未补休小时×200%＋法定节假日小时×300%）"
    hours = {name: getattr(data, name) for name, *_ in KINDS}
    if data.daily_wage is not None:
        # paid by the day (一日二百蚊): the day's pay is the daily wage, the month's is 21.75 of them
        data = data.model_copy(update={"monthly_wage": float(dec(data.daily_wage) * PAY_DAYS)})
    if data.monthly_wage is not None and all(h is None for h in hours.values()):
        return _hourly_rates(data, formula, inputs)
    if all(h is None for h in hours.values()) or data.monthly_wage is None:
        missing, asks = [], []
        if data.monthly_wage is None:
            missing.append("monthly_wage")
            asks.append("请问您正常工作时间的月工资是多少元？")
        if all(h is None for h in hours.values()):
            missing.append("workday_hours")
            asks.append("这个月工作日、休息日、法定节假日各加班多少小时？")
        return Calculation(
            name="overtime_pay",
            formula=formula,
            steps=(Step("日工资＝月工资÷21.75，小时工资＝日工资÷8", DAILY, ART_DAILY),),
            asks=tuple(asks),
            missing=tuple(missing),
            inputs=inputs,
        )
    wage = dec(data.monthly_wage)
    daily = dec(data.daily_wage) if data.daily_wage is not None else wage / PAY_DAYS
    hourly = daily / HOURS_A_DAY
    basis = (
        f"日工资＝{show(wage)}÷21.75≈{show(daily)}元" if data.daily_wage is None else f"日工资{show(daily)}元"
    )
    steps = [Step(f"{basis}，小时工资＝日工资÷8≈{show(hourly)}元", DAILY, ART_DAILY)]
    parts, amounts = [], []
    total = Decimal(0)
    total_hours = Decimal(0)
    for name, label, rate, percent, snippet, article in KINDS:
        if not hours[name]:
            continue
        h = dec(hours[name])
        pay = Decimal(str(money(hourly * h * rate)))
        total += pay
        total_hours += h
        parts.append(f"{show(h)}小时×{percent}")
        amounts.append(f"{SHORT_LABELS[name]}{show(pay)}元")
        steps.append(Step(f"{label}{show(h)}小时×小时工资×{percent}≈{show(pay)}元", snippet, article))
    notes = []
    if total_hours > MONTHLY_LIMIT:
        steps.append(
            Step(
                f"本月加班合计{show(total_hours)}小时，超过每月不得超过36小时的上限",
                LIMITS,
                "《劳动法》第四十一条",
            )
        )
        notes.append(f"本月加班{show(total_hours)}小时，超过法定每月36小时上限，可向劳动保障监察机构反映。")
    amount = money(total)
    return Calculation(
        name="overtime_pay",
        formula=(f"加班费＝{show(wage)}÷21.75÷8" if data.daily_wage is None else f"加班费＝{show(daily)}÷8")
        + f"×（{'＋'.join(parts)}）≈{show(amount)}元"
        + (f"（其中{'，'.join(amounts)}）" if len(amounts) > 1 else "")
        # what one hour pays, which workers check against what they were given (按每小时10块给)
        + f"；工作日加班每小时≥{show(money(hourly * KINDS[0][2]))}元"
        # rest days worked without a count (每个礼拜六都要上班): what one such day pays
        + ("" if hours["restday_hours"] else f"，休息日加班一天≥{show(money(daily * 2))}元")
        # public holidays worked: what one such day pays, which workers check against what they were given
        # (国庆七天都上班，只是每天多给50块)
        + (f"，法定节假日加班一天≥{show(money(daily * 3))}元" if hours["holiday_hours"] else ""),
        steps=tuple(steps),
        amount=amount,
        notes=tuple(notes),
        inputs=inputs,
    )


def _hourly_rates(data: OvertimeInput, formula: str, inputs: dict) -> Calculation:
    """The wage without the hours: what one hour of overtime pays at least on each kind of day."""
    wage = dec(data.monthly_wage)
    hourly = wage / PAY_DAYS / HOURS_A_DAY
    # paid by the day: the hour is the day's pay over 8 hours, no month to divide
    by_day = data.daily_wage is not None
    per_hour = f"日工资{show(dec(data.daily_wage))}÷8" if by_day else f"{show(wage)}÷21.75÷8"
    rates = "，".join(
        f"{SHORT_LABELS[name]}{percent}≈{show(money(hourly * rate))}元"
        for name, _, rate, percent, *_ in KINDS
    )
    steps = [Step(f"小时工资＝{per_hour}≈{show(hourly)}元", DAILY, ART_DAILY)]
    steps += [
        Step(f"{label}每小时不低于小时工资的{percent}", snippet, article)
        for _, label, _, percent, snippet, article in KINDS
    ]
    daily = wage / PAY_DAYS
    by_day_pay = f"休息日加班一天≈{show(money(daily * 2))}元，法定节假日加班一天≈{show(money(daily * 3))}元"
    return Calculation(
        name="overtime_pay",
        formula=f"每小时加班费：小时工资{'＝' if by_day else ''}{per_hour}≈{show(money(hourly))}元，{rates}；按天算：{by_day_pay}",
        steps=tuple(steps),
        headline=f"每小时{show(money(hourly * KINDS[0][2]))}元起",
        asks=("这个月工作日、休息日、法定节假日各加班多少小时？",),
        missing=("workday_hours",),
        inputs=inputs,
    )
